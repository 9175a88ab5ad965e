"""Parsing: a raw-text element left open must not swallow the page."""
from __future__ import annotations

import pytest

from newsparse import parse, parse_html
from newsparse.parse import parse_markup

PROSE = ("Builders renovating the old rectory on Church Lane found a tin trunk of parish records dating "
         "back to 1781, the county archive said on Monday, and volunteers are now drying the papers.")
BODY = f"<body><div id='main'><h1>Parish records found</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div></body>"


@pytest.mark.parametrize("as_bytes", [False, True])
def test_an_unclosed_title_no_longer_swallows_the_page(as_bytes: bool):
    html = f"<html><head><title>Parish records found\n<meta name='author' content='Jo Smith'></head>{BODY}</html>"
    article = parse(html.encode()) if as_bytes else parse_html(html)
    assert article.title == "Parish records found"
    assert PROSE in article.text
    assert [a.name for a in article.authors] == ["Jo Smith"]


def test_an_unclosed_textarea_in_the_body_no_longer_swallows_the_article():
    html = (f"<html><head><title>Parish records found</title></head><body><form><textarea name='q'>"
            f"</form><div id='main'><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div></body></html>")
    assert PROSE in parse_html(html).text


def test_closed_raw_text_elements_and_a_title_with_a_less_than_sign_are_left_alone():
    html = (f"<html><head><title>Why 1 < 2 matters</title></head><body><textarea><p>sample</p></textarea>"
            f"{BODY}</body></html>")
    tree, markup = parse_markup(html)
    assert markup is html
    assert parse_html(html).title == "Why 1 < 2 matters"


def test_a_short_unclosed_title_is_not_rewritten():
    # Nothing was swallowed that matters: the parse stands as it is.
    html = "<html><head><title>Notes</head><body><p>Short.</p></body></html>"
    assert parse_markup(html)[1] is html
