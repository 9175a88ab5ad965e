"""Golden and behavioural tests over the project's own sample pages in samples/.

Each folder samples/<slug>/ holds one saved page (source.html, source.mhtml or
source.html.gz), the outputs newsparse is expected to give for it
(expected.json, expected.md, expected.txt) and checks.json: what the author of
the page meant to be extracted from it.

- test_golden_output compares the three renderings with the expected files
  (JSON as data, Markdown and text byte for byte). `--regen` rewrites them;
  read the diff before committing.
- test_sample_check asserts checks.json, one test per sample and check, so a
  known failure can be marked on its own in XFAIL_CHECKS.
- test_urls_are_absolute asserts link hygiene on every sample.

See samples/README.md.
"""
from __future__ import annotations

import difflib
import functools
import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

import newsparse

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

# expected file name -> render format
GOLDEN_FILES = {"expected.json": "json", "expected.md": "markdown", "expected.txt": "text"}

# Checks that fail because the code is wrong (not the check): (slug, check) -> what goes wrong.
# strict=True, so a fix that makes one pass shows up as XPASS and the entry must be removed.
XFAIL_CHECKS: dict[tuple[str, str], str] = {
    ("saved-from-relative", "images_include"):
        "lead image <div class=story-image><img src=../img/dredger.jpg> sits outside div.story-body and "
        "is dropped; no og:image either, so the article has no image at all",
    ("meta-labelled-date", "images_include"):
        "lead image in div.field--name-field-image, beside (not in) the body field, is dropped; "
        "article.image is the og:image derivative (styles/og), not this one",
}

CHECK_NAMES = (
    "must_contain", "must_not_contain", "title", "authors", "published", "language",
    "links_include", "links_exclude", "images_include", "access", "truncated", "page_type",
)


# --- discovery ------------------------------------------------------------------------


def source_file(folder: Path) -> Path | None:
    sources = sorted(folder.glob("source.*"))
    assert len(sources) <= 1, f"{folder.name}: more than one source file: {[p.name for p in sources]}"
    return sources[0] if sources else None


def sample_slugs() -> list[str]:
    if not SAMPLES.is_dir():
        return []
    return sorted(d.name for d in SAMPLES.iterdir() if d.is_dir() and source_file(d) is not None)


def load_checks(slug: str) -> dict[str, Any]:
    path = SAMPLES / slug / "checks.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def check_params() -> Iterator[Any]:
    for slug in sample_slugs():
        checks = load_checks(slug)
        unknown = set(checks) - set(CHECK_NAMES)
        assert not unknown, f"{slug}/checks.json: unknown keys {sorted(unknown)}"
        for name in CHECK_NAMES:
            if name not in checks:
                continue
            reason = XFAIL_CHECKS.get((slug, name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(slug, name, id=f"{slug}-{name}", marks=marks)


@functools.lru_cache(maxsize=None)
def parsed(slug: str) -> newsparse.Article:
    source = source_file(SAMPLES / slug)
    assert source is not None
    # A relative path keeps source.path, and so the golden files, the same on every machine.
    return newsparse.parse(source.read_bytes(), path=f"samples/{slug}/{source.name}")


@functools.lru_cache(maxsize=None)
def rendered(slug: str, fmt: str) -> str:
    return newsparse.render(parsed(slug), fmt)


def normalise(text: str) -> str:
    return " ".join(text.split())


def figure_urls(blocks: Any) -> Iterator[str]:
    for block in blocks:
        if block.type == "figure" and block.image is not None:
            yield block.image.url
        yield from figure_urls(block.children)
        for item in block.items:
            yield from figure_urls(item.children)


# --- golden files -----------------------------------------------------------------------


@pytest.mark.parametrize("slug", sample_slugs())
def test_golden_output(slug: str, regen: bool) -> None:
    folder = SAMPLES / slug
    if regen:
        for name, fmt in GOLDEN_FILES.items():
            (folder / name).write_bytes(rendered(slug, fmt).encode("utf-8"))
        return

    problems = []
    for name, fmt in GOLDEN_FILES.items():
        path = folder / name
        if not path.exists():
            problems.append(f"{name} is missing: run `.venv/bin/pytest tests/test_samples.py --regen`")
            continue
        expected = path.read_bytes().decode("utf-8")
        actual = rendered(slug, fmt)
        if fmt == "json":
            if json.loads(expected) != json.loads(actual):
                expected = json.dumps(json.loads(expected), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
                actual = json.dumps(json.loads(actual), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
                problems.append(f"{name} differs (as data):\n" + diff(expected, actual, name))
        elif expected != actual:
            problems.append(f"{name} differs:\n" + diff(expected, actual, name))
    assert not problems, f"{slug}:\n" + "\n".join(problems)


def diff(expected: str, actual: str, name: str, limit: int = 80) -> str:
    lines = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                      f"{name} (expected)", f"{name} (actual)", lineterm=""))
    more = [f"... {len(lines) - limit} more diff lines"] if len(lines) > limit else []
    return "\n".join(lines[:limit] + more)


# --- checks.json: what the page's author meant ----------------------------------------------


@pytest.mark.parametrize(("slug", "check"), list(check_params()))
def test_sample_check(slug: str, check: str) -> None:
    article = parsed(slug)
    wanted = load_checks(slug)[check]
    text = normalise(article.text)

    if check == "must_contain":
        missing = [p for p in wanted if normalise(p) not in text]
        assert not missing, f"{slug}: body text lacks {missing}"
    elif check == "must_not_contain":
        markdown = normalise(rendered(slug, "markdown"))
        leaked = [p for p in wanted if normalise(p) in text]
        leaked_md = [p for p in wanted if normalise(p) in markdown]
        assert not leaked and not leaked_md, (
            f"{slug}: boilerplate in text: {leaked}; in Markdown: {leaked_md}")
    elif check == "title":
        assert article.title == wanted
    elif check == "authors":
        assert [a.name for a in article.authors] == wanted
    elif check == "published":
        assert article.published is not None and article.published.startswith(wanted), (
            f"{slug}: published {article.published!r} does not start with {wanted!r}")
    elif check == "language":
        assert article.language == wanted
    elif check == "links_include":
        missing = [url for url in wanted if url not in article.links]
        assert not missing, f"{slug}: links lack {missing}; links are {list(article.links)}"
    elif check == "links_exclude":
        present = [url for url in wanted if url in article.links]
        assert not present, f"{slug}: links should not include {present}"
    elif check == "images_include":
        images = set(figure_urls(article.blocks))
        if article.image is not None:
            images.add(article.image.url)
        missing = [url for url in wanted if url not in images]
        assert not missing, f"{slug}: images lack {missing}; images are {sorted(images)}"
    elif check == "access":
        assert article.access == wanted, f"{slug}: access {article.access!r}, wanted {wanted!r}"
    elif check == "truncated":
        assert article.truncated is wanted, f"{slug}: truncated {article.truncated!r}, wanted {wanted!r}"
    elif check == "page_type":
        found = article.extraction.page_type
        assert found == wanted, f"{slug}: page type {found!r}, wanted {wanted!r}"
    else:  # pragma: no cover - check_params only yields known names
        raise AssertionError(check)


# --- URL hygiene, every sample ------------------------------------------------------------


def is_web_url(url: str) -> bool:
    return url.startswith(("http://", "https://"))


@pytest.mark.parametrize("slug", sample_slugs())
def test_urls_are_absolute(slug: str) -> None:
    article = parsed(slug)
    bad_links = [url for url in article.links if not is_web_url(url)]
    # No address at all is allowed for a picture the page carries only as data: its
    # media type says so (tests/test_images.py).
    bad_images = [url[:60] for url in figure_urls(article.blocks) if url is not None and not is_web_url(url)]
    if article.image is not None and article.image.url is not None and not is_web_url(article.image.url):
        bad_images.append(article.image.url[:60])
    assert not bad_links, f"{slug}: links not absolute http(s): {bad_links}"
    assert not bad_images, f"{slug}: image URLs not absolute http(s): {bad_images}"

    markdown = rendered(slug, "markdown")
    assert "javascript:" not in markdown.lower()
    assert "](#)" not in markdown
    assert not re.search(r"\]\(<?data:", markdown), f"{slug}: a data: URI reached the Markdown"
