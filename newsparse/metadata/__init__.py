"""DOM -> article metadata: each field an explicit fallback chain.

Sources are tried in the order in which they are most often right:

1. JSON-LD (schema.org Article and friends, through @graph and @id links);
2. meta tags: OpenGraph, article:*, Twitter, Dublin Core, citation_*, and
   the plain name="author"/"date" family, plus itemprop microdata;
3. what the page shows: <title>, the article's <h1>, <time>, bylines,
   <html lang>, <link rel=canonical>.

The pipeline calls `extract_metadata` on the unmodified tree, before content
extraction prunes it. `Metadata.provenance` records, for each field found,
which source won, so users can judge how far to trust it.
"""
from __future__ import annotations

import collections
import html
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from selectolax.lexbor import LexborHTMLParser

from newsparse.dates import is_after
from newsparse.metadata.bylines import AUTHOR_MARK, is_hidden, visible_bylines
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
    base_href_of,
    body_text,
    clean_text,
    compact_key,
    content_tier_of,
    json_text,
    json_types,
    main_objects,
    matches_site,
    meta_values,
    read_page,
    resolve,
    site_name_candidates,
    unfolded_visible_text,
    visible_text,
)
from newsparse.metadata.published import (
    declared_offset,
    find_modified,
    find_published,
    printed_offset,
    to_local,
)
from newsparse.metadata.site import (
    find_description,
    find_image,
    find_language,
    find_section,
    find_site_name,
    find_tags,
    find_url,
    site_name_from_title,
    writes_day_first,
)
from newsparse.metadata.title import find_title
from newsparse.model import Author, Image
from newsparse.rules import LazyPattern

__all__ = ["Metadata", "extract_metadata"]

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

AUTHOR_META = ("dc.creator", "dcterm.creator", "dcterms.creator", "author", "article:author",
               "og:article:author", "citation_author", "parsely-author", "sailthru.author", "byl", "twitter:creator")
PUBLISHER_META = ("publisher", "dc.publisher", "dcterms.publisher")
# Bibliographic keys that write one person per tag as "Last, First".
INVERTED_NAME_META = frozenset({"dc.creator", "dcterm.creator", "dcterms.creator", "citation_author"})
# "Jong, Michiel de" / "Doe, J.": one comma between a surname and given names.
INVERTED_NAME = LazyPattern(r"^\s*([^,\d]{2,40}),\s*([^,\d]{1,40})$")
# Sources too weak to win over a visible byline.
WEAK_AUTHOR_META = frozenset({"twitter:creator"})


# ----------------------------------------------------------------------------- record


@dataclass(frozen=True)
class Metadata:
    url: str | None = None
    title: str | None = None
    description: str | None = None
    authors: tuple[Author, ...] = ()
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    language: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    image: Image | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    # The page's JSON-LD, parsed (leniently) once for the later stages: access, data bodies.
    json_ld: tuple[Any, ...] = ()
    # Read in the same walk for the later stages, which would each need a walk of their
    # own: the first <base href> (stripped; "" when none), and the content attribute of
    # the first OpenGraph content-tier meta (None when none).
    base_href: str = ""
    content_tier: str | None = None


# ----------------------------------------------------------------------------- entry point


def extract_metadata(tree: LexborHTMLParser, *, page_url: str | None = None,
                     saved_at: str | None = None) -> Metadata:
    """Read title, authors, dates and the other fields from an unmodified parsed page.

    `saved_at` is when the copy was made (a SingleFile or browser save, an archive
    capture), as ISO 8601: a date printed on the page that day is not the article's."""
    page = read_page(tree, page_url)
    page.saved_day = saved_at[:10] if saved_at else None
    provenance: dict[str, str] = {}

    def pick(name: str, found: tuple[Any, str] | None) -> Any:
        if found is None:
            return None
        provenance[name] = found[1]
        return found[0]

    url = pick("url", find_url(page))
    site_name = pick("site_name", find_site_name(page))
    language = pick("language", find_language(page))
    authors = pick("authors", _find_authors(page, site_name, url)) or ()
    title = pick("title", find_title(page, site_name, url or page_url, [a.name for a in authors]))
    if site_name is None:
        site_name = pick("site_name", site_name_from_title(page, title))
    day_first = writes_day_first(language)
    published = pick("published", find_published(page, day_first, url or page_url))
    modified = pick("modified", find_modified(page, day_first))
    local_offset = declared_offset(page, day_first) or (published and printed_offset(page, published, day_first))
    if local_offset:
        published = published and to_local(published, local_offset)
        modified = modified and to_local(modified, local_offset)
    if published and modified and is_after(published, modified):
        # A modification before publication is a scheduled post's last draft: the page
        # shows the publication date (the later one), the draft date is not news.
        modified = None
        del provenance["modified"]
    return Metadata(
        url=url,
        title=title,
        description=pick("description", find_description(page)),
        authors=tuple(authors),
        published=published,
        modified=modified,
        site_name=site_name,
        language=language,
        section=pick("section", find_section(page)),
        tags=tuple(pick("tags", find_tags(page)) or ()),
        image=pick("image", find_image(page)),
        provenance=provenance,
        json_ld=tuple(page.json_values),
        base_href=base_href_of(page.survey),
        content_tier=content_tier_of(page.survey),
    )


# ----------------------------------------------------------------------------- authors


def _find_authors(page: Page, site_name: str | None, url: str | None) -> tuple[list[Author], str] | None:
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
        names = [n for n in names if not _is_organization(n, site_names) and not _is_phrase(n.name)]
        if source != "byline":
            names = [_printed_name_of_login(n, page) for n in names]
            # A name the page never shows is a CMS account, the web agency or a template
            # default more often than the writer: structured sources must be corroborated.
            names = [n for n in names if _shown_on_page(n.name, page)]
        people = [n for n in names if not looks_like_handle(n.name)]
        if people:
            return _with_profile_urls(_complete_first_names(people, page), page), source
        if names and fallback is None and (source == "byline" or not _printed_only_hidden(names, page)):
            # A structured login that the page prints only in an invisible hCard is the
            # CMS account that saved the post, not a name readers are given.
            fallback = _with_profile_urls(names, page), source
    return fallback or credit or site_credit


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


def _is_organization(name: Name, site_names: list[str]) -> bool:
    return (name.organization or bool(ORGANIZATION_NAME.search(name.name))
            or bool(DOMAIN_NAME.search(name.name))
            or compact_key(name.name) in {compact_key(site) for site in site_names})


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
    for found in printed.finditer(text):
        follower = FOLLOWING_WORD.match(text, found.start() + len(first)) if found.start() >= end else None
        if follower:
            followers.append(follower.group(1))
            end = follower.end()
    surnames = collections.Counter(
        surname for surname in followers
        if surname[:1].isupper() and not is_date_word(surname) and surname.lower() not in ROLE_WORDS)
    if not surnames:
        return None
    return Name(f"{first} {surnames.most_common(1)[0][0]}")


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
