"""What PyPI and a packager see: the licence, the metadata, a README that stands
alone, and the developer scripts' --help."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10: pytest itself depends on tomli there
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_licence_is_an_spdx_string_with_its_text_shipped() -> None:
    meta = project()
    assert meta["license"] == "MIT"  # the TOML table form is deprecated (PEP 639)
    assert meta["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY" in text
    assert not any(c.startswith("License ::") for c in meta["classifiers"])  # setuptools refuses both


def test_the_metadata_says_what_the_package_is() -> None:
    meta = project()
    assert "warc" in meta["keywords"] and "markdown" in meta["keywords"]
    versions = {c.rsplit(":: ", 1)[1] for c in meta["classifiers"] if re.search(r"Python :: 3\.\d+$", c)}
    floor = meta["requires-python"].removeprefix(">=")
    assert floor in versions and "Typing :: Typed" in meta["classifiers"]


def test_the_readme_points_at_nothing_outside_the_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../" not in readme  # PyPI shows the README without the checkout around it
    assert "pipx install ." in readme and ".venv/bin/activate" in readme
    assert "devscore" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_fuzz_script_help_prints_usage_instead_of_running() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "fuzz_parse.py"), "--help"],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "--examples" in result.stdout and "no failure" not in result.stdout
    assert "running the hypothesis loop" not in result.stderr
