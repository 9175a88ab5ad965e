"""The command line as a newcomer meets it (issue 17): the surprises a first run,
a pipe or a shell hands you, each pinned down."""
from __future__ import annotations

import io

import pytest
from rich.console import Console

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
