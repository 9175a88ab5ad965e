"""One small page per tricky metadata pattern met on real sites (issue 4)."""
from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsparse.metadata import Metadata, extract_metadata, split_author_names

FILLER = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 40 + "</p>"


def extract(html: str, page_url: str | None = None) -> Metadata:
    return extract_metadata(LexborHTMLParser(html), page_url=page_url)


def test_organisation_as_sole_author_gives_no_author() -> None:
    html = f"""<html><head><meta property="og:site_name" content="Auto Zeitung">
    <script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Tanken",
      "author": {{"@type": "Person", "name": "AUTO ZEITUNG"}}}}</script>
    <meta name="author" content="Olympia-Verlag GmbH"></head>
    <body><article><h1>Tanken</h1><p>AUTO ZEITUNG Olympia-Verlag GmbH</p>{FILLER}</article></body></html>"""
    meta = extract(html)
    assert meta.authors == ()
    assert "authors" not in meta.provenance


def test_structured_author_the_page_never_shows_is_dropped() -> None:
    html = f"""<html><head><meta name="author" content="wegewerk Agentur"></head>
    <body><article><h1>Förderprogramm</h1>{FILLER}</article></body></html>"""
    assert extract(html).authors == ()


def test_shown_structured_author_is_kept_and_one_person_site_owner_is_a_person() -> None:
    html = f"""<html><head><meta property="og:site_name" content="Angelmagazin.de">
    <script type="application/ld+json">{{"@graph": [
      {{"@type": "Article", "headline": "Hecht", "author": {{"@id": "#me"}}, "publisher": {{"@id": "#me"}}}},
      {{"@type": ["Person", "Organization"], "@id": "#me", "name": "Christoph Hein"}}]}}</script></head>
    <body><article><h1>Hecht</h1><p>Von Christoph Hein</p>{FILLER}</article></body></html>"""
    meta = extract(html)
    assert [a.name for a in meta.authors] == ["Christoph Hein"]
    assert meta.provenance["authors"] == "json-ld"


def test_byline_in_article_footer_is_read() -> None:
    html = f"""<html><body><article><h1>Headline here</h1>{FILLER}
    <footer class="entry-footer"><span class="byline"><span class="author vcard">
    <a class="url fn n" href="/author/mg/">Maria Garcia</a></span></span></footer></article>
    <footer class="site-footer"><p>By Site Owner</p></footer></body></html>"""
    meta = extract(html, page_url="https://example.org/a")
    assert [(a.name, a.url) for a in meta.authors] == [("Maria Garcia", "https://example.org/author/mg/")]


def test_sidebar_class_on_page_wrapper_does_not_hide_the_byline() -> None:
    html = f"""<html><body><div class="layout with-sidebar"><h1>Headline of the day</h1>
    <p class="signature">Par Matthieu Hy le 07 Mai 2020</p>{FILLER}</div>
    <div class="sidebar"><p>Par Someone Else</p></div></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Matthieu Hy"]


def test_legacy_font_headline_byline_and_date() -> None:
    html = """<html><head><title>The Lakeside Tribune - Chess club hosts tournament</title></head>
    <body><table><tr><td><font size="5"><b>Chess club hosts tournament</b></font><br>
    <font size="2">By <b>Henri Bélanger</b>, Tribune Staff Writer<br>Tuesday, March 9, 2004</font>
    <p>Text.</p></td></tr></table></body></html>"""
    meta = extract(html)
    assert meta.title == "Chess club hosts tournament"
    assert meta.provenance["title"] == "heading"
    assert meta.site_name == "The Lakeside Tribune"
    assert [a.name for a in meta.authors] == ["Henri Bélanger"]
    assert meta.published == "2004-03-09"


def test_author_name_is_stripped_from_a_personal_site_title() -> None:
    html = f"""<html><head><title>Get your code covered | Code | Nicolas Perriault</title></head>
    <body><h1>Hi, I'm Nicolas.</h1><p>By <span itemprop="author">Nicolas Perriault</span></p>{FILLER}</body></html>"""
    assert extract(html).title == "Get your code covered | Code"


def test_date_printed_under_headline_wins_over_a_different_markup_date() -> None:
    html = """<html><head><meta property="article:published_time" content="2022-01-24T17:06:45+01:00">
    </head><body><article><header><h1>Neue Gitarren im Test</h1>
    <div class="meta">von Redaktion, 24. Februar 2022</div></header><p>Text.</p></article></body></html>"""
    meta = extract(html)
    assert meta.published == "2022-02-24"
    assert meta.provenance["published"] == "text:header"


def test_same_day_keeps_the_structured_time() -> None:
    html = """<html><head><meta property="article:published_time" content="2022-02-24T17:06:45+01:00">
    </head><body><article><h1>Neue Gitarren im Test</h1><p>24. Februar 2022</p></article></body></html>"""
    assert extract(html).published == "2022-02-24T17:06:45+01:00"


def test_labelled_date_line_is_the_last_resort() -> None:
    html = """<html><body><div class="box"><p>Datum: 26. Januar 2022</p><p>Ausgabejahr: 2022</p>
    <p>Some text of the press release.</p></div></body></html>"""
    meta = extract(html)
    assert meta.published == "2022-01-26"
    assert meta.provenance["published"] == "text:short"


def test_property_meta_wins_over_name_meta() -> None:
    html = """<html><head><meta name="dc:title" content="Name title">
    <meta property="dc:title" content="Property title"></head><body></body></html>"""
    assert extract(html).title == "Property title"


# Bylines as real pages print them -> the names a reader would write down.
BYLINES = {
    "Datum: 19.11.2021 Autor: Fritz Imhof Quelle: Livenet": ["Fritz Imhof"],
    "von Ulrike 18.10.2019 16:06 Uhr": ["Ulrike"],
    "von Marianne1 am 20.09.2020": ["Marianne1"],
    "Text von Christian Seiler Illustration von Markus Roost": ["Christian Seiler"],
    "Blog Beitrag von Margarita Koreneva": ["Margarita Koreneva"],
    "Gespeichert von Rasmus Sommer am 24. Juli 2017 - 18:55": ["Rasmus Sommer"],
    "04.02.2022 | 13:10 Uhr | Uta Helkenberg": ["Uta Helkenberg"],
    "25.10.2022 - Reiner Nagel": ["Reiner Nagel"],
    "Posted on 25. Januar 2022 Author Redaktion": ["Redaktion"],
    "Text & Fotos: Ivan Valetny": ["Ivan Valetny"],
    "By Henri Bélanger, Tribune Staff Writer Tuesday, March 9, 2004": ["Henri Bélanger"],
    "Par Matthieu Hy le 07 Mai 2020": ["Matthieu Hy"],
    "Por María López y Juan Pérez": ["María López", "Juan Pérez"],
    "Автор: Иван Петров": ["Иван Петров"],
    "Maria Rossi Email the author Follow @mrossi": ["Maria Rossi"],
}


def test_real_world_bylines() -> None:
    for raw, expected in BYLINES.items():
        assert split_author_names(raw) == expected, raw


def test_group_credited_apart_from_the_publisher_is_the_author() -> None:
    html = f"""<html><head><script type="application/ld+json">{{"@type": "Article", "name": "Tea",
      "author": {{"@type": "Organization", "name": "Contributors to Wikimedia projects"}},
      "publisher": {{"@type": "Organization", "name": "Wikimedia Foundation, Inc."}}}}</script></head>
    <body><h1>Tea</h1>{FILLER}</body></html>"""
    meta = extract(html)
    assert [a.name for a in meta.authors] == ["Contributors to Wikimedia projects"]


def test_organisation_author_that_is_the_publisher_is_dropped() -> None:
    html = f"""<html><head><script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Vote",
      "author": {{"@type": "Organization", "name": "CBS News"}},
      "publisher": {{"@type": "NewsMediaOrganization", "name": "CBS News"}}}}</script></head>
    <body><h1>Vote</h1><p>CBS News</p>{FILLER}</body></html>"""
    assert extract(html).authors == ()


def test_lower_case_login_in_hcard_byline_is_the_author() -> None:
    html = f"""<html><body><article><h1>Politcamp Graz</h1>
    <span class="by-author">by <span class="author vcard"><a class="url fn n" href="/author/murdelta/"
      rel="author">marc</a></span></span>{FILLER}</article></body></html>"""
    assert [a.name for a in extract(html, page_url="https://blog.example/p").authors] == ["marc"]


def test_admin_login_in_hcard_is_not_an_author() -> None:
    html = f"""<html><body><article><h1>Wahlzensur</h1>
    <span class="author vcard"><a class="url fn n" href="/author/x/">wordpressadmin</a></span>{FILLER}
    </article></body></html>"""
    assert extract(html).authors == ()


def test_meta_title_in_ascii_quotes_gives_way_to_the_printed_headline() -> None:
    html = f"""<html><head><meta property="og:title" content='Bushido erklärt ihn für "finished"'></head>
    <body><h1>Bushido erklärt ihn für „finished“</h1>{FILLER}</body></html>"""
    meta = extract(html)
    assert meta.title == "Bushido erklärt ihn für „finished“"
    assert meta.provenance["title"] == "h1"


def test_archive_capture_day_printed_in_the_header_is_not_the_publication_date() -> None:
    html = f"""<html><body><div class="top"><a href="/web/20120216182711/http://news.example/">Home</a>
    <span class="today">16.02.2012</span></div><h1>Berlusconi vor Gericht</h1>{FILLER}</body></html>"""
    meta = extract(html, page_url="https://web.archive.org/web/20120216182711/http://news.example/a")
    assert meta.published is None


def test_text_date_after_the_newest_markup_date_and_the_copyright_year_is_rejected() -> None:
    html = f"""<html><head><meta property="article:modified_time" content="2019-03-02T10:00:00+01:00">
    </head><body><h1>Festival programme</h1><p class="date">Next festival: 12 June 2031</p>{FILLER}
    <footer><p>© 2009-2019 Example Verlag</p></footer></body></html>"""
    assert extract(html).published is None


def test_stale_copyright_year_alone_does_not_reject_a_printed_date() -> None:
    html = f"""<html><body><h1>Tarifverbund startet</h1><p class="date">3. März 2023</p>{FILLER}
    <footer><p>© 2006 Presse Example</p></footer></body></html>"""
    assert extract(html).published == "2023-03-03"


def test_utc_markup_date_is_shown_in_the_offset_of_the_printed_local_time() -> None:
    html = f"""<html lang="es-AR"><head>
    <meta property="article:published_time" content="2022-05-04T00:25:56Z"></head>
    <body><article><h1>La jugada del gobierno</h1><time>3 de mayo de 2022 21:25</time>{FILLER}
    </article></body></html>"""
    meta = extract(html)
    assert meta.published == "2022-05-03T21:25:56-03:00"


def test_language_is_detected_only_when_nothing_declares_it() -> None:
    german = "<p>" + "Die Regierung hat am Montag beschlossen, dass die neuen Regeln für alle gelten, " \
        "die in der Stadt wohnen und nicht mit dem Auto fahren. " * 6 + "</p>"
    meta = extract(f"<html><body><h1>Regeln</h1>{german}</body></html>")
    assert (meta.language, meta.provenance["language"]) == ("de", "detected")
    assert extract(f"<html lang='fr'><body><h1>Regeln</h1>{german}</body></html>").language == "fr"
    assert extract("<html><body><h1>Regeln</h1><p>Die Regierung hat beschlossen.</p></body></html>").language is None


SAVED_PAGE_BODY = f"""<header><div class="date">Thursday, 7 September 2023</div><nav><a href="/">Home</a></nav></header>
<main><article><h1>Glaciers melt at record pace</h1>{FILLER}<p>Published on 4 September 2023</p></article></main>"""


def test_the_day_a_copy_was_saved_is_not_the_publication_date() -> None:
    # Sites print today's date in their masthead; on a saved copy, "today" is the save day.
    html = f"<html><head><title>Glaciers melt at record pace</title></head><body>{SAVED_PAGE_BODY}</body></html>"
    # The banner above the article is where today's date goes, saved or not.
    assert extract(html).published == "2023-09-04"
    saved = extract_metadata(LexborHTMLParser(html), saved_at="2023-09-07T15:04:05+02:00")
    assert (saved.published, saved.provenance["published"]) == ("2023-09-04", "text:label")


def test_a_singlefile_save_date_reaches_the_date_check() -> None:
    from newsparse import parse

    page = f"""<!DOCTYPE html><html lang=en><!--
 Page saved with SingleFile
 url: https://news.example.org/science/2023/glaciers
 saved date: Thu Sep 07 2023 15:04:05 GMT+0200 (Central European Summer Time)
--><head><title>Glaciers melt at record pace</title></head><body>{SAVED_PAGE_BODY}</body></html>"""
    article = parse(page.encode())
    assert article.source.saved_at == "2023-09-07T15:04:05+02:00"
    assert article.published == "2023-09-04"


@pytest.mark.parametrize(("ending", "name"), [
    ("<p><b><i>Jonas Feldmann</i></b></p>", "Jonas Feldmann"),
    ("<p>Aylin KARACA<br>\nVorsitzende des Landesverbands</p>", "Aylin KARACA"),
])
def test_name_alone_closing_the_text_signs_the_article(ending: str, name: str) -> None:
    html = f"""<html><body><div class="article"><h1>Aus im Halbfinale</h1>{FILLER}
    <p>Das Rückspiel findet am Dienstag statt.</p>{ending}</div></body></html>"""
    assert [a.name for a in extract(html).authors] == [name]


@pytest.mark.parametrize("ending", [
    '<p><a href="https://museum.example/">Palais Lindner</a></p>',  # a link to what the text is about
    "<p>Weitere Termine</p>",  # one word plus a lower-case word: no name
])
def test_last_paragraph_that_is_no_signature_is_not_a_byline(ending: str) -> None:
    html = f"""<html><body><div class="article"><h1>Ausstellung</h1>{FILLER}
    <p>Die Ausstellung läuft bis Mai.</p>{ending}</div></body></html>"""
    assert extract(html).authors == ()


def test_greeting_closing_a_short_comment_is_not_a_byline() -> None:
    html = f"""<html><body><article><h1>Rezept</h1>{FILLER}</article>
    <div class="c"><p>Sieht lecker aus, mache ich nach!</p><p>Anna Berger</p></div></body></html>"""
    assert extract(html).authors == ()


def test_author_meta_repeating_the_publisher_meta_is_no_writer() -> None:
    html = f"""<html><head><meta name="publisher" content="Radio Exemple (www.radio.example)">
    <meta name="author" content="Radio Exemple (www.radio.example)"></head>
    <body><h1>La saison des pluies</h1>{FILLER}<p>Radio Exemple</p>
    <div class="longText"><p>Auteur : Amadou Diallo</p><p>Edition : M. Roux</p></div></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Amadou Diallo"]


def test_bold_label_closing_the_text_is_not_a_signature() -> None:
    html = f"""<html><body><div class="article"><h1>Faire Lieferketten</h1>{FILLER}
    <p>Die Initiative ist ein Zusammenschluss vieler Gruppen.</p><p><b>Weitere Informationen</b></p>
    </div></body></html>"""
    assert extract(html).authors == ()
