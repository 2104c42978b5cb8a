"""Scenario files, as frozen models. Structure is checked here; graph and editorial rules in `validation`."""

from datetime import date
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StringConstraints, model_validator

from bot.core.config import Locale

# Lowercase latin, digits and "_": ids travel inside callback data, where ":" separates fields.
Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=32)]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(Model):
    """One text in every language the bot speaks."""

    ru: NonEmpty
    en: NonEmpty

    def __call__(self, locale: Locale) -> str:
        return getattr(self, locale)


class Keywords(Model):
    ru: tuple[NonEmpty, ...] = ()
    en: tuple[NonEmpty, ...] = ()


class Link(Model):
    title: Text
    url: HttpUrl


# Sources on these domains and their subdomains count as official: state services and agencies
# (gosuslugi.ru; gov.ru covers publication.pravo.gov.ru, sfr.gov.ru, nalog.gov.ru, …; mvd.ru; the Bank of Russia's
# cbr.ru; the Government and the President) and the two legal databases that carry the texts of laws. A source on any
# other domain is shown to people as news, so they can weigh it. docs/authoring.md explains how to cite.
OFFICIAL_DOMAINS = (
    "gosuslugi.ru",
    "gov.ru",
    "government.ru",
    "kremlin.ru",
    "mvd.ru",
    "cbr.ru",
    "consultant.ru",
    "garant.ru",
)


class Source(Model):
    title: NonEmpty
    url: HttpUrl

    @property
    def official(self) -> bool:
        host = (self.url.host or "").lower()
        return any(host == domain or host.endswith(f".{domain}") for domain in OFFICIAL_DOMAINS)

    @property
    def site_root(self) -> bool:
        """A home page proves nothing: a reader who opens it cannot find the fact."""
        return (self.url.path or "/") == "/" and not self.url.query


class Choice(Model):
    label: Text
    next: Id


class Step(Model):
    title: Text
    text: Text
    checklist: tuple[Text, ...] = ()
    links: tuple[Link, ...] = ()
    choices: tuple[Choice, ...] = ()
    next: Id | None = None
    end: bool = False
    sources: tuple[Source, ...] = ()
    reviewed: date | None = None
    # A "remind me the day before the visit" button (for steps where a visit is booked).
    offer_reminder: bool = False

    @model_validator(mode="after")
    def _one_way_forward(self) -> "Step":
        ways = sum((bool(self.choices), self.next is not None, self.end))
        if ways != 1:
            raise ValueError(
                "a step needs exactly one way forward: 'choices', 'next' or 'end: true'"
                if ways == 0
                else "a step has more than one way forward: keep only one of 'choices', 'next', 'end'"
            )
        return self

    @property
    def targets(self) -> tuple[str, ...]:
        if self.next is not None:
            return (self.next,)
        return tuple(choice.next for choice in self.choices)


class Option(Model):
    text: Text
    correct: bool = False


class Question(Model):
    """A quiz question kept with the scenario whose facts it teaches."""

    id: Id
    question: Text
    options: tuple[Option, ...] = Field(min_length=2, max_length=6)
    explanation: Text
    level: Literal["easy", "medium", "hard"]
    # Where the explanation's facts come from: the steps it teaches (their sources count) and/or its own sources.
    teaches: tuple[Id, ...] = ()
    sources: tuple[Source, ...] = ()

    @model_validator(mode="after")
    def _exactly_one_correct(self) -> "Question":
        if sum(option.correct for option in self.options) != 1:
            raise ValueError("exactly one option must have 'correct: true'")
        return self


class Scenario(Model):
    id: Id
    title: Text
    description: Text
    keywords: Keywords = Keywords()
    start: Id
    steps: dict[Id, Step] = Field(min_length=1)
    quiz: tuple[Question, ...] = ()
    # What FOLLOWUP_AFTER a finished walk asks, with «Да / Пока нет / Нужна помощь» («Получилось записаться к
    # врачу?»). None: nothing to do on Gosuslugi afterwards (the scam checker), so nothing is asked.
    followup: Text | None = None
    # Not written by authors: the loader fills it from the file's bytes, so old buttons can tell the file changed.
    version: str = ""

    def __hash__(self) -> int:
        # Equal scenarios share id and version, so this agrees with ==; it lets screens be cached per scenario.
        return hash((self.id, self.version))

    def sources_of(self, question: Question) -> tuple[Source, ...]:
        """The sources behind a quiz question: its own, then those of the steps it teaches, without repeats."""
        found = list(question.sources)
        for step_id in question.teaches:
            step = self.steps.get(step_id)
            found += step.sources if step else ()
        return tuple(dict.fromkeys(found))

    @cached_property
    def remaining(self) -> dict[str, tuple[int, int]]:
        """For each step, the fewest and the most steps still ahead until an end (0 at an end).

        Honest progress for branching scenarios: "step 3 of 5–7" instead of a guess.
        The validator rejects cycles and dangling references before this is used.
        """
        memo: dict[str, tuple[int, int]] = {}

        def walk(step_id: str) -> tuple[int, int]:
            if step_id not in memo:
                ahead = [walk(target) for target in self.steps[step_id].targets]
                memo[step_id] = (0, 0) if not ahead else (1 + min(a for a, _ in ahead), 1 + max(b for _, b in ahead))
            return memo[step_id]

        for step_id in self.steps:
            walk(step_id)
        return memo
