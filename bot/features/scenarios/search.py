"""Finding the life situation behind a typed question: "потеряла паспорт", "как записаться к врачу".

Words are reduced to their dictionary form (pymorphy3 for Russian, Snowball for English), so any case or verb form
matches; a word the scenarios do not contain is matched to the closest one they do (rapidfuzz), which absorbs typos
and shortened words ("загран", "пасспорт"). Colloquial words live in each scenario's `keywords`, written by authors.
Everything runs offline from dictionaries shipped inside the packages.

A question is answered only when a scenario explains most of what it is about: its words, each weighed by how rare
it is in the library (a word no scenario has weighs most), must be mostly found in that scenario's title, keywords
or description. One shared word («записаться к парикмахеру» and the doctor scenario) is not a match.
"""

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3
import snowballstemmer
from rapidfuzz import fuzz, process

from bot.core.config import LOCALES, Locale
from bot.features.scenarios.courtesy import GREETINGS, THANKS
from bot.features.scenarios.models import Scenario
from bot.features.scenarios.validation import Catalog

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
            "бы",
            "был",
            "была",
            "было",
            "есть",
            "можно",
            "нужно",
            "надо",
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
# Where a word stands says how much it tells about the scenario.
WEIGHTS = {"title": 3.0, "keywords": 3.0, "description": 2.0, "landing": 2.0, "text": 1.0}
# A scenario scoring under this share of the best one is not worth a button.
RELEVANT = 0.4
# Below this similarity (0–100) a misspelt word is not taken for a scenario word.
FUZZY_CUTOFF = 80
# The share of a question (IDF-weighted) the best scenario must explain; set between the in-scope and the
# out-of-scope test questions (tests/data/search_*.yaml), which score about 0.6–1 and 0–0.55.
COVERED = 0.57
# A word no scenario contains counts as found in half a scenario: rarer, so weightier, than any library word.
UNKNOWN_FREQUENCY = 0.5


@dataclass(frozen=True)
class Match:
    scenario: Scenario
    step_id: str  # where to land: the start, or the step the question is about


class Normalizer:
    def __init__(self) -> None:
        self._morph = pymorphy3.MorphAnalyzer()
        self._english = snowballstemmer.stemmer("english")
        self.lemma = lru_cache(maxsize=50_000)(self._lemma)

    def _lemma(self, word: str, locale: Locale) -> str:
        if locale == "en" or word.isascii():
            return self._english.stemWord(word)
        parses = self._morph.parse(word)
        for parse in parses[:3]:
            # "потерян", "подтверждённая" are forms of a verb: meet "потеряла", "подтвердить" at the verb.
            if parse.tag.POS in VERB_FORMS and (verb := parse.inflect({"INFN"})):
                return verb.word.replace("ё", "е")
        return parses[0].normal_form.replace("ё", "е")

    def terms(self, text: str, locale: Locale) -> list[str]:
        words = WORD.findall(text.lower().replace("ё", "е"))
        return [self.lemma(w, locale) for w in words if w not in STOP[locale] and len(w) > 1]


class SearchIndex:
    def __init__(self, catalog: Catalog, normalizer: Normalizer | None = None) -> None:
        self._normalizer = normalizer or Normalizer()
        self._scenarios = {s.id: s for s in catalog}
        self._docs: dict[Locale, dict[str, dict[str, float]]] = {}
        self._landings: dict[Locale, dict[str, dict[str, dict[str, float]]]] = {}
        self._idf: dict[Locale, dict[str, float]] = {}
        self._vocabulary: dict[Locale, list[str]] = {}
        for locale in LOCALES:
            self._build(locale)

    def _build(self, locale: Locale) -> None:
        docs, landings = {}, {}
        for scenario in self._scenarios.values():
            docs[scenario.id] = self._weigh(locale, _scenario_fields(scenario, locale))
            landings[scenario.id] = {
                step_id: self._weigh(locale, [("landing", text)]) for step_id, text in _landing_texts(scenario, locale)
            }
        frequency: dict[str, int] = defaultdict(int)
        for doc in docs.values():
            for term in doc:
                frequency[term] += 1
        self._docs[locale], self._landings[locale] = docs, landings
        self._idf[locale] = {term: math.log(1 + len(docs) / df) for term, df in frequency.items()}
        self._vocabulary[locale] = sorted(frequency)

    def _weigh(self, locale: Locale, fields: Iterable[tuple[str, str]]) -> dict[str, float]:
        weights: dict[str, float] = {}
        for field, text in fields:
            for term in self._normalizer.terms(text, locale):
                weights[term] = max(weights.get(term, 0.0), WEIGHTS[field])
        return weights

    def _known(self, term: str, locale: Locale) -> tuple[str, float] | None:
        """The scenario word a query word stands for (itself, a word it begins, or the nearest spelling), with how
        sure that is (1 for itself or a beginning, the spelling similarity otherwise)."""
        idf = self._idf[locale]
        if term in idf:
            return term, 1.0
        if len(term) < 4:
            return None
        vocabulary = self._vocabulary[locale]
        starts = [word for word in vocabulary if word.startswith(term)]
        if starts:
            return min(starts, key=len), 1.0
        found = process.extractOne(term, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return (found[0], found[1] / 100) if found else None

    def search(self, query: str, locale: Locale, limit: int = 3) -> list[Match]:
        """The best scenarios for the question, in the person's language first, then in the other one
        (a Russian speaker may type "scam"); weak matches far behind the best are left out."""
        for language in (locale, *(other for other in LOCALES if other != locale)):
            matches = self._search(query, language, limit)
            if matches:
                return matches
        return []

    def _search(self, query: str, locale: Locale, limit: int) -> list[Match]:
        words = self._normalizer.terms(query, locale)
        if all(word.isdigit() for word in words):
            return []  # "15.12" or "122" alone says nothing about a situation: numbers only help beside words
        known = [(word, self._known(word, locale)) for word in words]
        terms = {found[0] for _, found in known if found}
        idf = self._idf[locale]
        scores = {
            scenario_id: sum(doc.get(term, 0.0) * idf[term] for term in terms)
            for scenario_id, doc in self._docs[locale].items()
        }
        best = max(scores.values(), default=0.0)
        ranked = sorted((s for s in scores if scores[s] > 0 and scores[s] >= RELEVANT * best), key=lambda s: -scores[s])
        if max((self._coverage(known, s, locale) for s in ranked), default=0.0) < COVERED:
            return []
        return [Match(self._scenarios[s], self._landing(s, terms, locale)) for s in ranked[:limit]]

    def _coverage(self, known: list[tuple[str, tuple[str, float] | None]], scenario_id: str, locale: Locale) -> float:
        """How much of the question the scenario explains, 0–1: each word weighs its rarity in the library, and
        counts fully where the scenario has it in its title or keywords, less where only in a step's text."""
        idf, doc = self._idf[locale], self._docs[locale][scenario_id]
        unknown = math.log(1 + len(self._docs[locale]) / UNKNOWN_FREQUENCY)
        top = max(WEIGHTS.values())
        total = explained = 0.0
        for word, found in known:
            if found is None:
                if not word.isdigit():  # an unknown number (a date, a sum) says little about the topic
                    total += unknown
                continue
            term, sure = found
            total += idf[term]
            explained += idf[term] * sure * doc.get(term, 0.0) / top
        return explained / total if total else 0.0

    def topic(self, query: str, locale: Locale) -> str | None:
        """The rarest library word in the question (never a number), to count questions that found nothing by
        topic: a word of the library, not what the person typed."""
        idf = self._idf[locale]
        found = [term for term in self._normalizer.terms(query, locale) if term in idf and not term.isdigit()]
        return max(found, key=lambda term: idf[term], default=None)

    def _landing(self, scenario_id: str, terms: set[str], locale: Locale) -> str:
        """The step whose heading (or the button leading to it) matches the question best; else the start."""
        idf, start = self._idf[locale], self._scenarios[scenario_id].start
        best, best_score = start, 0.0
        for step_id, doc in self._landings[locale][scenario_id].items():
            score = sum(doc.get(term, 0.0) * idf.get(term, 0.0) for term in terms)
            if score > best_score:
                best, best_score = step_id, score
        return best


def _scenario_fields(scenario: Scenario, locale: Locale) -> list[tuple[str, str]]:
    fields = [("title", scenario.title(locale)), ("description", scenario.description(locale))]
    fields += [("keywords", keyword) for keyword in getattr(scenario.keywords, locale)]
    for step in scenario.steps.values():
        fields += [("text", step.title(locale)), ("text", step.text(locale))]
    return fields


def _landing_texts(scenario: Scenario, locale: Locale) -> list[tuple[str, str]]:
    """Each step with the words that lead to it: its heading and the labels of the buttons pointing at it."""
    texts = {step_id: [step.title(locale)] for step_id, step in scenario.steps.items() if not step.end}
    for step in scenario.steps.values():
        for choice in step.choices:
            if choice.next in texts:
                texts[choice.next].append(choice.label(locale))
    return [(step_id, " ".join(words)) for step_id, words in texts.items()]
