"""dates.parse_date: real-world date strings in many languages and formats -> ISO 8601."""
from __future__ import annotations

import pytest

from newsparse.dates import (
    date_end,
    date_span,
    date_from_url,
    is_after,
    offset_between,
    parse_date,
    parse_short_year_date,
    parse_timestamp,
    shift_to_offset,
)

ACCEPTED = [
    # ISO 8601 and relatives
    ("2023-09-07T14:03:00+03:00", "2023-09-07T14:03:00+03:00"),
    ("2023-09-07T14:03:00+0300", "2023-09-07T14:03:00+03:00"),
    ("2023-09-07T14:03:00.123456Z", "2023-09-07T14:03:00+00:00"),
    ("2023-09-07T14:03:00", "2023-09-07T14:03:00"),
    ("2023-09-07T14:03", "2023-09-07T14:03:00"),
    ("2023-09-07 14:03:00 -0400", "2023-09-07T14:03:00-04:00"),
    ("2023-09-07", "2023-09-07"),
    ("2023/09/07", "2023-09-07"),
    ("2023.09.07", "2023-09-07"),
    ("  Published: 2023-09-07  ", "2023-09-07"),
    # RFC 2822
    ("Thu, 07 Sep 2023 14:03:00 GMT", "2023-09-07T14:03:00+00:00"),
    ("Thu, 07 Sep 2023 14:03:00 +0200", "2023-09-07T14:03:00+02:00"),
    ("Thu, 7 Sep 2023 10:03:00 EDT", "2023-09-07T10:03:00-04:00"),
    # English
    ("September 7, 2023", "2023-09-07"),
    ("Sept. 7, 2023 2:03 PM", "2023-09-07T14:03:00"),
    ("Sep 7th, 2023 at 2:03 p.m.", "2023-09-07T14:03:00"),
    ("7 September 2023", "2023-09-07"),
    ("7th of September 2023", "2023-09-07"),
    ("Updated: 14:03, 7 Sep 2023", "2023-09-07T14:03:00"),
    ("By Jane Doe, 7 September 2023", "2023-09-07"),
    # numeric, day first
    ("07.09.2023", "2023-09-07"),
    ("7.9.2023, 14.03 Uhr", "2023-09-07T14:03:00"),
    ("07.09.2023 14:03", "2023-09-07T14:03:00"),
    ("25/12/2022", "2022-12-25"),
    # German
    ("3. März 2021", "2021-03-03"),
    ("3. Maerz 2021", "2021-03-03"),
    ("Donnerstag, 7. September 2023, 14:03 Uhr", "2023-09-07T14:03:00"),
    ("15. Jänner 2020", "2020-01-15"),
    # French
    ("7 septembre 2023", "2023-09-07"),
    ("1er mars 2021", "2021-03-01"),
    ("le 14 février 2022 à 10h30", "2022-02-14T10:30:00"),
    ("3 août 2019", "2019-08-03"),
    # Spanish
    ("7 de septiembre de 2023", "2023-09-07"),
    ("jueves 7 de setiembre del 2023", "2023-09-07"),
    # Italian
    ("7 settembre 2023", "2023-09-07"),
    ("1 gennaio 2020", "2020-01-01"),
    # Portuguese
    ("7 de setembro de 2023", "2023-09-07"),
    ("12 de março de 2020", "2020-03-12"),
    # Dutch
    ("7 september 2023", "2023-09-07"),
    ("3 maart 2021", "2021-03-03"),
    # Polish (genitive)
    ("7 września 2023", "2023-09-07"),
    ("21 października 2022", "2022-10-21"),
    # Russian (genitive)
    ("7 сентября 2023", "2023-09-07"),
    ("1 марта 2021 г.", "2021-03-01"),
    # Czech
    ("7. září 2023", "2023-09-07"),
    # East Asian
    ("2023年9月7日", "2023-09-07"),
    ("2023년 9월 7일", "2023-09-07"),
]

REJECTED = [
    "",
    "3 hours ago",
    "yesterday",
    "gestern",
    "2023-02-30",  # impossible
    "31.04.2022",  # impossible
    "1985-06-01",  # too old to be an article date
    "2199-01-01",  # far future
    "7 September",  # no year
    "1er mars",  # no year
    "Chapter 12, 2023 words",
    "07.09.23",  # two-digit year: ambiguous
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_parse_date_accepts(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", REJECTED)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_slashed_dates_follow_the_language_when_ambiguous() -> None:
    assert parse_date("09/07/2023") == "2023-07-09"
    assert parse_date("09/07/2023", day_first=False) == "2023-09-07"
    assert parse_date("12/25/2022", day_first=True) == "2022-12-25"  # only one order is valid


def test_timestamps_only_when_plainly_numeric() -> None:
    assert parse_timestamp(1694095380) == "2023-09-07T14:03:00+00:00"
    assert parse_timestamp("1694095380000") == "2023-09-07T14:03:00+00:00"
    assert parse_timestamp("2023") is None
    assert parse_timestamp("16940953801234567") is None
    assert parse_date("1694095380") is None


def test_date_from_url_needs_year_month_and_day() -> None:
    assert date_from_url("https://example.org/2023/09/07/some-story/") == "2023-09-07"
    assert date_from_url("https://example.org/news/2023-09-07-some-story") == "2023-09-07"
    assert date_from_url("https://example.org/blog/2023/october/03/some-story/") == "2023-10-03"
    assert date_from_url("https://example.org/world/2023/oct/03/some-story") == "2023-10-03"
    assert date_from_url("https://example.org/shop/2023/sale/03/") is None  # not a month
    assert date_from_url("https://example.org/2023/09/some-story") is None
    assert date_from_url(None) is None


def test_is_after_compares_what_both_state() -> None:
    assert is_after("2023-09-08", "2023-09-07T23:00:00")
    assert not is_after("2023-09-07T10:00:00+02:00", "2023-09-07T11:00:00+02:00")


def test_shift_to_offset_keeps_the_instant() -> None:
    assert shift_to_offset("2019-10-18T22:04:00+00:00", "+02:00") == "2019-10-19T00:04:00+02:00"
    assert shift_to_offset("2019-10-18", "+02:00") == "2019-10-18"


@pytest.mark.parametrize("utc, local, offset", [
    ("2022-05-04T00:25:56+00:00", "2022-05-03T21:25:00", "-03:00"),
    ("2019-10-18T22:04:00+00:00", "2019-10-19T00:04:00", "+02:00"),
    ("2021-01-01T10:00:00+00:00", "2021-01-01T15:30:00", "+05:30"),
    ("2021-01-01T10:00:00+00:00", "2021-01-01T10:00:00", None),  # same wall time: no offset to learn
    ("2021-01-01T10:00:00+00:00", "2021-01-01T13:07:00", None),  # not a quarter hour apart
    ("2021-01-01T10:00:00+00:00", "2021-01-03T10:00:00", None),  # too far apart to be one instant
    ("2021-01-01T10:00:00+02:00", "2021-01-01T12:00:00", None),  # not UTC
    ("2021-01-01T10:00:00+00:00", "2021-01-01", None),  # no printed time
])
def test_offset_between_a_utc_instant_and_its_printed_local_time(utc: str, local: str, offset: str | None) -> None:
    assert offset_between(utc, local) == offset


@pytest.mark.parametrize(("text", "end"), [
    ("von Redaktion, 24. Februar 2022", 31),
    ("21.01.2022 - 13:30", 10),
    ("no date here", None),
])
def test_date_end_says_where_the_date_parse_date_reads_ends(text: str, end: int | None) -> None:
    assert date_end(text) == end


class _FarFuture(__import__("datetime").date):
    """A clock set decades ahead: a bound that follows today would move with it."""

    @classmethod
    def today(cls):  # type: ignore[override]
        return cls(2061, 1, 1)


def test_dates_are_judged_by_a_fixed_bound_not_by_today(monkeypatch) -> None:
    from newsparse import dates, parse

    page = ('<html><head><title>T</title><meta property="article:published_time" content="2029-03-01T10:00:00Z">'
            "</head><body><article><h1>T</h1><p>" + "Words of the article. " * 40 + "</p></article></body></html>")
    assert parse_date("2029-03-01") == "2029-03-01"  # more than two years after today (2026)
    assert parse(page.encode()).published == "2029-03-01T10:00:00+00:00"
    assert parse_date("2071-01-01") is None  # far ahead is still junk
    monkeypatch.setattr(dates._dt, "date", _FarFuture)
    dates._parse_date_cached.cache_clear()
    try:
        assert parse_date("2029-03-01") == "2029-03-01"
        assert parse_date("2059-06-01") is None
        assert parse(page.encode()).published == "2029-03-01T10:00:00+00:00"
    finally:
        dates._parse_date_cached.cache_clear()


@pytest.mark.parametrize(("text", "expected"), [
    ("Von: Björn Jahner | 31.10.23", "2023-10-31"),
    ("Tipps von Marie Jaster 6.11.22", "2022-11-06"),
    ("Version 1.2.23.4", None),  # a version number, not a date
    ("Code 10.11.234", None),
    ("31.02.23", None),  # no such day
])
def test_short_year_dates_are_read_only_when_asked(text: str, expected: str | None) -> None:
    assert parse_short_year_date(text) == expected
    assert parse_date(text) is None  # never by the general parser


def test_dates_set_with_bars_between_the_parts() -> None:
    # Some magazine themes print the date line as "26 | 01 | 2022".
    assert parse_date("26 | 01 | 2022") == "2022-01-26"
    assert parse_date("3|11|2021 Schweiz | Praxis") == "2021-11-03"
    assert parse_date("06 | 09 | 2023", day_first=False) == "2023-06-09"
    # A pager or a score is not a date: the last part must be a year.
    assert parse_date("Seite 1 | 2 | 3 | 2024er Jahrgang") is None
    assert parse_date("1 | 2 | 2024 | 2025") is None


def test_date_span_says_where_the_date_starts_and_ends_without_its_time() -> None:
    assert date_span("von Redaktion, 24. Februar 2022") == (15, 31)
    assert date_span("  21.01.2022   - 13:30") == (0, 10)  # whitespace collapsed, the time left out
    assert date_span("no date here") is None
