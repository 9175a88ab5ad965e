"""Hostile input that must cost one field at most, never the page: bad numbers in
JSON-LD and attributes, and damaged or unusual byte streams (read.py)."""
from __future__ import annotations

import codecs
import gzip
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsparse import parse, render

PROPERTY_SETTINGS = settings(max_examples=80, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.too_slow])
WORDS = "The council met on Tuesday to discuss the new bridge over the river and its cost. " * 4


def page_with(body: str = "", head: str = "") -> bytes:
    return (f"<!doctype html><html><head><title>Bridge</title>{head}</head><body><article><h1>Bridge</h1>"
            f"<p>{WORDS}</p>{body}<p>{WORDS}</p></article></body></html>").encode("utf-8")


def json_ld(text: str) -> str:
    return f'<script type="application/ld+json">{text}</script>'


# ---------------------------------------------------------------- numbers in JSON-LD

BAD_NUMBERS = ["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "9" * 5000, "-" + "9" * 400, "1e-999", '"²"',
               '"' + "9" * 5000 + '"', "1.7976931348623157e308", "-0", "1E400"]
KEYS = ["datePublished", "dateModified", "dateCreated", "uploadDate", "wordCount", "author", "headline",
        "name", "image", "url", "isAccessibleForFree", "keywords", "articleSection", "inLanguage", "publisher",
        "hasPart", "thumbnailUrl", "description", "articleBody", "mainEntityOfPage", "@id", "recipeIngredient"]


@pytest.mark.parametrize("number", BAD_NUMBERS)
def test_a_bad_number_in_json_ld_loses_the_field_not_the_page(number):
    fields = ", ".join(f'"{key}": {number}' for key in KEYS if not key.startswith("@"))
    article = parse(page_with(head=json_ld(f'{{"@type": "NewsArticle", {fields}}}')))
    assert article.text  # the page's, or articleBody's when that is the string given
    assert article.published is None and article.title == "Bridge"


# Any JSON at all, numbers that Python reads but no field can use included.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(min_value=10**25, max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(KEYS + ["@type"]), children,
                                                                         max_size=4),
    max_leaves=12)


@PROPERTY_SETTINGS
@given(st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, min_size=1, max_size=6),
       st.sampled_from(["NewsArticle", "WebPage", "Recipe", "Person"]))
def test_any_json_ld_values_give_a_record(fields, item_type):
    data = {"@type": item_type, **fields}
    article = parse(page_with(head=json_ld(json.dumps(data))))  # NaN and Infinity as Python writes them
    assert "council met" in article.text
    json.loads(render(article, "json"))


@pytest.mark.parametrize("attribute", ['start="²"', 'start="' + "9" * 5000 + '"', 'start="1e999"'])
def test_a_bad_list_start_loses_the_number_not_the_page(attribute):
    article = parse(page_with(body=f"<ol {attribute}><li>first point</li><li>second point</li></ol>"))
    lists = [block for block in article.blocks if block.type == "list"]
    assert lists and lists[0].start is None


def test_a_bad_srcset_descriptor_loses_that_candidate_not_the_page():
    article = parse(page_with(body='<img srcset="/a.jpg ²x, /b.jpg 1x" alt="x">'))
    assert [block.image.url for block in article.blocks if block.type == "figure"] == ["/b.jpg"]


# ---------------------------------------------------------------- reading bytes

ARTICLE_HTML = page_with().decode("utf-8")
# Generous: the machine is shared. Linear reading takes well under a second; the
# quadratic one took minutes.
READ_SECONDS = 10


@pytest.mark.parametrize("members", [150_000, 300_000])
def test_gzip_with_many_members_is_read_in_linear_time(deadline, members):
    data = gzip.compress(ARTICLE_HTML.encode("utf-8")) + gzip.compress(b"") * members
    with deadline(READ_SECONDS):
        article = parse(data)
    assert article.title == "Bridge" and not article.extraction.warnings


def test_many_members_that_each_hold_a_piece_are_all_read(deadline):
    raw = ARTICLE_HTML.encode("utf-8")
    data = b"".join(gzip.compress(raw[i:i + 7]) for i in range(0, len(raw), 7))
    with deadline(READ_SECONDS):
        article = parse(data)
    assert article.text == parse(raw).text


def test_a_truncated_gzip_gives_a_record_that_says_so():
    # Varied text, so that three quarters of the compressed stream inflate to most of it.
    varied = " ".join(f"word{number * 7919 % 10007}" for number in range(3000))
    data = gzip.compress(page_with(body=f"<p>{varied}</p>"))
    article = parse(data[: len(data) * 3 // 4])
    assert article.text
    assert any("cut short" in warning for warning in article.extraction.warnings)
    assert not parse(data).extraction.warnings
    assert "cut short" in render(article, "json")


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be"])
def test_utf32_with_a_byte_order_mark_is_decoded(codec):
    text = ARTICLE_HTML.replace("Bridge</h1>", "Brücke</h1>")
    data = text.encode(codec)
    if codec != "utf-32":  # the explicit-endian codecs write no mark
        data = (codecs.BOM_UTF32_LE if codec.endswith("le") else codecs.BOM_UTF32_BE) + data
    article = parse(data)
    assert article.source.encoding in ("utf-32le", "utf-32be")
    assert "council met" in article.text and "Brücke" in article.text
