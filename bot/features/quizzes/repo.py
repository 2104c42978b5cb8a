"""Quiz attempts: their questions with the shuffled option order, the answers given, the score."""

import json
from collections.abc import Sequence
from typing import Any

from bot.core.database import Transaction
from bot.core.people import ATTEMPT_COLUMNS
from bot.features.quizzes.rules import Attempt, Item

_COLUMNS = ", ".join(ATTEMPT_COLUMNS)


class QuizRepo:
    """Attempts; the person's latest unfinished one is kept in the database's cache of committed rows."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, attempt: Attempt) -> None:
        row = _row(attempt)
        self._tx.execute(f"INSERT INTO quiz_attempts ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        self._cache_on_commit(attempt, row)

    def save(self, attempt: Attempt) -> None:
        """Store the moves made: answers, position, score and the end (the questions never change)."""
        row = _row(attempt)
        self._tx.execute(
            "UPDATE quiz_attempts SET answers = ?, position = ?, score = ?, finished_at = ? WHERE id = ?",
            (row[6], row[7], row[8], row[10], attempt.id),
        )
        self._cache_on_commit(attempt, row)

    def _cache_on_commit(self, attempt: Attempt, row: tuple[Any, ...]) -> None:
        key = ("attempt", attempt.user_id)
        if attempt.finished_at is None:
            self._tx.on_commit(lambda: self._tx.cache.put(key, row))
        else:
            self._tx.on_commit(lambda: self._tx.cache.drop(key.__eq__))

    async def get(self, attempt_id: int, user_id: int) -> Attempt | None:
        """The person's attempt (None for somebody else's: a forged button reveals nothing)."""
        row = self._tx.cache.get(("attempt", user_id))
        if row is None or row[0] != attempt_id:
            row = await self._tx.fetch_one(
                f"SELECT {_COLUMNS} FROM quiz_attempts WHERE id = ? AND user_id = ?", (attempt_id, user_id)
            )
        return _attempt(row) if row else None

    async def unfinished(self, user_id: int) -> list[Attempt]:
        """The person's unfinished attempts, the most recently started first."""
        rows = await self._tx.fetch_all(
            f"SELECT {_COLUMNS} FROM quiz_attempts WHERE user_id = ? AND finished_at IS NULL"
            " ORDER BY started_at DESC, id",
            (user_id,),
        )
        return [_attempt(row) for row in rows]

    async def of_assignment(self, assignment_id: int) -> list[Attempt]:
        """Every attempt at a homework, by everyone, in the order they were started (for homework's results)."""
        rows = await self._tx.fetch_all(
            f"SELECT {_COLUMNS} FROM quiz_attempts WHERE assignment_id = ? ORDER BY started_at, id", (assignment_id,)
        )
        return [_attempt(row) for row in rows]


def _row(attempt: Attempt) -> tuple[Any, ...]:
    """The attempt as stored, in the order of `ATTEMPT_COLUMNS`."""
    return (
        attempt.id,
        attempt.user_id,
        attempt.scenario_id,
        attempt.assignment_id,
        attempt.group_id,
        json.dumps([[item.scenario_id, item.question_id, item.order] for item in attempt.items]),
        json.dumps(attempt.answers),
        attempt.position,
        attempt.score,
        attempt.started_at,
        attempt.finished_at,
    )


def _attempt(row: Sequence[Any]) -> Attempt:
    items = [Item(scenario_id, question_id, tuple(order)) for scenario_id, question_id, order in json.loads(row[5])]
    return Attempt(
        id=row[0],
        user_id=row[1],
        items=items,
        scenario_id=row[2],
        assignment_id=row[3],
        group_id=row[4],
        answers=json.loads(row[6]),
        position=row[7],
        score=row[8],
        started_at=row[9],
        finished_at=row[10],
    )
