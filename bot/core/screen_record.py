"""Which message shows each person's current screen, and what it shows: where workers keep it.

Telegram says which message it took only after the update's writes are committed, and a record that ran ahead of
the screen would make the bot skip an edit the person needs; so the record is never in the database. SQLite's one
process keeps it with the person's cached row (`bot.core.people.UserRepo`). Several workers on PostgreSQL keep it
here: in the process for one worker, in Redis for several (`RedisScreenRecords`), so whichever worker takes a
person's next update edits the message they are looking at instead of sending a twin of it.
"""

from typing import Any

from bot.core.database import RowCache

Record = tuple[int | None, str | None]  # message id, digest
KEEP_SECONDS = 2 * 24 * 3600  # Telegram lets a bot edit its messages for 48 hours: an older record is of no use


class ScreenRecords:
    """In this process, for the people seen most recently."""

    def __init__(self, limit: int = 20_000) -> None:
        self._records = RowCache(limit)

    async def get(self, user_id: int) -> Record:
        return self._records.get(user_id) or (None, None)

    async def put(self, user_id: int, record: Record) -> None:
        self._records.put(user_id, record)


class RedisScreenRecords:
    """In Redis, shared by every worker; each record expires when Telegram would no longer let it be edited."""

    def __init__(self, redis: Any, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix

    async def get(self, user_id: int) -> Record:
        found = await self._redis.get(f"{self._prefix}screen:{user_id}")
        if not found:
            return None, None
        message_id, _, digest = (found.decode() if isinstance(found, bytes) else found).partition(" ")
        return int(message_id), digest

    async def put(self, user_id: int, record: Record) -> None:
        message_id, digest = record
        key = f"{self._prefix}screen:{user_id}"
        if message_id is None:
            await self._redis.delete(key)
        else:
            await self._redis.set(key, f"{message_id} {digest}", ex=KEEP_SECONDS)
