"""Update throughput and latency: the real bot, the bot with one layer taken out, the aiogram-dialog peer and bare
aiogram — all fed the same shape of pre-built updates, in one process, through `Dispatcher.feed_update` and the same
fake Telegram."""

import asyncio
import gc
import logging
import os
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import astuple, dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import Update

import bot.app
from bench import peer
from bench.counts import Counts, counting
from bench.fakes import CannedTelegram, bare_dispatcher
from bench.memory import rss_mb
from bench.traffic import ROOT, People, bot_traffic, load_catalog, seed, stored_state
from bot.app import create_bot, create_dispatcher
from bot.core.config import LOCALES, Settings
from bot.core.database import Database, Transaction
from bot.core.i18n import I18n
from bot.core.middlewares import UserSession
from bot.core.people import EventRepo, User
from bot.features.scenarios.journey import Progress
from bot.features.scenarios.search import SearchIndex
from bot.features.scenarios.validation import Catalog
from bot.runner import share_the_interpreter

if TYPE_CHECKING:
    from pyinstrument.frame import Frame
    from pyinstrument.session import Session

STORED_USERS = 100_000
BARE = "bare aiogram"
FULL = "bot"
PEER = "aiogram-dialog"
DURABLE_PEER = "aiogram-dialog, Redis"

Traffic = Callable[[list[int]], list[tuple[str, Update]]]  # the updates of these people's visits


async def _nothing_to_check(user_ids: list[int]) -> None:
    pass


@dataclass
class Stack:
    name: str
    dispatcher: Dispatcher
    traffic: Traffic
    swap: Callable[[], AbstractContextManager[object]] = nullcontext  # a layer replaced, only while this stack runs
    # After a run, outside the clock: raises if the people did not end where their traffic should have taken them
    check: Callable[[list[int]], Awaitable[None]] = _nothing_to_check
    concurrent: bool = True  # also measured with many updates in flight (layers are not: it would double their time)


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # all threads: aiosqlite works in its own
    latencies: dict[str, list[float]]  # seconds, by kind of update
    others: float  # cores kept busy by other processes meanwhile: a busy machine slows the bot's two threads
    telegram_calls: int = 0

    @property
    def count(self) -> int:
        return sum(map(len, self.latencies.values()))

    @property
    def per_second(self) -> float:
        return self.count / self.seconds

    def percentile(self, q: float, kind: str | None = None) -> float:
        values = sorted(self.latencies[kind] if kind else [x for xs in self.latencies.values() for x in xs])
        return values[min(len(values) - 1, int(q * len(values)))]


async def feed(dispatcher: Dispatcher, bot: Bot, updates: list[tuple[str, Update]], concurrency: int) -> Run:
    """`concurrency` workers take the updates in order, like polling with a bound on tasks; 1 is sequential.

    A person's update waits until their previous one is answered, as with real people: nobody presses a button
    Telegram has not shown yet (the bot would wait on its per-person lock; aiogram-dialog would find no dialog).
    """
    latencies: dict[str, list[float]] = defaultdict(list)
    queue = iter([(_sender(update), kind, update) for kind, update in updates])
    answered: dict[int, asyncio.Future[None]] = {}  # each person's latest update taken

    async def worker() -> None:
        loop = asyncio.get_running_loop()
        for sender, kind, update in queue:
            previous = answered.get(sender)
            answered[sender] = done = loop.create_future()
            if previous is not None and not previous.done():
                await previous
            start = time.perf_counter()
            try:
                await dispatcher.feed_update(bot, update)
            finally:
                done.set_result(None)
            latencies[kind].append(time.perf_counter() - start)

    wall, cpu, busy = time.perf_counter(), time.process_time(), _machine_busy()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall, cpu, busy = time.perf_counter() - wall, time.process_time() - cpu, _machine_busy() - busy
    return Run(wall, cpu, dict(latencies), max(0.0, busy - cpu) / wall)


def _sender(update: Update) -> int:
    event = update.message or update.callback_query
    assert event is not None and event.from_user is not None
    return event.from_user.id


def _machine_busy() -> float:
    """CPU seconds used by everything on the machine so far (Linux /proc/stat, all cores)."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, Path("/proc/stat").read_text().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


# --- Layers replaced, in the bench only ---------------------------------------------------------------------------


class _KeyTranslator:
    def __init__(self, locale: str) -> None:
        self.locale = locale

    def __call__(self, key: str, **args: object) -> str:
        return key


class KeysOnly(I18n):
    """i18n off: every UI string is its key, so no Fluent lookup or formatting happens."""

    def __call__(self, locale: str) -> _KeyTranslator:  # type: ignore[override]
        return _KEYS.get(locale) or _KEYS[self.default]


_KEYS = {locale: _KeyTranslator(locale) for locale in LOCALES}


class MemoryRepo:
    """Conversation state (people, progress, events) in dicts instead of SQLite, with the surface of `Repo`, seeded
    with the same 100,000 people. Reads return copies, as SQLite rows would; writes apply at once."""

    def __init__(self, catalog: Catalog) -> None:
        self.users, self.progress, self.events, self.outbox = _Users(), _Progress(), _Rows(), _Outbox()
        for user, progress in stored_state(catalog, STORED_USERS):
            self.users.add(user)
            self.progress.save(user.id, progress)

    @contextmanager
    def installed(self) -> Iterator[None]:
        # UserSession builds the update's repositories from its transaction; it gets this one instead, and its
        # transaction stays empty. The outbox's sender keeps the real ones.
        def repo(tx: Transaction) -> "MemoryRepo":
            self.tx = tx
            return self

        class MemorySession(UserSession):
            def __init__(self, database: Database, i18n: I18n, repositories: object) -> None:
                super().__init__(database, i18n, repo)

        with mock.patch.object(bot.app, "UserSession", MemorySession):
            yield


class _Users:
    def __init__(self) -> None:
        self.rows: dict[int, tuple] = {}

    async def get(self, user_id: int) -> User | None:
        row = self.rows.get(user_id)
        return User(*row) if row else None

    def add(self, user: User) -> None:
        self.rows[user.id] = astuple(user)

    save = remember_screen = add


class _Progress:
    def __init__(self) -> None:
        self.rows: dict[int, dict[str, Progress]] = {}

    async def get(self, user_id: int, scenario_id: str) -> Progress | None:
        found = self.rows.get(user_id, {}).get(scenario_id)
        return _copy(found) if found else None

    async def all(self, user_id: int, scenario_ids: Iterable[str] = ()) -> list[Progress]:
        return [_copy(p) for p in reversed(self.rows.get(user_id, {}).values())]  # the most recently saved first

    def save(self, user_id: int, progress: Progress) -> None:
        mine = self.rows.setdefault(user_id, {})
        mine.pop(progress.scenario_id, None)
        mine[progress.scenario_id] = _copy(progress)


class _Rows:
    def __init__(self) -> None:
        self.rows: list[tuple] = []

    def add(self, *row: object, **details: object) -> None:
        self.rows.append((*row, *details.values()))


class _Outbox(_Rows):
    def add(self, *row: object, **named: object) -> None:
        self.rows.append((*row, named))


def _copy(p: Progress) -> Progress:
    return Progress(p.scenario_id, p.step_id, p.version, list(p.trail), {k: list(v) for k, v in p.ticks.items()})


def _no_event_log() -> AbstractContextManager[object]:
    return mock.patch.object(EventRepo, "add", lambda *args, **kwargs: None)


# --- The benchmark ------------------------------------------------------------------------------------------------


class ErrorCount(logging.Handler):
    """Counts errors the bot logged: its error handler swallows exceptions, and a failing update is fast."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class LoadBench:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        share_the_interpreter()  # as bot/runner.py does; the peer and bare aiogram have no thread of their own
        self.catalog = load_catalog()
        self.telegram = CannedTelegram()
        self.bot = create_bot("42:BENCH", session=self.telegram)
        self.people = People(STORED_USERS)
        self.errors = ErrorCount()
        logging.getLogger("bot").addHandler(self.errors)
        self.path = workdir / "load.sqlite3"
        self.settings = Settings(_env_file=None, database_path=self.path, scenarios_dir=ROOT / "scenarios")
        self.search, self.i18n = SearchIndex(self.catalog), I18n("ru")
        self.database: Database | None = None
        self.stacks: list[Stack] = []
        self.peer_storage_mb = 0.0  # what the peer's storage of STORED_USERS people grew this process by
        self.durable: RedisStorage | None = None
        self.notes: list[str] = []  # what could not be measured, and why

    async def open(self) -> None:
        await (await Database.open(self.path)).close()  # the schema, from the real migrations
        seed(self.path, self.catalog, STORED_USERS)
        self.database = await Database.open(self.path)
        walk, layer = self.bot_traffic, partial(Stack, concurrent=False)
        self.stacks = [
            Stack(FULL, self.dispatcher(), walk),
            layer("bot, no event log", self.dispatcher(), walk, _no_event_log),
            layer("bot, state in memory", self.dispatcher(), walk, MemoryRepo(self.catalog).installed),
            layer("bot, i18n off", self.dispatcher(i18n=KeysOnly("ru")), walk),
            await self.peer(),
            *await self.durable_peer(),
            Stack(BARE, bare_dispatcher(), walk),
        ]

    def bot_traffic(self, user_ids: list[int]) -> list[tuple[str, Update]]:
        return bot_traffic(self.bot, self.catalog, user_ids)

    async def peer(self) -> Stack:
        """aiogram-dialog with its in-memory storage, holding as many people as the bot's database."""
        storage, before = MemoryStorage(), rss_mb()
        await peer.seed(storage, self.bot, STORED_USERS)
        self.peer_storage_mb = rss_mb() - before

        traffic = partial(peer.peer_traffic, self.bot)
        return Stack(
            PEER, peer.peer_dispatcher(storage), traffic, peer.fixed_intent_ids, self._ends_on_fifth(storage, PEER)
        )

    async def durable_peer(self) -> list[Stack]:
        """aiogram-dialog on aiogram's RedisStorage (127.0.0.1:6379), holding as many people: the peer whose state
        survives a restart, as the bot's does. Left out, with a note, if Redis cannot be reached."""
        self.durable = storage = await peer.durable_storage(self.bot, STORED_USERS)
        if storage is None:
            self.notes.append(f"{DURABLE_PEER}: Redis at {peer.REDIS_URL} could not be reached, so not measured")
            return []
        return [
            Stack(
                DURABLE_PEER,
                peer.peer_dispatcher(storage),
                partial(peer.peer_traffic, self.bot),
                peer.fixed_intent_ids,
                self._ends_on_fifth(storage, DURABLE_PEER),
            )
        ]

    def _ends_on_fifth(self, storage: BaseStorage, name: str) -> Callable[[list[int]], Awaitable[None]]:
        async def check(user_ids: list[int]) -> None:
            for user_id in user_ids:
                if (where := await peer.window_of(storage, self.bot, user_id)) != (peer.Walk.fifth.state, 1):
                    raise RuntimeError(f"{name}: person {user_id} ended on {where}, not on the fifth window")

        return check

    def dispatcher(
        self, database: Database | None = None, i18n: I18n | None = None, clock: Callable[[], float] = time.monotonic
    ) -> Dispatcher:
        """The bot's dispatcher as bot/runner.py builds it (`clock`: flood control's)."""
        return create_dispatcher(
            settings=self.settings,
            database=database or self.database,
            catalog=self.catalog,
            i18n=i18n or self.i18n,
            search=self.search,
            clock=clock,
        )

    async def close(self) -> None:
        if self.database:
            await self.database.close()
        if self.durable:
            await peer.forget_durable(self.durable)
            await self.durable.close()

    def updates(self, stack: Stack, user_ids: list[int]) -> list[tuple[str, Update]]:
        updates = stack.traffic(user_ids)
        # As bot/runner.py does after start-up: what exists now (the stacks, the pre-built updates) is not walked by
        # every later GC pass. Updates are built per run, so freezing is repeated per run.
        gc.collect()
        gc.freeze()
        return updates

    async def run(self, stack: Stack, people: int, concurrency: int) -> Run:
        user_ids = self.people.take(people)
        updates = self.updates(stack, user_ids)
        notices, errors, calls = self.telegram.notices, self.errors.count, self.telegram.calls
        with stack.swap():
            result = await feed(stack.dispatcher, self.bot, updates, concurrency)
        result.telegram_calls = self.telegram.calls - calls
        wrong = self.telegram.notices - notices, self.errors.count - errors
        if any(wrong):
            # Not a timing verdict: the traffic did not go where it should, so the figures would mean something else.
            raise RuntimeError(f"{stack.name}: {wrong[0]} stale-button notices and {wrong[1]} errors")
        await stack.check(user_ids)
        return result

    async def measure(
        self, people: int, repeats: int, modes: tuple[int, ...], progress: Callable[[str], None] = print
    ) -> dict[tuple[str, int], list[Run]]:
        for stack in self.stacks:  # first calls build caches (pydantic generics, callback regexes): not measured
            for concurrency in modes[: None if stack.concurrent else 1]:
                await self.run(stack, max(people // 10, concurrency), concurrency)
        results: dict[tuple[str, int], list[Run]] = defaultdict(list)
        # Repeats go round all stacks in turn, so a slow moment of the machine is shared rather than hitting one.
        for repeat in range(repeats):
            for concurrency in modes:
                for stack in self.stacks:
                    if concurrency > 1 and not stack.concurrent:
                        continue
                    run = await self.run(stack, people, concurrency)
                    results[stack.name, concurrency].append(run)
                    progress(
                        f"  run {repeat + 1}/{repeats} x{concurrency:<3} {stack.name:<22} "
                        f"{run.per_second:7.0f} upd/s  p99 {run.percentile(0.99) * 1e3:6.2f} ms"
                        f"  (other processes: {run.others:.2f} cores)"
                    )
        return results

    async def profile(self, people: int, top: int = 25) -> str:
        """pyinstrument over one sequential run of the full bot, summed up by `_top_costs`."""
        try:
            from pyinstrument import Profiler
        except ImportError:
            return "pyinstrument is not installed (pip install pyinstrument==5.1.3): profile skipped."
        stack = self.stack(FULL)
        updates = self.updates(stack, self.people.take(people))
        profiler = Profiler(interval=0.0005, async_mode="enabled")
        profiler.start()
        await feed(stack.dispatcher, self.bot, updates, 1)
        session = profiler.stop()
        return _top_costs(session, top, len(updates))

    async def count(self, name: str, people: int) -> Counts:
        """One sequential run of a stack with the counters of `bench.counts` patched in."""
        with counting() as counts:
            run = await self.run(self.stack(name), people, 1)
        counts.telegram_calls = run.telegram_calls
        return counts

    def stack(self, name: str) -> Stack:
        return next(s for s in self.stacks if s.name == name)


def _top_costs(session: "Session", top: int, updates: int) -> str:
    """Own time (the function's code itself) by function and by package, time waiting on awaits (here: the aiosqlite
    thread), and the project's functions by time including what they call. Per update under the profiler, which
    slows everything a little."""
    own: dict[str, float] = defaultdict(float)
    by_package: dict[str, float] = defaultdict(float)
    inclusive: dict[str, float] = defaultdict(float)
    waiting = 0.0

    def visit(frame: "Frame", open_keys: frozenset[str]) -> None:
        nonlocal waiting
        name = f"{frame.class_name}.{frame.function}" if frame.class_name else frame.function
        key = f"{name}  ({_short(frame.file_path)})"
        if not frame.is_synthetic and key.endswith(".py)") and "bot/" in key and key not in open_keys:
            inclusive[key] += frame.time  # outermost call only, so recursion is not counted twice
            open_keys |= {key}
        for child in frame.children:
            if child.identifier == "[self]":
                own[key] += child.time
                by_package[_package(frame.file_path)] += child.time
            elif child.identifier == "[await]":
                waiting += child.time
            else:
                visit(child, open_keys)

    root = session.root_frame()
    assert root is not None
    visit(root, frozenset())
    total = root.time

    def share(seconds: float) -> str:
        return f"{seconds / total:6.1%}"

    def each(seconds: float) -> str:
        return f"{seconds / updates * 1e6:5.0f} µs"

    lines = [
        f"{total:.2f} s sampled over {updates:,} updates ({each(total).strip()} per update); "
        f"{share(waiting).strip()} of it ({each(waiting).strip()} per update) waiting on awaits "
        "(the aiosqlite thread).",
        "",
    ]
    lines += ["Own time by package (share, per update):", ""]
    lines += [f"  {share(t)} {each(t)}  {name}" for name, t in sorted(by_package.items(), key=lambda kv: -kv[1])[:10]]
    lines += ["", f"Top {top} functions by own time:", ""]
    lines += [f"  {share(t)}  {name}" for name, t in sorted(own.items(), key=lambda kv: -kv[1])[:top]]
    lines += ["", "The bot's functions by time including callees and awaits:", ""]
    lines += [f"  {share(t)}  {name}" for name, t in sorted(inclusive.items(), key=lambda kv: -kv[1])[:top]]
    return "\n".join(lines)


def _short(file_path: str | None) -> str:
    """The path inside site-packages, the project or the standard library."""
    path = file_path or "?"
    for marker in ("site-packages/", f"{ROOT}/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path.rsplit("/", 1)[-1]


def _package(file_path: str | None) -> str:
    short = _short(file_path)
    if "/" in short:
        return short.split("/", 1)[0]
    return "python (stdlib)" if short.endswith(".py") else short
