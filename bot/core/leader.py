"""What one worker does for all: draining the outbox, the digests, the command list. Whichever worker holds the
leader's lock does it; the others answer updates only.

On SQLite there is one process, so it leads from start-up. On PostgreSQL the lock is an advisory lock held by one
connection of the leader's (`PostgresDatabase.leadership`): when that worker dies, its connection closes, the server
lets the lock go, and the next worker to ask (every `ASK_EVERY` seconds) takes over. Messages the dead leader had
claimed but not recorded are claimed again once their lease runs out (`bot.features.reminders.sender.STALE`).
"""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiogram import Bot

log = logging.getLogger(__name__)

ASK_EVERY = 2.0  # seconds between a follower's attempts to lead, and between the leader's checks of its lock


@dataclass(frozen=True)
class Duty:
    """Something only the leader does: started when a worker starts leading, stopped when it stops."""

    start: Callable[[Bot], Awaitable[None]]
    stop: Callable[[], Awaitable[None]] | None = None


class Leadership:
    def __init__(self, database: Any, duties: Sequence[Duty], *, ask_every: float = ASK_EVERY) -> None:
        self._database = database
        self._duties = duties
        self._ask_every = ask_every
        self._campaign: asyncio.Task[None] | None = None
        self.leading = False

    async def start(self, bot: Bot) -> None:
        if not hasattr(self._database, "leadership"):  # one process on one file: it is the leader
            await self._lead(bot)
            return
        self._campaign = asyncio.create_task(self._campaign_for(bot))

    async def stop(self) -> None:
        if self._campaign is not None:
            self._campaign.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._campaign
            self._campaign = None
        await self._step_down()

    async def _campaign_for(self, bot: Bot) -> None:
        while True:
            try:
                async with self._database.leadership() as lock:
                    if lock is not None:
                        await self._lead(bot)
                        await lock.held_while(self._ask_every)  # returns when the connection holding it is lost
                        log.warning("this worker lost the leader's lock; another worker takes over")
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database is away: ask again later, and lead nothing meanwhile
                log.warning("leadership: %s", exc)
            await self._step_down()
            await asyncio.sleep(self._ask_every)

    async def _lead(self, bot: Bot) -> None:
        log.info("this worker leads: it sends scheduled messages and digests")
        self.leading = True
        for duty in self._duties:
            await duty.start(bot)

    async def _step_down(self) -> None:
        if not self.leading:
            return
        self.leading = False
        for duty in reversed(self._duties):
            if duty.stop is not None:
                await duty.stop()
