"""Clean-up judgements (newsparse/clean.py) on small pages written for each behaviour."""
from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from newsparse.blocks import build_blocks, collect_links, plain_text
from newsparse.content import find_main_content

PROSE = ("The council voted on Tuesday to expand the tram network, a decision that officials said "
         "would cut commuting times, reduce traffic, and bring new investment to the eastern districts.")


def extract(body_html: str, base_url: str | None = "https://news.example.com/city/tram.html", title=None):
    tree = LexborHTMLParser(f"<html><body>{body_html}</body></html>")
    content = find_main_content(tree)
    blocks = build_blocks(content.nodes, base_url=base_url, title=title)
    return blocks, collect_links(blocks)


def article(*paragraphs: str, extra: str = "") -> str:
    return "<article>" + "".join(paragraphs) + extra + "</article>"


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


def test_trailing_section_of_links_is_dropped_but_a_closing_section_of_prose_stays():
    links = ('<h2>Mehr zum Thema</h2><p><a href="/a">Stadtrat beschließt Haushalt für das kommende Jahr</a></p>'
             '<ul><li><a href="/b">Neue Buslinie</a></li><li><a href="/c">Parkhaus öffnet</a></li></ul>')
    blocks, _ = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", links))
    assert "Mehr zum Thema" not in plain_text(blocks) and "Neue Buslinie" not in plain_text(blocks)
    closing = f'<h2>What comes next</h2><p>{PROSE} See <a href="/plan">the plan</a>.</p>'
    blocks, _ = extract(article(f"<p>{PROSE}</p>", f"<p>{PROSE}</p>", closing))
    assert "What comes next" in plain_text(blocks)


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
