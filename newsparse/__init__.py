"""newsparse: turn a saved news-article page into clean, structured data.

    import newsparse
    article = newsparse.parse_file("page.html")
    print(newsparse.render(article, "md"))
    for item in newsparse.iter_warc("crawl.warc.gz"):   # an Article or a NewsparseError
        ...

`parse` takes bytes (HTML, gzipped HTML or MHTML; or a str already decoded) and
returns a frozen `Article`; `render` turns it into "json", "jsonl", "markdown"
("md") or "text" ("txt"). Both are pure: the same bytes always give the same
record and output. `parse_file` and `iter_warc` read files as the CLI does.
`parse_html` is the lower-level step for decoded HTML with a `Source` the caller
builds. This module only names the public API; the stages live in their own modules.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

# Imported here (not lazily) so that `newsparse.render` is always the function,
# never the submodule of the same name. The heavy pieces (markdownify, rich,
# charset detection) are imported inside the functions that need them.
from .extract import parse, parse_html  # noqa: E402
from .model import (  # noqa: E402
    SCHEMA_VERSION, Article, Author, Block, Extraction, Image, ListItem, NewsparseError, Source,
)
from .render import render  # noqa: E402

if TYPE_CHECKING:
    from .inputs import iter_warc, parse_file

# Loaded on first use (PEP 562), so that `import newsparse` costs what it did
# before they existed: start-up time is a feature of the CLI, which needs neither.
_LAZY = {"iter_warc": "inputs", "parse_file": "inputs"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Article", "Author", "Block", "Extraction", "Image", "ListItem", "NewsparseError", "Source",
    "SCHEMA_VERSION", "iter_warc", "parse", "parse_file", "parse_html", "render", "__version__",
]
