"""What the page says about its site and about itself: URL, site name, language (and
whether it writes dates day first), description, section, tags and the lead image.

Each `find_*` is one field's fallback chain over the sources page.py gathers. It does
not find the headline (title.py), the authors (authors.py) or the dates (published.py),
and does not order the chains (__init__.py does).
"""
from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlsplit

from newsparse.metadata.page import (
    MAX_NAME_WORDS,
    SITE_NAME_META,
    Page,
    absolute_url,
    clean_text,
    document_title,
    first_link,
    first_meta,
    first_segment,
    json_text,
    last_segment,
    main_objects,
    meta_values,
    resolve,
)
from newsparse.model import Image

# ----------------------------------------------------------------------------- constants

# Language tags as declared: "en", "en-US", "zh-Hant-TW".
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
# English variants that write dates day first; other English defaults to month first.
DAY_FIRST_ENGLISH = ("en-gb", "en-au", "en-nz", "en-ie", "en-in", "en-za")

# Meta keys, strongest first: lower-cased name/property/itemprop, as page.py's _read_meta keys them.
DESCRIPTION_META = ("og:description", "description", "dc.description", "dcterms.description",
                    "twitter:description")
SECTION_META = ("article:section", "og:article:section", "parsely-section", "section")
TAG_META = ("article:tag", "og:article:tag", "parsely-tags", "news_keywords")
IMAGE_META = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
              "twitter:image:src", "image", "thumbnailurl")
LANGUAGE_META = ("content-language", "language", "dc.language", "og:locale")


# ----------------------------------------------------------------------------- url


def find_url(page: Page) -> tuple[str, str] | None:
    candidates: list[tuple[str, str]] = []
    canonical = first_link(page, "canonical")
    if canonical is not None:
        candidates.append((canonical.get("href") or "", "link:canonical"))
    candidates.extend((value, "meta:" + key) for value, key in meta_values(page, ("og:url", "twitter:url")))
    for obj, source in main_objects(page):
        entity = obj.get("mainEntityOfPage")
        if isinstance(entity, dict):
            entity = entity.get("@id") or entity.get("url")
        for value in (obj.get("url"), entity):
            if isinstance(value, str):
                candidates.append((value, source))
    # A canonical pointing at the home page is a template default; a deeper URL is the article.
    # Candidates are resolved (urljoin is slow) only up to the first deep one.
    first: tuple[str, str] | None = None
    for href, source in candidates:
        url = absolute_url(href, page.base_url)
        if url:
            if urlsplit(url).path.strip("/"):
                return url, source
            first = first or (url, source)
    return first


# ----------------------------------------------------------------------------- site name, language


def find_site_name(page: Page) -> tuple[str, str] | None:
    found = first_meta(page, ("og:site_name",))
    if found:
        return found
    if page.article is not None:
        name = json_text(resolve(page, page.article.get("publisher")))
        if name:
            return name, "json-ld:publisher"
    if page.web_site is not None:
        name = json_text(page.web_site.get("name"))
        if name:
            return name, "json-ld:website"
    return first_meta(page, SITE_NAME_META[1:])


def site_name_from_title(page: Page, title: str | None) -> tuple[str, str] | None:
    """The part of <title> that is not the headline, when it sits behind a separator."""
    doc_title = document_title(page)
    if not title or not doc_title or doc_title == title:
        return None
    for segment in (last_segment(doc_title, title), first_segment(doc_title, title)):
        if segment and len(segment.split()) <= MAX_NAME_WORDS:
            return segment, "title"
    return None


def find_language(page: Page) -> tuple[str, str] | None:
    root = page.tree.root  # the <html> element, without a selection over the tree
    if root is None or root.tag != "html":
        root = page.tree.css_first("html")
    if root is not None:
        for attr in ("lang", "xml:lang"):
            tag = _language_tag(root.attributes.get(attr))
            if tag:
                return tag, "html:" + attr
    for value, key in meta_values(page, LANGUAGE_META[:3]):
        tag = _language_tag(value)
        if tag:
            return tag, "meta:" + key
    for obj, source in main_objects(page):
        tag = _language_tag(json_text(obj.get("inLanguage")))
        if tag:
            return tag, source
    for value, key in meta_values(page, LANGUAGE_META[3:]):
        tag = _language_tag(value)
        if tag:
            return tag, "meta:" + key
    # Nothing declares it: a guess from the paragraphs' words and script, when sure.
    from newsparse.language import detect_language  # deferred: most pages declare it

    guessed = detect_language(page.tree)
    return (guessed, "detected") if guessed else None


def _language_tag(value: str | None) -> str | None:
    """"en_US" -> "en-US"; the first of a comma-separated list; None when malformed."""
    if not value:
        return None
    value = value.split(",")[0].strip()
    if not LANGUAGE_TAG.match(value):
        return None
    return value.replace("_", "-")


def writes_day_first(language: str | None) -> bool | None:
    if not language:
        return None
    lowered = language.lower()
    if lowered.split("-")[0] == "en" and not lowered.startswith(DAY_FIRST_ENGLISH):
        return False
    return True


# ----------------------------------------------------------------------------- description, section, tags, image


def find_description(page: Page) -> tuple[str, str] | None:
    found = first_meta(page, DESCRIPTION_META[:2])
    if found:
        return found
    for obj, source in main_objects(page):
        text = json_text(obj.get("description"))
        if text:
            return text, source
    return first_meta(page, DESCRIPTION_META[2:])


def find_section(page: Page) -> tuple[str, str] | None:
    found = first_meta(page, SECTION_META[:2])
    if found:
        return found
    if page.article is not None:
        text = json_text(page.article.get("articleSection"))
        if text:
            return text, "json-ld"
    return first_meta(page, SECTION_META[2:])


def find_tags(page: Page) -> tuple[list[str], str] | None:
    sources: list[tuple[list[str], str]] = []
    for key in TAG_META:
        values = [t for v in page.meta.get(key, ()) for t in (v.split(",") if key != "article:tag" else [v])]
        sources.append((values, "meta:" + key))
    if page.article is not None:
        keywords = page.article.get("keywords")
        values = keywords if isinstance(keywords, list) else str(keywords or "").split(",")
        sources.insert(1, ([v for v in values if isinstance(v, str)], "json-ld"))
    sources.append(([t for v in page.meta.get("keywords", ()) for t in v.split(",")], "meta:keywords"))
    for values, source in sources:
        tags: list[str] = []
        seen: set[str] = set()  # the tags' case-folded forms: a news_keywords list can run to hundreds
        for value in values:
            tag = clean_text(html.unescape(value))
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
        if tags:
            return tags, source
    return None


def find_image(page: Page) -> tuple[Image, str] | None:
    alt = next((v for v, _ in meta_values(page, ("og:image:alt", "twitter:image:alt"))), None)
    for obj, source in main_objects(page):
        image = _json_image(page, obj.get("image"), alt)
        if image:
            return image, source
    for value, key in meta_values(page, IMAGE_META):
        url = absolute_url(value, page.base_url)
        if url:
            return Image(url=url, alt=alt), "meta:" + key
    link = first_link(page, "image_src")
    if link is not None:
        url = absolute_url(link.get("href"), page.base_url)
        if url:
            return Image(url=url, alt=alt), "link:image_src"
    return None


def _json_image(page: Page, value: Any, alt: str | None) -> Image | None:
    if isinstance(value, list):
        for item in value:
            image = _json_image(page, item, alt)
            if image:
                return image
        return None
    if isinstance(value, str):
        url = absolute_url(value, page.base_url)
        return Image(url=url, alt=alt) if url else None
    if not isinstance(value, dict):
        return None
    value = resolve(page, value)
    url = absolute_url(json_text(value.get("url") or value.get("contentUrl")), page.base_url)
    if not url:
        return None
    credit = None
    for key in ("creditText", "copyrightHolder", "author", "creator"):
        credit = json_text(value.get(key))
        if credit:
            break
    caption = json_text(value.get("caption") or value.get("description"))
    return Image(url=url, alt=alt, caption=caption, credit=credit)
