"""Turn the chosen body nodes into typed blocks.

One walk over the body: block elements (headings, paragraphs, lists, quotes,
tables, figures, code) become Blocks; runs of inline content between them
become paragraphs. Inline markup is kept as a small sanitised HTML fragment
with absolute links, which the Markdown renderer converts. A footnote
reference becomes a marker in that fragment and its note is read at the end,
not where the walk meets it (footnotes.py says which links are references).
The blocks are also read back here, as plain text and as the body's links
(plain_text, collect_links).

The walk is bounded in depth (MAX_DEPTH): a page nested thousands of levels
deep is flattened below that depth instead of overflowing the stack.

This module must not judge what is page furniture: clean.py does, on the
blocks as built here (BuiltBlocks: the blocks, and which of them were loose
text or images inside a run); extract.py runs one after the other. Where a run
of inline text must be judged before it becomes a Block, because what goes
changes what is built next (flush_run, emit_heading), the judgement is still
clean.py's, and this module only asks it.
"""
from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import replace
from urllib.parse import urljoin

from selectolax.lexbor import LexborNode

from . import rules
from .rules import LazyPattern
from .dom import descendants, first_descendant, inside_any
from .clean import ArticleHeader, is_inline_furniture
from .footnotes import NoteIndex, find_note_references, footnote, footnote_text_lines
from .formulas import MATH_TAG
from .inline import FOOTNOTE_REF_HTML, footnote_ref_html, html_to_text, math_html, tidy_inline_html, tidy_text
from .model import Block, Footnote, Image, ListItem
from .sanitize import ANCHOR_HREF, safe_url

# Deeper than this, a subtree's text is taken flat: real articles nest a few
# dozen levels, and Python's stack ends near a thousand.
MAX_DEPTH = 200
# CommonMark reads at most nine digits as an ordered list's number.
MAX_LIST_START_DIGITS = 9

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "li", "main", "noscript", "ol", "p", "picture", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    "amp-img", "img", "video", "amp-video",
})
_BLOCK_SELECTOR = "p, div, ul, ol, table, h1, h2, h3, h4, h5, h6, blockquote, pre, figure, section, article"
# Blocks inside a <p>: one selection per body, not one per paragraph.
_BLOCK_IN_PARAGRAPH = ", ".join(f"p {tag}" for tag in _BLOCK_SELECTOR.split(", "))
EMPHASIS_TAGS = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "code": "code",
                 "kbd": "code", "samp": "code", "tt": "code", "sub": "sub", "sup": "sup"}
IMAGE_SOURCE_ATTRS = ("src", "data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src")
CREDIT_HINT = LazyPattern(r"credit|copyright|source|photographer|byline|attribution", re.IGNORECASE)
PARAGRAPH_BREAK = re.compile(r"(?<!\s)(?:\s*<br>\s*){2,}")  # old pages separate paragraphs with <br><br>
# How highlighters name a code block's language: "language-python" (Prism,
# highlight.js), "lang-py", "brush: python" (SyntaxHighlighter), "highlight python".
_LANGUAGE_CLASS = LazyPattern(r"(?:^|\s)(?:(?:language|lang)-|brush:\s*|highlight\s+)([\w+#.-]+)")


class BuiltBlocks:
    """The blocks of a body as built, and where some of them came from, which the
    blocks do not say and the clean-up needs (clean.clean_blocks): by id(). (A plain
    class: a NamedTuple costs a tenth of a millisecond to define at import.)"""

    __slots__ = ("blocks", "loose", "inline_figures", "footnotes")

    def __init__(self, blocks: list[Block], loose: set[int], inline_figures: set[int],
                 footnotes: tuple[Footnote, ...] = ()) -> None:
        self.blocks = blocks
        self.loose = loose  # paragraphs made of loose text, not of a <p>
        self.inline_figures = inline_figures  # images met inside a run of inline content
        self.footnotes = footnotes  # the notes the blocks refer to, in order of reference


class _Run:
    """Inline content being collected into one paragraph."""

    __slots__ = ("html", "from_p")

    def __init__(self, html: list[str] | None = None, from_p: bool = False) -> None:
        self.html: list[str] = [] if html is None else html
        self.from_p = from_p


class BlockBuilder:
    """Collects blocks and links from the body nodes; one instance per article."""

    def __init__(self, base_url: str | None, title: str | None, authors: tuple[str, ...] = ()):
        self.base_url = base_url
        self.header = ArticleHeader(title, authors)
        self.blocks: list[Block] = []
        self._seen_images: set[str] = set()
        self._run = _Run()
        self._paragraphs_holding_blocks: set[int] = set()
        # Paragraphs made of loose text (not a <p>), and images met inside a run of
        # inline content, by id(): what the clean-up (clean.py) knows of where blocks came from.
        self._loose: set[int] = set()
        self._inline_figures: set[int] = set()
        self._notes: NoteIndex | None = None  # footnote references and their notes (footnotes.py)
        # Inside a list item read as blocks, what the item's line kept before stays: the
        # caption of a figure whose picture cannot be shown (a lazy-loading placeholder;
        # elsewhere left out with it), and the link around a heading (a card's
        # <a href><h3>Title</h3></a>; elsewhere the references keep most such headings
        # unlinked, and linking them cost wcxb link URLs F1 0.002).
        self._inside_item = False
        # The address of a link wrapping blocks, while the walk is inside it.
        self._enclosing_link: str | None = None

    # --- public ------------------------------------------------------------------

    def build(self, nodes: list[LexborNode]) -> BuiltBlocks:
        self._paragraphs_holding_blocks = paragraphs_holding_blocks(nodes)
        self._notes = find_note_references(nodes)
        for node in nodes:
            self.visit(node, 0)
        self.flush_run()
        return BuiltBlocks(self.blocks, self._loose, self._inline_figures, self.read_footnotes())

    # --- walking -----------------------------------------------------------------

    def visit(self, node: LexborNode, depth: int) -> None:
        tag = node.tag
        if tag == "-text":
            self.add_inline_text(node.text_content or "")
            return
        if tag in ("-comment", None) or tag.startswith(("#", "!")):
            return
        if self._notes is not None and self._notes.is_note(node):
            return  # a footnote: it goes to the end, where the references lead
        if depth > MAX_DEPTH:
            self.add_inline_text(" " + node.text(deep=True) + " ")
            return
        if tag == MATH_TAG:
            self.emit_math(node, depth)
        elif tag in HEADING_TAGS:
            self.emit_heading(node)
        elif tag == "p":
            self.emit_paragraph(node, depth)
        elif tag in ("ul", "ol"):
            self.emit_list(node, depth)
        elif tag == "blockquote":
            self.emit_quote(node, depth)
        elif tag == "table":
            self.emit_table(node, depth)
        elif tag == "figure":
            self.emit_figure(node, depth)
        elif tag in ("img", "amp-img", "picture"):
            self.emit_image(node)
        elif tag in ("video", "amp-video") and node.attributes.get("poster"):
            self.emit_poster(node)
        elif tag == "pre":
            self.emit_code(node)
        elif tag == "br":
            self.add_break()
        elif tag == "hr":
            self.flush_run()
        elif tag == "noscript":
            for image in node.css("img"):
                self.emit_image(image)
        elif tag == "figcaption":
            self.flush_run()
        elif tag in BLOCK_TAGS or not is_inline(node):
            self.flush_run()
            outer_link = self._enclosing_link
            if tag == "a" and self._inside_item:
                self._enclosing_link = self.absolute(node.attributes.get("href")) or outer_link
            for child in node.iter(include_text=True):
                self.visit(child, depth + 1)
            self.flush_run()
            self._enclosing_link = outer_link
        else:
            self.add_inline(node, depth)

    # --- inline runs -------------------------------------------------------------

    def add_inline_text(self, text: str) -> None:
        self._run.html.append(htmllib.escape(text, quote=False))

    def add_break(self) -> None:
        self._run.html.append("<br>")

    def add_inline(self, node: LexborNode, depth: int) -> None:
        images: list[LexborNode] = []  # the node itself may be one: WordPress writes <p><img ...></p>
        self._run.html.append(self.inline_markup(node, depth, images)[0])
        for image in images:
            self.emit_image(image, flush=False)

    def inline_markup(self, node: LexborNode, depth: int,
                      images: list[LexborNode] | None = None) -> tuple[str, str]:
        """(sanitised html, plain text) of an inline subtree. Images are left out of
        both, and added to `images` when given, in document order."""
        tag = node.tag
        if tag == "-text":
            text = node.text_content or ""
            # A line break in the page's source is a space, as in the html; "\n" in the
            # text is a <br> or a block's start, as list items and cells write them.
            return htmllib.escape(text, quote=False), text.replace("\n", " ").replace("\r", " ")
        if tag == "br":
            return "<br>", "\n"
        if tag in ("img", "amp-img"):
            if images is not None:
                images.append(node)
            return "", ""
        if tag in ("-comment", None) or tag.startswith(("#", "!")):
            return "", ""  # comments, and <?php ... ?> left in a page: Lexbor gives those no tag
        if tag == MATH_TAG:
            tex = node.text(deep=True)
            return math_html(tex), tex  # display math inside a line of text runs with it
        if depth > MAX_DEPTH:
            if images is not None:
                images.extend(descendants(node, "img, amp-img"))
            return "", ""
        if tag == "a" and self._notes is not None:
            note_link = note_link_markup(self._notes, node)
            if note_link is not None:
                return note_link
        html_parts, text_parts = [], []
        for child in node.iter(include_text=True):
            h, t = self.inline_markup(child, depth + 1, images)
            html_parts.append(h)
            text_parts.append(t)
        inner_html, inner_text = "".join(html_parts), "".join(text_parts)
        if tag == "a":
            href = self.absolute(node.attributes.get("href"))
            if href and inner_text.strip():
                return f'<a href="{htmllib.escape(href)}">{inner_html}</a>', inner_text
            return inner_html, inner_text
        wrapper = EMPHASIS_TAGS.get(tag)
        if wrapper == "sup" and FOOTNOTE_REF_HTML.fullmatch(inner_html.strip()):
            return inner_html.strip(), inner_text.strip()  # a reference is raised already
        if wrapper and inner_text.strip():
            return f"<{wrapper}>{inner_html}</{wrapper}>", inner_text
        return inner_html, inner_text

    def read_footnotes(self) -> tuple[Footnote, ...]:
        """The notes the body refers to, each read like a list item: its paragraphs as
        lines, its links absolute, its links back to the text left out."""
        if self._notes is None:
            return ()
        notes = []
        for label, element in self._notes.ordered_notes():
            content = self.list_item(element, 1, as_blocks=False)
            note = footnote(label, content.html, content.text) if content is not None else None
            if note is not None:
                notes.append(note)
        return tuple(notes)

    def flush_run(self) -> None:
        """Turn the collected inline content into paragraphs: split where old pages put
        <br><br>, and leave out what clean.py judges is not the article (lines that
        repeat the headline, the byline or the date; teasers, rows of links, copyright
        lines) before the next piece is joined to the paragraph before it."""
        run, self._run = self._run, _Run()
        joined = "".join(run.html)
        if joined.isspace() or not joined:
            return  # the whitespace between two blocks: most runs are only that
        tidied = tidy_inline_html(joined)
        for piece in PARAGRAPH_BREAK.split(tidied) if "<br><br>" in tidied else (tidied,):
            if self._inside_item:
                html_text, text = piece, html_to_text(piece)  # a card's byline and date are its own
            else:
                html_text, text = self.header.without_header_lines(piece)
            if not text or is_inline_furniture(html_text, text, in_card=self._inside_item):
                continue
            if not run.from_p and self.continues_previous_paragraph(text):
                previous = self.blocks.pop()
                block = Block("paragraph", text=f"{previous.text} {text}", html=f"{previous.html} {html_text}")
                if id(previous) in self._loose:
                    self._loose.discard(id(previous))
                    self._loose.add(id(block))
                self.blocks.append(block)
                continue
            block = Block("paragraph", text=text, html=html_text)
            if not run.from_p:
                self._loose.add(id(block))
            self.blocks.append(block)

    def continues_previous_paragraph(self, text: str) -> bool:
        """Loose text right after a paragraph that stopped mid-sentence is its second half:
        HTML parsers close a <p> at any <div>, so an ad slot inside a paragraph splits it."""
        if not self.blocks or self.blocks[-1].type != "paragraph":
            return False
        previous = self.blocks[-1].text
        return not previous.endswith(rules.SENTENCE_END) and not text[:1].isupper()

    # --- blocks ------------------------------------------------------------------

    def emit_heading(self, node: LexborNode) -> None:
        self.flush_run()
        for mark in permalink_marks(node):
            mark.decompose()
        html_text, text = without_trailing_marks(*self.inline_markup(node, 0))
        text = tidy_text(text)
        if not text or self.header.repeats_title(text):
            return
        html_text = tidy_inline_html(html_text)
        if self._enclosing_link and "<a " not in html_text:
            html_text = f'<a href="{htmllib.escape(self._enclosing_link)}">{html_text}</a>'
        self.blocks.append(Block("heading", text=text, html=html_text, level=HEADING_TAGS[node.tag]))

    def emit_paragraph(self, node: LexborNode, depth: int) -> None:
        self.flush_run()
        if node.mem_id in self._paragraphs_holding_blocks:
            # A <p> holding blocks (invalid, but parsers keep it from some CMSs).
            for child in node.iter(include_text=True):
                self.visit(child, depth + 1)
            self.flush_run()
            return
        self._run.from_p = True
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                self.add_inline_text(child.text_content or "")
            elif child.tag == "br":
                self.add_break()
            elif child.tag == MATH_TAG and is_display_math(child):
                self.emit_math(child, depth + 1)  # set on its own line, between two parts of the paragraph
                self._run.from_p = True
            else:
                self.add_inline(child, depth + 1)
        self.flush_run()

    def emit_list(self, node: LexborNode, depth: int) -> None:
        self.flush_run()
        items = []
        for child in node.iter():
            if child.tag != "li" or (self._notes is not None and self._notes.is_note(child)):
                continue
            item = self.list_item(child, depth + 1)
            if item is not None:
                items.append(item)
        if not items:
            return
        ordered = node.tag == "ol"
        block = Block("list", ordered=ordered, start=list_start(node) if ordered else None, items=tuple(items))
        previous = self.blocks[-1] if self.blocks else None
        if previous is not None and previous.type == "list" and previous.ordered == ordered and not ordered:
            # One <ul> per item (some CMSs do that) is one list to a reader.
            block = Block("list", ordered=False, items=previous.items + block.items)
            self.blocks.pop()
        self.blocks.append(block)

    def list_item(self, node: LexborNode, depth: int, *, as_blocks: bool = True) -> ListItem | None:
        """An item as one line (its text and inline HTML) and its nested lists; an item
        whose content has block structure (item_blocks_start) as the line before that
        structure and the rest as blocks. With `as_blocks` false, always one line: a
        footnote is one, and its model holds no blocks."""
        html_parts, text_parts, children = [], [], []
        first_block = item_blocks_start(node) if as_blocks and depth < MAX_DEPTH else None
        blocks_from: BlockBuilder | None = None
        for child in node.iter(include_text=True):
            if blocks_from is None and first_block is not None and child.mem_id == first_block.mem_id:
                blocks_from = BlockBuilder(self.base_url, None)
                blocks_from._seen_images, blocks_from._notes = self._seen_images, self._notes
                blocks_from._inside_item = True
            if blocks_from is not None:
                blocks_from.visit(child, depth + 1)
                continue
            if child.tag in ("ul", "ol") and depth < MAX_DEPTH:
                nested = BlockBuilder(self.base_url, None)
                nested._notes = self._notes
                nested.emit_list(child, depth + 1)
                children.extend(nested.blocks)
                continue
            # A paragraph after other content starts a line of its own; the whitespace
            # between the two (the markup's indentation) does not count as content.
            if child.tag in ("p", "div") and any(part.strip() for part in text_parts):
                html_parts.append("<br>")
                text_parts.append("\n")
            h, t = self.inline_markup(child, depth + 1)
            html_parts.append(h)
            text_parts.append(t)
        if blocks_from is not None:
            blocks_from.flush_run()
            children.extend(blocks_from.blocks)
        text = tidy_text("".join(text_parts))
        if not text and not children:
            return None
        return ListItem(text=text, html=tidy_inline_html("".join(html_parts)), children=tuple(children))

    def emit_quote(self, node: LexborNode, depth: int) -> None:
        self.flush_run()
        inner = BlockBuilder(self.base_url, None)
        inner._seen_images = self._seen_images
        inner._notes = self._notes
        for child in node.iter(include_text=True):
            inner.visit(child, depth + 1)
        inner.flush_run()
        if inner.blocks:
            self.blocks.append(Block("quote", children=tuple(inner.blocks)))

    def emit_table(self, node: LexborNode, depth: int) -> None:
        from .tables import is_layout_table, layout_parts, read_table  # deferred: most articles hold no table

        self.flush_run()
        if is_layout_table(node):
            for part in layout_parts(node):
                if part.tag == "table":
                    self.emit_table(part, depth + 1)  # a data table the layout holds stays a table
                    continue
                for child in part.iter(include_text=True):
                    self.visit(child, depth + 1)
                self.flush_run()
            return
        table = read_table(node, self.inline_markup, depth + 1)
        if table is not None:
            self.blocks.append(Block("table", rows=table.rows, cell_html=table.cell_html, header=table.header,
                                     caption=table.caption, html=table.html))

    def emit_figure(self, node: LexborNode, depth: int) -> None:
        self.flush_run()
        image_node = node.css_first("img, amp-img")
        if image_node is None:
            # Figures also wrap tables, quotes and embeds: take what they hold, and the
            # caption with it. A caption alone is of a picture we cannot see (loaded by
            # script, or a video player): it is not body text.
            before = len(self.blocks)
            captions = []
            for child in node.iter(include_text=True):
                if child.tag == "figcaption":
                    captions.append(child)
                else:
                    self.visit(child, depth + 1)
            self.flush_run()
            if len(self.blocks) > before:
                for caption in captions:
                    self.emit_paragraph(caption, depth + 1)
            return
        image = self.new_image(node)
        if image is None:
            if self._inside_item and self.image_url(node) is None and self.carried_image(node) is None:
                for caption_node in descendants(node, "figcaption"):
                    self.emit_paragraph(caption_node, depth + 1)
            return  # without any address or picture it cannot be shown
        caption, credit = caption_and_credit(node)
        alt = tidy_text(image_node.attributes.get("alt") or "") or None
        self.blocks.append(Block("figure", image=replace(image, alt=alt, caption=caption, credit=credit)))

    def emit_image(self, node: LexborNode, flush: bool = True) -> None:
        image = self.new_image(node)
        if image is None:
            return
        if flush:
            self.flush_run()
        element = node if node.tag in ("img", "amp-img") else node.css_first("img, amp-img")
        alt = tidy_text((element.attributes.get("alt") if element is not None else "") or "") or None
        block = Block("figure", image=replace(image, alt=alt))
        if not flush:
            self._inline_figures.add(id(block))
        self.blocks.append(block)

    def emit_poster(self, node: LexborNode) -> None:
        """A video stands in the record as its poster image: the frame readers see."""
        url = self.absolute(node.attributes.get("poster"))
        if not url or url in self._seen_images:
            return
        self.flush_run()
        self._seen_images.add(url)
        alt = tidy_text(node.attributes.get("title") or node.attributes.get("alt") or "") or None
        self.blocks.append(Block("figure", image=Image(url=url, alt=alt)))

    def emit_math(self, node: LexborNode, depth: int) -> None:
        """A formula set on its own line is a block; one inside a line of text is part of it."""
        if not is_display_math(node):
            self.add_inline(node, depth)
            return
        self.flush_run()
        tex = node.text(deep=True)
        if tex:
            self.blocks.append(Block("math", text=tex))

    def emit_code(self, node: LexborNode) -> None:
        self.flush_run()
        text = node.text(deep=True).strip("\n")
        if not text.strip():
            return
        self.blocks.append(Block("code", text=text, language=code_language(node)))

    # --- urls --------------------------------------------------------------------

    def absolute(self, href: str | None) -> str | None:
        href = safe_url(href)
        if not href or href.startswith("#"):
            return None
        return urljoin(self.base_url, href) if self.base_url and not is_plain_absolute(href) else href

    def new_image(self, node: LexborNode) -> Image | None:
        """The image `node` shows, unless an earlier figure showed it: by its address,
        else (a SingleFile page) by the picture it carries as a data: URI (images.py)."""
        url = self.image_url(node)
        carried = None if url else self.carried_image(node)
        key = url or (carried.sources[0] if carried else None)
        if key is None or key in self._seen_images:
            return None
        self._seen_images.add(key)
        return carried or Image(url=url, sources=self.image_sources(node))

    def carried_image(self, node: LexborNode) -> Image | None:
        from .images import carried_data_image

        for image in [node] if node.tag in ("img", "amp-img") else node.css("img, amp-img"):
            for name in IMAGE_SOURCE_ATTRS:
                value = (image.attributes.get(name) or "").strip()
                carried = carried_data_image(value) if value[:5].lower() == "data:" else None
                if carried is not None:
                    return Image(url=None, media_type=carried.media_type, bytes=carried.size, sources=(value,))
        return None

    def image_sources(self, node: LexborNode) -> tuple[str, ...]:
        """Every address `node`'s images give, as written and resolved: where a saved
        page's own copy of the picture is looked up (images.py)."""
        sources: dict[str, None] = {}
        for image in [node] if node.tag in ("img", "amp-img") else node.css("img, amp-img"):
            attrs = image.attributes
            written = [attrs.get(name) for name in IMAGE_SOURCE_ATTRS]
            for srcset in (attrs.get("srcset"), attrs.get("data-srcset")):
                written.extend(candidate.split()[0] for candidate in (srcset or "").split(",") if candidate.split())
            for address in written:
                address = (address or "").strip()
                if address and address[:5].lower() != "data:":
                    sources.setdefault(address, None)
                    sources.setdefault(self.absolute(address) or address, None)
        return tuple(sources)

    def image_url(self, node: LexborNode) -> str | None:
        """The real image address, looking past lazy-loading placeholders."""
        images = [node] if node.tag in ("img", "amp-img") else node.css("img, amp-img")
        for image in images:
            attrs = image.attributes
            for name in IMAGE_SOURCE_ATTRS:
                url = self.absolute(attrs.get(name))
                if url:
                    return url
            srcset = attrs.get("srcset") or attrs.get("data-srcset")
            if srcset:
                url = self.absolute(largest_in_srcset(srcset))
                if url:
                    return url
        return None


# --- helpers that need no state ---------------------------------------------------


# What urljoin re-splits on or removes: tab and newlines, ";" parameters, "[" hosts.
_REPARSED_URL_CHARS = frozenset("\t\n\r;[")


def is_plain_absolute(href: str) -> bool:
    """An http(s) address with a host that urljoin would give back as it is: two in
    three links are, and urljoin takes some 4 microseconds to find that out."""
    if not href.startswith(("https://", "http://")):
        return False
    host_start = href.index("//") + 2
    return (href[host_start:host_start + 1] not in ("", "/") and _REPARSED_URL_CHARS.isdisjoint(href)
            and not href.endswith(("?", "#")) and "?#" not in href)


def code_language(pre: LexborNode) -> str | None:
    for node in (pre, pre.css_first("code")):
        if node is None:
            continue
        attrs = node.attributes
        declared = attrs.get("data-lang") or attrs.get("data-language")
        if declared:
            return declared.strip() or None
        match = _LANGUAGE_CLASS.search(attrs.get("class") or "")
        if match:
            return match.group(1)
    return None


def list_start(ol: LexborNode) -> int | None:
    value = (ol.attributes.get("start") or "").strip()
    # ASCII only: "²" is a digit to str.isdigit() but not to int(). CommonMark reads at
    # most nine digits as a list number, so a longer one is no start worth keeping.
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_LIST_START_DIGITS):
        return None
    return int(value) if int(value) != 1 else None


def paragraphs_holding_blocks(roots: list[LexborNode]) -> set[int]:
    """The <p> elements with block elements inside (invalid, and rare: the parser
    closes a paragraph at most block tags)."""
    holders, walked = set(), set()
    for root in roots:
        for block in root.css(_BLOCK_IN_PARAGRAPH):
            ancestor = block.parent
            # Stop where an earlier walk went on: linear even for pages nested deep.
            while ancestor is not None and ancestor.mem_id not in walked:
                walked.add(ancestor.mem_id)
                if ancestor.tag == "p":
                    holders.add(ancestor.mem_id)
                ancestor = ancestor.parent
    return holders


# The blocks a list item's content may hold. A heading, a table, a quote or code gives
# it block structure; paragraphs do from two on; a figure never does alone (read as a
# figure block, its caption left the text, which costs readability's body F1 0.0008:
# the item's line keeps the caption), but opens the blocks of an item that has some.
_ITEM_STRUCTURE = "h1, h2, h3, h4, h5, h6, table, blockquote, pre, figure, p"
_ITEM_BLOCK_TAGS = frozenset(_ITEM_STRUCTURE.split(", "))
# A nested list's or a table cell's paragraphs are theirs, not the item's.
_OWNED_ELSEWHERE = frozenset({"ul", "ol", "table"})
# Two paragraphs are two blocks to a reader; a single one (often the CMS's wrapper
# around the item's text) is the item's line.
ITEM_MIN_PARAGRAPHS = 2


def item_blocks_start(item: LexborNode) -> LexborNode | None:
    """The child of a list item from which on its content is read as blocks: the first
    that is or holds a heading, table, quote, code, figure or paragraph, when the item
    has block structure (one of the first four, or several paragraphs); None for an
    item that is one line (text, links, emphasis, a nested list, a single paragraph).
    A product card read as one line runs its heading into its description and its
    specifications table into a row of words."""
    structured, paragraphs = False, 0
    first: LexborNode | None = None
    for element, top in item_block_elements(item):
        if first is None:
            first = top
        if element.tag == "p":
            paragraphs += 1
        elif element.tag != "figure":
            structured = True
        if structured or paragraphs >= ITEM_MIN_PARAGRAPHS:
            return first
    return None


def item_block_elements(item: LexborNode) -> Iterator[tuple[LexborNode, LexborNode]]:
    """The item's own block elements in document order, each with the item's child that
    is or holds it. Nested lists are not searched at all: a page of lists nested
    thousands deep would have every item search everything below it."""
    tops: dict[int, LexborNode | None] = {}
    for child in item.iter():
        if child.tag in ("ul", "ol"):
            continue
        if child.tag in _ITEM_BLOCK_TAGS:
            yield child, child
        for element in descendants(child, _ITEM_STRUCTURE):
            if item_child_holding(item, element, tops) is not None:
                yield element, child


def item_child_holding(item: LexborNode, element: LexborNode,
                       tops: dict[int, LexborNode | None]) -> LexborNode | None:
    """The child of `item` that is or holds `element`; None when a nested list or a
    table holds it. `tops` remembers the answer for each element passed on the way up,
    so that all of an item's elements together take one walk over it."""
    path: list[int] = []
    node, top = element, None
    while True:
        if node.mem_id in tops:
            top = tops[node.mem_id]
            break
        path.append(node.mem_id)
        parent = node.parent
        if parent is None:
            break
        if parent.mem_id == item.mem_id:
            top = node
            break
        if parent.tag in _OWNED_ELSEWHERE:
            break
        node = parent
    for mem_id in path:
        tops[mem_id] = top
    return top


def note_link_markup(notes: NoteIndex, link: LexborNode) -> tuple[str, str] | None:
    """(html, text) of a footnote reference: its marker; of a link from a note back to
    the text: nothing; None for any other link."""
    label = notes.label_of(link)
    if label is not None:
        return footnote_ref_html(label), f"[{label}]"
    if notes.is_back_link(link):
        return "", ""
    return None


def is_display_math(node: LexborNode) -> bool:
    return node.attributes.get("display") == "block"


def is_inline(node: LexborNode) -> bool:
    return node.tag in rules.INLINE_TAGS and first_descendant(node, _BLOCK_SELECTOR) is None


def permalink_marks(heading: LexborNode) -> list[LexborNode]:
    """The permalink marks a heading holds: links (or elements whose class names an
    anchor) showing only "#", "¶", "§", "🔗", nothing, or the link's own "#fragment"."""
    marks: list[LexborNode] = []
    marked: set[int] = set()
    for node in descendants(heading, "a, [class]"):
        if inside_any(node, heading, marked):
            continue
        href = (node.attributes.get("href") or "").strip() if node.tag == "a" else ""
        if not href.startswith("#") and not rules.PERMALINK_CLASS.search(node.attributes.get("class") or ""):
            continue  # neither an in-page link nor named as an anchor
        text = "".join(node.text(deep=True).split())
        if not text or set(text) <= rules.PERMALINK_MARKS or (href and text == href):
            marks.append(node)
            marked.add(node.mem_id)
    return marks


def without_trailing_marks(html_text: str, text: str) -> tuple[str, str]:
    """A heading without a permalink sign left as loose text at its end ("Setup ¶")."""
    last = text.rsplit(None, 1)[-1] if text.strip() else ""
    if not last or last == text.strip() or not set(last) <= rules.TRAILING_HEADING_MARKS:
        return html_text, text
    cut = html_text.rstrip().rfind(last)
    if cut < 0:
        return html_text, text
    return html_text[:cut] + html_text.rstrip()[cut + len(last):], text.rstrip()[:-len(last)]


def caption_and_credit(figure: LexborNode) -> tuple[str | None, str | None]:
    """A figure's caption, and its credit when marked up apart (class "credit",
    "copyright", "source"...), inside the figcaption or beside it."""
    credit = None
    for node in descendants(figure, "[class]"):
        if node.tag != "figcaption" and CREDIT_HINT.search(node.attributes.get("class") or ""):
            credit = tidy_text(node.text(deep=True, separator=" ")) or None
            node.decompose()
            break
    caption_node = figure.css_first("figcaption")
    caption = tidy_text(caption_node.text(deep=True, separator=" ")) if caption_node is not None else ""
    return caption or None, credit


def largest_in_srcset(srcset: str) -> str | None:
    best, best_size = None, -1.0
    for candidate in srcset.split(","):
        parts = candidate.strip().split()
        if not parts:
            continue
        size = 0.0
        descriptor = parts[1][:-1].replace(".", "", 1) if len(parts) > 1 else ""
        if descriptor.isascii() and descriptor.isdigit():  # "²" is a digit, yet not a number
            size = float(parts[1][:-1])
        if size > best_size:
            best, best_size = parts[0], size
    return best


def build_blocks(nodes: list[LexborNode], *, base_url: str | None, title: str | None,
                 authors: tuple[str, ...] = ()) -> BuiltBlocks:
    """The body nodes as Blocks, with what clean.clean_blocks needs to know of them."""
    return BlockBuilder(base_url, title, authors).build(nodes)


def collect_links(blocks: list[Block] | tuple[Block, ...]) -> list[str]:
    """The body's link targets, in order, each once: read back from the blocks, so a
    teaser dropped while building leaves no link behind."""
    seen: dict[str, None] = {}
    for fragment in iter_inline_html(blocks):
        for href in ANCHOR_HREF.findall(fragment):
            seen.setdefault(htmllib.unescape(href), None)
    return list(seen)


def iter_inline_html(blocks: list[Block] | tuple[Block, ...]) -> Iterator[str]:
    for block in blocks:
        if block.html:
            yield block.html
        for item in block.items:
            yield item.html
            yield from iter_inline_html(item.children)
        yield from iter_inline_html(block.children)
        for note in block.footnotes:
            yield note.html


def plain_text(blocks: list[Block] | tuple[Block, ...]) -> str:
    """The body as plain text: blocks separated by one blank line, list items
    bulleted or numbered, table cells tab-separated, quotes marked with "> "."""
    return "\n\n".join(filter(None, (block_text(block) for block in blocks)))


def block_text(block: Block, indent: str = "") -> str:
    if block.type in ("heading", "paragraph", "code", "math"):
        return block.text
    if block.type == "list":
        return "\n".join(list_item_lines(block, indent))
    if block.type == "quote":
        inner = plain_text(block.children)
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if block.type == "table":
        rows = ["\t".join(" ".join(cell.split()) for cell in row) for row in block.rows]
        return "\n".join([block.caption, *rows] if block.caption else rows)
    if block.type == "figure" and block.image is not None and rules.CAPTIONS_IN_TEXT:
        return " ".join(filter(None, (block.image.caption, block.image.credit)))
    if block.type == "footnotes":
        return "\n".join(footnote_text_lines(block))
    return ""


def list_item_lines(block: Block, indent: str) -> list[str]:
    lines = []
    for number, item in enumerate(block.items, start=1):
        marker = f"{number}. " if block.ordered else "- "
        pad = indent + " " * len(marker)
        item_lines = item.text.split("\n") if item.text else []
        children = item.children
        if not item_lines and children and children[0].type != "list":
            # An item that opens with a block (a card's heading) has that block's
            # first line as its own, as the Markdown writes it.
            item_lines, children = block_text(children[0]).split("\n"), children[1:]
        lines.append(f"{indent}{marker}{item_lines[0] if item_lines else ''}")
        lines.extend(f"{pad}{line}" for line in item_lines[1:])
        for child in children:
            if child.type == "list":
                lines.extend(list_item_lines(child, pad))
            elif text := block_text(child):  # a figure's is empty when captions stay out
                lines.extend(pad + line for line in text.split("\n"))
    return lines
