"""newsparse.rules.LazyPattern: a pattern compiled on first use behaves as re.compile's."""
from __future__ import annotations

import re

from newsparse.rules import LazyPattern


def test_lazy_pattern_compiles_only_when_first_used():
    pattern = LazyPattern(r"(\d+)-(\d+)", re.IGNORECASE)
    assert "search" not in vars(pattern)  # nothing compiled at definition
    assert pattern.search("pages 12-14").groups() == ("12", "14")
    assert "search" in vars(pattern)  # the compiled pattern's methods, bound once


def test_lazy_pattern_answers_as_the_compiled_pattern():
    source, flags = r"\bby\s+(?P<name>\w+)", re.IGNORECASE
    lazy, compiled = LazyPattern(source, flags), re.compile(source, flags)
    text = "Story BY Ana, photos by Ben"
    assert lazy.pattern == compiled.pattern and lazy.flags == compiled.flags
    assert lazy.groupindex == compiled.groupindex
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.sub("<\\g<name>>", text) == compiled.sub("<\\g<name>>", text)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.match(text) is None and lazy.fullmatch("by Ana") is not None
    assert lazy.split(text) == compiled.split(text)


def test_lazy_pattern_on_bytes():
    pattern = LazyPattern(rb"^mime-version\s*:", re.IGNORECASE | re.MULTILINE)
    assert pattern.search(b"From: x\r\nMIME-Version: 1.0\r\n") is not None
