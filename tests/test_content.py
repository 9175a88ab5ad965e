"""Finding the main content: pruning, and how much of the page the body takes."""
from __future__ import annotations

from newsparse import parse

PROSE = ("The council voted on Tuesday to expand the tram network, a decision that officials said "
         "would cut commuting times, reduce traffic, and bring new investment to the eastern districts.")
MENU = "".join(f'<li><a href="/section/{n}">Section number {n}</a></li>' for n in range(12))


def page(body: str, head: str = "") -> bytes:
    return f"<html><head><title>Page</title>{head}</head><body>{body}</body></html>".encode()


def test_a_wrapper_hidden_until_a_script_shows_it_is_the_page_not_hidden_content():
    # Anti-flicker snippets hide the whole page with an inline style and show it from script.
    article = parse(page(
        f'<div style="visibility:hidden;min-height:100vh"><ul>{MENU}</ul>'
        f'<article><h1>Trams</h1><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article></div>'))
    assert PROSE in article.text


def test_a_small_box_hidden_by_its_style_still_goes():
    article = parse(page(
        f'<article><h1>Trams</h1><p>{PROSE}</p><p>{PROSE}</p>'
        '<div style="display: none"><p>Thank you for subscribing to our newsletter, see you soon.</p></div>'
        f'<p>{PROSE}</p></article>'))
    assert "subscribing" not in article.text
    assert PROSE in article.text
