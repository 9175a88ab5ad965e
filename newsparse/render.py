"""Article -> str, one pure function per output format.

Every renderer returns text ending in exactly one newline and depends on
nothing but the Article, so the same record always gives the same bytes.
"""
from __future__ import annotations

import json
import re
from typing import Callable

from .blocks import plain_text
from .model import Article, Block, ListItem

_JSON_UNSAFE = re.compile("[\u0085\u2028\u2029\ud800-\udfff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
# Inline syntax in running text: emphasis, code, links, raw HTML, entities, strikethrough.
_MD_INLINE = re.compile(r"([\\`*_\[\]<~]|&(?=#?\w+;))")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])(?=\s|$)")


def render_json(article: Article) -> str:
    return to_json(article.to_dict(), indent=2) + "\n"


def render_jsonl(article: Article) -> str:
    return to_json(article.to_dict()) + "\n"


def to_json(value: object, indent: int | None = None) -> str:
    """JSON that stays one line per record and always encodes as UTF-8.

    Characters other tools treat as line breaks (U+0085, U+2028, U+2029) would
    split a JSON Lines record, and lone surrogates cannot be encoded: both are
    written as \\u escapes, which only ever occur inside strings."""
    separators = (",", ": ") if indent else (",", ":")
    text = json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render_text(article: Article) -> str:
    head = [article.title or ""]
    if article.authors:
        head.append("By " + ", ".join(a.name for a in article.authors))
    if article.published:
        head.append(article.published)
    parts = ["\n".join(line for line in head if line), article.text]
    return "\n\n".join(p for p in parts if p).rstrip("\n") + "\n"


def render_markdown(article: Article) -> str:
    converter = _InlineMarkdown()
    parts: list[str] = []
    if article.title:
        parts.append("# " + escape_markdown(article.title))
    front = []
    if article.authors:
        names = [f"[{escape_markdown(a.name)}]({a.url})" if a.url else escape_markdown(a.name) for a in article.authors]
        front.append("By " + ", ".join(names))
    if article.published:
        front.append(article.published)
    if front:
        parts.append("  \n".join(front))
    if article.image and not any(b.type == "figure" and b.image and b.image.url == article.image.url for b in article.blocks):
        parts.append(figure_markdown(Block("figure", image=article.image)))
    parts.extend(block_markdown(block, converter) for block in article.blocks)
    return "\n\n".join(p for p in parts if p).rstrip("\n") + "\n"


def block_markdown(block: Block, converter: "_InlineMarkdown") -> str:
    if block.type == "heading":
        return "#" * (block.level or 2) + " " + converter.convert(block.html).replace("\n", " ")
    if block.type == "paragraph":
        return converter.convert(block.html)
    if block.type == "list":
        return "\n".join(list_markdown(block, converter, ""))
    if block.type == "quote":
        inner = "\n\n".join(block_markdown(child, converter) for child in block.children)
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if block.type == "table":
        return table_markdown(block)
    if block.type == "figure":
        return figure_markdown(block)
    if block.type == "code":
        fence = "```"
        while fence in block.text:
            fence += "`"
        return f"{fence}{block.language or ''}\n{block.text}\n{fence}"
    return ""


def list_markdown(block: Block, converter: "_InlineMarkdown", indent: str) -> list[str]:
    lines = []
    for number, item in enumerate(block.items, start=1):
        marker = f"{number}. " if block.ordered else "- "
        pad = indent + " " * len(marker)  # CommonMark nests by the content column
        lines.extend(item_markdown(item, converter, indent + marker, pad))
        for child in item.children:
            lines.extend(list_markdown(child, converter, pad) if child.type == "list"
                         else [pad + block_markdown(child, converter)])
    return lines


def item_markdown(item: ListItem, converter: "_InlineMarkdown", first: str, pad: str) -> list[str]:
    body = converter.convert(item.html) if item.html else escape_markdown(item.text)
    body_lines = body.split("\n") or [""]
    return [first + body_lines[0]] + [pad + line for line in body_lines[1:]]


def table_markdown(block: Block) -> str:
    rows = [[escape_markdown(cell).replace("\n", " ") or " " for cell in row] for row in block.rows]
    if not block.header:
        rows.insert(0, [" "] * len(rows[0]))
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join(["---"] * len(rows[0])) + "|"]
    lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
    return "\n".join(lines)


def figure_markdown(block: Block) -> str:
    image = block.image
    if image is None:
        return ""
    lines = [f"![{escape_markdown(image.alt or '')}]({markdown_url(image.url)})"]
    note = " ".join(filter(None, (image.caption, f"({image.credit})" if image.credit else None)))
    if note:
        lines.append("*" + escape_markdown(note) + "*")
    return "\n".join(lines)


def markdown_url(url: str) -> str:
    """URLs with spaces or parentheses go in angle brackets so the link survives."""
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def escape_markdown(text: str) -> str:
    """Escape plain text so that no character in it turns into Markdown syntax."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return "\n".join(_MD_LINE_START.sub(_escape_line_start, line) for line in escaped.split("\n"))


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker[-1] in ".)":
        return match.group(1) + marker[:-1] + "\\" + marker[-1]
    return match.group(1) + "\\" + marker


class _InlineMarkdown:
    """Block inline HTML -> Markdown via markdownify, built once per render.

    markdownify's own escaping of "misc" characters is too eager ("2021." at
    the end of a sentence becomes "2021\\."), so text is escaped here instead:
    inline syntax everywhere, block syntax only at the start of a line."""

    def __init__(self) -> None:
        from markdownify import ATX, MarkdownConverter  # deferred: only Markdown output needs it

        class Converter(MarkdownConverter):
            def escape(self, text: str, parent_tags: set[str]) -> str:
                return _MD_INLINE.sub(r"\\\1", text) if text else ""

        self._converter = Converter(heading_style=ATX, autolinks=False)

    def convert(self, fragment: str) -> str:
        if not fragment:
            return ""
        converted = self._converter.convert(fragment).strip()
        # <br> becomes two trailing spaces and a newline; never a blank line inside one block.
        lines = re.sub(r"\n{2,}", "\n", converted).split("\n")
        return "\n".join(_MD_LINE_START.sub(_escape_line_start, line) for line in lines)


RENDERERS: dict[str, Callable[[Article], str]] = {
    "json": render_json,
    "jsonl": render_jsonl,
    "markdown": render_markdown,
    "text": render_text,
}
EXTENSIONS = {"json": ".json", "jsonl": ".jsonl", "markdown": ".md", "text": ".txt"}


def render(article: Article, format: str = "markdown") -> str:
    """Render an Article as "json", "jsonl", "markdown" or "text"."""
    return RENDERERS[format](article)


__all__ = ["render", "RENDERERS", "EXTENSIONS", "plain_text"]
