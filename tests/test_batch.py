"""The batch runner: inputs expanded into jobs, outcomes in input order, serial or in
worker processes, each input within its limits; on its own and through the command line."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from gazette import page
from newsparse.batch import (DEFAULT_MAX_SIZE, DEFAULT_TIMEOUT, PARALLEL_MIN_INPUTS, InputTimeout, Job, Limits,
                             Settings, convert, default_workers, expand_inputs, memory_ceiling, outcomes,
                             strip_page_suffix, time_budget)
from newsparse.cli import main


def settings(format_name: str = "markdown") -> Settings:
    return Settings(format_name, None, Limits(DEFAULT_MAX_SIZE, DEFAULT_TIMEOUT, 0), {}, False, False)


# ---------------------------------------------------------------- inputs into jobs


def test_directories_are_walked_in_order_and_what_cannot_be_used_is_reported(pages, tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    messages: list[str] = []
    jobs, failures = expand_inputs((str(pages), str(tmp_path / "missing.html"), str(empty), "-"), messages.append)
    # Two folders given (one empty): each one's outputs go under its own name, as cp -r does.
    assert jobs == [Job(str(pages / "a.html"), Path("in/a")), Job(str(pages / "sub" / "b.htm.gz"), Path("in/sub/b")),
                    Job("-", Path("stdin"))]
    assert failures == 2
    assert messages == [f"{tmp_path / 'missing.html'}: no such file or directory",
                        f"{empty}: no saved pages in this directory "
                        "(*.html, *.htm, *.xhtml, *.mhtml, *.mht, *.warc, also .gz)"]
    assert capsys.readouterr() == ("", "")  # messages go to the callable, never to stdio


@pytest.mark.parametrize("name, stem", [
    ("a.html", "a"), ("b.HTM.gz", "b"), ("c.mhtml", "c"), ("d.warc.gz", "d"), ("notes.txt", "notes.txt"),
    ("archive.gz", "archive.gz"),
])
def test_page_suffixes_come_off_other_names_stay(name, stem):
    assert strip_page_suffix(name) == stem


# ---------------------------------------------------------------- conversion and order


def test_a_bad_input_is_a_failed_outcome_not_an_exception(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = convert(str(empty), settings())
    assert result.error == "empty input" and result.rendered is None


def test_outcomes_come_in_input_order_and_advance_once_per_input(pages):
    jobs = [Job(str(pages / "sub" / "b.htm.gz"), Path("b")), Job(str(pages / "a.html"), Path("a"))]
    advanced: list[int] = []
    results = list(outcomes(jobs, settings("jsonl"), 1, lambda: advanced.append(1)))
    assert [job for job, record, result in results] == jobs
    assert [json.loads(result.rendered)["source"]["path"] for job, record, result in results] == [
        job.path for job in jobs]
    assert len(advanced) == len(jobs)


def test_a_few_inputs_run_here_a_batch_gets_a_worker_per_cpu():
    assert default_workers(1) == default_workers(PARALLEL_MIN_INPUTS - 1) == 1
    assert default_workers(PARALLEL_MIN_INPUTS) == (os.cpu_count() or 1)


# ---------------------------------------------------------------- limits


def test_time_budget_stops_an_overrun_and_leaves_no_alarm():
    import signal

    with pytest.raises(InputTimeout):
        with time_budget(0.05):
            while True:
                time.sleep(0.01)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_memory_ceiling_applies_while_it_lasts():
    resource = pytest.importorskip("resource")
    before = resource.getrlimit(resource.RLIMIT_AS)
    limit = 3 * 1024**3
    with memory_ceiling(limit):
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        assert soft != resource.RLIM_INFINITY and soft <= limit
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_memory_ceiling_is_restored_after_the_run(runner, pages):
    resource = pytest.importorskip("resource")
    before = resource.getrlimit(resource.RLIMIT_AS)
    assert runner.invoke(main, ["--max-memory", "3G", str(pages / "a.html")]).exit_code == 0
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_parallel_batch_keeps_input_order_and_matches_serial_output(runner, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    words = ["forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "dozen", "score"]
    for n, word in enumerate(words):
        (folder / f"{n:02d}.html").write_text(page(word), encoding="utf-8")
    (folder / "05b.html").write_bytes(b"")  # one bad input in the middle
    serial = runner.invoke(main, ["-f", "jsonl", "--jobs", "1", str(folder)])
    parallel = runner.invoke(main, ["-f", "jsonl", "--jobs", "2", str(folder)])
    assert serial.exit_code == parallel.exit_code == 1
    assert parallel.stdout == serial.stdout
    texts = [json.loads(line)["text"] for line in parallel.stdout.splitlines()]
    assert [next(w for w in words if f"{w} corroded" in t) for t in texts] == words
    assert "05b.html: empty input" in parallel.stderr


def test_an_input_that_kills_its_worker_fails_alone(runner, tmp_path, monkeypatch, deadline):
    # A crash in the parser or the kernel's out-of-memory killer ends a worker process:
    # that input fails, saying so, and the batch goes on (it used to hang for ever).
    import os
    import signal

    from newsparse import batch

    folder = tmp_path / "many"
    folder.mkdir()
    words = ["forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "dozen", "score"]
    for n, word in enumerate(words):
        (folder / f"{n:02d}.html").write_text(page(word), encoding="utf-8")
    convert = batch.convert

    def crashing_convert(path, settings, stdin=None, images=None):
        if path.endswith("05.html"):
            os.kill(os.getpid(), signal.SIGKILL)
        return convert(path, settings, stdin, images)

    monkeypatch.setattr(batch, "convert", crashing_convert)
    with deadline(60):
        result = runner.invoke(main, ["-f", "jsonl", "--jobs", "2", str(folder)])
    assert result.exit_code == 1
    texts = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    assert [next(w for w in words if f"{w} corroded" in t) for t in texts] == words[:5] + words[6:]
    assert "05.html: the worker process converting it was killed (SIGKILL)" in result.stderr
