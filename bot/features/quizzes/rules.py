"""A quiz attempt and the moves it can make: shuffling, answering, scoring, picking questions. Pure logic: no
Telegram, no SQL. The shuffled option order is stored with the attempt, so it is the same after a restart."""

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import zip_longest

from bot.features.scenarios.models import Question

QuestionRef = tuple[str, str]  # (scenario id, question id)
Lookup = Callable[[QuestionRef], Question | None]  # None: the question is gone from the scenario files


@dataclass(frozen=True)
class Item:
    """A question of an attempt, with its options in the order shown: indices into the options in the file."""

    scenario_id: str
    question_id: str
    order: tuple[int, ...]

    @property
    def ref(self) -> QuestionRef:
        return self.scenario_id, self.question_id

    def fits(self, question: Question | None) -> bool:
        """Whether the question still exists with the options this item was shuffled from."""
        return question is not None and sorted(self.order) == list(range(len(question.options)))


@dataclass
class Attempt:
    id: int
    user_id: int
    items: list[Item]
    scenario_id: str | None = None  # None: a mix of several scenarios' questions
    assignment_id: int | None = None  # homework; None: a self-check
    group_id: int | None = None  # the homework's group
    # For each question reached, the option chosen (its index in the file), or None if it was skipped (gone).
    answers: list[int | None] = field(default_factory=list)
    position: int = 0  # the question on screen; len(items) once the results were shown
    score: int = 0  # right answers so far
    started_at: str = ""
    finished_at: str | None = None

    @property
    def answered(self) -> bool:
        """Whether the question on screen has been answered (its explanation and «Next» are showing)."""
        return len(self.answers) > self.position

    @property
    def complete(self) -> bool:
        return len(self.answers) >= len(self.items)

    @property
    def current(self) -> Item:
        return self.items[self.position]

    @property
    def total(self) -> int:
        """Questions answered: the ones skipped because they disappeared do not count."""
        return sum(answer is not None for answer in self.answers)

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0

    def answer(self, shown: int, question: Question) -> None:
        """Record the option pressed (its place among the buttons) and count it if it was right."""
        chosen = self.current.order[shown]
        self.answers.append(chosen)
        self.score += question.options[chosen].correct

    def advance(self, lookup: Lookup) -> None:
        """On to the next question (or to the results), stepping over questions that no longer exist."""
        self.position += 1
        self.skip_gone(lookup)

    def skip_gone(self, lookup: Lookup) -> None:
        """Step over questions gone from the scenario files since the attempt began, as if never asked."""
        while not self.answered and not self.complete and not self.current.fits(lookup(self.current.ref)):
            self.answers.append(None)
            self.position += 1

    def marked(self, lookup: Lookup) -> list[tuple[Item, Question, bool]]:
        """The questions answered (those still in the scenario files), each with whether the answer was right."""
        found = []
        for item, chosen in zip(self.items, self.answers, strict=False):
            question = lookup(item.ref)
            if chosen is not None and question is not None and item.fits(question):
                found.append((item, question, question.options[chosen].correct))
        return found

    def missed(self, lookup: Lookup) -> list[tuple[Item, Question]]:
        """The questions answered wrongly (those still in the scenario files)."""
        return [(item, question) for item, question, right in self.marked(lookup) if not right]


def right_option(question: Question) -> int:
    return next(index for index, option in enumerate(question.options) if option.correct)


def shuffled(refs: Sequence[QuestionRef], lookup: Lookup, rng: random.Random) -> list[Item]:
    """Items for an attempt over these questions, each with its options in a fresh random order; questions that
    do not exist are left out."""
    items = []
    for ref in refs:
        question = lookup(ref)
        if question is not None:
            order = list(range(len(question.options)))
            rng.shuffle(order)
            items.append(Item(*ref, tuple(order)))
    return items


def pick(banks: Mapping[str, Sequence[str]], count: int | None, rng: random.Random) -> list[QuestionRef]:
    """`count` questions (all when None) from several scenarios' banks, as evenly from each as the banks allow,
    in random order: the same number of questions from a long bank as from a short one."""
    decks = []
    for scenario_id, question_ids in banks.items():
        deck = [(scenario_id, question_id) for question_id in question_ids]
        rng.shuffle(deck)
        decks.append(deck)
    rng.shuffle(decks)
    dealt = [ref for layer in zip_longest(*decks) for ref in layer if ref is not None]
    chosen = dealt if count is None else dealt[:count]
    rng.shuffle(chosen)
    return chosen
