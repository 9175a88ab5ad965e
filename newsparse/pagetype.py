"""What kind of page this is: an article, a product, a forum thread or Q&A, a
listing, documentation, a service page.

First as the page declares it, by the schema.org types of its JSON-LD and
microdata and by its OpenGraph type: the content stage uses that to decide how
much of the page is content (a declared article is one container of prose, a
listing the whole content region). Then, for the record's
`extraction.page_type`, completed from the body that was found: a page that
declares nothing but whose body is one long run of prose is an article.

This module does not choose the body; content.py does.
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from . import rules
from .model import Block

# schema.org types by the page type they declare, checked in the order of PAGE_TYPES:
# TechArticle is an Article, so documentation goes first; a review declares the Product
# it reviews beside its Article, and news pages list their carousels as ItemLists, so
# an Article outranks both.
SCHEMA_TYPES = {
    # Not "Question" alone: an FAQPage's main entities are Questions too, on product and
    # service pages; a Q&A thread declares QAPage.
    "forum": frozenset({"DiscussionForumPosting", "QAPage", "SocialMediaPosting"}),
    "product": frozenset({"Product", "ProductGroup", "IndividualProduct", "ProductModel", "Car", "Vehicle"}),
    "documentation": frozenset({"TechArticle", "APIReference"}),
    # A company's page about what it offers: its services, its FAQ.
    "service": frozenset({"Service", "FAQPage"}),
    "listing": frozenset({"CollectionPage", "ItemList", "SearchResultsPage", "OfferCatalog"}),
    "article": frozenset({
        "Article", "NewsArticle", "BlogPosting", "LiveBlogPosting", "Report", "ScholarlyArticle",
        "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
        "ReviewNewsArticle", "Recipe",
    }),
}
PAGE_TYPES = ("forum", "documentation", "article", "product", "service", "listing")

# Lists and graphs nest this deep at most in real pages; deeper is not worth a walk.
MAX_GRAPH_DEPTH = 4

# OpenGraph types ("product", "product.group", "og:product") by page type.
OPENGRAPH_PREFIXES = (("article", "article"), ("product", "product"), ("og:product", "product"))


def declared_page_type(json_ld: list[Any], item_types: Iterable[str], og_type: str | None) -> str | None:
    """The page type the page's structured data declares, or None when it declares none.
    `item_types` are the body's microdata itemtype values and `og_type` the head's
    og:type, as metadata's walk read them (Metadata.item_types, Metadata.og_type)."""
    declared = schema_types(json_ld) | microdata_types(item_types)
    for page_type in PAGE_TYPES:
        if not SCHEMA_TYPES[page_type].isdisjoint(declared):
            return page_type
    return opengraph_page_type(og_type)


def schema_types(json_ld: list[Any]) -> set[str]:
    """The types of the page's top-level JSON-LD objects (those of a @graph included) and
    of their main entities: the types of what they mention (an author Person, a publisher
    Organization, a carousel's ItemList) do not describe the page."""
    types: set[str] = set()
    for obj in top_level_objects(json_ld):
        for item in (obj, obj.get("mainEntity")):
            value = item.get("@type") if isinstance(item, dict) else None
            for name in value if isinstance(value, list) else (value,):
                if isinstance(name, str):
                    types.add(name.rsplit("/", 1)[-1].rsplit(":", 1)[-1])
    return types


def top_level_objects(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > MAX_GRAPH_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from top_level_objects(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from top_level_objects(value["@graph"], depth + 1)


def microdata_types(item_types: Iterable[str]) -> set[str]:
    """The schema.org item types of the page's microdata: "http://schema.org/Product"
    gives "Product"."""
    return {url.rstrip("/").rsplit("/", 1)[-1] for value in item_types for url in value.split()}


def opengraph_page_type(og_type: str | None) -> str | None:
    value = (og_type or "").strip().lower()
    for prefix, page_type in OPENGRAPH_PREFIXES:
        if value == prefix or value.startswith(prefix + "."):
            return page_type
    return None


def page_type(declared: str | None, blocks: list[Block], method: str) -> str | None:
    """The record's page type: the declared one, else "article" for a body that one
    container of prose gave, else None (not known)."""
    if declared is not None:
        return declared
    if method == "region" or not blocks:
        return None
    prose = sum(len(block.text) for block in blocks
                if block.type == "paragraph" and len(block.text) >= rules.BASELINE_MIN_PARAGRAPH_CHARS)
    return "article" if prose >= rules.REGION_MAX_PICK_PROSE else None
