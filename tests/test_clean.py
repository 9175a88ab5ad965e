"""Clean-up judgements (newsparse/clean.py) on small pages written for each behaviour.

Each page goes through the pipeline's body steps (content, blocks, clean); what is
checked is what the clean-up keeps or drops. How nodes become blocks is not tested
here but in test_blocks.py."""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from newsparse.blocks import build_blocks, collect_links, plain_text
from newsparse.clean import clean_blocks, is_bare_date
from newsparse.content import find_main_content
from newsparse.model import Block

PROSE = ("The council voted on Tuesday to expand the tram network, a decision that officials said "
         "would cut commuting times, reduce traffic, and bring new investment to the eastern districts.")


def cleaned(body_html: str, base_url: str | None = "https://news.example.com/city/tram.html", title=None,
            authors: tuple[str, ...] = ()):
    """The page's body as the pipeline gives it: built (blocks.py), then cleaned."""
    tree = LexborHTMLParser(f"<html><body>{body_html}</body></html>")
    built = build_blocks(find_main_content(tree).nodes, base_url=base_url, title=title, authors=authors)
    return clean_blocks(built.blocks, loose=built.loose, inline_figures=built.inline_figures, authors=authors,
                        site=base_url)


def extract(body_html: str, base_url: str | None = "https://news.example.com/city/tram.html", title=None):
    blocks = cleaned(body_html, base_url, title)
    return blocks, collect_links(blocks)


def extract_with_authors(body_html: str, authors: tuple[str, ...]):
    return cleaned(body_html, "https://news.example.com/", authors=authors)


def article(*paragraphs: str, extra: str = "") -> str:
    return "<article>" + "".join(paragraphs) + extra + "</article>"


def test_related_teaser_inside_the_body_is_dropped():
    blocks, links = extract(article(
        f"<p>{PROSE}</p>",
        '<p><strong>Related article: <a href="/2023/other">Council Approves Budget</a></strong></p>',
        f"<p>{PROSE}</p>",
    ))
    text = plain_text(blocks)
    assert "Council Approves Budget" not in text
    assert text.count("tram network") == 2
    assert links == []


def test_a_sentence_that_is_a_link_is_kept():
    sentence = ('<p><a href="/report">The full report, published by the transport authority on Monday, '
                'runs to three hundred pages and includes cost estimates for each line.</a></p>')
    blocks, links = extract(article(f"<p>{PROSE}</p>", sentence, f"<p>{PROSE}</p>"))
    assert "runs to three hundred pages" in plain_text(blocks)
    assert "https://news.example.com/report" in links


def test_copyright_line_is_not_body():
    blocks, _ = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>",
                                "<p>© 2024 City Post Media. All rights reserved.</p>"))
    assert "All rights reserved" not in plain_text(blocks)


def test_heading_equal_to_the_title_is_not_repeated():
    blocks, _ = extract(article("<h1>Trams Are Coming</h1>", f"<p>{PROSE}</p>", "<h2>What it costs</h2>",
                                f"<p>{PROSE}</p>"), title="Trams Are Coming")
    assert [(b.type, b.text) for b in blocks if b.type == "heading"] == [("heading", "What it costs")]


def test_date_lines_are_dropped_but_sentences_and_signatures_with_dates_stay():
    for line in ("Tuesday, March 9, 2004", "Updated: 07.09.2023 14:03", "7 сентября 2023, 12:40",
                 "3. März 2021, 18:45 Uhr"):
        assert is_bare_date(line), line
    for line in ("The meeting on 3 March 2021 was long", "— Tottenham Hotspur (@SpursOfficial) November 20, 2019"):
        assert not is_bare_date(line), line


def test_caption_written_as_a_paragraph_under_its_image_becomes_the_caption():
    alt = "Die neue Tramlinie an der Haltestelle Rathaus am ersten Betriebstag"
    blocks, _ = extract(article(
        f"<p>{PROSE}</p>",
        f'<div class="image"><img src="/tram.jpg" alt="{alt}"></div><p>{alt}. | © Stadtwerke</p>',
        f"<p>{PROSE}</p>",
        '<div class="image"><img src="/depot.jpg"></div><p>Das Depot im Osten. © Jane Photographer</p>',
        f"<p>{PROSE}</p>",
    ))
    text = plain_text(blocks)
    assert "Stadtwerke" not in text and "Depot im Osten" not in text
    assert text.count("tram network") == 3
    figures = [b.image for b in blocks if b.type == "figure"]
    assert figures[0].caption == f"{alt}. | © Stadtwerke"
    assert figures[1].caption == "Das Depot im Osten. © Jane Photographer"


def test_paragraph_after_an_image_that_does_not_repeat_it_is_body_text():
    blocks, _ = extract(article(
        f"<p>{PROSE}</p>",
        '<div class="image"><img src="/tram.jpg" alt="Die neue Tramlinie an der Haltestelle Rathaus"></div>',
        "<p>Die neue Tramlinie fährt ab Montag alle zehn Minuten und hält an jeder der zwölf Haltestellen.</p>",
        # A title in the same run as its image (a video player's) is read before the image.
        '<p><span>Video: Die neue Tramlinie an der Haltestelle Rathaus</span>'
        '<img src="/video.jpg" alt="Video: Die neue Tramlinie an der Haltestelle Rathaus"></p>',
        f"<p>{PROSE}</p>",
    ))
    text = plain_text(blocks)
    assert "alle zehn Minuten" in text
    assert "Video: Die neue Tramlinie" in text


def test_author_box_closing_the_article_is_dropped():
    box = ('<h3>Über Jana Muster</h3><img src="/jana.jpg" alt="Jana Muster">'
           "<p>Jana Muster schreibt seit 2010 über Verkehr und Stadtentwicklung für verschiedene Magazine.</p>")
    blocks = extract_with_authors(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", box), ("Jana Muster",))
    text = plain_text(blocks)
    assert text.count("tram network") == 2 and "seit 2010" not in text
    # A one-word byline (a brand, an agency) also names things the article talks about.
    closing = f"<h3>Technische Daten Hyundai</h3><p>{PROSE}</p>"
    blocks = extract_with_authors(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", closing), ("Hyundai",))
    assert "Technische Daten Hyundai" in plain_text(blocks)


def test_heading_of_a_removed_box_is_dropped_but_real_sections_stay():
    blocks, _ = extract(article(
        f"<h2>Why now</h2><p>{PROSE}</p>",
        f"<h2>The cost</h2><p>{PROSE}</p>",
        '<h3>More on this topic</h3><ul><li><a href="/a">One</a></li><li><a href="/b">Two</a></li></ul>',
    ))
    assert [b.text for b in blocks if b.type == "heading"] == ["Why now", "The cost"]


def test_a_label_left_with_nothing_to_introduce_is_dropped():
    blocks, _ = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>",
                                '<p><strong>Weitere Informationen:</strong></p><ul><li><a href="/x">X</a></li>'
                                '<li><a href="/y">Y</a></li></ul>'))
    assert not plain_text(blocks).endswith(":")


def test_shouted_slot_labels_are_dropped_but_short_words_are_not():
    blocks, _ = extract(article("<p>BAAR, SWITZERLAND</p>", f"<p>{PROSE}</p>", "<p>ADVERTISEMENT</p>",
                                "<p>DON'T MISS</p>", f"<p>{PROSE}</p>", "<p>Links</p>"))
    texts = [b.text for b in blocks]
    assert "ADVERTISEMENT" not in texts and "DON'T MISS" not in texts
    assert "Links" in texts and "BAAR, SWITZERLAND" in texts  # a dateline is not a slot label


def test_ad_disclosures_and_slot_labels_are_dropped_but_sentences_opening_with_the_word_stay():
    blocks, _ = extract(article(
        "<p>Anzeige, enthält Affiliate Links</p>",
        f"<p>{PROSE}</p>",
        "<p>*Werbung. Dieser Beitrag enthält Werbung für eine Marke.</p>",
        "<p>Advertisement</p>",
        "<p>Anzeige gegen Unbekannt hat der Verein nach dem Vorfall am Bahnhof erstattet.</p>",
        f"<p>{PROSE}</p>",
    ))
    text = plain_text(blocks)
    assert "Affiliate" not in text and "Werbung" not in text and "Advertisement" not in text
    assert "Anzeige gegen Unbekannt" in text


def test_trailing_section_of_links_is_dropped_but_a_closing_section_of_prose_stays():
    links = ('<h2>Mehr zum Thema</h2><p><a href="/a">Stadtrat beschließt Haushalt für das kommende Jahr</a></p>'
             '<ul><li><a href="/b">Neue Buslinie</a></li><li><a href="/c">Parkhaus öffnet</a></li></ul>')
    blocks, _ = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", links))
    assert "Mehr zum Thema" not in plain_text(blocks) and "Neue Buslinie" not in plain_text(blocks)
    closing = f'<h2>What comes next</h2><p>{PROSE} See <a href="/plan">the plan</a>.</p>'
    blocks, _ = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", closing))
    assert "What comes next" in plain_text(blocks)


def test_a_closing_section_citing_other_sites_stays_while_teasers_for_this_one_go():
    further = ('<h2>Further reading</h2>'
               '<p><a href="https://transit.example.org/reports/2023">The regional transit report for 2023, with '
               'the ridership figures for every line</a> has the numbers behind the plan, and <a '
               'href="https://www.example.edu/studies/trams">a university study of tram ridership in mid-sized '
               'cities</a> compares them with other cities.</p>')
    teasers = ('<h2>More from the City desk</h2><p><a href="/city/bus.html">New night bus routes announced</a></p>'
               '<p><a href="https://news.example.com/city/parking.html">Parking fees rise in the centre</a></p>')
    blocks, links = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", further, teasers))
    text = plain_text(blocks)
    assert "Further reading" in text and "a university study of tram ridership" in text
    assert "More from the City desk" not in text and "Parking fees" not in text
    # Without the page's address, where links lead is not known: the section goes as before.
    blocks, _ = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", further), base_url=None)
    assert "Further reading" not in plain_text(blocks)


def test_a_closing_list_of_off_site_links_still_goes():
    sources = ('<h2>Sources</h2><ol><li><a href="https://stats.example.org/t1">Transit statistics</a></li>'
               '<li><a href="https://census.example.gov/c">Census tables</a></li></ol>')
    blocks, _ = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", sources))
    assert "Census tables" not in plain_text(blocks)


def test_closing_contact_cards_and_further_links_are_dropped():
    blocks, _ = extract(article(
        f"<p>{PROSE}</p>", f"<p>{PROSE}</p>",
        "<p><strong>Weitere Informationen:</strong></p>",
        '<ul><li><a href="/a">Bericht des Instituts</a></li><li><a href="/b">Pressemappe zum Projekt</a></li></ul>',
        "<p><strong>Kontakt:</strong></p>",
        "<p>Dr. Jana Muster<br>Institut für Stadtverkehr<br>E-Mail: jana.muster@example.org</p>",
        "<p>Max Beispiel<br>Verkehrsbetriebe<br>Tel.: 030 1234567</p>",
    ))
    text = plain_text(blocks)
    assert text.count("tram network") == 2
    for gone in ("Weitere Informationen", "Pressemappe", "Kontakt", "Jana Muster", "030 1234567"):
        assert gone not in text


def test_closing_section_of_verse_is_not_a_contact_card():
    poem = "<p>Die Bahn fährt durch die Nacht,<br>die Stadt schläft ein,<br>nur wir sind wach.</p>"
    blocks, _ = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", "<h2>Zum Schluss</h2>", poem))
    assert "die Stadt schläft ein" in plain_text(blocks)


def test_question_box_of_linked_teasers_closing_the_body_is_dropped():
    teasers = "".join(f'<blockquote><p><a href="/news/{n}">Weitere Meldung Nummer {n} aus der Stadt</a></p></blockquote>'
                      for n in range(3))
    blocks, _ = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", "<p><strong>Schon gelesen?</strong></p>", teasers))
    text = plain_text(blocks)
    assert "Schon gelesen" not in text and "Weitere Meldung" not in text


def test_loose_lines_and_link_lines_ending_the_body_are_dropped_but_a_sign_off_stays():
    blocks, _ = extract(article(
        f"<p>{PROSE}</p>", f"<p>{PROSE}</p>",
        "<p>Euer Hans</p>",
        '<p><a href="https://photos.example.com/album/7">Bilder des Treffens</a></p>',
        "<div>Weitere Artikel zum Thema</div><div>- Anzeige-</div>",
        '<img src="/counter.gif" alt="Besucherzähler"><div>Sie wollen mehr von uns?</div>',
    ))
    text = plain_text(blocks)
    assert text.endswith("Euer Hans")
    for gone in ("Bilder des Treffens", "Weitere Artikel", "Anzeige", "Sie wollen mehr"):
        assert gone not in text


def test_loose_labels_opening_the_body_are_dropped_but_a_short_first_paragraph_stays():
    blocks, _ = extract(article("<div>Politik</div><div><span>Lesezeit: 1 min</span></div>",
                                "<p>Ein Kommentar</p>", f"<p>{PROSE}</p>", f"<p>{PROSE}</p>"))
    text = plain_text(blocks)
    assert text.startswith("Ein Kommentar")
    assert "Politik" not in text and "Lesezeit" not in text


def test_a_credits_list_opening_the_body_is_not_text():
    credits = ("<dl><dt>Texte</dt><dd>Jeanne Marchal</dd><dt>Photographies</dt><dd>Luc Fabre</dd>"
               "<dt>Publié le</dt><dd>12/05/2021</dd><dt>Rubrique</dt><dd>Reportages</dd></dl>")
    blocks, _ = extract(f"<article><div class='infos'>{credits}</div><p>{PROSE}</p><p>{PROSE}</p></article>")
    text = plain_text(blocks)
    assert not any(word in text for word in ("Luc Fabre", "Publié le", "Rubrique", "Reportages"))
    assert text.count("tram network") == 2


def test_the_passes_take_any_list_of_blocks():
    prose = Block("paragraph", text=PROSE, html=PROSE)
    box = Block("heading", text="More on this topic", html="More on this topic", level=3)
    assert clean_blocks([prose, box]) == [prose]


def test_a_line_dropped_while_building_lets_the_lists_around_it_join():
    # Why some judgements run while blocks are built, not after: what they drop
    # changes what is built next (here, one-item lists either side join).
    blocks = cleaned(article(f"<p>{PROSE}</p>", "<ul><li>North line</li></ul>", "<p>© 2024 City Post</p>",
                             "<ul><li>East line</li></ul>", f"<p>{PROSE}</p>"))
    assert [(b.type, [item.text for item in b.items]) for b in blocks] == [
        ("paragraph", []), ("list", ["North line", "East line"]), ("paragraph", [])]
