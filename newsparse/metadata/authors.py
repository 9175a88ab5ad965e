"""Finds the article's authors: the first source that names people, strongest first
(JSON-LD, meta tags, the visible byline that bylines.py reads, twitter:creator).

Structured names must be shown on the page; organisations, the site itself and
placeholder accounts are dropped; a lone first name is completed and profile URLs are
filled in from other sources. It does not clean name strings (names.py) or read the
byline's markup (bylines.py), and finds no title or date.
"""
from __future__ import annotations

import collections
import html
import re
from typing import Any, Iterator

from newsparse.metadata.bylines import AUTHOR_MARK, is_hidden, visible_bylines
from newsparse.metadata.confidence import Evidence
from newsparse.metadata.names import (
    NAME_PARTICLES,
    ROLE_WORDS,
    WEB_ADDRESS,
    Name,
    is_date_word,
    looks_like_handle,
    looks_like_visible_name,
    split_author_names,
)
from newsparse.metadata.page import (
    Page,
    absolute_url,
    body_text,
    clean_text,
    compact_key,
    json_text,
    json_types,
    main_objects,
    matches_site,
    meta_values,
    once_per_page,
    resolve,
    site_address_names,
    site_name_candidates,
    unfolded_visible_text,
    visible_text,
)
from newsparse.model import Author
from newsparse.rules import LazyPattern

# ----------------------------------------------------------------------------- constants

# Types that name an organisation, not a person, when they appear as author.
ORGANIZATION_TYPE = LazyPattern(r"organi[sz]ation$|^corporation$|^newsmedia|^brand$|^website$")

# What joins first and last name in a login ("jane.doe", "jane_doe").
LOGIN_NAME_PARTS = re.compile(r"[._]")
# Legal forms and institutions: a byline name holding one of these words is an
# organisation ("Olympia-Verlag GmbH", "Auswärtiges Amt"). Editorial desks ("Redaktion",
# "Redacción EC") are not here: a desk credit is what the page prints as its byline.
ORGANIZATION_NAME = LazyPattern(
    r"(?:^|[\s(/-])(?:gmbh|ag|kg|ohg|e\.\s?v\.?|ltd\.?|inc\.?|llc|plc|s\.a\.|sarl|s\.r\.l\.|corp\.?|"
    r"verlag|verlagsgruppe|amt|ministerium|ministry|bundesverband|verband|"
    r"stiftung|foundation|institut|institute|universität|university)(?=$|[\s).,/-])",
    re.IGNORECASE,
)
# A meta author value that splits into this many one-word parts is an address, not people.
MIN_PARTS_OF_AN_ADDRESS = 3
# A page showing less text than this (a stub, a fixture, text loaded by script) is too
# little to check structured author names against; they are taken as given.
MIN_TEXT_TO_CORROBORATE = 1500
# A web address given as a name: "kath.net", "Redaktion datev.de", "INTERIA.PL".
DOMAIN_NAME = LazyPattern(r"(?:[a-z0-9-]\.(?:[a-z]{2,3}|info|online)|[A-Z0-9-]\.[A-Z]{2,3})(?:$|\s)")
# The capitalised word after a lone first name printed on the page, its likely surname
# ("Todd" -> "Todd Bates"): see _printed_full_name.
FOLLOWING_WORD = LazyPattern(r"[^\S\x00]+([A-ZÀ-ÖØ-Þ][\w'’-]+)(?![\w.])", re.IGNORECASE)

# The share of the places a lone first name is printed where the surname follows it, at
# least: "Todd" printed once, as "Todd Bates" in the author box, is completed; "Clay" printed
# 63 times, thrice before "Global", is not. On the dev corpora the completions the references
# agree with had a share of 1/4 or more, the others 1/6 or less.
MIN_SURNAME_SHARE = 0.2

# Article types whose writers post under the login the page prints beside each post: a
# forum thread's or a social post's author is that login, not a CMS account.
POSTING_TYPE = LazyPattern(r"^(?:discussionforumposting|socialmediaposting)$")

# A person's name as printed: two to four parts, each a capital and small letters ("Jana
# Roth", "Anna McKay", "Jean-Luc Picard"); brand names are one word or hold capitals
# ("EcoFlow", "CBC Bank", "HR Cloud").
PERSON_NAME = LazyPattern(r"^[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[A-Z][a-zß-öø-ÿ]+)?"
                          r"(?:[-' ][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[A-Z][a-zß-öø-ÿ]+)?){1,3}$")

# The end of a site name written as its address ("Example.de").
TOP_LEVEL_DOMAIN = LazyPattern(r"\.[a-z]{2,3}$", re.IGNORECASE)

# Meta keys, strongest first: lower-cased name/property/itemprop, as page.py's _read_meta keys them.
AUTHOR_META = ("dc.creator", "dcterm.creator", "dcterms.creator", "author", "article:author",
               "og:article:author", "citation_author", "parsely-author", "sailthru.author", "byl", "twitter:creator")
PUBLISHER_META = ("publisher", "dc.publisher", "dcterms.publisher")
# Bibliographic keys that write one person per tag as "Last, First".
INVERTED_NAME_META = frozenset({"dc.creator", "dcterm.creator", "dcterms.creator", "citation_author"})
# "Jong, Michiel de" / "Doe, J.": one comma between a surname and given names.
INVERTED_NAME = LazyPattern(r"^\s*([^,\d]{2,40}),\s*([^,\d]{1,40})$")
# Sources too weak to win over a visible byline.
WEAK_AUTHOR_META = frozenset({"twitter:creator"})
WEAK_AUTHOR_SOURCES = frozenset("meta:" + key for key in WEAK_AUTHOR_META)


# ----------------------------------------------------------------------------- authors


def find_authors(page: Page, site_name: str | None, url: str | None) -> tuple[list[Author], str] | None:
    """The first source that names people; a login name only when no source names a person.

    Organisations are never returned: the site, a company or an editorial desk given
    as "author" tells a reader nothing the site name does not, and users count it as
    a junk author. An organisation is recognised by its JSON-LD type, by matching the
    site's name or address, or by a legal form or desk word in the name.
    """
    site_names = site_name_candidates(page, site_name, url)
    publisher = resolve(page, page.article.get("publisher")) if page.article is not None else None
    if isinstance(publisher, dict) and "person" in json_types(publisher):
        # A one-person site publishes under its owner's name: that name stays a person.
        owner = json_text(publisher)
        site_names = [n for n in site_names if n != owner]
    owners = _address_owners(page, url, tuple(site_names))
    fallback: tuple[list[Author], str] | None = None
    credit: tuple[list[Author], str] | None = None
    site_credit: tuple[list[Author], str] | None = None
    for source, names in _author_sources(page):
        names = _dedupe_names(names)
        if credit is None and publisher is not None:
            credits = [n for n in names if _is_credited_group(n, site_names)]
            if credits:
                credit = [Author(n.name, n.url) for n in credits], source
        if site_credit is None:
            signed = [n for n in names if n.marked and _is_site(n.name, site_names)]
            if signed:
                site_credit = [Author(n.name, n.url) for n in signed], source
        # The owner of a one-person site writes alone: beside other writers, the site's
        # name is the company credited.
        site_owners = owners if len(names) == 1 else frozenset()
        names = [n for n in names if not _is_organization(n, site_names, site_owners) and not _is_phrase(n.name)]
        if source != "byline":
            names = [_printed_name_of_login(n, page) for n in names]
            # A name the page never shows is a CMS account, the web agency or a template
            # default more often than the writer: structured sources must be corroborated.
            names = [n for n in names if _shown_on_page(n.name, page)]
        people = [n for n in names if not looks_like_handle(n.name) or (source == "json-ld" and _posted_by_login(page))]
        if people:
            return _with_profile_urls(_complete_first_names(people, page), page), source
        if names and fallback is None and (source == "byline" or not _printed_only_hidden(names, page)):
            # A structured login that the page prints only in an invisible hCard is the
            # CMS account that saved the post, not a name readers are given.
            fallback = _with_profile_urls(names, page), source
    return fallback or credit or site_credit


def authors_evidence(page: Page, authors: list[Author], source: str, site_name: str | None,
                     url: str | None) -> Evidence:
    """What backs the chosen names: whether the page's structured data (JSON-LD, author
    metas) names each of them, whether its visible byline does, and whether either names
    none of them but someone else (the site or a company credited as author does not count)."""
    site_names = site_name_candidates(page, site_name, url)
    owners = _address_owners(page, url, tuple(site_names))
    wanted = {author.name.casefold() for author in authors}
    declared: set[str] = set()
    printed: set[str] = set()
    for from_source, names in _author_sources(page):
        if from_source in WEAK_AUTHOR_SOURCES:
            continue
        people = (n.name.casefold() for n in names if not _is_organization(n, site_names, owners))
        (printed if from_source == "byline" else declared).update(people)
    # A login is a weak signal (a CMS account), except as a forum posting's author.
    strong = source not in WEAK_AUTHOR_SOURCES and (
        not all(looks_like_handle(a.name) for a in authors) or (source == "json-ld" and _posted_by_login(page)))
    # Names the data or the byline gives that were not taken: the two disagree.
    contradicted = bool(declared and not wanted & declared) or bool(printed and not wanted & printed)
    return Evidence(wanted <= declared, wanted <= printed, strong, contradicted)


def _posted_by_login(page: Page) -> bool:
    return page.article is not None and any(POSTING_TYPE.search(t) for t in json_types(page.article))


def _is_site(name: str, site_names: list[str]) -> bool:
    return compact_key(name) in {compact_key(site) for site in site_names}


def _printed_only_hidden(names: list[Name], page: Page) -> bool:
    wanted = {n.name.casefold() for n in names}
    marks = [node for node in page.tree.css(AUTHOR_MARK)
             if clean_text(node.text(deep=True)).casefold() in wanted]
    return bool(marks) and all(is_hidden(node) for node in marks)


def _is_phrase(name: str) -> bool:
    """Several words starting in lower case: a slogan or a column's title ("selbst ist der
    Mann"), not a person, whose name starts with a capital or a particle ("van der Leyen")."""
    first, _, rest = name.partition(" ")
    return bool(rest) and first.islower() and first not in NAME_PARTICLES


def _is_credited_group(name: Name, site_names: list[str]) -> bool:
    """A JSON-LD author typed Organization that is not the publisher: the page credits a
    group apart from the site ("Contributors to Wikimedia projects", an editorial team of
    another company). The site itself, a company by legal form or a web address is not one."""
    return (name.organization and not ORGANIZATION_NAME.search(name.name)
            and not DOMAIN_NAME.search(name.name)
            and not any(matches_site(name.name, [site]) for site in site_names))


def _printed_name_of_login(name: Name, page: Page) -> Name:
    """"jana.roth" -> "Jana M. Roth" when the page prints that name: a
    structured login made of the writer's first and last names stands for the printed name."""
    parts = LOGIN_NAME_PARTS.split(name.name)
    if " " in name.name or len(parts) != 2 or not all(len(part) > 1 and part.isalpha() for part in parts):
        return name
    first, last = (re.escape(part) for part in parts)
    printed = re.search(rf"(?<!\w){first}(?:\s+[^\W\d_]\.)?\s+{last}(?!\w)", unfolded_visible_text(page),
                        re.IGNORECASE)
    if printed is None or not looks_like_visible_name(printed.group(0)):
        return name
    return Name(" ".join(printed.group(0).split()), name.url, name.organization, name.person, name.marked)


def _shown_on_page(name: str, page: Page) -> bool:
    name = clean_text(name)
    if name in unfolded_visible_text(page):
        # Printed as given: then the case-folded, whitespace-collapsed text holds it too
        # (case folding goes letter by letter), and collapsing and folding the whole text,
        # the costly part, is not needed.
        return True
    if len(visible_text(page)) < MIN_TEXT_TO_CORROBORATE:
        return True
    return name.casefold() in visible_text(page)


def _is_organization(name: Name, site_names: list[str], owners: frozenset[str] = frozenset()) -> bool:
    key = compact_key(name.name)
    return (name.organization or bool(ORGANIZATION_NAME.search(name.name))
            or bool(DOMAIN_NAME.search(name.name))
            or (key in {compact_key(site) for site in site_names}
                and not (key in owners and PERSON_NAME.match(name.name))))


@once_per_page  # the author chain and its evidence ask alike
def _address_owners(page: Page, url: str | None, site_names: tuple[str, ...]) -> frozenset[str]:
    """The site's web address, as compact keys, where only the address names the site so:
    a writer's own domain or blog ("janaroth.com", "janaroth.substack.com"). A person's
    name printed there is the owner who writes, not the site credited as author; a site
    that also calls itself by that name (its og:site_name, its publisher) is credited."""
    addresses = site_address_names(page, url)
    # "LaRepública.pe" names the site by its address: it is named so.
    named = {compact_key(TOP_LEVEL_DOMAIN.sub("", name)) for name in site_names if name not in addresses}
    return frozenset(compact_key(name) for name in addresses) - named


def _with_profile_urls(names: list[Name], page: Page) -> list[Author]:
    """Authors, each with a profile URL taken from any source that links the same name
    (JSON-LD often gives the name alone while the visible byline links it)."""
    wanted = {n.name.casefold() for n in names if not n.url}
    urls: dict[str, str] = {}
    if wanted:
        for _, candidates in _author_sources(page):
            for candidate in candidates:
                if candidate.url:
                    urls.setdefault(candidate.name.casefold(), candidate.url)
            if wanted <= urls.keys():
                break  # later sources cannot change a URL already found
    return [Author(n.name, n.url or urls.get(n.name.casefold())) for n in names]


def _complete_first_names(people: list[Name], page: Page) -> list[Name]:
    """A lone first name ("Todd") completed from a later source that prints "Todd Bates"."""
    lone = {n.name.casefold() + " " for n in people if " " not in n.name}
    if not lone:
        return people
    # The first fuller name for each lone one, reading the sources only as far as needed.
    fuller: dict[str, Name] = {}
    for _, names in _author_sources(page):
        for name in names:
            if " " in name.name:
                for prefix in lone:
                    if prefix not in fuller and name.name.casefold().startswith(prefix):
                        fuller[prefix] = name
        if len(fuller) == len(lone):
            break
    completed = []
    for person in people:
        match = fuller.get(person.name.casefold() + " ") if " " not in person.name else None
        if match is None and " " not in person.name and len(people) == 1:
            # A lone first name beside other names is more often part of a split group
            # name ("Mac & i") than a writer introduced by first name only.
            match = _printed_full_name(person.name, page)
        completed.append(Name(match.name, person.url or match.url) if match else person)
    return completed


def _printed_full_name(first: str, page: Page) -> Name | None:
    """The full name the page prints for a lone first name, if it prints one: the surname
    most often written after it ("Todd" -> "Todd Bates" in the author box)."""
    if not first[:1].isupper() or not first.isalpha():
        return None
    # Where the name is printed, then the word after it. As one regex, with the lookbehind
    # first, the search runs the lookbehind at every position of the text, and compiling it
    # costs as much again; the same lookbehind placed after the first letter tests the same
    # character. What matches an ASCII name case-insensitively is word characters, so no
    # place it is printed starts inside another; other names are looked up ahead, without
    # consuming them. The followers, as findall would find them, do not overlap.
    text = body_text(page)
    name = rf"{re.escape(first[0])}(?<![\w.].){re.escape(first[1:])}"
    printed = re.compile(name if first.isascii() else f"(?={name})", re.IGNORECASE)
    followers: list[str] = []
    end = 0
    times_printed = 0
    for found in printed.finditer(text):
        times_printed += 1
        follower = FOLLOWING_WORD.match(text, found.start() + len(first)) if found.start() >= end else None
        if follower:
            followers.append(follower.group(1))
            end = follower.end()
    surnames = collections.Counter(
        surname for surname in followers
        if surname[:1].isupper() and not is_date_word(surname) and surname.lower() not in ROLE_WORDS).most_common(2)
    if not surnames or (len(surnames) == 2 and surnames[1][1] == surnames[0][1]):
        return None  # two surnames as often: two people of that first name (a commenter)
    surname, count = surnames[0]
    if count < MIN_SURNAME_SHARE * times_printed:
        # A word printed often and seldom followed by that surname is a word of the text
        # or the site's name ("Group", "Clay"), or a first name the byline gives alone.
        return None
    return Name(f"{first} {surname}")


def _author_sources(page: Page) -> Iterator[tuple[str, list[Name]]]:
    """Author candidates per source, strongest first; each source read once, when first
    reached (the author chain, then first-name completion and profile URLs read them)."""
    if page.author_source_reader is None:
        page.author_source_reader = _read_author_sources(page)
    read = page.author_sources
    position = 0
    while True:
        if position == len(read):
            source = next(page.author_source_reader, None)
            if source is None:
                return
            read.append(source)
        yield read[position]
        position += 1


def _read_author_sources(page: Page) -> Iterator[tuple[str, list[Name]]]:
    for obj, source in main_objects(page):
        yield source, _json_ld_names(page, obj.get("author") or obj.get("creator"))
    meta_urls = [v for v, _ in meta_values(page, ("article:author",)) if WEB_ADDRESS.match(v)]
    # An author meta that repeats the publisher meta word for word is the CMS filling the
    # field with the publisher ("Radio Exemple (www.radio.example)"), not a writer.
    publishers = {clean_text(v).casefold() for key in PUBLISHER_META for v in page.meta.get(key, ())}
    for key in AUTHOR_META:
        if key in WEAK_AUTHOR_META:
            continue
        values = page.meta.get(key, ())
        if key in INVERTED_NAME_META:
            values = [_uninvert_name(v) for v in values]
        names = [Name(n, organization=clean_text(value).casefold() in publishers)
                 for value in values for n in split_author_names(value)]
        if len(names) >= MIN_PARTS_OF_AN_ADDRESS and not any(" " in n.name for n in names):
            # "Kirche und Leben, Münster, Germany": one-word parts are an organisation's
            # name and address split apart; meta tags credit people by their full names.
            names = []
        if len(names) == 1 and len(meta_urls) == 1:
            names = [Name(names[0].name, meta_urls[0])]
        yield "meta:" + key, names
    yield "byline", visible_bylines(page)
    weak = [Name(n) for value in page.meta.get("twitter:creator", ()) for n in split_author_names(value)]
    yield "meta:twitter:creator", weak


def _uninvert_name(value: str) -> str:
    """"Jong, Michiel de" -> "Michiel de Jong"; other values unchanged."""
    match = INVERTED_NAME.match(value)
    if not match or len(match.group(1).split()) > 2 or len(match.group(2).split()) > 3:
        return value
    return f"{match.group(2).strip()} {match.group(1).strip()}"


def _json_ld_names(page: Page, value: Any, depth: int = 0) -> list[Name]:
    if depth > 4 or value is None:
        return []
    if isinstance(value, list):
        return [n for item in value for n in _json_ld_names(page, item, depth + 1)]
    if isinstance(value, str):
        return [Name(n) for n in split_author_names(html.unescape(value))]
    if not isinstance(value, dict):
        return []
    value = resolve(page, value)
    types = json_types(value)
    person = "person" in types
    # Yoast types a one-person site's owner as ["Person", "Organization"]: a person.
    organization = not person and any(ORGANIZATION_TYPE.search(t) for t in types)
    raw = value.get("name")
    if isinstance(raw, dict):
        raw = raw.get("name") or raw.get("@value")
    raws = raw if isinstance(raw, list) else [raw]
    url = value.get("url") if isinstance(value.get("url"), str) else None
    url = absolute_url(url, page.base_url)
    names = [n for r in raws if isinstance(r, str) for n in split_author_names(html.unescape(r))]
    return [Name(n, url if len(names) == 1 else None, organization, person) for n in names]


def _dedupe_names(names: list[Name]) -> list[Name]:
    seen: dict[str, Name] = {}
    for name in names:
        key = name.name.casefold()
        if key not in seen or (seen[key].url is None and name.url):
            seen[key] = name
    return list(seen.values())
