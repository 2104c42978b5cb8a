"""Coordinators, their invitations, groups, members and wrong join codes."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.core.database import Transaction


def new_id() -> int:
    """A random row id, known before the row is written (a handler's writes are applied after it returns)."""
    return secrets.randbelow(2**31 - 1) + 1


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def now() -> str:
    return stamp(datetime.now(UTC))


@dataclass(frozen=True)
class Coordinator:
    user_id: int
    first_name: str | None


@dataclass(frozen=True)
class Group:
    id: int
    name: str
    coordinator_user_id: int
    time_zone: str
    join_code: str
    coordinator_name: str | None = None
    members: int = 0


@dataclass(frozen=True)
class Member:
    user_id: int
    first_name: str | None  # from Telegram
    display_name: str | None = None  # how they asked the coordinator to see them, if they did

    @property
    def name(self) -> str | None:
        return self.display_name or self.first_name


class CoordinatorRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def is_coordinator(self, user_id: int) -> bool:
        return await self._tx.fetch_one("SELECT 1 FROM coordinators WHERE user_id = ?", (user_id,)) is not None

    async def all(self) -> list[Coordinator]:
        rows = await self._tx.fetch_all(
            "SELECT c.user_id, u.first_name FROM coordinators c LEFT JOIN users u ON u.id = c.user_id"
            " ORDER BY c.created_at"
        )
        return [Coordinator(*row) for row in rows]

    def remove(self, user_id: int) -> None:
        self._tx.execute("DELETE FROM coordinators WHERE user_id = ?", (user_id,))

    def invite(self, token_hash: str, created_by_user_id: int, valid: timedelta) -> None:
        moment = datetime.now(UTC)
        self._tx.execute(
            "INSERT INTO coordinator_invites (token_hash, created_by_user_id, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (token_hash, created_by_user_id, stamp(moment), stamp(moment + valid)),
        )

    async def take_invite(self, token_hash: str, user_id: int) -> bool:
        """Use the invitation, if it is still open, and make the person a coordinator; whether they got it.

        Two people may open one link at the same moment: the invitation goes to whoever's conditional write is
        applied first, and the coordinator row follows the invitation in the same transaction. So the outcome is
        written now (before anything is shown) and read back.
        """
        self._tx.execute(
            "UPDATE coordinator_invites SET used_by_user_id = ?, used_at = ?"
            " WHERE token_hash = ? AND used_by_user_id IS NULL AND used_at IS NULL AND expires_at > ?",
            (user_id, now(), token_hash, stamp(datetime.now(UTC))),
        )
        self._tx.execute(
            "INSERT INTO coordinators (user_id, added_by_user_id, created_at)"
            " SELECT used_by_user_id, created_by_user_id, used_at FROM coordinator_invites"
            " WHERE token_hash = ? AND used_by_user_id = ? ON CONFLICT DO NOTHING",
            (token_hash, user_id),
        )
        await self._tx.commit()
        row = await self._tx.fetch_one(
            "SELECT used_by_user_id FROM coordinator_invites WHERE token_hash = ?", (token_hash,)
        )
        return row is not None and row[0] == user_id


_GROUP = (
    "SELECT g.id, g.name, g.coordinator_user_id, g.time_zone, g.join_code, u.first_name,"
    " (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id)"
    " FROM groups g LEFT JOIN users u ON u.id = g.coordinator_user_id WHERE g.closed_at IS NULL"
)


class GroupRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def get(self, group_id: int) -> Group | None:
        row = await self._tx.fetch_one(f"{_GROUP} AND g.id = ?", (group_id,))
        return Group(*row) if row else None

    async def by_code(self, code: str) -> Group | None:
        row = await self._tx.fetch_one(f"{_GROUP} AND g.join_code = ?", (code,))
        return Group(*row) if row else None

    async def led_by(self, user_id: int | None) -> list[Group]:
        """Open groups of a coordinator (None: every open group, for an administrator)."""
        if user_id is None:
            rows = await self._tx.fetch_all(f"{_GROUP} ORDER BY g.created_at")
        else:
            rows = await self._tx.fetch_all(f"{_GROUP} AND g.coordinator_user_id = ? ORDER BY g.created_at", (user_id,))
        return [Group(*row) for row in rows]

    async def joined_by(self, user_id: int) -> list[Group]:
        rows = await self._tx.fetch_all(
            f"{_GROUP} AND g.id IN (SELECT group_id FROM group_members WHERE user_id = ?) ORDER BY g.name",
            (user_id,),
        )
        return [Group(*row) for row in rows]

    def add(self, group: Group) -> None:
        self._tx.execute(
            "INSERT INTO groups (id, name, coordinator_user_id, time_zone, join_code, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (group.id, group.name, group.coordinator_user_id, group.time_zone, group.join_code, now()),
        )

    def rename(self, group_id: int, name: str) -> None:
        self._tx.execute("UPDATE groups SET name = ? WHERE id = ?", (name, group_id))

    def set_code(self, group_id: int, code: str) -> None:
        self._tx.execute("UPDATE groups SET join_code = ? WHERE id = ?", (code, group_id))

    def close(self, group_id: int) -> None:
        # The code is freed: a closed group can't be joined, and the code may serve a new group one day.
        self._tx.execute("UPDATE groups SET closed_at = ?, join_code = NULL WHERE id = ?", (now(), group_id))

    async def code_taken(self, code: str) -> bool:
        return await self._tx.fetch_one("SELECT 1 FROM groups WHERE join_code = ?", (code,)) is not None

    async def members(self, group_id: int) -> list[Member]:
        rows = await self._tx.fetch_all(
            "SELECT m.user_id, u.first_name, m.display_name FROM group_members m LEFT JOIN users u ON u.id = m.user_id"
            " WHERE m.group_id = ? ORDER BY m.joined_at",
            (group_id,),
        )
        return [Member(*row) for row in rows]

    async def is_member(self, group_id: int, user_id: int) -> bool:
        row = await self._tx.fetch_one(
            "SELECT 1 FROM group_members WHERE group_id = ? AND user_id = ?", (group_id, user_id)
        )
        return row is not None

    def join(self, group_id: int, user_id: int, display_name: str | None = None) -> None:
        self._tx.execute(
            "INSERT INTO group_members (group_id, user_id, joined_at, display_name) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (group_id, user_id, now(), display_name),
        )

    def leave(self, group_id: int, user_id: int) -> None:
        self._tx.execute("DELETE FROM group_members WHERE group_id = ? AND user_id = ?", (group_id, user_id))

    async def failures_since(self, user_id: int, since: datetime) -> int:
        """Wrong join codes the person typed or pressed since then (counted under a keyed hash, see 0008_trust)."""
        row = await self._tx.fetch_one(
            "SELECT COUNT(*) FROM join_failures WHERE subject = ? AND created_at > ?",
            (await self._subject(user_id), stamp(since)),
        )
        return row[0] if row else 0

    async def add_failure(self, user_id: int, moment: datetime, forget_before: datetime) -> None:
        subject = await self._subject(user_id)
        self._tx.execute("DELETE FROM join_failures WHERE created_at <= ?", (stamp(forget_before),))
        self._tx.execute("INSERT INTO join_failures (subject, created_at) VALUES (?, ?)", (subject, stamp(moment)))

    async def _subject(self, user_id: int) -> str:
        row = await self._tx.fetch_one("SELECT secret FROM install_secret")
        return hmac.new(row[0], str(user_id).encode(), hashlib.sha256).hexdigest()
