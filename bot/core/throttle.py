"""Flood control: a person sending more than 20 updates in 10 seconds is slowed down for a minute.

In memory (a restart forgives everybody) and per person, before the database and the per-person lock: a flood costs
one dictionary look-up per update and never delays anybody else.
"""

import time
from collections.abc import Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TelegramUser

from bot.core.middlewares import Handler

LIMIT = 20  # updates…
WINDOW = 10.0  # …in this many seconds
PAUSE = 60.0  # then ignored for this long
SWEEP_EVERY = 10_000  # people remembered before the ones quiet for a whole window are dropped


class FloodGuard(BaseMiddleware):
    """Passes the first update over the limit on with `slow_down=True` (a handler says so once), drops the rest."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        # A list, not a deque: a deque is 760 bytes even empty, a list of one time 88; at most LIMIT + 1 times are
        # kept, so dropping the oldest from the front costs nothing that matters (bench/memory.py).
        self._recent: dict[int, list[float]] = {}
        self._paused_until: dict[int, float] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        sender: TelegramUser | None = data.get("event_from_user")
        if sender is None:
            return await handler(event, data)
        now = self._clock()
        if self._paused_until.get(sender.id, now) > now:
            return None
        self._paused_until.pop(sender.id, None)
        recent = self._recent.get(sender.id)
        if recent is None:
            if len(self._recent) >= SWEEP_EVERY:
                self._sweep(now)
            recent = self._recent[sender.id] = []
        old = 0
        while old < len(recent) and recent[old] <= now - WINDOW:
            old += 1
        del recent[:old]
        recent.append(now)
        if len(recent) > LIMIT:
            recent.clear()
            self._paused_until[sender.id] = now + PAUSE
            data["slow_down"] = True
        return await handler(event, data)

    def _sweep(self, now: float) -> None:
        for user_id in [u for u, times in self._recent.items() if not times or times[-1] <= now - WINDOW]:
            del self._recent[user_id]
        for user_id in [u for u, until in self._paused_until.items() if until <= now]:
            del self._paused_until[user_id]
