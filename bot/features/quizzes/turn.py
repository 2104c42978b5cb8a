"""The quiz engine: one update's work on quizzes (`QuizTurn`), starting or continuing any quiz (`open_quiz`),
and the one place an attempt ends (`finish_attempt`)."""

import random
from collections.abc import Sequence
from functools import lru_cache

from aiogram import Bot
from aiogram.types import User
from aiogram.utils.callback_answer import CallbackAnswer

from bot.core.hooks import Hooks
from bot.core.i18n import Translator
from bot.core.people import Repo, now
from bot.core.screens import Screen, show
from bot.features.quizzes.rules import Attempt, QuestionRef, shuffled
from bot.features.quizzes.views import answered, question, results
from bot.features.scenarios.models import Question, Scenario
from bot.features.scenarios.validation import Catalog

_random = random.Random()  # seeded from the system; what it chose is stored with the attempt


# Attempt ids are chosen here, not by SQLite: the first question's buttons carry the id before the row is committed.
# 53 bits: no collision in any school's lifetime, and exact as a JSON number anywhere.
_ID_BITS = 53


@lru_cache(maxsize=64)
def _bank(scenario: Scenario) -> dict[str, Question]:
    return {q.id: q for q in scenario.quiz}


class QuizTurn:
    """One update's work on quizzes, with everything needed to answer it."""

    def __init__(
        self,
        bot: Bot,
        user: User,
        repo: Repo,
        t: Translator,
        catalog: Catalog,
        hooks: Hooks,
        chat_id: int,
        answer: CallbackAnswer | None = None,
    ) -> None:
        self.bot, self.user, self.repo, self.t, self.catalog = bot, user, repo, t, catalog
        self.chat_id, self.answer, self.hooks = chat_id, answer, hooks

    def lookup(self, ref: QuestionRef) -> Question | None:
        scenario = self.catalog.get(ref[0])
        return _bank(scenario).get(ref[1]) if scenario else None

    def title(self, attempt: Attempt) -> str:
        scenario = self.catalog.get(attempt.scenario_id) if attempt.scenario_id else None
        return scenario.title(self.t.locale) if scenario else self.t("quiz-mix-title")

    def notify(self, key: str) -> None:
        """A short notice on top of the chat (for a button press; nothing for a command)."""
        if self.answer is not None:
            self.answer.text = self.t(key)

    async def attempt(self, attempt_id: int) -> Attempt | None:
        found = await self.repo.quizzes.get(attempt_id, self.user.id)
        if found is None:
            self.notify("quiz-gone")
        return found

    def screen(self, attempt: Attempt) -> Screen:
        """Where the attempt stands: the question on screen (answered or not), or its results."""
        on_screen = attempt.position < len(attempt.items)
        asked = self.lookup(attempt.current.ref) if on_screen else None
        if asked is None or not attempt.current.fits(asked):
            # After the last question; or a finished attempt whose last question has left the scenario files since.
            missed = [wrong for _, wrong in attempt.missed(self.lookup)]
            return results(self.t, attempt, self.title(attempt), missed)
        if attempt.answered:
            scenario = self.catalog.get(attempt.current.scenario_id)
            return answered(self.t, attempt, self.title(attempt), scenario, asked)  # type: ignore[arg-type]
        return question(self.t, attempt, self.title(attempt), asked)

    async def present(self, attempt: Attempt) -> None:
        """Show where the attempt stands as a new message, unless that is exactly the last thing shown."""
        screen = self.screen(attempt)
        if screen.digest == self.user.screen_digest:
            self.notify("quiz-below")
            return
        await show(self.bot, self.user, self.chat_id, screen)

    async def move(self, attempt: Attempt) -> None:
        """Store a move made in the attempt, finishing it if that was its last question."""
        if attempt.complete and attempt.finished_at is None:
            await finish_attempt(self, attempt)
        self.repo.quizzes.save(attempt)


async def open_quiz(
    turn: QuizTurn,
    questions: Sequence[QuestionRef],
    *,
    scenario_id: str | None = None,
    assignment_id: int | None = None,
    group_id: int | None = None,
) -> Attempt | None:
    """Put a quiz in front of the person: the entry point for every kind of quiz, homework included.

    Continues the person's unfinished attempt of the same kind (the same `scenario_id` and `assignment_id`) if
    there is one; otherwise begins an attempt over `questions` — (scenario id, question id) pairs, in the order to
    ask them; ones not in the catalog are left out — with each question's options shuffled, and stores it. Then
    sends the question on screen as a new message. `scenario_id` is the quiz's scenario (None for a mix),
    `assignment_id` and `group_id` the homework's (None for a self-check). Returns the attempt, or None (with a
    message saying so) when none of the questions exist.

    Homework's «Start» button: `turn = QuizTurn(bot, user, repo, t, catalog, hooks, chat_of(query),
    callback_answer)`, then `await open_quiz(turn, refs, scenario_id=..., assignment_id=..., group_id=...)`
    (`bot.features.quizzes.rules.pick` chooses the refs of a mix). When the attempt ends, `finish_attempt` runs.
    """
    repo, user = turn.repo, turn.user
    for attempt in await repo.quizzes.unfinished(user.id):
        if (attempt.scenario_id, attempt.assignment_id) == (scenario_id, assignment_id):
            await resume(turn, attempt)
            return attempt
    items = shuffled(questions, turn.lookup, _random)
    if not items:
        await show(turn.bot, user, turn.chat_id, Screen(turn.t("quiz-empty")))
        return None
    attempt = Attempt(
        id=_random.getrandbits(_ID_BITS),
        user_id=user.id,
        items=items,
        scenario_id=scenario_id,
        assignment_id=assignment_id,
        group_id=group_id,
        started_at=now(),
    )
    repo.quizzes.add(attempt)
    await turn.present(attempt)
    return attempt


async def finish_attempt(turn: QuizTurn, attempt: Attempt) -> None:
    """The one place an attempt ends, in the update that answered its last question: it is marked finished and the
    events for statistics are recorded (`quiz_done` with the score in percent, a `quiz_missed` per wrong answer).

    Then the `attempt_finished` hook runs (homework answers it for an attempt with an `assignment_id`; its writes
    join the same transaction; `attempt.percent`, `attempt.finished_at` and `attempt.group_id` are set).
    «Пройти ещё раз» starts a new attempt with the same `assignment_id`, so the first one finished is the one that
    counts. `repo.quizzes.of_assignment` lists every attempt at an assignment for the results.
    """
    attempt.finished_at = now()
    user_id, group_id = turn.user.id, attempt.group_id
    turn.repo.events.add(
        user_id, "quiz_done", attempt.scenario_id, group_id=group_id, value=attempt.percent, ref=str(attempt.id)
    )
    for item, _ in attempt.missed(turn.lookup):
        turn.repo.events.add(user_id, "quiz_missed", item.scenario_id, group_id=group_id, ref=item.question_id)
    await turn.hooks.fire(turn.hooks.attempt_finished, turn.repo, attempt)


async def resume(turn: QuizTurn, attempt: Attempt) -> None:
    """Show an attempt where it stopped; questions that disappeared meanwhile are stepped over."""
    if attempt.finished_at is None:
        before = len(attempt.answers)
        attempt.skip_gone(turn.lookup)
        if len(attempt.answers) != before:
            await turn.move(attempt)
    await turn.present(attempt)
