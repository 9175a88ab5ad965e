"""metadata.extract_metadata on small pages that show one rule each: the headline (title.py)."""
from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsparse.metadata import Metadata, extract_metadata


def extract(html: str, page_url: str | None = None) -> Metadata:
    return extract_metadata(LexborHTMLParser(html), page_url=page_url)


def test_title_loses_site_name_suffix() -> None:
    html = """<html><head><title>Markets rally on rate news - The Daily Ledger</title>
    <meta property="og:site_name" content="The Daily Ledger"></head>
    <body><h2>Markets</h2></body></html>"""
    assert extract(html).title == "Markets rally on rate news"


def test_h1_printed_as_the_titles_first_segment_is_the_headline() -> None:
    html = """<html><head><title>Ben Wilson Surf - Point of Sail - Segelmacher, Surf und Kite Shop und
    Reparatur in Kiel</title></head><body><h1>Ben Wilson Surf</h1><p>Text.</p></body></html>"""
    assert extract(html).title == "Ben Wilson Surf"


def test_wordpress_blog_archive_segment_is_not_part_of_the_headline() -> None:
    html = """<html><head><title>Four Years Remaining » Blog Archive » Interning of Small Integers
    in Python</title><meta property="og:site_name" content="Four Years Remaining"></head><body>
    <h1>Four Years Remaining</h1><h2>Interning of Small Integers in Python</h2><p>Text.</p></body></html>"""
    assert extract(html).title == "Interning of Small Integers in Python"


def test_h2_confirms_the_headline_when_the_h1s_are_empty() -> None:
    html = """<html><head><title>Der Genossenschaftsverband Bayern im Porträt | Genossenschaftsverband
    Bayern e.V.</title></head><body><h1><img src="/logo.svg" alt=""></h1><h2>Meldungen</h2>
    <h2>Der Genossenschaftsverband Bayern im Porträt</h2><p>Text.</p></body></html>"""
    assert extract(html).title == "Der Genossenschaftsverband Bayern im Porträt"


def test_an_h2_is_never_the_title_on_its_own() -> None:
    html = """<html><head><title>Rivers rise after the storm</title></head><body><h1></h1>
    <h2>Weather</h2><p>Text.</p></body></html>"""
    assert extract(html).title == "Rivers rise after the storm"


def test_title_suffix_found_from_domain_without_site_name() -> None:
    html = "<html><head><title>Snow closes roads | Alpenpost</title></head><body></body></html>"
    assert extract(html, page_url="https://www.alpenpost.example/a/1").title == "Snow closes roads"


def test_h1_wins_over_truncated_og_title() -> None:
    html = """<html><head><meta property="og:title" content="A very long headline about the...">
    <title>A very long headline about the new bridge | Site</title></head>
    <body><main><h1>A very long headline about the new bridge</h1></main></body></html>"""
    assert extract(html).title == "A very long headline about the new bridge"


@pytest.mark.parametrize("home", ["/", "https://example.org", "https://example.org/index.php",
                                  "https://web.archive.org/web/20080731095558/http://www.example.org/"])
def test_h1_linking_to_the_home_page_is_the_site_name(home: str) -> None:
    # Blog themes print the site's name as an h1 logo above every post.
    html = f"""<html><head><title>Why small integers are interned | Example Blog</title></head>
    <body><div id="header"><h1><a href="{home}">Example Blog</a></h1></div>
    <div class="post"><h2>Why small integers are interned</h2><p>Some text.</p></div></body></html>"""
    assert extract(html).title == "Why small integers are interned"


def test_h1_linking_to_a_post_is_not_a_logo() -> None:
    html = """<html><head><title>Why small integers are interned | Example Blog</title></head>
    <body><h1><a href="/2020/05/small-integers">Why small integers are interned</a></h1>
    <p>Some text.</p></body></html>"""
    assert extract(html).title == "Why small integers are interned"


def test_single_guillemet_separates_the_site_name() -> None:
    html = """<html><head><meta property="og:site_name" content="Old Town Society">
    <title>Christmas market › Old Town Society</title></head><body><p>Some text.</p></body></html>"""
    assert extract(html).title == "Christmas market"


def test_h1_printed_with_the_site_suffix_loses_it_when_the_markup_confirms() -> None:
    html = """<html><head><meta property="og:site_name" content="Federal Agency">
    <meta property="og:title" content="New rules for old heaters">
    <title>New rules for old heaters | Federal Agency</title></head>
    <body><h1>New rules for old heaters | Federal Agency</h1><p>Some text.</p></body></html>"""
    meta = extract(html)
    assert meta.title == "New rules for old heaters"
    assert meta.provenance["title"] == "h1"


def test_a_page_s_long_title_is_not_kept_after_the_page() -> None:
    # Titles are cached by text (a page compares each with every other): a title of
    # megabytes, as a hostile page may hold, must not stay in memory for the next pages.
    import gc
    import tracemalloc

    title = "word " * 200_000
    html = f"<html><head><title>{title}</title><meta property='og:title' content='{title}'></head><body></body></html>"
    tracemalloc.start()
    try:
        extract(html)
        gc.collect()
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept < 200_000
