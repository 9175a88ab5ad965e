"""Renderers: valid JSON against the shipped schema, Markdown that parsers read as intended."""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import newsparse
from newsparse.model import Article, Author, Block, Image, ListItem, Source
from newsparse.render import escape_markdown, render

SCHEMA = json.loads(resources.files("newsparse").joinpath("schema.json").read_text(encoding="utf-8"))

PAGE = b"""<html lang="en"><head><title>Tram Plan Approved</title>
<meta property="og:site_name" content="City Post">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Tram Plan Approved",
 "author": {"@type": "Person", "name": "Jane Roe", "url": "https://citypost.example/staff/jroe"},
 "datePublished": "2024-03-05T09:30:00+01:00"}</script></head>
<body><article><h1>Tram Plan Approved</h1>
<p>The council approved the tram plan on Tuesday, after a debate that lasted, by most accounts, well into the night.</p>
<h2>Costs</h2>
<table><tr><th>Line</th><th>Cost | total</th></tr><tr><td>North</td><td>120</td></tr></table>
<ul><li>First stage<ol><li>Depot</li><li>Track</li></ol></li><li>Second stage</li></ul>
<blockquote><p>It is a great day for the city, and for everyone who takes the bus.</p></blockquote>
<pre><code class="language-sh">newsparse page.html</code></pre>
</article></body></html>"""


@pytest.fixture(scope="module")
def article() -> Article:
    return newsparse.parse(PAGE, path="page.html")


def test_json_validates_against_the_shipped_schema(article):
    jsonschema.validate(json.loads(render(article, "json")), SCHEMA)


def test_jsonl_is_one_line_even_with_unicode_line_separators():
    article = Article(source=Source(), title="one\u2028two\u0085three", text="a\u2029b")
    line = render(article, "jsonl")
    assert line.endswith("\n") and len(line.splitlines()) == 1
    assert json.loads(line)["title"] == "one\u2028two\u0085three"


def test_lone_surrogates_still_give_valid_utf8_json():
    article = Article(source=Source(), title="broken \ud800 emoji")
    encoded = render(article, "json").encode("utf-8")
    assert json.loads(encoded)["title"] == "broken \ud800 emoji"


def test_markdown_structure_survives_a_commonmark_parser(article):
    md = render(article, "markdown")
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    types = [t.type for t in tokens]
    assert types[0] == "heading_open" and tokens[1].content == "Tram Plan Approved"
    assert "table_open" in types
    assert "blockquote_open" in types
    fence = next(t for t in tokens if t.type == "fence")
    assert fence.info == "sh" and fence.content == "newsparse page.html\n"
    # the ordered list is nested inside the first bullet item
    bullet = types.index("bullet_list_open")
    ordered = types.index("ordered_list_open")
    assert bullet < ordered < types.index("bullet_list_close")
    assert "[Jane Roe](https://citypost.example/staff/jroe)" in md


def test_table_cells_with_pipes_stay_one_cell(article):
    md = render(article, "markdown")
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    headers = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "th_open"]
    assert headers == ["Line", "Cost | total"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60))
def test_escaped_text_never_turns_into_markup(text):
    rendered = MarkdownIt("commonmark").render(escape_markdown(text.strip() or "x"))
    assert not any(tag in rendered for tag in ("<em>", "<strong>", "<h1", "<ol", "<ul", "<a ", "<code>", "<blockquote>"))


def test_text_format_has_no_markup_and_marks_lists_and_quotes(article):
    text = render(article, "text")
    assert text.startswith("Tram Plan Approved\nBy Jane Roe\n2024-03-05T09:30:00+01:00\n\n")
    assert "- First stage\n  1. Depot\n  2. Track\n- Second stage" in text
    assert "> It is a great day" in text
    assert "Line\tCost | total" in text
    assert "#" not in text and "**" not in text


def test_renderers_end_with_exactly_one_newline(article):
    for format_name in ("json", "jsonl", "markdown", "text"):
        output = render(article, format_name)
        assert output.endswith("\n") and not output.endswith("\n\n")


def test_figure_renders_image_then_caption_and_credit():
    image = Image(url="https://img.example/a b.jpg", alt="A *tram*", caption="New tram.", credit="City Hall")
    article = Article(source=Source(), blocks=(Block("figure", image=image),))
    md = render(article, "markdown")
    assert "![A \\*tram\\*](<https://img.example/a b.jpg>)\\\n*New tram. (City Hall)*" in md


def test_list_items_with_nested_lists_render_in_text_and_markdown():
    nested = Block("list", ordered=False, items=(ListItem("inner", "inner"),))
    block = Block("list", ordered=True, items=(ListItem("outer", "outer", children=(nested,)),))
    article = Article(source=Source(), blocks=(block,), authors=(Author("A"),))
    assert "1. outer\n   - inner" in render(article, "markdown")


def test_text_cards_start_on_the_marker_line_and_stand_apart():
    heading = Block("heading", text="Quay reopens", html="Quay reopens", level=3)
    card = ListItem("", "", children=(heading, Block("paragraph", text="On Monday.", html="On Monday.")))
    block = Block("list", ordered=False, items=(card, ListItem("Plain", "Plain")))
    article = Article(source=Source(), blocks=(block,))
    assert render(article, "text").endswith("- Quay reopens\n\n  On Monday.\n\n- Plain\n")
    assert article_text_lines(block) == ["- Quay reopens", "  On Monday.", "- Plain"]


def article_text_lines(block: Block) -> list[str]:
    from newsparse.blocks import plain_text

    return plain_text([block]).split("\n")


SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.mark.parametrize("slug", sorted(p.name for p in SAMPLES.iterdir() if any(p.glob("source.*"))))
def test_every_sample_record_validates_against_the_schema(slug):
    source = next((SAMPLES / slug).glob("source.*"))
    record = json.loads(render(newsparse.parse(source.read_bytes(), path=source.name), "json"))
    jsonschema.validate(record, SCHEMA)


NOTED_PAGE = b"""<html lang="en"><head><title>Depot Opens</title></head><body><article><h1>Depot Opens</h1>
<p>The new tram depot opened on Monday, two years after work began, and will house forty trams by the end of the
year.<sup id="fnref:1" role="doc-noteref"><a href="#fn:1">1</a></sup> Its roof carries the largest solar array in
the city, the operator said at the opening, and a second array is planned.<sup><a href="#fn:2">2</a></sup></p>
<div class="footnotes" role="doc-endnotes"><ol>
<li id="fn:1"><p>Forty trams on four tracks, according to the <a href="https://tram.example/depot">operator</a>.
<a href="#fnref:1" class="reversefootnote">&#8617;</a></p></li>
<li id="fn:2"><p>Figures for 2024. <a href="#fnref:2" class="reversefootnote">&#8617;</a></p></li>
</ol></div></article></body></html>"""


def test_footnotes_in_text_are_bracketed_markers_with_the_notes_at_the_end():
    record = newsparse.parse(NOTED_PAGE, path="depot.html")
    text = render(record, "text", width=40)
    assert "forty trams by the end of the year.[1]\nIts roof" in text
    assert text.endswith("\nplanned.[2]\n\n"
                         "[1] Forty trams on four tracks,\n    according to the operator.\n"
                         "[2] Figures for 2024.\n")
    assert record.text.endswith("[2]\n\n[1] Forty trams on four tracks, according to the operator.\n"
                                "[2] Figures for 2024.")
    assert record.links == ("https://tram.example/depot",)


def test_footnotes_are_a_last_block_in_json_that_the_schema_describes():
    data = json.loads(render(newsparse.parse(NOTED_PAGE, path="depot.html"), "json"))
    jsonschema.validate(data, SCHEMA)
    assert [block["type"] for block in data["blocks"]] == ["paragraph", "footnotes"]
    assert data["blocks"][-1]["items"][1] == {"label": "2", "text": "Figures for 2024.", "html": "Figures for 2024."}
    assert '<sup data-footnote="1">[1]</sup> Its roof' in data["blocks"][0]["html"]


MATH_PAGE = b"""<html lang="en"><head><title>Orbits</title></head><body><article><h1>Orbits</h1>
<p>A satellite in a circular orbit of radius <span class="katex"><span class="katex-mathml"><math><semantics><mi>r</mi>
<annotation encoding="application/x-tex">r</annotation></semantics></math></span><span class="katex-html"
aria-hidden="true">r</span></span> moves at a speed set by the mass of the planet alone, whatever the satellite
weighs:</p>
<span class="katex-display"><span class="katex"><span class="katex-mathml"><math display="block"><semantics><mi>v</mi>
<annotation encoding="application/x-tex">v = \\sqrt{\\frac{G M}{r}}</annotation></semantics></math></span><span
class="katex-html" aria-hidden="true">v=GM/r</span></span></span>
<p>A lower orbit is therefore a faster one, which is why the space station laps the Earth every ninety minutes.</p>
</article></body></html>"""


def test_math_keeps_its_tex_in_text_and_is_a_math_block_in_json():
    record = newsparse.parse(MATH_PAGE, path="orbits.html")
    text = render(record, "text", width=20)
    assert "radius r moves" in text.replace("\n", " ")
    assert "\n\nv = \\sqrt{\\frac{G M}{r}}\n\n" in text  # not wrapped, though wider than 20
    data = json.loads(render(record, "json"))
    jsonschema.validate(data, SCHEMA)
    assert [block["type"] for block in data["blocks"]] == ["paragraph", "math", "paragraph"]
    assert data["blocks"][1] == {"type": "math", "text": "v = \\sqrt{\\frac{G M}{r}}"}
    assert "radius <span class=\"math\">r</span> moves" in data["blocks"][0]["html"]
    assert "v=GM/r" not in data["text"]
