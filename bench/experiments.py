"""Cheap changes to the bot's core, tried in the bench only: `python -m bench.experiments` (not part of `make bench`,
it takes ~5 minutes). Each experiment is the real bot with one change monkeypatched in, taking turns with the
unchanged bot and bare aiogram in the same process, on the same load as `make bench`."""

import asyncio
import logging
import os
import sqlite3
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, closing, contextmanager
from functools import cached_property, partial
from pathlib import Path
from typing import Any
from unittest import mock

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram.methods.base import Response

import bot.db.repositories
import bot.handlers.menu
import bot.handlers.scenarios
import bot.middlewares
import bot.views
from bench.load import BARE, FULL, LoadBench, Run, Stack
from bot.db.database import Database


def _write_all(connection: sqlite3.Connection, statements: list[tuple[str, Any]]) -> None:
    try:
        for sql, params in statements:
            connection.execute(sql, params)
        connection.commit()
    except BaseException:
        connection.rollback()
        raise


async def _write_in_one_call(self: Database, statements: Any) -> None:
    async with self._lock:
        # aiosqlite has no public "run this in your thread"; _execute is what its own methods use (0.22.1).
        connection = self._connection
        await connection._execute(_write_all, connection._conn, list(statements))


def one_call_commit() -> AbstractContextManager[object]:
    """Database.write: all statements and the commit in one trip to aiosqlite's thread, not one trip each."""
    return mock.patch.object(Database, "write", _write_in_one_call)


@contextmanager
def shallow_snapshots() -> Iterator[None]:
    """`dataclasses.astuple` deep-copies every field; User holds only str/int/None, so a plain tuple is the same."""
    shallow = lambda obj: tuple(obj.__dict__.values())  # noqa: E731
    with (
        mock.patch.object(bot.middlewares, "astuple", shallow),
        mock.patch.object(bot.db.repositories, "astuple", shallow),
    ):
        yield


@contextmanager
def response_types_kept() -> Iterator[None]:
    """pydantic keeps `Response[X]` classes only weakly; after a GC pass they are rebuilt on the next API call."""
    kept = [Response[method.__returning__] for method in (SendMessage, EditMessageText, AnswerCallbackQuery)]
    yield
    del kept


@contextmanager
def cached_screens() -> Iterator[None]:
    """A step's screen depends only on (locale, scenario version, step, steps taken, ticks on it); the menu on
    (locale, unfinished scenario, intro): build each once, and its keyboard markup once."""
    steps: dict[tuple, bot.views.Screen] = {}
    menus: dict[tuple, bot.views.Screen] = {}
    real_step, real_menu = bot.views.step, bot.views.menu

    def step(t: Any, scenario: Any, progress: Any) -> bot.views.Screen:
        ticks = tuple(progress.ticks.get(progress.step_id, ()))
        key = (t.locale, scenario.id, scenario.version, progress.step_id, len(progress.trail), ticks)
        if key not in steps:
            steps[key] = real_step(t, scenario, progress)
        return steps[key]

    def menu(t: Any, catalog: Any, unfinished: Any = None, intro: str | None = None) -> bot.views.Screen:
        key = (t.locale, unfinished.id if unfinished else None, intro)
        if key not in menus:
            menus[key] = real_menu(t, catalog, unfinished, intro)
        return menus[key]

    markup = cached_property(bot.views.Screen.markup.fget)  # type: ignore[attr-defined]
    markup.__set_name__(bot.views.Screen, "markup")
    with (
        mock.patch.object(bot.handlers.scenarios, "step", step),
        mock.patch.object(bot.handlers.menu, "menu", menu),
        mock.patch.object(bot.views.Screen, "markup", markup),
    ):
        yield


def _checkpoint(path: Path) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(PASSIVE)")


@contextmanager
def background_checkpoints(path: Path, every: float = 1.0) -> Iterator[None]:
    """SQLite checkpoints the WAL inside a commit every 1,000 pages: an fsync of ~8 ms in the middle of an update,
    holding the Database lock. Here the stack's connection has `wal_autocheckpoint` raised to 10,000 pages (a safety
    net) and a task checkpoints from a separate short-lived connection, in a worker thread, every second."""

    async def checkpoints() -> None:
        while True:
            await asyncio.sleep(every)
            await asyncio.to_thread(_checkpoint, path)

    task = asyncio.get_running_loop().create_task(checkpoints())
    try:
        yield
    finally:
        task.cancel()


@contextmanager
def all_of_them(path: Path) -> Iterator[None]:
    with ExitStack() as stack:
        for change in (one_call_commit, shallow_snapshots, response_types_kept, cached_screens):
            stack.enter_context(change())
        stack.enter_context(background_checkpoints(path))
        yield


@contextmanager
def info_logging() -> Iterator[None]:
    """Not a fix but a cost the other figures leave out: `make run` logs at INFO, and aiogram logs every update."""
    with open(os.devnull, "w") as sink:
        handler = logging.StreamHandler(sink)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root, level = logging.getLogger(), logging.getLogger().level
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        try:
            yield
        finally:
            root.removeHandler(handler)
            root.setLevel(level)


EXPERIMENTS: dict[str, Callable[[], AbstractContextManager[object]]] = {
    "one aiosqlite call per commit": one_call_commit,
    "shallow User snapshots": shallow_snapshots,
    "Response[...] types kept": response_types_kept,
    "screens cached": cached_screens,
    "logging at INFO (cost)": info_logging,
}


async def main(people: int = 300, repeats: int = 3, modes: tuple[int, ...] = (1, 64)) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        bench = LoadBench(Path(tmp))
        await bench.open()
        # The checkpoint experiments need a connection of their own, with automatic checkpoints (nearly) off.
        quiet = await Database.open(bench.path)
        await quiet._connection.execute("PRAGMA wal_autocheckpoint = 10000")
        full, bare = bench.stacks[0], bench.stacks[-1]
        bench.stacks = [full, *(Stack(f"bot + {name}", full.dispatcher, swap) for name, swap in EXPERIMENTS.items())]
        checkpointed = bench.dispatcher(database=quiet)
        bench.stacks += [
            Stack("bot + background checkpoints", checkpointed, partial(background_checkpoints, bench.path)),
            Stack("bot + all five fixes", checkpointed, partial(all_of_them, bench.path)),
            bare,
        ]
        try:
            results = await bench.measure(people, repeats, modes, lambda line: print(line, file=sys.stderr))
        finally:
            await quiet.close()
            await bench.close()
    head = (f"x{m}: µs/update (min–max) | vs bot | ÷ bare | p99 ms | p99.9 ms | max ms" for m in modes)
    print("| Stack | " + " | ".join(head) + " |")
    print("| --- " * (1 + 6 * len(modes)) + "|")
    for stack in bench.stacks:
        cells = []
        for mode in modes:
            mine, bot_runs, bare_runs = results[stack.name, mode], results[FULL, mode], results[BARE, mode]
            cost = [_cost(r) for r in mine]
            versus = statistics.median(cost) / statistics.median(map(_cost, bot_runs)) - 1
            ratio = statistics.median(cost) / statistics.median(map(_cost, bare_runs))
            tail = [statistics.median(r.percentile(q) * 1e3 for r in mine) for q in (0.99, 0.999, 1.0)]
            spread = f"{statistics.median(cost):,.0f} ({min(cost):,.0f}–{max(cost):,.0f})"
            cells += [spread, f"{versus:+.0%}", f"{ratio:.2f}×", *(f"{ms:.2f}" for ms in tail)]
        print(f"| {stack.name} | " + " | ".join(cells) + " |")


def _cost(run: Run) -> float:
    return run.seconds / run.count * 1e6


if __name__ == "__main__":
    asyncio.run(main())
