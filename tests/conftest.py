"""Shared pytest options and fixtures."""
from __future__ import annotations

import gzip
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from gazette import page


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen",
        action="store_true",
        default=False,
        help="rewrite samples/*/expected.{json,md,txt} from the current code instead of "
             "comparing against them; review the result with `git diff samples/`",
    )


@pytest.fixture
def regen(request: pytest.FixtureRequest) -> bool:
    """True when the run should rewrite golden files rather than compare against them."""
    return bool(request.config.getoption("--regen"))


def pytest_configure(config: pytest.Config) -> None:
    # In CI the property tests run the same examples every time, so a red run can
    # be reproduced and a green one means the same thing on every machine; locally
    # they keep exploring new examples.
    import os

    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, database=None)
    if os.environ.get("CI"):
        settings.load_profile("ci")


@pytest.fixture
def deadline():
    """`with deadline(seconds):` fails the test instead of letting it hang: a worker pool
    that loses track of a result waits for ever."""
    @contextmanager
    def within(seconds: int) -> Iterator[None]:
        def expire(signum, frame):
            raise TimeoutError(f"not done within {seconds} s")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    return within


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def pages(tmp_path: Path) -> Path:
    """in/a.html, in/sub/b.htm.gz (gzipped) and in/notes.txt (not a page)."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.html").write_text(page("forty"), encoding="utf-8")
    (root / "sub" / "b.htm.gz").write_bytes(gzip.compress(page("fifty").encode("utf-8")))
    (root / "notes.txt").write_text("not a page", encoding="utf-8")
    return root
