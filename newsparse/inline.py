"""The inline HTML that blocks carry, and its plain text.

Block.html (and ListItem.html, Block.cell_html) is a small fragment that
blocks.py writes with a closed set of tags (<a href>, strong, em, code, sub,
sup, <br>). These helpers tidy such fragments and read their text back; both
blocks.py (which writes them) and clean.py (which judges them) use them.

They must not look at the page's DOM, nor judge what is body text: they only
reshape strings.
"""
from __future__ import annotations

import html as htmllib
import re

_TAG = re.compile(r"<[^>]+>")


def html_to_text(fragment: str) -> str:
    """Plain text of our own sanitised inline HTML (<br> is the only line break)."""
    return tidy_text(strip_markup(fragment.replace("<br>", "\n")))


def strip_markup(fragment: str) -> str:
    if "<" in fragment:
        fragment = _TAG.sub("", fragment)
    return htmllib.unescape(fragment) if "&" in fragment else fragment


# Whitespace is collapsed with str.split(), which knows every Unicode space
# (no-break, ideographic, hair...) and is several times faster than a regex.


def tidy_text(text: str) -> str:
    if "\n" not in text:
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def tidy_inline_html(fragment: str) -> str:
    fragment = " ".join(fragment.split()).replace(" <br>", "<br>").replace("<br> ", "<br>")
    while fragment.startswith("<br>"):
        fragment = fragment[4:]
    while fragment.endswith("<br>"):
        fragment = fragment[:-4]
    return fragment


# Two pieces blocks.py writes in a form of their own, a tag with no markup inside:
# a footnote reference (its text is what plain text shows), and inline math
# (its text is the TeX).
FOOTNOTE_REF_HTML = re.compile(r'<sup data-footnote="([^"<>]*)">[^<]*</sup>')
MATH_HTML = re.compile(r'<span class="math">([^<]*)</span>')
# Those the Markdown renderer writes itself rather than escape: group 1 is a
# footnote's label, group 2 the TeX of inline math.
SPECIAL_INLINE_HTML = re.compile(f"{FOOTNOTE_REF_HTML.pattern}|{MATH_HTML.pattern}")


def footnote_ref_html(label: str) -> str:
    return f'<sup data-footnote="{htmllib.escape(label)}">[{htmllib.escape(label, quote=False)}]</sup>'


def math_html(tex: str) -> str:
    return f'<span class="math">{htmllib.escape(tex, quote=False)}</span>'
