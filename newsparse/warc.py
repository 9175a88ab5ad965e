"""WARC input: the HTML pages inside a web archive (`.warc`, `.warc.gz`).

Crawlers (Heritrix, wget --warc-file, Browsertrix, Common Crawl) store what they
fetched as WARC records. Each page newsparse can read is a `response` record with
HTTP status 200 (or a `resource` record) whose media type is HTML; its payload,
de-chunked and content-decoded, is the page's bytes, and its WARC headers say
where and when it was fetched.

`iter_warc_pages` yields a `WarcPage` for each such record and a `WarcSkip` for
each one it had to leave out (too large, payload undecodable), so that a caller
can report one line per bad record and go on. Records that are simply not pages
(requests, metadata, images, redirects, errors, revisits) are passed over in
silence. A truncated or malformed archive ends the iteration with a
`NewsparseError` that says how many records were read.

Parsing is left to the caller: `newsparse.parse(page.body, url=page.url)` is a
pure function of picklable values, so it runs as well in a Dask bag or a Spark
`mapPartitions` as in a loop. The WARC library (warcio) is imported only when a
WARC is read, so newsparse's start-up does not pay for it.
"""
from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, BinaryIO, Union

from newsparse.model import NewsparseError

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

__all__ = ["MAX_WARC_RECORD_BYTES", "WarcItem", "WarcPage", "WarcRecordTooLarge", "WarcSkip", "is_warc",
           "iter_warc_pages"]

MIB = 1024 * 1024
# As for a single saved page (read.MAX_INPUT_BYTES): a news page beyond this,
# even with inline images, is a mistake or an attack.
MAX_WARC_RECORD_BYTES = 50 * MIB
# WARC 1.0 and 1.1; 0.17 and 0.18 are the drafts early Heritrix wrote.
WARC_VERSION_PREFIXES = (b"WARC/1.", b"WARC/0.1")
GZIP_MAGIC = b"\x1f\x8b"
GZIP_WBITS = 16 + zlib.MAX_WBITS
# A WARC record's first line fits in this much of its (possibly compressed) member.
SNIFF_INPUT_BYTES = 4096
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PAGE_RECORD_TYPES = frozenset({"response", "resource"})
# Servers that send no Content-Type: the payload is a page if it starts like one.
HTML_START_SNIFF_BYTES = 512
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<!--")
# An uncompressed record ends with two line breaks; a file that does not was cut short.
RECORD_TERMINATORS = (b"\r\n\r\n", b"\n\n")
# What warcio has read past the last whole record, kept to tell a clean end (blank
# lines, NUL padding) from a record cut short.
TAIL_KEEP_BYTES = 64 * 1024
READ_BYTES = 64 * 1024


@dataclass(frozen=True)
class WarcPage:
    """One HTML page from a WARC: its bytes and where and when it was fetched."""

    body: bytes  # the HTTP payload, de-chunked and content-decoded: the HTML bytes
    url: str  # WARC-Target-URI
    date: str | None  # WARC-Date, ISO 8601 with offset: "2019-11-18T23:04:05+00:00"
    record_id: str | None  # WARC-Record-ID: "<urn:uuid:...>"
    charset: str | None  # the charset parameter of the HTTP Content-Type, if any


@dataclass(frozen=True)
class WarcSkip:
    """An HTML record left out, and why, for a one-line report."""

    url: str | None
    record_id: str | None
    reason: str  # e.g. "record is larger than the 50 MiB limit"

    def __str__(self) -> str:
        return f"{self.url or self.record_id or 'record'}: {self.reason}"


WarcItem = Union[WarcPage, WarcSkip]


class WarcRecordTooLarge(NewsparseError):
    """A record, page or not, too large to read past: in a gzipped WARC the only way
    past a record is to inflate it, and a 4 MB file can hold one that inflates to 4 GiB."""


def is_warc(data: bytes) -> bool:
    """Whether `data` (the first few KiB are enough) starts a WARC, plain or gzipped.

    A gzipped WARC compresses each record as its own member, so only the start of
    the first member is inflated."""
    if data.startswith(WARC_VERSION_PREFIXES):
        return True
    if not data.startswith(GZIP_MAGIC):
        return False
    try:
        head = zlib.decompressobj(GZIP_WBITS).decompress(data[:SNIFF_INPUT_BYTES], len(b"WARC/1.0"))
    except zlib.error:
        return False
    return head.startswith(WARC_VERSION_PREFIXES)


def iter_warc_pages(stream: BinaryIO, *, max_record_bytes: int = MAX_WARC_RECORD_BYTES,
                    max_any_record_bytes: int | None = None) -> Iterator[WarcItem]:
    """Yield each HTML page of the WARC in `stream`, in order, as a `WarcPage`.

    Pages are `response` records with HTTP status 200 and `resource` records whose
    media type is text/html or application/xhtml+xml. An HTML record larger than
    `max_record_bytes` (in the archive, or once decoded) or whose payload cannot be
    decoded is yielded as a `WarcSkip`. Raises NewsparseError, after yielding what
    came before, when the stream is not a WARC or is truncated or malformed, and
    WarcRecordTooLarge when any record, page or not, declares more than
    `max_any_record_bytes` (None: no limit).
    """
    from warcio.exceptions import ArchiveLoadFailed

    counted = _CountingReader(stream)
    records = 0
    iterator = None
    try:
        iterator = _checked_iterator_class()(counted)
        for record in iterator:
            records += 1
            if max_any_record_bytes is not None and (record.length or 0) > max_any_record_bytes:
                raise WarcRecordTooLarge(
                    f"a record of {_size(record.length)} is more than the {_size(max_any_record_bytes)} any "
                    "record may be; the rest of the WARC file was not read")
            item = _page_or_skip(record, max_record_bytes)
            _check_complete(record, records)
            if item is not None:
                yield item
    except NewsparseError:
        raise
    except ArchiveLoadFailed as error:
        raise NewsparseError(_load_failure(error, records, counted.head)) from error
    except Exception as error:  # noqa: BLE001 - warcio fails on damaged input in many ways
        raise NewsparseError(_broken(records, f"{type(error).__name__}: {error}")) from error
    # warcio stops quietly at a record whose header is cut short, and reads a gzip
    # member cut short as far as it goes; check the end of the stream ourselves.
    if iterator is None or not counted.rest_is_padding(iterator.offset):
        if records == 0 and not is_warc(counted.head):
            raise NewsparseError("not a WARC file: it does not start with a WARC/1.x record header")
        raise NewsparseError(_broken(records, "the last record is incomplete"))
    if counted.head.startswith(GZIP_MAGIC):
        if not iterator.last_member_complete:
            raise NewsparseError(_broken(records - 1, "the last gzip member is cut short"))
    elif records and not counted.ends_with(RECORD_TERMINATORS):
        raise NewsparseError(_broken(records - 1, "the last record is incomplete"))


# ---------------------------------------------------------------- records


@lru_cache(maxsize=None)
def _checked_iterator_class() -> type:
    """warcio's ArchiveIterator, noting at the end whether the last gzip member was whole.

    (A subclass made on first use, so that warcio is imported only then.)"""
    from warcio.archiveiterator import ArchiveIterator

    class CheckedArchiveIterator(ArchiveIterator):  # type: ignore[misc]
        last_member_complete = True

        def close(self) -> None:
            decompressor = getattr(self.reader, "decompressor", None)
            # zlib sets eof once a member's trailer has been read.
            self.last_member_complete = getattr(decompressor, "eof", True)
            super().close()

    return CheckedArchiveIterator


def _page_or_skip(record: ArcWarcRecord, max_record_bytes: int) -> WarcItem | None:
    if record.rec_type not in PAGE_RECORD_TYPES:
        return None
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI")
    record_id = headers.get_header("WARC-Record-ID")
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            return None  # not HTTP (dns:), or a redirect, an error, a 304
        content_type = http.get_header("Content-Type")
    else:
        content_type = headers.get_header("Content-Type")
    media_type, charset = _media_type(content_type)
    if media_type is not None and media_type not in HTML_MEDIA_TYPES:
        return None
    if not url:
        return WarcSkip(None, record_id, "record has no WARC-Target-URI")
    if record.length is not None and record.length > max_record_bytes:
        return WarcSkip(url, record_id, f"record is larger than the {_size(max_record_bytes)} limit")
    try:
        # content_stream() undoes chunking and gzip/deflate/br content encoding.
        body = record.content_stream().read(max_record_bytes + 1)
    except Exception as error:  # noqa: BLE001 - a bad payload spoils one record, not the archive
        return WarcSkip(url, record_id, f"payload cannot be decoded ({type(error).__name__}: {error})")
    if len(body) > max_record_bytes:
        return WarcSkip(url, record_id, f"payload decodes to more than the {_size(max_record_bytes)} limit")
    if media_type is None and not body[:HTML_START_SNIFF_BYTES].lstrip().lower().startswith(HTML_STARTS):
        return None  # no Content-Type, and not markup either
    return WarcPage(body=body, url=url, date=_iso_date(headers.get_header("WARC-Date")), record_id=record_id,
                    charset=charset)


def _check_complete(record: ArcWarcRecord, records: int) -> None:
    """Raise if the record's block ends before its Content-Length: the file was cut short."""
    raw = record.raw_stream
    while raw.read(READ_BYTES):
        pass
    if getattr(raw, "limit", 0):
        raise NewsparseError(_broken(records - 1, "the last record is incomplete"))
    if record.rec_headers.get_header("Content-Length") is None:
        raise NewsparseError(_broken(records - 1, "a record has no Content-Length"))


def _media_type(content_type: str | None) -> tuple[str | None, str | None]:
    """("text/html", "utf-8") from "text/html; charset=UTF-8"; (None, None) when absent."""
    if not content_type or not content_type.strip():
        return None, None
    media_type, *parameters = content_type.split(";")
    charset = None
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'").lower()
    return media_type.strip().lower(), charset


def _iso_date(value: str | None) -> str | None:
    """WARC-Date ("2019-11-18T23:04:05Z", WARC 1.1 also with fractions) as ISO 8601 with offset."""
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    date, dot, rest = text.partition(".")
    if dot:
        # Python before 3.11 reads only 3 or 6 digits of a fraction.
        digits = "".join(c for c in rest if c.isdigit())
        text = f"{date}.{digits[:6].ljust(6, '0')}{rest[len(digits):]}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None  # the standard requires UTC ("Z"); a date without a zone is unusable
    return moment.isoformat()


# ---------------------------------------------------------------- errors


def _broken(records: int, problem: str) -> str:
    plural = "" if records == 1 else "s"
    return f"truncated or malformed WARC after {records} complete record{plural}: {problem}"


def _load_failure(error: Exception, records: int, head: bytes) -> str:
    message = str(error)
    if "non-chunked gzip" in message:
        return ("gzipped WARC is compressed as one stream rather than record by record; "
                "fix it with `warcio recompress IN OUT`")
    if records == 0 and not is_warc(head):
        return "not a WARC file: it does not start with a WARC/1.x record header"
    return _broken(records, " ".join(message.split())[:200])


def _size(size: int) -> str:
    if size >= MIB and size % MIB == 0:
        return f"{size // MIB} MiB"
    return f"{size:,} bytes"


class _CountingReader:
    """The input stream as warcio sees it, counting bytes and keeping the first and
    last few KiB, so that what follows the last whole record can be checked."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._count = 0
        self.head = b""
        self._tail: deque[bytes] = deque()
        self._tail_size = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        if data:
            if len(self.head) < SNIFF_INPUT_BYTES:
                self.head += data[: SNIFF_INPUT_BYTES - len(self.head)]
            self._count += len(data)
            self._tail.append(data)
            self._tail_size += len(data)
            while self._tail_size - len(self._tail[0]) >= TAIL_KEEP_BYTES:
                self._tail_size -= len(self._tail.popleft())
        return data

    def tell(self) -> int:
        return self._count

    def rest_is_padding(self, offset: int) -> bool:
        """Whether everything from `offset` to the end of the stream is blank or NUL."""
        while self.read(READ_BYTES):
            pass  # read what warcio left, so the tail holds the true end
        leftover = self._count - offset
        if leftover <= 0:
            return True
        if leftover > self._tail_size:
            return False
        tail = b"".join(self._tail)[-leftover:]
        return not tail.strip(b" \t\r\n\x00")

    def ends_with(self, suffixes: tuple[bytes, ...]) -> bool:
        """Whether the stream, read to its end, ends with one of `suffixes`."""
        return b"".join(self._tail).endswith(suffixes)
