"""newsparse: turn a saved news-article page into clean, structured data.

    import newsparse
    article = newsparse.parse(open("page.html", "rb").read(), path="page.html")
    print(newsparse.render(article, "markdown"))

`parse` takes bytes (HTML, gzipped HTML or MHTML) and returns a frozen
`Article`; `render` turns it into "json", "jsonl", "markdown" or "text".
Both are pure: the same bytes always give the same record and output.
This module only names the public API; the stages live in their own modules.
"""
from __future__ import annotations

__version__ = "0.1.0"

# Imported here (not lazily) so that `newsparse.render` is always the function,
# never the submodule of the same name. The heavy pieces (markdownify, rich,
# charset detection) are imported inside the functions that need them.
from .extract import parse, parse_html  # noqa: E402
from .model import (  # noqa: E402
    SCHEMA_VERSION, Article, Author, Block, Extraction, Image, ListItem, NewsparseError, Source,
)
from .render import render  # noqa: E402

__all__ = [
    "Article", "Author", "Block", "Extraction", "Image", "ListItem", "NewsparseError", "Source",
    "SCHEMA_VERSION", "parse", "parse_html", "render", "__version__",
]
