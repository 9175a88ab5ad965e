"""The article the command-line tests convert: one news story, its body word set by the test."""
from __future__ import annotations

ARTICLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour Bridge Reopens After Repairs | Example Gazette</title>
<meta property="og:site_name" content="Example Gazette">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Harbour Bridge Reopens After Repairs</h1>
<p>The harbour bridge reopened to traffic on Monday morning after eight months of repairs,
city officials said, ending long detours for thousands of commuters.</p>
<p>Engineers replaced {word} corroded cables and resurfaced the deck, according to a
<a href="/reports/bridge-2023.pdf">report</a> published by the transport department.</p>
<p>Local businesses, which had complained of falling trade, welcomed the reopening and said
they expected customers to return within weeks.</p>
</article>
<footer>Copyright Example Gazette. All rights reserved.</footer>
</body></html>
"""


def page(word: str = "forty") -> str:
    return ARTICLE.replace("{word}", word)
