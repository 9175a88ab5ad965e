"""Article -> str, one pure function per output format.

Every renderer returns text ending in exactly one newline, with no trailing
whitespace on any line, and depends on nothing but the Article and its
options, so the same record always gives the same bytes.

Markdown is CommonMark with GFM tables, valid by construction: text is escaped
so it never turns into markup, blocks are separated by one blank line, nested
lists are indented by the width of their parent's marker, hard breaks are a
backslash (editors that strip trailing spaces cannot lose them), and nothing
is hard-wrapped. Plain text carries no markup characters and wraps only when
asked to (`width`).
"""
from __future__ import annotations

import html
import json
import re
import unicodedata
import warnings
from typing import Callable

from . import rules
from .rules import LazyPattern
from .blocks import plain_text
from .footnotes import footnote_reference_markdown, footnote_text_lines, footnotes_markdown
from .formulas import display_math_markdown, inline_math_markdown
from .inline import SPECIAL_INLINE_HTML
from .model import Article, Block, Image
from .sanitize import safe_url

_JSON_UNSAFE = LazyPattern("[\u0085\u2028\u2029\ud800-\udfff]")
# YAML's printable set excludes C1 controls, DEL, U+FFFE/U+FFFF; YAML 1.1 readers
# also fold U+0085/U+2028/U+2029 as line breaks and a BOM mid-stream confuses some.
_YAML_UNSAFE = LazyPattern("[\u007f-\u009f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")

# --- Markdown escaping -------------------------------------------------------------
# Inline syntax that can start anywhere in running text. `_` between two letters or
# digits cannot open or close emphasis, and `<` only matters before a tag or autolink,
# so neither is escaped there: "snake_case" and "a < b" stay as written.
_MD_INLINE = re.compile(
    # Code, emphasis, links, strikethrough, and "$": the Markdown carries math as $TEX$,
    # and readers that render it (GitHub, Obsidian, markdown-it's dollarmath) would
    # read "$5 and $10" as a formula too.
    r"[`*\[\]~$]"
    r"|\\(?=[!-/:-@\[-`{-~]|\s|$)"     # a backslash that would escape, or break once trimmed
    # An underscore not inside a word. Every branch starts with its character, so
    # the engine skips ahead to the next candidate: twice as fast as lookbehind first.
    r"|_(?:(?<![^\W_]_)|(?![^\W_]))"
    # Raw HTML, autolinks; a "<" ending a text node too: the next node may start a tag name.
    r"|<(?=[A-Za-z/!?]|$)"
    r"|&(?=#?[A-Za-z0-9]+;)"           # entity and character references
)
# Block syntax at the start of a line: ATX heading, quote, bullet, ordered marker,
# setext underline or thematic break, GFM table delimiter row.
_MD_BLOCK_START = re.compile(
    r"#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|(?P<num>\d{1,9})[.)](?=[ \t]|$)"
    r"|=+[ \t]*$|-+[ \t]*$|(?=[|: \t]*-)[|:\-][|:\- \t]*$"
)
_TRAILING_HASHES = re.compile(r"(^|[ \t])(#+)$")
_HARD_BREAK = "\\\n"
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


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
    if _has_no_json_unsafe(text):
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _has_no_json_unsafe(text: str) -> bool:
    """Whether `text` holds none of _JSON_UNSAFE's characters, found without the regex:
    its class with a range scans a record four times slower than these C-level tests
    (0.04 against 0.01 ms a record)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")  # fails exactly on lone surrogates
    except UnicodeEncodeError:
        return False
    return "\u0085" not in text and "\u2028" not in text and "\u2029" not in text


# --- plain text -----------------------------------------------------------------------


def render_text(article: Article, *, width: int | None = None) -> str:
    """Title, byline, date, a blank line, then the body. With `width`, paragraphs,
    headings, list items and quotes wrap at that column with hanging indents; code
    and table rows never wrap, and no word or URL is ever broken."""
    if width is not None and width < 1:
        raise ValueError(f"width must be a positive number of columns, not {width}")
    head = [_single_line(article.title or "")]
    if article.authors:
        head.append("By " + ", ".join(_single_line(a.name) for a in article.authors))
    if article.published:
        head.append(article.published)
    head_lines = [line for text in head if text for line in _wrap(text, width)]
    body = _text_blocks(article.blocks, width)
    parts = ["\n".join(head_lines), "\n".join(body)]
    return _finish("\n\n".join(p for p in parts if p))


def _text_blocks(blocks: tuple[Block, ...], width: int | None) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        block_lines = _text_block(block, width)
        if block_lines:
            if lines:
                lines.append("")
            lines.extend(block_lines)
    return lines


def _text_block(block: Block, width: int | None) -> list[str]:
    if block.type in ("heading", "paragraph"):
        text = _single_line(block.text) if block.type == "heading" else block.text
        return _wrap(text, width)
    if block.type in ("code", "math"):  # never wrapped: TeX, like code, breaks where it says
        return [line.rstrip() for line in _code_text(block.text).split("\n")]
    if block.type == "list":
        return _text_list(block, width)
    if block.type == "quote":
        inner = _text_blocks(block.children, None if width is None else max(width - 2, 1))
        return [f"> {line}" if line else ">" for line in inner]
    if block.type == "table":
        rows = _table_rows(block)
        caption = _wrap(block.caption, width) if block.caption else []
        return caption + ["\t".join(_single_line(cell.replace("\t", " ")) for cell in row).rstrip() for row in rows]
    if block.type == "figure" and block.image is not None and rules.CAPTIONS_IN_TEXT:
        return _wrap(" ".join(filter(None, (block.image.caption, block.image.credit))), width)
    if block.type == "footnotes":
        return footnote_text_lines(block, lambda text, indent: _wrap(text, None if width is None
                                                                     else max(width - indent, 1)))
    return []


def _text_list(block: Block, width: int | None) -> list[str]:
    """Items holding more than nested lists stand apart by blank lines, as in Markdown."""
    lines: list[str] = []
    loose = any(child.type != "list" for item in block.items for child in item.children)
    for number, item in enumerate(block.items, start=_list_start(block)):
        if loose and lines:
            lines.append("")
        marker = f"{number}. " if block.ordered else "- "
        pad = " " * len(marker)
        inner_width = None if width is None else max(width - len(marker), 1)
        item_lines = _wrap(item.text, inner_width) if item.text else []
        children = item.children
        if not item_lines and children and children[0].type != "list":
            item_lines, children = _text_block(children[0], inner_width), children[1:]  # a card's heading
        lines.append((marker + (item_lines[0] if item_lines else "")).rstrip())
        lines.extend(pad + line if line else "" for line in item_lines[1:])
        for child in children:
            child_lines = _text_block(child, inner_width)
            if child.type != "list" and child_lines:
                lines.append("")
            lines.extend(pad + line if line else "" for line in child_lines)
    return lines


def _wrap(text: str, width: int | None) -> list[str]:
    """Lines of `text` (its own line breaks kept), each wrapped at `width`."""
    lines = [line.strip() for line in text.split("\n")]
    if width is None:
        return [line for line in lines if line]
    import textwrap  # deferred: only --width needs it (1 ms at start-up)

    out: list[str] = []
    for line in lines:
        if line:
            out.extend(textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False)
                       or [line])
    return out


# --- Markdown ------------------------------------------------------------------------


def render_markdown(article: Article, *, front_matter: bool = False) -> str:
    """`# Title`, byline, date and lead image, then the body; with `front_matter`,
    a YAML block with the record's metadata replaces the title, byline and date."""
    converter = _InlineMarkdown()
    parts: list[str] = []
    if front_matter:
        parts.append(yaml_front_matter(article))
    else:
        parts.append(markdown_front(article))
    if article.image and not any(
            b.type == "figure" and b.image and b.image.url == article.image.url for b in article.blocks):
        parts.append(figure_markdown(Block("figure", image=article.image)))
    parts.append(blocks_markdown(article.blocks, converter))
    return _finish("\n\n".join(p for p in parts if p))


def markdown_front(article: Article) -> str:
    parts = []
    title = _single_line(article.title or "")
    if title:
        parts.append("# " + heading_text(escape_inline(title)))
    lines = []
    if article.authors:
        names = []
        for author in article.authors:
            name = escape_inline(_single_line(author.name))
            url = safe_url(author.url)
            names.append(f"[{name}]({markdown_url(url)})" if url and name else name)
        lines.append("By " + ", ".join(n for n in names if n))
    if article.published:
        lines.append(escape_line_start(escape_inline(_single_line(article.published))))
    if lines:
        parts.append(_HARD_BREAK.join(lines))
    return "\n\n".join(parts)


FRONT_MATTER_KEYS = ("title", "authors", "published", "modified", "url", "site_name", "language",
                     "section", "tags", "description", "image")


def yaml_front_matter(article: Article) -> str:
    """The record's metadata as a YAML block (`---` ... `---`) in a fixed key order,
    as Hugo, Jekyll and Obsidian read it. Written by hand: every string is a
    JSON-style double-quoted scalar, which YAML reads as the same string; lists are
    block sequences; fields the page does not give are left out."""
    values: dict[str, object] = {
        "title": article.title,
        "authors": [a.name for a in article.authors],
        "published": article.published,
        "modified": article.modified,
        "url": article.url,
        "site_name": article.site_name,
        "language": article.language,
        "section": article.section,
        "tags": list(article.tags),
        "description": article.description,
        "image": article.image.url if article.image else None,
    }
    lines = ["---"]
    for key in FRONT_MATTER_KEYS:
        value = values[key]
        if isinstance(value, list):
            if value:
                lines.append(f"{key}:")
                lines.extend(f"  - {yaml_string(item)}" for item in value)
        elif value:
            lines.append(f"{key}: {yaml_string(str(value))}")
    lines.append("---")
    return "\n".join(lines)


def yaml_string(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def blocks_markdown(blocks: tuple[Block, ...], converter: "_InlineMarkdown") -> str:
    """Blocks separated by one blank line. Two lists in a row would merge into one,
    so every other one uses the alternative marker ("*" for "-", ")" for ".")."""
    parts = []
    previous: Block | None = None
    alternate = False
    for block in blocks:
        if block.type == "list" and previous is not None and previous.type == "list" \
                and bool(previous.ordered) == bool(block.ordered):
            alternate = not alternate
        else:
            alternate = False
        text = block_markdown(block, converter, alternate=alternate)
        if text:
            parts.append(text)
            previous = block
    return "\n\n".join(parts)


def block_markdown(block: Block, converter: "_InlineMarkdown", *, alternate: bool = False) -> str:
    if block.type == "heading":
        content = converter.convert(block.html, inline=True) if block.html else escape_inline(block.text)
        content = heading_text(_single_line(content.replace(_HARD_BREAK, " ")))
        return "#" * min(max(block.level or 2, 1), 6) + " " + content if content else ""
    if block.type == "paragraph":
        return converter.convert(block.html) if block.html else text_markdown(block.text)
    if block.type == "list":
        return "\n".join(list_markdown(block, converter, alternate))
    if block.type == "quote":
        inner = blocks_markdown(block.children, converter)
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n")) if inner else ""
    if block.type == "table":
        return table_markdown(block, converter)
    if block.type == "figure":
        return figure_markdown(block)
    if block.type == "code":
        return code_markdown(block)
    if block.type == "math":
        return display_math_markdown(block.text)
    if block.type == "footnotes":
        return footnotes_markdown(block, lambda note: converter.convert(note.html) if note.html
                                  else text_markdown(note.text))
    return ""


def list_markdown(block: Block, converter: "_InlineMarkdown", alternate: bool = False) -> list[str]:
    """CommonMark nests by the content column, so continuation lines and nested
    blocks are indented by the width of their own item's marker ("- ", "10. ").
    Items holding more than a nested list are separated by blank lines (a loose
    list), since their paragraphs need a blank line before them anyway."""
    start = _list_start(block)
    delimiter = ")" if alternate else "."
    bullet = "*" if alternate else "-"
    loose = any(child.type != "list" for item in block.items for child in item.children)
    lines: list[str] = []
    for number, item in enumerate(block.items, start=start):
        if loose and lines:
            lines.append("")
        marker = f"{number}{delimiter}" if block.ordered else bullet
        pad = " " * (len(marker) + 1)
        body = converter.convert(item.html) if item.html else text_markdown(item.text)
        children, opens_with_block = item.children, False
        if not body and children and children[0].type != "list":
            # An item that opens with a block starts it on the marker's line ("1. ## Title"):
            # to CommonMark the same item as a bare "1." with the block below, and it reads better.
            body, children = block_markdown(children[0], converter), children[1:]
            opens_with_block = bool(body)
        body_lines = body.split("\n") if body else []
        lines.append(f"{marker} {body_lines[0]}" if body_lines else marker)
        lines.extend(pad + line if line else "" for line in body_lines[1:])
        nested = blocks_markdown(children, converter)
        if nested:
            first = children[0]
            # Only a bullet list or a list starting at 1 may follow item text directly.
            if opens_with_block or (body_lines and (first.type != "list" or (first.ordered and _list_start(first) != 1))):
                lines.append("")
            lines.extend(pad + line if line else "" for line in nested.split("\n"))
    return lines


def table_markdown(block: Block, converter: "_InlineMarkdown | None" = None) -> str:
    """A GFM table, its caption as an italic line above it. A table without a header
    row gets an empty one (GFM requires a header; promoting the first data row would
    change what it is). Ragged rows are padded; pipes are escaped; line breaks inside
    a cell become <br>, the only way GFM has to put one there. A table whose merged
    header cells GFM cannot hold is written as its minimal HTML table instead."""
    rows = _table_rows(block)
    if not rows:
        return ""
    caption = _single_line(block.caption or "")
    table_html = _sanitised_table_html(block.html) if block.html else None
    if table_html:
        return table_html  # the caption is the table's own <caption>
    cells = [[table_cell(cell) for cell in row] for row in rows]
    cell_html = block.cell_html
    if converter is not None and cell_html and [len(r) for r in cell_html] == [len(r) for r in block.rows]:
        for r, row in enumerate(cell_html):
            for c, fragment in enumerate(row):
                if fragment:
                    converted = converter.convert(fragment, line_starts=False)
                    cells[r][c] = "<br>".join(converted.split(_HARD_BREAK)).replace("|", "\\|")
    if not block.header:
        cells.insert(0, [""] * len(cells[0]))
    lines = [_table_row(cells[0]), _table_row(["---"] * len(cells[0]))]
    lines.extend(_table_row(row) for row in cells[1:])
    table = "\n".join(lines)
    return f"*{escape_inline(caption)}*\n\n{table}" if caption else table


def table_cell(text: str) -> str:
    lines = [escape_inline(_single_line(line)).replace("|", "\\|") for line in text.split("\n")]
    return "<br>".join(line for line in lines if line)


def _table_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |" if any(cells) else "|" + "|".join(" " for _ in cells) + "|"


def _table_rows(block: Block) -> list[tuple[str, ...]]:
    width = max((len(row) for row in block.rows), default=0)
    return [tuple(row) + ("",) * (width - len(row)) for row in block.rows] if width else []


_TABLE_TOKEN = LazyPattern(r'<(/?)(table|caption|thead|tbody|tr|th|td)((?: (?:colspan|rowspan)="[1-9][0-9]{0,2}")*)>')
_TABLE_CELL_OPEN = LazyPattern(r'<(t[hd])((?: (?:colspan|rowspan)="[1-9][0-9]{0,2}")*)>')


def _sanitised_table_html(table_html: str) -> str | None:
    """A table block's HTML rebuilt from its own tokens: table structure with spans,
    each cell's inline HTML re-read as blocks.py writes it (links through safe_url);
    None for anything else, which then renders as a GFM table. One row a line and no
    blank line, so CommonMark reads it as one HTML block."""
    out: list[str] = []
    position = 0
    for token in _TABLE_TOKEN.finditer(table_html):
        between = table_html[position:token.start()]
        position = token.end()
        closing, name, spans = token.groups()
        if between.strip():
            if not out or not _TABLE_CELL_OPEN.fullmatch(out[-1]) and not out[-1].startswith("<caption"):
                return None  # text outside a cell
            tree = _parse_sanitised(between)
            if tree is None:
                return None
            out.append(_sanitised_inline_html(tree))
        if spans and (closing or name not in ("th", "td")):
            return None
        out.append(f"<{closing}{name}{spans}>")
    if table_html[position:].strip() or not out or out[0] != "<table>" or out[-1] != "</table>":
        return None
    lines, line = [], ""
    for token in out:
        line += token
        if token in ("<table>", "</table>", "<thead>", "</thead>", "<tbody>", "</tbody>", "</tr>", "</caption>"):
            lines.append(line)
            line = ""
    return "\n".join(lines + ([line] if line else []))


def _sanitised_inline_html(node: "_Element") -> str:
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(html.escape(_collapse_whitespace(child), quote=False))
        elif child.name == "br":
            parts.append("<br>")
        elif child.name == "a":
            inner = _sanitised_inline_html(child)
            url = safe_url(child.href)
            parts.append(f'<a href="{html.escape(url)}">{inner}</a>' if url else inner)
        else:
            parts.append(f"<{child.name}>{_sanitised_inline_html(child)}</{child.name}>")
    return "".join(parts)


def figure_markdown(block: Block) -> str:
    """The image, then on the next line (after a hard break, so both stay one
    paragraph) the caption and credit in italics."""
    image = block.image
    if image is None:
        return ""
    url = safe_url(image.url)
    if not url:
        return carried_figure_markdown(image) if image.media_type else ""
    lines = [f"![{escape_inline(_single_line(image.alt or ''))}]({markdown_url(url)})"]
    note = figure_note(image)
    if note:
        lines.append("*" + escape_inline(note) + "*")
    return _HARD_BREAK.join(lines)


def carried_figure_markdown(image: Image) -> str:
    """A picture the page carries only as data, not written out (no --images): its
    caption and credit, else its alt text, as an italic line; never the data itself,
    megabytes no Markdown reader wants (and no data: link, which the gate refuses)."""
    note = figure_note(image) or _single_line(image.alt or "")
    return "*" + escape_inline(note) + "*" if note else ""


def figure_note(image: Image) -> str:
    caption = _single_line(image.caption or "")
    credit = _single_line(image.credit or "")
    if credit and not (credit.startswith("(") and credit.endswith(")")):
        credit = f"({credit})"
    return " ".join(filter(None, (caption, credit)))


def code_markdown(block: Block) -> str:
    """A fenced block, its fence longer than any run of backticks inside; the info
    string is the language when it is one word."""
    text = _code_text(block.text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    language = (block.language or "").strip()
    if not re.fullmatch(r"[^\s`]+", language):
        language = ""
    body = "\n".join(line.rstrip() for line in text.split("\n"))
    return f"{fence}{language}\n{body}\n{fence}"


def _code_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")


def text_markdown(text: str) -> str:
    """Plain text (with "\\n" line breaks) as Markdown: escaped, breaks kept."""
    lines = [escape_inline(_single_line(line)) for line in text.split("\n")]
    return _block_lines([line for line in lines if line])


def markdown_url(url: str) -> str:
    """A link destination: bare when it can be, else in angle brackets (spaces,
    parentheses, angle brackets); backslashes and entity-like "&" are escaped so
    the parser hands back the URL as given."""
    url = re.sub(r"[\r\n]", lambda m: "%0A" if m.group() == "\n" else "%0D", url)
    url = re.sub(r"\\|&(?=#?[A-Za-z0-9]+;)", lambda m: "\\" + m.group(), url)
    if re.search(r"[\s()<>]|[\x00-\x1f\x7f]", url) or not url:
        return "<" + re.sub(r"[<>]", lambda m: "\\" + m.group(), url) + ">"
    return url


def escape_markdown(text: str) -> str:
    """Escape plain text so that no character in it turns into Markdown syntax;
    its line breaks become hard breaks."""
    return text_markdown(text)


def escape_inline(text: str) -> str:
    """Escape inline syntax in text that stays on one line."""
    return _MD_INLINE.sub(lambda m: "\\" + m.group(), text)


def escape_line_start(line: str, *, continuation: bool = False) -> str:
    """Escape what would start a block at the beginning of a line. A line that
    continues a paragraph can only be interrupted by an ordered list starting at 1,
    so "2021. The year..." after a line break needs no backslash."""
    match = _MD_BLOCK_START.match(line)
    if not match:
        return line
    number = match.group("num")
    if number is not None:
        if continuation and int(number) != 1:
            return line
        return number + "\\" + line[len(number):]
    return "\\" + line


def heading_text(content: str) -> str:
    """A trailing run of "#" would be read as a closing sequence: escape it."""
    return _TRAILING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2), content.strip())


def _block_lines(lines: list[str]) -> str:
    """Lines of one paragraph joined by hard breaks, each safe at a line start."""
    return _HARD_BREAK.join(escape_line_start(line, continuation=index > 0) for index, line in enumerate(lines))


def _single_line(text: str) -> str:
    return " ".join(text.split())


def _collapse_whitespace(text: str) -> str:
    r"""Each run of whitespace as one space, as re.sub(r"\s+", " ") gives it (str.split
    knows the same whitespace) at a quarter of the cost on long fragments."""
    collapsed = " ".join(text.split())
    if text[:1].isspace():
        collapsed = " " + collapsed
    if text[-1:].isspace() and collapsed != " ":
        collapsed += " "
    return collapsed


def _list_start(block: Block) -> int:
    start = getattr(block, "start", None)  # Block.start, once the block model records <ol start>
    return start if isinstance(start, int) and start >= 0 else 1


def _finish(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


# --- inline HTML -> Markdown ----------------------------------------------------------


def _is_punctuation(char: str) -> bool:
    return char in _ASCII_PUNCTUATION or char in _SPECIAL_KEY_CHARS or unicodedata.category(char)[0] in "PS"


class _InlineMarkdown:
    """Block inline HTML (a, strong, em, code, br, sub, sup) -> Markdown via
    markdownify, built once per render and customised where CommonMark needs it:

    - text is escaped here (markdownify's own escaping is too eager: "2021." at
      the end of a sentence becomes "2021\\."): inline syntax everywhere, block
      syntax only where a line starts;
    - links with unsafe schemes keep only their text; destinations with spaces
      or parentheses go in angle brackets;
    - emphasis is written with "*" or "_", whichever CommonMark will read as
      emphasis next to the surrounding characters ("**"quoted"**word" would stay
      literal), and left out when neither would;
    - <br> is a backslash hard break, and a space inside code spans.
    """

    def __init__(self) -> None:
        self._converter = None  # built on the first fragment with markup: importing bs4 costs 60 ms

    def _build(self) -> None:
        from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning
        from markdownify import ATX, BACKSLASH, MarkdownConverter  # deferred: only Markdown needs it

        self._soup = BeautifulSoup
        self._locator_warning = MarkupResemblesLocatorWarning

        class Converter(MarkdownConverter):
            def escape(self, text: str, parent_tags: set[str]) -> str:
                return escape_inline(text) if text else ""

            def process_text(self, el, parent_tags=None):  # type: ignore[no-untyped-def]
                text = super().process_text(el, parent_tags=parent_tags)
                # "!" right before a link would make it an image; escape one that has markup after it
                if (text.endswith("!") and "_noformat" not in (parent_tags or ())
                        and not _outer_char(el, before=False).isspace()):
                    text = text[:-1] + "\\!"
                return text

            def convert_a(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
                if "_noformat" in parent_tags:
                    return text
                prefix, text, suffix = _chomp(text)
                if not text:
                    return prefix
                url = safe_url(el.get("href"))
                if not url:
                    return prefix + text + suffix
                return f"{prefix}[{text}]({markdown_url(url)}){suffix}"

            def convert_br(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
                return " " if "_noformat" in parent_tags else _HARD_BREAK

            def convert_em(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
                return _emphasis(el, text, parent_tags, 1)

            def convert_strong(self, el, text, parent_tags):  # type: ignore[no-untyped-def]
                return _emphasis(el, text, parent_tags, 2)

            convert_b = convert_strong
            convert_i = convert_em

        self._converter = Converter(heading_style=ATX, autolinks=False, newline_style=BACKSLASH,
                                    strip_document=None)

    def _markdownify(self, fragment: str) -> str:
        if self._converter is None:
            self._build()
        with warnings.catch_warnings():  # bs4 warns when a fragment looks like a file name or URL
            warnings.simplefilter("ignore", self._locator_warning)
            soup = self._soup(fragment, "html.parser")
        return self._converter.convert_soup(soup)

    def convert(self, fragment: str, *, inline: bool = False, line_starts: bool = True) -> str:
        """The fragment as Markdown: one line (`inline`), or lines joined by hard breaks,
        each escaped where it would start a block unless `line_starts` is False (a
        table cell, where no line starts a block)."""
        if not fragment:
            return ""
        if "<s" in fragment and _SPECIAL_KEY_CHARS.isdisjoint(fragment) and SPECIAL_INLINE_HTML.search(fragment):
            return self._convert_with_specials(fragment, inline)
        fragment = _collapse_whitespace(fragment)
        if "<" not in fragment:
            # Plain text (most paragraphs): what markdownify would do, without a parse.
            # Checked equal on every plain fragment of the samples and a quarter of the corpora.
            text = html.unescape(fragment).strip()
            if not text:
                return ""
            text = escape_inline(text)
            return text if inline or not line_starts else _block_lines([text])
        # Two code spans or emphases side by side would run their delimiters together.
        fragment = _ADJACENT_SAME_TAG.sub("", fragment)
        tree = _parse_sanitised(fragment)
        if tree is not None:
            converted = _convert_node(tree, frozenset())
        else:
            converted = self._markdownify(fragment)
        # Split at hard breaks; no empty line inside one block, no break at either end.
        lines = [line.strip() for line in re.split(r"\\\n|\n", converted)]
        lines = [line for line in lines if line]
        if inline:
            return " ".join(lines)
        return _block_lines(lines) if line_starts else _HARD_BREAK.join(lines)

    def _convert_with_specials(self, fragment: str, inline: bool) -> str:
        """Footnote references and inline math are written as they are, not escaped: each
        stands in the fragment as a key of two private-use characters around a number
        while the rest is converted, then the key is replaced."""
        written: dict[str, str] = {}

        def key_for(match: re.Match[str]) -> str:
            key = f"{_SPECIAL_OPEN}{len(written)}{_SPECIAL_CLOSE}"
            label, tex = match.groups()
            written[key] = (footnote_reference_markdown(html.unescape(label)) if label is not None
                            else inline_math_markdown(html.unescape(tex)))
            return key

        converted = self.convert(SPECIAL_INLINE_HTML.sub(key_for, fragment), inline=inline)
        return _SPECIAL_KEY.sub(lambda m: written.get(m.group(), ""), converted)


# What stands for a footnote reference or math while a fragment is converted; both
# characters count as punctuation beside emphasis, as "[" and "$" do.
_SPECIAL_OPEN, _SPECIAL_CLOSE = "\ue000", "\ue001"
_SPECIAL_KEY_CHARS = frozenset(_SPECIAL_OPEN + _SPECIAL_CLOSE)
_SPECIAL_KEY = LazyPattern(f"{_SPECIAL_OPEN}\\d+{_SPECIAL_CLOSE}")
_ADJACENT_SAME_TAG = re.compile(r"</(code|kbd|samp|tt|em|i|strong|b|sub|sup)><\1>")
_EMPHASIS_TAGS = {"em": "*", "i": "*", "strong": "*", "b": "*"}
_CHOMP = re.compile(r"^(\s*)(.*?)(\s*)$", re.S)


def _chomp(text: str) -> tuple[str, str, str]:
    prefix, inner, suffix = _CHOMP.match(text).groups()  # type: ignore[union-attr]
    return (" " if prefix else ""), inner, (" " if suffix else "")


def _emphasis(el, text: str, parent_tags: set[str], strength: int) -> str:  # type: ignore[no-untyped-def]
    if "_noformat" in parent_tags:
        return text
    prefix, inner, suffix = _chomp(text)
    if not inner:
        return prefix or suffix
    if "\n" in inner:
        return prefix + inner + suffix  # a hard break inside emphasis: keep the text, drop the style
    before = " " if prefix else _outer_char(el, before=True)
    after = " " if suffix else _outer_char(el, before=False)
    output = prefix + inner + suffix
    for char in ("*", "_"):
        if _can_open(char, before, inner[0]) and _can_close(char, inner[-1], after):
            delimiter = char * strength
            output = f"{prefix}{delimiter}{inner}{delimiter}{suffix}"
            break
    el.newsparse_markdown = output  # what a following sibling will find next to it
    return output


def _left_flanking(before: str, after: str) -> bool:
    return not after.isspace() and (not _is_punctuation(after) or before.isspace() or _is_punctuation(before))


def _right_flanking(before: str, after: str) -> bool:
    return not before.isspace() and (not _is_punctuation(before) or after.isspace() or _is_punctuation(after))


def _can_open(char: str, before: str, first: str) -> bool:
    if before == char or first == char:
        return False  # would merge with a neighbouring run of the same character
    if not _left_flanking(before, first):
        return False
    return char == "*" or not _right_flanking(before, first) or _is_punctuation(before)


def _can_close(char: str, last: str, after: str) -> bool:
    if after == char or last == char:
        return False
    if not _right_flanking(last, after):
        return False
    return char == "*" or not _left_flanking(last, after) or _is_punctuation(after)


def _outer_char(el, *, before: bool) -> str:  # type: ignore[no-untyped-def]
    """The character the Markdown will have just outside this element: a space for a
    line boundary, punctuation for the delimiters of a neighbouring link, code or
    emphasis, else the neighbouring text's own character."""
    node = el
    while True:
        sibling = node.previous_sibling if before else node.next_sibling
        while sibling is not None:
            if isinstance(sibling, str):  # bs4's NavigableString and _Text are both text
                text = re.sub(r"\s+", " ", str(sibling))
                if text:
                    return text[-1] if before else text[0]
            else:
                name = sibling.name
                if name == "br":
                    return " "
                if name == "a":
                    return ")" if before else "["
                if name in ("code", "kbd", "samp", "tt"):
                    return "`"
                if name in _EMPHASIS_TAGS:
                    done = getattr(sibling, "newsparse_markdown", "")
                    if before and done:
                        return done[-1]
                    return "\x01"  # a delimiter not yet chosen: punctuation, equal to neither
                text = re.sub(r"\s+", " ", sibling.get_text())
                if text:
                    return text[-1] if before else text[0]
            sibling = sibling.previous_sibling if before else sibling.next_sibling
        parent = node.parent
        if parent is None or parent.name == "[document]":
            return " "
        if parent.name == "a":
            return "[" if before else "]"
        if parent.name in _EMPHASIS_TAGS:
            return "\x01"
        node = parent


# --- the fast path: our own sanitised fragments, without BeautifulSoup -------------------
#
# blocks.py writes inline HTML with a closed set of tags: <a href="...">, strong, em,
# code, sub, sup and <br>, text escaped with html.escape. Such a fragment is parsed
# here into a small tree that answers what _outer_char and _emphasis ask of bs4's
# (siblings, parent, name, get_text), and converted with markdownify's own rules for
# these tags, so the output is the same (checked on every fragment of the dev corpora).
# Importing bs4 alone costs 60 ms, more than converting a page; any other fragment
# (a Block built by hand through the library) still goes through markdownify.

_SANITISED_TOKEN = re.compile(r'<(/?)(a|strong|em|b|i|code|sub|sup)((?: href="[^"<>]*")?)>|<br>|<')
_BACKTICK_RUNS = LazyPattern(r"`+")
_NEWLINE_SPACE = LazyPattern(r"(?<![\t \r\n])[\t \r\n]*[\r\n][\t \r\n]*")  # from a run's start only: linear
_SPACES = LazyPattern(r"[\t ]+")
_EDGE_NEWLINES = re.compile(r"^(\n*)((?:.*[^\n])?)(\n*)$", re.DOTALL)


class _Sibling:
    """previous_sibling / next_sibling / parent, as bs4 has them."""

    parent: "_Element | None"
    index: int

    @property
    def previous_sibling(self) -> "_Text | _Element | None":
        return self.parent.children[self.index - 1] if self.parent is not None and self.index > 0 else None

    @property
    def next_sibling(self) -> "_Text | _Element | None":
        siblings = self.parent.children if self.parent is not None else []
        return siblings[self.index + 1] if self.index + 1 < len(siblings) else None


class _Text(str, _Sibling):
    pass


class _Element(_Sibling):
    def __init__(self, name: str, href: str | None = None, parent: "_Element | None" = None, index: int = 0):
        self.name, self.href, self.parent, self.index = name, href, parent, index
        self.children: list[_Text | _Element] = []

    def get(self, attribute: str) -> str | None:
        return self.href if attribute == "href" else None

    def get_text(self) -> str:
        return "".join(child if isinstance(child, str) else child.get_text() for child in self.children)

    def add(self, child: "_Text | _Element") -> None:
        child.parent, child.index = self, len(self.children)
        self.children.append(child)


def _parse_sanitised(fragment: str) -> _Element | None:
    """The fragment as a tree if it holds only the tags blocks.py writes; else None."""
    root = _Element("[document]")
    open_elements = [root]
    position = 0
    for token in _SANITISED_TOKEN.finditer(fragment):
        if token.start() > position:
            open_elements[-1].add(_Text(html.unescape(fragment[position:token.start()])))
        position = token.end()
        closing, name, attributes = token.groups()
        if token.group() == "<br>":
            open_elements[-1].add(_Element("br"))
        elif name is None or (attributes and name != "a"):
            return None  # some other markup: markdownify's job
        elif closing:
            if attributes:
                return None
            # As bs4 builds it: an end tag closes its element and any left open inside
            # it (runs split at <br><br> leave some); one with nothing to close is dropped.
            if any(element.name == name for element in open_elements):
                while open_elements.pop().name != name:
                    pass
        else:
            if any(element.name == name for element in open_elements):
                return None  # nested in itself: how html.parser would build it is not ours to guess
            href = html.unescape(attributes[len(' href="'):-1]) if attributes else None
            element = _Element(name, href)
            open_elements[-1].add(element)
            open_elements.append(element)
    if position < len(fragment):
        open_elements[-1].add(_Text(html.unescape(fragment[position:])))
    return root  # elements still open end with the fragment, as in bs4


def _convert_node(node: _Element, parent_tags: frozenset[str]) -> str:
    """markdownify's process_tag for these tags (no block elements, so no whitespace
    trimming at block edges and no newline collapsing), with _InlineMarkdown's overrides."""
    inner_tags = parent_tags | {node.name, "_noformat"} if node.name == "code" else parent_tags | {node.name}
    text = _joined_children([_convert_text(child, inner_tags) if isinstance(child, _Text)
                             else _convert_node(child, inner_tags) for child in node.children])
    name = node.name
    if name == "a":
        if "_noformat" in parent_tags:
            return text
        prefix, text, suffix = _chomp(text)
        if not text:
            return prefix
        url = safe_url(node.href)
        return f"{prefix}[{text}]({markdown_url(url)}){suffix}" if url else prefix + text + suffix
    if name == "br":
        return " " if "_noformat" in parent_tags else _HARD_BREAK
    if name in ("em", "i"):
        return _emphasis(node, text, parent_tags, 1)
    if name in ("strong", "b"):
        return _emphasis(node, text, parent_tags, 2)
    if name == "code":
        if "_noformat" in parent_tags:
            return text
        prefix, text, suffix = _space_chomp(text)
        if not text:
            return ""
        longest_run = max((len(run) for run in _BACKTICK_RUNS.findall(text)), default=0)
        delimiter = "`" * (longest_run + 1)
        if longest_run:
            text = f" {text} "
        return f"{prefix}{delimiter}{text}{delimiter}{suffix}"
    if name in ("sub", "sup"):  # no symbol for them in Markdown: the text, trimmed
        if "_noformat" in parent_tags:
            return text
        prefix, text, suffix = _space_chomp(text)
        return prefix + text + suffix if text else ""
    return text  # the document


def _space_chomp(text: str) -> tuple[str, str, str]:
    """markdownify's chomp for code, sub and sup: a space kept outside only for a space inside."""
    return (" " if text[:1] == " " else ""), text.strip(), (" " if text[-1:] == " " else "")


def _joined_children(parts: list[str]) -> str:
    """markdownify's join: where one child ends and the next starts with line breaks,
    the longer run wins, at most two."""
    joined = [""]
    for part in filter(None, parts):
        leading, content, trailing = _EDGE_NEWLINES.match(part).groups()  # type: ignore[union-attr]
        if joined[-1] and leading:
            leading = "\n" * min(2, max(len(joined.pop()), len(leading)))
        joined.extend((leading, content, trailing))
    return "".join(joined)


def _convert_text(node: _Text, parent_tags: frozenset[str]) -> str:
    text = str(node)
    # convert() has collapsed the fragment's whitespace; only a character reference
    # (&#10;, &#9;) can bring back what these two normalise.
    if "\n" in text or "\r" in text:
        text = _NEWLINE_SPACE.sub("\n", text)
    if "\t" in text or "  " in text:
        text = _SPACES.sub(" ", text)
    if "_noformat" in parent_tags:
        return text
    text = escape_inline(text) if text else ""
    # "!" right before a link would make it an image; escape one that has markup after it
    if text.endswith("!") and not _outer_char(node, before=False).isspace():
        text = text[:-1] + "\\!"
    return text


RENDERERS: dict[str, Callable[..., str]] = {
    "json": render_json,
    "jsonl": render_jsonl,
    "markdown": render_markdown,
    "text": render_text,
}
# The short names the CLI's --format also takes, so code can say what a shell says.
ALIASES = {"md": "markdown", "txt": "text"}
EXTENSIONS = {"json": ".json", "jsonl": ".jsonl", "markdown": ".md", "text": ".txt"}
# The keyword options each format takes; the CLI can check flags against this before any work.
OPTIONS: dict[str, frozenset[str]] = {
    "json": frozenset(),
    "jsonl": frozenset(),
    "markdown": frozenset({"front_matter"}),
    "text": frozenset({"width"}),
}


def render(article: Article, format: str = "markdown", *, front_matter: bool = False,
           width: int | None = None) -> str:
    """Render an Article as "json", "jsonl", "markdown" (or "md") or "text" (or "txt").

    `front_matter=True` (Markdown only) puts the metadata in a YAML front matter
    block instead of the title, byline and date lines; `width=N` (text only)
    wraps at N columns. An option given to a format that does not take it is a
    ValueError, not silently ignored."""
    format = ALIASES.get(format, format)
    if format not in RENDERERS:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(RENDERERS)}")
    given: dict[str, object] = {}
    if front_matter:
        given["front_matter"] = True
    if width is not None:
        given["width"] = width
    unsupported = sorted(set(given) - OPTIONS[format])
    if unsupported:
        raise ValueError(f"{', '.join(unsupported)} does not apply to {format} output")
    return RENDERERS[format](article, **given)


__all__ = ["render", "RENDERERS", "ALIASES", "EXTENSIONS", "OPTIONS", "plain_text", "escape_markdown", "to_json"]
