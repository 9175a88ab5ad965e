"""The per-field confidence (metadata/confidence.py): high when the page's structured data
and what it shows agree, medium when one strong source spoke, low when only a weak one did
or the sources disagree."""
from __future__ import annotations

import json

from selectolax.lexbor import LexborHTMLParser

import newsparse
from newsparse.metadata import Metadata, extract_metadata


def extract(html: str, page_url: str | None = None) -> Metadata:
    return extract_metadata(LexborHTMLParser(html), page_url=page_url)


AGREEING_PAGE = """<html lang="en"><head><title>Harbour bridge reopens after repairs | The Harbor Times</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Harbour bridge reopens after repairs",
 "datePublished": "2024-03-12T06:00:00-05:00", "author": {"@type": "Person", "name": "Priya Raman"}}</script>
</head><body><article><h1>Harbour bridge reopens after repairs</h1>
<p class="byline">By <a href="/authors/priya-raman" rel="author">Priya Raman</a> | March 12, 2024</p>
<p>The bridge reopened to traffic on Tuesday after eight months of repairs to its deck.</p></article></body></html>"""


def test_structured_data_and_the_page_agreeing_is_high() -> None:
    meta = extract(AGREEING_PAGE)
    assert [a.name for a in meta.authors] == ["Priya Raman"]
    assert meta.confidence == {"title": "high", "authors": "high", "published": "high"}


def test_only_a_date_in_the_url_is_low() -> None:
    html = """<html><body><article><h1>Notes from the allotment</h1>
    <p>The beans came up late this year, but the courgettes made up for it.</p></article></body></html>"""
    meta = extract(html, page_url="https://blog.example.org/2019/03/04/notes-from-the-allotment")
    assert meta.published == "2019-03-04"
    assert meta.confidence["published"] == "low"


def test_structured_data_alone_is_medium() -> None:
    html = """<html><head><meta property="article:published_time" content="2021-06-01T08:00:00+00:00">
    </head><body><article><h1>Allotment waiting lists grow</h1>
    <p>More people than ever are waiting for a plot in the city's allotments.</p></article></body></html>"""
    assert extract(html).confidence["published"] == "medium"


def test_a_date_the_page_contradicts_is_low() -> None:
    # The data says 1 June, the header prints 9 June: whichever is taken, one of them is wrong.
    html = """<html><head><meta property="article:published_time" content="2021-06-01T08:00:00+00:00">
    </head><body><article><h1>Allotment waiting lists grow</h1><p class="meta">June 9, 2021</p>
    <p>More people than ever are waiting for a plot in the city's allotments.</p></article></body></html>"""
    meta = extract(html)
    assert meta.published is not None
    assert meta.confidence["published"] == "low"


def test_a_title_from_the_tab_alone_is_low() -> None:
    html = """<html><head><title>Allotment waiting lists grow - City News</title></head>
    <body><p>More people than ever are waiting for a plot in the city's allotments.</p></body></html>"""
    meta = extract(html)
    assert meta.title is not None
    assert meta.confidence["title"] == "low"


def test_the_record_gives_confidence_only_for_fields_it_has() -> None:
    record = json.loads(newsparse.render(newsparse.parse(
        b"<html><body><p>Only a paragraph of text, no title, no author and no date at all.</p></body></html>"),
        "json"))
    assert record["confidence"] == {}
    record = json.loads(newsparse.render(newsparse.parse(AGREEING_PAGE.encode()), "json"))
    assert record["confidence"] == {"authors": "high", "published": "high", "title": "high"}
    assert list(record)[-2:] == ["provenance", "confidence"]
