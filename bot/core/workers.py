"""What the bot's workers share: the per-person lock, flood control, the screen record, and update de-duplication.

**One worker** (`OneWorker`, no REDIS_URL): all of it in this process's memory, exactly as before — `FloodGuard`,
`SerializePerUser`, the screen record in the row cache — and no de-duplication: long polling never hands out an
update twice, and a single webhook process answers Telegram at once, so a retry comes only when that process was not
there to answer, and then its memory of what it handled is gone anyway.

**Several workers** (`SharedRedis`): behind a load balancer any worker may get any update, so what they must agree on
lives in Redis, through redis-py's own pieces:

- the per-person lock is a `redis.asyncio.lock.Lock` per person, with a timeout longer than the slowest handler,
  renewed (`reacquire`) while the handler runs and released when it is done; a worker that dies holding it lets it go
  when the timeout runs out. A waiting worker tries again every `wait` seconds (the lock's `sleep`), never spinning;
  in front of it an `asyncio.Lock` keeps one worker's updates of a person from polling Redis at all;
- flood control counts in one Lua script (`register_script`), atomically and on Redis's own clock (`TIME`), so the
  limit is the same however many workers there are;
- an update is handled once: the first worker to see its `update_id` holds a lock named after it while handling it,
  then marks it done for an hour; a retry of a done update is skipped, and one that comes while another worker is
  handling it waits for that lock: done → skipped; lock gone without the mark (that worker failed or died) → handled;
- the screen record (which message shows what, known once Telegram took it) is taken out of Redis when a person's
  update starts and put back when it ends, so a worker that dies in between leaves no record that could be wrong:
  the next update then just edits without trying to skip an unchanged screen.

Keys begin with the prefix and the bot's id (`timurovets:123456:person:{1001}`), so two bots can share one Redis.
Nothing here logs a person's id above DEBUG. Redis is imported only when it is used: the one-worker bot starts as fast
as before.
"""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TelegramUser

from bot.core.database import CACHE_LIMIT, RowCache
from bot.core.middlewares import Handler, SerializePerUser
from bot.core.throttle import LIMIT, PAUSE, WINDOW, FloodGuard

if TYPE_CHECKING:
    from redis.asyncio import Redis
    from redis.asyncio.lock import Lock

log = logging.getLogger(__name__)

PREFIX = "timurovets:"
LOCK_TIMEOUT = 60.0  # seconds; longer than the slowest handler, and renewed while one runs anyway
WAIT = 0.05  # seconds between tries for a lock another worker holds
DONE_FOR = 3600  # seconds an update is remembered as handled (Telegram retries a webhook for less)
SCREEN_FOR = 2 * 24 * 3600  # seconds; Telegram lets a bot edit its messages for 48 hours


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

    def once_per_update(self) -> BaseMiddleware | None:
        return None  # see the module's docstring: nothing is ever delivered to this process twice

    def flood_guard(self, clock: Callable[[], float]) -> BaseMiddleware:
        return FloodGuard(clock)

    def one_at_a_time(self) -> BaseMiddleware:
        return SerializePerUser()

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

    def once_per_update(self) -> BaseMiddleware:
        return OncePerUpdate(self)

    def flood_guard(self, clock: Callable[[], float]) -> BaseMiddleware:
        return SharedFloodGuard(self)  # Redis's clock, the same for every worker, not this process's `clock`

    def one_at_a_time(self) -> BaseMiddleware:
        return SharedSerializePerUser(self)

    @contextlib.asynccontextmanager
    async def held(self, name: str) -> AsyncIterator[None]:
        """Hold the lock `name` (waiting for it as long as another worker holds it), renewed until the block ends."""
        from redis.asyncio.lock import Lock

        lock = Lock(self.redis, name, timeout=self.lock_timeout, sleep=self.wait, thread_local=False)
        await lock.acquire()
        renewer = asyncio.create_task(self._renew(lock))
        try:
            yield
        finally:
            renewer.cancel()
            try:
                await asyncio.wait([renewer])
            finally:
                await self._release(lock)

    async def _renew(self, lock: "Lock") -> None:
        from redis.exceptions import LockNotOwnedError, RedisError

        while True:
            await asyncio.sleep(self.lock_timeout / 3)
            try:
                await lock.reacquire()
            except LockNotOwnedError:
                log.warning(
                    "a shared lock expired while its update was handled (the worker stalled for %.0f s)",
                    self.lock_timeout,
                )
                return
            except RedisError as exc:  # tried again at the next turn, while the lock still has time left
                log.warning("a shared lock could not be renewed: %s", exc)

    async def _release(self, lock: "Lock") -> None:
        from redis.exceptions import LockError

        try:
            await lock.release()
        except LockError:
            log.warning("a shared lock had expired before its update was done (a stall over %.0f s)", self.lock_timeout)


class OncePerUpdate(BaseMiddleware):
    """An update is handled by one worker, once, whichever workers Telegram's retries reach (module's docstring)."""

    def __init__(self, shared: SharedRedis) -> None:
        self._shared = shared

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        name = self._shared.key(data["bot"], "update", event.update_id)
        done = f"{name}:done"
        async with self._shared.held(name):
            if await self._shared.redis.exists(done):
                log.info("update %s was already handled by a worker; this delivery is skipped", event.update_id)
                return None
            result = await handler(event, data)  # if it fails, nothing is marked: a retry is handled again
            await self._shared.redis.set(done, 1, ex=DONE_FOR)
            return result


class SharedSerializePerUser(SerializePerUser):
    """`SerializePerUser` across workers: a person's updates are handled one after another whichever worker gets
    them. The in-process lock comes first, so only one of this worker's updates of a person waits on Redis."""

    def __init__(self, shared: SharedRedis) -> None:
        super().__init__()
        self._shared = shared

    def across_workers(self, data: dict[str, Any], user_id: int) -> contextlib.AbstractAsyncContextManager[Any]:
        return self._shared.held(self._shared.person_key(data["bot"], "person", user_id))


# KEYS: the person's recent updates (a list of Redis times, ms), their pause. ARGV: limit, window (ms), pause (ms).
# Returns 0: pass on; 1: pass on, the first over the limit (slow down); 2: drop, the person is paused.
FLOOD_SCRIPT = """
if redis.call('EXISTS', KEYS[2]) == 1 then return 2 end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local oldest = now - tonumber(ARGV[2])
while true do
    local first = redis.call('LINDEX', KEYS[1], 0)
    if not first or tonumber(first) > oldest then break end
    redis.call('LPOP', KEYS[1])
end
if redis.call('RPUSH', KEYS[1], string.format('%d', now)) > tonumber(ARGV[1]) then
    redis.call('DEL', KEYS[1])
    redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
    return 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0
"""


class SharedFloodGuard(BaseMiddleware):
    """`FloodGuard` across workers: the same limit, window and pause, counted in Redis on Redis's clock."""

    def __init__(self, shared: SharedRedis) -> None:
        self._shared = shared
        self._count = shared.redis.register_script(FLOOD_SCRIPT)
        self._args = (LIMIT, int(WINDOW * 1000), int(PAUSE * 1000))

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        sender: TelegramUser | None = data.get("event_from_user")
        if sender is None:
            return await handler(event, data)
        bot = data["bot"]
        keys = (self._shared.person_key(bot, "flood", sender.id), self._shared.person_key(bot, "paused", sender.id))
        verdict = await self._count(keys=keys, args=self._args)
        if verdict == 2:
            return None
        if verdict == 1:
            data["slow_down"] = True
        return await handler(event, data)


class SharedScreens:
    """The screen record in Redis (`UserSession` takes it when a person's update starts and keeps it when it ends)."""

    def __init__(self, shared: SharedRedis) -> None:
        self._shared = shared

    async def take(self, bot: Bot, user_id: int) -> tuple[int | None, str | None]:
        """Which message shows what for this person, removed from Redis until `keep` puts it back."""
        raw = await self._shared.redis.getdel(self._shared.person_key(bot, "screen", user_id))
        if raw is None:
            return None, None
        message_id, _, digest = (raw.decode() if isinstance(raw, bytes) else raw).partition(" ")
        return int(message_id), digest or None

    async def keep(self, bot: Bot, user_id: int, message_id: int | None, digest: str | None) -> None:
        if message_id is not None:
            value = f"{message_id} {digest or ''}"
            await self._shared.redis.set(self._shared.person_key(bot, "screen", user_id), value, ex=SCREEN_FOR)
