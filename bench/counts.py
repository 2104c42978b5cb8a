"""What one update does, counted: Telegram calls, trips to aiosqlite's thread (and the time they take, with the time
SQLite itself works in that thread), routers entered, handler checks and callback data parsed. Measured on one
sequential run with the counters patched in, so its times are a little higher than the plain runs'."""

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields
from typing import Any
from unittest import mock

import aiosqlite
from aiogram import Dispatcher
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.dispatcher.router import Router
from aiogram.filters.callback_data import CallbackData

from bot.core.routing import Switchboard


@dataclass
class Counts:
    updates: int = 0
    telegram_calls: int = 0
    database_trips: int = 0
    database_wait: float = 0.0  # seconds the update waits for its trips: the hop to the thread and back, and SQL
    database_sql: float = 0.0  # seconds aiosqlite's thread spends running the trips' functions (SQLite's work)
    routers: int = 0  # routers an update enters, the dispatcher included
    handler_checks: int = 0  # handlers whose filters are tried
    unpacks: int = 0  # CallbackData.unpack calls: each is a split and a pydantic model
    unpack_failures: int = 0  # of them, the ones on another router's button (a failed filter)

    def per_update(self) -> dict[str, float]:
        """Every figure divided by the number of updates; times in µs."""
        scale = {"database_wait": 1e6, "database_sql": 1e6}
        names = [f.name for f in fields(self) if f.name != "updates"]
        return {name: getattr(self, name) * scale.get(name, 1) / self.updates for name in names}


# Set while an update is fed: trips of the bot's background tasks (the WAL checkpoint) are not an update's
_in_update: ContextVar[bool] = ContextVar("in_update", default=False)


@contextmanager
def counting() -> Iterator[Counts]:
    counts = Counts()
    feed, execute, check, unpack = (
        Dispatcher.feed_update,
        aiosqlite.Connection._execute,
        HandlerObject.check,
        CallbackData.unpack.__func__,  # type: ignore[attr-defined]
    )

    async def counted_feed(dispatcher: Dispatcher, /, *args: Any, **kwargs: Any) -> Any:
        counts.updates += 1
        _in_update.set(True)  # in the feeding task's context: tasks started before (the checkpoint) never see it
        return await feed(dispatcher, *args, **kwargs)

    async def counted_execute(connection: aiosqlite.Connection, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        if not _in_update.get():
            return await execute(connection, fn, *args, **kwargs)

        def timed() -> Any:  # runs in aiosqlite's thread
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                counts.database_sql += time.perf_counter() - start

        counts.database_trips += 1
        start = time.perf_counter()
        try:
            return await execute(connection, timed)
        finally:
            counts.database_wait += time.perf_counter() - start

    def counted_propagate(propagate: Any) -> Any:
        async def counted(router: Router, /, *args: Any, **kwargs: Any) -> Any:
            counts.routers += 1
            return await propagate(router, *args, **kwargs)

        return counted

    async def counted_check(handler: HandlerObject, /, *args: Any, **kwargs: Any) -> Any:
        counts.handler_checks += 1
        return await check(handler, *args, **kwargs)

    def counted_unpack(cls: type[CallbackData], value: str) -> CallbackData:
        counts.unpacks += 1
        try:
            return unpack(cls, value)
        except (TypeError, ValueError):
            counts.unpack_failures += 1
            raise

    with ExitStack() as patches:
        patches.enter_context(mock.patch.object(Dispatcher, "feed_update", counted_feed))
        patches.enter_context(mock.patch.object(aiosqlite.Connection, "_execute", counted_execute))
        for kind in (Router, Switchboard):  # the switchboard has a propagate_event of its own
            patches.enter_context(mock.patch.object(kind, "propagate_event", counted_propagate(kind.propagate_event)))
        patches.enter_context(mock.patch.object(HandlerObject, "check", counted_check))
        patches.enter_context(mock.patch.object(CallbackData, "unpack", classmethod(counted_unpack)))
        yield counts
