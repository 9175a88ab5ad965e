"""metadata.extract_metadata on small pages that show one rule each: the URL, language and
image fields (site.py)."""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from newsparse.metadata import Metadata, extract_metadata


def extract(html: str, page_url: str | None = None) -> Metadata:
    return extract_metadata(LexborHTMLParser(html), page_url=page_url)


def test_language_from_html_lang() -> None:
    html = '<html lang="de-AT"><head><meta property="og:locale" content="en_US"></head><body></body></html>'
    meta = extract(html)
    assert meta.language == "de-AT"
    assert meta.provenance["language"] == "html:lang"


def test_relative_canonical_resolved_against_page_url() -> None:
    html = '<html><head><link rel="canonical" href="/news/story-1"></head><body></body></html>'
    meta = extract(html, page_url="https://news.example/saved/copy.html")
    assert meta.url == "https://news.example/news/story-1"


def test_base_href_wins_over_page_url_for_resolving() -> None:
    html = """<html><head><base href="https://cdn.example/site/">
    <meta property="og:image" content="img/a.jpg"></head><body></body></html>"""
    meta = extract(html, page_url="https://other.example/x")
    assert meta.image is not None and meta.image.url == "https://cdn.example/site/img/a.jpg"


def test_non_web_urls_are_dropped() -> None:
    html = '<html><head><link rel="canonical" href="javascript:void(0)"></head><body></body></html>'
    assert extract(html).url is None


def test_a_long_keyword_list_is_read_in_linear_time(deadline) -> None:
    # Each tag was compared with every tag kept before it: 50,000 keywords took minutes.
    keywords = ",".join(f"keyword {number}" for number in range(50_000)) + ",KEYWORD 7"
    html = f'<html><head><meta name="keywords" content="{keywords}"></head><body></body></html>'
    with deadline(5):
        meta = extract(html)
    assert len(meta.tags) == 50_000 and meta.tags[:2] == ("keyword 0", "keyword 1")
