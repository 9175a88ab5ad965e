"""Properties of the record as a whole, whatever the page."""
from __future__ import annotations

import unicodedata

import pytest

from newsparse import parse, render

DECOMPOSED_E = "e\u0301"  # "é" as a letter and a combining accent
BENGALI_YA = "\u09af\u09bc"  # "য়": NFC keeps this pair (U+09DF is a composition exclusion)
PRECOMPOSED_YA = "\u09df"


def page(title: str, paragraph: str, author: str) -> bytes:
    return f"""<!doctype html><html lang="fr"><head><title>{title}</title>
<meta name="author" content="{author}"></head><body><article><h1>{title}</h1>
<p>{paragraph} Le reste du paragraphe est assez long pour être retenu comme texte.</p>
<p>Une deuxième phrase complète, avec des virgules, pour que le corps soit choisi.</p>
</article></body></html>""".encode()


def test_text_in_decomposed_form_comes_out_composed():
    article = parse(page(f"Le caf{DECOMPOSED_E} du port", f"Un caf{DECOMPOSED_E} rouvre.", f"Ren{DECOMPOSED_E}e Dupont"))
    assert article.title == "Le café du port"
    assert "Un café rouvre." in article.text
    assert "Un café rouvre." in article.blocks[0].text
    assert [a.name for a in article.authors] == ["Renée Dupont"]
    assert unicodedata.is_normalized("NFC", render(article, "json"))


def test_composition_exclusions_follow_nfc_not_a_guess():
    # NFC decomposes U+09DF: both spellings of the page give the same record text.
    one = parse(page("Titre", f"Mot {PRECOMPOSED_YA} ici.", "Anne Martin"))
    two = parse(page("Titre", f"Mot {BENGALI_YA} ici.", "Anne Martin"))
    assert one.text == two.text
    assert BENGALI_YA in one.text


def test_the_source_path_is_kept_as_given():
    path = f"/saves/caf{DECOMPOSED_E}.html"  # macOS file names are decomposed
    article = parse(page(f"Le caf{DECOMPOSED_E}", "Un texte.", "Anne Martin"), path=path)
    assert article.source.path == path
    assert article.title == "Le café"


def test_addresses_stay_as_the_server_knows_them():
    image = f"https://example.com/uploads/capture-d-{DECOMPOSED_E}cran.png"  # a Mac screenshot's name
    link = f"https://example.com/caf{DECOMPOSED_E}/"
    html = page(f"Le caf{DECOMPOSED_E}", f'Un <a href="{link}">caf{DECOMPOSED_E}</a> rouvre.', "Anne Martin").replace(
        b"</article>", f'<figure><img src="{image}" alt="Caf{DECOMPOSED_E}"></figure></article>'.encode())
    article = parse(html)
    figure = next(block for block in article.blocks if block.type == "figure")
    assert figure.image.url == image and figure.image.alt == "Café"
    assert article.links == (link,)
    assert f'href="{link}"' in article.blocks[0].html and "café</a>" in article.blocks[0].html


@pytest.mark.parametrize(("text", "expected"), [
    ("plain ASCII words here", 4),
    ("„Größe“ – sagt er… und geht", 6),  # Windows-1252 punctuation, no unspaced script
    ("Привет, мир и всё", 4),  # Cyrillic: spaced, counted by spaces
    ("東京都の人口は増えた", 1 + 5),  # one run by spaces, plus one word per two of its 10 characters
    ("ภาษาไทย ง่าย", 2 + 5),  # Thai: two runs by spaces, plus one word per two of 11 characters
    ("Emoji 😀 only", 3),  # beyond the BMP, not an unspaced script
])
def test_word_count_counts_unspaced_scripts_by_characters(text, expected):
    from newsparse.content import word_count

    assert word_count(text) == expected
