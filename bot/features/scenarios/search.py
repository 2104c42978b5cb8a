"""Finding the life situation behind a typed question: "потеряла паспорт", "как записаться к врачу".

Words are reduced to their dictionary form (pymorphy3 for Russian, Snowball for English), so any case or verb form
matches; a Russian word the dictionary does not know («учётку», «госуслуги» slang, a typo) is reduced by the Snowball
Russian stemmer instead, and matched to the closest scenario word (rapidfuzz), which absorbs typos and shortened
words ("загран", "пасспорт"); a word the dictionary knows is never taken for a typo of another. Colloquial words live
in each scenario's `keywords`, written by authors. Everything runs offline from dictionaries shipped inside the
packages.

A question is answered only when a scenario explains most of what it is about: its words, each weighed by how rare
it is in the library (a word no scenario has weighs most; a word naming a person, «внуку», little), must be mostly
found in that scenario's title, keywords, step headings and buttons, or description; or, when the question holds one
of the scenario's phrases whole, a good part of it. One shared word («записаться к парикмахеру» and the doctor
scenario) is not a match. Then the answer lands on the step the question is about (`_landing`).
docs/search-quality.md measures both sides on a held-out set.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.config import LOCALES, Locale
from bot.features.scenarios.models import Scenario
from bot.features.scenarios.validation import Catalog
from bot.features.scenarios.words import Normalizer

# Whom a question is for, not what it is about («внуку 14 лет нужен паспорт»): a word of these the library lacks
# weighs as a word two scenarios have (PERSON_SCENARIOS), where any other unknown word weighs most; and it
# steers the landing to the steps for a child or for an older relative, as the buttons name them.
CHILDREN = {"внук", "внучка", "внучок", "сын", "сынок", "дочь", "дочка", "ребенок", "подросток", "школьник"}
ELDERS = {"мама", "мать", "папа", "отец", "бабушка", "дедушка", "родитель", "свекровь", "теща", "свекор", "тесть"}
KIN = {"муж", "жена", "брат", "сестра", "племянник", "племянница", "зять", "невестка", "родственник", "родственница"}
PEOPLE = CHILDREN | ELDERS | KIN | {"сосед", "соседка", "друг", "подруга"}
PERSON_SCENARIOS = 2
# Where a question's word means what a step says in other words, and no dictionary relates the two: the step's word
# is added when choosing where to land (never when deciding whether the library answers the question).
LANDING_HINTS = {
    "забыть": "восстановить",  # «забыла пароль» → «восстановление пароля»
    **{word: "ребенок" for word in CHILDREN},  # «внучке» → «Для ребёнка»
    **{word: "родственник" for word in ELDERS},  # «маме» → «Помогаю пожилому родственнику»
}
# A step reached only through a button about someone else weighs this share when the question names no one, and a
# step for oneself when the question names someone.
OTHERS_SHARE = 0.5
# Where a word stands says how much it tells about the scenario.
WEIGHTS = {"title": 3.0, "keywords": 3.0, "description": 2.0, "heading": 2.0, "landing": 2.0, "text": 1.0}
# A scenario scoring under this share of the best one is not worth a button.
RELEVANT = 0.4
# Below this similarity (0–100) a misspelt word is not taken for a scenario word.
FUZZY_CUTOFF = 80
# The share of a question (IDF-weighted) the best scenario must explain; set mid-way in the range (0.56–0.64) that
# keeps every tuning question right (tests/data/search_queries.yaml, search_out_of_scope.yaml and the tuning lists
# in tests/test_search.py), never on the held-out set (docs/search-quality.md).
COVERED = 0.6
# The share enough when the question holds a scenario's phrase of two words or more whole: the rest may be whatever
# happened around it. No out-of-scope test question holds one.
PHRASE_COVERED = 0.3
# A word no scenario contains counts as found in half a scenario: rarer, so weightier, than any library word.
UNKNOWN_FREQUENCY = 0.5


@dataclass(frozen=True)
class Match:
    scenario: Scenario
    step_id: str  # where to land: the start, or the step the question is about


class SearchIndex:
    def __init__(self, catalog: Catalog, normalizer: Normalizer | None = None) -> None:
        self._normalizer = normalizer or Normalizer()
        self._scenarios = {s.id: s for s in catalog}
        self._docs: dict[Locale, dict[str, dict[str, float]]] = {}
        self._landings: dict[Locale, dict[str, dict[str, dict[str, float]]]] = {}
        self._idf: dict[Locale, dict[str, float]] = {}
        self._vocabulary: dict[Locale, list[str]] = {}
        self._step_idf: dict[Locale, dict[str, dict[str, float]]] = {}
        self._phrases: dict[Locale, dict[str, list[frozenset[str]]]] = {}
        self._for_others = {scenario.id: _for_others(scenario, self._normalizer) for scenario in catalog}
        self._only_before = {
            locale: {scenario.id: _only_before(scenario, locale, self._normalizer) for scenario in catalog}
            for locale in LOCALES
        }
        for locale in LOCALES:
            self._build(locale)

    def _build(self, locale: Locale) -> None:
        docs, landings = {}, {}
        for scenario in self._scenarios.values():
            docs[scenario.id] = self._weigh(locale, _scenario_fields(scenario, locale))
            landings[scenario.id] = {
                step_id: self._weigh(locale, fields) for step_id, fields in _landing_fields(scenario, locale).items()
            }
        self._docs[locale], self._landings[locale] = docs, landings
        self._step_idf[locale] = {scenario_id: _idf(steps.values()) for scenario_id, steps in landings.items()}
        self._phrases[locale] = {
            scenario.id: [
                phrase
                for text in (scenario.title(locale), *getattr(scenario.keywords, locale))
                if (phrase := frozenset(self._normalizer.terms(text, locale)))
            ]
            for scenario in self._scenarios.values()
        }
        self._idf[locale] = _idf(docs.values())
        self._vocabulary[locale] = sorted(self._idf[locale])

    def _weigh(self, locale: Locale, fields: Iterable[tuple[str, str]]) -> dict[str, float]:
        weights: dict[str, float] = {}
        for field, text in fields:
            for term in self._normalizer.terms(text, locale):
                weights[term] = max(weights.get(term, 0.0), WEIGHTS[field])
        return weights

    def _known(self, word: str, locale: Locale) -> tuple[str, float] | None:
        """The scenario word a query word stands for (one of its dictionary forms, a word its form begins, or the
        nearest spelling), with how sure that is (1 for a form or a beginning, the spelling similarity otherwise)."""
        idf = self._idf[locale]
        forms = self._normalizer.candidates(word, locale)
        for form in forms:
            if form in idf:
                return form, 1.0
        term = forms[0]
        if len(term) < 4 or self._normalizer.in_dictionary(word, locale):
            return None  # a word of the language is not a typo: «забыла» is not «быть», «пускают» is not «пусть»
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
        words = self._normalizer.words(query, locale)
        if all(word.isdigit() for word in words):
            return []  # "15.12" or "122" alone says nothing about a situation: numbers only help beside words
        known = [(word, self._known(word, locale)) for word in words]
        terms = {found[0] for _, found in known if found}
        idf = self._idf[locale]
        scores = {
            scenario_id: sum(doc.get(term, 0.0) * idf[term] for term in terms)
            + self._phrase_bonus(scenario_id, terms, locale)
            for scenario_id, doc in self._docs[locale].items()
        }
        best = max(scores.values(), default=0.0)
        ranked = sorted((s for s in scores if scores[s] > 0 and scores[s] >= RELEVANT * best), key=lambda s: -scores[s])
        if not any(self._answers(known, terms, s, locale) for s in ranked):
            return []
        lemmas = {self._normalizer.lemma(word, locale) for word in words}
        for_someone = bool(lemmas & PEOPLE)
        steer = terms | {LANDING_HINTS[lemma] for lemma in lemmas if lemma in LANDING_HINTS}
        return [Match(self._scenarios[s], self._landing(s, steer, for_someone, locale)) for s in ranked[:limit]]

    def _answers(
        self, known: list[tuple[str, tuple[str, float] | None]], terms: set[str], scenario_id: str, locale: Locale
    ) -> bool:
        """Whether the scenario explains enough of the question: most of it, or, when the question holds one of the
        scenario's phrases of two words or more whole («украли … паспорт», «подтвердить учетную запись»), a part
        big enough for the rest to be its circumstances («в электричке», «зять советует»)."""
        coverage = self._coverage(known, scenario_id, locale)
        if coverage >= COVERED:
            return True
        phrases = self._phrases[locale][scenario_id]
        return coverage >= PHRASE_COVERED and any(len(phrase) > 1 and phrase <= terms for phrase in phrases)

    def _phrase_bonus(self, scenario_id: str, terms: set[str], locale: Locale) -> float:
        """A title or keyword phrase the question contains whole («паспорт в 14 лет» in «внуку 14 лет нужен паспорт»)
        says more than its words found apart: its weight counts once more, for the longest such phrase."""
        idf = self._idf[locale]
        return max(
            (sum(idf[term] for term in phrase) for phrase in self._phrases[locale][scenario_id] if phrase <= terms),
            default=0.0,
        )

    def _coverage(self, known: list[tuple[str, tuple[str, float] | None]], scenario_id: str, locale: Locale) -> float:
        """How much of the question the scenario explains, 0–1: each word weighs its rarity in the library, and
        counts fully where the scenario has it in its title or keywords, less where only in a step's text."""
        idf, doc = self._idf[locale], self._docs[locale][scenario_id]
        unknown = math.log(1 + len(self._docs[locale]) / UNKNOWN_FREQUENCY)
        person = math.log(1 + len(self._docs[locale]) / PERSON_SCENARIOS)
        top = max(WEIGHTS.values())
        total = explained = 0.0
        for word, found in known:
            if found is None:
                if self._normalizer.lemma(word, locale) in PEOPLE:
                    total += person  # «внуку», «соседке»: whom it is for, not what it is about
                elif not word.isdigit():  # an unknown number (a date, a sum) says little about the topic
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

    def _landing(self, scenario_id: str, terms: set[str], for_someone: bool, locale: Locale) -> str:
        """The step whose heading (or the button leading to it), then its text, matches the question best; else the
        start. Words are weighed by their rarity among the scenario's own steps («паспорт» is in every step of the
        passport scenario, «14» in one) and, less, in the library («прийти» says little anywhere). A step only
        reached through a button about someone else («Для ребёнка», «Помогаю пожилому родственнику») counts half
        when the question names no one («как зарегистрироваться» is asked for oneself), and a step for oneself
        counts half when it names someone («дочке нужен загранпаспорт»); so does a step whose heading names other
        numbers than the question («14 лет» is not «Исполнилось 20 или 45 лет»)."""
        scenario = self._scenarios[scenario_id]
        idf, others = self._step_idf[locale][scenario_id], self._for_others[scenario_id]
        library = self._idf[locale]
        numbers = {term for term in terms if term.isdigit()}
        scores = {}
        for step_id, doc in self._landings[locale][scenario_id].items():
            score = sum(doc.get(term, 0.0) * idf.get(term, 0.0) * math.sqrt(library.get(term, 0.0)) for term in terms)
            if others and (step_id in others) != for_someone:
                score *= OTHERS_SHARE
            heading_numbers = {term for term, weight in doc.items() if term.isdigit() and weight >= WEIGHTS["landing"]}
            if numbers and heading_numbers and not numbers & heading_numbers:
                score *= OTHERS_SHARE  # «14 лет» is not the step «Исполнилось 20 или 45 лет»
            scores[step_id] = score
        best = max(scores, key=lambda step_id: scores[step_id], default=scenario.start)  # the first of equals
        if scores.get(best, 0.0) <= 0:
            return scenario.start
        # Land where the part of the way the question is about begins («Перед походом в МФЦ», not «В МФЦ»; «Паспорт
        # для ребёнка», not «Заявление за ребёнка»): the step before, if it is the only way in, matches the question
        # too, and its button there is not one the question already names («в МФЦ» has chosen «В МФЦ или центре»).
        only_before = self._only_before[locale][scenario_id]
        while (way := only_before.get(best)) and not way[1] & terms and scores[way[0]] >= RELEVANT * scores[best]:
            best = way[0]
        return best


def _idf(docs: Iterable[dict[str, float]]) -> dict[str, float]:
    """Each term's rarity among the documents: log(1 + documents / documents holding it)."""
    docs = list(docs)
    frequency: dict[str, int] = defaultdict(int)
    for doc in docs:
        for term in doc:
            frequency[term] += 1
    return {term: math.log(1 + len(docs) / df) for term, df in frequency.items()}


def _for_others(scenario: Scenario, normalizer: Normalizer) -> set[str]:
    """The steps one reaches only through a button about someone else (its label names a person: «Для ребёнка»)."""
    own, queue = {scenario.start}, [scenario.start]
    while queue:
        step = scenario.steps[queue.pop()]
        for target in step.targets:
            labels = [choice.label("ru") for choice in step.choices if choice.next == target]
            if target not in own and not any(PEOPLE & set(normalizer.terms(label, "ru")) for label in labels):
                own.add(target)
                queue.append(target)
    return set(scenario.steps) - own


def _only_before(scenario: Scenario, locale: Locale, normalizer: Normalizer) -> dict[str, tuple[str, set[str]]]:
    """Each step with only one way in, with the step before it and the words of the button pressed there (none for
    "Next")."""
    ways_in: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
    for step_id, step in scenario.steps.items():
        if step.next is not None:
            ways_in[step.next].append((step_id, set()))
        for choice in step.choices:
            ways_in[choice.next].append((step_id, set(normalizer.terms(choice.label(locale), locale))))
    return {target: ways[0] for target, ways in ways_in.items() if len(ways) == 1}


def _scenario_fields(scenario: Scenario, locale: Locale) -> list[tuple[str, str]]:
    fields = [("title", scenario.title(locale)), ("description", scenario.description(locale))]
    fields += [("keywords", keyword) for keyword in getattr(scenario.keywords, locale)]
    for step in scenario.steps.values():
        fields += [("heading", step.title(locale)), ("text", step.text(locale))]
        fields += [("heading", choice.label(locale)) for choice in step.choices]  # «Нет, не пускает»
    return fields


def _landing_fields(scenario: Scenario, locale: Locale) -> dict[str, list[tuple[str, str]]]:
    """Each step with the words that lead to it: its heading and the labels of the buttons pointing at it, then,
    weighing less, its own text (the recovery step's heading says «вернуть доступ», its text «восстановление
    пароля»)."""
    fields = {
        step_id: [("landing", step.title(locale)), ("text", step.text(locale))]
        for step_id, step in scenario.steps.items()
        if not step.end
    }
    for step in scenario.steps.values():
        for choice in step.choices:
            if choice.next in fields:
                fields[choice.next].append(("landing", choice.label(locale)))
    return fields
