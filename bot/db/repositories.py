"""All SQL of the bot. Repositories take the update's transaction, return small typed objects and never commit."""

import json
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import UTC, datetime
from typing import Any

from bot.db.database import Transaction
from bot.db.privacy import PrivacyRepo
from bot.journey import Progress


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass
class User:
    id: int
    locale: str
    active_scenario: str | None = None
    screen_message_id: int | None = None
    screen_digest: str | None = None
    awaiting: str | None = None  # what the bot asked the person to type, e.g. "visit-date:doctor"
    first_name: str | None = None  # as Telegram sends it; the only name the bot keeps
    time_zone: str | None = None  # None: the TIMEZONE setting

    def fields(self) -> tuple[object, ...]:
        """The values in column order (a shallow copy: dataclasses.astuple deep-copies, at a cost per update)."""
        return tuple(vars(self).values())


class UserRepo:
    def __init__(self, tx: Transaction, progress: "ProgressRepo") -> None:
        self._tx = tx
        self._progress = progress

    async def get(self, user_id: int) -> User | None:
        """The person, read together with their place in their current scenario (one query instead of two)."""
        row = await self._tx.fetch_one(
            "SELECT u.id, u.locale, u.active_scenario, u.screen_message_id, u.screen_digest, u.awaiting,"
            " u.first_name, u.time_zone, p.scenario_id, p.step_id, p.version, p.trail, p.ticks"
            " FROM users u LEFT JOIN progress p ON p.user_id = u.id AND p.scenario_id = u.active_scenario"
            " WHERE u.id = ?",
            (user_id,),
        )
        if row is None:
            return None
        if row[8] is not None:
            self._progress.prime(user_id, row[8:])
        return User(*row[:8])

    def add(self, user: User) -> None:
        stamp = now()
        self._tx.execute(
            "INSERT INTO users (id, locale, active_scenario, screen_message_id, screen_digest, awaiting,"
            " first_name, time_zone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*user.fields(), stamp, stamp),
        )

    def save(self, user: User) -> None:
        self._tx.execute(
            "UPDATE users SET locale = ?, active_scenario = ?, screen_message_id = ?, screen_digest = ?, awaiting = ?,"
            " first_name = ?, time_zone = ?, updated_at = ? WHERE id = ?",
            (*user.fields()[1:], now(), user.id),
        )


class ProgressRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx
        self._read: dict[tuple[int, str], Sequence[Any]] = {}

    def prime(self, user_id: int, row: Sequence[Any]) -> None:
        """Keep a row already read with the user, so `get` needs no query of its own."""
        self._read[(user_id, row[0])] = row

    async def get(self, user_id: int, scenario_id: str) -> Progress | None:
        row = self._read.get((user_id, scenario_id))
        if row is None:
            row = await self._tx.fetch_one(
                "SELECT scenario_id, step_id, version, trail, ticks FROM progress"
                " WHERE user_id = ? AND scenario_id = ?",
                (user_id, scenario_id),
            )
        return _progress(*row) if row else None

    async def all(self, user_id: int) -> list[Progress]:
        """Every scenario the person has opened, the most recently used first."""
        rows = await self._tx.fetch_all(
            "SELECT scenario_id, step_id, version, trail, ticks FROM progress WHERE user_id = ?"
            " ORDER BY updated_at DESC",
            (user_id,),
        )
        return [_progress(*row) for row in rows]

    def save(self, user_id: int, progress: Progress) -> None:
        self._tx.execute(
            "INSERT INTO progress (user_id, scenario_id, step_id, trail, ticks, version, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id, scenario_id) DO UPDATE SET step_id = excluded.step_id, trail = excluded.trail,"
            " ticks = excluded.ticks, version = excluded.version, updated_at = excluded.updated_at",
            (
                user_id,
                progress.scenario_id,
                progress.step_id,
                json.dumps(progress.trail),
                json.dumps(progress.ticks, separators=(",", ":")),
                progress.version,
                now(),
            ),
        )


def _progress(scenario_id: str, step_id: str, version: str, trail: str, ticks: str) -> Progress:
    return Progress(scenario_id, step_id, version, json.loads(trail), json.loads(ticks))


class EventRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(
        self,
        user_id: int,
        kind: str,
        scenario_id: str | None = None,
        step_id: str | None = None,
        *,
        group_id: int | None = None,
        value: int | None = None,
        ref: str | None = None,
    ) -> None:
        self._tx.execute(
            "INSERT INTO events (user_id, kind, scenario_id, step_id, group_id, value, ref, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (user_id, kind, scenario_id, step_id, group_id, value, ref, now()),
        )

    async def recent(self, user_id: int, limit: int = 50) -> list[tuple[str, str | None, str | None]]:
        rows = await self._tx.fetch_all(
            "SELECT kind, scenario_id, step_id FROM events WHERE user_id = ? ORDER BY id DESC LIMIT ?",
            (user_id, limit),
        )
        return [tuple(row) for row in reversed(rows)]


@dataclass(frozen=True)
class Reminder:
    kind: str
    scenario_id: str | None
    event_date: str
    due_at: str


class ReminderRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, user_id: int, reminder: Reminder) -> None:
        self._tx.execute(
            "INSERT INTO reminders (user_id, kind, scenario_id, event_date, due_at, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (user_id, *astuple(reminder), now()),
        )

    async def pending(self, user_id: int) -> list[Reminder]:
        rows = await self._tx.fetch_all(
            "SELECT kind, scenario_id, event_date, due_at FROM reminders"
            " WHERE user_id = ? AND sent_at IS NULL ORDER BY due_at",
            (user_id,),
        )
        return [Reminder(*row) for row in rows]


class Repo:
    """The repositories of one update, sharing its transaction."""

    def __init__(self, tx: Transaction) -> None:
        self.tx = tx
        self.progress = ProgressRepo(tx)
        self.users = UserRepo(tx, self.progress)
        self.events = EventRepo(tx)
        self.reminders = ReminderRepo(tx)
        self.privacy = PrivacyRepo(tx)
