"""newsparse: turn a saved news-article page into clean, structured data.

    import newsparse
    article = newsparse.parse(open("page.html", "rb").read(), path="page.html")
    print(newsparse.render(article, "markdown"))

`parse` takes bytes (HTML, gzipped HTML or MHTML) and returns a frozen
`Article`; `render` turns it into "json", "jsonl", "markdown" or "text".
Both are pure: the same bytes always give the same record and output.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Article", "Author", "Block", "Extraction", "Image", "ListItem", "NewsparseError", "Source",
    "SCHEMA_VERSION", "parse", "parse_html", "render", "__version__",
]

# Attributes are imported on first use, so that `newsparse --version` and
# other one-off runs do not pay for the parser and renderers.
_LAZY = {
    "parse": "extract", "parse_html": "extract", "render": "render",
    "Article": "model", "Author": "model", "Block": "model", "Extraction": "model", "Image": "model",
    "ListItem": "model", "NewsparseError": "model", "Source": "model", "SCHEMA_VERSION": "model",
}

if TYPE_CHECKING:
    from .extract import parse, parse_html
    from .model import (SCHEMA_VERSION, Article, Author, Block, Extraction, Image, ListItem,
                        NewsparseError, Source)
    from .render import render


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'newsparse' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value
