"""Start-up: what a one-off conversion loads. A fresh interpreter converts the seed
page as `newsparse page.html` would, then lists the modules it holds; machinery the
page does not need must not be among them (each costs milliseconds at every start)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parent.parent / "samples" / "seed-like" / "source.html"

# The command line on one page, in this process, then the modules it loaded.
CONVERT_AND_LIST_MODULES = """
import json, sys
from newsparse.cli import main
sys.argv = ["newsparse", *sys.argv[1:]]
try:
    main()
except SystemExit as stop:
    assert not stop.code, stop.code
import gc
sys.stderr.write(json.dumps({"modules": sorted(sys.modules), "frozen": gc.get_freeze_count()}))
"""


def run_the_command(*arguments: str) -> dict:
    result = subprocess.run([sys.executable, "-c", CONVERT_AND_LIST_MODULES, *arguments],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()  # it did convert the page
    return json.loads(result.stderr)


def modules_loaded_by(*arguments: str) -> set[str]:
    return set(run_the_command(*arguments)["modules"])


@pytest.mark.parametrize("arguments", [(), ("-f", "json")], ids=["markdown", "json"])
def test_a_one_off_conversion_runs_in_the_command_s_own_process(arguments):
    # Under its time budget all the same: a worker process would cost it 12 ms.
    loaded = modules_loaded_by(*arguments, str(SEED))
    assert not {"newsparse.parallel", "multiprocessing", "socket", "tempfile"} & loaded


def test_a_batch_with_a_time_budget_forks_its_worker_without_multiprocessing():
    # os.fork and two pipes, not multiprocessing's 12 ms of imports.
    loaded = modules_loaded_by(str(SEED), str(SEED))
    assert "newsparse.parallel" in loaded  # it did run in a worker
    assert not {"multiprocessing", "socket", "tempfile"} & loaded


# Loaded only for the pages, formats and options that need them. The seed page
# declares its language and holds no table, no image data and no archive furniture.
NOT_FOR_A_TYPICAL_PAGE = {
    "newsparse.tables", "newsparse.language", "newsparse.wayback", "newsparse.warc", "newsparse.images",
    "newsparse.inputs", "warcio", "charset_normalizer", "email", "markdownify", "bs4", "rich",
}


@pytest.mark.parametrize("arguments", [(), ("-f", "json")], ids=["markdown", "json"])
def test_a_one_off_conversion_loads_nothing_the_page_does_not_need(arguments):
    unneeded = NOT_FOR_A_TYPICAL_PAGE & modules_loaded_by(*arguments, str(SEED))
    assert not unneeded


def test_the_library_converts_a_page_without_the_command_line_s_modules():
    code = ("import json, sys, newsparse\n"
            f"article = newsparse.parse(open({str(SEED)!r}, 'rb').read())\n"
            "assert newsparse.render(article, 'json') and newsparse.render(article, 'markdown')\n"
            "print(json.dumps(sorted(sys.modules)))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    command_line = {"click", "newsparse.cli", "newsparse.batch", "newsparse.parallel"}
    unneeded = (NOT_FOR_A_TYPICAL_PAGE | command_line) & set(json.loads(result.stdout))
    assert not unneeded


def test_the_record_classes_are_documented_so_import_builds_no_signature():
    # dataclass gives a class without a docstring one made from inspect.signature(),
    # at import: 0.1 ms for Article alone, paid by every run.
    import dataclasses

    import newsparse.model

    for value in vars(newsparse.model).values():
        if isinstance(value, type) and dataclasses.is_dataclass(value):
            assert not value.__doc__.startswith(f"{value.__name__}("), value.__name__


def test_a_conversion_in_this_process_leaves_the_modules_out_of_garbage_collection():
    # Frozen before converting: the collector's full pass at exit skips the modules
    # and constants (10 ms of a one-off conversion with --timeout 0).
    assert run_the_command("--timeout", "0", "-f", "json", str(SEED))["frozen"] > 0
