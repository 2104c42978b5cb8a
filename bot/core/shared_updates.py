"""One middleware for what several workers agree on about an update, in two Redis round trips (bot/core/workers.py).

Done as three middlewares (de-duplication, flood control, the per-person lock), an update cost nine Redis commands:
each a round trip through the event loop and the Redis server, on two cores shared with PostgreSQL. Here one script
does on entry what they did in turn, and one on exit releases what entry took (docs/benchmarks.md, "Two backends"):

- **entry** (`ENTER`): a done update is skipped; the update's lock is taken (another worker handling it: ask again
  after `wait`); a paused person's update is dropped (and marked done, as it was handled: by dropping it); the update
  is counted for flood control on Redis's clock; the person's lock is taken (and with it their screen record taken
  out, see `ScreenSlot`), or else waited for;
- **exit** (`EXIT`): the update is marked done (unless its handling failed: Telegram's retry is then handled), the
  screen record put back, and both locks released if they are still this update's.

A person's keys share one hash tag (`{1001}`), so the scripts run on one Redis Cluster node. This process's updates
of a person take an `asyncio.Lock` first, so they keep their order and only one of them waits on Redis. A lock is
renewed while its update runs and expires after `lock_timeout` when its worker dies holding it.
"""

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Protocol
from weakref import WeakValueDictionary

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TelegramUser

from bot.core.middlewares import Handler
from bot.core.throttle import LIMIT, PAUSE, WINDOW

if TYPE_CHECKING:
    from redis.asyncio import Redis


class Shared(Protocol):
    """What the middleware needs of `bot.core.workers.SharedRedis` (which builds it)."""

    redis: "Redis"
    lock_timeout: float
    wait: float

    def key(self, bot: Bot, kind: str, subject: object) -> str: ...

    def person_key(self, bot: Bot, kind: str, user_id: int) -> str: ...


log = logging.getLogger(__name__)

DONE_FOR = 3600  # seconds an update is remembered as handled (Telegram retries a webhook for less)
SCREEN_FOR = 2 * 24 * 3600  # seconds; Telegram lets a bot edit its messages for 48 hours

# KEYS: the update's done mark, its lock; with a person also their flood list, their pause, their lock and their
# screen record. ARGV: the update's token, lock timeout (ms), done-for (s), limit, window (ms), pause (ms).
# Returns {'done'}, {'busy'} (another worker holds the update), {'paused'} (dropped, marked done), {'pass'} for an
# update without a person, or {'pass' / 'slow' (the first over the limit), the screen record taken out} once the
# person's lock is taken, or {'pass+wait' / 'slow+wait'} while another update holds it.
ENTER = """
if redis.call('EXISTS', KEYS[1]) == 1 then return {'done'} end
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'busy'} end
if #KEYS == 2 then return {'pass'} end
if redis.call('EXISTS', KEYS[4]) == 1 then
    redis.call('SET', KEYS[1], '1', 'EX', ARGV[3])
    redis.call('DEL', KEYS[2])
    return {'paused'}
end
local verdict = 'pass'
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local oldest = now - tonumber(ARGV[5])
while true do
    local first = redis.call('LINDEX', KEYS[3], 0)
    if not first or tonumber(first) > oldest then break end
    redis.call('LPOP', KEYS[3])
end
if redis.call('RPUSH', KEYS[3], string.format('%d', now)) > tonumber(ARGV[4]) then
    redis.call('DEL', KEYS[3])
    redis.call('SET', KEYS[4], '1', 'PX', ARGV[6])
    verdict = 'slow'
else
    redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
if redis.call('SET', KEYS[5], ARGV[1], 'NX', 'PX', ARGV[2]) then return {verdict, redis.call('GETDEL', KEYS[6])} end
return {verdict .. '+wait'}
"""

# KEYS: the update's done mark, the locks to release, and the screen record's key if ARGV[4] is not ''.
# ARGV: the token, done-for (s), '1' to mark it done, the screen record to put back, its lifetime (s).
# Returns how many of the locks were still this update's.
EXIT = """
if ARGV[3] == '1' then redis.call('SET', KEYS[1], '1', 'EX', ARGV[2]) end
local last = #KEYS
if ARGV[4] ~= '' then
    redis.call('SET', KEYS[last], ARGV[4], 'EX', ARGV[5])
    last = last - 1
end
local released = 0
for i = 2, last do
    if redis.call('GET', KEYS[i]) == ARGV[1] then
        redis.call('DEL', KEYS[i])
        released = released + 1
    end
end
return released
"""

# KEYS: locks. ARGV: the token, the timeout (ms). Extends those still this update's; returns how many.
RENEW = """
local renewed = 0
for i = 1, #KEYS do
    if redis.call('GET', KEYS[i]) == ARGV[1] then
        redis.call('PEXPIRE', KEYS[i], ARGV[2])
        renewed = renewed + 1
    end
end
return renewed
"""


class SharedUpdates(BaseMiddleware):
    """De-duplication, flood control and the per-person lock across workers (the module's docstring)."""

    def __init__(self, shared: Shared) -> None:
        self._shared = shared
        redis = shared.redis
        self._enter, self._exit, self._renew = map(redis.register_script, (ENTER, EXIT, RENEW))
        self._timeout_ms = int(shared.lock_timeout * 1000)
        self._flood = (LIMIT, int(WINDOW * 1000), int(PAUSE * 1000))
        self._locks: WeakValueDictionary[int, asyncio.Lock] = WeakValueDictionary()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        sender: TelegramUser | None = data.get("event_from_user")
        if sender is None:
            return await self._handle(handler, event, data, None)
        lock = self._locks.get(sender.id)
        if lock is None:
            lock = self._locks[sender.id] = asyncio.Lock()
        async with lock:
            return await self._handle(handler, event, data, sender.id)

    async def _handle(self, handler: Handler, event: Update, data: dict[str, Any], user_id: int | None) -> Any:
        keys = self._keys(data["bot"], event.update_id, user_id)
        token = uuid.uuid4().hex
        verdict, *screen = await self._entered(keys, token)
        if verdict in ("done", "paused"):
            if verdict == "done":
                log.info("update %s was already handled by a worker; this delivery is skipped", event.update_id)
            return None
        waits = verdict.endswith("+wait")
        # The locks held, renewed while the update waits and runs; the person's joins once it is taken.
        locks = keys[1:2] if user_id is None or waits else [keys[1], keys[4]]
        if verdict.startswith("slow"):
            data["slow_down"] = True
        # The screen record came with the person's lock: `SharedScreens` reads it from here and leaves it here.
        slot = ScreenSlot(user_id, parse_screen(screen[0])) if screen and user_id is not None else None
        context = _slot.set(slot)
        try:
            async with self._renewed(locks, token):
                if waits:
                    await self._wait_for(keys[4], token)
                    locks.append(keys[4])
                result = await handler(event, data)
        except BaseException:
            await self._leave(keys, locks, token, slot, done=False)  # a retry is handled again
            raise
        finally:
            _slot.reset(context)
        await self._leave(keys, locks, token, slot, done=True)
        return result

    def _keys(self, bot: Bot, update_id: int, user_id: int | None) -> list[str]:
        """The update's keys, under the person's hash tag; then the person's flood list, pause and lock."""
        if user_id is None:
            update = self._shared.key(bot, "update", update_id)
            return [f"{update}:done", update]
        person = self._shared.person_key
        update = f"{person(bot, 'update', user_id)}:{update_id}"
        kinds = ("flood", "paused", "person", "screen")
        return [f"{update}:done", update, *(person(bot, kind, user_id) for kind in kinds)]

    async def _entered(self, keys: list[str], token: str) -> list[Any]:
        """The entry script's answer; while another worker handles this very update, asked again every `wait`."""
        args = (token, self._timeout_ms, DONE_FOR, *self._flood)
        while (answer := await self._enter(keys=keys, args=args))[0] in (b"busy", "busy"):
            await asyncio.sleep(self._shared.wait)
        return [_text(answer[0]), *answer[1:]]

    async def _wait_for(self, name: str, token: str) -> None:
        """Take the person's lock, which another worker's update holds, as soon as it is free or has expired."""
        from redis.asyncio.lock import Lock

        shared = self._shared
        lock = Lock(shared.redis, name, timeout=shared.lock_timeout, sleep=shared.wait, thread_local=False)
        await lock.acquire(token=token)

    @contextlib.asynccontextmanager
    async def _renewed(self, locks: list[str], token: str) -> AsyncIterator[None]:
        renewer = asyncio.create_task(self._keep_renewing(locks, token))
        try:
            yield
        finally:
            renewer.cancel()
            await asyncio.wait([renewer])

    async def _keep_renewing(self, locks: list[str], token: str) -> None:
        from redis.exceptions import RedisError

        while True:
            await asyncio.sleep(self._shared.lock_timeout / 3)
            try:
                renewed = await self._renew(keys=locks, args=(token, self._timeout_ms))
            except RedisError as exc:  # tried again at the next turn, while the locks still have time left
                log.warning("a shared lock could not be renewed: %s", exc)
                continue
            if renewed < len(locks):
                log.warning(
                    "a shared lock expired while its update was handled (the worker stalled for %.0f s)",
                    self._shared.lock_timeout,
                )
                return

    async def _leave(
        self, keys: list[str], locks: list[str], token: str, slot: "ScreenSlot | None", *, done: bool
    ) -> None:
        screen = slot.kept if slot is not None and slot.kept is not None else ""
        keys = [keys[0], *locks, *([keys[5]] if screen else [])]
        released = await self._exit(keys=keys, args=(token, DONE_FOR, "1" if done else "0", screen, SCREEN_FOR))
        if released < len(locks):
            log.warning(
                "a shared lock had expired before its update was done (a stall over %.0f s)", self._shared.lock_timeout
            )


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


class ScreenSlot:
    """A person's screen record during their update: taken out of Redis by the entry script, put back by the exit
    script (`kept`, as stored; None: nothing to put back, as after /forget)."""

    def __init__(self, user_id: int, taken: tuple[int | None, str | None]) -> None:
        self.user_id = user_id
        self.taken = taken
        self.kept: str | None = None


_slot: ContextVar[ScreenSlot | None] = ContextVar("screen_slot", default=None)


def screen_slot(user_id: int) -> ScreenSlot | None:
    """The slot of this person's update running now, if the entry script took their record."""
    slot = _slot.get()
    return slot if slot is not None and slot.user_id == user_id else None


def parse_screen(raw: bytes | str | None) -> tuple[int | None, str | None]:
    """(message id, digest) from a stored screen record."""
    if raw is None:
        return None, None
    message_id, _, digest = _text(raw).partition(" ")
    return int(message_id), digest or None


def stored_screen(message_id: int | None, digest: str | None) -> str | None:
    """The screen record as stored; None when there is nothing to store."""
    return None if message_id is None else f"{message_id} {digest or ''}"
