"""Finds the headline: the h1 that the page's declared titles confirm, else a declared
title (JSON-LD, meta tags, <title>) without the site's name around it.

It does not decide the site name, which site.py does; the names the site goes by, which
a title is cleaned of, come from page.py.
"""
from __future__ import annotations

import unicodedata
from typing import Iterable

from newsparse.metadata.confidence import Evidence
from newsparse.metadata.page import (
    TITLE_SEPARATOR,
    Page,
    article_heading_nodes,
    cached_for_short_strings,
    clean_text,
    document_title,
    in_excluded_region,
    json_text,
    matches_site,
    meta_values,
    once_per_page,
    site_name_candidates,
)
from newsparse.rules import LazyPattern

# ----------------------------------------------------------------------------- constants

# h2s read on a page whose h1s are empty: the headline is the first or second of them.
MAX_H2_READ = 3
# Title segments that themes put between the site's name and the headline: WordPress's
# classic "Site » Blog Archive » Headline".
SITE_TITLE_SEGMENTS = frozenset({"blog archive"})
# Typographic punctuation and the ASCII a meta tag writes in its place.
TYPOGRAPHIC_TO_ASCII = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‚": "'",
                                      "‘": "'", "’": "'", "´": "'", "–": "-", "—": "-"})
# A headline cut short by the publisher's meta tags.
TRUNCATED = LazyPattern(r"(?:\.\.\.|…)\s*$")
# A title candidate shorter than this share of the <title> is more likely a
# logo or section heading than the headline.
MIN_H1_SHARE_OF_TITLE = 0.3

# Meta keys per field, strongest first. Keys are lower-cased name/property/itemprop.
TITLE_META = ("dc.title", "dcterm.title", "dcterms.title", "og:title", "twitter:title", "citation_title",
              "headline", "parsely-title", "sailthru.title")


# ----------------------------------------------------------------------------- title


def find_title(page: Page, site_name: str | None, url: str | None,
               authors: Iterable[str] = ()) -> tuple[str, str] | None:
    # A personal site names itself after its author: "Post title | Code | Jane Doe".
    site_names = site_name_candidates(page, site_name, url) + list(authors)
    structured = _structured_titles(page)
    doc_title = document_title(page)
    headings = _article_headings(page)
    heading_source = "h1" if page.survey.h1s else "heading"
    references = [text for text, _ in structured] + ([doc_title] if doc_title else [])
    cleaned_references = [_strip_site_affixes(text, site_names) for text in references]
    # The h1 that repeats a structured title or the <title> is the clean headline. A page
    # whose h1s are all empty (a logo's) may print it as an h2 instead.
    confirming, confirming_source = (headings, heading_source) if headings else (_h2_texts(page), "h2")
    for heading in confirming:
        key = _key(heading)
        if any(key == _key(text) for text in references + cleaned_references):
            return _without_confirmed_site_affixes(heading, references, site_names), confirming_source
    for heading in confirming:
        if _heading_within_title(heading, references, site_names):
            return heading, confirming_source
    for text, source in structured:
        cleaned = _strip_site_affixes(text, site_names)
        if TRUNCATED.search(cleaned):
            stem = _key(TRUNCATED.sub("", cleaned))
            fuller = next((h for h in headings if _key(h).startswith(stem)), None)
            if fuller:
                return fuller, heading_source
        if cleaned:
            return cleaned, source
    if doc_title:
        cleaned = _strip_site_affixes(doc_title, site_names)
        if cleaned:
            return cleaned, "title"
    if headings:
        return headings[0], heading_source
    return None


def title_evidence(page: Page, title: str, site_name: str | None, url: str | None,
                   authors: Iterable[str] = ()) -> Evidence:
    """What backs the chosen title: a title the page declares (JSON-LD, meta tags) and a
    headline it prints (an h1, else an h2), each compared with the site's name taken off;
    the <title> alone is weak."""
    site_names = site_name_candidates(page, site_name, url) + list(authors)
    key = _key(title)

    def repeats(texts: Iterable[str]) -> bool:
        return any(key == _key(text) or key == _key(_strip_site_affixes(text, site_names)) for text in texts)

    declared = repeats(text for text, _ in _structured_titles(page))
    headings = _article_headings(page)
    shown = repeats(headings) or repeats(_h2_texts(page))
    # A title from the markup where the article prints another headline: one of them is wrong.
    return Evidence(declared, shown, strong=declared or shown, contradicted=not shown and bool(headings))


@once_per_page  # the title chain and its evidence both ask; callers do not change the list
def _h2_texts(page: Page) -> list[str]:
    """The first h2s' texts, outside sidebars and comments: only ever compared with the
    titles the page declares, never taken on their own."""
    texts = [clean_text(node.text(deep=True, separator=" ")) for node in page.tree.css("h2")[:MAX_H2_READ]
             if not in_excluded_region(node, page)]
    return [text for text in texts if text]


def _without_confirmed_site_affixes(heading: str, references: list[str], site_names: list[str]) -> str:
    """An h1 printed like the <title>, site name and all ("Headline | Site"), without the
    site's name when a title from the markup gives the headline without it."""
    cleaned = _strip_site_affixes(heading, site_names)
    if cleaned != heading and any(_key(cleaned) == _key(text) for text in references):
        return cleaned
    return heading


@once_per_page  # the title chain and its evidence both ask; callers do not change the list
def _structured_titles(page: Page) -> list[tuple[str, str]]:
    titles: list[tuple[str, str]] = []
    if page.article is not None:
        for key in ("headline", "name", "alternativeHeadline"):
            text = json_text(page.article.get(key))
            if text:
                titles.append((text, "json-ld"))
                break
    titles.extend((value, "meta:" + key) for value, key in meta_values(page, TITLE_META))
    return titles


@once_per_page  # the title chain and its evidence both ask; callers do not change the list
def _article_headings(page: Page) -> list[str]:
    """h1 texts, those inside the article first, skipping sidebars and empty ones."""
    headings: list[str] = []
    for node in article_heading_nodes(page):
        text = clean_text(node.text(deep=True, separator=" "))
        if text not in headings:
            headings.append(text)
    return headings[:4]


def _heading_within_title(heading: str, references: list[str], site_names: list[str]) -> bool:
    """An h1 contained in the <title> or og:title, and long enough to be the headline, or
    printed as the title's whole first segment however long the rest ("Ben Wilson Surf -
    Point of Sail - Segelmacher, Surf und Kite Shop in Kiel")."""
    key = _key(heading)
    if len(key) < 8 or matches_site(heading, site_names):
        return False
    for text in references:
        ref = _key(text)
        if key in ref and len(key) >= MIN_H1_SHARE_OF_TITLE * len(ref):
            return True
        segments = _split_title(text)
        if len(segments) > 1 and key == _key(segments[0][0]):
            return True
    return False


def _strip_site_affixes(title: str, site_names: list[str]) -> str:
    """Drop leading/trailing title segments that name the site: "Headline | Site" -> "Headline"."""
    segments = _split_title(title)
    if len(segments) < 2:
        return title
    start, end = 0, len(segments)
    while end - start > 1 and _is_site_segment(segments[end - 1][0], site_names):
        end -= 1
    while end - start > 1 and _is_site_segment(segments[start][0], site_names):
        start += 1
    if (start, end) == (0, len(segments)):
        return title
    return title[segments[start][1]:segments[end - 1][2]].strip()


def _is_site_segment(segment: str, site_names: list[str]) -> bool:
    return matches_site(segment, site_names) or _key(segment) in SITE_TITLE_SEGMENTS


# The page's titles are split again for every site name they are cleaned of, and again
# for the title's evidence.
@cached_for_short_strings(maxsize=256)
def _split_title(title: str) -> tuple[tuple[str, int, int], ...]:
    """Title segments between separators, each with its span in the title."""
    segments = []
    position = 0
    for match in TITLE_SEPARATOR.finditer(title):
        segments.append((title[position:match.start()], position, match.start()))
        position = match.end()
    segments.append((title[position:], position, len(title)))
    return tuple(s for s in segments if s[0].strip())


@cached_for_short_strings(maxsize=256)  # each title is compared with every other, most more than once
def _key(text: str) -> str:
    """Comparison form of a title: NFKC, case-folded, single spaces, no edge punctuation,
    typographic quotes and dashes as ASCII (meta tags often carry an ASCII copy of the
    headline the page prints with „“ ’ –)."""
    text = unicodedata.normalize("NFKC", text).translate(TYPOGRAPHIC_TO_ASCII)
    return " ".join(text.casefold().split()).strip(" .…")
