"""WARC input: which records become pages, errors per record and per archive, picklability."""
from __future__ import annotations

import gzip
import io
import json
import pickle
import re
import subprocess
import sys

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import newsparse
from newsparse.model import NewsparseError
from newsparse.warc import WarcPage, WarcSkip, is_warc, iter_warc_pages

FIRST_URL = "https://www.example-news.com/2019/11/18/council-budget"
SECOND_URL = "https://www.example-news.com/2019/11/19/river-flood"
PARAGRAPH = ("The council voted seven to two on Monday to pass a budget that raises spending on "
             "schools and parks, after a debate that lasted late into the night. ")


def article_html(title: str, paragraphs: int = 6) -> bytes:
    body = "".join(f"<p>{PARAGRAPH}Paragraph {i}.</p>\n" for i in range(paragraphs))
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>\n{body}</article></body></html>").encode()


FIRST_HTML = article_html("Council passes budget")
SECOND_HTML = article_html("River floods the old town")


def http(status: str, headers: list[tuple[str, str]]) -> StatusAndHeaders:
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def response(writer: WARCWriter, url: str, payload: bytes, status: str = "200 OK",
             headers: list[tuple[str, str]] | None = None, date: str = "2019-11-18T23:04:05Z") -> None:
    headers = headers if headers is not None else [("Content-Type", "text/html; charset=UTF-8")]
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http(status, headers),
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def chunked(data: bytes, size: int = 100) -> bytes:
    pieces = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"


def build_warc(*, compress: bool) -> bytes:
    """A small crawl: the records a crawler writes around two article pages."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test-crawler/1.0"}))
    request = writer.create_warc_record(
        FIRST_URL, "request", payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders("GET /2019/11/18/council-budget HTTP/1.1",
                                      [("Host", "www.example-news.com")], is_http_request=True))
    writer.write_record(request)
    response(writer, FIRST_URL, FIRST_HTML)
    writer.write_record(writer.create_warc_record(
        FIRST_URL, "metadata", payload=io.BytesIO(b"outlinks: https://www.example-news.com/\r\n"),
        warc_content_type="application/warc-fields"))
    response(writer, "https://www.example-news.com/missing", b"<html><body>Not found</body></html>", status="404 Not Found")
    response(writer, "https://www.example-news.com/old", b"", status="301 Moved Permanently",
             headers=[("Location", SECOND_URL), ("Content-Type", "text/html")])
    response(writer, "https://cdn.example-news.com/council.jpg", b"\xff\xd8\xff\xe0fake-jpeg",
             headers=[("Content-Type", "image/jpeg")])
    response(writer, "https://www.example-news.com/robots.txt", b"User-agent: *\n",
             headers=[("Content-Type", "text/plain")])
    writer.write_record(writer.create_revisit_record(
        FIRST_URL, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", refers_to_uri=FIRST_URL,
        refers_to_date="2019-11-18T23:04:05Z",
        http_headers=http("200 OK", [("Content-Type", "text/html")])))
    # The second page as servers often send it: gzip content encoding, chunked transfer.
    response(writer, SECOND_URL, chunked(gzip.compress(SECOND_HTML)), date="2019-11-19T06:30:00Z",
             headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
                      ("Transfer-Encoding", "chunked")])
    return out.getvalue()


PLAIN_WARC = build_warc(compress=False)
GZIPPED_WARC = build_warc(compress=True)


def pages_of(data: bytes, **options: int) -> list[WarcPage | WarcSkip]:
    return list(iter_warc_pages(io.BytesIO(data), **options))


def single_record_warc(payload: bytes, *, headers: list[tuple[str, str]], record_type: str = "response",
                       url: str = FIRST_URL) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    if record_type == "response":
        response(writer, url, payload, headers=headers)
    else:
        content_type = dict(headers).get("Content-Type", "")
        writer.write_record(writer.create_warc_record(url, record_type, payload=io.BytesIO(payload),
                                                      warc_content_type=content_type,
                                                      warc_headers_dict={"WARC-Date": "2019-11-18T23:04:05Z"}))
    return out.getvalue()


# ---------------------------------------------------------------- which records


@pytest.mark.parametrize("data", [PLAIN_WARC, GZIPPED_WARC], ids=["plain", "gzip"])
def test_exactly_the_two_html_pages_in_order(data: bytes) -> None:
    items = pages_of(data)
    assert [type(item) for item in items] == [WarcPage, WarcPage]
    first, second = items
    assert isinstance(first, WarcPage) and isinstance(second, WarcPage)
    assert (first.url, first.date, first.charset) == (FIRST_URL, "2019-11-18T23:04:05+00:00", "utf-8")
    assert (second.url, second.date, second.charset) == (SECOND_URL, "2019-11-19T06:30:00+00:00", "utf-8")
    assert first.body == FIRST_HTML
    assert second.body == SECOND_HTML  # de-chunked and gunzipped
    assert first.record_id and first.record_id.startswith("<urn:uuid:")
    assert first.record_id != second.record_id


def test_resource_and_xhtml_records_are_pages() -> None:
    resource = single_record_warc(FIRST_HTML, headers=[("Content-Type", "text/html")], record_type="resource")
    assert [page.body for page in pages_of(resource)] == [FIRST_HTML]  # type: ignore[union-attr]
    xhtml = single_record_warc(FIRST_HTML, headers=[("Content-Type", "application/xhtml+xml")])
    assert len(pages_of(xhtml)) == 1


def test_untyped_response_is_a_page_only_if_it_looks_like_one() -> None:
    assert len(pages_of(single_record_warc(FIRST_HTML, headers=[]))) == 1
    assert pages_of(single_record_warc(b"just some text", headers=[])) == []


def test_charset_parameter_is_read() -> None:
    data = single_record_warc(FIRST_HTML, headers=[("Content-Type", 'text/html; Charset="ISO-8859-1"')])
    (page,) = pages_of(data)
    assert isinstance(page, WarcPage) and page.charset == "iso-8859-1"
    (page,) = pages_of(single_record_warc(FIRST_HTML, headers=[("Content-Type", "text/html")]))
    assert isinstance(page, WarcPage) and page.charset is None


def test_reads_a_stream_that_cannot_seek() -> None:
    class Pipe:
        def __init__(self, data: bytes) -> None:
            self._buffer = io.BytesIO(data)

        def read(self, size: int = -1) -> bytes:
            return self._buffer.read(min(size, 7) if size > 0 else 7)  # short reads, as pipes give

    items = list(iter_warc_pages(Pipe(GZIPPED_WARC)))  # type: ignore[arg-type]
    assert [item.url for item in items] == [FIRST_URL, SECOND_URL]


# ---------------------------------------------------------------- per-record problems


def test_record_over_the_limit_is_skipped_and_reading_goes_on() -> None:
    big = article_html("Long read", paragraphs=200)
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    response(writer, "https://www.example-news.com/long", big)
    response(writer, FIRST_URL, FIRST_HTML)
    items = pages_of(out.getvalue(), max_record_bytes=len(big) // 2)
    assert isinstance(items[0], WarcSkip)
    assert items[0].url == "https://www.example-news.com/long"
    assert "larger than" in items[0].reason
    assert str(items[0]).startswith("https://www.example-news.com/long: ")
    assert isinstance(items[1], WarcPage) and items[1].url == FIRST_URL


def test_payload_that_inflates_past_the_limit_is_skipped() -> None:
    bomb = gzip.compress(b"<html><body>" + b" " * 2_000_000 + b"</body></html>")
    data = single_record_warc(bomb, headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
    (item,) = pages_of(data, max_record_bytes=100_000)
    assert isinstance(item, WarcSkip) and "decodes to more than" in item.reason


def test_skips_are_not_raised_for_ordinary_non_pages() -> None:
    assert all(isinstance(item, WarcPage) for item in pages_of(PLAIN_WARC))


# ---------------------------------------------------------------- broken archives


def record_starts(data: bytes) -> list[int]:
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(io.BytesIO(data))
    starts = []
    for _ in iterator:
        starts.append(iterator.get_record_offset())
    return starts


# A plain record whose block is all there but whose closing blank lines are cut
# may read as whole: its bytes can end like a terminator.
TERMINATOR_BYTES = 4


@pytest.mark.parametrize("data", [PLAIN_WARC, GZIPPED_WARC], ids=["plain", "gzip"])
def test_truncated_warc_keeps_earlier_pages_then_fails_clearly(data: bytes) -> None:
    starts = record_starts(data)
    first_page_end = starts[3]
    whole = {cut for start in [*starts[1:], len(data)] for cut in range(start - TERMINATOR_BYTES, start + 1)}
    for cut in range(1, len(data)):
        got = []
        # The first few bytes alone are not recognisably a WARC any more.
        expected = "truncated or malformed WARC after \\d+ complete records?" if is_warc(data[:cut]) else "not a WARC"
        try:
            for item in iter_warc_pages(io.BytesIO(data[:cut])):
                got.append(item)
        except NewsparseError as error:
            assert re.match(expected, str(error)), (cut, str(error))
        else:
            assert cut in starts or (data is PLAIN_WARC and cut in whole), cut
        urls = [item.url for item in got]
        # Pages come out in order up to the cut; one whose bytes are all there comes
        # out even if what follows them (terminator, gzip trailer) is cut.
        assert urls == [FIRST_URL, SECOND_URL][: len(urls)], cut
        assert cut < first_page_end or urls, cut


def test_warc_cut_between_records_is_a_shorter_warc() -> None:
    for data in (PLAIN_WARC, GZIPPED_WARC):
        cut = record_starts(data)[4]
        assert [item.url for item in pages_of(data[:cut])] == [FIRST_URL]


@pytest.mark.parametrize("cut", [10, 60, 150, 300])
def test_warc_cut_in_its_first_header(cut: int) -> None:
    with pytest.raises(NewsparseError, match="after 0 complete records"):
        pages_of(PLAIN_WARC[:cut])


def test_garbage_between_records_is_an_error() -> None:
    with pytest.raises(NewsparseError, match="truncated or malformed WARC"):
        pages_of(PLAIN_WARC + b"this is not a WARC record\r\n" * 3)


def test_trailing_blank_padding_is_fine() -> None:
    assert len(pages_of(PLAIN_WARC + b"\r\n\r\n")) == 2


@pytest.mark.parametrize("data", [
    FIRST_HTML,
    gzip.compress(FIRST_HTML),
    b"\x89PNG\r\n\x1a\nxxxxxxxxxxxxxxxx",
    b"WARCish but not: hello",
])
def test_not_a_warc(data: bytes) -> None:
    assert not is_warc(data)
    with pytest.raises(NewsparseError, match="not a WARC file|truncated or malformed"):
        pages_of(data)


def test_empty_stream_has_no_pages() -> None:
    assert pages_of(b"") == []


# ---------------------------------------------------------------- sniffing


def test_is_warc() -> None:
    assert is_warc(PLAIN_WARC)
    assert is_warc(GZIPPED_WARC)
    assert is_warc(GZIPPED_WARC[:200])  # the first member's start is enough
    assert is_warc(b"WARC/1.1\r\nWARC-Type: warcinfo\r\n")
    assert not is_warc(b"")
    assert not is_warc(b"\x1f\x8b")  # a gzip header cut short
    assert not is_warc(b"\x1f\x8b\x08\x00garbage-after-the-magic-number")
    assert not is_warc(b"<!doctype html><html></html>")


def test_warcio_is_imported_only_when_reading() -> None:
    code = "import newsparse, newsparse.warc, sys; print('warcio' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# ---------------------------------------------------------------- distributed call pattern


def parse_partition(pages: list[WarcPage]) -> list[newsparse.Article]:
    """What a Dask `map_partitions` or Spark `mapPartitions` function does with each page."""
    return [newsparse.parse(page.body, url=page.url) for page in pages]


def test_pages_and_articles_survive_pickling() -> None:
    pages = [item for item in pages_of(GZIPPED_WARC) if isinstance(item, WarcPage)]
    shipped = pickle.loads(pickle.dumps(pages))  # to the workers...
    assert shipped == pages
    articles = parse_partition(shipped)
    returned = pickle.loads(pickle.dumps(articles))  # ...and back
    assert returned == articles
    assert [article.title for article in returned] == ["Council passes budget", "River floods the old town"]
    assert [article.url for article in returned] == [FIRST_URL, SECOND_URL]
    assert all(article.word_count > 50 for article in returned)
    assert returned[0].to_dict() == parse_partition(pages)[0].to_dict()  # a pure function


def test_skip_pickles_too() -> None:
    skip = WarcSkip(FIRST_URL, "<urn:uuid:1>", "record is larger than the 50 MiB limit")
    assert pickle.loads(pickle.dumps(skip)) == skip


# ---------------------------------------------------------------- through the command line


def test_cli_writes_one_record_per_html_response_in_order(tmp_path) -> None:
    from click.testing import CliRunner

    from newsparse.cli import main

    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(GZIPPED_WARC)
    result = CliRunner().invoke(main, ["-f", "jsonl", str(crawl)])
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"]["saved_from_url"] for r in records] == [FIRST_URL, SECOND_URL]
    assert {r["source"]["format"] for r in records} == {"warc"}
    assert records[1]["source"]["saved_at"] == "2019-11-19T06:30:00+00:00"
    assert records[0]["url"] == FIRST_URL


def test_cli_output_dir_gets_a_folder_of_records_per_warc(tmp_path) -> None:
    from click.testing import CliRunner

    from newsparse.cli import main

    crawl = tmp_path / "in" / "crawl.warc"
    crawl.parent.mkdir()
    crawl.write_bytes(PLAIN_WARC)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["-f", "md", "--output-dir", str(out), str(crawl.parent)])
    assert result.exit_code == 0, result.stderr
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.md")) == ["crawl/00001.md", "crawl/00002.md"]


def test_cli_truncated_warc_keeps_the_pages_before_the_break(tmp_path) -> None:
    from click.testing import CliRunner

    from newsparse.cli import main

    starts = record_starts(PLAIN_WARC)
    crawl = tmp_path / "cut.warc"
    crawl.write_bytes(PLAIN_WARC[: starts[-1] + 200])  # the second page's record breaks off
    result = CliRunner().invoke(main, ["-f", "jsonl", str(crawl)])
    assert result.exit_code == 1
    assert [json.loads(line)["source"]["saved_from_url"] for line in result.stdout.splitlines()] == [FIRST_URL]
    assert "WARC" in result.stderr and "Traceback" not in result.stderr
