"""Paywall flags: what the page declares, and teasers standing in for the article."""
from __future__ import annotations

import json

import newsparse

PARA = ("The harbour authority approved the dredging plan on Thursday, after two years of studies "
        "and a public inquiry that drew objections from fishermen and conservation groups.")


def page(json_ld: dict | None = None, body: str = "", head: str = "") -> bytes:
    script = f'<script type="application/ld+json">{json.dumps(json_ld)}</script>' if json_ld else ""
    return f"<html><head>{script}{head}</head><body><article>{body}</article></body></html>".encode()


def test_json_ld_not_free_with_a_teaser_body_is_paywalled_and_truncated():
    ld = {"@type": "NewsArticle", "isAccessibleForFree": False, "wordCount": 900,
          "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".paywalled"}}
    article = newsparse.parse(page(ld, f"<p>{PARA}</p><div class='paywall'>Subscribe to keep reading.</div>"))
    assert article.access == "paywalled"
    assert article.truncated is True


def test_paywalled_but_complete_article_is_not_truncated():
    ld = {"@type": "NewsArticle", "isAccessibleForFree": "False", "wordCount": 120}
    article = newsparse.parse(page(ld, "".join(f"<p>{PARA}</p>" for _ in range(5))))
    assert article.access == "paywalled"
    assert article.truncated is False


def test_free_article_says_so():
    article = newsparse.parse(page({"@type": "NewsArticle", "isAccessibleForFree": True}, f"<p>{PARA}</p>" * 3))
    assert (article.access, article.truncated) == ("free", False)


def test_content_tier_meta_marks_a_locked_article():
    article = newsparse.parse(page(None, f"<p>{PARA}</p>" * 3, '<meta property="article:content_tier" content="locked">'))
    assert article.access == "paywalled"


def test_a_paywall_box_over_a_short_body_is_a_teaser_even_undeclared():
    article = newsparse.parse(page(None, f"<p>{PARA}</p><div class='article-paywall'>Already a subscriber? Log in.</div>"))
    assert (article.access, article.truncated) == ("paywalled", True)


def test_pages_that_say_nothing_have_no_access_value():
    article = newsparse.parse(page(None, f"<p>{PARA}</p>" * 3))
    assert (article.access, article.truncated) == (None, False)
