"""Finds the published and modified dates, and the site's own UTC offset to show them in.

Structured dates (JSON-LD, meta tags, microdata, RDFa) are weighed against what the
page prints, above all the date under the headline; printed dates against the day the
copy was saved and the newest date the page gives. newsparse.dates parses the date
strings; this module only decides which date is the article's. It reads no byline and
finds no title (authors.py, title.py): the <title> and the headline's nodes it reads
come from page.py.
"""
from __future__ import annotations

import datetime as _dt
import functools
import itertools
import math
import re
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from selectolax.lexbor import LexborNode

from newsparse.dates import (
    CLOCK_TIME,
    MONTHS,
    date_end,
    date_from_url,
    date_span,
    offset_between,
    parse_date,
    parse_short_year_date,
    parse_timestamp,
    shift_to_offset,
    utc_offset,
)
from newsparse.dom import ancestors, subtree_text_lengths
from newsparse.metadata.confidence import Evidence
from newsparse.metadata.neighbours import elsewhere_than_the_article, in_list_of_other_items, in_other_stories
from newsparse.metadata.page import (
    ARTICLE_SCOPE,
    MAX_BYLINE_CHARS,
    PARENTHETICAL,
    PUBLISHED_LABEL_WORDS,
    TEXT_NODE_SEPARATOR,
    Page,
    article_heading_nodes,
    body_text,
    clean_text,
    clean_text_start,
    container_ids,
    document_title,
    in_excluded_region,
    inside_article,
    json_types,
    main_objects,
    meta_values,
    once_per_page,
)
from newsparse.rules import LazyPattern

# ----------------------------------------------------------------------------- constants

# The words by their first five letters ("publi" starts seven of them), for _labelled_date.
PUBLISHED_LABEL_STEMS = {stem: [word for word in PUBLISHED_LABEL_WORDS if word.startswith(stem)]
                         for stem in dict.fromkeys(word[:5] for word in PUBLISHED_LABEL_WORDS)}
PUBLISHED_LABEL = LazyPattern(
    r"(?<!\w)[^\W\d_]+(?: [^\W\d_]+)?(?:\s+(?:am|on|le|el|il|em|op|den|the))?\s*[:：]?\s*")
MAX_LABELS_READ = 10  # label words read per page, in document order
LABELLED_DATE_CHARS = 40  # a date written after its label, with a weekday, fits in this

# The line a wiki (or any page kept up to date) ends with: "This page was last edited on
# 25 October 2020", "Diese Seite wurde zuletzt am 29. Januar 2020 bearbeitet", "(last edited
# 2019-11-10 by ...)". Such a page has no other date of its own, and a date after it in its
# text (an event announced, a next meeting) is not the page's. The phrases are looked for
# with str.find by LAST_EDITED_CUES, their opening words without the first letter, so that
# one search finds them lower-case and capitalised (lower-casing the page's text costs more
# than the search); LAST_EDITED_LABEL then reads the phrase from the letter before. "zuletzt
# am <date>" counts only with its verb after it, in the same text node ("zuletzt am 3. Mai
# statt" is prose).
LAST_EDITED_CUES = ("ast edited", "ast modified", "ast updated", "ast changed", "ast revised", "uletzt",
                    "etzte ", "ernière", "odifi", "ditó", "ltima", "aatst")
LAST_EDITED_LABEL = LazyPattern(
    r"(?<!\w)(?:last\s+(?:edited|modified|updated|changed|revised)"
    r"|zuletzt\s+(?:geändert|bearbeitet|aktualisiert|am(?=\s[^\x00]{0,60}?(?:geändert|bearbeitet)))"
    r"|letzte\s+(?:änderung|aktualisierung|bearbeitung)"
    r"|dernière\s+(?:modification|mise\s+à\s+jour)|modifiée\s+pour\s+la\s+dernière\s+fois"
    r"|(?:editó|modificó)\s+por\s+última\s+vez|última\s+(?:edición|modificación|actualización)"
    r"|modificata\s+per\s+l.ultima\s+volta|ultima\s+modifica"
    r"|laatst\s+(?:bewerkt|gewijzigd|bijgewerkt))(?!\w)", re.IGNORECASE)
# The date follows its phrase closely: "dernière modification de cette page a été faite le 12 mars 2020".
LAST_EDITED_DATE_CHARS = 50
MAX_LAST_EDITED_CUES_READ = 40  # places of each cue read ("odifi" is common in prose)

# Class/id words that mark a modification date rather than the publication date.
# The date under the headline is taken for an update rather than the publication when it
# is the declared modification day and lies more than this many days after the declared
# publication (a few days: a draft's creation date; months: an old article updated).
UPDATE_MIN_DAYS = 180
# An update label and the date after it fit in this: "Last Updated: September 26, 2024".
UPDATE_LABEL_CHARS = 45
# The words that label a printed date as the last update's, in the languages the month
# names cover (UPDATED_HINT's class words, and the phrases written out).
UPDATE_LABEL = LazyPattern(r"updat|modif|aktualisiert|geändert|mise? à jour|actualiz|aggiornat|bijgewerkt",
                           re.IGNORECASE)
UPDATE_CLOCK_CHARS = 12  # the update's time follows its date this closely: ", 10:00 Uhr"
UPDATED_HINT = re.compile(r"updat|modif|aktualisiert|mis-a-jour|actualiz", re.IGNORECASE)
# Class/id words of elements that show a publication date as text. "submitted" names the
# "Submitted by <name> on <date>" line of Drupal themes, whatever language it is printed in.
DATE_CLASS = LazyPattern(r"date|time|publish|posted|submitted|dateline|datum|fecha|data|meta|byline",
                        re.IGNORECASE)
# Elements with a class or id that may name a date: a selector for what _visible_date reads
# inside the article's containers, which tests DATE_CLASS itself. "dat" stands for date,
# dateline, datum and data; the few elements with an itemprop are all listed.
DATED_CLASS_OR_ID = ":is([class], [id]):is([itemprop], {})".format(", ".join(
    f"[{attr}*={word} i]" for word in ("dat", "time", "publish", "posted", "submitted", "fecha", "meta", "byline")
    for attr in ("class", "id")))
# How far up from the h1 to look for the article header, and how much text after
# the headline counts as "header" (byline, date line) rather than body.
HEADER_LEVELS = 4
# Wrappers that hold nothing but the headline (column, row, container, hero, ...) do
# not count towards HEADER_LEVELS; component-built pages nest the h1 six or more deep.
# This bounds the climb through them.
MAX_HEADLINE_WRAPPERS = 8
HEADER_WINDOW_CHARS = 200
# A date line under a headline ends within this many characters ("Von Anna Schmidt |
# 3. März 2021, 18:45 Uhr"); a date further on sits in the standfirst's prose.
HEADER_DATE_LINE_CHARS = 80
# Dates read in the header text before one in the article's own place is found (the
# others are a teaser's or a related box's), the elements walked to find where one is
# printed, and what stands in for a neighbour's date in the text.
MAX_HEADER_DATES_READ = 3
MAX_HEADER_NODES_READ = 400
NOT_A_DATE = "#"
# A date in the kicker line above the headline: within this many characters before it.
# The date line above a headline often holds the byline after the date ("26 | 01 | 2022
# Schweiz | Praxis Text & Fotos: Ivan Valetny"); 90 to 300 chose the same dev pages, 60
# missed that one. Machine date-times there are a script's or a hidden copy's, not printed.
HEADER_KICKER_CHARS = 120
# A date-time in ISO 8601 form, "2022-12-07T10:10:52+01:00", is written for machines: in a
# header's text it is a microformat copy hidden by a stylesheet (hAtom's "updated"), not
# the date printed for readers, and often the modified one.
MACHINE_DATE_TIME = LazyPattern(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}\S*")
# A publication line that opens the article's container (above the standfirst, when the
# headline stands outside it) starts within this many characters of the container's text;
# 200 and 600 chose the same dev pages.
ARTICLE_START_CHARS = 200
# Visible date elements are short; longer text is prose that mentions a date.
MAX_DATE_TEXT_CHARS = 80
# ...unless it opens with the date: a date line with more after it ("2019-02-23, 09:14 PM
# (This post was last modified: ...)"), the date, time and a label ending within this.
LEADING_DATE_CHARS = 32
# The last-resort date: an element holding little besides a date, among the first few
# short elements with a digit (later ones are archive lists and footers).
# Where _visible_date looks: elements with a class or id inside the article's containers,
# then elements anywhere whose class or id names a date.
SCOPED_ELEMENTS = tuple(f"{scope} [{attr}]" for scope in ARTICLE_SCOPE.split(", ") for attr in ("class", "id"))
DATE_ELEMENTS = ("[class*=date i], [class*=time i], [class*=publish i], [class*=byline i], [class*=meta i], "
                 "[class*=submitted i], [id*=date i]")
SHORT_DATE_TAGS = "p, span, em, small, li, dd, b, strong, font"
# A dateline opening a paragraph, place and date up to the dash, fits in this; a date
# further in is the prose's.
DATELINE_CHARS = 40
DATELINE_DASH = LazyPattern(r"\s[-–—]\s(?!\d)")  # not a range: "9:00 – 17:00 Uhr", "3. – 5. Mai"
FIRST_DIGIT = re.compile(r"\d")
MAX_SHORT_DATE_CHARS = 45
MAX_SHORT_DATE_CANDIDATES = 30
# Each candidate's text is its whole subtree's, so candidates nested in one another (a
# page of unclosed <font> or <span> tags, thousands deep) make reading them quadratic:
# 10,000 nested spans took 1.6 s. Past this many characters read in one scope, the
# subtree lengths are counted in one pass and a candidate too long to hold a date is
# passed over unread; the answer is the same. The dev pages read at most 445,000.
SHORT_DATE_READ_CHARS = 1_000_000

# Wayback Machine captures: every link rewritten to /web/<YYYYMMDDhhmmss>[flag_]/<original URL>.
WAYBACK_LINKS = "link[href*='/web/'], a[href*='/web/'], img[src*='/web/']"
WAYBACK_TIMESTAMP = LazyPattern(r"/web/((?:19|20)\d{2})(\d{2})(\d{2})\d{6}")
# Where sites print their copyright line, and the year(s) in it: "© 2009–2019", "Copyright 2019".
COPYRIGHT_SELECTOR = "footer, [class*=copyright i], [id*=copyright i]"
COPYRIGHT_YEAR = LazyPattern(r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d{2}\s*[-–/]\s*)?((?:19|20)\d{2})(?!\d)",
                            re.IGNORECASE)

# The sources of a date that are strong on their own (confidence.py): the article's
# structured data and microdata, a <time>, the date line under the headline. The others
# are weak: loose text (a date element, a label, a short line, a last edit), the URL, the
# <title>, a JSON-LD object that is not the article's (a video's upload).
STRUCTURED_DATE_SOURCES = ("json-ld", "json-ld:webpage")
STRUCTURED_DATE_PREFIXES = ("meta:", "itemprop:", "rdfa:")
PRINTED_STRONG_DATE_SOURCES = ("time", "text:header")

# Meta keys, strongest first: lower-cased name/property/itemprop, as page.py's _read_meta keys them.
PUBLISHED_META = ("article:published_time", "og:article:published_time", "datepublished",
                  "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date.created",
                  "citation_publication_date", "citation_date", "parsely-pub-date",
                  "sailthru.date", "pubdate", "publish-date", "publish_date", "publishdate",
                  "article.published", "publication_date", "date", "dc.date", "dcterms.date",
                  "og:pubdate", "datecreated")
# Meta keys that name a date without saying which: CMSs fill them with the publication,
# the last edit or the time the page was rendered.
GENERIC_DATE_SOURCES = frozenset({"meta:date", "meta:dc.date", "meta:dcterms.date"})
MODIFIED_META = ("article:modified_time", "og:article:modified_time", "datemodified",
                 "dcterms.modified", "dc.date.modified", "og:updated_time", "last-modified",
                 "article.updated", "lastmod")


# ----------------------------------------------------------------------------- published


def find_published(page: Page, day_first: bool | None, url: str | None,
                   title: str | None = None) -> tuple[str, str] | None:
    found = _structured_published(page, day_first)
    if found and found[1] in GENERIC_DATE_SOURCES and not _printed_as_date_line(found[0], page, day_first):
        # A bare "date" meta is often the page's last render or edit, not its publication:
        # a date the article itself marks up or labels as its date is more specific.
        shown = _another_day_printed(found, page, day_first)
        if shown:
            return shown
    if found:
        # The date printed under the headline is the one readers were given; when the
        # markup says another day (a CMS creation date, a UTC timestamp, a re-save),
        # the printed one is right far more often (15 to 2 on the trafilatura dev pages).
        shown = _date_near_headline(page, day_first) or _date_at_article_start(page, day_first, found[0])
        if shown and shown[0][:10] != found[0][:10] and not _same_day_read_the_other_way(shown[0], found[0]) \
                and _believable(shown[0], page, day_first) \
                and not _mentioned_in_standfirst(shown[0], page, day_first) \
                and not _is_update_day(shown[0], found[0], page, day_first):
            # A UTC instant and the local time printed for it: the instant, in the local offset.
            offset = len(shown[0]) >= 16 and offset_between(found[0], shown[0][:16] + ":00")
            return (shift_to_offset(found[0], offset), found[1]) if offset else shown
        if shown and shown[0][:10] == found[0][:10]:
            return found  # the page prints the markup's day: that is what readers were told
        return _original_of_restamped(found, url) or _printed_instead_of_year(found, page, day_first) \
            or _printed_before_a_resave(found, page, day_first) or found
    found = _time_element_date(page, day_first, modified=False)
    if found:
        return found
    for finder in (_date_near_headline, _visible_date, _labelled_date, _any_json_ld_date, _title_date):
        found = finder(page, day_first)
        if found and _believable(found[0], page, day_first):
            return _in_the_order_of_the_url(found, url)
    found = _date_after_printed_title(page, title, day_first)
    if found and _believable(found[0], page, day_first):
        return found
    date = date_from_url(url)
    if date:
        return date, "url"
    found = _short_date_text(page, day_first)
    if found and _believable(found[0], page, day_first):
        return found
    # Last of all: a page that dates itself only by its last edit (a wiki page) is dated by that.
    return _last_edited_date(page, day_first)


def _original_of_restamped(found: tuple[str, str], url: str | None) -> tuple[str, str] | None:
    """The date in the page's own URL when it lies long before the structured publication
    date: a path is fixed when the article first goes out (changing it breaks every link
    to it), while a CMS migration or a republication stamps the markup anew. A URL date a
    few days or weeks off is the draft's or the section's, and the markup is right (four
    dev pages to none)."""
    date = date_from_url(url)
    if date is None or date >= found[0][:10]:
        return None
    return (date, "url") if _days_between(found[0], date) > UPDATE_MIN_DAYS else None


def _printed_instead_of_year(found: tuple[str, str], page: Page,
                             day_first: bool | None) -> tuple[str, str] | None:
    """The date the article prints when the markup gives 1 January without a time: a CMS
    that knows only an item's year (a back-catalogue piece, a recipe imported from print)
    stores the year's first day. Without another printed date the markup's stands."""
    if len(found[0]) != len("2004-01-01") or not found[0].endswith("-01-01"):
        return None
    return _another_day_printed(found, page, day_first)


def _another_day_printed(found: tuple[str, str], page: Page, day_first: bool | None) -> tuple[str, str] | None:
    """The first believable date the article marks up or labels as its own on another
    day than the markup's `found`."""
    for finder in (_article_time_date, _visible_date, _labelled_date):
        shown = finder(page, day_first)
        if shown and shown[0][:10] != found[0][:10] and _believable(shown[0], page, day_first):
            return shown
    return None


def _days_between(later: str, earlier: str) -> int:
    """Days from `earlier` to `later`, two ISO dates or date-times."""
    return (_dt.date.fromisoformat(later[:10]) - _dt.date.fromisoformat(earlier[:10])).days


def _printed_before_a_resave(found: tuple[str, str], page: Page,
                             day_first: bool | None) -> tuple[str, str] | None:
    """The date a date element of the page prints when the markup's publication and
    modification fall on one day and the printed date is earlier: a CMS that stamps both
    on every save has re-dated the article, and the page still prints its first day. A day
    apart is a time zone's doing (a UTC instant and the local day printed for it), and a
    machine date-time in the text is a hidden copy, not what readers see."""
    modified = find_modified(page, day_first)
    if modified is None or modified[0][:10] != found[0][:10]:
        return None
    shown = _visible_date_element(page, day_first)
    if shown is None or MACHINE_DATE_TIME.search(shown[1].text(deep=True)) or not _believable(shown[0], page, day_first):
        return None
    return (shown[0], "text") if _days_between(found[0], shown[0]) > 1 else None


def _printed_as_date_line(date: str, page: Page, day_first: bool | None) -> bool:
    """Whether the page prints `date`'s day on a line of its own, under the headline or as
    the first short date line ("Berlin, 28.10.2021, 058/21"): a generic "date" meta the
    reader is shown is the publication's, whatever a microdata copy hidden from readers
    says (a press release's datePublished the evening before its embargo lifts)."""
    for finder in (_date_near_headline, _short_date_text):
        shown = finder(page, day_first)
        if shown:
            return shown[0][:10] == date[:10]
    return False


def _same_day_read_the_other_way(shown: str, declared: str) -> bool:
    """Whether the printed date is the declared one with day and month read in the other
    order: "09.10.2024" on a page whose data says 2024-09-10 is that day written month
    first, not the 9th of October."""
    return shown[:4] == declared[:4] and shown[5:7] == declared[8:10] and shown[8:10] == declared[5:7]


def published_evidence(page: Page, published: str, source: str, day_first: bool | None) -> Evidence:
    """What backs the chosen publication day: whether the page's structured data gives that
    day (JSON-LD, meta tags, microdata), whether the article prints it (the date under the
    headline, a <time>, or the text it was read from), and whether either gives another day."""
    day = published[:10]
    declared = {found[0][:10] for found in (_structured_published(page, day_first),
                                            _time_element_date(page, day_first, modified=False))
                if found and _is_structured_date_source(found[1])}
    # The date under the headline and the article's <time>; loose text is not read again
    # for this (it costs more than the rest of the date chain), but a date taken from it was
    # printed.
    printed = {found[0][:10] for finder in (_date_near_headline, _article_time_date)
               if (found := finder(page, day_first))}
    if source.startswith("text"):
        printed.add(day)
    strong = _is_structured_date_source(source) or source in PRINTED_STRONG_DATE_SOURCES
    # A date the markup or the page contradicts: the two disagree, and one of them is wrong.
    contradicted = bool(declared - {day}) or bool(printed - {day})
    return Evidence(day in declared, day in printed, strong, contradicted)


def _is_structured_date_source(source: str) -> bool:
    return source in STRUCTURED_DATE_SOURCES or source.startswith(STRUCTURED_DATE_PREFIXES)


def _in_the_order_of_the_url(found: tuple[str, str], url: str | None) -> tuple[str, str]:
    """A printed date whose day and month, read the other way, give the date in the page's
    URL is that day: "03/10/2023" on a page filed under /2023/october/03/ is 3 October."""
    date = date_from_url(url)
    if date and _same_day_read_the_other_way(found[0], date):
        return date + found[0][10:], found[1]
    return found


def _is_update_day(shown: str, published: str, page: Page, day_first: bool | None) -> bool:
    """Whether the date under the headline is the last update's: later than the declared
    publication and on the day the page declares as its modification ("Updated Nov 6,
    2025" printed where the first date used to be)."""
    if shown[:10] <= published[:10]:
        return False
    modified = find_modified(page, day_first)
    if modified is None or modified[0][:10] != shown[:10]:
        return False
    # A CMS's creation date a few days before the printed publication is not what the
    # page was published on; a year-old one is, and the page has been updated since.
    gap = _days_between(shown, published)
    return gap > UPDATE_MIN_DAYS or UPDATED_HINT.search(_text_after_headline(page, day_first)) is not None


def _believable(date: str, page: Page, day_first: bool | None) -> bool:
    """A date read from the page's text is not the publication date when it is the day the
    page was saved (sites print today's date in their header; an archive capture shows the
    capture day) or when it lies after everything else the page dates itself by: its newest
    structured date and its copyright line (an event announced for later, a next issue),
    or, on a page without structured dates, the last edit its text mentions.
    Either ceiling alone is not enough: one page in five has a stale copyright year."""
    day = date[:10]
    saved = _save_date(page)
    if saved and day == saved:
        return False
    newest = _newest_structured_date(page, day_first)
    if not newest:
        # Without one, the page's last edit bounds its dates (a wiki page's text announces
        # later events), unless it labels a publication date of its own: then the edit was
        # made before a scheduled publication ("Letzte Änderung: 31.10.2023, Erschienen am:
        # 01.11.2023").
        edited = _last_edited_date(page, day_first)
        return not (edited and day > edited[0][:10] and not _labelled_date(page, day_first))
    if day <= newest:
        return True
    copyright_year = _copyright_year(page)  # a selection over the tree: only when it can tell
    return not (copyright_year and int(day[:4]) > copyright_year)


def _days_after_markup(date: str, page: Page, day_first: bool | None) -> int:
    """How many days `date` lies after the newest date the page's markup gives (0 if not after)."""
    newest = _newest_structured_date(page, day_first)
    if not newest or date[:10] <= newest:
        return 0
    return _days_between(date, newest)


def _article_time_date(page: Page, day_first: bool | None) -> tuple[str, str] | None:
    return _time_element_date(page, day_first, modified=False)


@once_per_page
def _save_date(page: Page) -> str | None:
    """The day the copy was made: as the caller knows it (read.py and wayback.py read
    it from the file), else an archived copy's capture day from its links (Wayback
    rewrites every link to /web/<timestamp>/)."""
    if page.saved_day:
        return page.saved_day
    for address in (page.page_url or "", *(_node_link(n) for n in page.tree.css(WAYBACK_LINKS)[:1])):
        match = WAYBACK_TIMESTAMP.search(address)
        if match:
            return f"{match.group(1)}-{match.group(2)}-{match.group(3)}"
    return None


def _node_link(node: LexborNode) -> str:
    return node.attributes.get("href") or node.attributes.get("src") or ""


@once_per_page
def _newest_structured_date(page: Page, day_first: bool | None) -> str | None:
    values = [v for v, _ in meta_values(page, PUBLISHED_META + MODIFIED_META)]
    for obj in page.json_objects:
        values.extend(v for key in ("datePublished", "dateModified", "dateCreated", "uploadDate")
                      if isinstance(v := obj.get(key), str))
    values.extend(n.attributes.get("datetime") or "" for n in _dated_times(page))
    days = [date[:10] for value in values if (date := parse_date(value, day_first=day_first))]
    return max(days) if days else None


@once_per_page
def _dated_times(page: Page) -> list[LexborNode]:
    """The first 20 time[datetime] elements."""
    return [n for n in page.survey.times if "datetime" in n.attributes][:20]


@once_per_page
def _copyright_year(page: Page) -> int | None:
    """The latest year in the page's copyright lines ("© 2009-2019 ..."), or None."""
    years = []
    for node in page.tree.css(COPYRIGHT_SELECTOR)[:10]:
        text = node.text(deep=True, separator=" ")
        if len(text) <= MAX_BYLINE_CHARS * 2:
            years.extend(int(y) for y in COPYRIGHT_YEAR.findall(text))
    return max(years) if years else None


def _short_date_text(page: Page, day_first: bool | None) -> tuple[str, str] | None:
    """Last resort: the first short element that is nothing but a date, perhaps with a label
    ("Datum: 26. Januar 2022", "Mise en ligne 23 mai 2019"), in the article or else the page,
    outside sidebars, related lists and comments."""
    scopes = [next(iter(page.survey.containers), None), page.tree.body]
    # The page's pass reads the article's elements again: what they hold is read once.
    read: dict[int, tuple[bool, str | None]] = {}  # mem_id -> (a candidate, its date)
    for scope in filter(None, scopes):
        checked = chars_read = 0
        lengths: dict[int, tuple[int, int]] | None = None
        for node in scope.css(SHORT_DATE_TAGS):
            key = node.mem_id
            if key not in read:
                if lengths is None and chars_read > SHORT_DATE_READ_CHARS:
                    lengths = subtree_text_lengths(scope)
                if lengths is not None and _too_long_for_a_date(node, lengths):
                    read[key] = False, None
                else:
                    text = node.text(deep=True, separator=" ")
                    chars_read += len(text)
                    read[key] = _short_date(node, text, day_first)
            candidate, date = read[key]
            if not candidate:
                continue
            checked += 1
            if checked > MAX_SHORT_DATE_CANDIDATES:
                break
            if date and not elsewhere_than_the_article(node, page, day_first):
                return date, "text:short"
    return None


def _too_long_for_a_date(node: LexborNode, lengths: dict[int, tuple[int, int]]) -> bool:
    """What _short_date would refuse for its length, told from the subtree's length
    without reading its text. A paragraph is read whatever its length (a dateline may
    open it). `lengths` counts stripped text, never more than the text read."""
    counted = lengths.get(node.mem_id)
    return counted is not None and node.tag != "p" and counted[0] > MAX_DATE_TEXT_CHARS * 2


def _short_date(node: LexborNode, text: str, day_first: bool | None) -> tuple[bool, str | None]:
    """Whether _short_date_text counts the node, whose text is `text`, as a candidate
    (short, with a digit, or a paragraph opening with a dateline), and the date it holds."""
    if not text:
        return False, None
    if len(text) > MAX_SHORT_DATE_CHARS and node.tag == "p":
        date = _dateline_date(text, day_first)
        if date:
            return True, date
    if len(text) > MAX_DATE_TEXT_CHARS * 2:
        return False, None
    text = clean_text(text)
    if not text or len(text) > MAX_SHORT_DATE_CHARS or not any(map(str.isdigit, text)):
        return False, None
    return True, parse_date(text, day_first=day_first)


def _dateline_date(text: str, day_first: bool | None) -> str | None:
    """The date of a paragraph that opens with it, before a dash: "29.11.2022 – The
    government ...", "BERLIN, 3 May 2021 — ..." (press releases, agency copy). Before
    the date only a place or an agency may stand: a lower-case word there (not a month
    name) makes it a sentence ("The cabinet met on 29.11.2022 – a Tuesday – ...")."""
    head = clean_text_start(text, DATELINE_CHARS)[0][:DATELINE_CHARS]
    dash = DATELINE_DASH.search(head)
    if dash is None:
        return None
    line = head[:dash.start()]
    digit = FIRST_DIGIT.search(line)
    if digit is None:
        return None
    place = PARENTHETICAL.sub(" ", line[:digit.start()])
    if any(word[0].islower() and word.rstrip(".,") not in MONTHS for word in place.split()):
        return None
    return parse_date(line, day_first=day_first)


def _structured_published(page: Page, day_first: bool | None) -> tuple[str, str] | None:
    for obj, source in main_objects(page):
        for key in ("datePublished", "dateCreated", "uploadDate"):
            date = _json_date(obj.get(key), day_first)
            if date:
                return date, source
    return _meta_date(page, PUBLISHED_META, day_first)


class _Headline(NamedTuple):
    """The text around the article's headline, as the header rules read it."""

    text: str  # the text of the element the climb from the h1 ended at
    start: int  # where the headline's text starts in it
    after: str  # the stretch after the headline, other stories' dates blanked out


@once_per_page
def _around_headline(page: Page, day_first: bool | None) -> _Headline | None:
    """The text around the article's h1: its wrappers are climbed until they hold a
    header's worth of text around it."""
    heading = next(iter(article_heading_nodes(page)), None)
    if heading is None:
        return None
    heading_text = clean_text(heading.text(deep=True, separator=" "))
    container = heading
    text = raw = heading_text
    whole = True
    header_chars = len(heading_text) + HEADER_WINDOW_CHARS
    levels = wrappers = 0
    while levels < HEADER_LEVELS:
        if container.parent is None or container.parent.tag in ("body", "html"):
            break
        container = container.parent
        # The container that ends the climb is often the whole article: collapsing the
        # whitespace of its start is enough to measure it and to read around the headline.
        raw = container.text(deep=True, separator=" ")
        text, whole = clean_text_start(raw, 4 * header_chars)
        if not whole and len(text) <= header_chars:
            text, whole = clean_text(raw), True
        if len(text) > header_chars:
            break
        if len(text) > len(heading_text) or wrappers == MAX_HEADLINE_WRAPPERS:
            levels += 1
        else:
            wrappers += 1
    start = text.find(heading_text)
    if not whole and not 0 <= start <= len(text) - header_chars:
        text = clean_text(raw)
        start = text.find(heading_text)
    if start < 0:
        return None
    after = text[start + len(heading_text):start + len(heading_text) + HEADER_WINDOW_CHARS]
    if "T" in after:
        after = MACHINE_DATE_TIME.sub(" ", after)
    return _Headline(text, start, _without_neighbours_dates(after, container, page, day_first))


def _text_after_headline(page: Page, day_first: bool | None) -> str:
    around = _around_headline(page, day_first)
    return around.after if around is not None else ""


@once_per_page
def _date_near_headline(page: Page, day_first: bool | None) -> tuple[str, str] | None:
    """A date written just after the article's h1, where article headers put it."""
    around = _around_headline(page, day_first)
    if around is None:
        return None
    text, start, after = around
    date = parse_date(after, day_first=day_first)
    if date:
        return _first_published_after_update(after, date, day_first), "text:header"
    # ...or in the line just above it: "Politik | 14. Februar 2012", "Familie 17/02/2022".
    before = MACHINE_DATE_TIME.sub(" ", text[max(0, start - HEADER_KICKER_CHARS):start])
    date = parse_date(before, day_first=day_first)
    if date:
        return date, "text:header"
    # Last, a date with a two-digit year under the headline ("Von Anna Schmidt |
    # 31.10.23"): parse_date leaves those alone anywhere else, where they are as often a
    # version or a score.
    date = parse_short_year_date(after)
    return (date, "text:header") if date else None


def _without_neighbours_dates(text: str, container: LexborNode, page: Page, day_first: bool | None) -> str:
    """The text after the headline (whitespace collapsed) with the dates printed in a
    neighbour's place blanked out: a "Read also" teaser, a related box or a list of other
    stories set between the headline and the byline carries another article's date."""
    text = clean_text(text)
    for _ in range(MAX_HEADER_DATES_READ):
        span = date_span(text, day_first=day_first)
        if span is None:
            return text
        node = _element_printing(container, text[span[0]:span[1]])
        if node is None or not in_other_stories(node, page, day_first):
            return text
        text = text[:span[0]] + NOT_A_DATE * (span[1] - span[0]) + text[span[1]:]
    return text[:span[1]]  # a run of other stories' dates: what follows is theirs too


def _element_printing(container: LexborNode, date_text: str) -> LexborNode | None:
    """The first element in `container` whose own text holds `date_text`, among the first
    MAX_HEADER_NODES_READ; None when the date is split over several elements."""
    for count, node in enumerate(container.traverse()):
        if count > MAX_HEADER_NODES_READ:
            break
        own = node.text(deep=False)
        if own and date_text in clean_text(own):
            return node
    return None


def _first_published_after_update(text: str, date: str, day_first: bool | None) -> str:
    """The date line's earlier date when the first one it gives is labelled as an update:
    "Updated June 2, 2021 · Published March 15, 2019", "Aktualisiert am 02.06.2021 |
    Erstveröffentlichung: 15.03.2019". A line with only the update's date keeps it."""
    text = clean_text(text)  # as date_end counts
    end = date_end(text, day_first=day_first)
    if end is None or not UPDATE_LABEL.search(text, max(0, end - UPDATE_LABEL_CHARS), end):
        return date
    rest = text[end:end + HEADER_DATE_LINE_CHARS]
    clock = CLOCK_TIME.search(rest)
    if clock and clock.start() <= UPDATE_CLOCK_CHARS:
        rest = rest[clock.end():]  # the update's time, not the publication's
    earlier = parse_date(rest, day_first=day_first)
    return earlier if earlier and earlier[:10] < date[:10] else date


def _date_after_printed_title(page: Page, title: str | None, day_first: bool | None) -> tuple[str, str] | None:
    """The date line right after the headline where the page prints it in something other
    than an h1 (a post's <legend>, <h2> or bold line under a blog's h1 that names the site):
    "Advent of Code, week 2" then "20 December 2025"."""
    if not title:
        return None
    text = body_text(page)
    start = text.find(TEXT_NODE_SEPARATOR + title + TEXT_NODE_SEPARATOR)
    if start < 0:
        return None
    # The text node right after the headline, when it is a short line, not a paragraph.
    start += len(title) + 2
    end = text.find(TEXT_NODE_SEPARATOR, start)
    line = text[start:end if end >= 0 else len(text)]
    if len(line) > HEADER_DATE_LINE_CHARS:
        return None
    date = parse_date(line, day_first=day_first)
    return (date, "text:title-line") if date else None


def _mentioned_in_standfirst(date: str, page: Page, day_first: bool | None) -> bool:
    """Whether the date after the headline is one the standfirst's prose mentions (an event
    announced for later) rather than the article's: it comes after a stretch of text, not
    in the short line under the headline, and days after every date the markup gives."""
    if _days_after_markup(date, page, day_first) <= 1:
        return False
    end = date_end(_text_after_headline(page, day_first), day_first=day_first)
    return end is not None and end > HEADER_DATE_LINE_CHARS


@once_per_page
def _labelled_date(page: Page, day_first: bool | None) -> tuple[str, str] | None:
    """The first date in the page's text that a label calls the publication's
    ("Veröffentlicht am 16.08.2019"); a label followed by anything else is passed over."""
    text = _lower_body_text(page)
    starts: list[int] = []
    for stem, words in PUBLISHED_LABEL_STEMS.items():
        # Each word's first places, not overlapping each other, as repeated str.find would
        # give them; words that start alike share one pass over the text.
        found = {word: 0 for word in words}
        next_place = dict(found)
        position = text.find(stem)
        while position >= 0 and min(found.values()) < MAX_LABELS_READ:
            for word in words:
                if found[word] < MAX_LABELS_READ and position >= next_place[word] and text.startswith(word, position):
                    starts.append(position)
                    found[word] += 1
                    next_place[word] = position + len(word)
            position = text.find(stem, position + 1)
    for start in sorted(starts)[:MAX_LABELS_READ]:
        label = PUBLISHED_LABEL.match(text, start)
        if label is None:
            continue
        after = text[label.end():label.end() + LABELLED_DATE_CHARS].replace(TEXT_NODE_SEPARATOR, " ")
        date = parse_date(after, day_first=day_first)
        if date:
            return date, "text:label"
    return None


@once_per_page
def _last_edited_date(page: Page, day_first: bool | None) -> tuple[str, str] | None:
    """The date the page's text says it was last edited on ("This page was last edited on
    25 October 2020"): the only date a wiki page has, and the latest it can date itself by."""
    text = body_text(page)
    for cue in LAST_EDITED_CUES:
        position = text.find(cue, 1)
        for _ in range(MAX_LAST_EDITED_CUES_READ):
            if position < 0:
                break
            label = LAST_EDITED_LABEL.match(text, position - 1)
            if label:
                after = text[label.end():label.end() + LAST_EDITED_DATE_CHARS].replace(TEXT_NODE_SEPARATOR, " ")
                date = parse_date(after, day_first=day_first)
                if date:
                    return date, "text:last-edited"
            position = text.find(cue, position + len(cue))
    return None


def _lower_body_text(page: Page) -> str:
    """body_text lower-cased, for the label searches (computed once)."""
    key = "lower body text"
    if key not in page.answers:
        page.answers[key] = body_text(page).lower()
    return page.answers[key]


def _any_json_ld_date(page: Page, day_first: bool | None) -> tuple[str, str] | None:
    """datePublished/uploadDate of whatever JSON-LD object has one (a VideoObject, say)."""
    for obj in page.json_objects:
        for key in ("datePublished", "uploadDate", "dateCreated"):
            date = _json_date(obj.get(key), day_first)
            if date:
                return date, "json-ld:" + "/".join(json_types(obj))
    return None


def _title_date(page: Page, day_first: bool | None) -> tuple[str, str] | None:
    """Some sites end the <title> with the publication date: "Headline | Site | 23.05.2011"."""
    for text in (document_title(page), *(v for v, _ in meta_values(page, ("og:title",)))):
        date = parse_date(text or "", day_first=day_first)
        if date:
            return date, "title"
    return None


# ----------------------------------------------------------------------------- modified, and the site's UTC offset


def find_modified(page: Page, day_first: bool | None) -> tuple[str, str] | None:
    for obj, source in main_objects(page):
        date = _json_date(obj.get("dateModified"), day_first)
        if date:
            return date, source
    found = _meta_date(page, MODIFIED_META, day_first)
    if found:
        return found
    return _time_element_date(page, day_first, modified=True)


def declared_offset(page: Page, day_first: bool | None) -> str | None:
    """The site's own UTC offset, from the first date-time on the page written with a non-zero one."""
    values = [v for v, _ in meta_values(page, PUBLISHED_META + MODIFIED_META)]
    for obj in page.json_objects:
        values.extend(v for key in ("datePublished", "dateModified") if isinstance(v := obj.get(key), str))
    values.extend(n.attributes.get("datetime") or "" for n in _dated_times(page))
    for value in values:
        offset = utc_offset(parse_date(value, day_first=day_first))
        if offset and offset != "+00:00":
            return offset
    return None


def printed_offset(page: Page, published: str, day_first: bool | None) -> str | None:
    """The site's offset from a date and time it prints for the same instant it gives in
    UTC: "2022-05-04T00:25:56Z" in the markup, "3 de mayo de 2022 21:25" on the page."""
    if utc_offset(published) != "+00:00":
        return None
    for finder in (_date_near_headline, lambda p, d: _time_element_date(p, d, modified=False), _visible_date):
        found = finder(page, day_first)
        # A date without its time ("3 de mayo de 2022" in one <time>, "21:25" in the next)
        # cannot give the offset: a later finder may read the two together.
        if found and found[0][:10] != published[:10] and len(found[0]) >= 16:
            return offset_between(published[:16] + ":00+00:00", found[0][:16] + ":00")
    return None


def to_local(iso: str, offset: str) -> str:
    """A UTC date-time shown in the site's offset, so the date part is the one readers saw."""
    return shift_to_offset(iso, offset) if utc_offset(iso) == "+00:00" else iso


# ----------------------------------------------------------------------------- reading one date


def _json_date(value: Any, day_first: bool | None) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_timestamp(int(value)) if math.isfinite(value) else None
    if isinstance(value, str):
        return parse_date(value, day_first=day_first) or parse_timestamp(value)
    return None


def _meta_date(page: Page, keys: Iterable[str], day_first: bool | None) -> tuple[str, str] | None:
    for value, key in meta_values(page, keys):
        date = parse_date(value, day_first=day_first)
        if date:
            return date, "meta:" + key
    return None


@once_per_page
def _time_element_date(page: Page, day_first: bool | None, *, modified: bool) -> tuple[str, str] | None:
    """A <time> or itemprop date in the article, not in sidebars, related lists or comments."""
    prop = "dateModified" if modified else "datePublished"
    for node in page.survey.date_props[prop]:
        if node.tag == "meta":
            continue  # already read with the meta tags
        date = _node_date(node, day_first)
        if date and not in_excluded_region(node, page):
            return date, ("itemprop:" if "itemprop" in node.attributes else "rdfa:") + prop
    times = [n for n in page.survey.times if not in_excluded_region(n, page)]
    if modified:
        times = [n for n in times if UPDATED_HINT.search(_node_hints(n))]
    else:
        times = [n for n in times if not UPDATED_HINT.search(_node_hints(n))]
        # pubdate attributes and times inside the article come before page chrome.
        times.sort(key=lambda n: (0 if "pubdate" in n.attributes else 1 if inside_article(n) else 2))
    for node in times[:10]:
        date = _node_date(node, day_first)
        if date and not in_list_of_other_items(node, page, day_first):
            return date, "time"
    return None


def _visible_date(page: Page, day_first: bool | None) -> tuple[str, str] | None:
    """A date written in a date/byline element of the article ("Published 7 Sep 2023")."""
    found = _visible_date_element(page, day_first)
    return (found[0], "text") if found else None


@once_per_page
def _visible_date_element(page: Page, day_first: bool | None) -> tuple[str, LexborNode, bool] | None:
    """The date _visible_date gives, the element it is read from, and whether that
    element was found inside the article's containers.

    The first 20 short date-like elements of each group are read. They are counted as
    the selector lists list them, once per selector that matches: an element with both
    a class and an id inside <main><article> counts four times.
    """
    for candidates in (_classed_elements_in_article, _date_named_elements):
        checked = 0
        for node, times_listed in candidates(page):
            hints = _node_hints(node)
            if not DATE_CLASS.search(hints) or UPDATED_HINT.search(hints):
                continue
            raw = node.text(deep=True, separator=" ")
            # Some date-classed elements hold whole blocks of text: measure only their start.
            text, whole = clean_text_start(raw, MAX_DATE_TEXT_CHARS + 1)
            if not whole and len(text) <= MAX_DATE_TEXT_CHARS:
                text = clean_text(raw)
            if len(text) > MAX_DATE_TEXT_CHARS:
                # A post's date line with the edit note inside it ("2019-02-23, 09:14 PM (This
                # post was last modified: ...)"): the date it opens with is the post's.
                text = _leading_date_text(text, day_first)
            if not text:
                continue
            checked += 1
            if checked > 20:
                break
            date = parse_date(text, day_first=day_first)
            if date and not elsewhere_than_the_article(node, page, day_first):
                return date, node, candidates is _classed_elements_in_article
            checked += times_listed() - 1
    return None


def _date_at_article_start(page: Page, day_first: bool | None, declared: str) -> tuple[str, str] | None:
    """The date element _visible_date found when it opens the article's container: the
    publication line that a page whose headline stands outside the article (in a
    breadcrumb bar, say) prints where the article starts ("20. März 2021 - 15:00 Uhr" above
    the standfirst). Not a date further down (a reference list, a caption), nor a machine
    date-time copy in the text, nor an update line. None as well when it gives the day the
    markup `declared` (then there is nothing to weigh)."""
    found = _visible_date_element(page, day_first)
    if not found or found[0][:10] == declared[:10]:
        return None
    date, node, in_article = found
    text = clean_text(node.text(deep=True, separator=" "))
    if not in_article or MACHINE_DATE_TIME.search(text) or UPDATED_HINT.search(text):
        return None
    containers = container_ids(page)
    container = next((ancestor for ancestor in ancestors(node) if ancestor.mem_id in containers), None)
    if container is None:
        return None
    head = clean_text_start(container.text(deep=True, separator=" "), ARTICLE_START_CHARS)[0]
    return (date, "text") if 0 <= head.find(text) <= ARTICLE_START_CHARS else None


def _leading_date_text(text: str, day_first: bool | None) -> str:
    """The start of a long text up to the end of the date it opens with, or "" when it does
    not open with one."""
    end = date_end(text[:MAX_DATE_TEXT_CHARS], day_first=day_first)
    return text[:end] if end is not None and end <= LEADING_DATE_CHARS else ""


_Candidates = Iterator[tuple[LexborNode, Callable[[], int]]]


def _classed_elements_in_article(page: Page) -> _Candidates:
    """Elements with a class or id inside the article's containers, each once in document
    order, with how many of the SCOPED_ELEMENTS selectors match it (worked out only for
    the few elements that count). Those ten selectors over the whole tree cost several
    times more than walking the containers' subtrees; only elements whose class, id or
    itemprop names a date are read (the others _visible_date would pass over)."""
    containers = page.survey.containers
    kinds = {container.mem_id: _container_kinds(container) for container in containers}
    for container in _outermost(containers):
        # The container itself is in scope only when nested in another; an element with
        # both a class and an id is listed twice, once per attribute.
        for key, repeats in itertools.groupby(container.css(DATED_CLASS_OR_ID), key=lambda node: node.mem_id):
            if key != container.mem_id:
                node = next(repeats)
                attributes = node.attributes
                listed = ("class" in attributes) + ("id" in attributes)
                yield node, functools.partial(_times_in_scoped_list, node, listed, kinds)


def _date_named_elements(page: Page) -> _Candidates:
    """Elements whose class or id names a date, each once with how often DATE_ELEMENTS lists it."""
    for _, repeats in itertools.groupby(page.tree.css(DATE_ELEMENTS), key=lambda node: node.mem_id):
        listed = list(repeats)
        yield listed[0], functools.partial(len, listed)


def _outermost(nodes: Iterable[LexborNode]) -> list[LexborNode]:
    """The nodes not inside another of them, in document order."""
    outermost: list[LexborNode] = []
    kept: set[int] = set()
    for node in nodes:
        if node.mem_id in kept:
            continue
        ancestor = node.parent
        while ancestor is not None and ancestor.mem_id not in kept:
            ancestor = ancestor.parent
        if ancestor is None:
            outermost.append(node)
            kept.add(node.mem_id)
    return outermost


def _container_kinds(node: LexborNode) -> frozenset[str]:
    """Which ARTICLE_SCOPE selectors an article container matches."""
    attrs = node.attributes
    itemtype = (attrs.get("itemtype") or "").lower()
    kinds = {node.tag} & {"article", "main"}
    if attrs.get("role") == "main":
        kinds.add("[role=main]")
    for schema_type in ("article", "blogposting"):
        if schema_type in itemtype:
            kinds.add("itemtype*=" + schema_type)
    return frozenset(kinds)


def _times_in_scoped_list(node: LexborNode, attributes: int, kinds: dict[int, frozenset[str]]) -> int:
    """How often SCOPED_ELEMENTS lists an element: once per attribute (class, id) it has
    and per kind of container it sits in, however many containers of that kind there are."""
    above: set[str] = set()
    ancestor = node.parent
    while ancestor is not None:
        above |= kinds.get(ancestor.mem_id, frozenset())
        ancestor = ancestor.parent
    return attributes * len(above)


def _node_date(node: LexborNode, day_first: bool | None) -> str | None:
    attrs = node.attributes
    for value in (attrs.get("datetime"), attrs.get("content"), node.text(deep=True, separator=" ")):
        date = parse_date(value or "", day_first=day_first)
        if date:
            return date
    return None


def _node_hints(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('itemprop') or ''}"
