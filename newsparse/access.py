"""Is the article behind a paywall, and did the saved page get all of it?

Publishers tell search engines which articles are paywalled (Google's
"subscription and paywalled content" markup): JSON-LD `isAccessibleForFree`,
`hasPart` sections marked not free, and OpenGraph's `article:content_tier`.
A page can also give itself away by a paywall box in place of the rest of the
text, or by a JSON-LD `wordCount` far above what the page holds. Pipelines
use `access` and `truncated` to filter teasers out.
"""
from __future__ import annotations

from typing import Any, Iterator, NamedTuple

from selectolax.lexbor import LexborHTMLParser

# A body with less than this share of the words the page's own JSON-LD
# declares (wordCount) is a teaser of the article.
TRUNCATED_WORD_SHARE = 0.6
# No article has a billion words: a longer wordCount is nonsense (and past 4,300
# digits int() refuses it).
MAX_COUNT_DIGITS = 9

# A paywall box on a page whose body is shorter than this is standing in for
# the rest of the article.
TEASER_MAX_WORDS = 250

# Class/id fragments of the boxes that replace the rest of a paywalled article
# ("paywall", "article-paywall", "regwall", "subscriber-only", "subscribers-content"),
# matched by Lexbor as [class*=...] selectors. Few on purpose: each costs a
# pass over every element.
PAYWALL_MARKERS = ("paywall", "regwall", "subscriber")
PAYWALL_SELECTOR = ",".join(f'[class*="{m}"],[id*="{m}"]' for m in PAYWALL_MARKERS)

LOCKED_TIERS = frozenset({"locked", "metered"})


class AccessSignals(NamedTuple):
    """What the unpruned page says about access, read before the body is extracted."""

    access: str | None  # "free", "paywalled" or None when the page does not say
    declared_words: int | None
    paywall_box: bool


def read_access_signals(tree: LexborHTMLParser, json_ld: list[Any], content_tier: str | None) -> AccessSignals:
    """`json_ld` is the page's parsed JSON-LD (Metadata.json_ld), `content_tier` its
    article:content_tier meta's content (Metadata.content_tier)."""
    access, declared_words = None, None
    for obj in dicts_in(json_ld):
        free = obj.get("isAccessibleForFree")
        parts = obj.get("hasPart")
        parts = parts if isinstance(parts, list) else [parts]
        if is_false(free) or any(isinstance(p, dict) and is_false(p.get("isAccessibleForFree")) for p in parts):
            access = "paywalled"
        elif is_true(free) and access is None:
            access = "free"
        words = obj.get("wordCount")
        if isinstance(words, (int, str)) and is_small_count(str(words).strip()):
            declared_words = int(str(words).strip())
    if content_tier is not None:
        value = content_tier.strip().lower()
        if value in LOCKED_TIERS:
            access = "paywalled"
        elif value == "free" and access is None:
            access = "free"
    return AccessSignals(access, declared_words, has_paywall_box(tree))


def judge_access(signals: AccessSignals, word_count: int) -> tuple[str | None, bool]:
    """(access, truncated) once the body's length is known."""
    short_of_declared = bool(signals.declared_words) and word_count < signals.declared_words * TRUNCATED_WORD_SHARE
    teaser_with_box = signals.paywall_box and word_count < TEASER_MAX_WORDS
    access = signals.access
    if access is None and teaser_with_box:
        access = "paywalled"
    truncated = access == "paywalled" and (short_of_declared or teaser_with_box)
    return access, truncated or short_of_declared


def has_paywall_box(tree: LexborHTMLParser) -> bool:
    return tree.body is not None and tree.body.css_first(PAYWALL_SELECTOR) is not None


def dicts_in(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(value, list):
        for item in value:
            yield from dicts_in(item, depth + 1)
    elif isinstance(value, dict):
        if "isAccessibleForFree" in value or "wordCount" in value or "hasPart" in value:
            yield value
        if "@graph" in value:
            yield from dicts_in(value["@graph"], depth + 1)


def is_false(value: Any) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() in ("false", "no", "0"))


def is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in ("true", "yes", "1"))


def is_small_count(text: str) -> bool:
    """Whether `text` is a plain ASCII number of a sensible size (str.isdigit() alone
    accepts "²", which int() refuses)."""
    return text.isascii() and text.isdigit() and len(text) <= MAX_COUNT_DIGITS
