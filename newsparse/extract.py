"""The pipeline: bytes -> page -> DOM -> metadata + body -> Article."""
from __future__ import annotations

from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from . import rules
from .blocks import build_blocks, collect_links, plain_text
from .content import find_main_content, word_count
from .metadata import Metadata, extract_metadata
from .model import Article, Block, Extraction, Image, Source
from .read import load_page


def parse(data: bytes, *, path: str | None = None, url: str | None = None) -> Article:
    """Turn the bytes of a saved page (HTML, gzipped HTML or MHTML) into an Article.

    `path` is recorded in `source.path`; `url` is the page's address when the
    page itself does not say (used for relative links, and as `url` only if
    the page gives none). Raises NewsparseError for input that is not a page.
    """
    page = load_page(data, path=path)
    return parse_html(page.html, source=page.source, url=url)


def parse_html(html: str, *, source: Source | None = None, url: str | None = None) -> Article:
    source = source or Source()
    page_url = source.saved_from_url or url
    tree = LexborHTMLParser(html)
    meta = extract_metadata(tree, page_url=page_url)
    base = base_url(tree, meta.url or page_url)

    blocks, method = extract_body(tree, base, meta)
    if text_length(blocks) < rules.MIN_ARTICLE_CHARS:
        # Class-name pruning may have taken the article itself ("post has-sidebar"):
        # try once more without it and keep whichever found more.
        looser, looser_method = extract_body(LexborHTMLParser(html), base, meta, prune_by_class=False)
        if text_length(looser) > text_length(blocks):
            blocks, method = looser, looser_method + "-loose"

    text = plain_text(blocks)
    warnings = () if blocks else ("no article text found",)
    return Article(
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
        blocks=tuple(blocks),
        text=text,
        links=tuple(collect_links(blocks)),
        word_count=word_count(text),
        extraction=Extraction(method if blocks else "none", warnings),
        provenance=dict(meta.provenance),
    )


def extract_body(tree: LexborHTMLParser, base: str | None, meta: Metadata,
                 prune_by_class: bool = True) -> tuple[list[Block], str]:
    content = find_main_content(tree, prune_by_class=prune_by_class)
    authors = tuple(author.name for author in meta.authors)
    return build_blocks(content.nodes, base_url=base, title=meta.title, authors=authors), content.method


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


def base_url(tree: LexborHTMLParser, page_url: str | None) -> str | None:
    """What relative links are resolved against: <base href> (itself relative to the page), else the page."""
    base = tree.css_first("base[href]")
    href = (base.attributes.get("href") or "").strip() if base is not None else ""
    if href:
        return urljoin(page_url, href) if page_url else href
    return page_url


def text_length(blocks: list[Block]) -> int:
    return len(plain_text(blocks))
