"""Quiz attempts: their questions with the shuffled option order, the answers given, the score."""

import json
from collections.abc import Sequence
from typing import Any

from bot.db.database import Transaction
from bot.quiz import Attempt, Item

_NAMES = (
    "id",
    "user_id",
    "scenario_id",
    "assignment_id",
    "group_id",
    "questions",
    "answers",
    "position",
    "score",
    "started_at",
    "finished_at",
)
_COLUMNS = ", ".join(_NAMES)
# The person's latest unfinished attempt is read in the same query as the person (`UserRepo.get`), as their progress
# is: a quiz press then costs no query of its own, like a scenario step (bench/quiz.py).
LATEST_COLUMNS = ", ".join(f"a.{name}" for name in _NAMES)
LATEST_JOIN = (
    " LEFT JOIN quiz_attempts a ON a.id = (SELECT id FROM quiz_attempts WHERE user_id = u.id AND finished_at IS NULL"
    " ORDER BY started_at DESC LIMIT 1)"
)


class QuizRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx
        self._latest: Sequence[Any] | None = None

    def prime(self, row: Sequence[Any]) -> None:
        """Keep the latest unfinished attempt read with the person, so `get` needs no query for it."""
        self._latest = row

    def add(self, attempt: Attempt) -> None:
        self._tx.execute(
            f"INSERT INTO quiz_attempts ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
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
            ),
        )

    def save(self, attempt: Attempt) -> None:
        """Store the moves made: answers, position, score and the end (the questions never change)."""
        self._tx.execute(
            "UPDATE quiz_attempts SET answers = ?, position = ?, score = ?, finished_at = ? WHERE id = ?",
            (json.dumps(attempt.answers), attempt.position, attempt.score, attempt.finished_at, attempt.id),
        )

    async def get(self, attempt_id: int, user_id: int) -> Attempt | None:
        """The person's attempt (None for somebody else's: a forged button reveals nothing)."""
        row = self._latest
        if row is None or (row[0], row[1]) != (attempt_id, user_id):
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
