"""Article bodies that pages carry as data rather than as HTML.

App-shell pages (Next.js, Nuxt, Arc and other client-rendered sites) send an
almost empty <body> and the article inside a script: JSON-LD `articleBody`,
`<script id="__NEXT_DATA__">`, or another `<script type="application/json">`
state blob. This module finds the longest stretch of article prose in that
data. It must run on the unpruned tree: the content stage removes scripts.
It does not decide whether the data beats the HTML: extract.py does.
"""
from __future__ import annotations

import json
import re
from html import unescape
from typing import Any, Iterable, Iterator, NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .rules import LazyPattern

# Below this many characters of prose a JSON string is a summary, a title or
# a caption, not a body.
MIN_BODY_CHARS = 400

# A list whose items mostly carry text is a body split into paragraph objects
# (Arc's content_elements, Sanity's portable text, Contentful's rich text).
MIN_PARAGRAPH_ITEMS = 3

# Keys under which CMSs keep a paragraph's text inside a paragraph object.
PARAGRAPH_TEXT_KEYS = ("text", "content", "html", "value", "body")

# Type names CMSs give subheadings among paragraph objects.
HEADING_TYPES = frozenset({"heading", "header", "subheading", "subheadline", "h2", "h3", "h4"})

# JSON nests this deep at most before we stop looking (state blobs can be huge).
MAX_JSON_DEPTH = 40

_TAGS = LazyPattern(r"<[^<>]+>")  # not [^>]: a "<" with no ">" would be scanned to the end from each "<"
_WHITESPACE = LazyPattern(r"\s+")


class EmbeddedBody(NamedTuple):
    """A body found in page data: either HTML (to be turned into blocks) or plain paragraphs."""

    source: str  # "json-ld" or "embedded-json"
    html: str | None = None
    paragraphs: tuple[str, ...] = ()
    headings: frozenset[int] = frozenset()  # which of `paragraphs` are subheadings

    def text_length(self) -> int:
        if self.html is not None:
            return len(visible_text(self.html))
        return sum(len(p) for p in self.paragraphs)


def find_json_ld_body(json_ld: list[Any]) -> EmbeddedBody | None:
    """The longest JSON-LD articleBody, or None."""
    return longest(body for value in json_ld for body in article_bodies_in_json_ld(value))


def find_state_body(tree: LexborHTMLParser) -> EmbeddedBody | None:
    """The longest body in an app's JSON state, or None. State blobs can run to
    megabytes: only worth parsing when the HTML has next to no article."""
    return longest(body for script in tree.css("script")
                   if is_state_script(script)
                   for value in json_values(script.text(deep=True))
                   for body in bodies_in_state(value))


def is_state_script(script: LexborNode) -> bool:
    kind = (script.attributes.get("type") or "").lower()
    return ("json" in kind and "ld+json" not in kind) or script.attributes.get("id") == "__NEXT_DATA__"


def longest(bodies: Iterable[EmbeddedBody]) -> EmbeddedBody | None:
    best: EmbeddedBody | None = None
    for candidate in bodies:
        if candidate.text_length() >= MIN_BODY_CHARS and (best is None or candidate.text_length() > best.text_length()):
            best = candidate
    return best


def json_values(raw: str) -> Iterator[Any]:
    raw = raw.strip()
    if raw.startswith("<!--"):
        raw = raw.removeprefix("<!--").removesuffix("-->").strip()
    try:
        yield json.loads(raw)
    except (ValueError, RecursionError):
        return


def recipe_ingredients(json_ld: list[Any]) -> list[str]:
    """The ingredient lines of a schema.org Recipe (recipeIngredient): a recipe page's
    body must show them, though they sit in a box of their own beside the steps."""
    return [visible_text(unescape(line))
            for value in json_ld for obj in json_ld_objects(value, ("@graph", "mainEntity", "mainEntityOfPage"))
            if isinstance(lines := obj.get("recipeIngredient") or obj.get("ingredients"), list)
            for line in lines if isinstance(line, str) and line.strip()]


def article_bodies_in_json_ld(value: Any) -> Iterator[EmbeddedBody]:
    for obj in json_ld_objects(value, ("@graph", "mainEntity", "mainEntityOfPage", "hasPart")):
        body = obj.get("articleBody")
        if isinstance(body, str):
            yield as_embedded(body, "json-ld")


def json_ld_objects(value: Any, through: tuple[str, ...], depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every object of a JSON-LD value, in document order: list items, and the objects
    nested under the `through` keys."""
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from json_ld_objects(item, through, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in through:
            if key in value:
                yield from json_ld_objects(value[key], through, depth + 1)


def bodies_in_state(value: Any, depth: int = 0) -> Iterator[EmbeddedBody]:
    """Long prose strings and lists of paragraph objects anywhere in a state blob."""
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(value, str):
        if len(value) >= MIN_BODY_CHARS and looks_like_prose(value):
            yield as_embedded(value, "embedded-json")
    elif isinstance(value, list):
        parts = [part for part in map(body_part, value) if part]
        prose = sum(1 for kind, _ in parts if kind == "paragraph")
        if prose >= MIN_PARAGRAPH_ITEMS and len(parts) * 2 >= len(value):
            yield EmbeddedBody("embedded-json", paragraphs=tuple(text for _, text in parts),
                               headings=frozenset(i for i, (kind, _) in enumerate(parts) if kind == "heading"))
        for item in value:
            yield from bodies_in_state(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from bodies_in_state(item, depth + 1)


def body_part(item: Any) -> tuple[str, str] | None:
    """("paragraph" or "heading", text) of one item of a body split into objects; None
    for what is neither (embeds, ads, images without text)."""
    if not isinstance(item, dict):
        return None
    for key in PARAGRAPH_TEXT_KEYS:
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            text = visible_text(value)
            if str(item.get("type", "")).lower() in HEADING_TYPES:
                return "heading", text
            return ("paragraph", text) if looks_like_prose(text) else None
    return None


def looks_like_prose(text: str) -> bool:
    """Sentences, not code, URLs or base64: several words and some sentence punctuation."""
    plain = visible_text(text)
    words = plain.split()
    return len(words) >= 5 and any(mark in plain for mark in ".!?。！？") and not plain.startswith(("{", "[", "http"))


def as_embedded(value: str, source: str) -> EmbeddedBody:
    if "&lt;" in value and "<" not in value:
        value = unescape(value)  # markup escaped once more than JSON needs ("&lt;p&gt;")
    if "<p" in value or "<br" in value:
        return EmbeddedBody(source, html=value)
    paragraphs = [_WHITESPACE.sub(" ", part).strip() for part in re.split(r"\n\s*\n|\r\n\r\n|\n", value)]
    return EmbeddedBody(source, paragraphs=tuple(p for p in paragraphs if p))


def visible_text(fragment: str) -> str:
    return _WHITESPACE.sub(" ", _TAGS.sub(" ", fragment)).strip()
