"""Files to Articles, for library callers: a saved page by its path, a WARC record by record.

`parse` (extract.py) turns bytes already in memory into an Article; this module
reads files with the same limits as the command line (read.py) and turns each
input into what the CLI would write for it. A WARC holds many pages, some of
which may be unusable, so `iter_warc` yields a failed record as a
`NewsparseError` value instead of raising it: the pages after it still come.
Every value it yields pickles, so the same calls serve a loop, a process pool
or a Dask bag (distributed.py).

It must not render (render.py) nor decide anything about the page itself.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .model import Article, NewsparseError

if TYPE_CHECKING:  # names for annotations only: nothing to build at import
    from collections.abc import Iterator
    from typing import TypeAlias, Union

    PathLike: TypeAlias = Union[str, "os.PathLike[str]"]
    # What iter_warc and iter_articles yield: a page's record, or why a record has none.
    ArticleOrError: TypeAlias = Union[Article, NewsparseError]


def parse_file(path: PathLike, *, url: str | None = None, images: PathLike | None = None,
               images_relative_to: PathLike | None = None) -> Article:
    """The Article of the saved page at `path` (HTML, gzipped HTML or MHTML), read
    within the CLI's size limits; `source.path` is `path` as given. With `images`,
    the images the page carries are written there, as `parse` says.

    Raises NewsparseError for a file that cannot be read or is not a page (the
    message does not repeat the path: the caller has it); for a WARC file, which
    holds many pages, use `iter_warc`."""
    from .extract import parse
    from .read import MAX_INPUT_BYTES, read_input

    name = os.fspath(path)
    data = read_input(name, max_bytes=MAX_INPUT_BYTES)
    if _starts_a_warc(data):
        raise NewsparseError("a WARC file holds many pages: read it with newsparse.iter_warc")
    return parse(data, path=name, url=url, images=images, images_relative_to=images_relative_to)


def iter_warc(path: PathLike, *, url: str | None = None) -> Iterator[ArticleOrError]:
    """Each HTML response of the WARC file at `path` (`.warc` or `.warc.gz`), in
    record order: an Article, or a NewsparseError naming the record for one that
    cannot be used. A file that breaks off ends with one NewsparseError after the
    pages before the break. Nothing is raised for the archive's content; the
    records equal the CLI's for the same file (`source.path` is `path` as given)."""
    from .extract import parse_warc_page
    from .read import MAX_DECOMPRESSED_BYTES, MAX_INPUT_BYTES
    from .warc import WarcPage, iter_warc_pages

    name = os.fspath(path)
    number = 0
    try:
        with open(name, "rb") as stream:
            for item in iter_warc_pages(stream, max_record_bytes=MAX_INPUT_BYTES):
                number += 1
                if not isinstance(item, WarcPage):
                    yield _record_error(name, number, str(item))
                    continue
                try:
                    yield parse_warc_page(item, path=name, url=url, max_decompressed=MAX_DECOMPRESSED_BYTES)
                except NewsparseError as error:
                    yield _record_error(name, number, str(error))
    except OSError as error:
        yield NewsparseError(f"{name}: cannot read: {error.strerror or error}")
    except NewsparseError as error:  # the archive broke off or is not a WARC
        yield _record_error(name, number + 1, str(error))


def iter_articles(path: PathLike, *, url: str | None = None) -> Iterator[ArticleOrError]:
    """Every page in the file at `path` as the CLI reads it: a WARC's records one by
    one (iter_warc), else the file as one saved page; a failure is yielded as a
    NewsparseError, never raised, so one bad file does not stop a batch."""
    from .batch import is_warc_file

    if is_warc_file(path):
        yield from iter_warc(path, url=url)
        return
    try:
        yield parse_file(path, url=url)
    except NewsparseError as error:
        yield NewsparseError(f"{os.fspath(path)}: {error}")


def _starts_a_warc(data: bytes) -> bool:
    if not data.startswith((b"WARC/", b"\x1f\x8b")):
        return False  # most pages: decided without loading the WARC module
    from .warc import SNIFF_INPUT_BYTES, is_warc

    return is_warc(data[:SNIFF_INPUT_BYTES])


def _record_error(path: str, number: int, reason: str) -> NewsparseError:
    """The CLI's name for a WARC record, `PATH record 00003`, in front of the reason."""
    return NewsparseError(f"{path} record {number:05d}: {reason}")
