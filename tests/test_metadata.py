"""metadata.extract_metadata on small pages that show one rule each."""
from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsparse.metadata import Metadata, extract_metadata, split_author_names
from newsparse.model import Author


def extract(html: str, page_url: str | None = None) -> Metadata:
    return extract_metadata(LexborHTMLParser(html), page_url=page_url)


GRAPH_PAGE = """<!doctype html><html lang="en-GB"><head>
<title>Rivers rise after storm | Example Times</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "@id": "https://example.org/#site", "name": "Example Times"},
  {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "name": "Home"}]},
  {"@type": ["NewsArticle"], "headline": "Rivers rise after storm",
   "author": [{"@id": "https://example.org/#jane"}, {"@type": "Person", "name": "John Smith"}],
   "datePublished": "2023-09-07T14:03:00+03:00", "dateModified": "2023-09-08T09:00:00+03:00",
   "publisher": {"@type": "Organization", "name": "Example Times"},
   "articleSection": ["World", "Weather"], "keywords": "floods, storm, Floods",
   "inLanguage": "en-GB", "mainEntityOfPage": "https://example.org/2023/09/07/rivers",
   "image": {"@type": "ImageObject", "url": "/img/river.jpg", "caption": "The river at dawn",
             "creditText": "Photo Agency"}},
  {"@type": "Person", "@id": "https://example.org/#jane", "name": "Jane Doe",
   "url": "https://example.org/staff/jane"}
]}
</script></head><body><article><h1>Rivers rise after storm</h1><p>Text.</p></article></body></html>"""


def test_json_ld_graph_with_author_references() -> None:
    meta = extract(GRAPH_PAGE, page_url="https://example.org/2023/09/07/rivers")
    assert meta.title == "Rivers rise after storm"
    assert meta.authors == (Author("Jane Doe", "https://example.org/staff/jane"), Author("John Smith"))
    assert meta.published == "2023-09-07T14:03:00+03:00"
    assert meta.modified == "2023-09-08T09:00:00+03:00"
    assert meta.site_name == "Example Times"
    assert meta.section == "World"
    assert meta.tags == ("floods", "storm")
    assert meta.url == "https://example.org/2023/09/07/rivers"
    assert meta.image is not None
    assert meta.image.url == "https://example.org/img/river.jpg"
    assert (meta.image.caption, meta.image.credit) == ("The river at dawn", "Photo Agency")
    assert meta.language == "en-GB"
    assert meta.provenance["authors"] == "json-ld"
    assert meta.provenance["published"] == "json-ld"


def test_broken_json_ld_is_still_read() -> None:
    html = """<html><head><script type="application/ld+json"><!--
    {"@type": "Article", "headline": "Broken but readable",
     "author": {"@type": "Person", "name": ["Ann Lee", "Bo Chan"],},
     "datePublished": "2021-03-04",
     "description": "line one
line two",}
    {"@type": "Organization", "name": "Other"}
    --></script></head><body></body></html>"""
    meta = extract(html)
    assert meta.title == "Broken but readable"
    assert [a.name for a in meta.authors] == ["Ann Lee", "Bo Chan"]
    assert meta.published == "2021-03-04"
    assert meta.description == "line one line two"


def test_open_graph_only_page() -> None:
    html = """<html><head>
    <meta property="og:title" content="Harbour reopens">
    <meta property="og:site_name" content="Coast News">
    <meta property="og:description" content="  The harbour   reopened today. ">
    <meta property="og:url" content="https://coast.example/harbour">
    <meta property="og:image" content="https://coast.example/h.jpg">
    <meta property="og:locale" content="fr_FR">
    <meta property="article:published_time" content="2022-06-01T08:00:00Z">
    <meta property="article:section" content="Local">
    <meta property="article:tag" content="harbour"><meta property="article:tag" content="boats">
    <meta property="article:author" content="https://coast.example/people/ann">
    </head><body><p>Story</p></body></html>"""
    meta = extract(html)
    assert meta.title == "Harbour reopens"
    assert meta.site_name == "Coast News"
    assert meta.description == "The harbour reopened today."
    assert meta.url == "https://coast.example/harbour"
    assert meta.language == "fr-FR"
    assert meta.published == "2022-06-01T08:00:00+00:00"
    assert meta.section == "Local"
    assert meta.tags == ("harbour", "boats")
    assert meta.authors == ()  # an article:author URL alone is not a name
    assert meta.provenance["title"] == "meta:og:title"


def test_byline_only_page_splits_names_and_drops_roles_and_date() -> None:
    html = """<html><head><title>Council votes on budget</title></head><body><article>
    <h1>Council votes on budget</h1>
    <p class="byline">By Jane Doe and John Smith, Staff Writers | September 7, 2023</p>
    <p>The council voted.</p></article></body></html>"""
    meta = extract(html)
    assert [a.name for a in meta.authors] == ["Jane Doe", "John Smith"]
    assert meta.provenance["authors"] == "byline"
    assert meta.published == "2023-09-07"


def test_title_loses_site_name_suffix() -> None:
    html = """<html><head><title>Markets rally on rate news - The Daily Ledger</title>
    <meta property="og:site_name" content="The Daily Ledger"></head>
    <body><h2>Markets</h2></body></html>"""
    assert extract(html).title == "Markets rally on rate news"


def test_h1_printed_as_the_titles_first_segment_is_the_headline() -> None:
    html = """<html><head><title>Ben Wilson Surf - Point of Sail - Segelmacher, Surf und Kite Shop und
    Reparatur in Kiel</title></head><body><h1>Ben Wilson Surf</h1><p>Text.</p></body></html>"""
    assert extract(html).title == "Ben Wilson Surf"


def test_wordpress_blog_archive_segment_is_not_part_of_the_headline() -> None:
    html = """<html><head><title>Four Years Remaining » Blog Archive » Interning of Small Integers
    in Python</title><meta property="og:site_name" content="Four Years Remaining"></head><body>
    <h1>Four Years Remaining</h1><h2>Interning of Small Integers in Python</h2><p>Text.</p></body></html>"""
    assert extract(html).title == "Interning of Small Integers in Python"


def test_h2_confirms_the_headline_when_the_h1s_are_empty() -> None:
    html = """<html><head><title>Der Genossenschaftsverband Bayern im Porträt | Genossenschaftsverband
    Bayern e.V.</title></head><body><h1><img src="/logo.svg" alt=""></h1><h2>Meldungen</h2>
    <h2>Der Genossenschaftsverband Bayern im Porträt</h2><p>Text.</p></body></html>"""
    assert extract(html).title == "Der Genossenschaftsverband Bayern im Porträt"


def test_an_h2_is_never_the_title_on_its_own() -> None:
    html = """<html><head><title>Rivers rise after the storm</title></head><body><h1></h1>
    <h2>Weather</h2><p>Text.</p></body></html>"""
    assert extract(html).title == "Rivers rise after the storm"


def test_title_suffix_found_from_domain_without_site_name() -> None:
    html = "<html><head><title>Snow closes roads | Alpenpost</title></head><body></body></html>"
    assert extract(html, page_url="https://www.alpenpost.example/a/1").title == "Snow closes roads"


def test_h1_wins_over_truncated_og_title() -> None:
    html = """<html><head><meta property="og:title" content="A very long headline about the...">
    <title>A very long headline about the new bridge | Site</title></head>
    <body><main><h1>A very long headline about the new bridge</h1></main></body></html>"""
    assert extract(html).title == "A very long headline about the new bridge"


def test_author_junk_is_removed() -> None:
    html = """<html><head><title>T</title></head><body><article><h1>T</h1>
    <div class="author-box">Maria Rossi Email the author Follow @mrossi</div>
    </article></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Maria Rossi"]


def test_sidebar_and_comment_authors_are_not_taken() -> None:
    html = """<html><head><title>Main story</title></head><body>
    <div class="content"><article><h1>Main story</h1><p>Long text about the story.</p></article></div>
    <aside class="sidebar"><div class="author">Sidebar Person</div></aside>
    <div class="comments"><span class="comment-author">Commenter Name</span></div>
    </body></html>"""
    assert extract(html).authors == ()


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


def test_language_from_html_lang() -> None:
    html = '<html lang="de-AT"><head><meta property="og:locale" content="en_US"></head><body></body></html>'
    meta = extract(html)
    assert meta.language == "de-AT"
    assert meta.provenance["language"] == "html:lang"


def test_relative_canonical_resolved_against_page_url() -> None:
    html = '<html><head><link rel="canonical" href="/news/story-1"></head><body></body></html>'
    meta = extract(html, page_url="https://news.example/saved/copy.html")
    assert meta.url == "https://news.example/news/story-1"


def test_base_href_wins_over_page_url_for_resolving() -> None:
    html = """<html><head><base href="https://cdn.example/site/">
    <meta property="og:image" content="img/a.jpg"></head><body></body></html>"""
    meta = extract(html, page_url="https://other.example/x")
    assert meta.image is not None and meta.image.url == "https://cdn.example/site/img/a.jpg"


def test_non_web_urls_are_dropped() -> None:
    html = '<html><head><link rel="canonical" href="javascript:void(0)"></head><body></body></html>'
    assert extract(html).url is None


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


def test_organisation_author_loses_to_people_from_a_later_source() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "H", "author": {"@type": "Organization", "name": "Wire Desk Inc"}}
    </script><meta name="author" content="Paula Green"></head><body></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Paula Green"]


def test_dublin_core_and_inverted_names() -> None:
    html = """<html><head><meta name="DC.creator" content="Jong, Michiel de">
    <meta property="dc:title" content="Dublin title"><meta property="og:title" content="OG title">
    </head><body></body></html>"""
    meta = extract(html)
    assert [a.name for a in meta.authors] == ["Michiel de Jong"]
    assert meta.title == "Dublin title"


def test_split_author_names_in_several_languages() -> None:
    assert split_author_names("Von Anna Müller und Peter Schmidt") == ["Anna Müller", "Peter Schmidt"]
    assert split_author_names("Par Jean Dupont et Marie Curie") == ["Jean Dupont", "Marie Curie"]
    assert split_author_names("Por Ana García y Luis Pérez") == ["Ana García", "Luis Pérez"]
    assert split_author_names("di Mario Rossi e Luca Bianchi") == ["Mario Rossi", "Luca Bianchi"]
    assert split_author_names("Автор: Иван Петров и Анна Смирнова") == ["Иван Петров", "Анна Смирнова"]
    assert split_author_names("Door Jan de Vries") == ["Jan de Vries"]
    assert split_author_names("Written by A. Person, Reuters") == ["A. Person"]
    assert split_author_names("AFP") == ["AFP"]
    assert split_author_names("Jane Doe | Updated 3 hours ago") == ["Jane Doe"]
    assert split_author_names("jane@example.org") == []
    assert split_author_names("Staff Writer") == ["Staff Writer"]
    assert split_author_names("Written by Rob Ewaschuk Edited by Betsy Beyer") == ["Rob Ewaschuk"]


def test_an_ampersand_inside_one_name_does_not_split_it() -> None:
    assert split_author_names("Mac & i") == ["Mac & i"]
    assert split_author_names("Jane Doe & John Smith") == ["Jane Doe", "John Smith"]


def test_agency_glued_after_the_last_name_goes_but_an_agency_alone_stays() -> None:
    assert split_author_names("By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER Associated Press") == [
        "LISA MASCARO", "MARY CLARE JALONICK", "ERIC TUCKER"]
    assert split_author_names("Reuters") == ["Reuters"]


def test_kind_of_piece_before_by_and_a_compound_title_after_the_name_go() -> None:
    assert split_author_names("Analysis by Chris Cillizza, CNN Editor-at-large") == ["Chris Cillizza"]
    assert split_author_names("Analysis by Chris Cillizza, CNN Editor-at-large Updated 1909 GMT (0309 HKT) "
                              "November 18, 2019") == ["Chris Cillizza"]
    assert split_author_names("Opinion by Jane Doe") == ["Jane Doe"]


def test_a_desk_credited_by_its_post_is_no_person_but_a_named_correspondent_is() -> None:
    assert split_author_names("By Our Foreign Staff") == []
    assert split_author_names("By our correspondent") == []
    assert split_author_names("Von unserem Korrespondenten Peter Müller") == ["Peter Müller"]
    assert split_author_names("Par notre envoyé spécial Jean Dupont") == ["Jean Dupont"]


def test_a_sentence_split_at_its_and_gives_no_names() -> None:
    # A series title in the author slot: the "i" ("and") is the sentence's, not a list's.
    assert split_author_names("#Krótko o przepisach prawa w Nowej Zelandii i Polsce") == []
    assert split_author_names("Red | Die ehemalige Kolonie steht vor dem Niedergang.") == []
    # A written date is no sentence, and a short lower-case phrase beside names is dropped alone.
    assert split_author_names("Marie Merlet | lundi 9 décembre 2019 à 09h08") == ["Marie Merlet"]
    assert split_author_names("Jane Doe and the team") == ["Jane Doe"]


def test_empty_page_gives_empty_metadata() -> None:
    meta = extract("")
    assert meta == Metadata()


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


# ----------------------------------------------------------------------------- authors: what is not a person


def test_login_only_in_a_hidden_hcard_is_not_an_author() -> None:
    # Yoast names the CMS account; the theme copies it into an invisible vcard for search engines.
    html = """<html><head><script type="application/ld+json">
    {"@graph": [{"@type": "Article", "headline": "H", "author": {"@id": "https://example.org/#p1"}},
                {"@type": "Person", "@id": "https://example.org/#p1", "name": "fhaacker"}]}
    </script></head><body><h1>H</h1>
    <div class="author-name vcard author" style="display: none"><span class="fn">
    <a href="https://example.org/author/fhaacker/">fhaacker</a></span></div><p>Text.</p></body></html>"""
    assert extract(html).authors == ()


def test_login_printed_in_a_visible_byline_is_kept() -> None:
    html = """<html><body><h1>H</h1><p class="byline">Posted by
    <span class="vcard author"><span class="fn"><a href="/author/uriebe">uriebe</a></span></span></p>
    <p>Text.</p></body></html>"""
    assert [a.name for a in extract(html).authors] == ["uriebe"]


@pytest.mark.parametrize("label", ["Gesponserte Inhalte", "Sponsored Content", "Anzeige"])
def test_sponsored_content_label_in_the_authors_place_is_not_an_author(label: str) -> None:
    html = f"""<html><body><h1>H</h1><p class="author">von&nbsp;{label}</p>
    <p>Text.</p></body></html>"""
    assert extract(html).authors == ()


@pytest.mark.parametrize("value", ["kath.net", "INTERIA.PL", "Redaktion datev.de"])
def test_a_web_address_given_as_the_author_is_the_site(value: str) -> None:
    html = f"""<html><head><meta name="author" content="{value}"></head><body><h1>H</h1>
    <p>Text.</p></body></html>"""
    assert extract(html).authors == ()


def test_names_linked_one_after_another_are_apart_each_with_its_link() -> None:
    html = """<html><body><h1>H</h1><div class="field-autoren">
    <div><a href="/experts/mateusz-gniazdowski">Mateusz Gniazdowski</a></div>
    <div><a href="/experts/martyna-wasiuta">Martyna Wasiuta</a></div></div><p>Text.</p></body></html>"""
    authors = extract(html, page_url="https://think.example/pl/a").authors
    assert [(a.name, a.url) for a in authors] == [
        ("Mateusz Gniazdowski", "https://think.example/experts/mateusz-gniazdowski"),
        ("Martyna Wasiuta", "https://think.example/experts/martyna-wasiuta")]


def test_each_of_several_linked_writers_keeps_its_own_link() -> None:
    html = """<html><body><h1>H</h1><p class="byline">By <a href="/author/fiona">Fiona Born</a>
    and <a href="/author/mariam">Mariam Hof</a></p><p>Text.</p></body></html>"""
    authors = extract(html, page_url="https://mag.example/a").authors
    assert [(a.name, a.url) for a in authors] == [("Fiona Born", "https://mag.example/author/fiona"),
                                                  ("Mariam Hof", "https://mag.example/author/mariam")]


def test_a_pictures_author_is_not_the_articles() -> None:
    html = """<html><body><h1>H</h1><figure><img src="/a.jpg">
    <span class="img-author">Cortesía</span></figure>
    <div class="article__image-author">PAP/ Rafał Guz</div><p>Text.</p></body></html>"""
    assert extract(html).authors == ()


def test_name_of_another_microdata_item_inside_a_byline_box_is_not_the_author() -> None:
    # The box holds the byline (a desk, so no person) and the breadcrumbs, whose
    # itemprop=name is a rubric, not a writer.
    html = """<html><body><h1>Der neue Kombi im Test</h1><div class="article-author">
    <div class="article-author-text">von autotest.example Redaktion</div>
    <ul itemscope itemtype="http://schema.org/BreadcrumbList">in Rubrik:
    <li itemprop="itemListElement" itemscope itemtype="http://schema.org/ListItem">
    <a itemprop="item" href="/kombi.html"><span itemprop="name">Kombi</span></a></li></ul></div>
    <p>Text.</p></body></html>"""
    assert extract(html).authors == ()


def test_name_in_the_authors_own_microdata_item_is_read() -> None:
    html = """<html><body><h1>H</h1><div class="byline">Von
    <span itemprop="author" itemscope><span itemprop="name">Jana Roth</span></span>, 3. Mai</div>
    <p>Text.</p></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Jana Roth"]


@pytest.mark.parametrize("phrase", ["selbst ist der Mann", "the editors at large"])
def test_lower_case_phrase_is_not_a_person(phrase: str) -> None:
    html = f"""<html><head><script type="application/ld+json">
    {{"@type": "Article", "headline": "H", "author": {{"@type": "Person", "name": "{phrase}"}}}}
    </script></head><body><h1>H</h1><p>Text.</p></body></html>"""
    assert extract(html).authors == ()


def test_name_starting_with_a_particle_is_a_person() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "Article", "headline": "H", "author": {"@type": "Person", "name": "van der Berg"}}
    </script></head><body><h1>H</h1><p>Text.</p></body></html>"""
    assert [a.name for a in extract(html).authors] == ["van der Berg"]


def test_organisation_address_in_author_meta_is_not_a_list_of_people() -> None:
    html = """<html><head><meta name="author" content="Kirche und Leben, Münster, Germany"></head>
    <body><h1>H</h1><p>Text.</p></body></html>"""
    assert extract(html).authors == ()


@pytest.mark.parametrize(("raw", "names"), [
    ("Autoren Jelko Brandt und Jutta Klein", ["Jelko Brandt", "Jutta Klein"]),
    ("Autorinnen: Lea Roth, Mia Sommer", ["Lea Roth", "Mia Sommer"]),
])
def test_plural_author_labels_are_dropped(raw: str, names: list[str]) -> None:
    assert split_author_names(raw) == names


# ----------------------------------------------------------------------------- issue 4: author classes


def test_site_signing_in_author_markup_is_kept_when_nobody_else_is_named() -> None:
    # A group blog signs as itself in the theme's hCard: that is the byline readers see.
    html = """<html><head><meta property="og:site_name" content="Stadtblog Nord"></head><body>
    <article><h1>Neue Radwege im Viertel</h1><div class="entry-meta">Veröffentlicht am 3. Mai 2022 von
    <span class="author vcard"><a class="url fn n" href="/author/stadtblog/">Stadtblog Nord</a></span></div>
    <p>Text.</p></article></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Stadtblog Nord"]


def test_site_named_as_json_ld_author_only_is_still_dropped() -> None:
    html = """<html><head><meta property="og:site_name" content="Kochwelt"><script type="application/ld+json">
    {"@type": "Article", "headline": "H", "author": {"@type": "Person", "name": "Kochwelt"}}
    </script></head><body><h1>H</h1><p>Text.</p></body></html>"""
    assert extract(html).authors == ()


@pytest.mark.parametrize(("line", "name"), [
    ("11.12.2019 - Lina Vogt", "Lina Vogt"),
    ("04.02.2022 | 13:10 Uhr | Uta Brenner", "Uta Brenner"),
    ("12. März 2020 | Von Max Mustermann", "Max Mustermann"),
    ("3 juin 2021 – Claire Dubois", "Claire Dubois"),
    ("2021-10-16 / Ana Martínez", "Ana Martínez"),
])
def test_name_after_a_date_on_its_own_line_is_the_byline(line: str, name: str) -> None:
    html = f"""<html><body><div class="container"><h1>Variablen und ihr Zuhause</h1>
    <p class="text-muted">{line}</p></div><p>Text.</p></body></html>"""
    assert [a.name for a in extract(html).authors] == [name]


@pytest.mark.parametrize("line", ["04. November 2021 | PAID CONTENT", "1.12.2022 | Quelle: Agentur",
                                  "22.05.2014 - Gemeinde/ Stadt", "02.02.2022 - Weiterlesen"])
def test_label_after_a_date_is_not_a_byline(line: str) -> None:
    html = f"""<html><body><h1>H</h1><p>{line}</p><p>Text.</p></body></html>"""
    assert extract(html).authors == ()


def test_dates_and_names_in_a_teaser_list_are_not_the_byline() -> None:
    items = "".join(f"<li><a href='/a{i}'>Story {i}</a><small>0{i}.02.2022 - Autor Nummer{i}</small></li>"
                    for i in range(1, 5))
    html = f"""<html><body><h1>H</h1><p>Text.</p><ul class="list">{items}</ul></body></html>"""
    assert extract(html).authors == ()


def test_the_byline_line_is_read_beside_a_dated_teaser_list() -> None:
    # A "latest news" box of dated, signed teasers does not hide the article's own line.
    items = "".join(f"<li><a href='/a{i}'>Story {i}</a><br>0{i}.11.2019 - Jonas Eber{i}mann</li>"
                    for i in range(1, 5))
    html = f"""<html><body><div id="main"><h1>Adventsbasar</h1><p><em>11.12.2019 - Lina Vogt</em></p>
    <p>Text.</p></div><div id="rechts"><ul class="latestnews">{items}</ul></div></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Lina Vogt"]


@pytest.mark.parametrize("credits", [
    """<dl><dt>Auteur</dt><dd><a href="/staff/louise-martin/">Louise Martin</a></dd>
    <dt>Date</dt><dd>2 mars 2021</dd><dt>Thème</dt><dd>Europe, Énergie, Climat</dd></dl>""",
    """<table><tr><th>Autor</th><td>Louise Martin</td></tr><tr><th>Rubrik</th><td>Wirtschaft und
    Energiepolitik in Europa</td></tr></table>""",
])
def test_byline_label_in_a_credits_list_names_the_next_cell(credits: str) -> None:
    html = f"""<html><body><article><h1>H</h1><p>Text.</p>{credits}</article></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Louise Martin"]


def test_date_label_in_an_author_classed_element_is_not_a_name() -> None:
    # Twenty Ten prints "Publiziert am <date> von <author>" with the label in "meta-prep-author".
    html = """<html><body><div class="post"><h2>H</h2><div class="entry-meta">
    <span class="meta-prep meta-prep-author">Publiziert am</span> <a href="/2014/01/h/"><span
    class="entry-date">13. Januar 2014</span></a> <span class="meta-sep">von</span> <span
    class="author vcard"><a class="url fn n" href="/author/uriebe/">uriebe</a></span></div>
    <p>Text.</p></div></body></html>"""
    assert [a.name for a in extract(html).authors] == ["uriebe"]


def test_lone_first_name_is_completed_from_the_name_the_page_prints() -> None:
    html = """<html><head><script type="application/ld+json">
    {"@type": "NewsArticle", "headline": "H", "author": {"@type": "Person", "name": "Todd"}}
    </script></head><body><h1>H</h1><p>Text.</p>
    <div class="article-sidebar"><p class="full-name">Todd Keller</p><p>Media contact</p></div></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Todd Keller"]


def test_first_name_beside_other_names_is_not_completed() -> None:
    html = """<html><head><meta name="author" content="Mac &amp; Wendy"></head><body><h1>H</h1>
    <p>Runs on Mac OS and Windows.</p></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Mac", "Wendy"]


def test_soft_hyphens_are_removed_from_names() -> None:
    assert split_author_names("Von Mat\xadthi\xadas Lau\xaderer") == ["Matthias Lauerer"]


@pytest.mark.parametrize("kicker", ["Politik | 14. Februar 2012", "Familie 14/02/2012", "WORLD · Feb 14, 2012"])
def test_date_in_the_kicker_line_above_the_headline(kicker: str) -> None:
    html = f"""<html><body><div class="top"><a href="/">Home</a></div>
    <div class="article-head"><div class="kicker">{kicker}</div><h1>Parliament passes the budget</h1></div>
    <div class="text"><p>The vote came after a long night of debate in the chamber.</p></div></body></html>"""
    meta = extract(html)
    assert meta.published == "2012-02-14"
    assert meta.provenance["published"] == "text:header"


@pytest.mark.parametrize("text", ["", "   ", "a", "  Jane   Doe \n\n von\tder  Leyen  ", "x" * 50 + " y",
                                  "\u3000word\u2028next\x1ctail ", "one two three four five six seven"])
@pytest.mark.parametrize("length", [0, 1, 5, 12, 40])
def test_clean_text_start_is_a_whole_word_prefix(text: str, length: int) -> None:
    from newsparse.metadata.page import clean_text, clean_text_start
    start, whole = clean_text_start(text, length)
    full = clean_text(text)
    assert whole == (start == full)
    assert full.startswith(start) and (whole or not start or full[len(start)] == " ")
    assert whole or len(start) >= len(clean_text(text[:length]))


def test_lone_first_name_completed_from_the_page_text() -> None:
    # The surname printed most often after the first name, whatever its case; not one after
    # a longer word ("XTodd"), and not one that overlaps an earlier match ("Todd Todd Bates").
    body = ("<p>Todd Bates writes.</p><p>todd bates again, XTodd Foo, Todd Todd Bates.</p>"
            "<p>Todd  Bates-Smith</p><p>Todd Bates</p>")
    page = f"""<html><head><script type="application/ld+json">
    {{"@type": "NewsArticle", "author": {{"@type": "Person", "name": "Todd"}}}}</script></head>
    <body>{body}</body></html>"""
    assert [a.name for a in extract(page).authors] == ["Todd Bates"]


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


@pytest.mark.parametrize("home", ["/", "https://example.org", "https://example.org/index.php",
                                  "https://web.archive.org/web/20080731095558/http://www.example.org/"])
def test_h1_linking_to_the_home_page_is_the_site_name(home: str) -> None:
    # Blog themes print the site's name as an h1 logo above every post.
    html = f"""<html><head><title>Why small integers are interned | Example Blog</title></head>
    <body><div id="header"><h1><a href="{home}">Example Blog</a></h1></div>
    <div class="post"><h2>Why small integers are interned</h2><p>Some text.</p></div></body></html>"""
    assert extract(html).title == "Why small integers are interned"


def test_h1_linking_to_a_post_is_not_a_logo() -> None:
    html = """<html><head><title>Why small integers are interned | Example Blog</title></head>
    <body><h1><a href="/2020/05/small-integers">Why small integers are interned</a></h1>
    <p>Some text.</p></body></html>"""
    assert extract(html).title == "Why small integers are interned"


def test_single_guillemet_separates_the_site_name() -> None:
    html = """<html><head><meta property="og:site_name" content="Old Town Society">
    <title>Christmas market › Old Town Society</title></head><body><p>Some text.</p></body></html>"""
    assert extract(html).title == "Christmas market"


def test_h1_printed_with_the_site_suffix_loses_it_when_the_markup_confirms() -> None:
    html = """<html><head><meta property="og:site_name" content="Federal Agency">
    <meta property="og:title" content="New rules for old heaters">
    <title>New rules for old heaters | Federal Agency</title></head>
    <body><h1>New rules for old heaters | Federal Agency</h1><p>Some text.</p></body></html>"""
    meta = extract(html)
    assert meta.title == "New rules for old heaters"
    assert meta.provenance["title"] == "h1"


# ----------------------------------------------------------------------------- author misses, round 2


def test_headline_classed_as_author_is_not_a_byline() -> None:
    # Templates reuse an author-archive header for sections: the h1 names the section.
    html = """<html><body><header><h1 id="ifAuthor" class="section-name">Lisboa</h1></header>
    <article><h2>Novo parque abre ao público</h2><p>Text.</p></article></body></html>"""
    assert extract(html).authors == ()


def test_author_of_a_pull_quote_is_not_the_byline() -> None:
    html = """<html><body><article><h1>Kommentar zur Woche</h1><p>Text.</p>
    <blockquote><p>Wer nicht fragt, bleibt dumm.</p><span class="quote-author">Karla Beispiel,
    Publizistin</span></blockquote><p>More text.</p></article></body></html>"""
    assert extract(html).authors == ()


def test_line_break_ends_the_last_name_of_a_byline() -> None:
    # "Von <a>A</a> und <a>B</a><br>Ort": the place on the next line is not part of B's name.
    html = """<html><body><article><h1>Wasser für alle</h1>
    <p>Von <strong><a href="https://a.example">Lena Hofmann</a></strong> und
    <strong><a href="https://b.example">Tarek Yilmaz</a></strong><br><span></span><br>Lodwar /Kenia</p>
    <p>Text.</p></article></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Lena Hofmann", "Tarek Yilmaz"]


def test_link_to_the_writers_page_is_the_byline() -> None:
    html = """<html><head><link rel="canonical" href="https://www.jagdpost.example/news/wald-123">
    </head><body><article><h1>Forstweg blockiert</h1><div class="meta"><a class="text-body"
    href="https://www.jagdpost.example/autoren/mara-klein-5521"><span>Mara Klein</span></a></div>
    <p>Text.</p></article></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Mara Klein"]


@pytest.mark.parametrize("link", [
    # another site's page about a person: a reference
    '<p>Siehe <a href="https://archiv.example/people/karl-weber">Karl Weber</a>.</p>',
    # a mention inside a running sentence
    '<p>Wie <a href="/autor/karl-weber/">Karl Weber</a> letzte Woche berichtete, sind die Wege im '
    'Stadtwald seit Monaten für Spaziergänger gesperrt, und die Gemeinde prüft nun rechtliche '
    'Schritte gegen die Eigentümer der betroffenen Flächen.</p>',
    # a path that only starts like an author segment
    '<p><a href="/automobil/karl-weber">Karl Weber</a></p>',
])
def test_links_that_are_no_author_page_are_not_the_byline(link: str) -> None:
    html = f"""<html><head><link rel="canonical" href="https://www.jagdpost.example/news/wald-123">
    </head><body><article><h1>Forstweg blockiert</h1>{link}<p>Text.</p></article></body></html>"""
    assert extract(html).authors == ()


def test_more_by_the_author_in_german_is_not_part_of_the_name() -> None:
    assert split_author_names("Alles von Martin Keller") == ["Martin Keller"]
    assert split_author_names("Mehr Artikel von Martin Keller") == ["Martin Keller"]


@pytest.mark.parametrize("line", [
    'Gespeichert von <span class="username">kiwi42</span> am 24. Juli 2017 - 18:55',
    'Submitted by <span class="username">jdoe</span> on 3 May 2020',
])
def test_login_in_the_cms_posted_by_line_is_the_byline(line: str) -> None:
    html = f"""<html><body><div class="node"><h2>Sommerfest</h2><div class="submitted">{line}</div>
    <p>Text.</p></div></body></html>"""
    assert [a.name for a in extract(html).authors] == [line.split(">")[1].split("<")[0]]


def test_lower_case_word_after_von_is_no_login() -> None:
    html = """<html><body><h1>Aussicht</h1><p>Von oben am 3. Mai gesehen</p><p>Text.</p></body></html>"""
    assert extract(html).authors == ()


def test_posted_by_login_gives_way_to_a_printed_name() -> None:
    html = """<html><body><article><h1>Gemüse im Winter</h1><p class="submitted">Gespeichert von
    <span class="username">redakteur7</span> am 7. Juli 2019</p><p>Blog Beitrag von Marta Kovač</p>
    <p>Text.</p></article></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Marta Kovač"]


def test_structured_login_of_first_and_last_name_gives_the_printed_name() -> None:
    filler = "<p>" + "Der Gemeinderat hat am Abend lange beraten. " * 40 + "</p>"
    html = f"""<html><head><script type="application/ld+json">
    {{"@type": "NewsArticle", "headline": "H", "author": {{"@type": "Person", "name": "jana.roth"}}}}
    </script></head><body><h1>Neue Bürgermeisterin</h1>{filler}
    <p>Die Wahl bleibt spannend. (Jana M. Roth)</p></body></html>"""
    assert [a.name for a in extract(html).authors] == ["Jana M. Roth"]


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
