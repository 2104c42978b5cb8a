"""How the search reads words: a word reduced to the form it is filed under (pymorphy3 for Russian, Snowball for
English and for the Russian words the dictionary does not know), and the stop words that say nothing about what a
question is about."""

import re
from functools import lru_cache

import pymorphy3
import Stemmer
from pymorphy3 import dawg, units

from bot.core.config import Locale
from bot.features.scenarios.courtesy import GREETINGS, THANKS

WORD = re.compile(r"[a-zа-я0-9]+")
STOP = {
    "ru": set(
        [
            "а",
            "в",
            "во",
            "где",
            "до",
            "же",
            "за",
            "и",
            "или",
            "из",
            "к",
            "ко",
            "как",
            "какой",
            "какая",
            "какое",
            "какие",
            "какую",
            "каких",
            "когда",
            "ли",
            "мне",
            "меня",
            "мой",
            "моя",
            "мы",
            "на",
            "не",
            "нет",
            "ну",
            "о",
            "об",
            "от",
            "по",
            "про",
            "с",
            "со",
            "у",
            "уже",
            "что",
            "чтобы",
            "это",
            "я",
            "ты",
            "вы",
            "он",
            "она",
            "они",
            "его",
            "её",
            "ее",
            "их",
            "ей",
            "ему",
            "им",
            "нам",
            "вам",
            "нас",
            "вас",
            "бы",
            "был",
            "была",
            "было",
            "есть",
            "можно",
            "нужно",
            "надо",
            "нужен",
            "нужна",
            "нужны",
            "для",
            "хочу",
            "очень",
            "пожалуйста",
            "здравствуйте",
            "добрый",
            "день",
            "подскажите",
            "помогите",
            "скажите",
            "сделать",
        ]
    ),
    "en": set(
        [
            "a",
            "an",
            "the",
            "to",
            "of",
            "in",
            "on",
            "at",
            "for",
            "and",
            "or",
            "is",
            "are",
            "am",
            "be",
            "i",
            "my",
            "me",
            "we",
            "you",
            "how",
            "do",
            "does",
            "can",
            "what",
            "where",
            "when",
            "which",
            "with",
            "from",
            "it",
            "this",
            "that",
            "please",
            "need",
            "want",
            "help",
        ]
    ),
}
# «привет, потеряла паспорт»: a greeting or thanks around a question is not part of what it is about.
for words in STOP.values():
    words |= GREETINGS | THANKS
VERB_FORMS = {"PRTF", "PRTS", "GRND"}
# A word whose likeliest reading is one of these is never taken for a verb's form: «для» is not «длить».
FUNCTION_POS = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO"}
# Words whose readings are remembered (each of the two caches): the scenarios' own words are ~3,000, and typed
# questions add a long tail of typos and names; 50,000 let the two hold 23 MiB for that tail, 10,000 hold 5.2.
WORDS_REMEMBERED = 10_000


def dictionary_analyzer() -> pymorphy3.MorphAnalyzer:
    """pymorphy3 with its dictionary alone, without the units that guess an unknown word's parses from its ending.

    The search reads only the parses the dictionary knows (`is_known`; a word it does not know goes to Snowball), so
    those guesses were thrown away; but the tables they guess from (prediction-suffixes-*.dawg) are read whichever
    units are asked for, ~6 MB of resident memory. They are left unread here: the units that would read them are not
    there. tests/test_scenarios_words.py checks that every word of the scenarios and UI strings reads as with the
    full analyzer."""
    table = dawg.PredictionSuffixesDAWG
    own = vars(table).get("load")  # none in pymorphy3 2.0: it inherits DAWG's
    table.load = _left_unread  # type: ignore[method-assign]
    try:
        return pymorphy3.MorphAnalyzer(units=[units.DictionaryAnalyzer()])
    finally:
        if own is None:
            del table.load
        else:
            table.load = own  # type: ignore[method-assign]


def _left_unread(table: dawg.PredictionSuffixesDAWG, path: str) -> dawg.PredictionSuffixesDAWG:
    return table


class Normalizer:
    def __init__(self, morph: pymorphy3.MorphAnalyzer | None = None) -> None:
        self._morph = morph or dictionary_analyzer()
        # PyStemmer: the same Snowball algorithms as the snowballstemmer package, in C, and only the two languages
        # asked for in memory (snowballstemmer imports all of its 30-odd pure-Python stemmers, 2 MB resident).
        self._english = Stemmer.Stemmer("english")
        self._russian = Stemmer.Stemmer("russian")
        self.candidates = lru_cache(maxsize=WORDS_REMEMBERED)(self._candidates)
        self.in_dictionary = lru_cache(maxsize=WORDS_REMEMBERED)(self._in_dictionary)

    def _candidates(self, word: str, locale: Locale) -> tuple[str, ...]:
        """The forms a word may be filed under, likeliest first: its dictionary forms (pymorphy3), or, for a word the
        dictionary does not know (учётку, госуслуги's slang, a typo), its Snowball stem, which stays the same across
        cases where a guessed dictionary form does not (учетка → «учёткий», учетку → «учеткать»; both → «учетк»)."""
        if locale == "en" or word.isascii():
            return (self._english.stemWord(word),)
        parses = self._morph.parse(word)
        if not any(parse.is_known for parse in parses):
            return (self._russian.stemWord(word),)
        forms = [parse.normal_form for parse in parses[:3] if parse.is_known]
        if not (parses[0].tag.POS in FUNCTION_POS or "Apro" in parses[0].tag):  # not «для» → «длить»
            # "потерян", "подтверждённая" are forms of a verb: meet "потеряла", "подтвердить" at the verb.
            verbs = [
                verb.word for parse in parses[:3] if parse.tag.POS in VERB_FORMS and (verb := parse.inflect({"INFN"}))
            ]
            forms = verbs[:1] + forms
        return tuple(dict.fromkeys(form.replace("ё", "е") for form in forms))

    def _in_dictionary(self, word: str, locale: Locale) -> bool:
        """Whether the word is one the Russian dictionary knows (so not a typo or a shortening); English has none."""
        return locale == "ru" and not word.isascii() and any(parse.is_known for parse in self._morph.parse(word))

    def lemma(self, word: str, locale: Locale) -> str:
        return self.candidates(word, locale)[0]

    def words(self, text: str, locale: Locale) -> list[str]:
        """The words of a text that may say what it is about: no stop words, no single letters."""
        return [w for w in WORD.findall(text.lower().replace("ё", "е")) if w not in STOP[locale] and len(w) > 1]

    def terms(self, text: str, locale: Locale) -> list[str]:
        return [self.lemma(word, locale) for word in self.words(text, locale)]
