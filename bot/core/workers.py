"""What the bot's workers share: the per-person lock, flood control, the screen record, and update de-duplication.

**One worker** (`OneWorker`, no REDIS_URL): all of it in this process's memory, exactly as before — `FloodGuard`,
`SerializePerUser`, the screen record in the row cache — and no de-duplication: long polling never hands out an
update twice, and a single webhook process answers Telegram at once, so a retry comes only when that process was not
there to answer, and then its memory of what it handled is gone anyway.

**Several workers** (`SharedRedis`): behind a load balancer any worker may get any update, so what they must agree on
lives in Redis:

- the per-person lock, flood control and de-duplication are one middleware (`bot/core/shared_updates.py`) that
  sends two Lua scripts per update, one on entry and one on exit. The per-person lock has a timeout longer than the
  slowest handler, is renewed while the handler runs and released when it is done; a worker that dies holding it lets
  it go when the timeout runs out. A waiting worker tries again every `wait` seconds, never spinning; in front of it an
  `asyncio.Lock` keeps one worker's updates of a person in order and from polling Redis at all. Flood control counts
  atomically on Redis's own clock (`TIME`), so the limit is the same however many workers there are. An update is
  handled once: the first worker to see its `update_id` holds a lock named after it while handling it, then marks it
  done for an hour; a retry of a done update is skipped, and one that comes while another worker is handling it waits
  for that lock: done → skipped; lock gone without the mark (that worker failed or died) → handled;
- the screen record (which message shows what, known once Telegram took it) is taken out of Redis when a person's
  update starts and put back when it ends (by the same two scripts), so a worker that dies in between leaves no
  record that could be wrong: the next update then just edits without trying to skip an unchanged screen.

Keys begin with the prefix and the bot's id (`timurovets:123456:person:{1001}`), so two bots can share one Redis.
Nothing here logs a person's id above DEBUG. Redis is imported only when it is used: the one-worker bot starts as fast
as before.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from aiogram import BaseMiddleware, Bot

from bot.core.database import CACHE_LIMIT, RowCache
from bot.core.middlewares import SerializePerUser
from bot.core.shared_updates import SCREEN_FOR, SharedUpdates, parse_screen, screen_slot, stored_screen
from bot.core.throttle import FloodGuard

if TYPE_CHECKING:
    from redis.asyncio import Redis

PREFIX = "timurovets:"
LOCK_TIMEOUT = 60.0  # seconds; longer than the slowest handler, and renewed while one runs anyway
WAIT = 0.05  # seconds between tries for a lock another worker holds


class RedisUnreachable(Exception):
    """Redis cannot be used; the message is one line (without the address's password)."""


async def connect(url: str) -> "Redis":
    """A client for REDIS_URL that has answered a PING."""
    from redis.asyncio import Redis
    from redis.exceptions import RedisError

    client = Redis.from_url(url)
    try:
        await client.ping()
    except (RedisError, OSError) as exc:
        await client.aclose()
        kwargs = client.connection_pool.connection_kwargs
        where = kwargs.get("path") or f"{kwargs.get('host')}:{kwargs.get('port')}"
        raise RedisUnreachable(f"cannot reach {where}: {exc}") from None
    return client


class ScreensInMemory:
    """The screen record in this process, apart from the row cache: one worker on PostgreSQL, whose row cache lives
    for one update only (bot/core/postgres.py), still edits the message a person is looking at."""

    def __init__(self, limit: int = CACHE_LIMIT) -> None:
        self._records = RowCache(limit)

    async def take(self, bot: Bot, user_id: int) -> tuple[int | None, str | None]:
        return self._records.get(user_id) or (None, None)

    async def keep(self, bot: Bot, user_id: int, message_id: int | None, digest: str | None) -> None:
        self._records.put(user_id, (message_id, digest))


class OneWorker:
    """The bot is one process: what workers would share stays in its memory. `screens_apart`: the database keeps
    no rows between updates (PostgreSQL), so the screen record needs a place of its own."""

    def __init__(self, *, screens_apart: bool = False) -> None:
        self._screens = ScreensInMemory() if screens_apart else None

    def middlewares(self, clock: Callable[[], float]) -> list[BaseMiddleware]:
        """Flood control, then one update of a person at a time; no de-duplication (the module's docstring)."""
        return [FloodGuard(clock), SerializePerUser()]

    @property
    def screens(self) -> ScreensInMemory | None:
        return self._screens  # None: in the row cache (`UserRepo.remember_screen`)


class SharedRedis:
    """Several workers share one Redis (see the module's docstring); `prefix` namespaces the keys (tests give each
    their own), `lock_timeout` is how long a lock outlives a worker that died holding it."""

    def __init__(
        self, redis: "Redis", prefix: str = PREFIX, *, lock_timeout: float = LOCK_TIMEOUT, wait: float = WAIT
    ) -> None:
        self.redis = redis
        self.prefix = prefix
        self.lock_timeout = lock_timeout
        self.wait = wait
        self.screens = SharedScreens(self)

    def key(self, bot: Bot, kind: str, subject: object) -> str:
        """The key of one thing of `kind`, e.g. `timurovets:123456:update:987654`."""
        return f"{self.prefix}{bot.id}:{kind}:{subject}"

    def person_key(self, bot: Bot, kind: str, user_id: int) -> str:
        """A key about one person; the id in braces is a Redis Cluster hash tag, keeping a person's keys together."""
        return f"{self.prefix}{bot.id}:{kind}:{{{user_id}}}"

    def middlewares(self, clock: Callable[[], float]) -> list[BaseMiddleware]:
        """De-duplication, flood control (on Redis's clock, not `clock`) and the per-person lock, in one middleware."""
        return [SharedUpdates(self)]


class SharedScreens:
    """The screen record in Redis (`UserSession` takes it when a person's update starts and keeps it when it ends)."""

    def __init__(self, shared: SharedRedis) -> None:
        self._shared = shared

    async def take(self, bot: Bot, user_id: int) -> tuple[int | None, str | None]:
        """Which message shows what for this person, removed from Redis until `keep` puts it back (by the entry
        script, when it took the person's lock)."""
        if (slot := screen_slot(user_id)) is not None:
            return slot.taken
        return parse_screen(await self._shared.redis.getdel(self._shared.person_key(bot, "screen", user_id)))

    async def keep(self, bot: Bot, user_id: int, message_id: int | None, digest: str | None) -> None:
        """Put the record back (by the exit script, when the entry script took it)."""
        value = stored_screen(message_id, digest)
        if (slot := screen_slot(user_id)) is not None:
            slot.kept = value
        elif value is not None:
            await self._shared.redis.set(self._shared.person_key(bot, "screen", user_id), value, ex=SCREEN_FOR)
