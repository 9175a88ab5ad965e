"""Reads the byline the page shows: marked-up bylines, text that starts like one, author
classes, links to a writer's page, a date followed by a name, a name signing the text.

It gives the names in the first such element (cleaned by names.py). It does not weigh
them against the structured sources, nor drop organisations or the site's own name:
authors.py does.
"""
from __future__ import annotations

import collections
import itertools
import re
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from selectolax.lexbor import LexborNode

from newsparse.dates import MONTHS
from newsparse.dom import ancestors
from newsparse.metadata.names import (
    BYLINE_PREFIX,
    BYLINE_WORDS,
    DATE_LEAD_WORDS,
    DESK_LABEL,
    MAX_NAME_CHARS,
    ROLE_WORDS,
    Name,
    is_date_word,
    looks_like_handle,
    looks_like_visible_name,
    split_author_names,
)
from newsparse.metadata.page import (
    MAX_BYLINE_CHARS,
    TEXT_NODE_SEPARATOR,
    Page,
    absolute_url,
    body_text,
    clean_text,
    in_excluded_region,
    once_per_page,
)
from newsparse.rules import LazyPattern

# ----------------------------------------------------------------------------- constants

# The elements that usually carry a visible byline are found by page.py's PAGE_SURVEY;
# _byline_ranks there sorts them, strongest first: [itemprop=author], a[rel~=author] (rel
# compares case-insensitively in HTML), then "byline" in the class or id.
# The looser author/writer class names ("author", "autor", "auteur"; "autore" is in "autor")
# and author ids, read only when nothing stronger names anyone. Each substring selector costs
# a pass over every element's attributes, so the query asks for "aut" and AUTHOR_CLASS keeps
# the elements that have one of the words ("auto" classes are few).
AUTHOR_CLASS_ELEMENTS = "[class*=aut i], [id*=author i], [class*=writer i]"
AUTHOR_CLASS = LazyPattern(r"author|autor|auteur|writer", re.IGNORECASE)
# ...but not the author of a picture: "img-author", "photo-autor", "image_author" credit photos.
IMAGE_AUTHOR_CLASS = LazyPattern(r"(?:img|image|photo|foto|picture|bild)[-_]?(?:author|autor|auteur)", re.IGNORECASE)
# Elements that hold a byline written as plain text ("<p><i>von Daniela Obers</i></p>"), or
# its label in a list or table of credits ("<dt>Auteur</dt><dd>...</dd>").
PREFIXED_BYLINE_TAGS = frozenset({"p", "span", "em", "i", "small", "address", "strong", "b", "div", "li", "td",
                                  "a", "h4", "h5", "h6", "font", "dt", "th"})
# Headings that hold a byline only when it says so in words ("<h3>Written by Jana Roth</h3>"
# over an author box); a bare "By" opens section titles ("By the numbers").
BYLINE_HEADING_TAGS = frozenset({"h2", "h3"})
WRITTEN_BY = LazyPattern(r"^(?:written|posted|reported|geschrieben|verfasst|écrit|rédigé|escrito|scritto)\s+"
                         r"(?:by|von|par|por|da)\s", re.IGNORECASE)
# What is trimmed from an element's own text before looking for a byline word.
BYLINE_EDGES = " \t\n\r\xa0-–—|·•"
# Pages with more short texts starting like a byline than this are read element by element.
MAX_PREFIXED_CANDIDATES = 25
# Elements whose text is never a byline, whatever their class says: the page's headline (an
# h1 classed or id'd "author" titles an author's archive or a section, not the article's
# writer), and elements without visible text.
NEVER_BYLINE_TAGS = frozenset({"meta", "link", "script", "style", "body", "html", "img", "h1"})
# What a <br> inside a byline becomes before the byline is split into names (a NAME_SEPARATOR).
LINE_BREAK_SEPARATOR = "|"
# Quotations: a name marked as an author inside one is who is quoted.
QUOTATION_TAGS = frozenset({"blockquote", "q"})

# Microdata items whose author is a login the writer posts under: a forum posting, a question.
POSTING_ITEM_TYPE = LazyPattern(r"/(?:DiscussionForumPosting|SocialMediaPosting|Question)$", re.IGNORECASE)
# Microdata items that reply to the page's post: their authors are not its writer.
REPLY_ITEM_TYPE = LazyPattern(r"/(?:Comment|Answer)$", re.IGNORECASE)
# Markup that names the author outright: hCard's formatted name, rel=author links.
AUTHOR_MARK = ".vcard .fn, a[rel~=author]"
# Inline styles that hide an element, and how far up a byline's ancestors they are looked for.
HIDDEN_STYLE = LazyPattern(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
HIDDEN_ANCESTOR_LEVELS = 4
# A login name as blogs print it in such markup: one word, letters first.
LOGIN_NAME = LazyPattern(r"^[^\W\d_][\w.-]{1,30}$")
# ...unless it is the site's administrator account ("wordpressadmin", "webmaster2").
ADMIN_LOGIN = LazyPattern(r"admin|webmaster", re.IGNORECASE)
# BYLINE_WORDS at the start of a short text node in the body's text (text nodes joined by
# TEXT_NODE_SEPARATOR), after the spaces and dashes BYLINE_EDGES trims: the page's candidates
# for a plain-text byline, found in one regex pass instead of reading every element's own
# text. A byline's own text is at most MAX_NAME_CHARS long, so a text node in it is too
# (80 leaves room for trailing dashes). The first letter, then the length are checked before
# the words: trying every alternative on every text node is slow, and the letter, one
# character, turns away half the text nodes before the length scan reads up to 80 (a
# sixth less time for the pass).
# Plain greedy repeats, not possessive ones (Python 3.10's re has none): the separator class
# cannot match \x00 and [^\x00]{0,80} cannot cross it, so backtracking never finds a match
# that the possessive forms would miss.
BYLINE_AT_TEXT_START = LazyPattern(
    r"\x00[\s\-–—|·•]*(?=[abcdegoprstvwéа])(?=[^\x00]{0,80}(?:\x00|\Z))"
    rf"(?={BYLINE_WORDS}|{DESK_LABEL})", re.IGNORECASE)
# A short text node that starts with a date and ends with a name: "11.12.2019 - Amelie
# Loevenich", "04.02.2022 | 13:10 Uhr | Uta Helkenberg", "12. März 2020 | Von Max Mustermann".
# Group "month" is checked against dates.MONTHS, group "name" by _date_led_name. Found in one
# pass over the body's text nodes (see TEXT_NODE_SEPARATOR), like BYLINE_AT_TEXT_START.
_SEP = r"[^\S\x00]*[|\-–—·•,/][^\S\x00]*"
DATE_LED_BYLINE = LazyPattern(
    r"\x00[^\S\x00]*\d"
    r"(?:\d?\.\s?\d{1,2}\.\s?\d{2,4}|\d{3}-\d{2}-\d{2}|\d?/\d{1,2}/\d{2,4}|"
    r"\d?\.?\s(?P<month>[^\W\d_]{3,10})\.?\s\d{4})"
    rf"(?:{_SEP}\d{{1,2}}[:.]\d{{2}}(?:\s*(?i:uhr|h|[ap]\.?m\.?))?)?"
    rf"{_SEP}(?P<name>[^\x00|]{{3,{MAX_NAME_CHARS}}}?)[^\S\x00]*(?=\x00|\Z)")
# Links to a writer's page: selected by a cheap substring, then AUTHOR_PAGE_PATH checks that
# the segment is the whole word ("/autoren/", not "/automobil/").
AUTHOR_PAGE_LINKS = 'a[href*="/aut" i], a[href*="/staff/" i], a[href*="/redakt" i]'
AUTHOR_PAGE_PATH = LazyPattern(
    r"/(?:authors?|autor(?:en|es|i|e)?|auteurs?|staff|redakt(?:eur|eure|eurin|ion))/[^/]+/?$",
    re.IGNORECASE)
# A paragraph that ends its container after another paragraph: where a text is signed.
SIGN_OFF_PARAGRAPHS = "p + p:last-child"
# What a signature is set in when it is a line of its own.
EMPHASIS_TAGS = "b, strong, i, em"
# Words of the bold labels that also close a text, over a list of links or contacts ("Weitere
# Informationen", "Related Links", "Plus d'infos"): capitalised like a name, but no name.
CLOSING_LABEL_WORDS = frozenset("""
weitere weiterführende mehr informationen infos links kontakt kontakte quelle quellen hinweis
hinweise downloads literatur fazit more further related information info sources contact contacts
resources references reading notes plus liens más información enlaces fuentes contatti
approfondimenti
""".split())
# The text a signed paragraph closes is at least this long: an article, not a box or comment.
MIN_SIGNED_TEXT_CHARS = 800
# More lines like that on a page are a list of teasers, each naming its own writer.
MAX_DATE_LED_BYLINES = 2
MAX_DATE_LED_LINES_READ = 10  # each costs a selection over the tree
LIST_ITEM_LEVELS = 4  # a line inside <li><small>..</small></li> is 2-3 levels below its list
# Microdata items a byline's name may belong to: the person's own item, or an item given
# as the author. A name inside any other item (a breadcrumb's ListItem, the publisher's
# Organization) names that.
AUTHOR_ITEM_PROPS = frozenset({"author", "creator", "contributor"})
# A byline word, one login, then a date ("Submitted by jdoe on 24 July", "Gespeichert von
# kiwi42 am 3. Mai 2017"): the line CMSs print under a post. Matched after BYLINE_PREFIX
# (one pattern holding both would compile its word list twice: 1 ms at start-up).
LOGIN_THEN_DATE = LazyPattern(rf"\S+\s+(?:(?:{'|'.join(sorted(DATE_LEAD_WORDS))})\s+)?\d", re.IGNORECASE)


# ----------------------------------------------------------------------------- where a page prints its byline


@once_per_page
def visible_bylines(page: Page) -> list[Name]:
    """Names from the first byline-like element outside comments, sidebars and related lists.

    Marked-up bylines come first, then text that starts like a byline ("By", "Von",
    "Par" ...), then the looser author/writer class names, then links to an author's page;
    last, lines that give a date and a name, and a name signing the text at its end.
    """
    for nodes in page.survey.bylines:
        names = _first_names(page, nodes)
        if names:
            return names
    names = _first_names(page, _prefixed_byline_nodes(page))
    if names:
        return names
    names = _first_names(page, (node for node in page.tree.css(AUTHOR_CLASS_ELEMENTS) if _is_author_classed(node)))
    return names or _author_page_link(page) or _date_led_byline(page) or _signed_at_the_end(page)


def _is_author_classed(node: LexborNode) -> bool:
    attrs = node.attributes
    class_name, element_id = attrs.get("class") or "", attrs.get("id") or ""
    return ((bool(AUTHOR_CLASS.search(class_name)) or "author" in element_id.lower())
            and not IMAGE_AUTHOR_CLASS.search(class_name + " " + element_id))


def _date_led_byline(page: Page) -> list[Name]:
    """The name after a date on a short line of its own ("11.12.2019 - Amelie Loevenich"):
    sites without byline markup print the date and the writer together under the headline.
    Lines in sidebars and other excluded regions, and lists holding several such lines
    (a "latest news" box), do not count; more than a few left are teasers too."""
    tags = ", ".join(sorted(PREFIXED_BYLINE_TAGS))
    lines: list[tuple[str | None, int | None]] = []  # (the name a line gives, the list it is in)
    matches = (m for m in DATE_LED_BYLINE.finditer(body_text(page))
               if not m.group("month") or m.group("month").lower().rstrip(".") in MONTHS)
    for match in itertools.islice(matches, MAX_DATE_LED_LINES_READ):
        after_date = match.group("name").strip()
        holder = page.tree.css_first(f':is({tags}):lexbor-contains("{_css_string(after_date)}")')
        if holder is None:
            lines.append((None, None))
        elif not in_excluded_region(holder, page):
            lines.append((_date_led_name(after_date), _enclosing_list(holder)))
    per_list = collections.Counter(in_list for _, in_list in lines if in_list is not None)
    lines = [line for line in lines if line[1] is None or per_list[line[1]] < 2]
    if len(lines) > MAX_DATE_LED_BYLINES:
        return []
    return next(([Name(name)] for name, _ in lines if name), [])


def _author_page_link(page: Page) -> list[Name]:
    """The name on a link to the writer's page on the same site ("/autoren/jana-roth"), for
    themes that mark the byline up with nothing else. Links to other sites are references;
    a link inside a running sentence mentions someone, a byline is a short line of its own."""
    site = urlsplit(page.base_url or "").netloc.lower()
    links = (node for node in page.tree.css(AUTHOR_PAGE_LINKS)
             if _is_author_page(node.attributes.get("href") or "", site)
             and node.parent is not None and len(clean_text(node.parent.text(deep=True))) <= MAX_BYLINE_CHARS)
    return _first_names(page, links)


def _is_author_page(href: str, site: str) -> bool:
    parts = urlsplit(href.strip())
    return (not parts.netloc or parts.netloc.lower() == site) and bool(AUTHOR_PAGE_PATH.search(parts.path))


def _signed_at_the_end(page: Page) -> list[Name]:
    """The writer's name alone as the last paragraph of the text ("<p><b>Jana Roth</b></p>",
    "<p>Jana Roth<br>Vorsitzende</p>"): many sites sign articles at the bottom instead of
    printing a byline. One such paragraph only: several are a thread's signatures."""
    signed: list[Name] = []
    for paragraph in page.tree.css(SIGN_OFF_PARAGRAPHS):
        name = _sign_off_name(paragraph, page)
        if name is not None:
            signed.append(Name(name))
    return signed if len(signed) == 1 else []


def _sign_off_name(paragraph: LexborNode, page: Page) -> str | None:
    text = paragraph.text(deep=True) if paragraph.css_first("br") is None else _text_with_line_breaks(paragraph)
    lines = [clean_text(line) for line in text.split(LINE_BREAK_SEPARATOR)]
    lines = [line for line in lines if line]
    if not 1 <= len(lines) <= 2 or len(" ".join(lines)) > MAX_NAME_CHARS or not _is_signature(lines[0]):
        return None
    if len(lines) == 1 and not _all_emphasised(paragraph):
        # A plain two-word line is as often a closing phrase ("Weitere Termine": German
        # capitalises nouns); a signature stands out in bold or italics, or over a role line.
        return None
    if paragraph.css_first("a") is not None or _in_quotation(paragraph) or in_excluded_region(paragraph, page):
        return None  # a link is a reference, a quotation's last line its source
    parent = paragraph.parent
    if parent is None or len(parent.text(deep=True)) < MIN_SIGNED_TEXT_CHARS:
        return None  # a short box's last line (a comment's greeting, a card), not an article's
    return lines[0]


def _all_emphasised(paragraph: LexborNode) -> bool:
    emphasis = paragraph.css_first(EMPHASIS_TAGS)
    return emphasis is not None and clean_text(emphasis.text(deep=True)) == clean_text(paragraph.text(deep=True))


def _is_signature(line: str) -> bool:
    """A name as people sign: two to four capitalised words of letters, not all shouted."""
    words = line.split()
    if not 2 <= len(words) <= 4 or all(w.isupper() for w in words):
        return False
    if not all(ch.isalpha() or ch in " .-'’" for ch in line):
        return False
    return looks_like_visible_name(line) and not any(
        is_date_word(w) or w.lower() in ROLE_WORDS or w.lower() in CLOSING_LABEL_WORDS for w in words)


def _enclosing_list(node: LexborNode) -> int | None:
    """The mem_id of the list or table a node is an item of (looking a few levels up)."""
    ancestor: LexborNode | None = node
    for _ in range(LIST_ITEM_LEVELS):
        if ancestor is None:
            return None
        if ancestor.tag in ("ul", "ol", "table"):
            return ancestor.mem_id
        ancestor = ancestor.parent
    return None


def _date_led_name(text: str) -> str | None:
    """The name in what follows a date, if it is one: two to four capitalised words of
    letters, not shouted ("PAID CONTENT") and not a label ("Quelle:")."""
    names = split_author_names(text)
    if len(names) != 1 or not looks_like_visible_name(names[0]):
        return None
    words = names[0].split()
    if not 2 <= len(words) <= 4 or any(len(w) > 1 and w.isupper() for w in words) or ":" in text:
        return None
    if not all(ch.isalpha() or ch in " .-'’" for ch in names[0]):
        return None  # "Gemeinde/ Stadt": a category path, not a name
    return names[0]


def _first_names(page: Page, nodes: Iterable[LexborNode]) -> list[Name]:
    """The names in the first node that gives any; a login outside author markup (a CMS's
    "Submitted by jdoe" line) only when no later node gives a printed name."""
    logins: list[Name] = []
    for node in nodes:
        if node.tag in NEVER_BYLINE_TAGS:
            continue
        names = _names_in_node(node, page)
        if names and not all(looks_like_handle(n.name) and not n.marked for n in names):
            return names
        logins = logins or names
    return logins


def _prefixed_byline_nodes(page: Page) -> Iterator[LexborNode]:
    """Elements whose own text starts with a byline word; a bare "By" stands for its parent."""
    for node in _byline_word_holders(page):
        own = (node.text(deep=False) or "").strip(BYLINE_EDGES)
        if node.tag not in PREFIXED_BYLINE_TAGS and not (node.tag in BYLINE_HEADING_TAGS and WRITTEN_BY.match(own)):
            continue
        if not own or len(own) > MAX_NAME_CHARS or not BYLINE_PREFIX.match(own):
            continue
        if BYLINE_PREFIX.sub("", own, count=1).strip(" :") or node.text(deep=True).strip() != own:
            yield node
        else:
            # A bare label: the name is in the next element ("<dt>Auteur</dt><dd>...</dd>") or
            # beside the label in its parent ("<span>By</span> <a>...</a>").
            following = node.next
            while following is not None and following.tag == "-text" and not (following.text_content or "").strip():
                following = following.next
            if following is not None and following.tag != "-text":
                yield following
            if node.parent is not None:
                yield node.parent


def _byline_word_holders(page: Page) -> list[LexborNode]:
    """The elements with a text node that starts with a byline word and is short enough for
    a byline, in document order: located by their texts, found first in the body's text."""
    text = body_text(page)
    needles: list[str] = []
    for match in BYLINE_AT_TEXT_START.finditer(text):
        end = text.find(TEXT_NODE_SEPARATOR, match.end())
        needle = text[match.end():end if end >= 0 else len(text)].split("\n", 1)[0].rstrip(BYLINE_EDGES)
        if len(needle) <= MAX_NAME_CHARS and needle not in needles:
            needles.append(needle)
    if not needles:
        return []
    tags = ", ".join(sorted(PREFIXED_BYLINE_TAGS | BYLINE_HEADING_TAGS))
    if len(needles) > MAX_PREFIXED_CANDIDATES:
        return page.tree.css(tags)
    # One selector, each element listed once and its tag tested once, not once per needle.
    contains = ", ".join(f':lexbor-contains("{_css_string(needle)}")' for needle in needles)
    return page.tree.css(f":is({tags}):is({contains})")


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


# ----------------------------------------------------------------------------- the names in one byline element


def _names_in_node(node: LexborNode, page: Page) -> list[Name]:
    if _authors_a_reply(node):
        return []
    name_node = next((n for n in node.css("[itemprop=name]") if not _names_another_item(n, node)), None)
    if name_node is not None:
        text = name_node.attributes.get("content") or name_node.text(deep=True, separator=" ")
    elif node.css_first("br") is not None:
        text = _text_with_line_breaks(node)
    else:
        text = node.text(deep=True, separator=" ")
        text = _links_apart(node, text) or text
    text = clean_text(text)
    if not text or len(text) > MAX_BYLINE_CHARS or in_excluded_region(node, page) or _in_quotation(node):
        return []
    # hCard's "fn" and rel=author say "this is the author's name" outright: a blog's
    # lower-case login ("tlow", "uriebe") printed there is the byline the page gives.
    # Unless hidden: themes copy the CMS account into an invisible hCard for search engines.
    marked = (_is_author_mark(node) or node.css_first(AUTHOR_MARK) is not None) and not is_hidden(node)
    # "Submitted by jdoe on 24 July 2017": the CMS line naming the account that posted, which
    # is the byline such a site gives; a login stands there as it would in an hCard.
    prefix = BYLINE_PREFIX.match(text)
    posted_by = prefix is not None and LOGIN_THEN_DATE.match(text, prefix.end()) is not None
    names = [n for n in split_author_names(text)
             if looks_like_visible_name(n)
             or ((marked or (posted_by and _printed_apart(n, node)))
                 and LOGIN_NAME.match(n) and not ADMIN_LOGIN.search(n))]
    if not names and prefix is not None:
        linked = _link_after_prefix(node, text[prefix.end():])
        names = [n for n in split_author_names(linked) if looks_like_visible_name(n)] if linked else []
    if len(names) > 1:
        # Each name its own link's address, when the names are the links' texts.
        hrefs = {clean_text(link.text(deep=True, separator=" ")): link.attributes.get("href")
                 for link in node.css("a[href]")}
        return [Name(n, absolute_url(hrefs.get(n), page.base_url), marked=marked) for n in names]
    url = None
    if names:
        link = node if node.tag == "a" else node.css_first("a[href]")
        if link is not None:
            url = absolute_url(link.attributes.get("href"), page.base_url)
    return [Name(n, url, marked=marked) for n in names]


def _link_after_prefix(node: LexborNode, after_prefix: str) -> str | None:
    """The text of the link right after a byline word ("By <a>A. J. Neal</a> <a>View in
    digital edition</a>"): the writer's name, when what follows it in the line is no name."""
    link = node.css_first("a")
    if link is None or link.mem_id == node.mem_id:
        return None
    linked = clean_text(link.text(deep=True, separator=" "))
    return linked if linked and after_prefix.startswith(linked) and linked != after_prefix else None


def _names_another_item(name_node: LexborNode, byline: LexborNode) -> bool:
    """Whether an [itemprop=name] inside a byline element is the name of some other
    microdata item than the writer ("von <a>Redaktion</a> in Rubrik: <li itemscope
    itemtype=.../ListItem><span itemprop=name>Hyundai</span>")."""
    if name_node.mem_id == byline.mem_id:
        return False
    ancestor = name_node.parent
    while ancestor is not None and ancestor.mem_id != byline.mem_id:
        attrs = ancestor.attributes
        if "itemscope" in attrs:
            return not ("person" in (attrs.get("itemtype") or "").lower()
                        or (attrs.get("itemprop") or "").lower() in AUTHOR_ITEM_PROPS)
        ancestor = ancestor.parent
    return False


def _printed_apart(login: str, node: LexborNode) -> bool:
    """Whether the login is an element's whole text within the byline ("von <span>kiwi42</span>
    am ..."): the account name the CMS fills in, not a word of the sentence ("von oben am")."""
    return any(element.text(deep=True).strip() == login for element in node.traverse() if element is not node)


def _links_apart(node: LexborNode, text: str) -> str | None:
    """A byline (`text`) made of nothing but links, one per writer, with nothing between
    them ("<div><a>Mateusz Gniazdowski</a></div><div><a>Martyna Wasiuta</a></div>"): their
    texts with a name separator between, as the text alone would glue the names."""
    if node.tag == "a":
        return None
    links = [clean_text(link.text(deep=True, separator=" ")) for link in node.css("a")]
    if len(links) < 2 or not all(links) or " ".join(links) != clean_text(text):
        return None
    return f" {LINE_BREAK_SEPARATOR} ".join(links)


def _text_with_line_breaks(node: LexborNode) -> str:
    """The node's text with each <br> as a name separator: a byline's next line is a role, a
    place or another name ("Von A und B<br>Lodwar"), never the end of the last name."""
    parts = []
    for descendant in node.traverse(include_text=True):
        if descendant.tag == "-text":
            parts.append(descendant.text_content or "")
        elif descendant.tag == "br":
            parts.append(LINE_BREAK_SEPARATOR)
    return " ".join(parts)


def _in_quotation(node: LexborNode) -> bool:
    """Inside a blockquote or q: an author named there is the quotation's source (a pull quote's
    "quote-author", an embedded post's signature), not who wrote the article."""
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html"):
        if current.tag in QUOTATION_TAGS:
            return True
        current = current.parent
    return False


def is_hidden(node: LexborNode) -> bool:
    """Whether the node or one of its nearest ancestors is hidden by an inline style or
    the hidden attribute (stylesheets are not read)."""
    current: LexborNode | None = node
    for _ in range(HIDDEN_ANCESTOR_LEVELS):
        if current is None:
            break
        attrs = current.attributes
        if "hidden" in attrs or HIDDEN_STYLE.search(attrs.get("style") or ""):
            return True
        current = current.parent
    return False


def _is_author_mark(node: LexborNode) -> bool:
    classes = (node.attributes.get("class") or "").split()
    return ("fn" in classes or "author" in (node.attributes.get("rel") or "").split()
            or _is_author_item(node))


def _authors_a_reply(node: LexborNode) -> bool:
    """Whether the node is given as the author (itemprop=author) of a Comment or an Answer
    item: a reply's writer, not the writer of the page's post."""
    if "author" not in (node.attributes.get("itemprop") or "").lower().split():
        return False
    item = _enclosing_item(node)
    return item is not None and bool(REPLY_ITEM_TYPE.search(item.attributes.get("itemtype") or ""))


def _enclosing_item(node: LexborNode) -> LexborNode | None:
    """The microdata item a property belongs to: the nearest itemscope above the node."""
    return next((item for item in ancestors(node) if "itemscope" in item.attributes), None)


def _is_author_item(node: LexborNode) -> bool:
    """A microdata Person given as the author of a forum posting or a question ("<div
    itemprop=author itemscope itemtype=.../Person>" inside the DiscussionForumPosting): the
    login the writer posts under, named as outright as an hCard names a blog's writer. On
    other items, a login there is as often the CMS account that saved the post."""
    attrs = node.attributes
    if not ("itemscope" in attrs and "author" in (attrs.get("itemprop") or "").lower().split()
            and "person" in (attrs.get("itemtype") or "").lower()):
        return False
    item = _enclosing_item(node)
    return item is not None and bool(POSTING_ITEM_TYPE.search(item.attributes.get("itemtype") or ""))
