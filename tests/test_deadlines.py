"""Inputs that stall the parser or the WARC reader, and signals to the parent: the
deadline holds whatever the input does, workers never outlive the parent, and a
stopped run leaves no temporary file. Each test ends within a few seconds.
"""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from gazette import page
from newsparse.cli import main

# One element with this many attributes keeps the HTML parser busy in C code for
# about 46 s, where no signal in the converting process can stop it.
STALLING_ATTRIBUTES = 100_000
TIMEOUT = "1"


def stalling_page() -> str:
    attributes = " ".join(f"a{i}=x" for i in range(STALLING_ATTRIBUTES))
    return f"<html><body><article><div {attributes}><p>Text.</p></div></article></body></html>"


def deeply_nested_page(depth: int = 100_000) -> str:
    return "<html><body>" + "<div>" * depth + "<p>Deep text.</p>" + "</div>" * depth + "</body></html>"


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def written(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) if out.exists() else []


@pytest.mark.parametrize("make_page", [stalling_page, deeply_nested_page], ids=["attributes", "nesting"])
def test_a_parse_stuck_in_c_code_is_stopped_at_the_timeout(tmp_path, make_page):
    # One page converts in the command's own process, which ends at the timeout
    # however long the parser would still have taken.
    stuck = tmp_path / "stuck.html"
    stuck.write_text(make_page(), encoding="utf-8")
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "newsparse", "--timeout", TIMEOUT, "-f", "json", str(stuck)],
                            capture_output=True, text=True, timeout=15)
    assert result.returncode == 1
    assert result.stdout == ""
    assert error_lines(result) == [f"newsparse: {stuck}: took longer than 1 s; gave up (raise --timeout)"]
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_batch_goes_on_past_a_stuck_parse(tmp_path, deadline, workers):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "00-stuck.html").write_text(stalling_page(), encoding="utf-8")
    words = ["forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand"]
    for n, word in enumerate(words, 1):
        (folder / f"{n:02d}.html").write_text(page(word), encoding="utf-8")
    out = tmp_path / "out"
    with deadline(20):
        result = CliRunner().invoke(main, ["--timeout", TIMEOUT, "-j", workers, "--output-dir", str(out), str(folder)])
    assert result.exit_code == 1
    assert error_lines(result) == [f"newsparse: {folder / '00-stuck.html'}: took longer than 1 s; gave up "
                                   "(raise --timeout)"]
    assert written(out) == [f"{n:02d}.md" for n in range(1, len(words) + 1)]


def children_of(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def has_exited(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")  # a zombie has exited; only its parent's wait is missing


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL], ids=["TERM", "HUP", "KILL"])
def test_workers_exit_when_the_parent_is_stopped(tmp_path, signum):
    for n in range(2):
        (tmp_path / f"stuck{n}.html").write_text(stalling_page(), encoding="utf-8")
    parent = subprocess.Popen([sys.executable, "-m", "newsparse", "-j", "2", "--timeout", "60", "--output-dir",
                               str(tmp_path / "out"), str(tmp_path / "stuck0.html"), str(tmp_path / "stuck1.html")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        give_up = time.monotonic() + 10
        while len(children_of(parent.pid)) < 2 and time.monotonic() < give_up:
            time.sleep(0.05)
        workers = children_of(parent.pid)
        assert len(workers) == 2
        time.sleep(0.5)  # both are deep in the parser by now
        parent.send_signal(signum)
        parent.wait(10)
        give_up = time.monotonic() + 5
        while not all(has_exited(pid) for pid in workers) and time.monotonic() < give_up:
            time.sleep(0.05)
        assert all(has_exited(pid) for pid in workers)
        if signum != signal.SIGKILL:
            assert parent.returncode == 128 + signum
            assert parent.stderr.read().decode().strip() == "newsparse: stopped by a signal"
    finally:
        parent.kill()
        parent.wait()
        for pid in children_of(parent.pid):
            os.kill(pid, signal.SIGKILL)


SLOW_WRITE = """
import os, sys, time
import newsparse.output
real_replace = os.replace
def slow_replace(source, target):
    print("writing", flush=True)
    time.sleep(60)
newsparse.output.os.replace = slow_replace
from newsparse.cli import main
main()
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
def test_a_signal_mid_write_removes_the_temporary_file(tmp_path, signum):
    source = tmp_path / "a.html"
    source.write_text(page("forty"), encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, "--output-dir", str(out), str(source)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        assert process.stdout.readline() == "writing\n"
        assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")]  # caught mid-write
        process.send_signal(signum)
        process.wait(10)
    finally:
        process.kill()
    assert process.returncode == 128 + signum
    assert list(out.iterdir()) == []


def test_messages_carry_no_terminal_escape_sequences(tmp_path):
    from warcio.warcwriter import WARCWriter

    from test_warc import article_html, response

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    response(writer, "https://example.com/\x1b]0;owned\x07\x1b[2J\x9b31m", article_html("Too big", 400))
    crawl = tmp_path / "crawl.warc"
    crawl.write_bytes(buffer.getvalue())
    result = CliRunner().invoke(main, ["-f", "jsonl", "--max-size", "20K", str(crawl)])
    assert result.exit_code == 1
    assert not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) <= 0x9f for c in result.stderr)
    assert "\\x1b]0;owned\\x07" in result.stderr


# ---------------------------------------------------------------- WARC files in a batch


def write_crawl(path: Path) -> Path:
    from test_warc import PLAIN_WARC

    path.write_bytes(PLAIN_WARC)
    return path


def test_a_warc_in_a_batch_keeps_the_workers_and_their_crash_isolation(tmp_path, monkeypatch, deadline):
    from newsparse import batch

    folder = tmp_path / "in"
    folder.mkdir()
    write_crawl(folder / "crawl.warc")
    words = ["forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand"]
    for n, word in enumerate(words):
        (folder / f"{n:02d}.html").write_text(page(word), encoding="utf-8")
    convert = batch.convert
    parent = os.getpid()

    def crashing_convert(path, settings, stdin=None, images=None):
        if path.endswith("03.html"):
            os.kill(os.getpid(), signal.SIGKILL)  # in a worker only: the parent would die with it
        assert os.getpid() != parent, "converted in the parent"
        return convert(path, settings, stdin, images)

    monkeypatch.setattr(batch, "convert", crashing_convert)
    out = tmp_path / "out"
    with deadline(30):
        result = CliRunner().invoke(main, ["-j", "2", "--output-dir", str(out), str(folder)])
    assert result.exit_code == 1
    assert [line.split(": ")[1] for line in error_lines(result)] == [str(folder / "03.html")]
    expected = [f"{n:02d}.md" for n in range(len(words)) if n != 3] + ["crawl/00001.md", "crawl/00002.md"]
    assert written(out) == sorted(expected)


def test_dash_o_with_a_warc_is_one_usage_error(tmp_path):
    crawl = write_crawl(tmp_path / "crawl.warc")
    result = CliRunner().invoke(main, ["-o", str(tmp_path / "x.md"), str(crawl)])
    assert result.exit_code == 2
    assert result.stderr.count("WARC file holds many pages") == 1
    assert not (tmp_path / "x.md").exists()


def test_json_of_a_warc_without_pages_is_an_empty_array(tmp_path):
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    writer.write_record(writer.create_warcinfo_record("empty.warc", {"software": "test-crawler/1.0"}))
    crawl = tmp_path / "empty.warc"
    crawl.write_bytes(buffer.getvalue())
    result = CliRunner().invoke(main, ["-f", "json", str(crawl)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "[]\n"


def test_an_unwritable_dash_o_is_a_usage_error_like_an_unwritable_output_dir(tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    source = tmp_path / "a.html"
    source.write_text(page("forty"), encoding="utf-8")
    # chmod does not stop root, who runs these tests in containers: fail the write itself.
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    for option, target in (("-o", tmp_path / "locked" / "a.md"), ("--output-dir", tmp_path / "locked")):
        result = CliRunner().invoke(main, [option, str(target), str(source)])
        assert result.exit_code == 2, option
        assert f"cannot write to {target}: Permission denied" in result.stderr


def test_a_page_named_only_by_its_suffix_keeps_its_own_output_name(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / ".html").write_text(page("forty"), encoding="utf-8")
    (tmp_path / "in" / "sub.html").write_text(page("fifty"), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--output-dir", str(out), str(tmp_path / "in")])
    assert result.exit_code == 0, result.stderr
    assert written(out) == ["sub.md", "sub/.html.md"]


def test_a_warc_record_too_large_to_read_past_stops_the_file_at_once(tmp_path, deadline):
    from warcio.warcwriter import WARCWriter

    from test_warc import FIRST_URL, article_html, response

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    # Not a page, so never read as one; but inflating it is the only way past it.
    response(writer, "https://example.com/video", bytes(64 * 1024 * 1024), headers=[("Content-Type", "video/mp4")])
    response(writer, FIRST_URL, article_html("After the video"))
    crawl = tmp_path / "crawl.warc.gz"
    crawl.write_bytes(buffer.getvalue())
    assert crawl.stat().st_size < 1024 * 1024
    with deadline(15):
        result = CliRunner().invoke(main, ["-f", "jsonl", "--max-size", "1M", str(crawl)])
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert line.startswith(f"newsparse: {crawl} record 00001: a record of 67,10")  # the payload and its headers
    assert line.endswith(" bytes is more than the 4 MiB any record may be; the rest of the WARC file was not read "
                         "(raise --max-size)")


def test_warc_headers_that_stall_the_reader_are_stopped_at_the_timeout(tmp_path, deadline):
    # warcio joins continuation lines in quadratic time on Python 3.11 and later (39 s
    # there); 3.10's in-place string concatenation reads them at once, and the page is
    # converted: either way the run ends within the budget.
    folded = b" b\r\n" * 300_000
    html = b"<html><body><p>hello</p></body></html>"
    crawl = tmp_path / "folded.warc"
    crawl.write_bytes(b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://example.com/\r\nX-Folded: a\r\n"
                      + folded + b"Content-Type: text/html\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n" % (len(html), html))
    started = time.monotonic()
    # As a command: within pytest warcio happens to read the headers quickly.
    result = subprocess.run([sys.executable, "-m", "newsparse", "-f", "jsonl", "--timeout", TIMEOUT, str(crawl)],
                            capture_output=True, text=True, timeout=30)
    assert time.monotonic() - started < 5
    if result.returncode != 0:
        assert error_lines(result) == [f"newsparse: {crawl} record 00001: took longer than 1 s; gave up "
                                       "(raise --timeout); the rest of the WARC file was not read"]


def test_debug_tracebacks_carry_no_terminal_escape_sequences(tmp_path, monkeypatch):
    from newsparse import extract

    def broken(*args, **kwargs):
        raise ValueError("damaged \x1b]0;owned\x07 bytes")

    monkeypatch.setattr(extract, "parse_html", broken)
    source = tmp_path / "a.html"
    source.write_text(page("forty"), encoding="utf-8")
    result = CliRunner().invoke(main, ["--debug", "--timeout", "0", str(source)])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and "\\x1b]0;owned\\x07" in result.stderr
    assert not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) <= 0x9f for c in result.stderr)
