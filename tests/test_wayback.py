"""Wayback Machine captures: detection, toolbar stripping, link unwrapping."""
from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsparse.wayback import Capture, detect_capture, original_url, strip_toolbar, unwrap_archive_links

TIMESTAMP = "20191118230405"
ORIGINAL = "https://www.example-news.com/2019/11/18/city-council-budget"
ARCHIVE = f"https://web.archive.org/web/{TIMESTAMP}"

# The site's page as the archive serves it, before the archive's additions:
# every address rewritten, in each of the forms the archive writes.
REWRITTEN_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>City council passes budget | Example News</title>
<link rel="canonical" href="{ARCHIVE}/{ORIGINAL}">
<meta property="og:url" content="{ARCHIVE}/{ORIGINAL}">
<meta property="og:image" content="{ARCHIVE}im_/https://cdn.example-news.com/img/council.jpg">
<link rel="stylesheet" href="/web/{TIMESTAMP}cs_/https://www.example-news.com/static/site.css">
<script src="//web.archive.org/web/{TIMESTAMP}js_/https://www.example-news.com/static/app.js"></script>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "City council passes budget",
 "articleBody": "Wombats were not discussed. __wm. is not a call here."}}</script>
</head>
<body>
<header><a href="/web/{TIMESTAMP}/https://www.example-news.com/">Example News</a>
<a href="/web/{TIMESTAMP}/http:/www.example-news.com/politics">Politics</a></header>
<article>
<h1>City council passes budget</h1>
<figure>
<img src="{ARCHIVE}im_/https://cdn.example-news.com/img/council.jpg"
 srcset="{ARCHIVE}im_/https://cdn.example-news.com/img/w_400,h_300/council.jpg 400w, {ARCHIVE}im_/https://cdn.example-news.com/img/council-800.jpg 800w"
 data-src="/web/{TIMESTAMP}im_/cdn.example-news.com/img/council-lazy.jpg" alt="The council chamber">
<figcaption>The council chamber on Monday.</figcaption>
</figure>
<p>The council voted 7-2 on Monday. <a href="{ARCHIVE}/http://www.example-news.com:80/2019/11/17/preview">Read the preview</a>.</p>
<p>See the <a href="https://www.city.gov/budget.pdf">budget document</a> and
<a href="#comments">comments</a>.</p>
<video poster="{ARCHIVE}im_/https://cdn.example-news.com/img/poster.jpg"></video>
<form action="/web/{TIMESTAMP}/https://www.example-news.com/search"><input name="q"></form>
</article>
</body>
</html>
"""

HEAD_INSERT = f"""<script src="//archive.org/includes/analytics.js?v=cf34f82" type="text/javascript"></script>
<script type="text/javascript">window.addEventListener('DOMContentLoaded',function(){{var v=archive_analytics.values;v.service='wb';}});</script>
<script type="text/javascript" src="https://web-static.archive.org/_static/js/bundle-playback.js?v=1WaXNDFE" charset="utf-8"></script>
<script type="text/javascript" src="https://web-static.archive.org/_static/js/wombat.js?v=txqj7nKC" charset="utf-8"></script>
<script>window.RufflePlayer=window.RufflePlayer||{{}};window.RufflePlayer.config={{"autoplay":"on"}};</script>
<script type="text/javascript">
  __wm.init("https://web.archive.org/web");
  __wm.wombat("{ORIGINAL}","{TIMESTAMP}","https://web.archive.org/","web","https://web-static.archive.org/_static/",
\t      "1574118245");
</script>
<link rel="stylesheet" type="text/css" href="https://web-static.archive.org/_static/css/banner-styles.css?v=S1zqJCYt" />
<link rel="stylesheet" type="text/css" href="https://web-static.archive.org/_static/css/iconochive.css?v=qtvMKcIJ" />
<!-- End Wayback Rewrite JS Include -->
"""

TOOLBAR = f"""<!-- BEGIN WAYBACK TOOLBAR INSERT -->
<script>__wm.rw(0);</script>
<div id="wm-ipp-base" lang="en" style="display:none;direction:ltr;">
<div id="wm-ipp" style="position:fixed;left:0;top:0;right:0;">
<a href="/web/20191001000000*/{ORIGINAL}">Calendar</a>
<a href="/web/20191101120000/{ORIGINAL}">Previous capture</a>
<a href="/web/20191201120000/{ORIGINAL}">Next capture</a>
</div></div>
<script type="text/javascript">
__wm.bt(650,27,25,2,"web","{ORIGINAL}","{TIMESTAMP}",1996,"/_static/",["/_static/css/banner-styles.css"], false);
</script>
<!-- END WAYBACK TOOLBAR INSERT -->
"""

TRAILER = """<!--
     FILE ARCHIVED ON 23:04:05 Nov 18, 2019 AND RETRIEVED FROM THE
     INTERNET ARCHIVE ON 08:12:40 Jan 02, 2024.
     JAVASCRIPT APPENDED BY WAYBACK MACHINE, COPYRIGHT INTERNET ARCHIVE.

     ALL OTHER CONTENT MAY ALSO BE PROTECTED BY COPYRIGHT (17 U.S.C.
     SECTION 108(a)(3)).
-->
<!--
playback timings (ms):
  captures_list: 0.612
  exclusion.robots: 0.021
  load_resource: 118.2
-->"""


def make_capture(page: str = REWRITTEN_PAGE, *, head: str = HEAD_INSERT, toolbar: str = TOOLBAR,
                 trailer: str = TRAILER) -> str:
    """The page as saved from the archive: its additions put where the archive puts them."""
    page = page.replace("<head>\n", "<head>\n" + head, 1)
    page = page.replace("<body>\n", "<body>\n" + toolbar, 1)
    return page + trailer


CAPTURE = make_capture()

NORMAL_PAGE = f"""<!DOCTYPE html><html><head><title>Plain</title>
<link rel="canonical" href="{ORIGINAL}"></head>
<body><article><p>An ordinary page that cites an
<a href="https://web.archive.org/web/20100101000000/http://old.example.org/">archived copy</a>
and has a path of its own: <a href="/web/2019/news.html">news</a>.</p></article></body></html>"""


# ---------------------------------------------------------------- detect_capture


def test_detects_capture_from_replay_script() -> None:
    assert detect_capture(CAPTURE) == Capture(
        archive_url=f"{ARCHIVE}/{ORIGINAL}",
        archived_at="2019-11-18T23:04:05+00:00",
        original_url=ORIGINAL,
    )


def test_detects_capture_after_toolbar_is_stripped() -> None:
    # The canonical link and the page's own rewritten links still say what it is.
    assert detect_capture(strip_toolbar(CAPTURE)) == detect_capture(CAPTURE)


def test_detects_capture_from_toolbar_call_alone() -> None:
    capture = detect_capture(make_capture(_without_archive_tags(REWRITTEN_PAGE), head=""))
    assert capture is not None
    assert capture.original_url == ORIGINAL
    assert capture.archived_at == "2019-11-18T23:04:05+00:00"


def test_detects_capture_from_canonical_link() -> None:
    page = REWRITTEN_PAGE.replace(f'<meta property="og:url" content="{ARCHIVE}/{ORIGINAL}">\n', "")
    capture = detect_capture(page)
    assert capture == Capture(f"{ARCHIVE}/{ORIGINAL}", "2019-11-18T23:04:05+00:00", ORIGINAL)


def test_detects_capture_from_og_url() -> None:
    page = REWRITTEN_PAGE.replace(f'<link rel="canonical" href="{ARCHIVE}/{ORIGINAL}">\n', "")
    capture = detect_capture(page)
    assert capture is not None and capture.original_url == ORIGINAL


def test_detects_old_toolbar_form() -> None:
    old_toolbar = """<!-- BEGIN WAYBACK TOOLBAR INSERT -->
<div id="wm-ipp"><form target="_top" method="get" action="/web/form-submit.jsp" name="wmtb">
<input type="text" name="url" id="wmtbURL" value="http://www.example-news.com:80/old-story" />
<input type="hidden" name="type" value="replay" /><input type="hidden" name="date" value="20120305101500" />
</form></div>
<!-- END WAYBACK TOOLBAR INSERT -->
"""
    page = make_capture(_without_archive_tags(REWRITTEN_PAGE), head="", toolbar=old_toolbar, trailer="")
    capture = detect_capture(page)
    assert capture == Capture(
        "https://web.archive.org/web/20120305101500/http://www.example-news.com/old-story",
        "2012-03-05T10:15:00+00:00",
        "http://www.example-news.com/old-story",
    )


def test_time_from_file_archived_comment_when_nothing_else_says() -> None:
    page = "<html><body><p>Text</p></body></html>\n" + TRAILER
    capture = detect_capture(page)
    assert capture == Capture(None, "2019-11-18T23:04:05+00:00", None)


def test_time_from_most_common_link_timestamp() -> None:
    links = "".join(f'<a href="/web/{TIMESTAMP}/https://www.example-news.com/{i}">{i}</a>' for i in range(6))
    page = f"<html><body>{links}<a href=\"/web/20180101000000/https://x.example.org/\">x</a></body></html>"
    capture = detect_capture(page)
    assert capture is not None and capture.archived_at == "2019-11-18T23:04:05+00:00"
    assert capture.original_url is None and capture.archive_url is None


def test_saved_from_url_hint_gives_original() -> None:
    page = "<html><body><p>Text</p></body></html>"
    capture = detect_capture(page, page_url=f"{ARCHIVE}/{ORIGINAL}")
    assert capture == Capture(f"{ARCHIVE}/{ORIGINAL}", "2019-11-18T23:04:05+00:00", ORIGINAL)


def test_normal_page_is_not_a_capture() -> None:
    assert detect_capture(NORMAL_PAGE) is None
    assert detect_capture(NORMAL_PAGE, page_url=ORIGINAL) is None
    assert detect_capture("<html><body><p>Nothing here</p></body></html>") is None
    assert detect_capture("") is None


def test_invalid_timestamp_is_ignored() -> None:
    assert detect_capture(f'<link rel="canonical" href="https://web.archive.org/web/20191399999999/{ORIGINAL}">') is None


# ---------------------------------------------------------------- strip_toolbar


def test_strip_toolbar_leaves_page_byte_identical() -> None:
    assert strip_toolbar(CAPTURE) == REWRITTEN_PAGE


def test_strip_toolbar_removes_every_addition() -> None:
    stripped = strip_toolbar(CAPTURE)
    for addition in ("WAYBACK TOOLBAR", "wm-ipp", "__wm.init", "__wm.bt", "archive_analytics", "RufflePlayer",
                     "web-static.archive.org", "archive.org/includes", "FILE ARCHIVED", "playback timings",
                     "End Wayback Rewrite"):
        assert addition not in stripped, addition
    # The site's own scripts, rewritten or data, stay.
    assert "app.js" in stripped
    assert "Wombats were not discussed" in stripped


def test_strip_toolbar_old_site_relative_scripts() -> None:
    head = """<script type="text/javascript" src="/static/js/wbhack.js?v=1574710024.0" charset="utf-8"></script>
<script type="text/javascript">
__wbhack.init('https://web.archive.org/web');
</script>
<script type="text/javascript" src="/_static/js/wombat.js?v=1"></script>
<link rel="stylesheet" type="text/css" href="/static/css/banner-styles.css?v=1" />
"""
    assert strip_toolbar(make_capture(head=head, trailer="")) == REWRITTEN_PAGE


def test_strip_toolbar_keeps_normal_page_object() -> None:
    page = "<html><head><script src='/static/js/app.js'></script></head><body><p>x</p></body></html>"
    assert strip_toolbar(page) is page
    assert strip_toolbar(NORMAL_PAGE) is NORMAL_PAGE


def test_strip_toolbar_crlf_page() -> None:
    crlf_page = REWRITTEN_PAGE.replace("\n", "\r\n")
    capture = make_capture(crlf_page.replace("<head>\r\n", "<head>\n").replace("<body>\r\n", "<body>\n"),
                           head=HEAD_INSERT.replace("\n", "\r\n"), toolbar=TOOLBAR.replace("\n", "\r\n"))
    stripped = strip_toolbar(capture)
    assert "WAYBACK" not in stripped and "__wm.init" not in stripped and "FILE ARCHIVED" not in stripped
    assert stripped == crlf_page.replace("<head>\r\n", "<head>\n").replace("<body>\r\n", "<body>\n")


# ---------------------------------------------------------------- original_url


@pytest.mark.parametrize(("rewritten", "expected"), [
    (f"{ARCHIVE}/{ORIGINAL}", ORIGINAL),
    (f"{ARCHIVE}im_/https://cdn.example.com/a.jpg", "https://cdn.example.com/a.jpg"),
    (f"{ARCHIVE}js_/https://cdn.example.com/a.js", "https://cdn.example.com/a.js"),
    (f"{ARCHIVE}cs_/https://cdn.example.com/a.css", "https://cdn.example.com/a.css"),
    (f"{ARCHIVE}if_/https://player.example.com/embed", "https://player.example.com/embed"),
    (f"{ARCHIVE}id_/https://example.com/raw", "https://example.com/raw"),
    (f"{ARCHIVE}mp_/https://example.com/", "https://example.com/"),
    (f"http://web.archive.org/web/{TIMESTAMP}/https://example.com/x?a=1&b=2#top", "https://example.com/x?a=1&b=2#top"),
    (f"//web.archive.org/web/{TIMESTAMP}/https://example.com/x", "https://example.com/x"),
    (f"/web/{TIMESTAMP}/https://example.com/x", "https://example.com/x"),
    (f"/web/{TIMESTAMP}im_/https://example.com/x.png", "https://example.com/x.png"),
    (f"/web/{TIMESTAMP}/http:/example.com/one-slash", "http://example.com/one-slash"),
    (f"{ARCHIVE}/example.com/no-scheme", "http://example.com/no-scheme"),
    (f"/web/{TIMESTAMP}/www.example.com/no-scheme", "http://www.example.com/no-scheme"),
    (f"{ARCHIVE}/http://www.example.com:80/", "http://www.example.com/"),
    (f"{ARCHIVE}/https://www.example.com:443/a", "https://www.example.com/a"),
    (f"{ARCHIVE}/https://www.example.com:8443/a", "https://www.example.com:8443/a"),
    ("https://web.archive.org/web/2019/https://example.com/", "https://example.com/"),
    (f"https://wayback.archive.org/web/{TIMESTAMP}/http://example.com/", "http://example.com/"),
    (f"  {ARCHIVE}/https://example.com/  ", "https://example.com/"),
])
def test_original_url_unwraps(rewritten: str, expected: str) -> None:
    assert original_url(rewritten) == expected


@pytest.mark.parametrize("url", [
    "https://example.com/web/page",
    "/web/2019/news.html",  # a site's own /web/ path, not the archive's
    f"/web/{TIMESTAMP}/about",  # no host-like part: not a rewritten URL
    "https://archive.org/details/some-item",
    "#comments",
    "mailto:desk@example.com",
    "",
])
def test_original_url_leaves_other_urls(url: str) -> None:
    assert original_url(url) is url


# ---------------------------------------------------------------- unwrap_archive_links


def test_unwrap_archive_links_restores_every_attribute() -> None:
    tree = LexborHTMLParser(strip_toolbar(CAPTURE))
    unwrap_archive_links(tree)
    html = tree.html or ""
    assert "/web/" not in html
    assert "web.archive.org" not in html
    assert tree.css_first('link[rel="canonical"]').attributes["href"] == ORIGINAL
    assert tree.css_first('meta[property="og:url"]').attributes["content"] == ORIGINAL
    assert (tree.css_first('meta[property="og:image"]').attributes["content"]
            == "https://cdn.example-news.com/img/council.jpg")
    image = tree.css_first("article img").attributes
    assert image["src"] == "https://cdn.example-news.com/img/council.jpg"
    assert image["srcset"] == ("https://cdn.example-news.com/img/w_400,h_300/council.jpg 400w, "
                               "https://cdn.example-news.com/img/council-800.jpg 800w")
    assert image["data-src"] == "http://cdn.example-news.com/img/council-lazy.jpg"
    assert tree.css_first("video").attributes["poster"] == "https://cdn.example-news.com/img/poster.jpg"
    assert tree.css_first("form").attributes["action"] == "https://www.example-news.com/search"
    assert tree.css_first('script[src]').attributes["src"] == "https://www.example-news.com/static/app.js"
    assert tree.css_first('link[rel="stylesheet"]').attributes["href"] == "https://www.example-news.com/static/site.css"
    hrefs = [a.attributes["href"] for a in tree.css("a")]
    assert hrefs == [
        "https://www.example-news.com/",
        "http://www.example-news.com/politics",
        "http://www.example-news.com/2019/11/17/preview",
        "https://www.city.gov/budget.pdf",
        "#comments",
    ]


def test_unwrap_meta_refresh() -> None:
    tree = LexborHTMLParser(f'<html><head><meta http-equiv="refresh" content="0; url={ARCHIVE}/{ORIGINAL}">'
                            "</head><body></body></html>")
    unwrap_archive_links(tree)
    assert tree.css_first("meta").attributes["content"] == f"0; url={ORIGINAL}"


def test_unwrap_leaves_other_links_alone() -> None:
    # Called on an ordinary page, only genuine archive addresses change; the
    # site's own /web/ path stays. (Callers unwrap only pages detect_capture accepts.)
    tree = LexborHTMLParser(NORMAL_PAGE)
    unwrap_archive_links(tree)
    assert tree.css_first('a[href*="news.html"]').attributes["href"] == "/web/2019/news.html"
    plain = LexborHTMLParser("<html><body><p><a href='/a'>a</a><img src='b.png'></p></body></html>")
    plain_before = plain.html
    unwrap_archive_links(plain)
    assert plain.html == plain_before


def test_capture_dataclass_is_frozen() -> None:
    capture = detect_capture(CAPTURE)
    assert capture is not None
    with pytest.raises(AttributeError):
        capture.original_url = "x"  # type: ignore[misc]


def _without_archive_tags(page: str) -> str:
    return (page.replace(f'<link rel="canonical" href="{ARCHIVE}/{ORIGINAL}">\n', "")
            .replace(f'<meta property="og:url" content="{ARCHIVE}/{ORIGINAL}">\n', ""))


# ---------------------------------------------------------------- through the pipeline


def test_a_capture_becomes_the_original_article_with_its_archive_provenance() -> None:
    import newsparse

    article = newsparse.parse(CAPTURE.encode("utf-8"), path="capture.html")
    assert article.url == ORIGINAL
    assert article.source.archive_url == f"{ARCHIVE}/{ORIGINAL}"
    assert article.source.archived_at == "2019-11-18T23:04:05+00:00"
    assert all("web.archive.org" not in link and "/web/" not in link for link in article.links)
    assert "http://www.example-news.com/2019/11/17/preview" in article.links
    figures = [b.image for b in article.blocks if b.type == "figure"]
    assert figures and figures[0].url.startswith("https://cdn.example-news.com/img/")
    markdown = newsparse.render(article, "markdown")
    assert "Calendar" not in markdown and "Previous capture" not in markdown


def test_an_ordinary_page_has_no_archive_provenance() -> None:
    import newsparse

    article = newsparse.parse(NORMAL_PAGE.encode("utf-8"))
    assert (article.source.archive_url, article.source.archived_at) == (None, None)
