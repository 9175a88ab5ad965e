"""Light language detection: only with enough text, only when sure."""
from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsparse.language import detect_language, guess_language

SAMPLES = {
    "en": "The government said on Monday that the new rules would apply to all of those who live in the "
          "city and do not have a car, and that it was not yet clear when they will be in force. ",
    "de": "Die Regierung hat am Montag beschlossen, dass die neuen Regeln für alle gelten, die in der Stadt "
          "wohnen und nicht mit dem Auto fahren, und es ist noch nicht klar, wann sie in Kraft treten. ",
    "fr": "Le gouvernement a annoncé lundi que les nouvelles règles seront appliquées dans la ville pour "
          "tous ceux qui ne sont pas en voiture, mais il n'est pas encore clair quand elles entreront. ",
    "es": "El gobierno anunció el lunes que las nuevas normas se aplicarán en la ciudad para todos los que "
          "no tienen coche, pero todavía no está claro cuándo entrarán en vigor y por qué fue así. ",
    "it": "Il governo ha annunciato lunedì che le nuove regole saranno applicate nella città per tutti "
          "quelli che non hanno una macchina, ma non è ancora chiaro quando entreranno in vigore. ",
    "pt": "O governo anunciou na segunda-feira que as novas regras serão aplicadas na cidade para todos os "
          "que não têm carro, mas ainda não está claro quando elas vão entrar em vigor pelo país. ",
    "nl": "De regering heeft maandag besloten dat de nieuwe regels gelden voor iedereen die in de stad "
          "woont en niet met de auto rijdt, maar het is nog niet duidelijk wanneer ze ingaan. ",
    "pl": "Rząd ogłosił w poniedziałek, że nowe przepisy będą obowiązywać w mieście dla wszystkich, "
          "którzy nie mają samochodu, ale nie jest jeszcze jasne, kiedy to się stanie i jak. ",
    "ru": "Правительство в понедельник объявило, что новые правила будут действовать в городе для всех, "
          "у кого нет машины, но пока неясно, когда они вступят в силу и что это значит. ",
    "ja": "政府は月曜日、新しい規則が車を持たないすべての市民に適用されると発表したが、いつ施行されるかはまだ明らかではない。",
    "zh": "政府星期一宣布，新规定将适用于城市中所有没有汽车的居民，但目前尚不清楚何时生效以及如何执行这些规定。",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_common_languages_are_recognised(lang: str) -> None:
    assert guess_language(SAMPLES[lang] * 4) == lang


def test_ukrainian_is_told_from_russian_by_its_letters() -> None:
    text = "Уряд оголосив у понеділок, що нові правила діятимуть у місті для всіх, хто не має машини, " \
           "але поки що незрозуміло, коли вони набудуть чинності і що це означає для людей. "
    assert guess_language(text * 3) == "uk"


def test_too_little_text_gives_no_language() -> None:
    assert guess_language("Die Regierung hat beschlossen.") is None
    assert guess_language("") is None


def test_mixed_text_with_no_clear_winner_gives_no_language() -> None:
    words = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor " * 6
    assert guess_language(words) is None


def test_detection_reads_paragraph_text_only() -> None:
    tree = LexborHTMLParser("<html><body><nav>Home News Sport Kontakt Impressum</nav>"
                            f"<p>{SAMPLES['nl'] * 3}</p></body></html>")
    assert detect_language(tree) == "nl"
