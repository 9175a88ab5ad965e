"""metadata.extract_metadata on small pages that show one rule each: the published and
modified dates (published.py)."""
from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsparse.metadata import Metadata, extract_metadata


def extract(html: str, page_url: str | None = None) -> Metadata:
    return extract_metadata(LexborHTMLParser(html), page_url=page_url)


def test_related_time_does_not_beat_article_published_time() -> None:
    html = """<html><head><meta property="article:published_time" content="2020-05-01T10:00:00+02:00">
    </head><body><article><h1>Story</h1></article>
    <section class="related"><time datetime="2021-01-01">1 Jan 2021</time></section></body></html>"""
    meta = extract(html)
    assert meta.published == "2020-05-01T10:00:00+02:00"
    assert meta.provenance["published"] == "meta:article:published_time"


def test_related_time_is_skipped_when_only_times_exist() -> None:
    html = """<html><body><article><h1>Story</h1><time datetime="2020-05-01">May 1</time></article>
    <div class="related-posts"><time datetime="2021-01-01">Jan 1</time></div></body></html>"""
    assert extract(html).published == "2020-05-01"


def test_modified_before_published_is_a_scheduled_draft() -> None:
    # A post written on the 7th and scheduled for the 8th (WordPress/Yoast, newsroom CMSs):
    # the page shows the 8th; the earlier "modification" is the last draft save.
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "datePublished": "2020-01-08T10:31:49+02:00",
     "dateModified": "2020-01-07T21:45:28+02:00"}
    </script></head><body><h1>Headline</h1>
    <time datetime="2020-01-08T10:31:49+02:00">8. Januar 2020</time></body></html>"""
    meta = extract(html)
    assert meta.published == "2020-01-08T10:31:49+02:00"
    assert meta.modified is None


def test_url_date_is_the_last_resort() -> None:
    html = "<html><body><p>No dates here.</p></body></html>"
    meta = extract(html, page_url="https://example.org/2019/03/04/story")
    assert meta.published == "2019-03-04"
    assert meta.provenance["published"] == "url"


# ----------------------------------------------------------------------------- dates: which source wins


def test_bare_date_meta_loses_to_the_date_the_article_marks_up() -> None:
    # TYPO3/Drupal fill <meta name="date"> with the last edit; the article's <time> is its date.
    html = """<html lang="de"><head><meta name="date" content="2022-01-26T14:32:06+02:00"></head>
    <body><article><h1>Skitouren im Test</h1><p>Text.</p>
    <p class="meta"><time datetime="2022-01-21" class="meta__label">21.01.2022 - 13:30</time></p>
    </article></body></html>"""
    assert extract(html).published == "2022-01-21"


def test_explicit_published_meta_still_beats_an_article_time() -> None:
    html = """<html><head><meta property="article:published_time" content="2022-01-26T14:32:06+02:00">
    </head><body><article><h1>Headline</h1><p><time datetime="2022-01-21">21 January</time></p>
    </article></body></html>"""
    assert extract(html).published == "2022-01-26T14:32:06+02:00"


def test_event_date_in_the_standfirst_is_not_the_publication_date() -> None:
    standfirst = ("Die Messe für Angler zieht nach einem Jahr Pause wieder an die Ostsee und bringt "
                  "Aussteller aus ganz Europa mit. Am 21. und 22. Mai 2022 wird im Park geangelt.")
    html = f"""<html lang="de"><head>
    <meta property="article:published_time" content="2022-01-11T09:50:50+01:00">
    <meta property="article:modified_time" content="2022-01-21T11:39:21+01:00"></head>
    <body><article><header><h1>Angelmesse im Mai</h1><p>{standfirst}</p></header>
    <p>Text.</p></article></body></html>"""
    assert extract(html).published == "2022-01-11T09:50:50+01:00"


@pytest.mark.parametrize(("line", "lang", "expected"), [
    ("Veröffentlicht am 16.08.2019", "de", "2019-08-16"),
    ("Erschienen am: 01.11.2023", "de", "2023-11-01"),
    ("Publié le 12 mars 2020", "fr", "2020-03-12"),
    ("Publicado el 5 de junio de 2022", "es", "2022-06-05"),
    ("Published on 3 May 2021 by the press office", "en", "2021-05-03"),
    ("Mise en ligne 23 mai 2019", "fr", "2019-05-23"),
])
def test_labelled_publication_date_in_the_text(line: str, lang: str, expected: str) -> None:
    html = f"""<html lang="{lang}"><body><h1>Folge 158</h1><p>Text der Sendung.</p>
    <p>Dauer: 64 Minuten<br>{line}</p></body></html>"""
    meta = extract(html)
    assert meta.published == expected
    assert meta.provenance["published"] == "text:label"


def test_label_word_inside_another_word_is_not_a_label() -> None:
    html = """<html lang="en"><body><h1>Garden notes</h1>
    <p>We composted 3 May 2021 leaves.</p></body></html>"""
    assert extract(html).provenance.get("published") != "text:label"


def test_labelled_date_beats_a_bare_date_meta_in_another_order() -> None:
    # ASP.NET writes <meta name="date"> month first; the page labels the day it was created.
    html = """<html lang="de"><head><meta name="date" content="11/01/2023 12:43:42"></head>
    <body><h1>Trinkwasser belastet</h1><p>Text.</p><p>Erstellt am: 01.11.2023</p></body></html>"""
    assert extract(html).published == "2023-11-01"


@pytest.mark.parametrize("kicker", ["Politik | 14. Februar 2012", "Familie 14/02/2012", "WORLD · Feb 14, 2012"])
def test_date_in_the_kicker_line_above_the_headline(kicker: str) -> None:
    html = f"""<html><body><div class="top"><a href="/">Home</a></div>
    <div class="article-head"><div class="kicker">{kicker}</div><h1>Parliament passes the budget</h1></div>
    <div class="text"><p>The vote came after a long night of debate in the chamber.</p></div></body></html>"""
    meta = extract(html)
    assert meta.published == "2012-02-14"
    assert meta.provenance["published"] == "text:header"


def test_date_line_below_a_headline_nested_in_empty_wrappers() -> None:
    # Component-built pages wrap the h1 in column, row and hero boxes that hold nothing
    # else; the category-and-date line sits in the next box, well above four levels.
    headline = "<h1>Parliament passes the budget</h1>"
    for name in ("column", "columns", "container", "title-wrapper", "hero-wrapper"):
        headline = f'<div class="{name}">{headline}</div>'
    html = f"""<html><body><nav><a href="/">Home</a></nav><div id="main">
    <div class="hero"><div class="image"></div>{headline}</div>
    <div class="category-bar"><div>Politics</div><div>14/02/2012</div></div>
    <section><p>The vote came after a long night of debate in the chamber.</p></section></div></body></html>"""
    meta = extract(html)
    assert meta.published == "2012-02-14"
    assert meta.provenance["published"] == "text:header"


@pytest.mark.parametrize("footer, expected", [
    ("This page was last edited on 4 March 2021, at 09:12.", "2021-03-04T09:12:00"),
    ("Diese Seite wurde zuletzt am 4. März 2021 um 09:12 Uhr bearbeitet.", "2021-03-04T09:12:00"),
    ("HowTo/Install (last edited 2021-03-04 09:12:00 by someone)", "2021-03-04T09:12:00"),
    ("La dernière modification de cette page a été faite le 4 mars 2021 à 09:12.", "2021-03-04T09:12:00"),
])
def test_a_wiki_page_is_dated_by_its_last_edit(footer: str, expected: str) -> None:
    html = f"""<html><body><h1>Getting started</h1><div id="content"><p>Download the installer
    and run it.</p></div><div id="footer"><p>{footer}</p></div></body></html>"""
    meta = extract(html)
    assert meta.published == expected
    assert meta.provenance["published"] == "text:last-edited"


def test_an_event_date_after_the_last_edit_is_not_the_page_date() -> None:
    html = """<html><body><div class="page"><h1>Monthly meetup</h1><div id="content"><p>The next meetup
    is on Wed. 10 March 2021 from 7 pm at the library.</p></div></div>
    <div id="footer"><p>This page was last edited on 4 March 2021, at 09:12.</p></div></body></html>"""
    assert extract(html).published == "2021-03-04T09:12:00"


def test_a_labelled_publication_date_after_the_last_change_is_kept() -> None:
    # Written the evening before, published in the morning.
    html = """<html><body><h1>Review</h1><p>A long review of the novel.</p>
    <p>Letzte Änderung: 31.10.2023 - 14:49</p><p>Erschienen am: 01.11.2023</p></body></html>"""
    assert extract(html).published == "2023-11-01"


def test_zuletzt_am_without_an_edit_verb_is_prose_not_a_last_edit() -> None:
    html = """<html><body><h1>Stammtisch</h1><p>Der Stammtisch fand zuletzt am 4. März 2021 statt,
    der nächste folgt bald.</p></body></html>"""
    meta = extract(html)
    assert meta.provenance.get("published") != "text:last-edited"


@pytest.mark.parametrize("prop", ["schema:dateCreated", "schema:datePublished", "datePublished"])
def test_rdfa_date_property_beside_the_printed_date(prop: str) -> None:
    # CMSs that print RDFa put the full date in a hidden span beside a short printed one.
    html = f"""<html><body><article><h1>Harvest report</h1><footer class="node-meta">
    <span class="created">28.01.22</span><span property="{prop}" content="2022-01-28T12:45:46+00:00"
    class="hidden"></span></footer><p>The harvest was good this year.</p></article></body></html>"""
    meta = extract(html)
    assert meta.published == "2022-01-28T12:45:46+00:00"
    assert meta.provenance["published"] == "rdfa:datePublished"


def test_rdfa_modified_date_is_not_the_published_date() -> None:
    html = """<html><body><article><h1>Harvest report</h1>
    <span property="schema:dateModified" content="2022-02-03T10:00:00+00:00"></span>
    <p>The harvest was good this year.</p></article></body></html>"""
    meta = extract(html)
    assert meta.published is None
    assert meta.modified == "2022-02-03T10:00:00+00:00"


@pytest.mark.parametrize("line, expected", [
    ('Submitted by <span class="username">jdoe</span> on Mon, 24/07/2017 - 18:55', "2017-07-24T18:55:00"),
    ('Gespeichert von <span class="username">jdoe</span> am 24. Juli 2017 - 18:55', "2017-07-24T18:55:00"),
])
def test_date_in_the_submitted_line(line: str, expected: str) -> None:
    html = f"""<html><body><div class="node"><h2>Hackathon at the summer camp</h2>
    <div class="content"><p>We meet in the mountains for a week of coding.</p></div>
    <div class="submitted">{line}</div></div></body></html>"""
    meta = extract(html)
    assert meta.published == expected
    assert meta.provenance["published"] == "text"


def test_machine_written_date_time_in_the_header_is_not_the_printed_date() -> None:
    # hAtom themes keep an ISO copy of the modified date in a span their stylesheet hides.
    html = """<html><head><script type="application/ld+json">{"@type": "BlogPosting",
    "datePublished": "2022-12-25T11:00:02+00:00", "dateModified": "2022-12-07T09:10:52+00:00"}</script>
    </head><body><div class="post"><h1>Inventors and their research</h1><div class="meta">
    <span class="author">Jane Doe</span><span class="updated hidden">2022-12-07T10:10:52+01:00</span>
    <span>25 December 2022</span></div><p>The first lines of the post.</p></div></body></html>"""
    meta = extract(html)
    assert meta.published == "2022-12-25T11:00:02+00:00"


@pytest.mark.parametrize("opening, expected", [
    ("29.11.2022 – The industry had warned", "2022-11-29"),
    ("BERLIN, 3 May 2021 — The industry had warned", "2021-05-03"),
])
def test_dateline_opening_the_first_paragraph(opening: str, expected: str) -> None:
    html = f"""<html><body><h1>Government slows bioenergy</h1><p class="lead">The industry protests
    against the new law and what it means for the energy transition.</p>
    <div class="text"><p>{opening} against the plan again and again, in letters and hearings,
    but the cabinet passed it unchanged.</p></div></body></html>"""
    meta = extract(html)
    assert meta.published == expected
    assert meta.provenance["published"] == "text:short"


def test_date_inside_a_paragraph_is_not_a_dateline() -> None:
    html = """<html><body><h1>Government slows bioenergy</h1><div class="text"><p>The cabinet met
    on 29.11.2022 – a Tuesday – and passed the law unchanged after a long debate.</p></div></body></html>"""
    assert extract(html).published is None


def test_event_times_opening_a_teaser_are_not_a_dateline() -> None:
    html = """<html><body><h1>Fertiliser rules</h1><div class="events"><p>Sat., 22.01.2022, 9:00 – 17:00:
    an open day on the farm with tours and a market for everyone.</p></div></body></html>"""
    assert extract(html).published is None


def _arc_like_page(state_script: str) -> str:
    return f"""<html lang="es"><head><script type="application/ld+json">
    {{"@type": "NewsArticle", "headline": "Jugada del oficialismo",
      "datePublished": "2022-05-04T00:25:56Z"}}</script></head><body><main class="content">
    <div class="lay-sidebar"><div class="sidebar__main"><h2>Jugada del oficialismo</h2>
    <span class="mod-date"><time class="com-date">3 de mayo de 2022</time><time class="com-hour">21:25</time>
    </span><p>El oficialismo presentó un proyecto en el Senado.</p></div>
    <aside class="sidebar__aside"><p>Más leídas</p></aside></div></main>{state_script}</body></html>"""


def test_utc_instant_is_shown_in_the_offset_of_the_date_and_time_printed_apart() -> None:
    # The date and the time are two <time>s; the page's state JSON outweighs its prose, and
    # the layout named "sidebar" that holds the article must not count as a sidebar.
    state = "<script>window.Fusion = " + '{"x": "' + "y" * 20000 + '"}' + "</script>"
    assert extract(_arc_like_page(state)).published == "2022-05-03T21:25:56-03:00"


def updated_page(published: str, modified: str, header: str) -> str:
    return f"""<html><head><script type="application/ld+json">
    {{"@type": "Article", "datePublished": "{published}", "dateModified": "{modified}"}}
    </script></head><body><article><h1>Best budget laptops</h1><p class="meta">{header}</p>
    <p>We tested twenty laptops under five hundred dollars over a month of daily use.</p></article></body></html>"""


@pytest.mark.parametrize("header", ["June 2, 2024", "Updated June 2, 2024"])
def test_the_update_day_under_the_headline_of_an_old_article_is_not_its_publication(header: str) -> None:
    # Review and guide sites print the last update where the date goes; the page's data
    # keeps the day it was first published.
    meta = extract(updated_page("2023-01-10T09:00:00+00:00", "2024-06-02T12:00:00+00:00", header))
    assert meta.published == "2023-01-10T09:00:00+00:00"
    assert meta.modified == "2024-06-02T12:00:00+00:00"


def test_the_update_day_with_a_label_counts_however_close_it_is() -> None:
    meta = extract(updated_page("2024-05-20T09:00:00+00:00", "2024-06-02T12:00:00+00:00", "Updated June 2, 2024"))
    assert meta.published == "2024-05-20T09:00:00+00:00"


def test_a_printed_date_days_after_the_cms_creation_date_is_the_publication() -> None:
    # The data's datePublished is when the draft was created; the page went out on the 2nd.
    meta = extract(updated_page("2024-05-20T09:00:00+00:00", "2024-06-02T12:00:00+00:00", "June 2, 2024"))
    assert meta.published.startswith("2024-06-02")


def test_a_question_is_dated_by_its_own_creation_not_by_an_answer() -> None:
    # Q&A pages mark the question up with dateCreated and each answer with datePublished:
    # the page's date is the question's, the first in document order.
    html = """<html><body><div itemscope itemtype="https://schema.org/QAPage"><h1>How do I sort a list?</h1>
    <div itemprop="mainEntity" itemscope itemtype="https://schema.org/Question">
    <p>Asked <time itemprop="dateCreated" datetime="2018-06-08T09:28:03">8 years ago</time></p>
    <p>I have a list of numbers and want them in order.</p>
    <div itemprop="suggestedAnswer" itemscope itemtype="https://schema.org/Answer"><p>Use sorted().</p>
    <p>answered <time itemprop="datePublished" datetime="2021-04-08T04:06:17">Apr 8, 2021</time></p>
    </div></div></div></body></html>"""
    meta = extract(html)
    assert meta.published == "2018-06-08T09:28:03"
    assert meta.provenance["published"] == "itemprop:datePublished"


def test_a_printed_date_in_the_other_order_is_the_declared_day() -> None:
    # An English page prints its date month first with dots; read day first it would be
    # 9 October, but the page's data says 10 September: the same day, not another.
    html = """<html lang="en"><head><script type="application/ld+json">
    {"@type": "Article", "datePublished": "2024-09-10T16:07:00Z"}</script></head>
    <body><article><h1>Renovation phases</h1><p>By Block Renovation 09.10.2024</p>
    <p>Plan the work in phases, from design to the final walkthrough.</p></article></body></html>"""
    assert extract(html).published.startswith("2024-09-10")


def test_a_two_digit_year_under_the_headline_dates_the_article() -> None:
    html = """<html lang="de"><body><article><h1>Lieferbote fliegt nach Singapur</h1>
    <div class="article-meta">Von: Anna Schmidt <span>|</span> <span>31.10.23</span></div>
    <p>Ein Video behauptet, ein Lieferbote sei für ein Gericht ins Ausland geflogen.</p></article>
    <aside><p>Version 2.1.24 der App ist erschienen.</p></aside></body></html>"""
    meta = extract(html)
    assert meta.published == "2023-10-31"
    assert meta.provenance["published"] == "text:header"


def test_an_ambiguous_printed_date_is_read_in_the_order_of_the_url() -> None:
    # An English page prints "03/10/2023" (day first); month first it would be 10 March. The
    # page is filed under /2023/october/03/: 3 October.
    html = """<html lang="en"><body><article><h1>How many wine styles are there?</h1>
    <p>03/10/2023 by the editors</p><p>Almost all wines fall into a handful of styles.</p></article></body></html>"""
    meta = extract(html, page_url="https://wine.example.org/blog/2023/october/03/how-many-wine-styles/")
    assert meta.published == "2023-10-03"


def test_the_date_line_after_a_headline_printed_outside_an_h1() -> None:
    # A hand-made blog: its h1 is the blog's name; each post's title is a <legend> with
    # the date on the line below it.
    html = """<html><head><title>Advent puzzles, week two</title></head><body><h1>Roger's Blog</h1>
    <fieldset><legend>Advent puzzles, week two</legend> 20 December 2025
    <div class="body"><p>I did the puzzles again this year, one each evening after dinner.</p></div>
    </fieldset><p>Older posts: 3 December 2025</p></body></html>"""
    meta = extract(html)
    assert meta.title == "Advent puzzles, week two"
    assert meta.published == "2025-12-20"
    assert meta.provenance["published"] == "text:title-line"
    assert meta.confidence["published"] == "low"


def test_a_thread_is_dated_by_the_first_post_whose_date_line_holds_an_edit_note() -> None:
    # The first post's date element also holds the edit note, which makes it too long to be
    # read as a date element; the reply's short one must not date the thread.
    html = """<html><body><div id="posts">
    <div class="post"><div class="post_head"><span class="post_date">2019-02-23, 09:14 PM
    <span class="post_edit">(This post was last modified: 2019-02-24, 11:02 AM by the original poster, who fixed a typo.)</span>
    </span></div><div class="post_body">Which forum software should a small club choose in 2019?</div></div>
    <div class="post"><div class="post_head"><span class="post_date">2019-02-24, 02:31 AM</span></div>
    <div class="post_body">Whatever your members already know how to use.</div></div></div></body></html>"""
    assert extract(html).published == "2019-02-23T21:14:00"


def test_a_bare_date_meta_the_page_prints_beats_a_hidden_microdata_date() -> None:
    # A press release: the CMS stamps its microdata the evening before the embargo lifts;
    # the release prints the day it went out, which the bare "date" meta gives too.
    html = """<html lang="de"><head><meta name="date" content="2021-10-28T13:21:30+01:00"></head>
    <body><div class="page"><span itemprop="headline">Helfer warnen vor der Dürre</span>
    <time itemprop="datePublished" class="skip" datetime="2021-10-27T20:35:36+01:00"></time></div>
    <div class="release"><p class="release-meta">Potsdam, 28.10.2021, 041/21</p>
    <p>Vor Beginn der Konferenz in der kommenden Woche warnen die Helfer vor einem weiteren
    trockenen Sommer und fordern mehr Geld für die Vorsorge in den Gemeinden.</p></div>
    </body></html>"""
    meta = extract(html)
    assert meta.published == "2021-10-28T13:21:30+01:00"
    assert meta.provenance["published"] == "meta:date"


def test_a_url_date_long_before_the_markup_is_the_original_publication() -> None:
    # A blog moved to a new CMS: every post's datePublished is the import day, while the
    # addresses, kept so that links still work, still carry the day each post went out.
    html = """<html><head><link rel="canonical" href="https://www.example.org/home/2017/7/12/summer-at-the-lake">
    <script type="application/ld+json">{"@type": "Article", "headline": "Summer at the lake",
     "datePublished": "2019-06-17T18:28:00+02:00"}</script></head>
    <body><article><h1>Summer at the lake</h1><p>We rented a cabin for a week.</p></article></body></html>"""
    meta = extract(html)
    assert meta.published == "2017-07-12"
    assert meta.provenance["published"] == "url"
    # A URL date a few days before the markup's is the draft's: the markup stands.
    html = """<html><head><link rel="canonical" href="https://www.example.org/2022/05/02/budget-vote">
    <meta property="article:published_time" content="2022-05-08T10:00:00-05:00"></head>
    <body><article><h1>Budget vote</h1><p>The council voted.</p></article></body></html>"""
    assert extract(html).published == "2022-05-08T10:00:00-05:00"


def test_a_url_date_does_not_overrule_the_markup_day_the_page_prints() -> None:
    html = """<html><head><link rel="canonical" href="https://www.example.org/2015/03/02/station-reopens">
    <meta property="article:published_time" content="2019-04-11T08:00:00+00:00"></head>
    <body><article><h1>Station reopens</h1><p class="date">11 April 2019</p>
    <p>The station reopened this morning after four years of works.</p></article></body></html>"""
    assert extract(html).published == "2019-04-11T08:00:00+00:00"


def test_a_first_of_january_without_a_time_is_a_year_not_the_day() -> None:
    # A recipe imported from a printed book: the CMS knew its year only.
    html = """<html lang="en"><head><meta itemprop="dateCreated" content="01/01/2004"></head>
    <body><h1>Lemon drizzle cake</h1><div class="recipe-date">Updated June 13, 2019</div>
    <p>Preheat the oven and line a loaf tin with baking paper.</p></body></html>"""
    assert extract(html).published == "2019-06-13"
    # ...unless the page prints no other date: then the markup's is all there is.
    html = """<html lang="en"><head><meta itemprop="dateCreated" content="01/01/2004"></head>
    <body><h1>Lemon drizzle cake</h1><p>Preheat the oven and line a loaf tin.</p></body></html>"""
    assert extract(html).published == "2004-01-01"
    # ...and 1 January with a time is that day.
    html = """<html lang="en"><head><meta property="article:published_time" content="2021-01-01T00:15:00+01:00">
    </head><body><h1>The first baby of the year</h1><div class="info-date">Updated January 2, 2021</div>
    <p>She was born a quarter of an hour after midnight.</p></body></html>"""
    assert extract(html).published == "2021-01-01T00:15:00+01:00"


def test_the_publication_line_opening_the_article_beats_the_markup() -> None:
    # The headline sits in the page's title bar, outside the article; the article opens
    # with the date and time the story was last put out, which is what readers are shown.
    html = """<html lang="de"><head><script type="application/ld+json">{"@type": "NewsArticle",
     "headline": "Lockdown wird verlängert", "datePublished": "2021-03-16T16:16:10+00:00"}</script></head>
    <body><div class="title-bar"><span>news</span> &gt; <h1>Lockdown wird verlängert</h1></div>
    <article class="story"><div class="publish-info"><p class="date-time">20. März 2021 - 15:00 Uhr</p></div>
    <p>Bund und Länder wollen die Regeln um weitere vier Wochen verlängern, berichten mehrere
    Zeitungen übereinstimmend. Eine Entscheidung soll am Montag fallen.</p></article></body></html>"""
    meta = extract(html)
    assert meta.published == "2021-03-20T15:00:00"
    assert meta.provenance["published"] == "text"
    # A date further into the article (a reference list's access date) is not its line.
    html = """<html lang="en"><head><script type="application/ld+json">{"@type": "Article",
     "headline": "Printing press", "datePublished": "2001-10-29T01:59:14+00:00"}</script></head>
    <body><div class="title-bar"><h1>Printing press</h1></div>
    <main><p>The printing press is a mechanical device for applying pressure to an inked surface
    resting upon a print medium, thereby transferring the ink. It was a major step in the history
    of communication, and many of the early presses were adapted from wine and olive presses.</p>
    <ol class="references"><li><span class="reference-accessdate">Retrieved 17 February 2008</span></li></ol>
    </main></body></html>"""
    assert extract(html).published == "2001-10-29T01:59:14+00:00"


def test_a_date_line_above_the_headline_with_the_byline_after_the_date() -> None:
    html = """<html lang="de"><head><title>Winterhechte | Fischerpost</title></head><body>
    <main><section><div class="head"><div class="subline"><table><tr><td>26 | 01 | 2022</td>
    <td class="categories">Schweiz | Praxis | Video</td><td>Text &amp; Fotos: Anna Beispiel</td>
    <td>0</td><td>337</td></tr></table></div><h1>Winterhechte am Bielersee</h1></div></section>
    <section><p>Im Winter sind die Möglichkeiten zu fischen begrenzter als in der warmen Jahreszeit,
    doch der Hecht beißt auch dann, wenn man ihn in der Tiefe sucht.</p></section></main></body></html>"""
    meta = extract(html)
    assert meta.published == "2022-01-26"
    assert meta.provenance["published"] == "text:header"


def test_a_machine_date_time_above_the_headline_is_not_its_kicker() -> None:
    html = """<html lang="en"><head><script type="application/ld+json">{"@type": "Article",
     "headline": "Will this method work?", "datePublished": "2024-05-27T07:11:40"}</script></head><body>
    <header class="thread-header"><div class="meta-copy">{"dateModified": "2024-10-01T05:33:23"}</div>
    <h1>Will this method work?</h1><div>by Sam, 21 replies</div></header>
    <div class="post"><p>I have been trying this method for a month now and wonder whether it works.</p></div>
    </body></html>"""
    assert extract(html).published == "2024-05-27T07:11:40"


# ----------------------------------------------------------------------------- dates: not the page's neighbours


NEIGHBOURS_ARTICLE = """<div class="content"><h1>Harbour repairs begin after winter storms</h1>
    <p class="byline">By Jane Porter</p>
    <p>Work crews arrived at the north pier on Monday to begin repairs that the council says will
    take most of the spring. The storms in January tore away sections of the breakwater.</p></div>"""


def test_a_date_in_a_list_of_other_stories_is_not_the_articles() -> None:
    # A "more from" block of cards, each a headline link and its date, under a class that
    # names no related list: the cards' dates are the other stories'.
    stories = [("Ferry timetable changes", 12), ("Lifeboat crew honoured", 10), ("New café on the promenade", 8)]
    cards = "".join(f'<div class="card"><a href="/{n}">{title}</a><span class="date">{day} March 2021</span></div>'
                    for n, (title, day) in enumerate(stories))
    html = f"""<html lang="en"><head><title>Harbour repairs begin</title></head><body>{NEIGHBOURS_ARTICLE}
    <div class="more-from-section"><h2>More from the Courier</h2>{cards}</div></body></html>"""
    assert extract(html).published is None
    # The article's own date line, one item of a list of its facts, is its date.
    html = f"""<html lang="en"><head><title>Harbour repairs begin</title></head><body>
    <div class="content"><h1>Harbour repairs begin</h1><ul class="meta"><li><a href="/jane">Jane Porter</a></li>
    <li><span class="date">15 March 2021</span></li><li><a href="#comments">3 comments</a></li></ul>
    <p>Work crews arrived at the north pier on Monday.</p></div>
    <div class="more-from-section">{cards}</div></body></html>"""
    assert extract(html).published == "2021-03-15"


def test_today_in_the_site_banner_is_not_the_articles_date() -> None:
    html = f"""<html lang="en"><head><title>Harbour repairs begin</title></head><body>
    <div class="masthead"><span class="today">Monday, 7 December 2026</span> The Coastal Courier</div>
    {NEIGHBOURS_ARTICLE}<p>Printed 3 March 2021</p></body></html>"""
    assert extract(html).published == "2021-03-03"
    # A <header> holding the headline is the article's own: its date is the article's.
    html = """<html lang="en"><body><header class="top"><h1>Harbour repairs begin</h1>
    <span class="date">2 March 2021</span></header><p>Work crews arrived at the north pier.</p></body></html>"""
    assert extract(html).published == "2021-03-02"


def test_a_printed_date_before_a_resave_that_stamped_both_markup_dates() -> None:
    # The CMS stamps datePublished and dateModified alike on every save; the date beside
    # the writer's name still says when the piece first went out.
    intro = ("A guide to pricing yoga classes: what studios charge, what changes the price, and how to "
             "set a structure your regulars will accept. ") * 3
    html = f"""<html lang="en"><head><script type="application/ld+json">{{"@type": "Article",
     "headline": "How much to charge for a yoga class", "datePublished": "2025-06-24",
     "dateModified": "2025-06-24"}}</script></head><body><main><h1>How much to charge for a yoga class</h1>
    <p>{intro}</p><div class="staff"><div class="text__author">Shauna Miller</div>
    <div class="text__date">August 25, 2024</div></div><p>Start from your costs.</p></main></body></html>"""
    assert extract(html).published == "2024-08-25"
    # A day apart is a time zone's doing: the markup's instant stands.
    html = html.replace('"2025-06-24"', '"2024-08-26T01:30:00+00:00"')
    assert extract(html).published == "2024-08-26T01:30:00+00:00"


def test_a_posts_own_header_outside_an_article_is_not_the_banner() -> None:
    # An old blog theme: the h1 is the blog's name, each post a <div> whose <header> holds
    # its h2 title and its date.
    html = """<html lang="en"><body><div class="site-title"><h1>Notes from the Allotment</h1></div>
    <div class="post"><header><h2>Leeks at last</h2><span class="date">4 October 2019</span></header>
    <p>After three failed summers the leeks finally came good this year, thick as a wrist.</p></div>
    </body></html>"""
    assert extract(html).published == "2019-10-04"


@pytest.mark.parametrize(("line", "lang", "expected"), [
    ("By Jane Porter · Updated June 2, 2021 · Published March 15, 2019", "en", "2019-03-15"),
    ("Aktualisiert am 02.06.2021, 10:00 Uhr | Erstveröffentlichung: 15.03.2019", "de", "2019-03-15"),
    ("Mis à jour le 2 juin 2021 - Publié le 15 mars 2019", "fr", "2019-03-15"),
    # A line with only the update's date (the next one is later) keeps it.
    ("By Jane Porter · Updated June 2, 2021 · 4 min read · Next: June 9, 2021", "en", "2021-06-02"),
])
def test_a_date_line_that_gives_the_update_first_is_dated_by_the_publication(line: str, lang: str,
                                                                              expected: str) -> None:
    html = f"""<html lang="{lang}"><body><article><h1>Harbour repairs begin</h1><p class="byline">{line}</p>
    <p>Work crews arrived at the north pier on Monday to begin the repairs.</p></article></body></html>"""
    assert extract(html).published == expected



def test_a_teasers_date_between_the_headline_and_the_byline_is_not_the_articles() -> None:
    html = """<html lang="de"><head><title>Hafen | Kurier</title></head><body>
    <article><div class="head"><h1>Hafenreparatur beginnt</h1>
    <div class="related-teaser"><a href="/sturm">Sturm reißt Mole ein</a> <span>12.01.2021</span></div>
    <p class="meta">Von Jana Pohl, 15.03.2021</p></div>
    <p>Die Arbeiten am Nordpier haben begonnen und werden den ganzen Frühling dauern.</p></article>
    </body></html>"""
    assert extract(html).published == "2021-03-15"
    # A date line in an element named for sharing or an aside is still the article's own.
    html = """<html lang="en"><body><main><header><h1>Harbour repairs begin</h1>
    <div class="share-byline-timestamp"><span class="byline">By Jane Porter</span>
    <span class="timestamp">March 15, 2021: 12:41 PM ET</span></div></header>
    <p>Work crews arrived at the north pier on Monday to begin the repairs.</p></main></body></html>"""
    assert extract(html).published == "2021-03-15T12:41:00"


def unclosed_fonts_page(depth: int) -> str:
    # A page that never closes its <font> tags: every one holds all that follows, and
    # the date stands deep inside, after a paragraph that opens with none.
    fonts = "".join(f"<font size=2>Paragraph {n} of the story goes on and on here. " for n in range(depth))
    return (f"<html><body><h1>Bridge reopens</h1><p>The bridge is open again after two years of work on it, "
            f"the city says.</p>{fonts}<span>7 March 2021</span></body></html>")


@pytest.mark.parametrize("read_before_counting", [0, 10**12], ids=["counted at once", "never counted"])
def test_the_short_date_is_the_same_whether_nested_lengths_are_counted_or_read(monkeypatch, read_before_counting):
    from newsparse.metadata import published

    monkeypatch.setattr(published, "SHORT_DATE_READ_CHARS", read_before_counting)
    meta = extract(unclosed_fonts_page(300))
    assert meta.published == "2021-03-07"
    assert meta.provenance["published"] == "text:short"


def test_nested_candidates_past_the_reading_budget_are_measured_not_read(monkeypatch):
    # 300 nested fonts hold about 2.5 million characters between them, read one by one.
    from newsparse import dom
    from newsparse.metadata import published

    counted = []
    monkeypatch.setattr(published, "subtree_text_lengths",
                        lambda root: counted.append(root) or dom.subtree_text_lengths(root))
    meta = extract(unclosed_fonts_page(300))
    assert meta.published == "2021-03-07"
    assert len(counted) == 1  # once, for the scope searched
    assert extract(unclosed_fonts_page(3)).published == "2021-03-07"
    assert len(counted) == 1  # a shallow page is read as it is
