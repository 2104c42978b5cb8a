"""«Тимуровцы»: pledges to help people register on Gosuslugi, and their items (one per helped person)."""

from dataclasses import dataclass

from bot.core.database import Transaction
from bot.features.members.repo import new_id, now


@dataclass(frozen=True)
class PledgeItem:
    id: int
    pledge_id: int
    relation: str
    token: str
    helped_user_id: int | None = None
    confirmed: bool = False  # the helped person said it worked on Gosuslugi
    self_reported: bool = False
    walked: bool = False  # the helped person reached an end of the account guide

    @property
    def state(self) -> str:
        if self.confirmed:
            return "confirmed"
        return "walked" if self.walked else "self" if self.self_reported else "waiting"


@dataclass(frozen=True)
class Pledge:
    id: int
    user_id: int
    due_date: str
    items: tuple[PledgeItem, ...]


@dataclass(frozen=True)
class Invitation:
    """A helped person's link, looked up by its token."""

    item: PledgeItem
    student_user_id: int
    student_name: str | None


_COLUMNS = (
    "i.id, i.pledge_id, i.relation, i.token, i.helped_user_id,"
    " i.confirmed_at IS NOT NULL, i.self_reported_at IS NOT NULL, i.walked_at IS NOT NULL"
)
_ITEM = f"SELECT {_COLUMNS} FROM pledge_items i"
_INVITATION = (
    f"SELECT {_COLUMNS}, p.user_id, u.first_name FROM pledge_items i JOIN pledges p ON p.id = i.pledge_id"
    " LEFT JOIN users u ON u.id = p.user_id WHERE p.cancelled_at IS NULL"
)


class PledgeRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, user_id: int, due_date: str, origin: str, relations: list[str], tokens: list[str]) -> Pledge:
        pledge_id = new_id()
        self._tx.execute(
            "INSERT INTO pledges (id, user_id, due_date, origin, created_at) VALUES (?, ?, ?, ?, ?)",
            (pledge_id, user_id, due_date, origin, now()),
        )
        items = tuple(PledgeItem(new_id(), pledge_id, r, token) for r, token in zip(relations, tokens, strict=True))
        for position, item in enumerate(items, 1):
            self._tx.execute(
                "INSERT INTO pledge_items (id, pledge_id, position, relation, token) VALUES (?, ?, ?, ?, ?)",
                (item.id, pledge_id, position, item.relation, item.token),
            )
        return Pledge(pledge_id, user_id, due_date, items)

    async def made_from(self, user_id: int, origin: str) -> bool:
        row = await self._tx.fetch_one("SELECT 1 FROM pledges WHERE user_id = ? AND origin = ?", (user_id, origin))
        return row is not None

    async def of(self, user_ids: list[int]) -> list[Pledge]:
        """The people's pledges not cancelled, the nearest date first."""
        if not user_ids:
            return []
        marks = ", ".join("?" * len(user_ids))
        pledges = await self._tx.fetch_all(
            f"SELECT id, user_id, due_date FROM pledges WHERE user_id IN ({marks}) AND cancelled_at IS NULL"
            " ORDER BY due_date, created_at",
            user_ids,
        )
        items = await self._tx.fetch_all(
            f"{_ITEM} JOIN pledges p ON p.id = i.pledge_id WHERE p.user_id IN ({marks}) AND p.cancelled_at IS NULL"
            " ORDER BY i.position",
            user_ids,
        )
        by_pledge: dict[int, list[PledgeItem]] = {}
        for row in items:
            by_pledge.setdefault(row[1], []).append(PledgeItem(*row))
        return [Pledge(*row, items=tuple(by_pledge.get(row[0], ()))) for row in pledges]

    async def item(self, item_id: int, user_id: int) -> PledgeItem | None:
        """One item of a person's own pledge still standing."""
        row = await self._tx.fetch_one(
            f"{_ITEM} JOIN pledges p ON p.id = i.pledge_id WHERE i.id = ? AND p.user_id = ? AND p.cancelled_at IS NULL",
            (item_id, user_id),
        )
        return PledgeItem(*row) if row else None

    async def invitation(self, token: str) -> Invitation | None:
        row = await self._tx.fetch_one(
            f"{_INVITATION} AND i.token = ?",
            (token,),
        )
        return Invitation(PledgeItem(*row[:8]), row[8], row[9]) if row else None

    async def awaiting_confirmation(self, helped_user_id: int) -> list[Invitation]:
        """Links this person opened whose pledge item is not confirmed yet."""
        rows = await self._tx.fetch_all(
            f"{_INVITATION} AND i.helped_user_id = ? AND i.confirmed_at IS NULL",
            (helped_user_id,),
        )
        return [Invitation(PledgeItem(*row[:8]), row[8], row[9]) for row in rows]

    async def helpers_of(self, helped_user_id: int) -> list[Invitation]:
        """The links this person opened, of pledges still standing: the students who promised to help them, the
        latest first."""
        rows = await self._tx.fetch_all(
            f"{_INVITATION} AND i.helped_user_id = ? ORDER BY i.opened_at DESC",
            (helped_user_id,),
        )
        return [Invitation(PledgeItem(*row[:8]), row[8], row[9]) for row in rows]

    async def take(self, item_id: int, helped_user_id: int) -> bool:
        """The help link is opened: it becomes this person's, if nobody opened it before; whether it did.

        A link is used once, even after the person who used it was forgotten (`opened_at` stays). Two people may
        open it at the same moment: whoever's conditional write is applied first has it, so the outcome is written
        now (before anything is shown) and read back.
        """
        self._tx.execute(
            "UPDATE pledge_items SET helped_user_id = ?, opened_at = ?"
            " WHERE id = ? AND helped_user_id IS NULL AND opened_at IS NULL",
            (helped_user_id, now(), item_id),
        )
        await self._tx.commit()
        row = await self._tx.fetch_one("SELECT helped_user_id FROM pledge_items WHERE id = ?", (item_id,))
        return row is not None and row[0] == helped_user_id

    def walk(self, item_id: int) -> None:
        self._tx.execute("UPDATE pledge_items SET walked_at = ? WHERE id = ? AND walked_at IS NULL", (now(), item_id))

    def confirm(self, item_id: int) -> None:
        self._tx.execute(
            "UPDATE pledge_items SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL", (now(), item_id)
        )

    def report_self(self, item_id: int) -> None:
        self._tx.execute(
            "UPDATE pledge_items SET self_reported_at = ? WHERE id = ? AND self_reported_at IS NULL", (now(), item_id)
        )

    def cancel(self, pledge_id: int) -> None:
        self._tx.execute("UPDATE pledges SET cancelled_at = ? WHERE id = ?", (now(), pledge_id))
