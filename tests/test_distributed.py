"""The scale-out path: the Dask bag gives the CLI's records, byte for byte, one task per file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsparse.cli import main
from test_warc import GZIPPED_WARC

dask = pytest.importorskip("dask")
from newsparse import distributed  # noqa: E402  (after the skip: the module is useless without dask)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Every sample's source, a WARC, and a file that is not a page."""
    folder = tmp_path_factory.mktemp("inputs")
    warc = folder / "crawl.warc.gz"
    warc.write_bytes(GZIPPED_WARC)
    broken = folder / "broken.html"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    sources = sorted(str(next(folder.glob("source.*")))  # not a saved page's "source_files" folder
                     for folder in SAMPLES.iterdir() if folder.is_dir())
    return [*sources, str(warc), str(broken)]


@pytest.fixture(scope="module")
def cli_lines(inputs: list[str]) -> list[str]:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["-f", "jsonl", "--jobs", "1", *inputs])
    assert result.exit_code == 1  # the broken file
    return result.stdout.splitlines()


def test_the_bag_gives_the_cli_jsonl_lines_in_input_order(inputs: list[str], cli_lines: list[str]) -> None:
    items = distributed.articles(inputs)
    assert items.npartitions == len(inputs)  # one task per file
    lines = distributed.json_lines(items).compute(scheduler="sync")
    assert len(lines) == len(inputs)  # the WARC gives two records, the broken file none
    assert lines == cli_lines


def test_records_and_errors_through_worker_processes(inputs: list[str], cli_lines: list[str]) -> None:
    # Worker processes: Articles and errors cross a process boundary, as on a cluster.
    items = distributed.articles(inputs, files_per_task=8).persist(scheduler="processes", num_workers=2)
    assert distributed.records(items).compute(scheduler="sync") == [json.loads(line) for line in cli_lines]
    (error,) = distributed.errors(items).compute(scheduler="sync")
    assert error.startswith(inputs[-1] + ": ")


def test_no_files_is_an_empty_bag() -> None:
    assert distributed.articles([]).compute(scheduler="sync") == []
