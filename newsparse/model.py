"""The record newsparse produces: frozen dataclasses and their JSON form.

Everything downstream of extraction (renderers, the CLI, library users) sees
only these types. `to_dict()` fixes the key order, so the same Article always
serialises to the same bytes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime

SCHEMA_VERSION = "1.0"

BLOCK_TYPES = ("heading", "paragraph", "list", "quote", "table", "figure", "code", "math", "footnotes")


class NewsparseError(Exception):
    """An input newsparse cannot turn into a record; the message says why in one line."""


@dataclass(frozen=True)
class Source:
    """Where the record came from: the input itself and, for saved pages, the page's origin."""

    path: str | None = None
    sha256: str | None = None
    bytes: int = 0
    encoding: str | None = None
    format: str = "html"  # "html", "mhtml" or "warc"
    saved_from_url: str | None = None
    saved_at: str | None = None
    archive_url: str | None = None  # a Wayback Machine capture: its address...
    archived_at: str | None = None  # ...and when the archive took it
    # What reading the input noticed (a stream cut short): the record shows these in
    # extraction.warnings, where every caller already looks, not here.
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "bytes": self.bytes,
            "encoding": self.encoding,
            "format": self.format,
            "saved_from_url": self.saved_from_url,
            "saved_at": self.saved_at,
            "archive_url": self.archive_url,
            "archived_at": self.archived_at,
        }


@dataclass(frozen=True)
class Author:
    """A writer the page credits: the name, and the address the page links it to (None: no link)."""

    name: str
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "url": self.url}


@dataclass(frozen=True)
class Image:
    """A picture: its address, or None for one the page carries only as data (a
    SingleFile page's `data:` URIs), then known by its media type and size; with
    images written out (`parse(images=...)`, `--images`), the written file's path
    relative to the output, and the web address it had as `original_url`."""

    url: str | None
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None
    media_type: str | None = None  # known when the page carries the image's bytes
    bytes: int | None = None  # its size; None when its data is damaged
    original_url: str | None = None  # the web address, when `url` is the written file
    # Every address the page gave the image (each as written and resolved; a data:
    # URI whole), where a saved page's own copy is looked up. Not in the JSON record.
    sources: tuple[str, ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"url": self.url, "alt": self.alt, "caption": self.caption, "credit": self.credit}
        # Only for an image the page carries: other records stay as they were, byte for byte.
        if self.media_type is not None:
            out["media_type"] = self.media_type
            out["bytes"] = self.bytes
        if self.original_url is not None:
            out["original_url"] = self.original_url
        return out


@dataclass(frozen=True)
class Block:
    """One piece of the article body.

    `text` is always the plain text. `html` keeps inline markup (links,
    emphasis, code, line breaks) as a small sanitised HTML fragment that the
    Markdown renderer converts; only a, strong, em, code, br, sub and sup occur
    in it, every href is absolute, and two pieces have a fixed form: a footnote
    reference is <sup data-footnote="LABEL">[LABEL]</sup>, inline math is
    <span class="math">TEX</span> (inline.py). A `math` block's text is TeX. A table's
    `html` is "" unless its merged header cells need HTML: then it is a minimal table
    (table, caption, thead, tbody, tr, th and td with colspan/rowspan, cells of that
    same inline HTML).
    """

    type: str
    text: str = ""
    html: str = ""
    level: int | None = None  # heading: 1-6
    ordered: bool | None = None  # list
    start: int | None = None  # ordered list: the first item's number when not 1
    items: tuple[ListItem, ...] = ()  # list
    rows: tuple[tuple[str, ...], ...] = ()  # table: first row is the header when `header`
    cell_html: tuple[tuple[str, ...], ...] = ()  # table: each cell's inline HTML, like `html`
    header: bool = False  # table
    caption: str | None = None  # table: its <caption>
    children: tuple[Block, ...] = ()  # quote
    image: Image | None = None  # figure
    language: str | None = None  # code
    footnotes: tuple[Footnote, ...] = ()  # footnotes: the notes the text refers to, in order

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        if self.type == "heading":
            out["level"] = self.level
        if self.type in ("heading", "paragraph"):
            out["text"] = self.text
            out["html"] = self.html
        elif self.type == "list":
            out["ordered"] = bool(self.ordered)
            out["start"] = self.start
            out["items"] = [item.to_dict() for item in self.items]
        elif self.type == "quote":
            out["children"] = [child.to_dict() for child in self.children]
        elif self.type == "table":
            out["header"] = self.header
            out["rows"] = [list(row) for row in self.rows]
            out["cell_html"] = [list(row) for row in self.cell_html]
            out["caption"] = self.caption
            out["html"] = self.html
        elif self.type == "figure":
            out["image"] = self.image.to_dict() if self.image else None
        elif self.type == "code":
            out["language"] = self.language
            out["text"] = self.text
        elif self.type == "math":
            out["text"] = self.text
        elif self.type == "footnotes":
            out["items"] = [note.to_dict() for note in self.footnotes]
        return out


@dataclass(frozen=True)
class ListItem:
    """One item of a list block: its plain text, its inline HTML and the lists nested in it."""

    text: str
    html: str = ""
    children: tuple[Block, ...] = ()  # nested lists; a structured item's content from its first block on

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "html": self.html}
        if self.children:
            out["children"] = [child.to_dict() for child in self.children]
        return out


@dataclass(frozen=True)
class Footnote:
    """A note the text refers to as [^label]: its text, and its inline HTML like Block.html."""

    label: str
    text: str
    html: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "text": self.text, "html": self.html}


@dataclass(frozen=True)
class Extraction:
    """How the body was found, so users can judge how far to trust it."""

    method: str  # e.g. "semantic", "scored", "region", "json-ld", "baseline", "none"
    warnings: tuple[str, ...] = ()
    # "article", "forum", "product", "listing", "documentation", "service", or None: not known
    page_type: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "page_type": self.page_type, "warnings": list(self.warnings)}


@dataclass(frozen=True)
class Article:
    """The record of one page: its metadata, the body as blocks and as plain text, how the
    body was found (`extraction`), where each field came from and how far to trust it."""

    source: Source
    url: str | None = None
    title: str | None = None
    description: str | None = None
    authors: tuple[Author, ...] = ()
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    language: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    image: Image | None = None
    access: str | None = None  # "free", "paywalled", or None when the page does not say
    truncated: bool = False  # the body is a teaser of a longer article
    blocks: tuple[Block, ...] = ()
    text: str = ""
    links: tuple[str, ...] = ()
    word_count: int = 0
    extraction: Extraction = field(default_factory=lambda: Extraction("none"))
    provenance: dict[str, str] = field(default_factory=dict)
    # How far to trust title, authors and published: "high", "medium" or "low"
    # (metadata/confidence.py says when each applies).
    confidence: dict[str, str] = field(default_factory=dict)

    # The record keeps dates as ISO strings (JSON has no date type); these give them
    # as Python values: datetime (aware when the page gave an offset), or date.
    @property
    def published_datetime(self) -> datetime.date | None:
        from .dates import iso_to_datetime

        return iso_to_datetime(self.published)

    @property
    def modified_datetime(self) -> datetime.date | None:
        from .dates import iso_to_datetime

        return iso_to_datetime(self.modified)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "source": self.source.to_dict(),
            "url": self.url,
            "title": self.title,
            "description": self.description,
            "authors": [a.to_dict() for a in self.authors],
            "published": self.published,
            "modified": self.modified,
            "site_name": self.site_name,
            "language": self.language,
            "section": self.section,
            "tags": list(self.tags),
            "image": self.image.to_dict() if self.image else None,
            "access": self.access,
            "truncated": self.truncated,
            "text": self.text,
            "word_count": self.word_count,
            "links": list(self.links),
            "blocks": [b.to_dict() for b in self.blocks],
            "extraction": self.extraction.to_dict(),
            "provenance": dict(sorted(self.provenance.items())),
            "confidence": dict(sorted(self.confidence.items())),
        }
