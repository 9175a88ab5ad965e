"""What may enter the record: the address gate and the text filter (newsparse.sanitize),
through the whole pipeline: any control character, any lone surrogate, any script
address a page carries never reaches the record."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsparse import parse, render
from newsparse.sanitize import clean_chars, safe_url

from fuzz_parse import UNWANTED_CHARS, record_addresses, record_strings, runs_as_script

PROPERTY_SETTINGS = settings(max_examples=80, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.too_slow])
WORDS = "The council met on Tuesday to discuss the new bridge over the river and its cost. " * 4

# What a browser ignores around and inside a scheme (WHATWG): any C0 control or space
# at the ends, tab and newline anywhere.
EDGE_CHARS = st.text(st.sampled_from([chr(c) for c in range(0x21)]), max_size=4)
SCHEMES = st.sampled_from(["javascript:alert(1)", "JaVaScRiPt:x", "vbscript:x", "data:text/html,<b>x",
                           "data:image/png;base64,AAAA"])


@st.composite
def disguised_script_urls(draw) -> str:
    """A script or data address padded and split the ways a browser reads through."""
    url = draw(SCHEMES)
    cut = draw(st.integers(0, len(url)))
    inner = draw(st.text(st.sampled_from("\t\n\r"), max_size=3))
    return draw(EDGE_CHARS) + url[:cut] + inner + url[cut:] + draw(EDGE_CHARS)


def as_attribute(text: str) -> str:
    """`text` in a double-quoted attribute, every character as a reference so that the
    parser hands back exactly `text` (the controls too)."""
    return "".join(f"&#x{ord(char):x};" for char in text)


def page_with(body: str = "", head: str = "") -> bytes:
    return (f"<!doctype html><html><head><title>Bridge</title>{head}</head><body><article><h1>Bridge</h1>"
            f"<p>{WORDS}</p>{body}<p>{WORDS}</p></article></body></html>").encode("utf-8", "surrogatepass")


@PROPERTY_SETTINGS
@given(disguised_script_urls())
def test_script_addresses_never_reach_the_record(url):
    assert safe_url(url) is None
    attr = as_attribute(url)
    article = parse(page_with(
        body=f'<p>See <a href="{attr}">this link</a> here.</p><img src="{attr}" alt="x"><video poster="{attr}"></video>',
        head=f'<meta property="og:image" content="{attr}"><link rel="canonical" href="{attr}">'
             f'<meta property="og:url" content="{attr}">'))
    record = json.loads(render(article, "json"))
    assert not [address for address in record_addresses(record) if runs_as_script(address)]
    assert "this link" in record["text"]  # the link's text stays


@PROPERTY_SETTINGS
@given(disguised_script_urls())
def test_script_addresses_from_json_ld_never_reach_the_record(url):
    data = {"@type": "NewsArticle", "headline": "Bridge", "url": url, "image": url,
            "author": {"@type": "Person", "name": "Jane Doe", "url": url}}
    article = parse(page_with(head=f'<script type="application/ld+json">{json.dumps(data)}</script>'))
    record = json.loads(render(article, "json"))
    assert not [address for address in record_addresses(record) if runs_as_script(address)]


def test_the_issue_examples_lose_their_script_addresses():
    article = parse(page_with(body='<p>A <a href="&#x01;javascript:alert(1)">link</a>.</p>'
                                   '<img src="java&#x0a;script:alert(1)" alt="x">'))
    assert article.links == ()
    assert "javascript" not in render(article, "json")
    assert not [b for b in article.blocks if b.type == "figure"]


def test_the_gate_reads_addresses_as_browsers_do():
    assert safe_url("\x01 https://example.com/a\tb\n ") == "https://example.com/ab"
    assert safe_url("https://example.com/\x1b[2J") == "https://example.com/%1B[2J"
    assert safe_url("mailto:someone@example.com") == "mailto:someone@example.com"
    assert safe_url("/relative/path") == "/relative/path"
    assert safe_url(" \x00 ") is None


# Any control character but tab and newline, and any lone surrogate.
UNWANTED = st.one_of(st.sampled_from([chr(c) for c in (*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0))]),
                     st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF))


@PROPERTY_SETTINGS
@given(UNWANTED, st.sampled_from(["headline", "description", "author", "articleSection", "keywords", "publisher"]))
def test_no_control_or_surrogate_from_json_ld_reaches_the_record(char, key):
    name = f"Jane{char}Doe{char}[2J"
    value = {"@type": "Person", "name": name} if key in ("author", "publisher") else name
    data = {"@type": "NewsArticle", "headline": "Bridge", "datePublished": "2024-03-01", key: value}
    # json.dumps escapes every one of them (\\u001b, \\ud800), as pages do.
    article = parse(page_with(head=f'<script type="application/ld+json">{json.dumps(data)}</script>'))
    for fmt in ("json", "jsonl", "markdown", "text"):
        output = render(article, fmt)
        output.encode("utf-8")  # strict: no surrogate
        assert not UNWANTED_CHARS.search(output), fmt
        assert "\\ud" not in output and "\\u001" not in output and "\\u0000" not in output, fmt


@PROPERTY_SETTINGS
@given(st.lists(UNWANTED, min_size=1, max_size=5))
def test_no_control_or_surrogate_from_the_body_reaches_the_record(chars):
    refs = "".join(f"&#x{ord(c):x};" for c in chars)
    raw = "".join(c for c in chars if not 0xD800 <= ord(c) <= 0xDFFF)
    article = parse(page_with(body=f"<p>Escape {refs} and {raw} here, in a paragraph of its own for the body.</p>"
                                   f"<ul><li>item {refs}</li></ul><table><tr><td>cell {refs}</td></tr></table>"))
    record = json.loads(render(article, "json"))
    assert not [s for s in record_strings(record) if UNWANTED_CHARS.search(s)]


def test_clean_chars_keeps_tab_and_newline_and_spaces_words():
    assert clean_chars("a\tb\nc") == "a\tb\nc"
    assert clean_chars("Jane Doe\x1b[2J\x1b[H") == "Jane Doe[2J[H"
    assert clean_chars("one\x0ctwo\rthree") == "one two three"
    assert clean_chars("\ud800x") == "\ufffdx"
