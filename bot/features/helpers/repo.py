"""Requests for help passed on: who asked, where they were, and through what the helper knows them."""

from dataclasses import dataclass

from bot.core.database import Transaction
from bot.features.members.repo import now


@dataclass(frozen=True)
class HelpRequest:
    id: int
    user_id: int  # who asked
    scenario_id: str
    step_id: str | None
    item_id: int | None = None  # to the student, through this pledge item
    group_id: int | None = None  # or to the coordinator of this group
    first_name: str | None = None  # of who asked, as kept in users


class HelpRequestRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, request: HelpRequest, followup_id: int) -> None:
        self._tx.execute(
            "INSERT INTO help_requests (id, user_id, followup_id, scenario_id, step_id, item_id, group_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                request.id,
                request.user_id,
                followup_id,
                request.scenario_id,
                request.step_id,
                request.item_id,
                request.group_id,
                now(),
            ),
        )

    async def passed(self, user_id: int, followup_id: int) -> bool:
        row = await self._tx.fetch_one(
            "SELECT 1 FROM help_requests WHERE user_id = ? AND followup_id = ?", (user_id, followup_id)
        )
        return row is not None

    async def get(self, request_id: int) -> HelpRequest | None:
        """None once the person who asked was forgotten (their requests go with them)."""
        row = await self._tx.fetch_one(
            "SELECT r.id, r.user_id, r.scenario_id, r.step_id, r.item_id, r.group_id, u.first_name"
            " FROM help_requests r LEFT JOIN users u ON u.id = r.user_id WHERE r.id = ?",
            (request_id,),
        )
        return HelpRequest(*row) if row else None
