"""How far to trust a metadata field: the rule, in one place.

Each finder says what backs the value it chose (an `Evidence`); `confidence_level` turns
that into the level the record gives in `confidence`:

- ``high``: the page's structured data (JSON-LD, meta tags, microdata) and what it shows
  readers (the headline, the byline, a date printed in the article) give the same value;
- ``medium``: one strong source gave it, and no other source on the page gives another
  value: structured data alone, a byline the page prints, a ``<time>`` or the date line in
  the article's header, a headline its <title> repeats;
- ``low``: only a weak signal gave it (a date in loose text, the URL path or the <title>, a
  heading nothing else confirms, a name only twitter:creator gives), or the page's sources
  disagree (its data gives one date, its header prints another) and one was picked.

A field the page does not give has no level. The levels are checked against the dev
corpora by bench/dates_vs_htmldate.py, which prints each field's accuracy per level.
"""
from __future__ import annotations

from typing import NamedTuple

HIGH, MEDIUM, LOW = "high", "medium", "low"


class Evidence(NamedTuple):
    """What backs a field's value: whether the page's structured data gives it, whether the
    page shows it to readers, whether the source it was taken from is a strong one, and
    whether the data or the page gives another value instead."""

    declared: bool
    shown: bool
    strong: bool
    contradicted: bool = False


def confidence_level(evidence: Evidence) -> str:
    """high when structured data and the visible page agree, medium when one strong source
    gave the value and nothing on the page says otherwise, low when only a weak source
    gave it or the page's sources disagree."""
    if evidence.declared and evidence.shown:
        return HIGH
    if evidence.strong and not evidence.contradicted:
        return MEDIUM
    return LOW
