"""Footnotes: the references in the text and the notes they point at.

A note reference is a link to an element of the same page (`href="#fn1"`) that
holds the note: a superscript marker (`<sup><a href="#fn1">1</a></sup>`), a
link marked `role=doc-noteref`, or a bracketed marker (`[1]`). What the page
calls its notes (kramdown's `fn:1`, WordPress plugins, Wikipedia's `cite_note-1`)
does not matter: only that the target exists on the page and holds a short note
that does not contain the reference itself.

blocks.py asks this module while it builds the body (NoteIndex): which links are
references, which elements are notes (left out of the walk: they go to the end,
not into the body as a stray list), and which links inside a note lead back to
its references (dropped: "↩", "^"). The notes themselves become one trailing
`footnotes` block, kept only while the text still refers to them
(with_footnotes, after the clean-up). The renderers ask it how to write them:
`[^1]` with `[^1]: text` at the end in Markdown, `[1]` with the notes at the
end in plain text.
"""
from __future__ import annotations

import html as htmllib
from collections.abc import Callable, Iterator
from itertools import islice
from urllib.parse import unquote

from selectolax.lexbor import LexborNode

from .dom import ancestors
from .inline import FOOTNOTE_REF_HTML
from .model import Block, Footnote
from .rules import LazyPattern

# A marker is what the reader sees where the note is referred to: "1", "[12]",
# "a", "*", "[note 3]". Longer link text is a link, not a marker.
MARK_MAX_CHARS = 12
MARK_MAX_WORDS = 2
# A note is a sentence or a short paragraph or three; an element holding more than
# this is a section the link jumps to, not a note.
NOTE_MAX_CHARS = 3000
# How many levels above a reference link its own id may sit (<sup id="fnref1"><a>):
# back-links inside the note point there.
REFERENCE_ID_LEVELS = 3
# How deep a link sits in its note, or a named anchor in the paragraph it opens
# (li > p > a; li > span > b > a): enough for every note markup, and it bounds the
# walks up the tree on pages nested thousands deep.
NOTE_LINK_MAX_LEVELS = 6
# An inline target (<a name="fn1">, <span id="fn1">) marks the start of the note:
# the note is the nearest of these around it.
NOTE_BLOCK_TAGS = frozenset({"li", "p", "dd", "dt", "td", "aside", "div", "section", "footer"})
_INLINE_TARGET_TAGS = frozenset({"a", "span", "sup", "b", "strong", "i", "em", "cite", "small"})
_INLINE_TARGET_BLOCKS = frozenset({"li", "p", "dd", "dt", "td"})
# Back-link marks: the arrows and carets that lead from a note back to the text.
BACK_MARKS = "↩↪↑⤴⬆^↵\ufe0e\ufe0f"
_LABEL_UNSAFE = LazyPattern(r"[^A-Za-z0-9_-]+")
_HAS_WORD = LazyPattern(r"\w")
_HAS_LETTER = LazyPattern(r"[^\W\d_]")


class NoteIndex:
    """The note references among some body nodes, and the notes they point at.

    Built once per body (find_note_references); by mem_id: `labels` maps each
    reference link to its note's label, `notes` each note element to its label,
    `back_links` the links inside notes that lead back to the text."""

    __slots__ = ("labels", "notes", "back_links", "elements")

    def __init__(self) -> None:
        self.labels: dict[int, str] = {}
        self.notes: dict[int, str] = {}
        self.back_links: set[int] = set()
        self.elements: dict[str, LexborNode] = {}  # label -> note element, in order of first reference

    def label_of(self, link: LexborNode) -> str | None:
        return self.labels.get(link.mem_id)

    def is_note(self, node: LexborNode) -> bool:
        return node.mem_id in self.notes

    def is_back_link(self, link: LexborNode) -> bool:
        return link.mem_id in self.back_links

    def ordered_notes(self) -> Iterator[tuple[str, LexborNode]]:
        return iter(self.elements.items())


def find_note_references(roots: list[LexborNode]) -> NoteIndex | None:
    """The note references inside `roots` and their notes, wherever on the page
    they are; None when there are none (most pages)."""
    candidates = [link for root in roots for link in root.css('a[href^="#"]') if looks_like_reference(link)]
    if not candidates:
        return None
    targets = _Targets(candidates[0])
    index = NoteIndex()
    reference_ids: dict[int, set[str]] = {}  # note mem_id -> ids around its references
    for link in candidates:
        if is_inside(link, index.notes):
            continue  # a note's own link back to the text (the text comes first)
        note = targets.note_for(link)
        if note is None:
            continue
        label = index.notes.get(note.mem_id)
        if label is None:
            label = unique_label(link_mark(link), index.elements)
            index.notes[note.mem_id] = label
            index.elements[label] = note
        index.labels[link.mem_id] = label
        reference_ids.setdefault(note.mem_id, set()).update(ids_around(link))
    for note in index.elements.values():
        index.back_links.update(back_links(note, reference_ids[note.mem_id]))
    if not index.labels:
        return None
    return index


def referenced_note_ids(root: LexborNode) -> set[str]:
    """The ids that note references inside `root` point at: what the clean-up of link
    lists must leave in place (a list of sources is mostly links)."""
    return {unquote(link.attributes.get("href") or "")[1:]
            for link in root.css('a[href^="#"]') if looks_like_reference(link)}


def holds_any_id(node: LexborNode, ids: set[str]) -> bool:
    return bool(ids) and any((element.attributes.get("id") or element.attributes.get("name")) in ids
                             for element in node.css("[id], a[name]"))


def looks_like_reference(link: LexborNode) -> bool:
    """A short marker, raised (in a <sup>), marked as a note reference, or bracketed."""
    attrs = link.attributes
    if attrs.get("role") == "doc-backlink":
        return False
    mark = link.text(deep=True, strip=True)
    if not is_mark(mark):
        return False
    if attrs.get("role") == "doc-noteref" or in_superscript(link):
        return True
    return mark[:1] in "[(" and mark[-1:] in "])" and _HAS_WORD.search(mark) is not None


def is_mark(text: str) -> bool:
    return 0 < len(text) <= MARK_MAX_CHARS and len(text.split()) <= MARK_MAX_WORDS \
        and not all(char in BACK_MARKS for char in text)


def in_superscript(link: LexborNode) -> bool:
    return (any(ancestor.tag == "sup" for ancestor in islice(ancestors(link), 2))
            or link.css_first("sup") is not None)


def link_mark(link: LexborNode) -> str:
    return link.text(deep=True, strip=True).strip("[]() ")


def unique_label(mark: str, taken: dict[str, LexborNode]) -> str:
    """A Markdown footnote label from the page's own marker ("[note 1]" -> "note-1"),
    made unique; labels compare without case, as Markdown's do."""
    base = _LABEL_UNSAFE.sub("-", mark).strip("-") or str(len(taken) + 1)
    used = {label.lower() for label in taken}
    label, suffix = base, 2
    while label.lower() in used:
        label, suffix = f"{base}-{suffix}", suffix + 1
    return label


class _Targets:
    """The page's elements by id (and <a name>), gathered once, on the first reference;
    and what each target was found to be, so a note referred to often is judged once."""

    def __init__(self, anywhere: LexborNode) -> None:
        root = anywhere
        while root.parent is not None:
            root = root.parent
        self.by_id: dict[str, LexborNode] = {}
        for node in root.css("[id], a[name]"):
            key = node.attributes.get("id") or node.attributes.get("name")
            if key:
                self.by_id.setdefault(key, node)
        self._notes: dict[int, LexborNode | None] = {}  # target mem_id -> its note, or None
        self._links_inside: dict[int, set[int]] = {}  # note mem_id -> the in-page links in it

    def note_for(self, link: LexborNode) -> LexborNode | None:
        """The element holding the note `link` points at, or None when it points at
        anything else: a section, a heading, a table, the paragraph it sits in."""
        target = self.target_of(link)
        if target is None:
            return None
        if target.mem_id not in self._notes:
            self._notes[target.mem_id] = note_at(target)
        note = self._notes[target.mem_id]
        if note is None:
            return None
        if note.mem_id not in self._links_inside:
            self._links_inside[note.mem_id] = {inner.mem_id for inner in note.css('a[href^="#"]')}
        return None if link.mem_id in self._links_inside[note.mem_id] else note

    def target_of(self, link: LexborNode) -> LexborNode | None:
        href = link.attributes.get("href") or ""
        return self.by_id.get(unquote(href[1:])) or self.by_id.get(href[1:])


def note_at(target: LexborNode) -> LexborNode | None:
    """The note a link's target holds: the target itself, or for an inline target (a
    named anchor opening the note) the paragraph or item around it; None when the
    target is no note (too long, a heading, a table, a section holding a list)."""
    note: LexborNode | None = target
    if target.tag in _INLINE_TARGET_TAGS:
        for _ in range(NOTE_LINK_MAX_LEVELS):
            note = note.parent if note is not None else None
            if note is None or note.tag in _INLINE_TARGET_BLOCKS:
                break
    if note is None or note.tag not in NOTE_BLOCK_TAGS:
        return None
    if note.tag != "li" and note.css_first("li, h1, h2, h3, h4, h5, h6, table") is not None:
        return None
    text = note.text(deep=True, strip=True)
    if len(text) > NOTE_MAX_CHARS or not _HAS_LETTER.search(text):
        return None  # a note says something: more than its own number and a back-link
    return note


def is_inside(node: LexborNode, elements: dict[int, str]) -> bool:
    """Whether `node` lies in one of `elements` (by mem_id), looking only as far up as
    a link sits inside a note."""
    return any(ancestor.mem_id in elements for ancestor in islice(ancestors(node), NOTE_LINK_MAX_LEVELS))


def ids_around(link: LexborNode) -> set[str]:
    """The ids of a reference link and of the elements just around it (<sup id="fnref1">):
    where a note's back-links lead."""
    ids = set()
    for node in (link, *islice(ancestors(link), REFERENCE_ID_LEVELS)):
        element_id = node.attributes.get("id")
        if element_id:
            ids.add(element_id)
    return ids


def back_links(note: LexborNode, reference_ids: set[str]) -> Iterator[int]:
    """Links inside a note that lead back to its references, by mem_id: to one of their
    ids, or marked as a back-link, or showing only an arrow."""
    for link in note.css('a[href^="#"]'):
        href = link.attributes.get("href") or ""
        mark = link.text(deep=True, strip=True)
        if (unquote(href[1:]) in reference_ids or href[1:] in reference_ids
                or link.attributes.get("role") == "doc-backlink"
                or (mark and all(char in BACK_MARKS or char.isspace() for char in mark))):
            yield link.mem_id


# --- the notes as blocks ----------------------------------------------------------------


def footnote(label: str, html: str, text: str) -> Footnote | None:
    """A note from its converted content, without what its back-links leave at its
    edges: "^ " before a Wikipedia reference, "↩︎" after a pandoc note, the empty
    brackets of a docutils label ("[1]" around a back-link)."""
    text = _LEFTOVER_AT_START.sub("", _LEFTOVER_AT_END.sub("", text))
    html = _LEFTOVER_AT_START.sub("", _LEFTOVER_AT_END.sub("", html))
    return Footnote(label=label, text=text, html=html) if text else None


_LEFTOVER = f"(?:[\\s{BACK_MARKS}]|\\[\\s*\\]|\\(\\s*\\)|<br>)+"
_LEFTOVER_AT_START = LazyPattern(f"^{_LEFTOVER}")
_LEFTOVER_AT_END = LazyPattern(f"{_LEFTOVER}$")


def with_footnotes(blocks: list[Block], notes: tuple[Footnote, ...]) -> list[Block]:
    """The body with its notes as one last block, keeping only the notes its text still
    refers to (the clean-up may have dropped a paragraph, and its references with it)."""
    if not notes:
        return blocks
    referred = set(referred_labels(blocks))
    kept = tuple(note for note in notes if note.label in referred)
    return blocks + [Block("footnotes", footnotes=kept)] if kept else blocks


def referred_labels(blocks: list[Block] | tuple[Block, ...]) -> Iterator[str]:
    # The one walk over every fragment of the blocks; imported here, as blocks.py imports this module.
    from .blocks import iter_inline_html

    for fragment in iter_inline_html(blocks):
        if "data-footnote" in fragment:
            for match in FOOTNOTE_REF_HTML.finditer(fragment):
                yield htmllib.unescape(match.group(1))


# --- rendering ------------------------------------------------------------------------------


def footnote_text_lines(block: Block, wrap: Callable[[str, int], list[str]] | None = None) -> list[str]:
    """Plain text: each note as "[1] text", its further lines indented under the text.
    `wrap(text, indent)` gives a note's lines (the renderer's, to wrap at its width)."""
    lines = []
    for note in block.footnotes:
        marker = f"[{note.label}] "
        note_lines = wrap(note.text, len(marker)) if wrap is not None else note.text.split("\n")
        if not note_lines:
            continue
        lines.append(marker + note_lines[0])
        lines.extend(" " * len(marker) + line for line in note_lines[1:])
    return lines


def footnotes_markdown(block: Block, convert: Callable[[Footnote], str]) -> str:
    """`[^1]: text` for each note, a blank line between them; further lines of a note
    are indented four spaces, so they stay in it. `convert` gives a note's Markdown."""
    definitions = []
    for note in block.footnotes:
        lines = convert(note).split("\n")
        definitions.append("\n".join([f"[^{note.label}]: {lines[0]}"]
                                      + ["    " + line if line else "" for line in lines[1:]]))
    return "\n\n".join(definitions)


def footnote_reference_markdown(label: str) -> str:
    return f"[^{label}]"
