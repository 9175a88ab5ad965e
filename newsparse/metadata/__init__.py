"""DOM -> article metadata: each field an explicit fallback chain.

Sources are tried in the order in which they are most often right:

1. JSON-LD (schema.org Article and friends, through @graph and @id links);
2. meta tags: OpenGraph, article:*, Twitter, Dublin Core, citation_*, and
   the plain name="author"/"date" family, plus itemprop microdata;
3. what the page shows: <title>, the article's <h1>, <time>, bylines,
   <html lang>, <link rel=canonical>.

The pipeline calls `extract_metadata` on the unmodified tree, before content
extraction prunes it. `Metadata.provenance` records, for each field found,
which source won, and `Metadata.confidence` how far to trust title, authors and
published (confidence.py holds the rule; each finder says what backs its value).

This module only orders the chains. Each lives in a module of its own: title.py,
authors.py (over bylines.py and names.py), published.py and site.py, all over page.py,
which reads the page once and holds what more than one of them needs. The finders
never import each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from newsparse.dates import is_after
from newsparse.metadata.authors import authors_evidence, find_authors
from newsparse.metadata.confidence import confidence_level
from newsparse.metadata.page import base_href_of, content_tier_of, read_page
from newsparse.metadata.published import (
    declared_offset,
    find_modified,
    find_published,
    printed_offset,
    published_evidence,
    to_local,
)
from newsparse.metadata.site import (
    find_description,
    find_image,
    find_language,
    find_section,
    find_site_name,
    find_tags,
    find_url,
    site_name_from_title,
    writes_day_first,
)
from newsparse.metadata.title import find_title, title_evidence
from newsparse.model import Author, Image

# Importable from here too, as before the split (the tests split bylines with it).
from newsparse.metadata.names import split_author_names  # noqa: F401

__all__ = ["Metadata", "extract_metadata"]


# ----------------------------------------------------------------------------- record


@dataclass(frozen=True)
class Metadata:
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
    provenance: dict[str, str] = field(default_factory=dict)
    # For title, authors and published when found: "high", "medium" or "low" (confidence.py).
    confidence: dict[str, str] = field(default_factory=dict)
    # The page's JSON-LD, parsed (leniently) once for the later stages: access, data bodies.
    json_ld: tuple[Any, ...] = ()
    # Read in the same walk for the later stages, which would each need a walk of their
    # own: the first <base href> (stripped; "" when none), and the content attribute of
    # the first OpenGraph content-tier meta (None when none).
    base_href: str = ""
    content_tier: str | None = None
    # What pagetype.py reads, gathered in the same walk: the body's microdata itemtype
    # values and the head's og:type ("" when present but empty, None when absent).
    item_types: tuple[str, ...] = ()
    og_type: str | None = None


# ----------------------------------------------------------------------------- entry point


def extract_metadata(tree: LexborHTMLParser, *, page_url: str | None = None,
                     saved_at: str | None = None) -> Metadata:
    """Read title, authors, dates and the other fields from an unmodified parsed page.

    `saved_at` is when the copy was made (a SingleFile or browser save, an archive
    capture), as ISO 8601: a date printed on the page that day is not the article's."""
    page = read_page(tree, page_url)
    page.saved_day = saved_at[:10] if saved_at else None
    provenance: dict[str, str] = {}

    def pick(name: str, found: tuple[Any, str] | None) -> Any:
        if found is None:
            return None
        provenance[name] = found[1]
        return found[0]

    url = pick("url", find_url(page))
    site_name = pick("site_name", find_site_name(page))
    language = pick("language", find_language(page))
    authors = pick("authors", find_authors(page, site_name, url)) or ()
    title = pick("title", find_title(page, site_name, url or page_url, [a.name for a in authors]))
    if site_name is None:
        site_name = pick("site_name", site_name_from_title(page, title))
    day_first = writes_day_first(language)
    published = pick("published", find_published(page, day_first, url or page_url, title))
    confidence = {}
    if title:
        confidence["title"] = confidence_level(title_evidence(page, title, site_name, url or page_url,
                                                              [a.name for a in authors]))
    if authors:
        confidence["authors"] = confidence_level(
            authors_evidence(page, authors, provenance["authors"], site_name, url))
    if published:
        confidence["published"] = confidence_level(
            published_evidence(page, published, provenance["published"], day_first))
    modified = pick("modified", find_modified(page, day_first))
    local_offset = declared_offset(page, day_first) or (published and printed_offset(page, published, day_first))
    if local_offset:
        published = published and to_local(published, local_offset)
        modified = modified and to_local(modified, local_offset)
    if published and modified and is_after(published, modified):
        # A modification before publication is a scheduled post's last draft: the page
        # shows the publication date (the later one), the draft date is not news.
        modified = None
        del provenance["modified"]
    return Metadata(
        url=url,
        title=title,
        description=pick("description", find_description(page)),
        authors=tuple(authors),
        published=published,
        modified=modified,
        site_name=site_name,
        language=language,
        section=pick("section", find_section(page)),
        tags=tuple(pick("tags", find_tags(page)) or ()),
        image=pick("image", find_image(page)),
        provenance=provenance,
        confidence=confidence,
        json_ld=tuple(page.json_values),
        base_href=base_href_of(page.survey),
        content_tier=content_tier_of(page.survey),
        item_types=tuple(page.survey.item_types),
        og_type=page.survey.og_type,
    )
