"""Tables: data or page layout, and a data table read as a rectangular grid.

blocks.py meets a <table> in the body and asks two things here:

- is_layout_table: whether the page uses the table to place boxes side by side
  (old sites lay out whole pages that way) rather than to show data. The answer
  comes from the table's structure, not from how deep it sits: header cells, a
  consistent column count, short cells and numbers say data; cells of prose,
  headings or images, nested tables, a single column say layout. A layout
  table is unrolled into blocks, cell by cell, by blocks.py (layout_parts); a
  data table nested in it stays a table.
- read_table: a data table as rows of cells. `colspan` and `rowspan` are expanded
  into a rectangle (a spanned cell's text is repeated in each row or column it
  covers, so each row still reads on its own; a cell spanning a whole row, a
  section label, stands once). A header made of several rows with merged cells
  cannot be one GFM header row: such a table also gets a minimal HTML rendering
  (table, caption, thead/tbody, tr, th/td with their spans, and the cells' own
  sanitised inline HTML), which the Markdown carries instead of a GFM table.
  The header row comes from <thead>, a first row of <th> cells, or a first row
  whose cells are all bold; <caption> is kept. Inside a cell, paragraphs, list
  items and line breaks each start a line (<br>), list items marked "- " or "1. ".

This module reads the DOM of one table and builds no Blocks itself; the inline
markup of a cell's pieces is blocks.py's (the `inline` callback), so links and
emphasis are sanitised in one place.
"""
from __future__ import annotations

import html as htmllib
from collections import Counter
from collections.abc import Callable

from selectolax.lexbor import LexborNode

from . import rules
from .dom import ancestors, descendants, first_descendant
from .inline import tidy_inline_html, tidy_text

# The inline markup of a subtree as blocks.py builds it: (sanitised html, text).
InlineMarkup = Callable[[LexborNode, int], "tuple[str, str]"]

SECTION_TAGS = ("thead", "tbody", "tfoot")
CELL_TAGS = ("td", "th")
# Elements that start a line of their own inside a cell.
CELL_LINE_TAGS = frozenset({
    "address", "article", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section",
    "summary", "ul",
})
_BOLD_TAGS = ("strong", "b")
_NUMBER_CHARS = frozenset("0123456789.,%$€£¥+-−–:/ ")


class TableData:
    """A data table as read: the rectangular grid of cell texts and inline HTML, whether
    the first row is a header, the caption, and the minimal HTML rendering when a GFM
    table cannot carry the table's merged header cells ("" otherwise)."""

    __slots__ = ("rows", "cell_html", "header", "caption", "html")

    def __init__(self, rows: tuple[tuple[str, ...], ...], cell_html: tuple[tuple[str, ...], ...],
                 header: bool, caption: str | None, html: str) -> None:
        self.rows, self.cell_html, self.header, self.caption, self.html = rows, cell_html, header, caption, html


class _Cell:
    __slots__ = ("node", "is_th", "colspan", "rowspan", "html", "text")

    def __init__(self, node: LexborNode) -> None:
        self.node = node
        self.is_th = node.tag == "th"
        self.colspan = span(node.attributes.get("colspan"), rules.TABLE_MAX_COLUMNS)
        self.rowspan = span(node.attributes.get("rowspan"), rules.TABLE_MAX_ROWS)
        self.html = ""
        self.text = ""


# --- structure ---------------------------------------------------------------------


def span(value: str | None, limit: int) -> int:
    """A colspan or rowspan as a number from 1 to `limit` (HTML's 0, "to the end",
    reads as 1: the rows after it give no end to count to here)."""
    value = (value or "").strip()
    if not (value.isascii() and value.isdigit()):
        return 1
    return min(max(int(value[:6]), 1), limit)


def own_rows(table: LexborNode) -> list[LexborNode]:
    """The table's own rows, not those of tables nested in its cells, as a reader meets
    them: header rows, body rows, then footer rows (HTML lets <tfoot> come first)."""
    head, body, foot = [], [], []
    for child in table.iter():
        if child.tag == "tr":
            body.append(child)
        elif child.tag in SECTION_TAGS:
            rows = [row for row in child.iter() if row.tag == "tr"]
            {"thead": head, "tbody": body, "tfoot": foot}[child.tag].extend(rows)
    return head + body + foot


def own_cells(row: LexborNode) -> list[LexborNode]:
    return [cell for cell in row.iter() if cell.tag in CELL_TAGS]


def in_section(row: LexborNode, section: str) -> bool:
    return row.parent is not None and row.parent.tag == section


# --- data or layout ----------------------------------------------------------------


def is_layout_table(table: LexborNode) -> bool:
    """Whether the page lays out boxes with this table rather than showing data.

    Layout, whatever else: marked so (role=presentation or none), holding another
    table, or a single column. Otherwise the table's structure is weighed:
    a header (row of <th> or bold cells, <thead>, a column of <th>), rows of one
    width, short cells and numbers speak for data; a cell of prose, headings,
    several paragraphs in one cell, or images in many cells speak for layout."""
    if (table.attributes.get("role") or "").strip().lower() in ("presentation", "none"):
        return True
    rows = [cells for cells in (own_cells(row) for row in own_rows(table)) if cells]
    if not rows or first_descendant(table, "table") is not None:
        return True
    widths = [sum(span(cell.attributes.get("colspan"), rules.TABLE_MAX_COLUMNS) for cell in cells)
              for cells in rows]
    if max(widths) < 2:
        return True
    cells = [cell for row in rows for cell in row]
    texts = [cell.text(deep=True, strip=True) for cell in cells]
    filled = [text for text in texts if text]
    if not filled:
        return True
    modal_width, modal_count = Counter(widths).most_common(1)[0]
    data = sum((
        has_header(table, rows),
        modal_count >= len(rows) * rules.TABLE_CONSISTENT_ROWS_SHARE,
        median_length(filled) <= rules.TABLE_DATA_CELL_MEDIAN_CHARS,
        sum(map(is_number, filled)) >= len(filled) * rules.TABLE_NUMBER_CELLS_SHARE,
    ))
    paragraphs, pictures = Counter(), set()
    for node in descendants(table, "p, img, picture, video, iframe"):
        cell = owning_cell(node, table)
        if node.tag == "p":
            paragraphs[cell] += 1
        else:
            pictures.add(cell)
    layout = sum((
        2 * any(len(text) > rules.LAYOUT_CELL_MIN_CHARS for text in texts),
        first_descendant(table, "h1, h2, h3") is not None,
        bool(paragraphs) and max(paragraphs.values()) >= rules.LAYOUT_CELL_MIN_PARAGRAPHS,
        len(pictures) >= len(cells) * rules.LAYOUT_IMAGE_CELLS_SHARE,
    ))
    return layout >= data


def layout_parts(table: LexborNode) -> list[LexborNode]:
    """What a layout table unrolls into, in document order: its cells that hold no
    other cells, and the data tables nested in it, which stay tables. A data table is
    a part of its own only when the cell around it is not one (it holds more of the
    layout); else it is met where it stands, inside that cell. Each cell marks the
    cells above it as containers, stopping at one already marked, so deeply nested
    layouts cost time in proportion to their size, not its square."""
    data_tables = nested_data_tables(table)
    cells = descendants(table, "td, th")
    containers: set[int] = set()
    data_table_of: dict[int, LexborNode] = {}
    for cell in cells:
        for ancestor in ancestors(cell, table):
            if ancestor.tag == "table" and ancestor.mem_id in data_tables:
                data_table_of[cell.mem_id] = ancestor  # its own table: a data table's cells hold no cells
                break
            if ancestor.tag in CELL_TAGS:
                if ancestor.mem_id in containers:
                    break
                containers.add(ancestor.mem_id)
    parts, placed = [], set()
    for cell in cells:
        data_table = data_table_of.get(cell.mem_id)
        if data_table is None:
            if cell.mem_id not in containers:
                parts.append(cell)
        elif data_table.mem_id not in placed:
            placed.add(data_table.mem_id)
            holder = next((node for node in ancestors(data_table, table) if node.tag in CELL_TAGS), None)
            if holder is None or holder.mem_id in containers:
                parts.append(data_table)
    return parts


def nested_data_tables(table: LexborNode) -> set[int]:
    """The mem_ids of the data tables inside a layout table. Only a table holding no
    other table can be one (one that holds a table is layout): each nested table marks
    the tables above it, stopping at one already marked, and the innermost ones, each
    apart from the others, are judged by their structure."""
    nested = descendants(table, "table")
    holders: set[int] = set()
    for inner in nested:
        for ancestor in ancestors(inner, table):
            if ancestor.tag == "table":
                if ancestor.mem_id in holders:
                    break
                holders.add(ancestor.mem_id)
    return {inner.mem_id for inner in nested if inner.mem_id not in holders and not is_layout_table(inner)}


def owning_cell(node: LexborNode, table: LexborNode) -> int | None:
    """The mem_id of the table cell holding `node`, looked for a bounded way up (a
    page nested thousands of levels deep in one cell would make this quadratic)."""
    for level, ancestor in enumerate(ancestors(node, table)):
        if ancestor.tag in CELL_TAGS:
            return ancestor.mem_id
        if level >= rules.TABLE_CELL_MAX_DEPTH:
            break
    return None


def median_length(texts: list[str]) -> float:
    """The median of the texts' lengths (statistics.median, without importing that
    module and the decimal and fractions modules it loads on every start-up)."""
    lengths = sorted(map(len, texts))
    middle = len(lengths) // 2
    return lengths[middle] if len(lengths) % 2 else (lengths[middle - 1] + lengths[middle]) / 2


def has_header(table: LexborNode, rows: list[list[LexborNode]]) -> bool:
    """A header row (header_row_count) or a first column of <th> cells."""
    if header_row_count(table, rows):
        return True
    return all(row[0].tag == "th" for row in rows) and any(cell.tag == "td" for row in rows for cell in row)


def header_row_count(table: LexborNode, rows: list[list[LexborNode]]) -> int:
    """How many rows at the top are the header: those of <thead>, else the leading rows
    whose filled cells are all <th>, else a first row whose filled cells are all bold
    (editors that know no <th> write <td><strong>)."""
    if len(rows) < 2:
        return 0
    head = 0
    for cells in rows:
        if not in_section(cells[0].parent, "thead"):
            break
        head += 1
    if head:
        return min(head, len(rows) - 1)
    for cells in rows[:-1]:
        filled = [cell for cell in cells if cell.text(deep=True, strip=True)]
        if not filled or not all(cell.tag == "th" for cell in filled):
            break
        head += 1
    if head:
        return head
    filled = [cell for cell in rows[0] if cell.text(deep=True, strip=True)]
    if filled and len(rows[0]) >= 2 and all(map(is_bold, filled)) and not all(map(is_bold, rows[1])):
        return 1
    return 0


def is_bold(cell: LexborNode) -> bool:
    """All of the cell's text inside <strong> or <b>."""
    text = "".join(cell.text(deep=True).split())
    if not text:
        return False
    bold = "".join(node.text(deep=True) for node in descendants(cell, "strong, b")
                   if not any(ancestor.tag in _BOLD_TAGS for ancestor in ancestors(node, cell)))
    return "".join(bold.split()) == text


def is_number(text: str) -> bool:
    """A value such as "1,200", "$4.99", "12%", "3:1", "2024": digits and their marks."""
    return any(ch.isdigit() for ch in text) and all(ch in _NUMBER_CHARS for ch in text)


# --- reading a data table -------------------------------------------------------------


def read_table(table: LexborNode, inline: InlineMarkup, depth: int) -> TableData | None:
    """The table as a rectangular grid, or None when no cell holds text."""
    row_nodes = own_rows(table)
    grid_rows = [(row, [_Cell(node) for node in own_cells(row)]) for row in row_nodes]
    grid_rows = [(row, cells) for row, cells in grid_rows if cells]
    if not grid_rows:
        return None
    for _, cells in grid_rows:
        for cell in cells:
            cell.html, cell.text = cell_content(cell.node, inline, depth)
    caption = table_caption(table)
    if is_title_row(grid_rows):
        # One cell across the whole first row titles the table: its caption, not a row.
        caption = caption or tidy_text(grid_rows[0][1][0].text.replace("\n", " ")) or None
        grid_rows = grid_rows[1:]
    header_rows = header_row_count(table, [[cell.node for cell in cells] for _, cells in grid_rows])
    grid = expand(grid_rows, header_rows)
    # A footer repeating the header row is not data.
    texts = [tuple(cell.text if cell else "" for cell in row) for row in grid]
    keep = [index for index, row in enumerate(texts) if any(row) and not (
        header_rows and index >= header_rows and in_section(grid_rows[index][0], "tfoot") and row == texts[0])]
    if not keep:
        return None
    header = bool(header_rows) and 0 in keep
    merged_header = header_rows > 1 and any(cell.colspan > 1 or cell.rowspan > 1
                                            for _, cells in grid_rows[:header_rows] for cell in cells)
    rows = tuple(texts[index] for index in keep)
    cell_html = tuple(tuple(cell.html if cell else "" for cell in grid[index]) for index in keep)
    if header:  # a header cell is set apart already: bold inside it says nothing more
        cell_html = (tuple(unbolded(html) for html in cell_html[0]), *cell_html[1:])
    html = table_html([(grid_rows[i][1], i < header_rows) for i in keep], caption) if merged_header else ""
    return TableData(rows, cell_html, header, caption, html)


def unbolded(fragment: str) -> str:
    return fragment.replace("<strong>", "").replace("</strong>", "")


def is_title_row(grid_rows: list[tuple[LexborNode, list[_Cell]]]) -> bool:
    """A first row of one cell spanning all the columns of the rows below it."""
    if len(grid_rows) < 2 or len(grid_rows[0][1]) != 1:
        return False
    width = max(sum(cell.colspan for cell in cells) for _, cells in grid_rows[1:])
    return width > 1 and grid_rows[0][1][0].colspan >= width and bool(grid_rows[0][1][0].text)


def expand(grid_rows: list[tuple[LexborNode, list[_Cell]]], header_rows: int) -> list[list[_Cell | None]]:
    """Each cell placed in the first free slot of its row, copied into the slots its
    colspan and rowspan cover; a body cell spanning the whole width (a section label)
    stands once, at the start. Rows are padded to one width."""
    width = min(max(sum(cell.colspan for cell in cells) for _, cells in grid_rows), rules.TABLE_MAX_COLUMNS)
    height = len(grid_rows)
    if width * height > rules.TABLE_MAX_SLOTS:
        # Spans that would blow a large table up past what its markup holds are
        # read as single cells: the grid stays as large as the page's own cells.
        for _, cells in grid_rows:
            for cell in cells:
                cell.colspan = cell.rowspan = 1
        width = max(len(cells) for _, cells in grid_rows)
    grid: list[list[_Cell | None]] = [[None] * width for _ in range(height)]
    taken = [[False] * width for _ in range(height)]
    for r, (_, cells) in enumerate(grid_rows):
        c = 0
        for cell in cells:
            while c < width and taken[r][c]:
                c += 1
            if c >= width:
                break
            whole_row = cell.colspan >= width and r >= header_rows and width > 1
            # A span stops at a slot an earlier cell took (overlapping cells are a
            # markup error), so each slot is visited about once.
            for dr in range(min(cell.rowspan, height - r)):
                if dr and taken[r + dr][c]:
                    break
                for dc in range(min(cell.colspan, width - c)):
                    if taken[r + dr][c + dc]:
                        break
                    taken[r + dr][c + dc] = True
                    grid[r + dr][c + dc] = cell if dc == 0 or not whole_row else None
            c += cell.colspan
    return grid


def cell_content(cell: LexborNode, inline: InlineMarkup, depth: int) -> tuple[str, str]:
    """A cell's (inline html, text): paragraphs, list items and <br> each start a line
    (html <br>, text "\\n"); list items marked "- ", or "1. " in an ordered list."""
    lines: list[list[tuple[str, str]]] = [[]]

    def new_line() -> None:
        if lines[-1]:
            lines.append([])

    def walk(node: LexborNode, level: int) -> None:
        number = 0
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "br":
                new_line()
            elif tag in CELL_LINE_TAGS and level < rules.TABLE_CELL_MAX_DEPTH:
                new_line()
                if tag == "li":
                    number += 1
                    marker = f"{number}. " if node.tag == "ol" else "- "
                    lines[-1].append((marker, marker))
                walk(child, level + 1)
                new_line()
            else:
                lines[-1].append(inline(child, depth + level))

    walk(cell, 0)
    html_lines, text_lines = [], []
    for line in lines:
        text = tidy_text("".join(text for _, text in line).replace("\n", " "))
        if not text or text in ("-", "- ") or (text[:-1].isdigit() and text.endswith(".") and len(line) == 1):
            continue  # nothing, or a list marker with nothing after it
        html_lines.append(tidy_inline_html("".join(html for html, _ in line)))
        text_lines.append(text)
    return "<br>".join(html_lines), "\n".join(text_lines)


def table_caption(table: LexborNode) -> str | None:
    for child in table.iter():
        if child.tag == "caption":
            return tidy_text(child.text(deep=True, separator=" ")) or None
    return None


def table_html(rows: list[tuple[list[_Cell], bool]], caption: str | None) -> str:
    """The minimal HTML table: header rows in <thead>, the rest in <tbody>, each cell with
    its spans and its sanitised inline HTML; one row a line, no blank line (CommonMark
    ends an HTML block there)."""
    lines = ["<table>"]
    if caption:
        lines.append(f"<caption>{htmllib.escape(caption, quote=False)}</caption>")
    head = [cells for cells, is_head in rows if is_head]
    body = [cells for cells, is_head in rows if not is_head]
    for section, section_rows in (("thead", head), ("tbody", body)):
        if not section_rows:
            continue
        lines.append(f"<{section}>")
        for cells in section_rows:
            parts = []
            for cell in cells:
                tag = "th" if cell.is_th or section == "thead" else "td"
                spans = "".join(f' {name}="{value}"' for name, value in (
                    ("colspan", cell.colspan), ("rowspan", cell.rowspan)) if value > 1)
                parts.append(f"<{tag}{spans}>{cell.html}</{tag}>")
            lines.append("<tr>" + "".join(parts) + "</tr>")
        lines.append(f"</{section}>")
    lines.append("</table>")
    return "\n".join(lines)
