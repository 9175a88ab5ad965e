"""The library as a newcomer meets it: str or bytes, a path, the CLI's format names,
a WARC without internal modules, dates as Python values; records equal the CLI's."""
from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import pytest

import newsparse
from newsparse.cli import main
from test_warc import FIRST_URL, GZIPPED_WARC, SECOND_URL

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEED = SAMPLES / "seed-like" / "source.html"
CP1251 = SAMPLES / "cp1251-russian" / "source.html"


def cli_records(runner, *inputs: Path) -> list[dict]:
    result = runner.invoke(main, ["-f", "jsonl", *map(str, inputs)])
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


# ---------------------------------------------------------------- parse, parse_file


def test_parse_takes_a_decoded_str_and_ignores_its_charset_declaration() -> None:
    data = CP1251.read_bytes()
    from_bytes = newsparse.parse(data)
    from_text = newsparse.parse(data.decode("windows-1251"))
    assert from_text.title == from_bytes.title and from_text.text == from_bytes.text
    assert from_text.source.encoding == "utf-8"


def test_parse_str_refuses_what_parse_bytes_refuses() -> None:
    with pytest.raises(newsparse.NewsparseError):
        newsparse.parse("just a line of text, no markup")


def test_parse_file_equals_the_cli_record(runner) -> None:
    (expected,) = cli_records(runner, SEED)
    assert newsparse.parse_file(str(SEED)).to_dict() == expected
    assert newsparse.parse_file(SEED).source.path == str(SEED)  # a Path is welcome too


def test_parse_file_errors_say_why(tmp_path: Path) -> None:
    with pytest.raises(newsparse.NewsparseError, match="no such file"):
        newsparse.parse_file(tmp_path / "missing.html")
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(GZIPPED_WARC)
    with pytest.raises(newsparse.NewsparseError, match="iter_warc"):
        newsparse.parse_file(warc)


# ---------------------------------------------------------------- render


@pytest.mark.parametrize(("alias", "name"), [("md", "markdown"), ("txt", "text")])
def test_render_takes_the_cli_format_names(alias: str, name: str) -> None:
    article = newsparse.parse_file(SEED)
    assert newsparse.render(article, alias) == newsparse.render(article, name)


def test_render_still_refuses_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        newsparse.render(newsparse.parse_file(SEED), "html")


# ---------------------------------------------------------------- iter_warc


def test_iter_warc_records_equal_the_cli_records(tmp_path: Path, runner) -> None:
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(GZIPPED_WARC)
    items = list(newsparse.iter_warc(warc))
    assert all(isinstance(item, newsparse.Article) for item in items)
    assert [item.url for item in items] == [FIRST_URL, SECOND_URL]
    assert [item.to_dict() for item in items] == cli_records(runner, warc)
    assert pickle.loads(pickle.dumps(items)) == items


def test_iter_warc_yields_a_broken_end_as_an_error_after_the_pages(tmp_path: Path) -> None:
    warc = tmp_path / "cut.warc.gz"
    warc.write_bytes(GZIPPED_WARC[: len(GZIPPED_WARC) - 40])
    items = list(newsparse.iter_warc(warc))
    assert isinstance(items[0], newsparse.Article) and items[0].url == FIRST_URL
    assert isinstance(items[-1], newsparse.NewsparseError)
    assert str(items[-1]).startswith(f"{warc} record ")
    assert pickle.loads(pickle.dumps(items[-1])).args == items[-1].args


def test_iter_warc_of_a_missing_file_yields_one_error(tmp_path: Path) -> None:
    (item,) = newsparse.iter_warc(tmp_path / "missing.warc")
    assert isinstance(item, newsparse.NewsparseError) and "cannot read" in str(item)


# ---------------------------------------------------------------- dates


def test_dates_as_python_values_keep_what_the_page_said() -> None:
    article = newsparse.parse_file(SEED)
    assert article.published == "2023-09-07T14:32:00+03:00"
    assert article.published_datetime == dt.datetime(2023, 9, 7, 14, 32, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    day_only = newsparse.Article(source=newsparse.Source(), published="2019-12-11", modified="2021-03-03T18:45:00")
    assert type(day_only.published_datetime) is dt.date  # no invented midnight
    assert day_only.modified_datetime == dt.datetime(2021, 3, 3, 18, 45)  # naive: no offset given
    assert newsparse.Article(source=newsparse.Source(), published="2020-01-01T00:00:00Z").published_datetime \
        == dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)
    assert newsparse.Article(source=newsparse.Source()).published_datetime is None


def test_the_json_keeps_dates_as_iso_strings() -> None:
    record = newsparse.parse_file(SEED).to_dict()
    assert record["published"] == "2023-09-07T14:32:00+03:00"
    assert "published_datetime" not in record


def test_public_names_are_exported() -> None:
    for name in ("parse", "parse_file", "parse_html", "iter_warc", "render"):
        assert name in newsparse.__all__ and callable(getattr(newsparse, name))


def test_import_newsparse_loads_the_file_readers_and_dask_only_when_used() -> None:
    import subprocess
    import sys

    code = ("import sys, newsparse\n"
            "assert not {'newsparse.inputs', 'newsparse.distributed', 'dask'} & set(sys.modules)\n"
            "assert newsparse.parse_file is sys.modules['newsparse.inputs'].parse_file\n"
            "assert 'iter_warc' in dir(newsparse)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
