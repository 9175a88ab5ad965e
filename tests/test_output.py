"""Writing results: output names, atomic writes, output-dir safety, --check and --diff;
on their own and through the command line."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gazette import page
from newsparse import NewsparseError
from newsparse.batch import Converted, Job
from newsparse.cli import main
from newsparse.output import (Options, Writer, check_inside, compare_with_file, output_path, prepare_output_dir,
                              separator, write_atomically)


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def leftovers(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if p.name.endswith(".tmp")]


class Streams:
    """What the command line would hand a Writer: stdout, stderr and one-line messages, kept."""

    def __init__(self) -> None:
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self.messages: list[tuple[str, bool]] = []

    def report(self, message: str, *, error: bool = True) -> None:
        self.messages.append((message, error))

    def writer(self, jobs: list[Job], format_name: str, output: str | None = None, output_dir: str | None = None,
               options: Options = Options()) -> Writer:
        return Writer(jobs, format_name, output, output_dir, options, report=self.report,
                      write_stdout=self.stdout.append, write_stderr=self.stderr.append)


# ---------------------------------------------------------------- output names


@pytest.mark.parametrize("relative, record, extension, expected", [
    ("a", None, ".md", "out/a.md"),
    ("sub/b", None, ".json", "out/sub/b.json"),
    ("crawl", "00002", ".txt", "out/crawl/00002.txt"),  # a WARC file: a directory, one output per record
])
def test_an_output_is_named_after_its_input(relative, record, extension, expected):
    assert output_path("out", Path(relative), record, extension) == Path(expected)


def test_directory_is_walked_and_mirrored_under_output_dir(runner, pages, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["-f", "md", "--output-dir", str(out), str(pages)])
    assert result.exit_code == 0, result.output
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["a.md", "sub/b.md"]
    assert result.stdout == ""


def test_output_dir_inside_the_input_tree_never_touches_inputs_or_rereads_outputs(runner, pages):
    before = {path: (pages / path).read_bytes() for path in files_under(pages)}
    for _ in range(2):  # the second run walks the first run's outputs
        result = runner.invoke(main, ["-f", "json", "--output-dir", str(pages / "converted"), str(pages)])
        assert result.exit_code == 0, result.stderr
        assert files_under(pages / "converted") == ["a.json", "sub/b.json"]
    assert {path: (pages / path).read_bytes() for path in before} == before


def test_output_dir_equal_to_the_input_dir_writes_beside_the_inputs(runner, pages):
    result = runner.invoke(main, ["-f", "md", "--output-dir", str(pages), str(pages)])
    assert result.exit_code == 0, result.stderr
    assert files_under(pages) == ["a.html", "a.md", "notes.txt", "sub/b.htm.gz", "sub/b.md"]


def test_two_inputs_with_one_output_name_do_not_overwrite_each_other(runner, tmp_path):
    for name in ("story.html", "story.htm"):
        (tmp_path / name).write_text(page(name), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["-f", "json", "--output-dir", str(out),
                                  str(tmp_path / "story.html"), str(tmp_path / "story.htm")])
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"newsparse: {tmp_path / 'story.htm'}: its output {out / 'story.json'} was "
                                     f"already written for {tmp_path / 'story.html'}; rename one of them")
    assert "story.html corroded" in (out / "story.json").read_text(encoding="utf-8")


# ---------------------------------------------------------------- where outputs may go


def test_an_output_outside_the_output_dir_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    check_inside(out / "sub" / "a.md", str(out))
    with pytest.raises(NewsparseError, match="would land outside --output-dir"):
        check_inside(out / ".." / "a.md", str(out))


def test_an_unusable_output_dir_raises_its_os_error(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(OSError):
        prepare_output_dir(str(blocker))
    prepare_output_dir(str(tmp_path / "new" / "dir"))
    assert (tmp_path / "new" / "dir").is_dir() and files_under(tmp_path / "new") == []


# ---------------------------------------------------------------- atomic writes


def test_write_atomically_replaces_the_file_whole_and_never_an_input(tmp_path):
    target = tmp_path / "deep" / "a.md"
    write_atomically(target, "caf\u00e9\n", set())
    assert target.read_bytes() == "caf\u00e9\n".encode("utf-8")
    with pytest.raises(NewsparseError, match="refusing to overwrite the input"):
        write_atomically(target, "other\n", {os.path.realpath(target)})
    assert target.read_text(encoding="utf-8") == "caf\u00e9\n"
    assert leftovers(tmp_path) == []


def test_output_file_is_written_whole_with_no_temporary_left(runner, pages, tmp_path):
    target = tmp_path / "result.json"
    result = runner.invoke(main, ["-f", "json", "-o", str(target), str(pages / "a.html")])
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"].startswith("Harbour Bridge")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_failed_input_leaves_no_output_file(runner, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(main, ["--output-dir", str(out), str(bad)])
    assert result.exit_code == 1
    assert not out.exists() or list(out.rglob("*")) == []


def test_output_never_overwrites_an_input(runner, pages):
    source = pages / "a.html"
    before = source.read_bytes()
    result = runner.invoke(main, ["-o", str(source), str(source)])
    assert result.exit_code == 1
    assert source.read_bytes() == before


def test_ctrl_c_while_writing_exits_130_and_removes_the_temporary_file(runner, pages, tmp_path, monkeypatch):
    import newsparse.output

    real_replace = os.replace
    calls = []

    def interrupted_second_time(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(newsparse.output.os, "replace", interrupted_second_time)
    out = tmp_path / "out"
    result = runner.invoke(main, ["--output-dir", str(out), str(pages)])
    assert result.exit_code == 130
    assert files_under(out) == ["a.md"]  # the first was written whole, the second not at all
    assert leftovers(tmp_path) == []


def test_ctrl_c_with_dash_o_keeps_the_old_file_whole(runner, pages, tmp_path, monkeypatch):
    import newsparse.output

    target = tmp_path / "result.md"
    target.write_text("previous run\n")

    def interrupted(source, destination):
        raise KeyboardInterrupt

    monkeypatch.setattr(newsparse.output.os, "replace", interrupted)
    result = runner.invoke(main, ["-o", str(target), str(pages / "a.html")])
    assert result.exit_code == 130
    assert target.read_text() == "previous run\n"
    assert leftovers(tmp_path) == []


def test_disk_full_fails_that_input_and_cleans_up(runner, pages, tmp_path, monkeypatch):
    import newsparse.output

    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(newsparse.output.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    out = tmp_path / "out"
    result = runner.invoke(main, ["--output-dir", str(out), str(pages / "a.html")])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"newsparse: {pages / 'a.html'}: cannot write {out / 'a.md'}: No space left on device"
    assert files_under(out) == []


def test_a_device_is_written_in_place_not_replaced(tmp_path):
    # /dev/null itself cannot be replaced by a test that does not run as root; a FIFO
    # and /dev/stdout go through the same path, and replacing them is what used to happen.
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    import threading

    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomically(fifo, "through the pipe\n", set())
    reader.join(5)
    assert received == [b"through the pipe\n"]
    assert fifo.is_fifo() and leftovers(tmp_path) == []
    write_atomically(Path("/dev/null"), "nothing\n", set())
    assert Path("/dev/null").is_char_device()


def test_dash_o_to_a_link_to_stdout_writes_through_the_descriptor(pages, tmp_path):
    import subprocess
    import sys

    # A link of our own to /proc/self/fd/1 takes the path /dev/stdout takes, and the
    # code that used to rename over it replaces only this link, never the real /dev/stdout.
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    captured = tmp_path / "captured.md"
    with open(captured, "wb") as stdout:
        result = subprocess.run([sys.executable, "-m", "newsparse", "-o", str(link), str(pages / "a.html")],
                                stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert captured.read_text(encoding="utf-8").startswith("# Harbour Bridge")
    assert link.is_symlink() and leftovers(tmp_path) == []


def test_new_outputs_get_the_umask_mode_and_replaced_ones_keep_theirs(runner, pages, tmp_path):
    out = tmp_path / "out"
    old_umask = os.umask(0o022)
    try:
        import newsparse.output

        newsparse.output._umask = None
        assert runner.invoke(main, ["--output-dir", str(out), str(pages)]).exit_code == 0
        assert (out / "a.md").stat().st_mode & 0o777 == 0o644
        (out / "a.md").chmod(0o640)
        (out / "a.md").write_text("stale\n", encoding="utf-8")
        assert runner.invoke(main, ["--output-dir", str(out), str(pages)]).exit_code == 0
        assert (out / "a.md").stat().st_mode & 0o777 == 0o640
        assert (out / "a.md").read_text(encoding="utf-8") != "stale\n"
    finally:
        os.umask(old_umask)


@pytest.mark.parametrize("length", [240, 244, 250, 255])
def test_names_up_to_the_file_system_limit_can_be_written(tmp_path, length):
    target = tmp_path / ("n" * (length - 3) + ".md")
    write_atomically(target, "long name\n", set())
    assert target.read_text(encoding="utf-8") == "long name\n" and leftovers(tmp_path) == []


def test_a_failed_write_names_the_output_not_its_temporary_file(tmp_path):
    target = tmp_path / ("n" * 300 + ".md")  # past NAME_MAX: cannot be written at all
    with pytest.raises(OSError) as raised:
        write_atomically(target, "x\n", set())
    assert raised.value.filename == str(target)


def test_check_reports_a_fifo_or_a_device_as_a_mismatch_without_reading_it(runner, pages, tmp_path, deadline):
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "a.md")
    (out / "sub").mkdir()
    (out / "sub" / "b.md").symlink_to("/dev/zero")
    with deadline(20):
        result = runner.invoke(main, ["--check", "--output-dir", str(out), str(pages)])
    assert result.exit_code == 1
    assert f"{out / 'a.md'}: not a regular file; would be replaced" in result.stderr
    assert f"{out / 'sub' / 'b.md'}: not a regular file; would be replaced" in result.stderr


# ---------------------------------------------------------------- stdout and messages


def test_separators_between_documents_on_stdout():
    assert separator("jsonl", "a.html") == ""
    assert separator("text", "a.html") == "\f\n"
    assert separator("markdown", "in/a--b.html") == "\n<!-- newsparse: in/a- -b.html -->\n\n"


def test_writer_gives_stdout_and_messages_to_its_callables(capsys):
    streams = Streams()
    jobs = [Job("a.html", Path("a")), Job("b.html", Path("b")), Job("c.html", Path("c"))]
    writer = streams.writer(jobs, "markdown")
    assert not writer.collects_records
    assert writer.write(jobs[0], None, Converted(rendered="# A\n", warnings=("no byline",))) == 0
    assert writer.write(jobs[1], None, Converted(error="empty input", traceback="Traceback...\n")) == 1
    assert writer.write(jobs[2], None, Converted(rendered="# C\n")) == 0
    writer.finish()
    assert streams.stdout == ["# A\n", "\n<!-- newsparse: c.html -->\n\n# C\n"]
    assert streams.messages == [("a.html: warning: no byline", False), ("b.html: empty input", True)]
    assert streams.stderr == ["Traceback...\n"]
    assert capsys.readouterr() == ("", "")  # nothing on the real stdout or stderr


def test_writer_streams_several_json_records_as_one_array():
    from newsparse.render import to_json

    streams = Streams()
    jobs = [Job("a.html", Path("a")), Job("b.html", Path("b"))]
    writer = streams.writer(jobs, "json")
    assert writer.collects_records
    records = [{"n": 0, "blocks": [], "nested": {"list": [1, "x\ny"]}}, {"n": 1}]
    writer.write(jobs[0], None, Converted(record=records[0]))
    assert streams.stdout  # written at once, not kept until the end
    writer.write(jobs[1], None, Converted(record=records[1]))
    writer.finish()
    assert "".join(streams.stdout) == to_json(records, indent=2) + "\n"


def test_writer_gives_an_empty_array_when_no_input_gives_a_record():
    streams = Streams()
    jobs = [Job("a.html", Path("a")), Job("b.html", Path("b"))]
    writer = streams.writer(jobs, "json")
    writer.write(jobs[0], None, Converted(error="empty input"))
    writer.finish()
    assert "".join(streams.stdout) == "[]\n"


# ---------------------------------------------------------------- --check and --diff


def test_compare_with_file_names_what_would_change_and_can_show_the_diff(tmp_path):
    streams = Streams()
    target = tmp_path / "a.md"
    assert compare_with_file(target, "new\n", False, streams.report, streams.stdout.append) == 1
    target.write_text("new\n", encoding="utf-8")
    assert compare_with_file(target, "new\n", True, streams.report, streams.stdout.append) == 0
    target.write_text("old", encoding="utf-8")
    assert compare_with_file(target, "new\n", True, streams.report, streams.stdout.append) == 1
    assert streams.messages == [(f"{target}: missing", False), (f"{target}: would change", False)]
    assert streams.stdout == [f"--- {target}\n+++ {target}\n@@ -1 +1 @@\n-old\n\\ No newline at end of file\n+new\n"]
    assert target.read_text(encoding="utf-8") == "old"


def test_check_passes_on_fresh_outputs_and_names_changed_and_missing_ones(runner, pages, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(main, ["-f", "md", "--output-dir", str(out), str(pages)]).exit_code == 0
    fresh = runner.invoke(main, ["-f", "md", "--check", "--output-dir", str(out), str(pages)])
    assert fresh.exit_code == 0 and fresh.stdout == ""

    (out / "a.md").write_text("stale\n", encoding="utf-8")
    (out / "sub" / "b.md").unlink()
    stale = runner.invoke(main, ["-f", "md", "--check", "--output-dir", str(out), str(pages)])
    assert stale.exit_code == 1
    assert "a.md: would change" in stale.stderr and "b.md: missing" in stale.stderr
    assert (out / "a.md").read_text(encoding="utf-8") == "stale\n"  # --check writes nothing
    assert not (out / "sub" / "b.md").exists()


def test_diff_prints_a_unified_diff_and_writes_nothing(runner, pages, tmp_path):
    out = tmp_path / "out"
    runner.invoke(main, ["-f", "txt", "--output-dir", str(out), str(pages / "a.html")])
    (out / "a.txt").write_text("old line\n", encoding="utf-8")
    result = runner.invoke(main, ["-f", "txt", "--diff", "--output-dir", str(out), str(pages / "a.html")])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"--- {out / 'a.txt'}\n+++ {out / 'a.txt'}\n")
    assert "-old line\n" in result.stdout and "+Harbour Bridge Reopens After Repairs\n" in result.stdout
    assert (out / "a.txt").read_text(encoding="utf-8") == "old line\n"
    both = runner.invoke(main, ["-f", "txt", "--check", "--diff", "--output-dir", str(out), str(pages / "a.html")])
    assert both.exit_code == 1
