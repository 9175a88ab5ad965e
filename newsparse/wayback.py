"""Wayback Machine captures: recognise them, strip the archive's additions, unwrap links.

A page saved from web.archive.org is the site's own markup plus what the archive
adds while replaying it:

- scripts and style sheets at the top of <head> (`//archive.org/includes/...`,
  `web-static.archive.org/_static/...`, inline `__wm.init(...)`, `__wm.wombat(...)`),
  ending with `<!-- End Wayback Rewrite JS Include -->`;
- the toolbar, between `<!-- BEGIN WAYBACK TOOLBAR INSERT -->` and
  `<!-- END WAYBACK TOOLBAR INSERT -->`;
- a comment after </html>: `FILE ARCHIVED ON hh:mm:ss Mon dd, yyyy AND RETRIEVED
  FROM THE INTERNET ARCHIVE ON ...`, then one with the playback timings;
- every link, image and script address rewritten to
  `https://web.archive.org/web/<14-digit timestamp>[flag_]/<original URL>`, also
  scheme-relative (`//web.archive.org/web/...`) or site-relative (`/web/...`).

`detect_capture` reads the capture's time and original address, `strip_toolbar`
removes the additions from the text, `unwrap_archive_links` restores the original
addresses in a parsed tree. All three are cheap for ordinary pages: a substring
test (or one CSS query) finds nothing and they return at once.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from html import unescape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

__all__ = ["ARCHIVE_BASE", "Capture", "detect_capture", "original_url", "strip_toolbar", "unwrap_archive_links"]

ARCHIVE_BASE = "https://web.archive.org/web/"

# What every capture contains one of: a link rewritten to /web/<timestamp>, the
# archive's name, its toolbar or replay scripts; a page with none of them is not a
# capture. (Sites have /web/ paths of their own: a bare "/web/" would send those pages
# through every search below.)
CAPTURE_HINTS = ("archive.org", "WAYBACK TOOLBAR", "FILE ARCHIVED ON", "__wm.")
TIMESTAMPED_PATH_RE = re.compile(r"/web/\d")
# Substrings of the archive's additions, for strip_toolbar's quick test.
ADDITION_HINTS = ("archive.org", "WAYBACK", "Wayback", "FILE ARCHIVED ON", "__wm.", "__wbhack", "/_static/")

# A rewritten address: archive host (optional: site-relative), timestamp (the
# archive accepts 1-14 digits and a trailing "*" on hand-written links), an optional
# two-letter replay flag (im_ image, js_ script, cs_ style sheet, if_ frame, id_
# identity, mp_ main page, oe_ embed, fw_ frame wrapper), then the original URL.
REWRITTEN_URL_RE = re.compile(
    r"(?P<host>(?:https?:)?//(?:web\.|wayback\.|www\.)?archive\.org)?"
    r"/web/(?P<timestamp>\d{1,14})\*?(?:(?P<flag>[a-z]{2})_)?/(?P<original>\S.*)",
    re.IGNORECASE | re.DOTALL,
)
# A site-relative /web/... link is a rewritten one only if what follows looks like a
# URL: sites have /web/ paths of their own ("/web/2019/news.html").
URL_LIKE_RE = re.compile(r"(?:https?:/|//|(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]|$))", re.IGNORECASE)
# "http:/example.com": servers and proxies merge the double slash inside the path.
SCHEME_SLASHES_RE = re.compile(r"^(https?):/*", re.IGNORECASE)
HAS_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# Old captures keep the port in the original URL: "http://www.example.com:80/".
DEFAULT_PORT_RE = re.compile(r"^(?:(http://[^/?#]+?):80|(https://[^/?#]+?):443)(?=[/?#]|$)", re.IGNORECASE)
# The timestamp in links the archive writes: the capture time, to the second.
LINK_TIMESTAMP_RE = re.compile(r"/web/(\d{14})(?:[a-z]{2}_)?/", re.IGNORECASE)

# The replay scripts name the page and its timestamp, e.g.
# __wm.wombat("https://www.example.com/news/","20191118230405","https://web.archive.org/",...)
WOMBAT_CALL_RE = re.compile(r"__wm\.wombat\(\s*[\"']([^\"']+)[\"']\s*,\s*[\"'](\d{14})[\"']")
# ...and the toolbar's: __wm.bt(650,27,25,2,"web","https://www.example.com/news/","20191118230405",...)
TOOLBAR_CALL_RE = re.compile(r"__wm\.bt\([^)]*?[\"']web[\"']\s*,\s*[\"']([^\"']+)[\"']\s*,\s*[\"'](\d{14})[\"']")
# The pre-2017 toolbar was a form: <input name="url" value="..."> <input name="date" value="...">.
INPUT_TAG_RE = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
# <link rel="canonical"> and <meta property="og:url"> that point into the archive.
# [^<>]: a tag never holds "<", and an unclosed one must not be scanned to the end of
# the page from every "<link" (quadratic).
ARCHIVE_TAG_RE = re.compile(r"<(?:link|meta)\b[^<>]*?/web/\d[^<>]*>", re.IGNORECASE)
# A name starts after a space, a quote or a slash: tried at every character of a long
# unquoted run, the name's backtracking made a 20 kB <link> take 15 s.
ATTRIBUTE_RE = re.compile(r"""(?<![^\s"'/])([^\s=/>"']+)\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+)""")
# "FILE ARCHIVED ON 23:04:05 Nov 18, 2019 AND RETRIEVED FROM ...": the capture time, UTC.
FILE_ARCHIVED_RE = re.compile(
    r"FILE ARCHIVED ON\s+(\d{1,2}):(\d{2}):(\d{2})\s+([A-Za-z]{3})[a-z]*\s+(\d{1,2}),\s*(\d{4})"
)
MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun",
                                      "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
# Without toolbar, scripts or archive comment, rewritten links alone make a capture
# only when there are several and they are most of the page's links: an ordinary
# page may cite a capture or two.
MIN_REWRITTEN_LINKS = 5
MIN_REWRITTEN_SHARE = 0.5
LINK_ATTRIBUTE_RE = re.compile(r"\s(?:href|src)\s*=", re.IGNORECASE)

# What strip_toolbar removes. Each piece goes with the rest of its line, so that the
# page around it is left as it was before the archive added it.
TRAILING_SPACE = r"[ \t]*(?:\r\n|\n|\r)?"
TOOLBAR_RE = re.compile(
    r"<!--\s*BEGIN WAYBACK TOOLBAR INSERT\s*-->.*?<!--\s*END WAYBACK TOOLBAR INSERT\s*-->" + TRAILING_SPACE,
    re.IGNORECASE | re.DOTALL,
)
# The toolbar's end marker: the insert is looked for only up to the last one (see
# _toolbar_bound), so that an insert never closed is not scanned to the end of the
# page from every opening marker (quadratic).
TOOLBAR_END_RE = re.compile(r"<!--\s*END WAYBACK TOOLBAR INSERT\s*-->" + TRAILING_SPACE, re.IGNORECASE)
# A comment left open runs to the end, as browsers read it (and as for the toolbar,
# looking for its end from every opening was quadratic).
ARCHIVE_COMMENT_RE = re.compile(
    r"<!--\s*(?:FILE ARCHIVED ON\b|playback timings\b|End Wayback Rewrite JS Include\b).*?(?:-->|\Z)" + TRAILING_SPACE,
    re.IGNORECASE | re.DOTALL,
)
# A script left open runs to the end of the page, as browsers read it; looking for its
# end from every "<script" made many open ones quadratic.
SCRIPT_RE = re.compile(r"<script\b([^<>]*)>(.*?)(?:</script\s*>|\Z)" + TRAILING_SPACE, re.IGNORECASE | re.DOTALL)
LINK_TAG_RE = re.compile(r"<link\b([^<>]*)>" + TRAILING_SPACE, re.IGNORECASE)
# The archive's own files (never under /web/, which holds the site's rewritten ones):
# web-static.archive.org/_static/..., archive.org/includes/analytics.js, and on older
# captures site-relative /_static/... and /static/js/wbhack.js.
ARCHIVE_ASSET_RE = re.compile(
    r"^\s*(?:(?:https?:)?//(?:web-static\.archive\.org|(?:web\.|www\.|wayback\.)?archive\.org)/(?!web/)"
    r"|/_static/"
    r"|/static/(?:js|css)/(?:wbhack|wombat|banner-styles|iconochive|playback|bundle-playback|ruffle|analytics)\b)",
    re.IGNORECASE,
)
# Inline replay scripts: __wm.init(...), __wm.wombat(...), __wbhack.init(...), the
# archive's analytics and its Flash emulator's settings.
ARCHIVE_INLINE_SCRIPT_RE = re.compile(r"__wm\.|__wbhack\.|\barchive_analytics\b|\bRufflePlayer\b")

# Attributes that hold an address the archive rewrites. `content` covers <meta>
# og:url, twitter:image and refresh; the data-* ones are lazy-loading images.
URL_ATTRIBUTES = (
    "href", "src", "srcset", "data-src", "data-srcset", "data-lazy-src", "data-original",
    "data-url", "data-hi-res-src", "poster", "content", "action", "cite",
)
SRCSET_ATTRIBUTES = frozenset({"srcset", "data-srcset"})
REWRITTEN_SELECTOR = ", ".join(f'[{name}*="/web/"]' for name in URL_ATTRIBUTES)
# srcset: "url 1x, url 2x"; a URL is a run of non-spaces (it may hold commas) less
# any trailing commas, as the HTML standard parses it.
SRCSET_URL_RE = re.compile(r"(^|,)(\s*)([^\s,]\S*?)(,*)(?=\s|$)")
# <meta http-equiv="refresh" content="0; url=...">
REFRESH_URL_RE = re.compile(r"(\burl\s*=\s*['\"]?)(\S+?)(['\"]?\s*$)", re.IGNORECASE)


@dataclass(frozen=True)
class Capture:
    """A page as the Wayback Machine replayed it.

    `archived_at` is always known; the original address is None in the rare capture
    that names it nowhere (no replay script, toolbar, canonical link or saved-from
    address), and then so is `archive_url`.
    """

    archive_url: str | None  # https://web.archive.org/web/<timestamp>/<original>
    archived_at: str  # the capture time, ISO 8601 in UTC: "2019-11-18T23:04:05+00:00"
    original_url: str | None  # the page's own address


def detect_capture(html: str, *, page_url: str | None = None) -> Capture | None:
    """The capture the page is, or None for an ordinary page.

    `page_url` is where the file says it was saved from (a browser's "saved from
    url" comment, MHTML's Snapshot-Content-Location), which for a page saved while
    browsing the archive is the archive address itself. Sources, most exact first:
    the replay script's and the toolbar's own record of the capture, that address,
    a canonical or og:url link into the archive, the old toolbar's form, the
    FILE ARCHIVED comment, the timestamp most of the page's links carry.
    """
    url_hint = _split_archive_url(page_url) if page_url else None
    if not (TIMESTAMPED_PATH_RE.search(html) or any(hint in html for hint in CAPTURE_HINTS)):
        return _capture(*url_hint) if url_hint else None

    urls: list[str] = []
    timestamps: list[str] = []
    for pattern in (WOMBAT_CALL_RE, TOOLBAR_CALL_RE):
        match = pattern.search(html)
        if match:
            urls.append(_clean_original(unescape(match.group(1))))
            timestamps.append(match.group(2))
    if url_hint:
        timestamps.append(url_hint[0])
        urls.append(url_hint[1])
    for timestamp, url in _archive_tag_urls(html):
        timestamps.append(timestamp)
        urls.append(url)
    toolbar = TOOLBAR_RE.search(html, 0, _toolbar_bound(html))
    if toolbar:
        form_url, form_timestamp = _toolbar_form(toolbar.group())
        urls += [form_url] if form_url else []
        timestamps += [form_timestamp] if form_timestamp else []
    archived = FILE_ARCHIVED_RE.search(html)
    if archived:
        timestamps.append(_file_archived_timestamp(archived) or "")
    common = _most_common_link_timestamp(html, toolbar, marked=bool(toolbar or archived or urls))
    if common:
        timestamps.append(common)

    timestamp = next((t for t in timestamps if _timestamp_to_iso(t)), None)
    if timestamp is None:
        return None
    return _capture(timestamp, next((url for url in urls if url), None))


def _toolbar_bound(html: str) -> int:
    """Where the last toolbar insert can end: after the last end marker (0: none)."""
    last = None
    for last in TOOLBAR_END_RE.finditer(html):
        pass
    return last.end() if last else 0


def strip_toolbar(html: str) -> str:
    """The page without what the archive added: the toolbar insert, the replay
    scripts and style sheets, and the archive's comments. Everything else is left
    byte for byte; a page with nothing to remove is returned as is (the same object)."""
    if not any(hint in html for hint in ADDITION_HINTS):
        return html
    bound = _toolbar_bound(html)
    stripped = TOOLBAR_RE.sub("", html[:bound]) + html[bound:] if bound else html
    stripped = ARCHIVE_COMMENT_RE.sub("", stripped)
    stripped = SCRIPT_RE.sub(_drop_archive_script, stripped)
    stripped = LINK_TAG_RE.sub(_drop_archive_link, stripped)
    return html if stripped == html else stripped


def original_url(url: str) -> str:
    """The original address inside one rewritten by the archive; any other URL unchanged.

    "https://web.archive.org/web/20191118230405im_/https://cdn.example.com/a.jpg",
    "//web.archive.org/web/20191118230405/http:/example.com/" and
    "/web/20191118230405/example.com/news" give "https://cdn.example.com/a.jpg",
    "http://example.com/" and "http://example.com/news".
    """
    if "/web/" not in url:
        return url
    split = _split_archive_url(url)
    return split[1] if split else url


def unwrap_archive_links(tree: LexborHTMLParser) -> None:
    """Restore the original addresses in every attribute the archive rewrote, in place.

    Only elements whose attributes contain "/web/" are visited (one CSS query), so
    an ordinary page costs a few milliseconds at most. Serialise with `tree.html`
    when later stages parse the text again.
    """
    for node in tree.css(REWRITTEN_SELECTOR):
        attributes = node.attributes
        for name in URL_ATTRIBUTES:
            value = attributes.get(name)
            if not value or "/web/" not in value:
                continue
            if name in SRCSET_ATTRIBUTES:
                unwrapped = SRCSET_URL_RE.sub(_unwrap_srcset_candidate, value)
            elif name == "content" and not value.lstrip().startswith(("/", "http")):
                unwrapped = REFRESH_URL_RE.sub(_unwrap_refresh_target, value)
            else:
                unwrapped = original_url(value)
            if unwrapped != value:
                node.attrs[name] = unwrapped


# ---------------------------------------------------------------- helpers


def _split_archive_url(url: str) -> tuple[str, str] | None:
    """(timestamp, original URL) of a rewritten address, or None for any other."""
    match = REWRITTEN_URL_RE.match(url.strip())
    if match is None:
        return None
    original = match.group("original")
    if not match.group("host"):
        # Site-relative: the archive always writes the full timestamp there.
        if len(match.group("timestamp")) != 14 or not URL_LIKE_RE.match(original):
            return None
    return match.group("timestamp"), _clean_original(original)


def _clean_original(url: str) -> str:
    url = url.strip()
    if SCHEME_SLASHES_RE.match(url):
        url = SCHEME_SLASHES_RE.sub(lambda m: m.group(1) + "://", url, count=1)
    elif url.startswith("//"):
        url = "http:" + url  # the archive replays scheme-less addresses over http
    elif not HAS_SCHEME_RE.match(url):
        url = "http://" + url
    return DEFAULT_PORT_RE.sub(lambda m: m.group(1) or m.group(2), url, count=1)


def _capture(timestamp: str, original: str | None) -> Capture | None:
    archived_at = _timestamp_to_iso(timestamp)
    if archived_at is None:
        return None
    archive_url = f"{ARCHIVE_BASE}{timestamp}/{original}" if original else None
    return Capture(archive_url=archive_url, archived_at=archived_at, original_url=original)


def _timestamp_to_iso(timestamp: str) -> str | None:
    if len(timestamp) != 14 or not timestamp.isdigit():
        return None
    try:
        moment = datetime(
            int(timestamp[0:4]), int(timestamp[4:6]), int(timestamp[6:8]),
            int(timestamp[8:10]), int(timestamp[10:12]), int(timestamp[12:14]), tzinfo=timezone.utc,
        )
    except ValueError:
        return None
    return moment.isoformat()


def _file_archived_timestamp(match: re.Match[str]) -> str | None:
    hour, minute, second, month_name, day, year = match.groups()
    month = MONTHS.get(month_name.lower())
    if month is None:
        return None
    return f"{int(year):04d}{month:02d}{int(day):02d}{int(hour):02d}{int(minute):02d}{int(second):02d}"


def _attributes(tag: str) -> dict[str, str]:
    attributes = {}
    for name, value in ATTRIBUTE_RE.findall(tag):
        if value[:1] in "\"'":
            value = value[1:-1]
        attributes.setdefault(name.lower(), unescape(value))
    return attributes


def _archive_tag_urls(html: str) -> list[tuple[str, str]]:
    """(timestamp, original) from <link rel=canonical> and <meta property=og:url> into the archive."""
    found = []
    for match in ARCHIVE_TAG_RE.finditer(html):
        attributes = _attributes(match.group())
        is_canonical = "canonical" in attributes.get("rel", "").lower().split()
        is_og_url = (attributes.get("property") or attributes.get("name") or "").lower() == "og:url"
        value = attributes.get("href") if is_canonical else attributes.get("content") if is_og_url else None
        split = _split_archive_url(value) if value else None
        if split:
            found.append(split)
    return found


def _toolbar_form(toolbar: str) -> tuple[str | None, str | None]:
    """The URL and date fields of the pre-2017 toolbar's search form."""
    url = timestamp = None
    for tag in INPUT_TAG_RE.findall(toolbar):
        attributes = _attributes(tag)
        name, value = attributes.get("name"), (attributes.get("value") or "").strip()
        if name == "url" and value and url is None:
            url = _clean_original(value)
        elif name == "date" and len(value) == 14 and value.isdigit():
            timestamp = value
    return url, timestamp


def _most_common_link_timestamp(html: str, toolbar: re.Match[str] | None, *, marked: bool) -> str | None:
    """The timestamp most rewritten links carry, outside the toolbar (whose links go
    to other captures). Unless the page bears other marks of a capture, the links
    must be many and most of the page's."""
    text = html[: toolbar.start()] + html[toolbar.end() :] if toolbar else html
    counts = Counter(LINK_TIMESTAMP_RE.findall(text))
    if not counts:
        return None
    timestamp, _ = counts.most_common(1)[0]
    if not marked:
        rewritten = sum(counts.values())
        links = len(LINK_ATTRIBUTE_RE.findall(text))
        if rewritten < MIN_REWRITTEN_LINKS or rewritten < links * MIN_REWRITTEN_SHARE:
            return None
    return timestamp


def _drop_archive_script(match: re.Match[str]) -> str:
    attributes = _attributes(match.group(1))
    source = attributes.get("src")
    if source is not None:
        return "" if ARCHIVE_ASSET_RE.match(source) else match.group()
    if "json" in attributes.get("type", "").lower():
        return match.group()  # data, such as JSON-LD, never the archive's
    return "" if ARCHIVE_INLINE_SCRIPT_RE.search(match.group(2)) else match.group()


def _drop_archive_link(match: re.Match[str]) -> str:
    href = _attributes(match.group(1)).get("href")
    return "" if href and ARCHIVE_ASSET_RE.match(href) else match.group()


def _unwrap_srcset_candidate(match: re.Match[str]) -> str:
    lead, space, url, commas = match.groups()
    return f"{lead}{space}{original_url(url)}{commas}"


def _unwrap_refresh_target(match: re.Match[str]) -> str:
    return match.group(1) + original_url(match.group(2)) + match.group(3)
