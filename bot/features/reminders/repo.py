"""The queue of scheduled messages (the outbox table), people's opt-outs, and who Telegram says is unreachable.

Features schedule with `repo.outbox.add(...)` inside their update's transaction; the sender (bot/sender.py) claims
due rows, sends them and records the outcome, each step in a small transaction of its own.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core.database import Transaction

PENDING, SENDING, SENT, DROPPED, FAILED = "pending", "sending", "sent", "dropped", "failed"
PER_CHAT = timedelta(seconds=1)  # Telegram: one message a second to the same chat


def stamp(moment: datetime) -> str:
    """A moment as stored: UTC text, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def precise(moment: datetime) -> str:
    """A moment as `_now()` stores it (microseconds), for comparisons with claimed_at and sent_at."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass(frozen=True)
class Scheduled:
    id: int
    kind: str
    payload: dict[str, Any]
    due_at: str
    state: str


@dataclass(frozen=True)
class Claimed:
    """A row a sender owns now, with what it needs about the recipient."""

    id: int
    user_id: int
    kind: str
    payload: dict[str, Any]
    attempts: int
    locale: str | None  # None: the person is not in the users table (yet, or any more)
    time_zone: str | None
    unreachable: bool
    optouts: frozenset[str]


class OutboxRepo:
    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    def add(self, user_id: int, kind: str, payload: dict[str, Any], due_at: datetime, *, key: str) -> None:
        """Schedule a message; a second `add` with the same person and key changes nothing (the first one stays).

        Nothing is queued for a person Telegram said is unreachable. `payload` holds parsed values only.
        """
        self._tx.execute(
            "INSERT INTO outbox (user_id, kind, payload, dedup_key, due_at, created_at)"
            " SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
            " (SELECT 1 FROM users WHERE id = ? AND unreachable_at IS NOT NULL)"
            " ON CONFLICT (user_id, dedup_key) DO NOTHING",
            (user_id, kind, json.dumps(payload), f"{kind}:{key}", stamp(due_at), _now(), user_id),
        )

    def cancel(self, user_id: int, kind: str, *, key: str) -> None:
        """Forget a message not sent yet (so the same key can be scheduled again, e.g. for a moved deadline)."""
        self._tx.execute(
            "DELETE FROM outbox WHERE user_id = ? AND dedup_key = ? AND state = ?",
            (user_id, f"{kind}:{key}", PENDING),
        )

    def settle(self, user_id: int, kind: str, *, key: str) -> None:
        """Never send a message still waiting, e.g. a question snoozed to tomorrow and answered meanwhile. Unlike
        `cancel`, the key stays taken: the same question is not scheduled again."""
        self._tx.execute(
            "UPDATE outbox SET state = ? WHERE user_id = ? AND dedup_key = ? AND state = ?",
            (DROPPED, user_id, f"{kind}:{key}", PENDING),
        )

    async def scheduled(self, user_id: int) -> list[Scheduled]:
        """The person's messages not sent yet, the soonest first."""
        rows = await self._tx.fetch_all(
            "SELECT id, kind, payload, due_at, state FROM outbox WHERE user_id = ? AND state IN (?, ?)"
            " ORDER BY due_at, id",
            (user_id, PENDING, SENDING),
        )
        return [Scheduled(row[0], row[1], json.loads(row[2]), row[3], row[4]) for row in rows]

    async def get(self, row_id: int, user_id: int) -> Scheduled | None:
        row = await self._tx.fetch_one(
            "SELECT id, kind, payload, due_at, state FROM outbox WHERE id = ? AND user_id = ?", (row_id, user_id)
        )
        return Scheduled(row[0], row[1], json.loads(row[2]), row[3], row[4]) if row else None

    async def answered(self, user_id: int, row_id: int, events: tuple[str, ...]) -> bool:
        """Whether the person already answered the message of this row (an event with ref = the row id)."""
        marks = ", ".join("?" * len(events))
        row = await self._tx.fetch_one(
            f"SELECT 1 FROM events WHERE user_id = ? AND ref = ? AND kind IN ({marks}) LIMIT 1",
            (user_id, str(row_id), *events),
        )
        return row is not None

    def snooze(self, row_id: int, user_id: int, due_at: datetime) -> None:
        """Send a message that went out once more, at `due_at` («Напомнить завтра»). The sender may not have
        recorded it as sent yet (it does so with its next claim); the outcomes below leave a snoozed row alone."""
        self._tx.execute(
            "UPDATE outbox SET state = ?, due_at = ?, attempts = 0, claimed_by = NULL, sent_at = NULL"
            " WHERE id = ? AND user_id = ? AND state IN (?, ?)",
            (PENDING, stamp(due_at), row_id, user_id, SENT, SENDING),
        )

    # The sender's side. An outcome applies only to a row still being sent: a row snoozed meanwhile stays snoozed.

    def claim(self, token: str, moment: datetime, *, limit: int, stale_before: datetime, max_attempts: int) -> None:
        """Take up to `limit` due rows for the claim `token`, at most one per person and none for a person who got
        a message in the last second or has one in flight (Telegram allows one message a second per chat).

        One UPDATE. SQLite runs it alone; PostgreSQL may run two at once under READ COMMITTED, and then re-checks
        only the outer condition on a row another claim just changed: so the outer UPDATE repeats the claim's
        condition, and a row taken meanwhile is skipped (tests/test_reminders_workers.py races two claimers). A row
        left in 'sending' since `stale_before` (its sender died between claim and outcome: its lease ran out) is
        taken again, while it has attempts left: it may go out once more, never in a loop.
        """
        claimable = "state IN (?, ?) AND due_at <= ? AND (state = ? OR (claimed_at <= ? AND attempts < ?))"
        condition = (PENDING, SENDING, stamp(moment), PENDING, precise(stale_before), max_attempts)
        self._tx.execute(
            "UPDATE outbox SET state = ?, claimed_at = ?, claimed_by = ?, attempts = attempts + 1"
            " WHERE id IN (SELECT MIN(id) FROM (SELECT id, user_id FROM outbox"
            f"  WHERE {claimable}"
            "  AND user_id NOT IN (SELECT user_id FROM outbox WHERE state = ? AND claimed_at > ?"
            "   UNION ALL SELECT user_id FROM outbox WHERE sent_at > ?)"
            "  ORDER BY due_at LIMIT ?) AS due"  # the oldest due rows first, a few per place: a backlog costs no more
            f" GROUP BY user_id ORDER BY 1 LIMIT ?) AND {claimable}",
            (
                SENDING,
                precise(moment),
                token,
                *condition,
                SENDING,
                precise(stale_before),
                precise(moment - PER_CHAT),
                4 * limit,
                limit,
                *condition,
            ),
        )

    async def claimed(self, token: str) -> list[Claimed]:
        rows = await self._tx.fetch_all(
            "SELECT o.id, o.user_id, o.kind, o.payload, o.attempts, u.locale, u.time_zone, u.unreachable_at, m.family"
            " FROM outbox o LEFT JOIN users u ON u.id = o.user_id"
            " LEFT JOIN message_optouts m ON m.user_id = o.user_id WHERE o.claimed_by = ? AND o.state = ?"
            " ORDER BY o.id",
            (token, SENDING),
        )
        first: dict[int, tuple[Any, ...]] = {}  # a row per opt-out: the message's first one, in id order
        families: dict[int, set[str]] = {}
        for row in rows:
            first.setdefault(row[0], row)
            families.setdefault(row[0], set()).update([row[8]] if row[8] else [])
        return [
            Claimed(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], r[6], r[7] is not None, frozenset(families[r[0]]))
            for r in first.values()
        ]
    def sent(self, row_id: int) -> None:
        self._tx.execute(
            "UPDATE outbox SET state = ?, sent_at = ? WHERE id = ? AND state = ?", (SENT, _now(), row_id, SENDING)
        )

    def drop(self, row_id: int) -> None:
        """Not sent, and never will be: no longer relevant, opted out, or the person is unreachable."""
        self._tx.execute("UPDATE outbox SET state = ? WHERE id = ? AND state = ?", (DROPPED, row_id, SENDING))

    def postpone(self, row_id: int, due_at: datetime) -> None:
        """Back to the queue for a later time (quiet hours): a fresh start, not a failed attempt."""
        self._tx.execute(
            "UPDATE outbox SET state = ?, due_at = ?, attempts = 0, claimed_by = NULL WHERE id = ? AND state = ?",
            (PENDING, stamp(due_at), row_id, SENDING),
        )

    def retry_later(self, row_id: int, due_at: datetime, *, max_attempts: int) -> None:
        """Telegram could not take it now: try again at `due_at`, or give up after `max_attempts` claims."""
        self._tx.execute(
            "UPDATE outbox SET state = CASE WHEN attempts >= ? THEN ? ELSE ? END, due_at = ?, claimed_by = NULL"
            " WHERE id = ? AND state = ?",
            (max_attempts, FAILED, PENDING, stamp(due_at), row_id, SENDING),
        )

    def fail(self, row_id: int) -> None:
        self._tx.execute("UPDATE outbox SET state = ? WHERE id = ? AND state = ?", (FAILED, row_id, SENDING))


class DeliveryRepo:
    """What a person wants sent (opt-outs per family of kinds) and whether Telegram lets the bot reach them."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def optouts(self, user_id: int) -> frozenset[str]:
        rows = await self._tx.fetch_all("SELECT family FROM message_optouts WHERE user_id = ?", (user_id,))
        return frozenset(row[0] for row in rows)

    def opt_out(self, user_id: int, family: str) -> None:
        self._tx.execute(
            "INSERT INTO message_optouts (user_id, family, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            (user_id, family, _now()),
        )

    def opt_in(self, user_id: int, family: str) -> None:
        self._tx.execute("DELETE FROM message_optouts WHERE user_id = ? AND family = ?", (user_id, family))


def _now() -> str:
    return precise(datetime.now(UTC))

