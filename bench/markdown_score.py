#!/usr/bin/env python3
"""Score newsparse's Markdown against reference Markdown (WCXB's), measure by measure.

    python bench/markdown_score.py [CORPUS_DIR] [--peer trafilatura] [--url] [--pages ID,...]
                                   [--per-page FILE]

CORPUS_DIR (default ../shared/corpus/wcxb) holds `pages/` and a `truth.jsonl`
whose rows carry a `markdown` reference. newsparse runs in this process (the
library API, as `newsparse FILE --format md --front-matter` without its YAML
block: the body, as the references hold no byline or date lines). With
`--peer trafilatura` (in the `[bench]` extra) trafilatura's Markdown
(`extract(output_format="markdown")` with tables, links and formatting kept,
as its CLI's `--markdown --links --formatting`) is scored beside it.

Both sides are read with the same CommonMark + GFM-table parser (markdown-it-py)
into plain text and the elements below; a minimal HTML table inside the
Markdown counts as a table like a GFM one. Measures, each averaged over pages:

| measure | pages | per page |
|---|---|---|
| text similarity, plain | all with a reference | 1 - Levenshtein distance / longer length, on the plain text |
| word F1 | all with a reference | F1 of the bags of lower-case `\\w+` words of the plain text |
| tables: cell-text F1 | reference has a table | F1 of the bags of cell texts (all tables of the page) |
| tables: count recall | reference has a table | min(ours, reference) / reference table count |
| code blocks: text similarity | reference has a code block | as plain similarity, on the code blocks' text joined |
| headings: sequence F1 | reference has a heading | 2 LCS / (ours + reference) over the heading texts in order |
| list items F1 | reference has a list | F1 of the bags of list item texts |
| link URLs F1 | reference has a link | F1 of the sets of link targets |

Texts compared as elements (cells, headings, items) are normalised to their
lower-case words, so escaping and punctuation do not count. Link targets are
resolved against the page's URL, then compared without scheme, "www.", fragment
or trailing "/". The edit distance is rapidfuzz's (C, bit-parallel: a 100 kB
page takes milliseconds; difflib would take minutes), from the `[bench]` extra.

No URL is given to either tool unless `--url` (the saved page as it is, as the
corpus's other figures are made).
"""
from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "wcxb"

MEASURES = (
    ("plain", "text similarity, plain (1 - normalised edit distance)"),
    ("word_f1", "word F1"),
    ("table_cell_f1", "tables: cell-text F1 (pages with tables)"),
    ("table_count_recall", "tables: count recall"),
    ("code_similarity", "code blocks: text similarity"),
    ("heading_f1", "headings: sequence F1"),
    ("list_item_f1", "list items F1"),
    ("link_f1", "link URLs F1"),
)
# Which element a page's reference must have for the measure to count on that page.
NEEDS = {"table_cell_f1": "tables", "table_count_recall": "tables", "code_similarity": "code",
         "heading_f1": "headings", "list_item_f1": "items", "link_f1": "links"}
_WORD = re.compile(r"\w+")


@dataclasses.dataclass
class Parsed:
    """What a Markdown document shows a reader, in the pieces the measures compare."""

    blocks: list[str] = dataclasses.field(default_factory=list)  # plain text, one entry a block
    tables: list[list[str]] = dataclasses.field(default_factory=list)  # each table's cell texts
    code: list[str] = dataclasses.field(default_factory=list)
    headings: list[str] = dataclasses.field(default_factory=list)
    items: list[str] = dataclasses.field(default_factory=list)
    links: list[str] = dataclasses.field(default_factory=list)

    @property
    def plain(self) -> str:
        return "\n".join(" ".join(block.split()) for block in self.blocks if block.strip())


class _HtmlText(HTMLParser):
    """Text, tables and links of an HTML block inside Markdown."""

    CELL = ("td", "th")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tables: list[list[str]] = []
        self.links: list[str] = []
        self._cell: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
            self._depth += 1
        elif tag in self.CELL and self._depth:
            self._cell = []
        elif tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        elif tag in ("br", "p", "li", "tr", "div"):
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._depth:
            self._depth -= 1
        elif tag in self.CELL and self._cell is not None:
            self.tables[-1].append(" ".join(self._cell))
            self._cell = None
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse_markdown(markdown: str, md) -> Parsed:  # md: a markdown_it.MarkdownIt
    out = Parsed()
    tokens = md.parse(markdown)
    in_heading = in_cell = False
    table: list[str] | None = None
    item_stack: list[list[str]] = []  # the inline texts of each open list item
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            in_heading = True
        elif kind == "heading_close":
            in_heading = False
        elif kind == "table_open":
            table = []
        elif kind == "table_close":
            if table is not None:
                out.tables.append(table)
            table = None
        elif kind in ("th_open", "td_open"):
            in_cell = True
        elif kind in ("th_close", "td_close"):
            in_cell = False
        elif kind == "list_item_open":
            item_stack.append([])
        elif kind == "list_item_close":
            texts = item_stack.pop()
            out.items.append(" ".join(texts))
        elif kind in ("fence", "code_block"):
            out.code.append(token.content)
            out.blocks.append(token.content)
        elif kind == "html_block":
            parser = _HtmlText()
            parser.feed(token.content)
            parser.close()
            out.blocks.append("".join(parser.text))
            out.tables.extend(parser.tables)
            out.links.extend(parser.links)
        elif kind == "inline":
            text = inline_text(token, out.links)
            out.blocks.append(text)
            if in_heading:
                out.headings.append(text)
            if in_cell and table is not None:
                table.append(text)
            if item_stack:
                item_stack[-1].append(text)
    return out


def inline_text(token, links: list[str]) -> str:
    parts = []
    for child in token.children or ():
        kind = child.type
        if kind == "image":
            continue  # alt text is not text a reader sees; the image token holds it as children
        if kind == "link_open":
            href = child.attrGet("href")
            if href:
                links.append(str(href))
        elif kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "html_inline" and child.content.lower().startswith("<br"):
            parts.append(" ")
    return "".join(parts)


# --- measures ------------------------------------------------------------------------


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def key(text: str) -> str:
    return " ".join(words(text))


def bag_f1(ours: list[str], reference: list[str]) -> float:
    a, b = Counter(ours), Counter(reference)
    if not a and not b:
        return 1.0
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def similarity(ours: str, reference: str) -> float:
    from rapidfuzz.distance import Levenshtein

    if not ours and not reference:
        return 1.0
    return Levenshtein.normalized_similarity(ours, reference)


def sequence_f1(ours: list[str], reference: list[str]) -> float:
    if not ours or not reference:
        return float(not ours and not reference)
    previous = [0] * (len(reference) + 1)
    for a in ours:
        current = [0]
        for j, b in enumerate(reference):
            current.append(previous[j] + 1 if a == b else max(previous[j + 1], current[j]))
        previous = current
    return 2 * previous[-1] / (len(ours) + len(reference))


def link_key(href: str, page_url: str | None) -> str:
    href = href.strip()
    if page_url:
        href = urljoin(page_url, href)
    parts = urlsplit(href)
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def page_scores(ours: Parsed, reference: Parsed, page_url: str | None) -> dict[str, float]:
    scores = {
        "plain": similarity(ours.plain, reference.plain),
        "word_f1": bag_f1(words(ours.plain), words(reference.plain)),
    }
    if reference.tables:
        scores["table_cell_f1"] = bag_f1([key(c) for t in ours.tables for c in t if key(c)],
                                         [key(c) for t in reference.tables for c in t if key(c)])
        scores["table_count_recall"] = min(len(ours.tables), len(reference.tables)) / len(reference.tables)
    if reference.code:
        scores["code_similarity"] = similarity("\n".join(ours.code).strip(), "\n".join(reference.code).strip())
    if reference.headings:
        scores["heading_f1"] = sequence_f1([key(h) for h in ours.headings], [key(h) for h in reference.headings])
    if reference.items:
        scores["list_item_f1"] = bag_f1([key(i) for i in ours.items], [key(i) for i in reference.items])
    if reference.links:
        scores["link_f1"] = bag_f1(sorted({link_key(h, page_url) for h in ours.links}),
                                   sorted({link_key(h, page_url) for h in reference.links}))
    return scores


# --- the tools -----------------------------------------------------------------------


def newsparse_markdown(data: bytes, path: str, url: str | None) -> str:
    import newsparse

    try:
        article = newsparse.parse(data, path=path, url=url)
    except newsparse.NewsparseError:
        return ""
    markdown = newsparse.render(article, "md", front_matter=True)
    return markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown


def trafilatura_markdown(data: bytes, path: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(data.decode("utf-8", errors="replace"), url=url, output_format="markdown",
                               include_tables=True, include_links=True, include_formatting=True,
                               include_comments=False) or ""


TOOLS = {"newsparse": newsparse_markdown, "trafilatura": trafilatura_markdown}


def page_bytes(corpus: Path, file: str) -> bytes:
    data = (corpus / file).read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="corpus folder")
    parser.add_argument("--peer", action="append", choices=sorted(set(TOOLS) - {"newsparse"}), default=[],
                        help="also score this tool's Markdown (repeatable)")
    parser.add_argument("--url", action="store_true", help="give each tool the page's URL")
    parser.add_argument("--pages", help="only these page ids (comma-separated)")
    parser.add_argument("--per-page", type=Path, help="write each page's scores as JSON Lines to FILE")
    args = parser.parse_args(argv)
    try:
        from markdown_it import MarkdownIt
        import rapidfuzz  # noqa: F401
    except ImportError as error:
        sys.exit(f"markdown_score: {error.name} is missing: pip install -e '.[bench]'")

    md = MarkdownIt("commonmark").enable("table")
    rows = [json.loads(line) for line in (args.corpus / "truth.jsonl").open(encoding="utf-8")]
    rows = [row for row in rows if row.get("markdown")]
    if args.pages:
        wanted = set(args.pages.split(","))
        rows = [row for row in rows if row["id"] in wanted]
    tools = ["newsparse", *args.peer]
    totals: dict[str, dict[str, list[float]]] = {tool: {name: [] for name, _ in MEASURES} for tool in tools}
    seconds = dict.fromkeys(tools, 0.0)
    per_page = args.per_page.open("w", encoding="utf-8") if args.per_page else None
    for row in rows:
        data = page_bytes(args.corpus, row["file"])
        reference = parse_markdown(row["markdown"], md)
        url = row.get("url") if args.url else None
        record = {"id": row["id"]}
        for tool in tools:
            start = time.perf_counter()
            markdown = TOOLS[tool](data, row["file"], url)
            seconds[tool] += time.perf_counter() - start
            scores = page_scores(parse_markdown(markdown, md), reference, row.get("url"))
            for name, value in scores.items():
                totals[tool][name].append(value)
            record[tool] = scores
        if per_page:
            per_page.write(json.dumps(record) + "\n")
    if per_page:
        per_page.close()

    print(f"{args.corpus.name}: {len(rows)} pages with reference Markdown")
    print("| measure (pages) | " + " | ".join(tools) + " |")
    print("|---|" + "---:|" * len(tools))
    for name, label in MEASURES:
        counts = {len(totals[tool][name]) for tool in tools}
        cells = [f"{statistics.fmean(totals[tool][name]):.3f}" if totals[tool][name] else "-" for tool in tools]
        print(f"| {label} ({'/'.join(map(str, sorted(counts)))}) | " + " | ".join(cells) + " |")
    print("| seconds (extraction and rendering) | " + " | ".join(f"{seconds[t]:.1f}" for t in tools) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
