"""Clean-up: which of the built blocks are page furniture, not the article.

blocks.py turns the body's nodes into Blocks as they are; the rules here judge
them and drop what a reader would not count as the article, mostly at the
body's ends. clean_blocks runs the passes over the built blocks ([Block] ->
[Block]), in order: paragraphs that are an image's caption, an author box,
headings and labels left heading nothing, closing sections of links or contact
cards, loose lines ending and opening the body. A new rule of that kind is one
more pass here, or one more case in a judgement below.

A few judgements fall on a run of inline text before it becomes a Block, and
blocks.py asks them while it builds (is_inline_furniture: teasers, rows of
links, copyright lines; ArticleHeader: the headline, byline or date printed
again). What they drop changes what is built next: loose text joins the
paragraph before it only when nothing came between, lists either side of a
dropped line become one list, a quote left empty is not built, nor the caption
of a figure left empty. Run afterwards, they would build something else.

This module must not import blocks.py (the dependency goes one way) nor read
the page's DOM: it sees Blocks, their text and inline HTML, and what blocks.py
noted about where they came from (BuiltBlocks). Its thresholds are in rules.py,
each with its reason; the patterns only it uses are below.
"""
from __future__ import annotations

import html as htmllib
import re
from collections.abc import Set
from dataclasses import replace

from . import rules
from .inline import html_to_text, strip_markup, tidy_text
from .model import Block
from .rules import LazyPattern
from .sanitize import ANCHOR_HREF, mostly_off_site, site_host

STATEMENT_END = tuple(end for end in rules.SENTENCE_END if end != "?")
# A contact card's lines end in a name, a place or an address, never like a sentence or a list.
CARD_LINE_ENDS = (".", "!", "?", ",", ";", "…")
COPYRIGHT_LINE = re.compile(r"^\W*(?:©|\(c\)|copyright\b)", re.IGNORECASE)
BYLINE_START = re.compile(r"^\W*(?:by|written by|posted by|von|par|por|di|door|av|af|przez|автор|от)\b", re.IGNORECASE)
DATE_LINE_NOISE = LazyPattern(r"\b(?:published|updated|posted|veröffentlicht|aktualisiert|publié|mis à jour|am|pm|uhr)\b", re.IGNORECASE)
_LETTER_WORD = re.compile(r"[^\W\d_]+")
_FIRST_WORD = re.compile(r"^\W*([^\W\d_]+)")
_LINK_CONTENT = re.compile(r"<a [^>]*>(.*?)</a>", re.DOTALL)


def clean_blocks(blocks: list[Block], *, loose: Set[int] = frozenset(), inline_figures: Set[int] = frozenset(),
                 authors: tuple[str, ...] = (), site: str | None = None) -> list[Block]:
    """The built blocks without the page furniture among them, the passes in this order.
    `loose` and `inline_figures` name blocks by id() as blocks.BuiltBlocks does: paragraphs
    made of loose text (not a <p>), and images met inside a run of text. `authors` are
    the article's author names; `site` the page's address, when known."""
    blocks = with_captions_attached(blocks, inline_figures)
    blocks = without_author_box(blocks, authors)
    site = site_host(site)
    blocks = without_trailing_sections(without_empty_sections(blocks), site)
    return without_leading_lines(without_trailing_lines(blocks, loose), loose)


# --- passes over the built blocks, in the order clean_blocks runs them -------------------


def with_captions_attached(blocks: list[Block], inline_figures: Set[int]) -> list[Block]:
    """A paragraph set right under an image as its caption ("<alt> | © Agency",
    "Vergrößern <alt>") becomes the figure's caption or credit instead of body text.
    Not for images inside a run of text: their run is read before them."""
    kept: list[Block] = []
    for block in blocks:
        previous = kept[-1] if kept else None
        if (block.type == "paragraph" and previous is not None and previous.type == "figure"
                and previous.image is not None and id(previous) not in inline_figures
                and is_caption_text(block.text, previous.image.alt)):
            image = previous.image
            if image.caption is None:
                image = replace(image, caption=block.text)
            elif image.credit is None and "©" in block.text:
                image = replace(image, credit=block.text)
            kept[-1] = Block("figure", image=image)
            continue
        kept.append(block)
    return kept


def without_author_box(blocks: list[Block], authors: tuple[str, ...]) -> list[Block]:
    """Drop an author box closing the article: from a heading that names one of
    the article's authors ("Über Jane Doe", "Veröffentlicht von Jane Doe") to the end."""
    names = [key for key in map(normalise_key, authors) if len(key.split()) >= rules.AUTHOR_NAME_MIN_WORDS]
    if not names:
        return blocks
    for index in range(len(blocks) - 1, max(0, len(blocks) - 1 - rules.AUTHOR_BOX_MAX_BLOCKS), -1):
        block = blocks[index]
        if block.type == "heading" and any(name in normalise_key(block.text) for name in names):
            return blocks[:index]
    return blocks


def without_empty_sections(blocks: list[Block]) -> list[Block]:
    """Drop headings that head nothing: the last block, or one followed straight away by a
    heading of the same or a higher rank. They are the titles of boxes ("More on this
    topic", "Weitere Informationen") whose links were removed. Stray labels go too,
    unless they are all there is."""
    if len(blocks) > 1:
        blocks = [block for block in blocks if not is_stray_label(block)]
    kept: list[Block] = []
    for block in reversed(blocks):
        following = kept[-1] if kept else None
        if block.type == "heading":
            if following is None or (following.type == "heading" and (following.level or 6) <= (block.level or 6)):
                continue
        elif is_label(block) and (following is None or following.type == "heading"):
            continue  # "Weitere Informationen:", "Related:" over links that were removed
        kept.append(block)
    kept.reverse()
    return kept


def without_trailing_sections(blocks: list[Block], site: str | None = None) -> list[Block]:
    """Drop the last sections while they are only links or contact cards under a heading
    or label ("Mehr zum Thema", "Schon gelesen?", "Kontakt:" over name / institute /
    e-mail lines). The article's own prose never ends that way. A section that cites
    elsewhere (cites_elsewhere: "Further reading", "Next steps") stays, and so does what
    is above it."""
    end = len(blocks)
    for start in range(len(blocks) - 1, 0, -1):
        if end - start > rules.TRAILING_SECTION_MAX_BLOCKS:
            break
        block = blocks[start]
        if block.type == "heading" or is_label(block) or is_question_label(block):
            if not all(is_link_block(b) or is_contact_card(b) for b in blocks[start + 1:end]):
                break
            if site and cites_elsewhere(blocks[start + 1:end], site):
                break
            end = start  # (a label left heading nothing once the section below it went, goes too)
        elif not (is_link_block(block) or is_contact_card(block)):
            break
    return blocks[:end]


def without_trailing_lines(blocks: list[Block], loose: Set[int]) -> list[Block]:
    """Drop the page furniture the body ends with: lines of links and short loose
    lines that are not sentences ("Kommentierte Artikel", "- Anzeige-"), looking
    past images; kept when nothing like prose would be left before them. (Where the
    links lead does not count here: keeping lines that link off the site costs the
    trafilatura corpus 0.0006 of snippet F.)"""
    index, dropped = len(blocks) - 1, []
    while index > 0 and len(blocks) - index <= rules.TRAILING_SECTION_MAX_BLOCKS:
        block = blocks[index]
        if block.type != "figure":
            if not (is_link_line(block) or (id(block) in loose and is_short_line(block))):
                break
            dropped.append(index)
        index -= 1
    if not dropped or not any(block.type == "paragraph" and len(block.text) > rules.TAIL_MIN_PROSE_CHARS
                              for block in blocks[:index + 1]):
        return blocks
    return [block for position, block in enumerate(blocks) if position not in dropped]


def without_leading_lines(blocks: list[Block], loose: Set[int]) -> list[Block]:
    """Drop short loose lines the body opens with, before any prose: kickers and
    section names ("Politik", "Analizy"), reading times, counters, "Artikel"."""
    dropped = []
    for index, block in enumerate(blocks[:rules.LEAD_MAX_BLOCKS]):
        if block.type == "figure":
            continue
        if id(block) not in loose or not is_short_line(block):
            break
        dropped.append(index)
    if not dropped or len(dropped) == len(blocks):
        return blocks
    return [block for position, block in enumerate(blocks) if position not in dropped]


# --- judgements on one built block -------------------------------------------------------


def is_caption_text(text: str, alt: str | None) -> bool:
    """Text that repeats an image's alt text and little more, or a short line with a © credit."""
    if "©" in text and len(text.split()) <= rules.CAPTION_MAX_WORDS:
        return True
    alt_key = normalise_key(alt or "")
    if len(alt_key) < rules.CAPTION_ALT_MIN_CHARS:
        return False
    key = normalise_key(text)
    return alt_key in key and len(key) <= len(alt_key) * 1.5 + rules.CAPTION_EXTRA_CHARS


def is_link_block(block: Block) -> bool:
    """A list, paragraph or quote that is mostly link text."""
    if block.type == "quote":
        return bool(block.children) and all(is_link_block(child) for child in block.children)
    fragments = [item.html for item in block.items] if block.type == "list" else [block.html]
    text = "".join(html_to_text(f) for f in fragments)
    if not text:
        return False
    return sum(map(linked_length, fragments)) / len(text) >= rules.TEASER_MIN_LINK_DENSITY


def is_link_line(block: Block) -> bool:
    """A short paragraph or heading of link text that is not a sentence: a pointer elsewhere."""
    return (block.type in ("paragraph", "heading") and len(block.text.split()) <= rules.TEASER_MAX_WORDS
            and not block.text.endswith(rules.SENTENCE_END) and is_link_block(block))


def is_short_line(block: Block) -> bool:
    """A few words that do not make a statement: a label, a name, a count, a box's title
    ("Sie wollen mehr von uns?")."""
    text = block.text
    return (block.type == "paragraph" and len(text) <= rules.TAIL_LINE_MAX_CHARS
            and len(text.split()) <= rules.TAIL_LINE_MAX_WORDS and not text.endswith(STATEMENT_END))


def is_contact_card(block: Block) -> bool:
    """Two or more short lines, none ending like a sentence: a name, an office, an e-mail."""
    if block.type != "paragraph":
        return False
    lines = block.text.split("\n")
    return len(lines) >= 2 and all(
        len(line.split()) <= rules.CARD_LINE_MAX_WORDS and not line.endswith(CARD_LINE_ENDS) for line in lines)


def is_label(block: Block, mark: str = ":") -> bool:
    """A paragraph that only introduces what follows: a few words and a colon."""
    return (block.type == "paragraph" and block.text.endswith(mark)
            and len(block.text.split()) <= rules.LABEL_MAX_WORDS)


def is_question_label(block: Block) -> bool:
    """"Schon gelesen?", "Read this next?": a few words and a question mark over a box of links."""
    return is_label(block, "?")


def is_stray_label(block: Block) -> bool:
    """A short shout standing as a paragraph ("DON'T MISS", "ADVERTISEMENT") labels a
    slot; it says nothing, and so does an ad label or disclosure (is_ad_label). Not a
    dateline ("BAAR, SWITZERLAND"), a time ("12.47 BST"), or lone lower-case words:
    short pages and link lists are made of them."""
    if block.type != "paragraph":
        return False
    text = block.text
    # isupper() first: it stops at the first lower-case letter, split() reads the whole
    # paragraph and copies out every word.
    return (text.isupper() and len(text.split()) <= rules.LABEL_MAX_WORDS
            and not text.endswith(rules.SENTENCE_END) and not any(ch.isdigit() or ch == "," for ch in text)
            ) or is_ad_label(text)


def is_ad_label(text: str) -> bool:
    """"Anzeige", "*Werbung. Dieser Beitrag enthält Werbung", "- Advertisement -": a short
    line opening with an ad word set apart (alone, in capitals, or followed by punctuation).
    German "Anzeige" is also a police report, so a sentence opening with it stays."""
    if text.count(" ") >= rules.AD_LABEL_MAX_WORDS:  # cheaper than split(): most paragraphs stop here
        return False
    match = _FIRST_WORD.match(text)
    if match is None or match.group(1).casefold() not in rules.AD_LABEL_WORDS:
        return False
    word, rest = match.group(1), text[match.end():]
    return (len(text.split()) <= rules.LABEL_MAX_WORDS or word.isupper()
            or (rest[:1] not in ("", " ") and not rest[:1].isalnum()))


# --- judgements blocks.py asks of a run of inline text while it builds -------------------


def is_inline_furniture(run_html: str, text: str, *, in_card: bool = False) -> bool:
    """A paragraph's worth of a run that is not the article: a teaser, a row of links, a
    copyright line. (`text` is the plain text of `run_html`; `in_card`: the run is in a
    list item read as blocks, see is_teaser.)"""
    return is_teaser(run_html, text, in_card) or is_link_row(run_html, text) or is_copyright_line(text)


def is_teaser(run_html: str, text: str, in_card: bool = False) -> bool:
    """A short, mostly-link paragraph with a label ("Related:", "READ MORE:") or in bold
    throughout is a teaser for another article, not part of this one. In a card (a list
    item read as blocks) the label must stand before the link: a colon inside the link
    is the card's linked title's own ("<a>Nature Drawing: A Tool for Learning</a>").
    (Asking that everywhere cost scrapinghub body F1 0.0008 and trafilatura snippet
    precision 0.0012.)"""
    if "<a " not in run_html or len(text.split()) > rules.TEASER_MAX_WORDS:
        return False
    if linked_length(run_html) / max(len(text), 1) < rules.TEASER_MIN_LINK_DENSITY:
        return False
    head = text.split(":", 1)[0] if ":" in text else ""
    labelled = (bool(head) and len(head.split()) <= 4 and not text.startswith(head + "://")
                and (not in_card or ":" in html_to_text(run_html[:run_html.find("<a ")])))
    emphasised = run_html.startswith(("<strong>", "<em>")) and run_html.endswith(("</strong>", "</em>"))
    return labelled or emphasised or text.isupper()


def is_link_row(run_html: str, text: str) -> bool:
    """"Back to News | Print | E-mail": a short line of several links and nothing else."""
    if run_html.count("<a ") < 2 or len(text.split()) > rules.TEASER_MAX_WORDS:
        return False
    linked = linked_length(run_html)
    return linked / max(len(text), 1) >= rules.LINK_ROW_MIN_DENSITY


def is_copyright_line(text: str) -> bool:
    # The anchored match first: it fails within a few characters on nearly every paragraph.
    return COPYRIGHT_LINE.match(text) is not None and len(text.split()) <= rules.TEASER_MAX_WORDS


class ArticleHeader:
    """The article's headline and author names, to know the article's header when the
    page prints it again inside the body; one per body built (blocks.BlockBuilder)."""

    __slots__ = ("title_key", "author_keys")

    def __init__(self, title: str | None, authors: tuple[str, ...] = ()) -> None:
        self.title_key = normalise_key(title) if title else None
        self.author_keys = tuple(normalise_key(name) for name in authors)

    def without_header_lines(self, html_text: str) -> tuple[str, str]:
        """A run without the lines that repeat the article's header, as (html, text)."""
        if "<br>" not in html_text:
            text = html_to_text(html_text)
            if len(html_text) > rules.HEADER_LINE_MAX_CHARS or not self.is_header_line(text):
                return html_text, text  # a long line is prose, not a header line
            return "", ""
        kept = "<br>".join(line for line in html_text.split("<br>") if not self.is_header_line(html_to_text(line))).strip()
        return kept, html_to_text(kept)

    def repeats_title(self, text: str) -> bool:
        """The headline again, or all of it but a site name the <title> added."""
        key = normalise_key(text)
        if not self.title_key or not key:
            return False
        return key == self.title_key or (len(key) * 2 >= len(self.title_key) and (
            self.title_key.endswith(key) or self.title_key.startswith(key)))

    def is_header_line(self, text: str) -> bool:
        """A short line that repeats the headline, names the authors, or is only a date:
        the article's header printed inside the body."""
        if not text or len(text.split()) > rules.HEADER_LINE_MAX_WORDS:
            return False
        key = normalise_key(text)
        if self.repeats_title(text):
            return True
        if BYLINE_START.match(text) and (
                (self.author_keys and all(name in key for name in self.author_keys))
                or (len(text.split()) <= rules.BYLINE_MAX_WORDS and not text.endswith("."))):
            return True
        return len(text) <= rules.DATE_LINE_MAX_CHARS and is_bare_date(text)


def is_bare_date(text: str) -> bool:
    """A line that is a date and little else ("Tuesday, March 9, 2004", "Updated:
    07.09.2023 14:03"), not a sentence or a tweet's signature that contains one."""
    from .dates import MONTHS, parse_date

    stripped = DATE_LINE_NOISE.sub(" ", text).strip()
    if not stripped or parse_date(stripped) is None:
        return False
    other_words = [w for w in _LETTER_WORD.findall(stripped.casefold()) if w not in MONTHS]
    return len(other_words) <= rules.DATE_LINE_MAX_OTHER_WORDS


# --- helpers -----------------------------------------------------------------------------


def cites_elsewhere(blocks: list[Block], site: str) -> bool:
    """Lines or paragraphs whose links mostly lead off the page's site (`site`, its host):
    reading the article points to, not teasers for the site's other pages. Not a list:
    on the dev corpora a closing list of off-site links is more often left out of the
    article than kept (a "Sources" list of bare names, a blogroll)."""
    return not any(block.type == "list" for block in blocks) and leads_off_site(blocks, site)


def leads_off_site(blocks: list[Block], site: str) -> bool:
    """Whether most of the blocks' links go to other sites than `site` (a host)."""
    return mostly_off_site([site_host(htmllib.unescape(href)) for block in blocks
                            for fragment in inline_fragments(block) for href in ANCHOR_HREF.findall(fragment)], site)


def inline_fragments(block: Block) -> list[str]:
    if block.type == "quote":
        return [fragment for child in block.children for fragment in inline_fragments(child)]
    return [block.html, *(item.html for item in block.items)]


def linked_length(fragment: str) -> int:
    """Characters of link text in our own sanitised inline HTML."""
    return sum(len(tidy_text(strip_markup(m))) for m in _LINK_CONTENT.findall(fragment))


def normalise_key(text: str) -> str:
    return " ".join(text.split()).casefold()
