"""Homework assignments of groups."""

import json
from dataclasses import dataclass

from bot.core.database import Transaction
from bot.features.members.repo import now

_COLUMNS = "a.id, a.group_id, a.scenario_id, a.questions, a.pass_mark, a.deadline_at, a.cancelled_at IS NOT NULL"


@dataclass(frozen=True)
class Assignment:
    id: int
    group_id: int
    scenario_id: str | None  # None: a mix
    questions: tuple[tuple[str, str], ...]  # (scenario id, question id)
    pass_mark: int
    deadline_at: str  # UTC, YYYY-MM-DD HH:MM:SS
    cancelled: bool = False  # by the coordinator: gone from the students' lists, results kept


def _assignment(row: tuple) -> Assignment:
    questions = tuple((scenario_id, question_id) for scenario_id, question_id in json.loads(row[3]))
    return Assignment(row[0], row[1], row[2], questions, row[4], row[5], bool(row[6]))


class HomeworkRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, assignment: Assignment, origin: str, created_by_user_id: int) -> None:
        self._tx.execute(
            "INSERT INTO assignments (id, group_id, scenario_id, questions, pass_mark, deadline_at, origin,"
            " created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                assignment.id,
                assignment.group_id,
                assignment.scenario_id,
                json.dumps(assignment.questions),
                assignment.pass_mark,
                assignment.deadline_at,
                origin,
                created_by_user_id,
                now(),
            ),
        )

    async def set_from(self, group_id: int, origin: str) -> bool:
        row = await self._tx.fetch_one(
            "SELECT 1 FROM assignments WHERE group_id = ? AND origin = ?", (group_id, origin)
        )
        return row is not None

    async def get(self, assignment_id: int) -> Assignment | None:
        row = await self._tx.fetch_one(f"SELECT {_COLUMNS} FROM assignments a WHERE a.id = ?", (assignment_id,))
        return _assignment(row) if row else None

    async def of_group(self, group_id: int) -> list[Assignment]:
        rows = await self._tx.fetch_all(
            f"SELECT {_COLUMNS} FROM assignments a WHERE a.group_id = ? ORDER BY a.deadline_at DESC", (group_id,)
        )
        return [_assignment(row) for row in rows]

    async def of_member(self, user_id: int) -> list[Assignment]:
        """Homework not cancelled of every open group the person is in, joined before or after it was set."""
        rows = await self._tx.fetch_all(
            f"SELECT {_COLUMNS} FROM assignments a JOIN groups g ON g.id = a.group_id AND g.closed_at IS NULL"
            " JOIN group_members m ON m.group_id = a.group_id AND m.user_id = ?"
            " WHERE a.cancelled_at IS NULL ORDER BY a.deadline_at",
            (user_id,),
        )
        return [_assignment(row) for row in rows]

    def move(self, assignment_id: int, deadline_at: str) -> None:
        self._tx.execute("UPDATE assignments SET deadline_at = ? WHERE id = ?", (deadline_at, assignment_id))

    def cancel(self, assignment_id: int) -> None:
        self._tx.execute(
            "UPDATE assignments SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL", (now(), assignment_id)
        )
