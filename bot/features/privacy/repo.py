"""Everything the bot keeps about a person, found from the schema itself, and forgetting it.

Every column holding a Telegram user id is `users.id`, `user_id` or ends in `_user_id`, so tables added later are
covered without being listed here. A row whose `user_id` is the person is theirs: it is shown and deleted, together
with rows of other tables that point at it (a quiz attempt's answers, say). A row that only mentions the person in
another `*_user_id` column (who added a coordinator, who leads a group) belongs to someone else: it is shown, and the
mention is removed but the row kept.

Events are deleted, not made anonymous: a person's trail of events with its times and group is itself personal
(in a class of twenty, a teacher could tell whose it is), so an "anonymous" copy would not be anonymous; the cost is
that statistics of past weeks may count slightly fewer people afterwards.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from bot.core.database import Transaction

NOBODY = 0  # Telegram ids are positive: 0 stands for a forgotten person where a column may not be NULL
OWNER = "user_id"


@dataclass(frozen=True)
class Schema:
    columns: dict[str, list[str]]  # table → its columns, in order
    required: set[tuple[str, str]]  # (table, column) declared NOT NULL
    references: list[tuple[str, str, str, str]]  # (table, column) → (parent table, parent column)

    def mentions(self) -> list[tuple[str, str]]:
        """(table, column) of every column that holds a Telegram user id."""
        found = [("users", "id")] if "users" in self.columns else []
        found += [
            (table, column)
            for table, columns in self.columns.items()
            for column in columns
            if column == OWNER or column.endswith("_" + OWNER)
        ]
        return found

    def owned(self) -> list[tuple[str, str]]:
        """(table, condition on ?1) for every row that is the person's, rows pointing at a row before that row."""
        roots = [(t, f'"{c}" = ?1') for t, c in self.mentions() if c == OWNER]
        roots += [("users", '"id" = ?1')] if "users" in self.columns else []  # last: other rows point at it
        found: list[tuple[str, str]] = []
        for table, condition in roots:
            self._with_dependents(table, condition, {table}, found)
        return found

    def _with_dependents(self, table: str, condition: str, seen: set[str], found: list[tuple[str, str]]) -> None:
        for child, column, parent, target in self.references:
            # A child row carrying the person's own user_id is already theirs; a cycle is not walked twice.
            if parent == table and column != OWNER and child not in seen:
                inner = f'"{column}" IN (SELECT "{target}" FROM "{table}" WHERE {condition})'
                self._with_dependents(child, inner, seen | {child}, found)
        found.append((table, condition))


@dataclass
class Forgotten:
    """What forgetting a person removed: rows per table, and what became of the groups they led."""

    deleted: dict[str, int] = field(default_factory=dict)
    groups: int = 0
    handed_to: int | None = None  # the administrator who took the groups over; None: the groups were closed


class PrivacyRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def schema(self) -> Schema:
        """Read from the database's own catalogue (SQLite's or PostgreSQL's: `Transaction.catalogue`)."""
        rows, references = await self._tx.catalogue()
        columns: dict[str, list[str]] = defaultdict(list)
        for table, column, _ in rows:
            columns[table].append(column)
        required = {(table, column) for table, column, not_null in rows if not_null}
        return Schema(dict(columns), required, list(references))

    async def everything(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        """Every row about the person, by table (tables with none left out)."""
        schema = await self.schema()
        conditions: dict[str, list[str]] = defaultdict(list)
        for table, condition in schema.owned():
            conditions[table].append(condition)
        for table, column in schema.mentions():
            conditions[table].append(f'"{column}" = ?1')
        found = {}
        for table, where in conditions.items():
            rows = await self._tx.fetch_all(
                f'SELECT * FROM "{table}" WHERE {" OR ".join(dict.fromkeys(where))}', (user_id,)
            )
            if rows:
                found[table] = [dict(zip(schema.columns[table], row, strict=True)) for row in rows]
        return found

    async def forget(self, user_id: int, successor: int | None) -> Forgotten:
        """Delete everything about the person (deferred, like every write); groups they lead go to `successor`."""
        schema = await self.schema()
        result = Forgotten(handed_to=successor)
        if ("groups", "coordinator_user_id") in schema.mentions():
            result.groups = await self._count("groups", '"coordinator_user_id" = ?1', user_id)
            self._hand_over_groups(user_id, successor)
        for table, column in schema.mentions():
            if column not in (OWNER, "id") and (table, column) != ("groups", "coordinator_user_id"):
                other = NOBODY if (table, column) in schema.required else None
                self._tx.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" = ?', (other, user_id))
        for table, condition in schema.owned():
            count = await self._count(table, condition, user_id)
            if count:
                result.deleted[table] = result.deleted.get(table, 0) + count
            self._tx.execute(f'DELETE FROM "{table}" WHERE {condition}', (user_id,))
        # Nothing about them may come back from the cache of committed rows either: its keys are (kind, user id, …).
        self._tx.on_commit(lambda: self._tx.cache.drop(lambda key: key[1] == user_id))  # type: ignore[index]
        return result

    def _hand_over_groups(self, user_id: int, successor: int | None) -> None:
        from bot.core.people import now  # here: repositories imports this module

        if successor is not None:
            self._tx.execute(
                "UPDATE groups SET coordinator_user_id = ? WHERE coordinator_user_id = ?", (successor, user_id)
            )
        else:
            self._tx.execute(
                "UPDATE groups SET coordinator_user_id = ?, closed_at = COALESCE(closed_at, ?)"
                " WHERE coordinator_user_id = ?",
                (NOBODY, now(), user_id),
            )

    async def _count(self, table: str, condition: str, user_id: int) -> int:
        row = await self._tx.fetch_one(f'SELECT COUNT(*) FROM "{table}" WHERE {condition}', (user_id,))
        return row[0] if row else 0
