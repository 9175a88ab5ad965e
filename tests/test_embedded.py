"""Bodies that pages carry as data: app shells, JSON-LD articleBody, and the fallback chain."""
from __future__ import annotations

import json

import newsparse

PARAGRAPHS = [
    "The regional rail operator will add forty late-night services from March, the transport minister said on Monday.",
    "Commuters have long complained that the last trains leave the city before ten, stranding shift workers.",
    "The new timetable was drafted after a consultation that drew more than twelve thousand responses, officials said.",
    "Unions welcomed the plan but warned that staffing the extra trains would need new hires, not overtime.",
]


def app_shell(state: dict) -> bytes:
    return f"""<!doctype html><html lang="en"><head><title>Late trains return | Rail Daily</title></head>
<body><div id="__next"><div class="spinner">Loading…</div></div>
<script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script></body></html>""".encode()


def test_next_js_app_shell_body_comes_from_its_state():
    state = {"props": {"pageProps": {"article": {
        "headline": "Late trains return",
        "content_elements": [{"type": "text", "content": p} for p in PARAGRAPHS],
    }}}}
    article = newsparse.parse(app_shell(state))
    assert article.extraction.method == "embedded-json"
    assert [b.text for b in article.blocks] == PARAGRAPHS


def test_html_string_in_state_keeps_its_markup():
    html_body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + '<p>See <a href="/timetable">the timetable</a>.</p>'
    state = {"props": {"pageProps": {"post": {"bodyHtml": html_body}}}}
    article = newsparse.parse(app_shell(state), url="https://rail.example/news/late-trains")
    assert article.extraction.method == "embedded-json"
    assert "https://rail.example/timetable" in article.links


def test_json_ld_article_body_replaces_a_teaser():
    json_ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Late trains return",
                          "articleBody": "\n\n".join(PARAGRAPHS)})
    page = f"""<html><head><script type="application/ld+json">
{json_ld}</script></head>
<body><article><h1>Late trains return</h1><p>{PARAGRAPHS[0]}</p>
<div class="paywall">Subscribe to read the rest.</div></article></body></html>"""
    article = newsparse.parse(page.encode())
    assert article.extraction.method == "json-ld"
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_html_body_wins_over_a_shorter_json_ld_copy():
    json_ld = json.dumps({"@type": "NewsArticle", "articleBody": PARAGRAPHS[0] + " " + PARAGRAPHS[1]})
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = f"""<html><head><script type="application/ld+json">
{json_ld}</script></head>
<body><article>{paragraphs}</article></body></html>"""
    article = newsparse.parse(page.encode())
    assert article.extraction.method in ("semantic", "scored")
    assert len(article.blocks) == 4


def test_state_strings_that_are_not_prose_are_ignored():
    state = {"props": {"config": {"css": "a{color:red}" * 100, "token": "x" * 800}}}
    article = newsparse.parse(app_shell(state))
    assert article.extraction.method != "embedded-json"
    assert "color" not in article.text and "xxxx" not in article.text


def test_recipe_ingredients_are_read_through_graphs_and_markup():
    from newsparse.embedded import recipe_ingredients

    graph = {"@graph": [{"@type": "WebPage"}, {"@type": "Recipe", "recipeIngredient": [
        "2 <b>large</b> eggs", "  ", 3, "100&nbsp;g flour"]}]}
    assert recipe_ingredients([graph]) == ["2 large eggs", "100 g flour"]
    assert recipe_ingredients([{"@type": "NewsArticle", "articleBody": "x"}]) == []


def test_an_article_body_escaped_twice_is_read_as_markup():
    from newsparse.embedded import as_embedded

    body = as_embedded("&lt;p&gt;First paragraph.&lt;/p&gt;&lt;p&gt;Second &amp;amp; last.&lt;/p&gt;", "json-ld")
    assert body.html == "<p>First paragraph.</p><p>Second &amp; last.</p>"
