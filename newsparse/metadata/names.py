"""Author names from a byline's text: `split_author_names` drops prefixes ("By", "Von"),
roles, dates, e-mail addresses and links and splits the rest into names; the tests here
say whether a word is a name, a login, a role or a date.

It works on strings only: it does not read the page (bylines.py and authors.py do) and
does not decide which names are the article's authors (authors.py does).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from newsparse.dates import MONTHS
from newsparse.metadata.page import (
    MAX_NAME_WORDS,
    PARENTHETICAL,
    PUBLISHED_LABEL_WORDS,
    cached_for_short_strings,
    clean_text,
)
from newsparse.rules import LazyPattern

# ----------------------------------------------------------------------------- constants

# A part of a byline with this many words, two of them lower case (not "van", "de"...) and
# no digits, is a sentence: the text is prose that a conjunction split, not a list of names.
MIN_SENTENCE_WORDS = 4
MAX_NAME_CHARS = 60

# A lower-case word this long is a login ("fhaacker"); shorter ones are kept as printed.
MIN_LOGIN_CHARS = 4
# Leading byline words in the languages newsparse meets most (case-insensitive).
BYLINE_WORDS = (
    r"(?:(?:written|posted|reported|published|submitted|text|words|story|compiled|article|"
    r"analysis|opinion|commentary|review|column|essay|interview)\s+by|"
    r"(?:veröffentlicht|geschrieben|publiziert|verfasst|erstellt|eingestellt|gespeichert|gepostet|"
    r"(?:ein\s+|blog\s*)?beitrag|artikel|text|ein\s+kommentar)\s+von|"
    r"text\s*(?:&|und|and|et|y)\s*(?:fotos?|bilder?|photos?)|"
    r"(?:publié|écrit|rédigé|publicado|escrito|scritto|pubblicato|geschreven)\s+(?:par|por|da|door)|"
    r"by|von|vom|par|por|door|przez|av|af|od|"
    r"aut(?:or|hor|eur|ore|ora|orin)(?:\(?in\)?|s|es|en|innen)?|автор(?:ы)?|texte?|tekst|texto)\b"
)
DESK_LABEL = r"(?:redaktion|rédaction|redacción|redazione)\s*[:：]"
BYLINE_PREFIX = re.compile(rf"^\s*{BYLINE_WORDS}\s*[:：\-–—]?\s*|^\s*{DESK_LABEL}\s*", re.IGNORECASE)
# Credits for people other than the writers end the author part of a byline.
OTHER_CREDITS = re.compile(
    r"\b(?:edited|photos?|photographs?|photography|illustrations?|graphics|video|translated|"
    r"reviewed|fact[- ]checked|additional\s+reporting)\s+by\b.*$|\bon\s+behalf\s+of\b.*$|"
    r"\b(?:fotos?|bilder|redigiert|übersetzt|photos?|traduit|traducción|foto|illustrations?|"
    r"illustrationen|grafik(?:en)?|kamera|schnitt)\s*(?::|von|par|de|por)\s.*$",
    re.IGNORECASE,
)
# Account names that CMSs print when nobody signed the article, the labels they print in
# the author's place on ads and sponsored posts ("von Gesponserte Inhalte"), a photo
# credit's "Courtesy" standing alone, and the labels of page widgets that a loose byline
# match picks up (a template's "Text Link" placeholder, a text-size "Size"); spaces as "-".
PLACEHOLDER_NAMES = frozenset("""
admin administrator webmaster editor user guest anonymous anonym anónimo anonyme unknown
super-user superuser no-author none null undefined author autor
sponsored sponsored-content sponsored-post promoted promoted-content advertisement advertorial
paid-content paid-post partner-content gesponsert gesponserte-inhalte anzeige werbung
contenido-patrocinado publicidad contenu-sponsorisé publicité contenuto-sponsorizzato pubblicità
courtesy cortesía cortesia
link share size print
""".split())
# News agencies, as a byline names them after the writer ("By JILL LAWLESS Associated Press").
# Alone they are the byline a page gives and stay.
WIRE_SERVICES = frozenset({"associated press", "ap", "reuters", "afp", "dpa", "apa", "ansa", "efe",
                           "kyodo", "xinhua", "pap", "ap news"})
# A byline that starts with "our" credits a desk or a correspondent by their post ("By Our
# Foreign Staff", "Von unserem Korrespondenten"), not by name.
DESK_POSSESSIVES = frozenset("""
our unser unsere unserem unserer unseren notre nos nuestro nuestra nuestros nostro nostra nostri
""".split())
# Italian/Portuguese/French-style lower-case "di"/"da"/"de" before a capitalised name.
LOWERCASE_NAME_PREFIX = re.compile(r"^(?:di|da|de)\s+(?=[A-ZÀ-ÖØ-Þ])")
# Boilerplate that sits inside author boxes next to the name.
AUTHOR_BOILERPLATE = re.compile(
    r"e-?mail(?:\s+the)?(?:\s+author)?|follow(?:\s+(?:me|us|on|@?\w+))*|twitter|facebook|"
    r"linkedin|instagram|view\s+(?:all\s+)?(?:posts|articles|stories)(?:\s+by)?|"
    r"(?:all\s+)?(?:posts|articles|stories)\s+by|more\s+(?:by|from|articles)|see\s+all|"
    r"(?:alles|alle\s+(?:beiträge|artikel|texte)|mehr(?:\s+(?:beiträge|artikel|texte))?)\s+von|"
    r"and\s+contributors|and\s+others|author\s+profile|show\s+more|contact(?:\s+the\s+author)?|"
    r"bio(?:graphy)?",
    re.IGNORECASE,
)
# "Datum: 19.11.2021 Autor: Fritz Imhof Quelle: Livenet": the author label inside a longer
# meta line; the name runs to the next "Label:".
AUTHOR_LABEL = re.compile(
    r"(?:^|\s)(?:(?i:autor(?:in)?|author|auteur|autore|verfasser(?:in)?|автор)\s*:|"
    r"(?:Autor(?:in)?|Author|Auteur|Autore|Verfasser(?:in)?|Автор)\s+(?=[A-ZÀ-ÖØ-ÞА-Я]))\s*")
NEXT_LABEL = LazyPattern(r"\s\S+\s*:(?:\s|$)")
# Numeric dates and clock times glued to a byline: "04.02.2022 | 13:10 Uhr | Uta Helkenberg".
NUMERIC_DATE_OR_TIME = re.compile(
    r"(?<!\w)(?:\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h|[ap]\.?m\.?))?)(?!\w)",
    re.IGNORECASE)
# Hyphenation hints that CMSs put into long words, names included ("Mat\xadthi\xadas").
SOFT_HYPHEN = "\xad"
# Starts only where a word starts, and the part before the first "@" holds no other:
# "\S+@\S+" tried every position and every "@", cubic on a 100 kB byline (22 s).
EMAIL = re.compile(r"(?<!\S)@*[^\s@]+@\S+\.\w+")
WEB_ADDRESS = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
HANDLE = re.compile(r"(?<![\w.])@\w+")
# Separators between several names: punctuation, then "and" in several languages
# (lower case only, so initials like "E." are never taken for "e").
# (?<!\s): a separator is tried from the start of a run of spaces only, not from each
# space in it, which made a long run quadratic.
NAME_SEPARATOR = re.compile(
    r"(?<!\s)\s*(?:[,;|•·]|\s&\s|&|\s(?:and|und|et|y|e|i|и|en|og|och|ve|és|oraz)\s)\s*"
)
# Job titles that follow a name in bylines ("Jane Doe, Staff Writer"); a name
# made only of these words is a role, not a person.
ROLE_WORDS = frozenset("""
staff writer writers reporter reporters correspondent correspondents editor editors
contributor contributors contributing columnist senior chief associate assistant deputy
managing political news desk journalist photographer special guest freelance team
redakteur redakteurin korrespondent korrespondentin journaliste rédacteur rédactrice
envoyé envoyée spécial spéciale corresponsal redactor redactora redattore giornalista
inviato correspondente repórter редактор корреспондент reporterin chefredakteur
chefredakteurin volontär volontärin autorin gastautor gastautorin herausgeber
author founder reviewer lead director
""".split())
# A role word that names a group rather than one person's job: "Camphouse Team" is how the
# page credits the writers, and the word stays when it ends a longer name.
COLLECTIVE_ROLE_WORDS = frozenset({"team"})
# Words that start a date label as printed after a byline ("Jane Doe Last updated 3 May"):
# cut with the date they introduce, not kept as a surname.
DATE_LABEL_STARTS = frozenset({"last", "zuletzt", "dernière"})
# Weekday names that start a date glued to a byline ("..., Tribune Staff Writer Tuesday, March 9").
WEEKDAYS = frozenset("""
monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
lundi mardi mercredi jeudi vendredi samedi dimanche
lunes martes miércoles jueves viernes sábado domingo
lunedì martedì mercoledì giovedì venerdì sabato domenica
segunda terça quarta quinta sexta maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
""".split())
# Words that introduce a date glued to a byline ("Jane Doe Updated 3 hours ago").
DATE_LEAD_WORDS = frozenset("""
updated published posted on at am um le el il em op aktualisiert veröffentlicht publié stand
publicado pubblicato gepubliceerd opublikowano обновлено опубликовано
""".split())
# Lower-case name particles allowed in visible bylines: "Ursula von der Leyen".
NAME_PARTICLES = frozenset("van von der den de del della di da dos das du la le al bin ben y e".split())


# ----------------------------------------------------------------------------- a name and where it came from


class Name(NamedTuple):
    name: str
    url: str | None = None
    organization: bool = False
    person: bool = False  # typed Person in JSON-LD
    marked: bool = False  # printed in markup that names the author outright (AUTHOR_MARK)


# ----------------------------------------------------------------------------- a byline's text -> names


def split_author_names(raw: str) -> list[str]:
    """A raw byline -> clean person names: prefixes, roles, dates, e-mail and links removed."""
    return list(_split_author_names(raw))


# A page gives the same byline text more than once (its JSON-LD article and page objects,
# a meta tag and the byline printed), and each costs some twenty regex passes.
@cached_for_short_strings(maxsize=128)
def _split_author_names(raw: str) -> tuple[str, ...]:
    text = clean_text(raw.replace(SOFT_HYPHEN, "") if SOFT_HYPHEN in raw else raw)
    if not text:
        return ()
    label = AUTHOR_LABEL.search(text)
    if label and label.start() > 0:
        text = text[label.end():]
        following = NEXT_LABEL.search(text)
        text = text[:following.start()] if following else text
    text = WEB_ADDRESS.sub(" ", EMAIL.sub(" ", text))
    text = NUMERIC_DATE_OR_TIME.sub("|", HANDLE.sub(" ", text))
    text = PARENTHETICAL.sub(" ", OTHER_CREDITS.sub("", _strip_byline_prefix(text)))
    text = AUTHOR_BOILERPLATE.sub("|", text)
    text = _strip_byline_prefix(text)
    parts = NAME_SEPARATOR.split(text)
    if "&" in text and any(len(part.strip()) == 1 for part in parts):
        parts = [text]  # "Mac & i", "AT&T": the ampersand belongs to one name
    if len(parts) > 1 and any(_reads_as_sentence(part) for part in parts):
        # "#Krótko o przepisach prawa w Nowej Zelandii i Polsce": the "i" ("and") joins
        # the words of a sentence (here a series title), not names; "Polsce" is no writer.
        return ()
    names: list[str] = []
    roles_dropped = False
    for part in parts:
        name = _clean_name(part)
        if name is None:
            continue
        if _is_role(name) or (names and (_ends_with_role(part) or _ends_with_role(name))):
            # "Henri Bélanger, Tribune Staff Writer": what follows a name and ends in a
            # job title describes that person (also once a glued date is cut off:
            # "CNN Editor-at-large Updated 1909 GMT").
            roles_dropped = True
            continue
        if name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    if not names and roles_dropped:
        # A byline that is only a role ("Staff Writer") is all the page gives.
        names = [n for n in (_clean_name(p) for p in parts) if n][:1]
    # "Jane Doe, Reuters": a lone one-word agency next to full names is a credit, not an author.
    if len(names) > 1 and any(" " in n for n in names):
        names = [n for n in names if " " in n]
    return tuple(names)


def _strip_byline_prefix(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = text.strip(" :|-–—·•,;")
        text = BYLINE_PREFIX.sub("", text, count=1)
        text = LOWERCASE_NAME_PREFIX.sub("", text, count=1)
    return text


def _clean_name(part: str) -> str | None:
    part = _strip_byline_prefix(part.strip())
    words = part.split()
    # Cut at a glued date or time: "Jane Doe 7 September 2023", "Jane Doe Updated 3 hours ago",
    # "Jane Doe am Samstag" (a login like "Marianne1" keeps its digits).
    for index, word in enumerate(words):
        if (word[0].isdigit() or (index and word in DATE_LEAD_WORDS) or word.lower() in PUBLISHED_LABEL_WORDS
                or (index and _starts_date_label(words, index))):
            # "Publiziert am 13. Januar 2014": a date label in an author-classed element is no name.
            words = words[:index]
            break
    while words and is_date_word(words[-1]):
        words.pop()
    # "Jane Doe Staff Writer": trailing job titles go, as long as a full name stays.
    while len(words) > 2 and _role_key(words[-1]) in ROLE_WORDS - COLLECTIVE_ROLE_WORDS and not _is_phrase(words):
        words.pop()
    # "ERIC TUCKER Associated Press": the agency the writer files for, glued on.
    for size in (2, 1):
        if len(words) >= size + 2 and " ".join(words[-size:]).casefold().strip(".,") in WIRE_SERVICES:
            words = words[:-size]
            break
    words = _undouble(words)
    if len(words) > 2 and words[0].isupper() and words[0] == "".join(word[0] for word in words[1:]).upper():
        # "CM Craig McCarthy": the initials an avatar shows when the writer has no photo.
        words = words[1:]
    if words and words[0].casefold() in DESK_POSSESSIVES:
        # "Our Foreign Staff" is a desk, not a person; "unserem Korrespondenten Peter
        # Müller" names one after the post.
        post = next((index for index, word in enumerate(words) if _is_role_word(word)), len(words))
        while post + 1 < len(words) and _is_role_word(words[post + 1]):
            post += 1  # "notre envoyé spécial Jean Dupont"
        words = words[post + 1:]
    name = " ".join(words).strip(" .,:;-–—'\"()[]|•·*/")
    if not name or len(name) > MAX_NAME_CHARS or len(name.split()) > MAX_NAME_WORDS:
        return None
    if not any(ch.isalpha() for ch in name) or name.casefold().replace(" ", "-") in PLACEHOLDER_NAMES:
        return None
    return name


def _starts_date_label(words: list[str], index: int) -> bool:
    """"Last Updated:" after a name: the label of the date that follows, however written."""
    return (words[index].lower() in DATE_LABEL_STARTS and index + 1 < len(words)
            and words[index + 1].lower().rstrip(":") in DATE_LEAD_WORDS)


def _is_phrase(words: list[str]) -> bool:
    """Words of a phrase, not a name and its job title: one is lower case and neither a name
    particle nor a role ("Dublin Core property author" names a property, no author)."""
    return any(word.islower() and word not in NAME_PARTICLES and _role_key(word) not in ROLE_WORDS
               for word in words)


def _is_role_word(word: str) -> bool:
    """A job title, declined or not ("Korrespondenten", "Redakteurs")."""
    key = _role_key(word)
    return key in ROLE_WORDS or any(key.endswith(ending) and key[:-len(ending)] in ROLE_WORDS
                                    for ending in ("en", "n", "s"))


def _undouble(words: list[str]) -> list[str]:
    """"Jane Doe Jane Doe" (a name printed twice, e.g. for two screen sizes) -> "Jane Doe"."""
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        return words[:half]
    return words


def _is_role(name: str) -> bool:
    return all(_role_key(word) in ROLE_WORDS for word in name.split())


def _ends_with_role(part: str) -> bool:
    words = [w for w in part.split() if not is_date_word(w) and not w[0].isdigit()]
    return bool(words) and _role_key(words[-1]) in ROLE_WORDS


def _role_key(word: str) -> str:
    """"Editor-at-large," -> "editor": a compound title counts by its first part."""
    return word.lower().strip(".,").split("-", 1)[0]


def _reads_as_sentence(text: str) -> bool:
    """Several words, two of them lower case, and no digits (a written date is no sentence)."""
    words = text.split()
    if len(words) < MIN_SENTENCE_WORDS or any(ch.isdigit() for ch in text):
        return False
    return sum(1 for word in words if word[0].islower() and word not in NAME_PARTICLES) >= 2


# ----------------------------------------------------------------------------- what a name looks like


def looks_like_handle(name: str) -> bool:
    """A CMS login rather than a printed name: "jane.doe", "jane_doe", "janedoe1970"."""
    if " " in name:
        return False
    return any(ch in name for ch in "._@") or (name.islower() and len(name) >= MIN_LOGIN_CHARS)


def is_date_word(word: str) -> bool:
    lowered = word.lower().strip(".,:")
    return lowered in DATE_LEAD_WORDS or lowered in MONTHS or lowered in WEEKDAYS


def looks_like_visible_name(name: str) -> bool:
    """Visible text needs capitalised words to pass for a name; structured fields are trusted more."""
    words = name.split()
    if len(words) > 5:
        return False
    capitalised = [w for w in words if w[0].isupper()]
    return bool(capitalised) and all(w[0].isupper() or w.lower() in NAME_PARTICLES for w in words)
