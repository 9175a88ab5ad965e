"""Decoded page -> DOM, recovering from markup that swallows the page.

An element whose content the parser reads as raw text (`<title>`, `<textarea>`,
`<xmp>`, `<noembed>`, `<noframes>`) runs until its closing tag. When a page never
closes one (a cut-off tag, a template error), everything after it becomes that
element's text: the whole article ends up in the title, the body is empty. This
module parses the page, sees when that happened, and parses it again with the
runaway element closed where its first tag begins.

Every parse of a whole page goes through parse_document, which the command can make
interruptible by its time budget (see there).

It does not prune or judge content; content.py does.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .rules import LazyPattern

# Elements whose content is raw text up to their closing tag. (<script> and <style>
# too, but their content holds "<" legitimately, so where they end cannot be guessed.)
RUNAWAY_TAGS = ("title", "textarea", "xmp", "noembed", "noframes")
# An element of those that holds this much text with markup in it has swallowed the
# page: a title with tags in it is never meant, and a comment box is empty in a saved
# page (a textarea showing sample HTML is short).
RUNAWAY_MIN_CHARS = 200
_TAG_START = LazyPattern(r"<[A-Za-z/!]")

_RAW_TEXT_TAGS = "|".join(RUNAWAY_TAGS)
_RAW_TEXT_SELECTOR = ", ".join(RUNAWAY_TAGS)
_RAW_TEXT_TAG_STR = LazyPattern(rf"<(/?)({_RAW_TEXT_TAGS})\b[^>]*>", re.IGNORECASE)
_RAW_TEXT_TAG_BYTES = LazyPattern(rf"<(/?)({_RAW_TEXT_TAGS})\b[^>]*>".encode(), re.IGNORECASE)


# How often the main thread looks up from waiting for a parse on its own thread: the
# time budget's alarm is handled at the latest this long after it rings.
PARSE_WAIT_SECONDS = 0.05

_parses_on_a_thread = False


@contextmanager
def interruptible_parses() -> Iterator[None]:
    """While this lasts, parse_document parses on a thread of its own and the calling
    thread waits for it. Lexbor lets go of the interpreter as it parses, so the alarm of
    a time budget (batch.time_budget) still ends the wait, where a parse stuck in C code
    would otherwise hold the main thread until it ends: one element with 100,000
    attributes keeps the parser 46 s. The abandoned parse runs on until the process
    exits, so this is for a process that ends after its one input (the command's one-off
    conversion); a batch stops a stuck worker process instead."""
    global _parses_on_a_thread
    previous, _parses_on_a_thread = _parses_on_a_thread, True
    try:
        yield
    finally:
        _parses_on_a_thread = previous


def parse_document(markup: str | bytes) -> LexborHTMLParser:
    """Lexbor's tree of a whole page (see interruptible_parses)."""
    if not _parses_on_a_thread:
        return LexborHTMLParser(markup)
    import threading

    outcome: list[LexborHTMLParser | BaseException] = []

    def parse() -> None:
        try:
            outcome.append(LexborHTMLParser(markup))
        except BaseException as error:  # MemoryError under --max-memory, above all
            outcome.append(error)

    worker = threading.Thread(target=parse, name="newsparse-parse", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(PARSE_WAIT_SECONDS)
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def parse_markup(markup: str | bytes) -> tuple[LexborHTMLParser, str | bytes]:
    """The parsed page and the markup it was parsed from: `markup` itself, or `markup`
    with a runaway raw-text element closed (later stages parse that again)."""
    tree = parse_document(markup)
    repaired = closed_runaway(markup, tree)
    if repaired is None:
        return tree, markup
    return parse_document(repaired), repaired


def closed_runaway(markup: str | bytes, tree: LexborHTMLParser) -> str | bytes | None:
    """`markup` with its runaway raw-text element closed, or None when it has none.
    The parsed tree is asked first (one selection); the markup is scanned only when an
    element there has swallowed the page."""
    if not any(swallowed_the_page(element) for element in tree.css(_RAW_TEXT_SELECTOR)):
        return None
    opening = unclosed_raw_text_tag(markup)
    if opening is None:
        return None
    tag, content_start = opening
    lt = b"<" if isinstance(markup, bytes) else "<"
    end = markup.find(lt, content_start)  # type: ignore[arg-type]
    if end < 0:
        return None
    closing = f"</{tag}>"
    return markup[:end] + (closing.encode() if isinstance(markup, bytes) else closing) + markup[end:]  # type: ignore[operator]


def unclosed_raw_text_tag(markup: str | bytes) -> tuple[str, int] | None:
    """The first raw-text element opened and never closed: its tag, and where its
    content starts."""
    pattern = _RAW_TEXT_TAG_BYTES if isinstance(markup, bytes) else _RAW_TEXT_TAG_STR
    open_tag: str | None = None
    content_start = 0
    for match in pattern.finditer(markup):
        closing, tag = match.group(1), match.group(2)
        tag = (tag.decode() if isinstance(tag, bytes) else tag).lower()
        if open_tag is None:
            if not closing:
                open_tag, content_start = tag, match.end()
        elif closing and tag == open_tag:
            open_tag = None  # closed as it should be; the parser saw everything between as text
    return (open_tag, content_start) if open_tag is not None else None


def swallowed_the_page(element: LexborNode) -> bool:
    """Whether a raw-text element holds what should have been the page."""
    text = element.text(deep=True)
    return len(text) >= RUNAWAY_MIN_CHARS and _TAG_START.search(text) is not None
