"""The command line as a newcomer meets it (issue 17): the surprises a first run,
a pipe or a shell hands you, each pinned down."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from gazette import page
from newsparse import cli
from newsparse.cli import main


@pytest.fixture
def terminal(monkeypatch):
    """Fake terminals: `terminal({"stdout", "stderr"})` makes those streams terminals, and
    returns the buffer the progress bar's (terminal) console draws into."""
    drawn = io.StringIO()
    console = Console(file=drawn, force_terminal=True, width=80)
    monkeypatch.setattr(cli, "stderr_console", lambda: console)

    def fake(names: set[str]) -> io.StringIO:
        import sys

        monkeypatch.setattr(cli, "is_terminal",
                            lambda stream: any(stream is getattr(sys, name) for name in names))
        return drawn

    return fake


@pytest.mark.parametrize("extra", [[], ["-f", "jsonl"]])
def test_no_progress_bar_when_the_output_goes_to_the_terminal(runner, pages, terminal, extra):
    drawn = terminal({"stdout", "stderr"})
    result = runner.invoke(main, [*extra, str(pages / "a.html"), str(pages / "sub" / "b.htm.gz")])
    assert result.exit_code == 0, result.output
    assert "converting" not in drawn.getvalue()


def test_no_progress_bar_over_a_diff_on_the_terminal(runner, pages, terminal, tmp_path):
    drawn = terminal({"stdout", "stderr"})
    result = runner.invoke(main, ["--diff", "--output-dir", str(tmp_path / "out"), str(pages)])
    assert result.exit_code == 0, result.output
    assert "converting" not in drawn.getvalue()


def test_progress_bar_when_the_output_is_piped(runner, pages, terminal):
    drawn = terminal({"stderr"})
    result = runner.invoke(main, ["-f", "jsonl", str(pages / "a.html"), str(pages / "sub" / "b.htm.gz")])
    assert result.exit_code == 0, result.output
    assert "converting" in drawn.getvalue()


def run_command(*args: str, **kwargs) -> subprocess.CompletedProcess:
    """The real console command: what stdin is (a device, a pipe) matters here."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([sys.executable, "-m", "newsparse", *args], capture_output=True, env=env,
                          timeout=60, **kwargs)


def test_no_input_and_dev_null_on_stdin_is_nothing_to_read():
    # `find . -name '*.none' | xargs newsparse`: xargs runs the command once, stdin /dev/null.
    with open(os.devnull, "rb") as devnull:
        result = run_command(stdin=devnull)
    assert result.returncode == 2
    assert b"nothing to read" in result.stderr
    assert result.stdout == b""


def test_no_input_and_an_empty_pipe_is_nothing_to_read():
    result = run_command(input=b"")
    assert result.returncode == 2
    assert b"nothing to read" in result.stderr


def test_no_input_and_a_page_in_a_pipe_is_read():
    result = run_command("-f", "text", input=page().encode("utf-8"))
    assert result.returncode == 0, result.stderr
    assert b"eight months of repairs" in result.stdout


@pytest.mark.parametrize("url", ["notaurl", "example.org/news/1", "ftp://example.org/a", "https://", "/news/1",
                                 "http://[::1"])
def test_url_must_be_an_absolute_http_address(runner, pages, url):
    result = runner.invoke(main, ["-f", "json", "--url", url, str(pages / "a.html")])
    assert result.exit_code == 2
    assert "--url" in result.stderr
    assert result.stdout == ""


def test_url_from_the_option_is_recorded_in_provenance(runner, pages):
    result = runner.invoke(main, ["-f", "json", "--url", "https://gazette.example.org/news/bridge",
                                  str(pages / "a.html")])
    record = json.loads(result.stdout)
    assert record["url"] == "https://gazette.example.org/news/bridge"
    assert record["provenance"]["url"] == "option:--url"


@pytest.mark.parametrize("name, check", [
    ("out.json", lambda text: json.loads(text)["title"]),
    ("out.jsonl", lambda text: json.loads(text.splitlines()[0])["title"]),
    ("out.md", lambda text: text.startswith("# ")),
    ("out.markdown", lambda text: text.startswith("# ")),
    ("out.TXT", lambda text: not text.startswith("#") and "forty corroded" in text),
])
def test_output_format_follows_the_output_extension(runner, pages, tmp_path, name, check):
    target = tmp_path / name
    result = runner.invoke(main, ["-o", str(target), str(pages / "a.html")])
    assert result.exit_code == 0, result.output
    assert check(target.read_text(encoding="utf-8"))


def test_an_unknown_output_extension_keeps_markdown(runner, pages, tmp_path):
    target = tmp_path / "out.html"
    result = runner.invoke(main, ["-o", str(target), str(pages / "a.html")])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("# ")


@pytest.mark.parametrize("args", [["-f", "md", "-o", "out.json"], ["-f", "json", "-o", "out.txt"],
                                  ["-f", "text", "-o", "out.jsonl"]])
def test_format_and_output_extension_that_disagree_are_a_usage_error(runner, pages, tmp_path, args):
    args = [arg if not arg.startswith("out.") else str(tmp_path / arg) for arg in args]
    result = runner.invoke(main, [*args, str(pages / "a.html")])
    assert result.exit_code == 2
    assert "-o" in result.stderr
    assert not any(tmp_path.glob("out.*"))


def test_shell_completion_completes_input_files():
    from click.shell_completion import BashComplete

    completion = BashComplete(main, {}, "newsparse", "_NEWSPARSE_COMPLETE")
    items = completion.get_completions([], "pag")
    assert [item.type for item in items] == ["file"]
    after_an_option = completion.get_completions(["-f", "json"], "pag")
    assert [item.type for item in after_an_option] == ["file"]


def test_an_unreadable_input_is_one_failed_input_not_a_usage_error(runner, pages, tmp_path):
    locked = tmp_path / "locked.html"
    locked.write_text("<p>x</p>", encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: every file is readable")
        result = runner.invoke(main, ["-f", "jsonl", str(locked), str(pages / "a.html")])
    finally:
        locked.chmod(0o644)
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1


@pytest.mark.parametrize("compress", [False, True])
def test_a_warc_on_stdin_is_read_as_a_warc(runner, compress):
    from test_warc import FIRST_URL, SECOND_URL, build_warc

    result = runner.invoke(main, ["-f", "jsonl", "-"], input=build_warc(compress=compress))
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["url"] for record in records] == [FIRST_URL, SECOND_URL]
    assert {record["source"]["format"] for record in records} == {"warc"}


def test_a_warc_on_stdin_fills_output_dir_as_a_warc_file_does(runner, tmp_path):
    from test_warc import build_warc

    result = runner.invoke(main, ["--output-dir", str(tmp_path / "out"), "-f", "json"],
                           input=build_warc(compress=True))
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").rglob("*.json"))) == 2


def test_a_warc_on_stdin_to_one_output_file_is_a_usage_error(runner, tmp_path):
    from test_warc import build_warc

    result = runner.invoke(main, ["-o", str(tmp_path / "out.md"), "-"], input=build_warc(compress=False))
    assert result.exit_code == 2
    assert "WARC" in result.stderr
    assert not (tmp_path / "out.md").exists()


def test_a_renamed_warc_is_read_as_a_warc(runner, tmp_path):
    from test_warc import build_warc

    renamed = tmp_path / "crawl.html"
    renamed.write_bytes(build_warc(compress=True))
    result = runner.invoke(main, ["-f", "jsonl", str(renamed)])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 2


def test_check_reports_stale_outputs_whose_input_is_gone(runner, pages, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(main, ["--output-dir", str(out), str(pages)]).exit_code == 0
    (pages / "sub" / "b.htm.gz").unlink()
    (out / "notes.txt").write_text("not an output of -f markdown", encoding="utf-8")
    result = runner.invoke(main, ["--check", "--output-dir", str(out), str(pages)])
    assert result.exit_code == 1
    assert "b.md: stale" in result.stderr
    assert "a.md" not in result.stderr and "notes.txt" not in result.stderr
    assert (out / "sub" / "b.md").exists()  # --check writes and removes nothing


def test_check_does_not_call_a_failed_inputs_output_stale(runner, pages, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(main, ["--output-dir", str(out), str(pages)]).exit_code == 0
    (pages / "a.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    result = runner.invoke(main, ["--check", "--output-dir", str(out), str(pages)])
    assert result.exit_code == 1
    assert "stale" not in result.stderr


def test_check_of_some_files_does_not_call_the_rest_stale(runner, pages, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(main, ["--output-dir", str(out), str(pages / "a.html"),
                                str(pages / "sub" / "b.htm.gz")]).exit_code == 0
    result = runner.invoke(main, ["--check", "--output-dir", str(out), str(pages / "a.html")])
    assert result.exit_code == 0, result.output


def test_quiet_drops_warnings_but_not_errors(runner, tmp_path):
    empty_article = tmp_path / "menu.html"
    empty_article.write_text("<html><head><title>Menu</title></head><body><nav>Home</nav></body></html>",
                             encoding="utf-8")
    missing = tmp_path / "missing.html"
    loud = runner.invoke(main, ["-f", "jsonl", str(empty_article), str(missing)])
    assert "warning: no article text found" in loud.stderr
    quiet = runner.invoke(main, ["-q", "-f", "jsonl", str(empty_article), str(missing)])
    assert quiet.exit_code == 1
    assert "warning: no article text found" not in quiet.stderr
    assert "missing.html" in quiet.stderr
    assert quiet.stdout == loud.stdout


def test_verbose_says_how_each_body_was_found_on_stderr_only(runner, tmp_path):
    article = tmp_path / "a.html"
    article.write_text(page("forty"), encoding="utf-8")
    plain = runner.invoke(main, ["-f", "jsonl", str(article)])
    verbose = runner.invoke(main, ["-v", "-f", "jsonl", str(article)])
    assert verbose.exit_code == 0
    record = json.loads(verbose.stdout)
    line = f"{article}: method {record['extraction']['method']}, page type "
    assert line in verbose.stderr and " words, " in verbose.stderr and verbose.stderr.rstrip().endswith(" ms")
    assert verbose.stdout == plain.stdout and line not in plain.stderr


ANSI = "\x1b["


@pytest.mark.parametrize("args, env, coloured", [
    ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # NO_COLOR wins, and means no bold either
    (["--no-color"], {"FORCE_COLOR": "1"}, False),
    (["--color"], {"NO_COLOR": "1"}, True),
    (["--color"], {}, True),
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {}, False),  # not a terminal
])
def test_message_colour_follows_the_options_then_the_environment(runner, tmp_path, monkeypatch, args, env,
                                                                 coloured):
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = runner.invoke(main, [*args, str(tmp_path / "missing.html")])
    assert result.exit_code == 1
    assert "missing.html" in result.stderr
    assert (ANSI in result.stderr) == coloured


def test_help_shows_examples_and_how_to_get_shell_completion(runner):
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "newsparse -o story.json page.html" in result.stdout
    assert 'eval "$(_NEWSPARSE_COMPLETE=bash_source newsparse)"' in result.stdout


def test_several_input_folders_each_get_their_own_folder_under_output_dir(runner, tmp_path):
    # As `cp -r a b out/` would: out/a/x.md and out/b/x.md, not one x.md written twice.
    for folder, word in (("a", "forty"), ("b", "fifty")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.html").write_text(page(word), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(main, ["--output-dir", str(out), str(tmp_path / "a"), str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md")) == ["a/x.md", "b/x.md"]
    assert "fifty" in (out / "b" / "x.md").read_text(encoding="utf-8")
    # One folder is still mirrored straight into the output directory.
    single = tmp_path / "single"
    assert runner.invoke(main, ["--output-dir", str(single), str(tmp_path / "a")]).exit_code == 0
    assert [p.relative_to(single).as_posix() for p in single.rglob("*.md")] == ["x.md"]
