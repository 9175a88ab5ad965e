"""Many files on many machines: the library's file calls mapped over a Dask bag.

For more input than one machine converts in the time you have (a crawl's
WARC files, an archive of saved pages). Each input file is one task (WARCs are
read as one stream, so a file is the natural unit); `files_per_task` groups
small saved pages so the scheduler is not swamped by millisecond tasks. A task
runs `inputs.iter_articles`, which turns a file into what the CLI would write
for it, and yields failures as values: one bad record or file never fails
the job. Everything in the bag pickles, so any Dask scheduler runs it: the
local ones, or a `distributed.Client` on a cluster.

Needs the `dask` extra (`pip install 'newsparse[dask]'`). Dask is imported only
when a bag is built: `import newsparse` never loads it.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .inputs import iter_articles
from .model import Article, NewsparseError

if TYPE_CHECKING:
    import dask.bag

    from .inputs import ArticleOrError, PathLike

__all__ = ["articles", "errors", "json_lines", "records"]


def articles(paths: Iterable[PathLike], *, url: str | None = None, files_per_task: int = 1) -> dask.bag.Bag:
    """A bag of every page in `paths` (saved pages, WARC files), in input order: an
    Article each, or a NewsparseError naming the file (and WARC record) that failed.
    Nothing runs until the bag is computed."""
    import dask.bag as db

    if files_per_task < 1:
        raise ValueError(f"files_per_task must be at least 1, not {files_per_task}")
    names = [os.fspath(path) for path in paths]
    if not names:
        return db.from_sequence([], npartitions=1)
    files = db.from_sequence(names, partition_size=files_per_task)
    return files.map(articles_in_file, url=url).flatten()


def records(items: dask.bag.Bag) -> dask.bag.Bag:
    """The Articles of `articles(...)` as the CLI's JSON records (dicts)."""
    return items.filter(is_article).map(Article.to_dict)


def json_lines(items: dask.bag.Bag) -> dask.bag.Bag:
    """The Articles as the CLI's `-f jsonl` lines, byte for byte, without the newline
    (`to_textfiles(..., last_endline=True)` adds it)."""
    return items.filter(is_article).map(json_line)


def errors(items: dask.bag.Bag) -> dask.bag.Bag:
    """The failures of `articles(...)` as one-line messages: `PATH: reason`."""
    return items.filter(is_error).map(str)


def articles_in_file(path: str, url: str | None = None) -> list[ArticleOrError]:
    """One task's work: a list, since a generator would be read after the task ends."""
    return list(iter_articles(path, url=url))


def json_line(article: Article) -> str:
    from .render import render

    return render(article, "jsonl").rstrip("\n")


def is_article(item: ArticleOrError) -> bool:
    return isinstance(item, Article)


def is_error(item: ArticleOrError) -> bool:
    return isinstance(item, NewsparseError)
