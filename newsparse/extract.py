"""The pipeline: bytes -> page -> DOM -> metadata + body -> Article.

parse() is the library's entry point; parse_html() starts from decoded text
and parse_warc_page() from a crawl record. Each stage lives in its own module
(read, metadata, content, blocks, clean); this one only orders them (the body:
find the main content, build its blocks, clean them; see body_blocks) and
picks the body by the first method that yields enough of it (find_body).

It must not hold rules about the page itself: what is body, furniture or
metadata is each stage's to decide, and the thresholds of the choices made
here between their results are in rules.py.
"""
from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, TypeVar
from html import escape as html_escape
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from . import rules
from .rules import LazyPattern
from .access import judge_access, read_access_signals
from .blocks import build_blocks, collect_links, plain_text
from .clean import clean_blocks
from .content import find_main_content, prose_paragraphs, word_count
from .embedded import EmbeddedBody, find_json_ld_body, find_state_body, longest, recipe_ingredients
from .footnotes import with_footnotes
from .metadata import Metadata, extract_metadata
from .model import Article, Block, Extraction, Image, Source
from .pagetype import declared_page_type, page_type
from .parse import parse_document, parse_markup
from .read import MAX_DECOMPRESSED_BYTES, load_page
from .sanitize import sanitized_record

T = TypeVar("T")

if TYPE_CHECKING:
    from .wayback import Capture
    from .warc import WarcPage


def parse(data: bytes | str, *, path: str | None = None, url: str | None = None,
          images: str | os.PathLike[str] | None = None,
          images_relative_to: str | os.PathLike[str] | None = None) -> Article:
    """Turn a saved page (HTML, gzipped HTML or MHTML) into an Article.

    Give bytes where you can: newsparse then finds the encoding itself (BOM, the
    page's <meta charset>, detection). A `str` is taken as already decoded, so its
    own charset declaration is ignored; `source` describes its UTF-8 encoding.
    `path` is recorded in `source.path`; `url` is the page's address when the
    page itself does not say (used for relative links, and as `url` only if
    the page gives none). Raises NewsparseError for input that is not a page.

    `images`, a directory: every image the saved page carries (data: URIs, MHTML
    parts, the "<name>_files" folder beside `path`) is written there, named by its
    content, and the record points at the files by paths relative to
    `images_relative_to` (where the output will be saved; default: the current
    directory), keeping the web address as `original_url`.
    """
    if isinstance(data, str):
        # A lone surrogate cannot be encoded; the decoder would replace it anyway.
        data, charset = data.encode("utf-8", errors="replace"), "utf-8"
    else:
        charset = None
    page = load_page(data, path=path, charset=charset)
    article = parse_page(page.html, page.utf8, source=page.source, url=url)
    if images is not None or page.parts:
        from .images import image_target, save_page_images

        target = image_target(images, images_relative_to) if images is not None else None
        article = save_page_images(article, page, target, path)
    return article


def parse_warc_page(page: WarcPage, *, path: str | None = None, url: str | None = None,
                    max_decompressed: int = MAX_DECOMPRESSED_BYTES) -> Article:
    """One HTML response of a crawl (newsparse.warc.iter_warc_pages) as an Article: its
    address and fetch date come from the WARC headers; `source` describes the record."""
    loaded = load_page(page.body, path=path, max_decompressed=max_decompressed, charset=page.charset)
    source = replace(loaded.source, format="warc", saved_from_url=page.url, saved_at=page.date)
    return parse_page(loaded.html, loaded.utf8, source=source, url=url)


def parse_html(html: str, *, source: Source | None = None, url: str | None = None) -> Article:
    """An Article from a page's decoded HTML, with `source` recorded as given: for
    callers that read and describe the input themselves (the CLI's batch does).
    Unlike `parse(str)` it neither computes the source (size, hash, saved-from
    comments) nor refuses non-pages; most callers want `parse`."""
    return parse_page(html, None, source=source or Source(), url=url)


def parse_page(html: str, utf8: bytes | None, *, source: Source, url: str | None) -> Article:
    """`utf8`, when given, is `html` exactly in UTF-8: the parser reads it as it is."""
    page_url = source.saved_from_url or url
    capture = archive_capture(html, page_url)
    if capture is not None:
        # A Wayback Machine capture: the archive's toolbar goes, links point at the
        # original site again, and the article's address is the original one.
        html, utf8 = unwrapped_capture(html), None
        source = replace(source, archive_url=capture.archive_url, archived_at=capture.archived_at)
        page_url = capture.original_url or page_url
    markup = utf8 if utf8 is not None else html  # what the parser is given, as often as it parses
    tree, markup = parse_markup(markup)
    meta = extract_metadata(tree, page_url=page_url, saved_at=source.archived_at or source.saved_at)
    base = base_url(meta.base_href, meta.url or page_url)
    json_ld = list(meta.json_ld)
    access_signals = read_access_signals(tree, json_ld, meta.content_tier)

    declared_type = declared_page_type(json_ld, meta.item_types, meta.og_type)
    json_ld_body = find_json_ld_body(json_ld)
    blocks, method = find_body(markup, tree, base, meta, json_ld_body, recipe_ingredients(json_ld),
                               declared_type=declared_type)
    text = plain_text(blocks)
    words = word_count(text)
    access, truncated = judge_access(access_signals, words)
    warnings = source.warnings + (() if blocks else ("no article text found",))
    article = Article(
        source=source,
        url=meta.url or page_url,
        title=meta.title,
        description=meta.description,
        authors=meta.authors,
        published=meta.published,
        modified=meta.modified,
        site_name=meta.site_name,
        language=meta.language,
        section=meta.section,
        tags=meta.tags,
        image=lead_image(meta.image, blocks),
        access=access,
        truncated=truncated,
        blocks=tuple(blocks),
        text=text,
        links=tuple(collect_links(blocks)),
        word_count=words,
        extraction=Extraction(method if blocks else "none", warnings, page_type(declared_type, blocks, method)),
        provenance=record_provenance(meta, page_url, url),
        confidence=meta.confidence,
    )
    return sanitized_record(in_nfc_record(article))


def record_provenance(meta: Metadata, page_url: str | None, url: str | None) -> dict[str, str]:
    """Where each field came from. The address the caller gave (the CLI's --url) is the
    record's `url` only when neither the page nor its saved-from address gives one."""
    provenance = dict(meta.provenance)
    if not meta.url and url and page_url == url:
        provenance["url"] = "option:--url"
    return provenance


def in_nfc_record(article: Article) -> Article:
    """The record in Unicode NFC, the form W3C asks of text on the web: pages mix
    precomposed and decomposed letters ("é" as one code point or two), and text must
    compare equal however the page spelt it. `source` describes the input as it is
    (a macOS path is decomposed) and stays.

    Decomposed text comes from how a site's writers type, so it shows in the prose:
    the text and the headline fields are checked (walking every string of every
    block would cost more than the rest of the record), and if any is decomposed,
    every string of the record is normalised."""
    prose = (article.text, article.title, article.description, *(author.name for author in article.authors))
    # "\n" starts a new character sequence, so the lines are NFC exactly when each is.
    if unicodedata.is_normalized("NFC", "\n".join(s for s in prose if s and not s.isascii())):
        return article
    parts = {name: getattr(article, name) for name in _field_names(Article) if name != "source"}
    return replace(article, **{name: in_nfc(value, name) for name, value in parts.items()})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(item.name for item in fields(cls))


# Addresses are not text: a server knows a file by the exact bytes of its name (a
# decomposed "é" from a Mac), so URLs stay as given, here and in markup's tags.
ADDRESS_FIELDS = frozenset({"url", "links", "original_url", "sources"})
MARKUP_FIELDS = frozenset({"html", "cell_html"})
_TAG = LazyPattern(r"(<[^>]*>)")


def in_nfc(value: T, name: str = "") -> T:
    """`value` with every string in it in NFC: dataclass fields, tuples, lists and dict
    values; `name` is the field the value came from (addresses are left alone)."""
    if isinstance(value, str):
        if name in ADDRESS_FIELDS:
            return value  # type: ignore[return-value]
        if name in MARKUP_FIELDS:
            return "".join(part if part.startswith("<") else unicodedata.normalize("NFC", part)
                           for part in _TAG.split(value))  # type: ignore[return-value]
        return unicodedata.normalize("NFC", value)  # type: ignore[return-value]
    if isinstance(value, (tuple, list)):
        return type(value)(in_nfc(item, name) for item in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {key: in_nfc(item, name) for key, item in value.items()}  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{field: in_nfc(getattr(value, field), field) for field in _field_names(type(value))})
    return value


def find_body(markup: str | bytes, tree: LexborHTMLParser, base: str | None, meta: Metadata,
              json_ld_body: EmbeddedBody | None, expected: list[str],
              declared_type: str | None = None) -> tuple[list[Block], str]:
    """The body by the first method that yields enough of it, in order of how often
    each is right: the scored container; the same without class-name pruning; a body
    the page carries as data; every prose paragraph on the page. `markup` is what
    `tree` was parsed from, parsed again by the fallbacks (pruning changed `tree`)."""
    blocks, method, prose_bound = scored_body(tree, base, meta, expected=expected, declared_type=declared_type)
    length = text_length(blocks)
    if length < rules.MIN_ARTICLE_CHARS:
        # Class-name pruning may have taken the article itself ("post has-sidebar").
        looser, looser_method, _ = scored_body(parse_document(markup), base, meta, prune_by_class=False,
                                               declared_type=declared_type)
        if text_length(looser) > length:
            blocks, method, length = looser, looser_method + "-loose", text_length(looser)
    embedded = json_ld_body
    if length < rules.MIN_ARTICLE_CHARS:
        embedded = longest(filter(None, (json_ld_body, find_state_body(parse_document(markup)))))
    if embedded is not None and prefers_embedded(embedded, length):
        return embedded_blocks(embedded, base, meta), embedded.source
    wanted = max(length * rules.BASELINE_GAIN, rules.MIN_ARTICLE_CHARS)
    if length < rules.BASELINE_CHECK_BELOW_CHARS and (prose_bound is None or prose_bound > wanted):
        baseline = body_blocks(prose_paragraphs(parse_document(markup)), base, meta)
        if text_length(baseline) > wanted:
            return baseline, "baseline"
    return blocks, method


def scored_body(tree: LexborHTMLParser, base: str | None, meta: Metadata, prune_by_class: bool = True,
                expected: list[str] | tuple[str, ...] = (),
                declared_type: str | None = None) -> tuple[list[Block], str, int | None]:
    """The blocks of the scored container, how it was found, and the most text the
    prose baseline could find on the page (None: unknown)."""
    content = find_main_content(tree, prune_by_class=prune_by_class, expected=expected, site=base,
                                declared_type=declared_type, description=meta.description)
    blocks = body_blocks(content.nodes, base, meta)
    return blocks, content.method, content.prose_bound


def prefers_embedded(embedded: EmbeddedBody, html_length: int) -> bool:
    """Data beats markup only when the markup is clearly incomplete (an app shell, a
    teaser); otherwise the HTML keeps structure the data lacks. State blobs hold many
    long strings, so they are trusted only when the HTML has next to nothing."""
    if embedded.source == "json-ld":
        return embedded.text_length() > max(html_length * rules.EMBEDDED_BODY_GAIN, rules.MIN_ARTICLE_CHARS)
    return html_length < rules.MIN_ARTICLE_CHARS and embedded.text_length() > html_length * rules.EMBEDDED_BODY_GAIN


def embedded_blocks(embedded: EmbeddedBody, base: str | None, meta: Metadata) -> list[Block]:
    if embedded.html is not None:
        fragment = parse_document(embedded.html)
        nodes = [fragment.body] if fragment.body is not None else []
        return body_blocks(nodes, base, meta)
    return [Block("heading", text=text, html=html_escape(text, quote=False), level=2) if index in embedded.headings
            else Block("paragraph", text=text, html=html_escape(text, quote=False))
            for index, text in enumerate(embedded.paragraphs)]


def body_blocks(nodes: list[LexborNode], base: str | None, meta: Metadata) -> list[Block]:
    """The body nodes as blocks (blocks.py), then without the page furniture among
    them (clean.py), then the notes they refer to (footnotes.py)."""
    authors = author_names(meta)
    built = build_blocks(nodes, base_url=base, title=meta.title, authors=authors)
    blocks = clean_blocks(built.blocks, loose=built.loose, inline_figures=built.inline_figures, authors=authors,
                          site=base)
    return with_footnotes(blocks, built.footnotes)


def author_names(meta: Metadata) -> tuple[str, ...]:
    return tuple(author.name for author in meta.authors)


def lead_image(declared: Image | None, blocks: list[Block]) -> Image | None:
    """The page's declared lead image, completed with the caption and credit of the
    body figure that shows it; the first body figure when the page declares none."""
    figures = [b.image for b in blocks if b.type == "figure" and b.image is not None]
    if declared is None:
        return figures[0] if figures else None
    for figure in figures:
        if figure.url == declared.url:
            return Image(url=declared.url, alt=declared.alt or figure.alt,
                         caption=declared.caption or figure.caption, credit=declared.credit or figure.credit)
    return declared


def archive_capture(html: str, page_url: str | None) -> Capture | None:
    if "/web/" not in html:
        # Most pages: decided without loading the Wayback module. Every capture has
        # "/web/" in it: the archive rewrites each link and its toolbar to /web/<timestamp>.
        return None
    from .wayback import detect_capture

    return detect_capture(html, page_url=page_url)


def unwrapped_capture(html: str) -> str:
    """The capture's markup without the archive's toolbar and with its links
    unwrapped, as text: later stages parse it again (the looser pass, the
    baseline), and must see the same links."""
    from .wayback import strip_toolbar, unwrap_archive_links

    tree = parse_document(strip_toolbar(html))
    unwrap_archive_links(tree)
    return tree.html or html


def base_url(href: str, page_url: str | None) -> str | None:
    """What relative links are resolved against: <base href> (`href`, Metadata.base_href,
    itself relative to the page), else the page."""
    if href:
        return urljoin(page_url, href) if page_url else href
    return page_url


def text_length(blocks: list[Block]) -> int:
    return len(plain_text(blocks))
