"""Where a date element stands, for published.py: in the article's own places, or among
its neighbours, where the page's other dates are (a list of other stories, the site's
banner with the day's date, the sidebars and comments page.py's in_excluded_region knows).
"""
from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

from newsparse.dates import parse_date
from newsparse.dom import ancestors
from newsparse.metadata.page import Page, clean_text, container_ids, in_excluded_region
from newsparse.rules import LazyPattern

__all__ = ["elsewhere_than_the_article", "in_list_of_other_items", "in_other_stories"]

# A date in one of at least this many alike items (same tag and class, each short and
# holding a link and a date), up to this many levels above it, belongs to a list of other
# stories, not to the article.
MIN_LIST_ITEMS = 3
LIST_ITEM_LEVELS = 4
MAX_LIST_ITEM_CHARS = 250
# Class/id words of boxes of other stories.
OTHER_STORIES_HINT = LazyPattern(r"related|teaser|recommend|recent|more-(?:stories|news|articles)|read-?more",
                                 re.IGNORECASE)
# Class/id words of the site's banner, above any article: where papers print today's date.
SITE_BANNER_HINT = LazyPattern(r"masthead|top-?bar|site-?header", re.IGNORECASE)


def elsewhere_than_the_article(node: LexborNode, page: Page, day_first: bool | None) -> bool:
    """Whether a date element lies where the article's own date never is: a sidebar, a
    related list, comments, a footer (in_excluded_region), one item of a list of other
    stories, or the site's banner (where papers print today's date)."""
    return in_excluded_region(node, page) or _in_site_banner(node, page) \
        or in_list_of_other_items(node, page, day_first)


def in_other_stories(node: LexborNode, page: Page, day_first: bool | None) -> bool:
    """Whether a date element lies among other stories: one item of a list of them, or
    inside an element named for them (related, teaser, recommended, recent, read more).
    Narrower than elsewhere_than_the_article, for the text right under the headline, where
    the article's own date line often sits in an element named for sharing or an aside."""
    for ancestor in ancestors(node):
        if ancestor.tag in ("body", "html"):
            break
        if OTHER_STORIES_HINT.search(_class_and_id(ancestor)):
            return True
    return in_list_of_other_items(node, page, day_first)


def in_list_of_other_items(node: LexborNode, page: Page, day_first: bool | None) -> bool:
    """Whether the node lies in one item of a run of alike items (the same tag and class),
    each short and holding a link and a date: the cards of a "more from" block or an
    archive list, whatever their container is called. An item holding the headline is the
    article's own. Forum posts run alike too, but are rarely all this short."""
    key = "list item of " + str(node.mem_id)
    if key in page.answers:
        return page.answers[key]
    answer = False
    current = node
    for _ in range(LIST_ITEM_LEVELS):
        parent = current.parent
        if parent is None or parent.tag in ("body", "html") or current.css_first("h1") is not None:
            break
        kind = current.attributes.get("class")
        alike = [sibling for sibling in parent.iter()
                 if sibling.tag == current.tag and sibling.attributes.get("class") == kind]
        if len(alike) >= MIN_LIST_ITEMS and all(_is_dated_teaser(item, day_first)
                                                for item in alike[:MIN_LIST_ITEMS * 2]):
            answer = True
            break
        current = parent
    page.answers[key] = answer
    return answer


def _is_dated_teaser(item: LexborNode, day_first: bool | None) -> bool:
    """Whether a list item is another story's card: short, with a link and a date."""
    text = item.text(deep=True, separator=" ")
    if len(text) > MAX_LIST_ITEM_CHARS * 2:
        return False
    text = clean_text(text)
    return len(text) <= MAX_LIST_ITEM_CHARS and item.css_first("a[href]") is not None \
        and parse_date(text, day_first=day_first) is not None


def _in_site_banner(node: LexborNode, page: Page) -> bool:
    """Whether the node lies in the site's banner: a <header> or role=banner (or an element
    named masthead or top bar) outside the article's containers and without a headline,
    where papers print the day's date and a ticker. A post's own header outside any
    article container holds its title (an h2 where the h1 is the blog's name)."""
    containers = container_ids(page)
    banner = None
    for ancestor in ancestors(node):
        if ancestor.mem_id in containers:
            return False
        if banner is None and (ancestor.tag == "header" or ancestor.attributes.get("role") == "banner"
                               or SITE_BANNER_HINT.search(_class_and_id(ancestor))):
            banner = ancestor
    return banner is not None and banner.css_first("h1, h2") is None


def _class_and_id(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
