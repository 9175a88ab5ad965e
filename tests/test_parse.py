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


class Rang(Exception):
    pass


def test_an_alarm_ends_the_wait_for_an_interruptible_parse_stuck_in_c_code():
    # One element with distinct attributes by the ten thousand keeps Lexbor busy for
    # over a second here; the alarm's handler runs while it parses, not after.
    import signal
    import time

    from newsparse.parse import interruptible_parses, parse_document

    attributes = " ".join(f"a{i}=x" for i in range(30_000))
    stalling = f"<html><body><div {attributes}><p>Text.</p></div></body></html>"

    def ring(signum, frame):
        raise Rang()

    previous = signal.signal(signal.SIGALRM, ring)
    started = time.monotonic()
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        with pytest.raises(Rang), interruptible_parses():
            parse_document(stalling)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 0.6


def test_an_interruptible_parse_gives_the_same_tree_and_passes_errors_on(monkeypatch):
    import importlib

    from newsparse.parse import interruptible_parses, parse_document

    parse_module = importlib.import_module("newsparse.parse")  # newsparse.parse is the function

    markup = "<html><body><p>One <b>two</b></p></body></html>"
    with interruptible_parses():
        tree = parse_document(markup)
    assert tree.html == parse_document(markup).html

    def out_of_memory(markup):
        raise MemoryError()

    monkeypatch.setattr(parse_module, "LexborHTMLParser", out_of_memory)
    with pytest.raises(MemoryError), interruptible_parses():
        parse_document(markup)
