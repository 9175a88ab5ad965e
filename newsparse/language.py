"""A light guess at a page's language, for pages that do not declare one.

Two signals, both conservative: the writing system (Hangul, kana, Han, Cyrillic,
Greek, Arabic, Hebrew, Thai each point at one language or a small family), and
for Latin-script text the share of words that are the commonest function words
of one language. Too little text, or two languages scoring close, gives None:
no language is better than a wrong one.
"""
from __future__ import annotations

import re
from collections import Counter

from selectolax.lexbor import LexborHTMLParser

__all__ = ["detect_language", "guess_language"]

# Fewer words than this is a caption or a teaser, not enough to tell languages apart.
MIN_WORDS = 40
# Enough text to decide; reading more only costs time.
MAX_CHARS = 6000
# Share of letters a script needs to decide the language on its own.
MIN_SCRIPT_SHARE = 0.4
# Latin text: the winner's function words must make up this share of all words...
MIN_STOPWORD_SHARE = 0.12
# ...and outnumber the runner-up's by this factor (Spanish and Portuguese share many).
MIN_LEAD = 1.5

# The commonest short function words; words shared by several languages are left out
# or kept only where they are far more frequent ("de" in all Romance languages is out).
STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to is in that it was for with as on are this be by have from not "
              "at but they which you his her were has their been would will there what when",
        "de": "der die und das ist nicht ein eine mit sich auf dem den des zu von auch als "
              "wird werden wurde sind im für bei aus nach oder wie noch aber einer einem",
        "fr": "le la les et des est une du dans pour que qui pas sur au avec ce sont plus "
              "par il elle ont été aux cette mais ou nous vous leur",
        "es": "el la los las y que del en por para con una es se su al lo como más pero "
              "fue sus este esta son ya muy también hay",
        "it": "il di che la le è per un una del della non con sono nel gli alla dei si "
              "anche più ha ma come delle questo essere",
        "pt": "o a os as que do da em para com um uma não no na por se dos das ao mais "
              "foi são pelo pela também seu sua está",
        "nl": "de het een en van in is dat op te zijn met voor niet aan er om ook als "
              "bij maar wordt uit dan nog naar heeft",
        "pl": "i w na z się nie do to że jest o jak po co ale przez od za są dla być "
              "który które jego oraz tym",
    }.items()
}
WORD = re.compile(r"[^\W\d_]+")

# Script ranges (first, last code point) and the language each one means.
SCRIPTS = (
    ("ko", 0xAC00, 0xD7AF),  # Hangul syllables
    ("ja", 0x3040, 0x30FF),  # Hiragana and Katakana
    ("zh", 0x4E00, 0x9FFF),  # CJK ideographs (Japanese also uses them; kana decide)
    ("ru", 0x0400, 0x04FF),  # Cyrillic (Ukrainian told apart by its own letters)
    ("el", 0x0370, 0x03FF),
    ("ar", 0x0600, 0x06FF),
    ("he", 0x0590, 0x05FF),
    ("th", 0x0E00, 0x0E7F),
)
# Letters Ukrainian has and Russian lacks.
UKRAINIAN_LETTERS = frozenset("іїєґІЇЄҐ")
# Kana make up at least this share of a Japanese text's CJK letters.
MIN_KANA_SHARE = 0.15


def detect_language(tree: LexborHTMLParser) -> str | None:
    """The language of the page's paragraph text, or None when unsure."""
    parts: list[str] = []
    length = 0
    for node in tree.css("p"):
        text = node.text(deep=True, separator=" ")
        parts.append(text)
        length += len(text)
        if length > MAX_CHARS:
            break
    return guess_language(" ".join(parts))


def guess_language(text: str) -> str | None:
    """A primary language subtag for `text` ("de", "ja"), or None when unsure."""
    text = text[:MAX_CHARS]
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    by_script = _script_counts(letters)
    cjk = by_script.get("zh", 0) + by_script.get("ja", 0)
    if cjk >= MIN_SCRIPT_SHARE * len(letters) and cjk >= 100:
        return "ja" if by_script.get("ja", 0) >= MIN_KANA_SHARE * cjk else "zh"
    words = WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return None
    for lang, count in by_script.items():
        if lang not in ("zh", "ja") and count >= MIN_SCRIPT_SHARE * len(letters):
            if lang == "ru" and any(ch in UKRAINIAN_LETTERS for ch in text):
                return "uk"
            return lang
    # Count each distinct word once, then score the languages from the counts.
    counts = Counter(words)
    scores = sorted(((sum(counts[w] for w in stop if w in counts), lang) for lang, stop in STOPWORDS.items()),
                    reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    if best < MIN_STOPWORD_SHARE * len(words) or best < MIN_LEAD * second:
        return None
    return lang


def _script_counts(letters: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    # Latin letters (below U+0370) are decided by words: skip them before the per-letter loop.
    for ch in (ch for ch in letters if ch >= "\u0370"):
        code = ord(ch)
        for lang, first, last in SCRIPTS:
            if first <= code <= last:
                counts[lang] = counts.get(lang, 0) + 1
                break
    return counts
