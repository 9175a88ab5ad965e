"""The page, read once: the bottom layer of metadata extraction.

`read_page` walks the parsed tree once (`_survey`) and gathers what the fallback chains
read: the meta tags, the JSON-LD (parsed leniently, flattened, @id links kept), the
links, h1s, <time>s, byline elements and article containers. Beside it are the helpers
that more than one chain needs: the page's text in its forms, the <title> and the
headline's nodes, the names the site goes by, the excluded-region test, text cleaning.

It decides no field: the finders (title.py, authors.py, published.py, site.py) do. It
imports none of them, and what two finders share belongs here.
"""
from __future__ import annotations

import functools
import html
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, TypeVar
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from newsparse.dom import ancestors
from newsparse.rules import LazyPattern
from newsparse.sanitize import safe_url

# ----------------------------------------------------------------------------- constants

# schema.org types whose properties describe the article itself.
ARTICLE_TYPE = LazyPattern(r"(?:article|posting|^report|^review|^recipe)$")
# Page-level types: a fallback when no Article-like object exists.
PAGE_TYPE = re.compile(r"page$")
# The site itself: its name is a good site_name source.
WEBSITE_TYPE = re.compile(r"^website$")

# What browsers and tools wrap around JSON-LD that makes it invalid JSON.
JSON_LD_WRAPPERS = LazyPattern(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[|/\*\s*<!\[CDATA\[\s*\*/)|"
                              r"(?://\s*)?(?:-->|\]\]>|/\*\s*\]\]>\s*\*/)\s*$")
# A comma before a closing bracket: the most common hand-written JSON-LD error.
TRAILING_COMMA = LazyPattern(r",\s*([}\]])")

# Title separators between headline and site name: " | ", " - ", " — ", " :: ", " » ", " › ".
# From the start of a run of spaces only (see names.NAME_SEPARATOR): linear on long runs.
TITLE_SEPARATOR = re.compile(r"(?<!\s)(?:\s+[|\-–—~·•»«›‹/:]{1,2}\s+|\s*[|·•»]\s*)")
# Where the headline is on pages that have no h1: microdata, or old-style big type.
HEADLINE_WITHOUT_H1 = "[itemprop=headline], font[size='5'], font[size='6'], font[size='7'], font[size='+2'], font[size='+3']"

# Ancestors whose class/id/tag mark regions that never hold the article's own
# byline or date: comments, sidebars, related/recommended lists, footers, navigation.
EXCLUDED_REGION = re.compile(
    r"(?:^|[\s_-])(?:comments?|commentlist|disqus|repl(?:y|ies)|respond|sidebar|side-bar|aside|"
    r"related|recommend\w*|popular|trending|most-read|mostread|more-(?:stories|news|articles)|"
    r"read-more|teaser\w*|footer|nav|navbar|navigation|menu|newsletter|promo|"
    r"outbrain|taboola|share|social|breadcrumbs?)(?:$|[\s_-])",
    re.IGNORECASE,
)
EXCLUDED_TAGS = frozenset({"aside", "footer", "nav", "form"})
# A footer named like this belongs to the post and holds its byline, not the site's links.
ARTICLE_FOOTER_HINT = LazyPattern(r"post|entry|article|author|byline|meta", re.IGNORECASE)
# Reader comments: never the article's byline or date, however long the thread.
COMMENT_REGION = LazyPattern(r"(?:^|[\s_-])(?:comments?|commentlist|disqus|repl(?:y|ies)|respond)(?:$|[\s_-])",
                            re.IGNORECASE)
# An "excluded" region holding more than this share of the page's text is the
# page layout itself (a "with-sidebar" wrapper), not a sidebar.
LAYOUT_WRAPPER_SHARE = 0.5
# Main-content containers: their headings, times and bylines belong to the article.
ARTICLE_SCOPE = "article, main, [role=main], [itemtype*=Article i], [itemtype*=BlogPosting i]"

# What _survey reads in one walk over the tree (every css() call is a walk over the whole
# tree, so the page's simple questions share one): the declarations (JSON-LD scripts, meta
# tags, links, <base>), the scripts and styles the visible text leaves out, h1s, <time>s,
# microdata dates, the strong byline elements and the article's containers. The body
# element marks where the body's scripts begin.
# Schema.org's date properties, in RDFa as CMSs print them beside a visible date ("<span
# property="schema:dateCreated" content="2022-01-28T12:45:46+00:00">") or in microdata
# (a question's "<time itemprop="dateCreated">" on a Q&A page): the date_props list each
# goes in. A creation date stands for the publication's, as in JSON-LD; in document order,
# the question's comes before its answers' datePublished.
RDFA_DATE_PROPERTIES = {"datePublished": "datePublished", "dateCreated": "datePublished",
                        "dateModified": "dateModified"}
# All three names end in "ed": one suffix test in the survey costs less than three
# (the survey then keeps only the names above).
RDFA_DATES = "[property$=ed]"
# Microdata is asked for as [itemprop] and [itemtype] rather than by value: two plain
# attribute tests cost less in the walk than five value tests (the survey reads the values
# itself), 0.05 ms a page.
# OpenGraph's paywall flag (access.py reads it), as property= or name=.
CONTENT_TIER = "article:content_tier"
PAGE_SURVEY = (f"script, style, template, meta, link, base, body, h1, time, [itemprop], [itemtype], "
               f"{RDFA_DATES}, a[rel~=author], [class*=byline i], [id*=byline i], article, main, [role=main]")
# Visible bylines are short; longer text is a bio box or a teaser.
MAX_BYLINE_CHARS = 160
# Names with more words than this are sentences, not names.
MAX_NAME_WORDS = 6

# What body_text puts before each of the body's text nodes: bylines.py and published.py
# find short lines in that text by it.
TEXT_NODE_SEPARATOR = "\x00"  # never in a text node: the parser replaces NUL
# Explanations in brackets after a name: "Eberhard Fuhr (Pressesprecher)".
PARENTHETICAL = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# What str.split() splits at, and what it keeps (see clean_text_start).
WHITESPACE = re.compile(r"\s")
NON_WHITESPACE = re.compile(r"\S")
# "Veröffentlicht am 16.08.2019", "Erschienen am: 01.11.2023", "Published on 3 May 2021",
# "Publié le 12 mars 2020": a label that says the date after it is the publication's.
# The words are looked for with str.find in the lower-cased text (a regex alternation
# tried at every position of a long page costs more than the rest of the date chain);
# PUBLISHED_LABEL then reads the label and the words between it and the date.
PUBLISHED_LABEL_WORDS = ("veröffentlicht", "erschienen", "erstellt", "publiziert", "published", "posted",
                         "publié", "mis en ligne", "mise en ligne", "publicado", "pubblicato", "gepubliceerd", "geplaatst",
                         "julkaistu", "opublikowano", "publicerad", "publiceret", "publisert", "опубликовано")

# A link to a site's home page: "/", "https://example.org", "//example.org/index.html", also
# as a Web archive rewrites it ("https://web.archive.org/web/20080731095558/http://example.org/").
HOME_LINK = LazyPattern(r"^(?:.*/web/\d{14}[a-z_]*/)?(?:(?:https?:)?//[^/?#]+)?/?(?:index\.\w{3,4})?$",
                       re.IGNORECASE)

# "dc:title", "dcterms:creator", "DC.Title": one spelling for Dublin Core keys.
DUBLIN_CORE_PREFIX = LazyPattern(r"^(dc|dcterms?)[:.]")
# Meta keys, strongest first: lower-cased name/property/itemprop, as _read_meta keys them.
SITE_NAME_META = ("og:site_name", "application-name", "apple-mobile-web-app-title")


# ----------------------------------------------------------------------------- the page, read once


@dataclass(eq=False)  # never compared: no __eq__ to build at import
class _Survey:
    """The elements PAGE_SURVEY finds, sorted by what they are, each list in document order."""

    json_ld: list[LexborNode] = field(default_factory=list)  # script[type*=ld+json i]
    # The attributes of metas and links, read here once (node.attributes copies them all).
    metas: list[dict[str, str | None]] = field(default_factory=list)
    declared_urls: list[dict[str, str | None]] = field(default_factory=list)  # link[rel=canonical], og:url metas
    links: list[dict[str, str | None]] = field(default_factory=list)
    base: LexborNode | None = None  # the first base[href]
    body_scripts: list[LexborNode] = field(default_factory=list)  # body script, style, template
    h1s: list[LexborNode] = field(default_factory=list)
    times: list[LexborNode] = field(default_factory=list)
    date_props: dict[str, list[LexborNode]] = field(
        default_factory=lambda: {"datePublished": [], "dateModified": []})
    bylines: tuple[list[LexborNode], ...] = field(default_factory=lambda: ([], [], []))  # by _byline_ranks
    containers: list[LexborNode] = field(default_factory=list)  # ARTICLE_SCOPE
    # For pagetype.py, read in the same walk: the itemtype values inside the body, and
    # the content of the first meta[property="og:type"] in the head.
    item_types: list[str] = field(default_factory=list)
    og_type: str | None = None


@dataclass(eq=False)
class Page:
    """Everything metadata reads from the tree, gathered in one pass per kind."""

    tree: LexborHTMLParser
    survey: _Survey
    meta: dict[str, list[str]]
    article: dict[str, Any] | None  # the JSON-LD object describing the article
    web_page: dict[str, Any] | None
    web_site: dict[str, Any] | None
    json_ids: dict[str, dict[str, Any]]
    json_objects: list[dict[str, Any]]
    json_values: list[Any]  # each JSON-LD script's value, as parsed
    base_url: str | None
    page_url: str | None
    saved_day: str | None = None  # YYYY-MM-DD the copy was made, when the caller knows it
    body_text_length: int | None = None  # computed on first need
    body_text: str | None = None  # the body's text nodes, each after a newline; on first need
    unfolded_visible_text: str | None = None  # body text without scripts, as printed; on first need
    visible_text: str | None = None  # the same, whitespace collapsed and casefolded; on first need
    # Answers already worked out for this page: several fallback chains ask the same
    # questions (the headline's date, the visible byline, whether a node is in a sidebar).
    answers: dict[Any, Any] = field(default_factory=dict)
    excluded: dict[int, bool] = field(default_factory=dict)  # node mem_id -> in excluded region
    # node mem_id -> its class and id, and what EXCLUDED_REGION/COMMENT_REGION make of them
    region_hints: dict[int, tuple[str, bool, str | None]] = field(default_factory=dict)
    layout_wrappers: dict[int, bool] = field(default_factory=dict)  # node mem_id -> is one
    # authors.py's _author_sources as read so far (each a source and its names), and what
    # reads the rest
    author_sources: list[tuple[str, list[Any]]] = field(default_factory=list)
    author_source_reader: Iterator[tuple[str, list[Any]]] | None = None


_Finder = TypeVar("_Finder", bound=Callable[..., Any])


def once_per_page(finder: _Finder) -> _Finder:
    """Work a page-level answer out once: the title, author and date chains share sources
    (the date after the headline, say, is read for the published date and again for the
    site's UTC offset). The arguments after the page must be hashable."""
    @functools.wraps(finder)
    def remembered(page: Page, *args: Any, **kwargs: Any) -> Any:
        # Keyed by the function itself: a name is unique within its module only.
        key = (finder, args, tuple(sorted(kwargs.items())) if kwargs else ())
        if key not in page.answers:
            page.answers[key] = finder(page, *args, **kwargs)
        return page.answers[key]
    return remembered  # type: ignore[return-value]


# Per-string caches keep the strings they are given: one longer than this (a <title> or an
# author meta of megabytes, as a hostile page may hold) is worked out each time instead of
# kept. Titles and bylines run to a few hundred characters.
MAX_CACHED_STRING_CHARS = 1000

_StringFunction = TypeVar("_StringFunction", bound=Callable[[str], Any])


def cached_for_short_strings(maxsize: int) -> Callable[[_StringFunction], _StringFunction]:
    """functools.lru_cache for a pure function of one string, for strings up to
    MAX_CACHED_STRING_CHARS long."""
    def decorate(function: _StringFunction) -> _StringFunction:
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def answer(text: str) -> Any:
            return cached(text) if len(text) <= MAX_CACHED_STRING_CHARS else function(text)
        return answer  # type: ignore[return-value]
    return decorate


# ----------------------------------------------------------------------------- gathering


def read_page(tree: LexborHTMLParser, page_url: str | None) -> Page:
    survey = _survey(tree)
    values = [value for script in survey.json_ld for value in _parse_json_ld(script.text(deep=True))]
    objects: list[dict[str, Any]] = []
    for value in values:
        _flatten_json_ld(value, objects)
    json_ids = {obj["@id"]: obj for obj in objects if isinstance(obj.get("@id"), str)}
    page_url = page_url or _self_declared_url(survey.declared_urls)
    base_href = base_href_of(survey)
    base_url = urljoin(page_url or "", base_href) if base_href else page_url
    if base_url and not _is_web_url(base_url):
        base_url = page_url
    return Page(
        tree=tree,
        survey=survey,
        meta=_read_meta(survey.metas),
        article=_first_of_type(objects, ARTICLE_TYPE),
        web_page=_first_of_type(objects, PAGE_TYPE),
        web_site=_first_of_type(objects, WEBSITE_TYPE),
        json_ids=json_ids,
        json_objects=objects,
        json_values=values,
        base_url=base_url,
        page_url=page_url,
    )


def _survey(tree: LexborHTMLParser) -> _Survey:
    found = _Survey()
    in_body = False
    previous = None
    for node in tree.css(PAGE_SURVEY):
        node_id = node.mem_id
        if node_id == previous:  # listed once per selector it matches
            continue
        previous = node_id
        tag = node.tag
        attrs = node.attributes
        if tag in ("script", "style", "template", "meta", "link"):
            if tag == "meta":
                found.metas.append(attrs)
                if attrs.get("property") == "og:url":
                    found.declared_urls.append(attrs)
                elif attrs.get("property") == "og:type" and found.og_type is None and not in_body:
                    found.og_type = attrs.get("content") or ""
            elif tag == "link":
                found.links.append(attrs)
                if (attrs.get("rel") or "").lower() == "canonical":  # rel compares case-insensitively
                    found.declared_urls.append(attrs)
            else:
                if in_body:
                    found.body_scripts.append(node)
                if tag == "script" and "ld+json" in (attrs.get("type") or "").lower():
                    found.json_ld.append(node)
            if tag != "template" and "role" not in attrs and "itemtype" not in attrs:
                # Bylines and dates are never read from these elements: only a container
                # could still be one.
                continue
        elif tag == "base":
            if found.base is None and "href" in attrs:
                found.base = node
        elif tag == "body":
            in_body = True
        elif tag == "h1":
            found.h1s.append(node)
        elif tag == "time":
            found.times.append(node)
        date_prop = RDFA_DATE_PROPERTIES.get(attrs.get("itemprop") or "") or _rdfa_date_prop(attrs.get("property"))
        if date_prop in found.date_props:
            found.date_props[date_prop].append(node)
        for rank in _byline_ranks(attrs, tag):
            found.bylines[rank].append(node)
        if _is_article_container(node, attrs):
            found.containers.append(node)
        if in_body and "itemtype" in attrs:
            found.item_types.append(attrs["itemtype"] or "")
    return found


def base_href_of(survey: _Survey) -> str:
    base = survey.base
    return (base.attributes.get("href") or "").strip() if base else ""


def content_tier_of(survey: _Survey) -> str | None:
    """The content of the first meta[property="article:content_tier"] or
    meta[name="article:content_tier"] (both compared case-sensitively, as Lexbor does)."""
    for attrs in survey.metas:
        if attrs.get("property") == CONTENT_TIER or attrs.get("name") == CONTENT_TIER:
            return attrs.get("content")
    return None


def _rdfa_date_prop(value: str | None) -> str | None:
    """The date_props list an RDFa property goes in: "schema:dateCreated" -> "datePublished"."""
    if not value:
        return None
    return RDFA_DATE_PROPERTIES.get(value.rsplit(":", 1)[-1].rsplit("/", 1)[-1])


def _is_article_container(node: LexborNode, attrs: dict[str, str | None]) -> bool:
    """Whether the node matches ARTICLE_SCOPE."""
    if node.tag in ("article", "main") or attrs.get("role") == "main":
        return True
    itemtype = (attrs.get("itemtype") or "").lower()
    return "article" in itemtype or "blogposting" in itemtype


def _byline_ranks(attrs: dict[str, str | None], tag: str) -> list[int]:
    """Which kind of byline element an element is: 0 microdata author, 1 rel=author link,
    2 byline class or id."""
    ranks = []
    if attrs.get("itemprop") == "author":
        ranks.append(0)
    if tag == "a" and "author" in (attrs.get("rel") or "").lower().split():
        ranks.append(1)
    if "byline" in (attrs.get("class") or "").lower() or "byline" in (attrs.get("id") or "").lower():
        ranks.append(2)
    return ranks


def first_link(page: Page, rel: str) -> dict[str, str | None] | None:
    """The attributes of the first link[rel~=<rel> i][href]."""
    for attrs in page.survey.links:
        if "href" in attrs and rel in (attrs.get("rel") or "").lower().split():
            return attrs
    return None


def _self_declared_url(declarations: list[dict[str, str | None]]) -> str | None:
    """An absolute canonical or og:url, to resolve relative links when nothing else says
    where the page lives (a page saved without a saved-from comment)."""
    for attrs in declarations:
        value = (attrs.get("href") or attrs.get("content") or "").strip()
        if _is_web_url(value):
            return value
    return None


def _read_meta(metas: Iterable[dict[str, str | None]]) -> dict[str, list[str]]:
    """meta name/property/itemprop/http-equiv (lower case) -> contents, in document order,
    from the metas' attributes."""
    meta: dict[str, list[str]] = {}
    by_name: dict[str, list[str]] = {}  # name=/itemprop=/http-equiv= values, after property= ones
    for attrs in metas:
        content = attrs.get("content")
        if content is None:
            content = attrs.get("datetime")
        content = clean_text(content)
        if not content:
            continue
        for key_attr in ("property", "name", "itemprop", "http-equiv"):
            key = attrs.get(key_attr)
            if key:
                # property= is RDFa, the form OpenGraph and Dublin Core specify; when a page
                # gives a key both ways, the property= values are the ones meant.
                into = meta if key_attr == "property" else by_name
                for part in key.lower().split():
                    if part.startswith("dc"):
                        part = DUBLIN_CORE_PREFIX.sub(r"\1.", part)
                    into.setdefault(part, []).append(content)
    for key, values in by_name.items():
        meta.setdefault(key, values)
    return meta


# A number in metadata is a count or a timestamp: a millisecond timestamp has 13 digits.
# Longer integers are nonsense, and past 4,300 digits Python refuses to convert them.
MAX_JSON_INT_DIGITS = 30


def _bounded_int(text: str) -> int | None:
    return int(text) if len(text.lstrip("-")) <= MAX_JSON_INT_DIGITS else None


def _finite_float(text: str) -> float | None:
    """1e999 reads as infinity, which no date or count can be: such a value is lost."""
    value = float(text)
    return value if math.isfinite(value) else None


# NaN and Infinity are not JSON, but Python's reader accepts them: they become None,
# so a bad number loses its field and never the page (nothing downstream sees a float
# that int() refuses).
JSON_LD_DECODER = json.JSONDecoder(strict=False, parse_float=_finite_float, parse_int=_bounded_int,
                                   parse_constant=lambda _name: None)


def _parse_json_ld(text: str) -> list[Any]:
    """JSON-LD script text -> parsed values, tolerating what real pages get wrong."""
    text = text.strip()
    if "<!" in text or "-->" in text or "]]>" in text:  # the regex tries every position: ask first
        text = JSON_LD_WRAPPERS.sub("", text).strip()
    if not text:
        return []
    # The text as it is, then without trailing commas (rewritten only when needed).
    for fix_commas in (False, True):
        if fix_commas:
            text = TRAILING_COMMA.sub(r"\1", text)
        try:
            return [JSON_LD_DECODER.decode(text)]
        except RecursionError:
            return []  # nested past any real page's depth: not metadata
        except ValueError:
            pass
    # Several objects concatenated in one script: decode them one after another
    # (trailing commas already removed).
    decoder = JSON_LD_DECODER
    values: list[Any] = []
    position = 0
    while position < len(text):
        while position < len(text) and text[position] in " \t\r\n,;":
            position += 1
        if position >= len(text):
            break
        try:
            value, position = decoder.raw_decode(text, position)
        except (ValueError, RecursionError):
            break
        values.append(value)
    return values


def _flatten_json_ld(value: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    """Collect typed objects from lists, @graph and mainEntity, in document order."""
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            _flatten_json_ld(item, out, depth + 1)
    elif isinstance(value, dict):
        if "@type" in value:
            out.append(value)
        for key in ("@graph", "mainEntity"):
            if isinstance(value.get(key), (dict, list)):
                _flatten_json_ld(value[key], out, depth + 1)


def json_types(obj: dict[str, Any]) -> list[str]:
    types = obj.get("@type")
    types = types if isinstance(types, list) else [types]
    return [t.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for t in types if isinstance(t, str)]


def _first_of_type(objects: list[dict[str, Any]], pattern: re.Pattern[str]) -> dict[str, Any] | None:
    for obj in objects:
        if any(pattern.search(t) for t in json_types(obj)):
            return obj
    return None


def main_objects(page: Page) -> Iterator[tuple[dict[str, Any], str]]:
    """The article object, then the page object: the order fields fall back in."""
    if page.article is not None:
        yield page.article, "json-ld"
    if page.web_page is not None:
        yield page.web_page, "json-ld:webpage"


def json_text(value: Any) -> str | None:
    """A JSON-LD value as text: strings as they are, lists by their first string, @value objects."""
    if isinstance(value, list):
        for item in value:
            text = json_text(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        return json_text(value.get("@value") or value.get("name"))
    if isinstance(value, str):
        return clean_text(html.unescape(value)) or None
    return None


def resolve(page: Page, value: Any) -> Any:
    """Follow a bare {"@id": ...} reference to the object it names in the same page."""
    if isinstance(value, dict) and isinstance(value.get("@id"), str) and len(value) <= 2 and "name" not in value:
        return page.json_ids.get(value["@id"], value)
    return value


def meta_values(page: Page, keys: Iterable[str]) -> Iterator[tuple[str, str]]:
    for key in keys:
        for value in page.meta.get(key, ()):
            yield value, key


def first_meta(page: Page, keys: Iterable[str]) -> tuple[str, str] | None:
    for value, key in meta_values(page, keys):
        return value, "meta:" + key
    return None


def absolute_url(href: str | None, base: str | None) -> str | None:
    """A web address (http, https) for `href`, resolved against `base`; None for
    anything else. The address passes the record's gate before and after the join."""
    href = safe_url((href or "").strip())
    if not href:
        return None
    url = safe_url(urljoin(base, href) if base else href)
    return url if url and _is_web_url(url) else None


def _is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# ----------------------------------------------------------------------------- the page's text


def body_text(page: Page) -> str:
    """The body's text nodes that are not just whitespace, each trimmed and preceded by
    TEXT_NODE_SEPARATOR (computed once)."""
    if page.body_text is None:
        body = page.tree.body
        page.body_text = TEXT_NODE_SEPARATOR + body.text(
            deep=True, separator=TEXT_NODE_SEPARATOR, strip=True, skip_empty=True) if body is not None else ""
    return page.body_text


def unfolded_visible_text(page: Page) -> str:
    """The body's text without scripts and styles, text nodes apart by a space, as printed
    (computed once).

    Each script's text is cut out where it stands, in document order, and the rest
    joined once: a copy of the whole text per script costs more than the parse. A script
    is looked for by its first characters, then compared whole: str.find with a long
    needle costs a pass over the needle on every call."""
    if page.unfolded_visible_text is None:
        text = body_text(page)
        kept: list[str] = []
        position = 0
        for node in page.survey.body_scripts:
            inner = node.text(deep=True, separator=TEXT_NODE_SEPARATOR, strip=True, skip_empty=True)
            if not inner.strip(TEXT_NODE_SEPARATOR):
                continue
            found = text.find(inner[:32], position)
            while found >= 0 and not text.startswith(inner, found):
                found = text.find(inner[:32], found + 1)
            if found >= 0:
                kept.append(text[position:found])
                position = found + len(inner)
        kept.append(text[position:])
        page.unfolded_visible_text = " ".join(kept).replace(TEXT_NODE_SEPARATOR, " ")
    return page.unfolded_visible_text


def visible_text(page: Page) -> str:
    """The body's text without scripts and styles, whitespace collapsed, case-folded
    (computed once)."""
    if page.visible_text is None:
        text = clean_text(unfolded_visible_text(page))
        page.visible_text = text.lower() if text.isascii() else text.casefold()  # the same for ASCII
    return page.visible_text


# ----------------------------------------------------------------------------- headline and site names


@once_per_page
def document_title(page: Page) -> str | None:
    node = page.tree.css_first("title")
    if node is None:
        node = page.tree.css_first("head title, svg title")
    return clean_text(node.text(deep=True)) if node is not None else None


@once_per_page
def container_ids(page: Page) -> frozenset[int]:
    """The mem_ids of the article's containers (ARTICLE_SCOPE), for ancestor tests."""
    return frozenset(container.mem_id for container in page.survey.containers)


@once_per_page
def article_heading_nodes(page: Page) -> list[LexborNode]:
    tree = page.tree
    h1s = page.survey.h1s
    containers = container_ids(page)
    nodes = [h1 for h1 in h1s if _in_article_scope(h1, containers)] + h1s
    if not nodes:
        # Pages without an h1 mark the headline up as such, or just print it big.
        nodes = tree.css(HEADLINE_WITHOUT_H1)
    return [n for n in nodes[:12]
            if n.text(deep=True).strip() and not in_excluded_region(n, page)]


def _in_article_scope(node: LexborNode, containers: frozenset[int]) -> bool:
    """Whether an ancestor matches ARTICLE_SCOPE, that is, is one of the `containers`
    (their mem_ids; asked of the few h1s: cheaper than five scoped selectors over the
    whole tree)."""
    return any(ancestor.mem_id in containers for ancestor in ancestors(node))


@once_per_page  # asked by the author and title chains alike; callers do not change the list
def site_name_candidates(page: Page, site_name: str | None, url: str | None) -> list[str]:
    names = [site_name] if site_name else []
    names.extend(value for value, _ in meta_values(page, SITE_NAME_META))
    if page.article is not None:
        publisher = json_text(resolve(page, page.article.get("publisher")))
        if publisher:
            names.append(publisher)
    if page.web_site is not None:
        name = json_text(page.web_site.get("name"))
        if name:
            names.append(name)
    names.extend(site_address_names(page, url))
    names.extend(_logo_headings(page))
    # What og:title and <title> do not share is the site's name.
    doc_title = document_title(page)
    og_title = next((value for value, _ in meta_values(page, ("og:title", "twitter:title"))), None)
    if doc_title and og_title and doc_title != og_title:
        names.extend(filter(None, (last_segment(doc_title, og_title), first_segment(doc_title, og_title))))
    return [name for name in names if name]


def site_address_names(page: Page, url: str | None) -> list[str]:
    """The site's name as its web address gives it: the host ("blog.example.com") and its
    longest label but the last ("example")."""
    names = []
    for address in (url, page.page_url):
        if address:
            host = urlsplit(address).netloc.lower().split(":")[0]
            labels = [label for label in host.split(".") if label not in ("www", "m", "amp")]
            if labels:
                names.append(".".join(labels))
                names.append(max(labels[:-1] or labels, key=len))
    return names


def _logo_headings(page: Page) -> list[str]:
    """The texts of h1s that are nothing but a link to the home page: blog themes print
    the site's name that way, as a logo above every post."""
    names = []
    for heading in page.survey.h1s:
        link = heading.css_first("a[href]")
        if link is None or not HOME_LINK.match(link.attributes.get("href") or ""):
            continue
        text = clean_text(heading.text(deep=True, separator=" "))
        if text and text == clean_text(link.text(deep=True, separator=" ")):
            names.append(text)
    return names


def matches_site(segment: str, site_names: list[str]) -> bool:
    compact = compact_key(segment)
    if not compact:
        return False
    for name in site_names:
        other = compact_key(name)
        if not other:
            continue
        if compact == other:
            return True
        shorter, longer = sorted((compact, other), key=len)
        if len(shorter) >= 4 and shorter in longer and len(shorter) >= 0.5 * len(longer):
            return True
    return False


def last_segment(doc_title: str, title: str) -> str | None:
    if not doc_title.startswith(title):
        return None
    rest = doc_title[len(title):]
    match = TITLE_SEPARATOR.match(rest)
    if not match:
        return None
    rest = rest[match.end():]
    return rest if rest and not TITLE_SEPARATOR.search(rest) else None


def first_segment(doc_title: str, title: str) -> str | None:
    if not doc_title.endswith(title):
        return None
    rest = doc_title[: len(doc_title) - len(title)]
    matches = list(TITLE_SEPARATOR.finditer(rest))
    if not matches or matches[-1].end() != len(rest):
        return None
    rest = rest[: matches[-1].start()]
    return rest if rest and not TITLE_SEPARATOR.search(rest) else None


# ----------------------------------------------------------------------------- excluded regions


def in_excluded_region(node: LexborNode, page: Page) -> bool:
    """True inside comments, sidebars, related lists, footers and navigation.

    A region that holds most of the page's text, or the page's h1, is a layout
    wrapper whatever its class says ("with-sidebar", "zen-one-sidebar-second"):
    sidebars and related lists do not hold the headline. A footer inside the
    article, or named for the post or its author, is the article's own footer
    (where many themes print the byline), not the page's. Comment threads are
    excluded regardless.
    """
    # Bylines, dates and headings are often asked about more than once per page.
    key = node.mem_id
    if key not in page.excluded:
        page.excluded[key] = _walk_for_excluded_region(node, page)
    return page.excluded[key]


def _walk_for_excluded_region(node: LexborNode, page: Page) -> bool:
    current: LexborNode | None = node
    in_article = None
    while current is not None and current.tag not in ("body", "html"):
        hints, comments, excluded_word = _region_hints(current, page)
        if comments:
            return True
        if current.tag in EXCLUDED_TAGS or excluded_word is not None:
            footer = current.tag in ("footer", "aside") if excluded_word is None else excluded_word == "footer"
            if footer:
                if in_article is None:
                    in_article = inside_article(current)
                if in_article or ARTICLE_FOOTER_HINT.search(hints):
                    current = current.parent
                    continue
            if not _is_layout_wrapper(current, page):
                return True
        current = current.parent
    return False


def _region_hints(node: LexborNode, page: Page) -> tuple[str, bool, str | None]:
    """A node's class and id, whether they name comments, and the excluded-region word they
    hold (lower case), worked out once per node: candidates share most of their ancestors."""
    key = node.mem_id
    found = page.region_hints.get(key)
    if found is None:
        attrs = node.attributes
        hints = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if hints.strip():
            match = EXCLUDED_REGION.search(hints)
            if match:  # EXCLUDED_REGION's words include COMMENT_REGION's
                found = (hints, bool(COMMENT_REGION.search(hints)), match.group(0).strip(" _-").lower())
            else:
                found = (hints, False, None)
        else:
            found = (hints, False, None)
        page.region_hints[key] = found
    return found


def _is_layout_wrapper(node: LexborNode, page: Page) -> bool:
    # Reading a wrapper's whole text is costly, and many candidates share the wrapper.
    key = node.mem_id
    if key not in page.layout_wrappers:
        page.layout_wrappers[key] = _holds_the_page(node, page)
    return page.layout_wrappers[key]


def _holds_the_page(node: LexborNode, page: Page) -> bool:
    if node.css_first("h1") is not None:
        return True
    if page.body_text_length is None:
        body = page.tree.body
        # Without the body's scripts: a page's state as JSON can outweigh all its prose.
        scripts = sum(len(script.text(deep=True)) for script in page.survey.body_scripts)
        page.body_text_length = len(body.text(deep=True)) - scripts if body is not None else 0
    return len(node.text(deep=True)) > LAYOUT_WRAPPER_SHARE * page.body_text_length


def inside_article(node: LexborNode) -> bool:
    current = node.parent
    while current is not None and current.tag not in ("body", "html"):
        if current.tag in ("article", "main") or current.attributes.get("role") == "main":
            return True
        current = current.parent
    return False


# ----------------------------------------------------------------------------- small helpers


def clean_text(text: str | None) -> str:
    """Whitespace collapsed and trimmed; None -> ""."""
    return " ".join(text.split()) if text else ""


def clean_text_start(text: str, length: int) -> tuple[str, bool]:
    """The start of clean_text(text), whole words up to at least `length` characters into
    the text, and whether that is all of it."""
    if len(text) <= length:
        return clean_text(text), True
    space = WHITESPACE.search(text, length)
    if space is None:
        return clean_text(text), True
    return clean_text(text[:space.start()]), NON_WHITESPACE.search(text, space.start()) is None


@functools.lru_cache(maxsize=256)  # site names are compared with every title segment and name
def compact_key(text: str) -> str:
    """Letters and digits only, case-folded, accents dropped: "La República" ~ "larepublica"."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text).casefold() if ch.isalnum())
