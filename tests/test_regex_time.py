"""Patterns that see page text run in linear time: each pathological input (the
issue's, and variations) must finish within a deadline, so a regression shows as
a failure rather than a hang. Generous: the machine is shared; the quadratic
versions took from seconds to minutes on these inputs."""
from __future__ import annotations

import re

import pytest

from newsparse import parse
from newsparse.embedded import _TAGS
from newsparse.metadata.names import EMAIL, NAME_SEPARATOR
from newsparse.metadata.page import TITLE_SEPARATOR
from newsparse.read import HTML_COMMENT_RE, MARKUP_RE, SCRIPT_OR_STYLE_RE
from newsparse.wayback import ARCHIVE_TAG_RE, ATTRIBUTE_RE, LINK_TAG_RE, SCRIPT_RE, _attributes

SECONDS = 5
N = 100_000


@pytest.mark.parametrize("text", [
    "a" * N, "a@" * (N // 2), "@" * N, "a@b" * (N // 3), "a@b." * (N // 4), "x" + "@a" * (N // 2) + ".",
    "By " + "a" * N + "@example", "Jane " + "." * N,
])
def test_the_byline_email_pattern_is_linear(deadline, text):
    with deadline(SECONDS):
        EMAIL.sub(" ", text)


# The patterns as they were (quadratic or worse), to check the linear ones agree on real text.
OLD_EMAIL = re.compile(r"\S+@\S+\.\w+")
OLD_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+)""")


@pytest.mark.parametrize("text", [
    "Jane Doe jane.doe@example.com, (x@y.org)", "jane@example.com", "By @jane@example.com", "By @jane",
    "a@@b.c and x@y", "Jane Doe | jane@example.co.uk | @janedoe", "mailto:jane@example.com?subject=x.y",
])
def test_the_email_pattern_still_removes_the_same_addresses(text):
    assert EMAIL.sub(" ", text) == OLD_EMAIL.sub(" ", text)


@pytest.mark.parametrize("text", [
    "<link " + "a" * N + ">", "<link " + "a" * N, '<link href="/web/1/' + "a" * N, "<link " + "a]" * (N // 2) + ">",
    "<link " + "a=" * (N // 2) + ">", "<link " + 'a="' * (N // 3), "<link " + " " * N + "=",
])
def test_the_wayback_attribute_pattern_is_linear(deadline, text):
    with deadline(SECONDS):
        ATTRIBUTE_RE.findall(text)
        _attributes(text)


@pytest.mark.parametrize("tag", [
    '<link rel="stylesheet" href=\'/a.css\' data-x=1 media=all>', '<input name="url" value="https://example.com/">',
    '<link rel="x"href="/web/2020/a"/>', '<meta  content = "a b"  name=x>', '<link a=b=c d="e\'f">',
])
def test_the_attribute_pattern_still_reads_the_same_attributes(tag):
    assert ATTRIBUTE_RE.findall(tag) == OLD_ATTRIBUTE.findall(tag)


@pytest.mark.parametrize("pattern", [NAME_SEPARATOR, TITLE_SEPARATOR])
@pytest.mark.parametrize("unit", [" ", "\t", " \n", "  a"])
def test_separator_patterns_are_linear_on_long_runs_of_space(deadline, pattern, unit):
    with deadline(SECONDS):
        pattern.split("Jane" + unit * (N // len(unit)) + "x")


@pytest.mark.parametrize("pattern", [LINK_TAG_RE, ARCHIVE_TAG_RE, SCRIPT_RE, _TAGS])
@pytest.mark.parametrize("unit", ["<link ", "<link a", "<meta ", "<script>", "<script ", "<", "<a "])
def test_tag_patterns_are_linear_on_unclosed_tags(deadline, pattern, unit):
    with deadline(SECONDS):
        pattern.findall(unit * (N // len(unit)))


@pytest.mark.parametrize("pattern", [HTML_COMMENT_RE, MARKUP_RE, SCRIPT_OR_STYLE_RE])
@pytest.mark.parametrize("unit", [b"<!--", b"<", b"<script", b"<style>", b"<a "])
def test_byte_patterns_of_the_reader_are_linear_on_unclosed_markup(deadline, pattern, unit):
    with deadline(SECONDS):
        pattern.sub(b" ", unit * (N // len(unit)))


@pytest.mark.parametrize("page", [
    # The whole pipeline on the inputs: a long author string, a long <link>.
    '<html><head><meta name="author" content="' + "a" * N + '@"><title>T</title></head><body><p>x</p></body></html>',
    '<html><head><meta name="author" content="' + "a@" * (N // 2) + '"><title>T</title></head><body></body></html>',
    '<html><head><title>' + "a " * (N // 2) + '</title></head><body><p class="byline">By ' + "\t" * N + '</p></body></html>',
    '<html><head><link rel="x" ' + "a" * N + '><title>T</title></head><body>'
    '<a href="https://web.archive.org/web/20200101000000/https://example.com/">x</a></body></html>',
])
def test_pathological_pages_parse_within_the_deadline(deadline, page):
    with deadline(SECONDS * 4):
        parse(page.encode("utf-8"))


@pytest.mark.parametrize("unit", ["<!-- BEGIN WAYBACK TOOLBAR INSERT -->", "<!-- FILE ARCHIVED ON ",
                                  "<!-- END WAYBACK TOOLBAR INSERT --><!-- BEGIN WAYBACK TOOLBAR INSERT -->x"])
def test_wayback_markers_left_open_are_linear(deadline, unit):
    from newsparse.wayback import detect_capture, strip_toolbar

    # A megabyte: the markers are long, so fewer fit than in the other tests.
    html = "<html><body>/web/20200101000000/ " + unit * (10 * N // len(unit)) + "</body></html>"
    with deadline(SECONDS):
        strip_toolbar(html)
        detect_capture(html, page_url=None)
