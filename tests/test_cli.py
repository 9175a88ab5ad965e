"""The command line as scripts and people use it: streams, files, exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gazette import page
from newsparse import __version__
from newsparse.cli import main


def test_markdown_is_the_default_and_has_the_body_only(runner, pages):
    result = runner.invoke(main, [str(pages / "a.html")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Harbour Bridge Reopens After Repairs\n")
    assert "forty corroded cables" in result.stdout
    assert "All rights reserved" not in result.stdout
    assert "World" not in result.stdout


def test_dash_reads_stdin(runner):
    result = runner.invoke(main, ["-f", "text", "-"], input=page().encode("utf-8"))
    assert result.exit_code == 0
    assert "eight months of repairs" in result.stdout


def test_piped_stdin_is_read_without_arguments(runner):
    result = runner.invoke(main, ["-f", "txt"], input=page().encode("utf-8"))
    assert result.exit_code == 0
    assert "eight months of repairs" in result.stdout


def test_jsonl_keeps_input_order_and_paths_as_given(runner, pages):
    inputs = [str(pages / "sub" / "b.htm.gz"), str(pages / "a.html")]
    result = runner.invoke(main, ["-f", "jsonl", *inputs])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line)["source"]["path"] for line in lines] == inputs
    assert "fifty corroded" in json.loads(lines[0])["text"]


def test_json_for_several_inputs_is_one_array(runner, pages):
    result = runner.invoke(main, ["-f", "json", str(pages / "a.html"), str(pages / "sub" / "b.htm.gz")])
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert isinstance(records, list) and len(records) == 2
    assert records[0]["title"] == "Harbour Bridge Reopens After Repairs"


def test_json_for_one_input_is_one_object(runner, pages):
    result = runner.invoke(main, ["-f", "json", str(pages / "a.html")])
    record = json.loads(result.stdout)
    assert record["schema_version"] == "1.0"
    assert record["source"]["format"] == "html"


def test_one_bad_input_fails_alone_with_exit_1(runner, pages, tmp_path):
    png = tmp_path / "photo.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    missing = tmp_path / "missing.html"
    result = runner.invoke(main, ["-f", "jsonl", str(png), str(missing), str(pages / "a.html")])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert any("photo.html" in line and "not an HTML page" in line for line in errors)
    assert any("missing.html" in line for line in errors)
    assert "Traceback" not in result.stderr


def test_empty_file_is_an_error_not_an_empty_record(runner, tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = runner.invoke(main, ["-f", "json", str(empty)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "empty" in result.stderr


@pytest.mark.parametrize("args", [
    ["-f", "pdf", "x.html"],
    ["-o", "out.md", "a.html", "b.html"],
    ["-o", "out.md", "--output-dir", "out", "a.html"],
    ["--no-such-option"],
])
def test_usage_errors_exit_2(runner, args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a.html", "b.html", "x.html"):
        (tmp_path / name).write_text(page(), encoding="utf-8")
    result = runner.invoke(main, args)
    assert result.exit_code == 2


def test_output_dir_that_is_a_file_is_a_usage_error(runner, pages, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    result = runner.invoke(main, ["--output-dir", str(blocker), str(pages / "a.html")])
    assert result.exit_code == 2
    assert "blocker" in result.stderr and "is a file" in result.stderr


def test_url_option_resolves_relative_links_and_fills_url(runner, pages):
    result = runner.invoke(main, ["-f", "json", "--url", "https://gazette.example.org/news/bridge", str(pages / "a.html")])
    record = json.loads(result.stdout)
    assert record["url"] == "https://gazette.example.org/news/bridge"
    assert "https://gazette.example.org/reports/bridge-2023.pdf" in record["links"]


def test_version_and_help(runner):
    assert runner.invoke(main, ["--version"]).stdout.strip().endswith(__version__)
    help_text = runner.invoke(main, ["-h"]).stdout
    assert "Exit codes" in help_text and "130" in help_text


def test_same_input_gives_identical_bytes(runner, pages):
    first = runner.invoke(main, ["-f", "json", str(pages / "a.html")]).stdout_bytes
    second = runner.invoke(main, ["-f", "json", str(pages / "a.html")]).stdout_bytes
    assert first == second


# ---------------------------------------------------------------- limits and their flags


@pytest.mark.parametrize("size, expected", [
    ("1048576", 1048576), ("512K", 512 * 1024), ("100M", 100 * 1024**2), ("100MB", 100 * 1024**2),
    ("100MiB", 100 * 1024**2), ("1.5G", 3 * 1024**3 // 2), ("2g", 2 * 1024**3),
])
def test_sizes_are_read_as_people_write_them(size, expected):
    from newsparse.cli import ByteSize

    assert ByteSize().convert(size, None, None) == expected


@pytest.mark.parametrize("args", [
    ["--max-size", "lots"], ["--max-size", "0"], ["--max-size", "-5M"], ["--timeout", "-1"],
    ["--timeout", "soon"], ["--max-memory", "2X"],
])
def test_bad_limit_values_are_usage_errors(runner, pages, args):
    result = runner.invoke(main, [*args, str(pages / "a.html")])
    assert result.exit_code == 2
    assert result.stdout == ""


def test_limits_can_be_raised_and_switched_off(runner, pages):
    result = runner.invoke(main, ["--max-size", "1G", "--timeout", "0", "--max-memory", "0", str(pages / "a.html")])
    assert result.exit_code == 0, result.stderr


def test_help_documents_the_limits(runner):
    help_text = runner.invoke(main, ["-h"]).stdout
    for flag in ("--max-size", "--timeout", "--max-memory"):
        assert flag in help_text


# ---------------------------------------------------------------- --output-dir usage errors


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_unwritable_output_dir_is_a_usage_error(runner, pages, tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # chmod does not stop root, who runs these tests in containers: fail the write itself.
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "locked"
    result = runner.invoke(main, ["--output-dir", str(out), str(pages)])
    assert result.exit_code == 2
    assert f"cannot write to {out}: Permission denied" in result.stderr
    assert result.stdout == ""


def test_output_dir_below_a_file_is_a_usage_error(runner, pages, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    result = runner.invoke(main, ["--output-dir", str(blocker / "sub"), str(pages / "a.html")])
    assert result.exit_code == 2
    assert "cannot write to" in result.stderr and "Not a directory" in result.stderr


# ---------------------------------------------------------------- interrupts and error lines


def test_ctrl_c_while_rendering_exits_130_and_leaves_nothing(runner, pages, tmp_path, monkeypatch):
    import importlib

    render_module = importlib.import_module("newsparse.render")  # newsparse.render is also a function

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(render_module, "render", interrupted)
    out = tmp_path / "out"
    # --timeout 0: converted in this process, where the interrupt is raised (a worker
    # ignores Ctrl-C and leaves it to the parent: see test_real_ctrl_c_...).
    result = runner.invoke(main, ["--timeout", "0", "--output-dir", str(out), str(pages)])
    assert result.exit_code == 130
    assert result.stderr.strip() == "newsparse: interrupted"
    assert files_under(out) == []


def test_error_lines_escape_control_characters_in_names(runner, tmp_path):
    bad = tmp_path / "two\nlines.html"
    bad.write_bytes(b"")
    result = runner.invoke(main, [str(bad)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"newsparse: {tmp_path}/two\\nlines.html: empty input"]


# --- option pairs: --check, render options ---------------------------------------------


def test_check_without_output_dir_is_a_usage_error(runner, pages):
    assert runner.invoke(main, ["--check", str(pages / "a.html")]).exit_code == 2


def test_front_matter_and_width_go_with_their_formats(runner, pages):
    md = runner.invoke(main, ["--front-matter", str(pages / "a.html")])
    assert md.exit_code == 0 and md.stdout.startswith("---\n") and 'title: "Harbour Bridge Reopens After Repairs"' in md.stdout
    text = runner.invoke(main, ["-f", "text", "--width", "40", str(pages / "a.html")])
    assert text.exit_code == 0 and max(len(line) for line in text.stdout.splitlines()) <= 40
    assert runner.invoke(main, ["-f", "json", "--front-matter", str(pages / "a.html")]).exit_code == 2
    assert runner.invoke(main, ["-f", "md", "--width", "40", str(pages / "a.html")]).exit_code == 2


# --- -j/--jobs (the batches themselves: tests/test_batch.py) ----------------------------


def test_jobs_must_be_positive(runner, pages):
    assert runner.invoke(main, ["--jobs", "0", str(pages / "a.html")]).exit_code == 2


class LeftWith(Exception):
    pass


@pytest.mark.parametrize("stop, code, message", [
    (None, 0, ""),  # main returned
    (SystemExit(None), 0, ""),
    (SystemExit(2), 2, ""),
    (SystemExit("no way"), 1, "no way\n"),  # as Python reports sys.exit("...")
])
def test_the_installed_command_leaves_with_main_s_exit_code(monkeypatch, capsys, stop, code, message):
    import newsparse.cli as cli

    def fake_main():
        print("written")
        if stop is not None:
            raise stop

    def leave(status):
        raise LeftWith(status)

    monkeypatch.setattr(cli, "main", fake_main)
    monkeypatch.setattr(cli.os, "_exit", leave)
    with pytest.raises(LeftWith) as left:
        cli.entry()
    assert left.value.args == (code,)
    captured = capsys.readouterr()
    assert captured.out == "written\n"
    assert captured.err == message


def test_python_dash_m_is_the_installed_command(tmp_path):
    import subprocess
    import sys

    source = tmp_path / "a.html"
    source.write_text(page("ninety"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "newsparse", "-f", "json", str(source), str(tmp_path / "gone.html")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "ninety" in json.loads(done.stdout)["text"]  # whole, flushed before the process left
    assert done.stderr.splitlines() == [f"newsparse: {tmp_path / 'gone.html'}: no such file or directory"]
