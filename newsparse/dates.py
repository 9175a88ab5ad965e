"""Date strings as pages write them -> one ISO 8601 form.

`parse_date` reads structured values (ISO 8601, RFC 2822) and dates written
for people (numeric or with month names in the languages news sites use most)
and returns:

    "2023-09-07T14:03:00+03:00"   when a time and an offset were given
    "2023-09-07T14:03:00"         when a time without offset was given
    "2023-09-07"                  when only the date was given

Anything it cannot read with confidence (relative dates, two-digit years (read
only on request, by `parse_short_year_date`, where a date line is expected),
impossible or implausible dates) gives None: a missing date is better than a
wrong one.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re

from newsparse.rules import LazyPattern

__all__ = ["parse_date", "parse_short_year_date", "parse_timestamp", "date_from_url", "is_after", "utc_offset",
           "shift_to_offset", "offset_between", "iso_to_datetime"]

# Before this, dates on news pages are almost always copyright lines or junk.
MIN_YEAR = 1990
# After this, a date is junk (a ticket number, an expiry date). A fixed year, not
# "today plus a few", so that the output depends on the input alone: with a moving
# bound, a page dated two years ahead changed its record on New Year's Day, and
# committed outputs with it. Pages are saved from the past, so a ceiling years ahead
# of the newest page still covers embargoed and scheduled posts; raise it as time
# passes (devscore's published figures did not move between 2028 and 2040).
MAX_YEAR = 2040
# Unix timestamps (seconds) between 1990 and ~2100; 13-digit values are milliseconds.
TIMESTAMP_SECONDS = LazyPattern(r"^\s*(\d{9,10})(?:\.\d+)?\s*$")
TIMESTAMP_MILLIS = LazyPattern(r"^\s*(\d{13})\s*$")

# Month names and common abbreviations (lower case, also without accents where
# sites drop them). Genitive forms matter for Slavic languages: "7 września".
MONTHS: dict[str, int] = {}
_MONTH_NAMES = (
    # English
    ("january jan", "february feb", "march mar", "april apr", "may", "june jun",
     "july jul", "august aug", "september sep sept", "october oct",
     "november nov", "december dec"),
    # German (incl. Austrian "Jänner")
    ("januar jänner jaenner", "februar feber", "märz maerz mär mrz", "april",
     "mai", "juni", "juli", "august", "september", "oktober okt", "november",
     "dezember dez"),
    # French
    ("janvier janv", "février fevrier févr fevr fév", "mars", "avril avr",
     "mai", "juin", "juillet juil", "août aout", "septembre", "octobre",
     "novembre", "décembre decembre déc"),
    # Spanish
    ("enero ene", "febrero", "marzo", "abril abr", "mayo", "junio", "julio",
     "agosto ago", "septiembre setiembre", "octubre", "noviembre",
     "diciembre dic"),
    # Italian
    ("gennaio gen", "febbraio", "marzo", "aprile", "maggio mag", "giugno giu",
     "luglio lug", "agosto", "settembre set", "ottobre ott", "novembre",
     "dicembre"),
    # Portuguese
    ("janeiro", "fevereiro fev", "março marco", "abril", "maio", "junho",
     "julho", "agosto", "setembro", "outubro out", "novembro", "dezembro dez"),
    # Dutch
    ("januari", "februari", "maart mrt", "april", "mei", "juni", "juli",
     "augustus", "september", "oktober", "november", "december"),
    # Polish: nominative, then genitive (used in dates)
    ("styczeń styczen stycznia sty", "luty lutego lut", "marzec marca",
     "kwiecień kwiecien kwietnia kwi", "maj maja", "czerwiec czerwca cze",
     "lipiec lipca lip", "sierpień sierpien sierpnia sie",
     "wrzesień wrzesien września wrzesnia wrz",
     "październik pazdziernik października pazdziernika paź",
     "listopad listopada lis", "grudzień grudzien grudnia gru"),
    # Russian: nominative, then genitive
    ("январь января янв", "февраль февраля фев", "март марта мар",
     "апрель апреля апр", "май мая", "июнь июня июн", "июль июля июл",
     "август августа авг", "сентябрь сентября сен сент", "октябрь октября окт",
     "ноябрь ноября ноя", "декабрь декабря дек"),
    # Czech (genitive, as used in dates)
    ("ledna leden", "února unora únor", "března brezna březen", "dubna duben",
     "května kvetna květen", "června cervna červen", "července cervence červenec",
     "srpna srpen", "září zari", "října rijna říjen", "listopadu",
     "prosince prosinec"),
)
for _language in _MONTH_NAMES:
    for _number, _names in enumerate(_language, start=1):
        for _name in _names.split():
            MONTHS[_name] = _number

# A month word: letters only (any script), optionally followed by a dot ("Sept.").
_MONTH_WORD = r"(?P<month>[^\W\d_]{3,12})\.?"
# A day number with the suffixes that languages glue to it: 7th, 1er, 3., 1º.
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|e|re|º|°|\.)?"
_YEAR = r"(?P<year>\d{4})"

# ISO 8601 and its everyday relatives: 2023-09-07, 2023/09/07, 2023.09.07,
# with an optional time, fractional seconds and an offset or zone letter.
ISO_DATE = re.compile(
    r"(?<!\d)(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"
    r"(?:(?:T|\s+|,\s*)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?"
    r"\s*(?P<zone>Z(?![a-z])|(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?|UTC|GMT)?)?",
    re.IGNORECASE,
)
# Day-first numeric dates with dots, as written across continental Europe: 07.09.2023.
DOTTED_DATE = re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>\d{4})(?!\d)")
# Slashed numeric dates: 09/07/2023 (order decided by value, then by language).
SLASHED_DATE = re.compile(r"(?<![\d/])(?P<first>\d{1,2})[/-](?P<second>\d{1,2})[/-](?P<year>\d{4})(?!\d)")
# Numeric dates with bars between the parts, as some magazine themes set their date line:
# "26 | 01 | 2022" (read like slashed ones). Three numbers, the last a year, and a pager's
# "1 | 2 | 3 | 2024" is not one: no bar before the day or after the year.
PIPED_DATE = re.compile(r"(?<![\d|])(?<!\| )(?P<first>\d{1,2}) ?\| ?(?P<second>\d{1,2}) ?\| ?(?P<year>\d{4})"
                        r"(?!\d| ?\|)")
# "September 7, 2023", "Sept. 7th 2023", "Sep 07 2023".
MONTH_FIRST_DATE = re.compile(
    _MONTH_WORD + r"\s+" + _DAY + r",?\s+(?:de\s+)?" + _YEAR + r"(?!\d)", re.IGNORECASE
)
# "7 September 2023", "3. März 2021", "7 de septiembre de 2023", "1er mars 2021",
# "Thu, 07 Sep 2023" (RFC 2822), "07-Sep-2023".
DAY_FIRST_DATE = re.compile(
    r"(?<!\d)" + _DAY + r"[\s\-]*(?:de\s+|del\s+|of\s+)?" + _MONTH_WORD
    + r"[\s\-,]*(?:de\s+|del\s+|of\s+)?" + _YEAR + r"(?!\d)",
    re.IGNORECASE,
)
# Day-first dotted dates with a two-digit year, "31.10.23", "6.11.22": read only where a
# date line is expected (parse_short_year_date), never by parse_date. Not followed by
# another dotted number or a digit: "1.2.23.4" and "10.11.234" are versions and codes.
SHORT_YEAR_DATE = LazyPattern(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{2})(?![\d]|\.\d)")
# East Asian dates: 2023年9月7日, 2023년 9월 7일.
CJK_DATE = re.compile(r"(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일]?")
# Every date pattern above holds a four-digit year: text without one has no date to find.
FOUR_DIGITS = re.compile(r"\d{4}")
# A clock time near a written date: 14:03, 2:03 PM, 14:03:00 GMT, 14h03, 14.03 Uhr.
CLOCK_TIME = LazyPattern(
    r"(?<![\d:.])(?P<hour>\d{1,2})(?::|h(?=\d{2})|\.(?=\d{2}\s*uhr))(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?:uhr\s*)?(?P<ampm>[ap]\.?\s?m\.?(?![a-z]))?"
    r"\s*(?P<zone>Z(?![a-z])|(?:UTC|GMT)?\s*[+-]\d{2}:?\d{2}|UTC|GMT|[ECMP][SD]T)?",
    re.IGNORECASE,
)
# RFC 2822 lets these North American zone names stand for offsets.
ZONE_OFFSETS = {
    "z": "+00:00", "utc": "+00:00", "gmt": "+00:00",
    "est": "-05:00", "edt": "-04:00", "cst": "-06:00", "cdt": "-05:00",
    "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00", "pdt": "-07:00",
}
# A date inside a URL path: /2023/09/07/ or /2023-09-07/ (day optional for the
# month-only archives is not enough to give a day, so it is required).
# A numeric offset after an optional UTC/GMT label: "+0300", "+03:00", "GMT+2".
NUMERIC_OFFSET = LazyPattern(r"(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?", re.IGNORECASE)
# The offset at the end of a normalised date-time: "2023-09-07T14:03:00+03:00".
ISO_OFFSET_SUFFIX = re.compile(r"T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})$")
# The month may be a name, as some sites file posts: /2023/oct/03/, /2023/october/03/.
URL_DATE = LazyPattern(r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>\d{1,2}|[a-z]{3,9})[/-](?P<day>\d{1,2})(?:/|[-_]|$)",
                       re.IGNORECASE)


def parse_date(text: str, *, day_first: bool | None = None) -> str | None:
    """The first plausible date in `text` as ISO 8601, or None.

    `day_first` settles slashed dates like 09/07/2023 where both orders are
    valid; None means day first (most of the world), False means US order.
    """
    if not text:
        return None
    return _parse_date_cached(_date_search_text(text), day_first)


def parse_short_year_date(text: str) -> str | None:
    """The first day-first dotted date with a two-digit year in `text` ("31.10.23" ->
    "2023-10-31"), or None. For a page's date line only: elsewhere such numbers are as
    often versions or scores, which is why parse_date does not read them."""
    for match in SHORT_YEAR_DATE.finditer(text or ""):
        date = _make_date(str(2000 + int(match.group("year"))), match.group("month"), match.group("day"))
        if date:
            return date
    return None


def _date_search_text(text: object) -> str:
    """Whitespace collapsed; long strings are prose, not dates: 200 characters bound the work."""
    return " ".join(str(text).split())[:200]


@functools.lru_cache(maxsize=2048)  # pages give the same date in several metas, JSON-LD and <time>
def _parse_date_cached(text: str, day_first: bool | None) -> str | None:
    if not FOUR_DIGITS.search(text):  # cheaper than trying the patterns one by one
        return None
    found = _earliest_date(text, day_first)
    if found is None:
        return None
    date, _, end = found
    clock = _time_after(text, end) if not _has_time(date) else None
    return date + clock if clock else date


def date_end(text: str, *, day_first: bool | None = None) -> int | None:
    """Where the date parse_date would read from `text` ends (whitespace collapsed), or None."""
    span = date_span(text, day_first=day_first)
    return span[1] if span else None


def date_span(text: str, *, day_first: bool | None = None) -> tuple[int, int] | None:
    """Where the date parse_date would read from `text` starts and ends (whitespace
    collapsed), without the time beside it, or None."""
    text = _date_search_text(text)
    found = _earliest_date(text, day_first) if FOUR_DIGITS.search(text) else None
    return (found[1], found[2]) if found else None


def iso_to_datetime(iso: str | None) -> _dt.date | None:
    """One of parse_date's forms as a Python value, keeping what the page said: a
    timezone-aware datetime when it gave an offset, a naive one when it gave a time
    without, a `date` when it gave only the day (midnight would be invented)."""
    if not iso:
        return None
    if len(iso) == len("2023-09-07"):
        return _dt.date.fromisoformat(iso)
    # Python 3.10's fromisoformat does not read "Z"; the record writes "+00:00", but
    # a hand-made Article may not.
    return _dt.datetime.fromisoformat(iso[:-1] + "+00:00" if iso.endswith("Z") else iso)


def parse_timestamp(value: object) -> str | None:
    """A Unix timestamp (seconds or milliseconds) as UTC ISO 8601, or None.

    Only for structured values where a bare number plainly is a timestamp.
    """
    text = str(value)
    match = TIMESTAMP_SECONDS.match(text)
    seconds = int(match.group(1)) if match else None
    if seconds is None:
        match = TIMESTAMP_MILLIS.match(text)
        seconds = int(match.group(1)) // 1000 if match else None
    if seconds is None:
        return None
    moment = _dt.datetime.fromtimestamp(seconds, tz=_dt.timezone.utc)
    if not _plausible(moment.year, moment.month, moment.day):
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + "+00:00"


def date_from_url(url: str | None) -> str | None:
    """A YYYY/MM/DD date in a URL path (the month a number or a name), as "YYYY-MM-DD"
    (date only), or None."""
    if not url:
        return None
    match = URL_DATE.search(url)
    if not match:
        return None
    month = match.group("month")
    if not month.isdigit():
        number = MONTHS.get(month.lower())
        if number is None:
            return None
        month = str(number)
    return _make_date(match.group("year"), month, match.group("day"))


def is_after(first: str, second: str) -> bool:
    """True when ISO date `first` is later than `second`, comparing what both state.

    Offsets are ignored: a swapped published/modified pair shows up by days,
    and comparing wall-clock strings avoids inventing time zones.
    """
    length = min(len(first), len(second), 19)
    return first[:length] > second[:length]


def utc_offset(iso: str | None) -> str | None:
    """The offset of a normalised ISO date-time ("+02:00"), or None when it has none."""
    match = ISO_OFFSET_SUFFIX.search(iso or "")
    return match.group(1) if match else None


def shift_to_offset(iso: str, offset: str) -> str:
    """The same instant written in another offset: ("...T22:04:00+00:00", "+02:00") -> next day 00:04.

    Sites often give a UTC time in one place and local time in another; the date
    readers see is the local one.
    """
    if utc_offset(iso) is None:
        return iso
    moment = _dt.datetime.fromisoformat(iso)
    sign = -1 if offset[0] == "-" else 1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    zone = _dt.timezone(sign * _dt.timedelta(hours=hours, minutes=minutes))
    return moment.astimezone(zone).isoformat()


def offset_between(utc_iso: str, local_iso: str) -> str | None:
    """The offset that turns a UTC date-time into the local one a page prints beside it
    ("2022-05-04T00:25:00+00:00", "2022-05-03T21:25:00" -> "-03:00"), or None when the two
    are not a whole quarter-hour apart within +-14 hours (then they are not one instant)."""
    if utc_offset(utc_iso) != "+00:00" or utc_offset(local_iso) is not None or not _has_time(local_iso):
        return None
    utc = _dt.datetime.fromisoformat(utc_iso).replace(tzinfo=None)
    local = _dt.datetime.fromisoformat(local_iso)
    minutes = (local - utc).total_seconds() / 60
    if minutes == 0 or abs(minutes) > 14 * 60 or abs(minutes) % 15 > 2:
        return None
    minutes = int(round(minutes / 15) * 15)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@functools.lru_cache(maxsize=2048)  # parse_date and date_span read the same date lines
def _earliest_date(text: str, day_first: bool | None) -> tuple[str, int, int] | None:
    """The date found earliest in the text by any pattern, with where it starts and ends."""
    best: tuple[int, str, int] | None = None
    for reader in _READERS:
        for match in reader[0].finditer(text):
            if best is not None and match.start() >= best[0]:
                break
            date = reader[1](match, day_first)
            if date:
                best = (match.start(), date, match.end())
                break
    return (best[1], best[0], best[2]) if best else None


def _read_iso(match: re.Match[str], day_first: bool | None) -> str | None:
    date = _make_date(match.group("year"), match.group("month"), match.group("day"))
    if date is None or match.group("hour") is None:
        return date
    clock = _make_time(match.group("hour"), match.group("minute"), match.group("second"),
                       match.group("ampm"), match.group("zone"))
    return date + clock if clock else date


def _read_dotted(match: re.Match[str], day_first: bool | None) -> str | None:
    return _make_date(match.group("year"), match.group("month"), match.group("day"))


def _read_slashed(match: re.Match[str], day_first: bool | None) -> str | None:
    first, second = int(match.group("first")), int(match.group("second"))
    if first > 12:
        day, month = first, second
    elif second > 12:
        day, month = second, first
    elif day_first is False:
        day, month = second, first
    else:
        day, month = first, second
    return _make_date(match.group("year"), str(month), str(day))


def _read_written(match: re.Match[str], day_first: bool | None) -> str | None:
    month = MONTHS.get(match.group("month").lower())
    if month is None:
        return None
    return _make_date(match.group("year"), str(month), match.group("day"))


def _read_cjk(match: re.Match[str], day_first: bool | None) -> str | None:
    return _make_date(match.group("year"), match.group("month"), match.group("day"))


# Each pattern with the function that turns its match into "YYYY-MM-DD[Thh:mm:ss[+hh:mm]]".
_READERS = (
    (ISO_DATE, _read_iso),
    (CJK_DATE, _read_cjk),
    (DAY_FIRST_DATE, _read_written),
    (MONTH_FIRST_DATE, _read_written),
    (DOTTED_DATE, _read_dotted),
    (SLASHED_DATE, _read_slashed),
    (PIPED_DATE, _read_slashed),
)


def _has_time(date: str) -> bool:
    return "T" in date


def _time_after(text: str, date_end: int) -> str | None:
    """A clock time written next to the date ("7 Sep 2023, 2:03 PM"), as "Thh:mm:ss[+hh:mm]".

    Looks a short way after the date first, then before it ("14:03, 7 Sep 2023").
    """
    tail = text[date_end:date_end + 40]
    match = CLOCK_TIME.search(tail)
    if match is None or match.start() > 12:
        head = text[max(0, date_end - 60):date_end]
        match = CLOCK_TIME.search(head)
        if match is None:
            return None
    return _make_time(match.group("hour"), match.group("minute"), match.group("second"),
                      match.group("ampm"), match.group("zone"))


def _make_date(year: str, month: str, day: str) -> str | None:
    y, m, d = int(year), int(month), int(day)
    if not _plausible(y, m, d):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _plausible(year: int, month: int, day: int) -> bool:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return False
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _make_time(hour: str, minute: str, second: str | None, ampm: str | None,
               zone: str | None) -> str | None:
    h, mi, s = int(hour), int(minute), int(second or 0)
    if ampm:
        if not 1 <= h <= 12:
            return None
        is_pm = ampm.lower().startswith("p")
        h = (h % 12) + (12 if is_pm else 0)
    if h > 23 or mi > 59 or s > 60:
        return None
    offset = _offset(zone) if zone else ""
    return f"T{h:02d}:{mi:02d}:{min(s, 59):02d}{offset or ''}"


def _offset(zone: str) -> str | None:
    """"+0300", "+03:00", "+3", "GMT+2", "Z", "EST" -> "+03:00" style; unknown -> None."""
    zone = zone.strip()
    named = ZONE_OFFSETS.get(zone.lower())
    if named:
        return named
    match = NUMERIC_OFFSET.fullmatch(zone)
    if not match:
        return None
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    return f"{match.group(1)}{hours:02d}:{minutes:02d}"
