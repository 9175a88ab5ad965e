"""metadata.extract_metadata on small pages that show one rule each: whole records read from
one kind of source (JSON-LD, even broken; OpenGraph alone; nothing), and page.py's text helpers."""
from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsparse.metadata import Metadata, extract_metadata
from newsparse.model import Author


def extract(html: str, page_url: str | None = None) -> Metadata:
    return extract_metadata(LexborHTMLParser(html), page_url=page_url)


GRAPH_PAGE = """<!doctype html><html lang="en-GB"><head>
<title>Rivers rise after storm | Example Times</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "@id": "https://example.org/#site", "name": "Example Times"},
  {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "name": "Home"}]},
  {"@type": ["NewsArticle"], "headline": "Rivers rise after storm",
   "author": [{"@id": "https://example.org/#jane"}, {"@type": "Person", "name": "John Smith"}],
   "datePublished": "2023-09-07T14:03:00+03:00", "dateModified": "2023-09-08T09:00:00+03:00",
   "publisher": {"@type": "Organization", "name": "Example Times"},
   "articleSection": ["World", "Weather"], "keywords": "floods, storm, Floods",
   "inLanguage": "en-GB", "mainEntityOfPage": "https://example.org/2023/09/07/rivers",
   "image": {"@type": "ImageObject", "url": "/img/river.jpg", "caption": "The river at dawn",
             "creditText": "Photo Agency"}},
  {"@type": "Person", "@id": "https://example.org/#jane", "name": "Jane Doe",
   "url": "https://example.org/staff/jane"}
]}
</script></head><body><article><h1>Rivers rise after storm</h1><p>Text.</p></article></body></html>"""


def test_json_ld_graph_with_author_references() -> None:
    meta = extract(GRAPH_PAGE, page_url="https://example.org/2023/09/07/rivers")
    assert meta.title == "Rivers rise after storm"
    assert meta.authors == (Author("Jane Doe", "https://example.org/staff/jane"), Author("John Smith"))
    assert meta.published == "2023-09-07T14:03:00+03:00"
    assert meta.modified == "2023-09-08T09:00:00+03:00"
    assert meta.site_name == "Example Times"
    assert meta.section == "World"
    assert meta.tags == ("floods", "storm")
    assert meta.url == "https://example.org/2023/09/07/rivers"
    assert meta.image is not None
    assert meta.image.url == "https://example.org/img/river.jpg"
    assert (meta.image.caption, meta.image.credit) == ("The river at dawn", "Photo Agency")
    assert meta.language == "en-GB"
    assert meta.provenance["authors"] == "json-ld"
    assert meta.provenance["published"] == "json-ld"


def test_broken_json_ld_is_still_read() -> None:
    html = """<html><head><script type="application/ld+json"><!--
    {"@type": "Article", "headline": "Broken but readable",
     "author": {"@type": "Person", "name": ["Ann Lee", "Bo Chan"],},
     "datePublished": "2021-03-04",
     "description": "line one
line two",}
    {"@type": "Organization", "name": "Other"}
    --></script></head><body></body></html>"""
    meta = extract(html)
    assert meta.title == "Broken but readable"
    assert [a.name for a in meta.authors] == ["Ann Lee", "Bo Chan"]
    assert meta.published == "2021-03-04"
    assert meta.description == "line one line two"


def test_open_graph_only_page() -> None:
    html = """<html><head>
    <meta property="og:title" content="Harbour reopens">
    <meta property="og:site_name" content="Coast News">
    <meta property="og:description" content="  The harbour   reopened today. ">
    <meta property="og:url" content="https://coast.example/harbour">
    <meta property="og:image" content="https://coast.example/h.jpg">
    <meta property="og:locale" content="fr_FR">
    <meta property="article:published_time" content="2022-06-01T08:00:00Z">
    <meta property="article:section" content="Local">
    <meta property="article:tag" content="harbour"><meta property="article:tag" content="boats">
    <meta property="article:author" content="https://coast.example/people/ann">
    </head><body><p>Story</p></body></html>"""
    meta = extract(html)
    assert meta.title == "Harbour reopens"
    assert meta.site_name == "Coast News"
    assert meta.description == "The harbour reopened today."
    assert meta.url == "https://coast.example/harbour"
    assert meta.language == "fr-FR"
    assert meta.published == "2022-06-01T08:00:00+00:00"
    assert meta.section == "Local"
    assert meta.tags == ("harbour", "boats")
    assert meta.authors == ()  # an article:author URL alone is not a name
    assert meta.provenance["title"] == "meta:og:title"


def test_empty_page_gives_empty_metadata() -> None:
    meta = extract("")
    assert meta == Metadata()


@pytest.mark.parametrize("text", ["", "   ", "a", "  Jane   Doe \n\n von\tder  Leyen  ", "x" * 50 + " y",
                                  "\u3000word\u2028next\x1ctail ", "one two three four five six seven"])
@pytest.mark.parametrize("length", [0, 1, 5, 12, 40])
def test_clean_text_start_is_a_whole_word_prefix(text: str, length: int) -> None:
    from newsparse.metadata.page import clean_text, clean_text_start
    start, whole = clean_text_start(text, length)
    full = clean_text(text)
    assert whole == (start == full)
    assert full.startswith(start) and (whole or not start or full[len(start)] == " ")
    assert whole or len(start) >= len(clean_text(text[:length]))
