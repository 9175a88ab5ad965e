"""What may enter the record: the one gate for addresses, and the one filter for text.

Every address the record carries (links, images, `url`, author pages, the
canonical URL...) passes `safe_url`; every string passes `clean_chars` (the whole
record, last of all: `sanitized_record`). Both judge strings only: this module
looks at no page and imports nothing of newsparse but the record's types.

Addresses are read the way browsers read them (the WHATWG URL Standard): leading
and trailing C0 controls and spaces are dropped and tab or newline vanish anywhere,
so "\\x01javascript:" and "java\\nscript:" run as scripts. They are refused after
that stripping, not before.
"""
from __future__ import annotations

import html as htmllib
import re
from dataclasses import replace
from typing import Any, TypeVar

from .model import Article, Author, Block, Extraction, Footnote, Image, ListItem, Source
from .rules import LazyPattern

T = TypeVar("T")

# Schemes that run code or inline a document, never a page's address. data: images
# go too: a SingleFile page inlines every picture as data:, megabytes of base64 that
# no reader of the record wants; such a figure has no address, only its media type
# and size (images.py), until it is written out.
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")
# WHATWG "C0 control or space": stripped from both ends of an address.
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
# Removed anywhere in an address by the WHATWG parser.
_TAB_OR_NEWLINE = LazyPattern("[\t\n\r]")
# Everything a browser might skip inside a scheme, squeezed out before comparing it,
# so the check errs on the side of refusing ("java\x01script:" is refused too).
_IGNORABLE_IN_SCHEME = re.compile("[\x00-\x20\x7f-\x9f]")
# Controls left inside an address are percent-encoded, as the URL parser does.
_CONTROL_IN_URL = re.compile("[\x00-\x1f\x7f-\x9f]")

# In text: C0 controls but tab and newline, DEL, C1 controls, lone surrogates.
_UNWANTED_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# Those that separate words become a space rather than gluing the words together.
_SPACING_CONTROLS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x1f\x85")
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"


def safe_url(url: str | None) -> str | None:
    """`url` as a browser would read it, or None when it is empty or would run code or
    inline data (javascript:, vbscript:, data:)."""
    if not url:
        return None
    url = url.strip(_C0_OR_SPACE)
    if "\t" in url or "\n" in url or "\r" in url:
        url = _TAB_OR_NEWLINE.sub("", url)
    if not url or _has_unsafe_scheme(url):
        return None
    if _SURROGATE.search(url):
        url = _SURROGATE.sub(REPLACEMENT_CHARACTER, url)
    if _CONTROL_IN_URL.search(url):
        url = _CONTROL_IN_URL.sub(_percent_encoded, url)
    return url


def _has_unsafe_scheme(url: str) -> bool:
    head = url[:32]  # the longest unsafe scheme is short; controls may pad it
    if not head.isascii() or not head.isalnum():
        head = _IGNORABLE_IN_SCHEME.sub("", url[:256])
    return head.lower().startswith(UNSAFE_SCHEMES)


def _percent_encoded(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def site_host(url: str | None) -> str | None:
    """The host of an absolute http(s) address, without "www."; None for anything else."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    host = url.split("//", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].lower()
    return host.removeprefix("www.") or None


def same_site(host: str, site: str) -> bool:
    """One host inside the other's domain: "docs.example.org" is on "example.org"'s site."""
    return host == site or host.endswith("." + site) or site.endswith("." + host)


def mostly_off_site(hosts: list[str | None], site: str) -> bool:
    """Whether most of these link hosts (None: a link with no host) lie off `site`'s site."""
    away = sum(1 for host in hosts if host and not same_site(host, site))
    return bool(hosts) and away * 2 > len(hosts)


def clean_chars(text: str) -> str:
    """`text` without controls (tab and newline stay; those that separate words become
    spaces) and with lone surrogates, which no encoder writes, as U+FFFD."""
    if not _UNWANTED_CHARS.search(text):
        return text
    return _UNWANTED_CHARS.sub(_replacement, text)


def _replacement(match: re.Match[str]) -> str:
    char = match.group()
    if "\ud800" <= char <= "\udfff":
        return REPLACEMENT_CHARACTER
    return " " if char in _SPACING_CONTROLS else ""


# ----------------------------------------------------------------------------- the record

# Fields that hold one address, and one that holds several.
URL_FIELDS = frozenset({"url", "saved_from_url", "archive_url", "original_url"})
LINK_LIST_FIELDS = frozenset({"links"})
MARKUP_FIELDS = frozenset({"html", "cell_html"})
# The input's own path names the file the user gave; it is not page text, so only
# what cannot be encoded (a surrogate from an undecodable file name) is replaced.
VERBATIM_FIELDS = frozenset({"path"})
# An image's addresses as the page wrote them, for finding its saved copy: never
# emitted, and a data: URI among them must stay whole.
INTERNAL_FIELDS = frozenset({"sources"})
_ANCHOR = LazyPattern(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
# The record's own classes: the only objects in it that hold fields.
RECORD_TYPES = frozenset({Article, Author, Block, Extraction, Footnote, Image, ListItem, Source})


def sanitized_record(article: Article) -> Article:
    """The record with every string clean and every address through the gate.

    The stages already keep script addresses out (blocks and metadata call
    safe_url); this last pass covers what no stage could: strings decoded from
    JSON or character references, wherever they ended up. A clean record, the
    usual case, comes back as it is, without being copied."""
    if not _needs_cleaning(article):
        return article
    return _sanitized(article)


def _needs_cleaning(root: Any) -> bool:
    """Whether anything in `root` would change. Written for speed, as it runs on every
    record (the record's own classes known by type, their __dict__ read directly, empty
    fields never stacked), and without recursion: quotes nest as deep as the page does."""
    stack: list[tuple[Any, str]] = [(root, "")]
    pop, push = stack.pop, stack.extend
    while stack:
        value, name = pop()
        kind = type(value)
        if kind is str:
            if name in INTERNAL_FIELDS:
                continue
            if name in URL_FIELDS or name in LINK_LIST_FIELDS:
                if not _is_plain_web_address(value) and safe_url(value) != value:
                    return True
            elif name in MARKUP_FIELDS and '<a href="' in value and _has_unsafe_anchor(value):
                return True
            elif _UNWANTED_CHARS.search(value) is not None:
                return True
        elif kind is tuple or kind is list:
            push([(item, name) for item in value])
        elif kind in RECORD_TYPES:
            push([(item, field) for field, item in vars(value).items() if item])
        elif kind is dict:
            push([(item, name) for item in value.values()])
    return False


def _is_plain_web_address(url: str) -> bool:
    """Most addresses: http(s), printable ASCII, no spaces; nothing for the gate to do."""
    return url.startswith(("https://", "http://")) and url.isascii() and url.isprintable() and " " not in url


def _has_unsafe_anchor(fragment: str) -> bool:
    for href in ANCHOR_HREF.findall(fragment):
        if not _is_plain_web_address(href):
            href = htmllib.unescape(href)
            if safe_url(href) != href:
                return True
    return False


# The address of each link in our own inline markup (blocks.py writes every <a> so).
ANCHOR_HREF = re.compile(r'<a href="([^"]*)">')


def _sanitized(root: T) -> T:
    """`root` rebuilt with every string through _sanitized_string, children before their
    parents, on a stack of its own rather than Python's (see _needs_cleaning)."""
    done: list[Any] = []
    stack: list[tuple[Any, str, bool]] = [(root, "", False)]
    while stack:
        value, name, children_done = stack.pop()
        if type(value) is str:
            done.append(_sanitized_string(value, name))
            continue
        children = _children(value, name)
        if children is None:
            done.append(value)
        elif not children_done:
            stack.append((value, name, True))
            stack.extend((child, child_name, False) for child, child_name in reversed(children))
        else:
            cleaned = done[len(done) - len(children):] if children else []
            del done[len(done) - len(children):]
            done.append(_rebuilt(value, children, cleaned))
    return done[0]  # type: ignore[no-any-return]


def _children(value: Any, name: str) -> list[tuple[Any, str]] | None:
    """The parts of a container with the field each belongs to; None for a leaf."""
    kind = type(value)
    if kind is tuple or kind is list:
        return [(item, name) for item in value]
    if kind is dict:
        return [(item, name) for item in value.values()]
    if type(value) in RECORD_TYPES:
        return [(item, field) for field, item in vars(value).items()]
    return None


def _rebuilt(value: Any, children: list[tuple[Any, str]], cleaned: list[Any]) -> Any:
    kind = type(value)
    if kind is tuple or kind is list:
        return kind(item for item in cleaned if item is not None)
    if kind is dict:
        return dict(zip(value.keys(), cleaned))
    rebuilt = replace(value, **{field: item for (_, field), item in zip(children, cleaned)})
    if isinstance(rebuilt, Image) and rebuilt.url is None and rebuilt.media_type is None:
        return None  # an image with no address, nor carried by the page, is no image
    if isinstance(rebuilt, Block) and rebuilt.type == "figure" and rebuilt.image is None:
        return None
    return rebuilt


def _sanitized_string(value: str, name: str) -> str | None:
    if name in INTERNAL_FIELDS:
        return value
    if name in URL_FIELDS or name in LINK_LIST_FIELDS:
        return safe_url(value)
    if name in VERBATIM_FIELDS:
        return _SURROGATE.sub(REPLACEMENT_CHARACTER, value)
    if name in MARKUP_FIELDS:
        return _ANCHOR.sub(_anchor_if_safe, clean_chars(value))
    return clean_chars(value)


def _anchor_if_safe(match: re.Match[str]) -> str:
    """A link in inline HTML whose address fails the gate keeps only its text."""
    href = htmllib.unescape(match.group(1))
    url = safe_url(href)
    if url is None:
        return match.group(2)
    return match.group() if url == href else f'<a href="{htmllib.escape(url)}">{match.group(2)}</a>'
