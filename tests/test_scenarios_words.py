"""The search's analyzer, pymorphy3 with its dictionary alone (bot/features/scenarios/words.py), reads words as the
full analyzer does: the units left out only guess the parses of words the dictionary does not know, which the search
never reads."""

import pymorphy3

from bot.features.scenarios.words import WORD, Normalizer, dictionary_analyzer
from tests.conftest import DATA, ROOT, SCENARIOS


def vocabulary() -> set[str]:
    """Every Russian word of the scenarios, the UI strings and the search's question sets."""
    files = [*SCENARIOS.rglob("*.yaml"), *(ROOT / "locales").rglob("*.ftl"), *DATA.glob("search_*.yaml")]
    text = " ".join(file.read_text(encoding="utf-8") for file in files).lower().replace("ё", "е")
    return {word for word in WORD.findall(text) if not word.isascii()}


def test_every_word_of_the_content_reads_as_with_the_full_analyzer() -> None:
    words = vocabulary()
    assert len(words) > 2000
    full, alone = Normalizer(pymorphy3.MorphAnalyzer()), Normalizer(dictionary_analyzer())
    differ = [
        word
        for word in words
        if (full.candidates(word, "ru"), full.in_dictionary(word, "ru"))
        != (alone.candidates(word, "ru"), alone.in_dictionary(word, "ru"))
    ]
    assert not differ
    assert any(not full.in_dictionary(word, "ru") for word in words), "words the dictionary lacks were compared too"


def test_the_guessing_tables_are_left_unread() -> None:
    analyzer = dictionary_analyzer()
    assert all(table.dct is None for table in analyzer.dictionary.prediction_suffixes_dawgs)
    assert pymorphy3.MorphAnalyzer().dictionary.prediction_suffixes_dawgs[0].dct is not None, "and read once more"
