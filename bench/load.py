"""Update throughput and latency: the real bot, the bot with one layer taken out, and bare aiogram — all fed the same
kind of pre-built updates, in one process, through `Dispatcher.feed_update` and the same fake Telegram."""

import asyncio
import gc
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import astuple, dataclass
from pathlib import Path
from unittest import mock

from aiogram import Bot, Dispatcher
from aiogram.types import Update

import bot.middlewares
from bench.fakes import CannedTelegram, bare_dispatcher
from bench.traffic import People, load_catalog, seed, stored_state, traffic
from bot.app import create_bot, create_dispatcher
from bot.config import LOCALES, Settings
from bot.content.validation import Catalog
from bot.db.database import Database
from bot.db.repositories import EventRepo, Reminder, User
from bot.i18n import I18n
from bot.journey import Progress
from bot.search import SearchIndex

STORED_USERS = 100_000
BARE = "bare aiogram"
FULL = "bot"


@dataclass
class Stack:
    name: str
    dispatcher: Dispatcher
    swap: Callable[[], AbstractContextManager[object]] = nullcontext  # a layer replaced, only while this stack runs


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # all threads: aiosqlite works in its own
    latencies: dict[str, list[float]]  # seconds, by kind of update

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
    """`concurrency` workers take the updates in order, like polling with a bound on tasks; 1 is sequential."""
    latencies: dict[str, list[float]] = defaultdict(list)
    queue = iter(updates)

    async def worker() -> None:
        for kind, update in queue:
            start = time.perf_counter()
            await dispatcher.feed_update(bot, update)
            latencies[kind].append(time.perf_counter() - start)

    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return Run(time.perf_counter() - wall, time.process_time() - cpu, dict(latencies))


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
        self.users, self.progress, self.events, self.reminders = _Users(), _Progress(), _Rows(), _Reminders()
        for user, progress in stored_state(catalog, STORED_USERS):
            self.users.add(user)
            self.progress.save(user.id, progress)

    @contextmanager
    def installed(self) -> Iterator[None]:
        # UserSession builds `Repo(tx)` for each update; it gets this one instead, and its transaction stays empty.
        with mock.patch.object(bot.middlewares, "Repo", lambda tx: self):
            yield


class _Users:
    def __init__(self) -> None:
        self.rows: dict[int, tuple] = {}

    async def get(self, user_id: int) -> User | None:
        row = self.rows.get(user_id)
        return User(*row) if row else None

    def add(self, user: User) -> None:
        self.rows[user.id] = astuple(user)

    save = add


class _Progress:
    def __init__(self) -> None:
        self.rows: dict[int, dict[str, Progress]] = {}

    async def get(self, user_id: int, scenario_id: str) -> Progress | None:
        found = self.rows.get(user_id, {}).get(scenario_id)
        return _copy(found) if found else None

    async def all(self, user_id: int) -> list[Progress]:
        return [_copy(p) for p in reversed(self.rows.get(user_id, {}).values())]  # the most recently saved first

    def save(self, user_id: int, progress: Progress) -> None:
        mine = self.rows.setdefault(user_id, {})
        mine.pop(progress.scenario_id, None)
        mine[progress.scenario_id] = _copy(progress)


class _Rows:
    def __init__(self) -> None:
        self.rows: list[tuple] = []

    def add(self, *row: object) -> None:
        self.rows.append(row)


class _Reminders(_Rows):
    async def pending(self, user_id: int) -> list[Reminder]:
        return [reminder for user, reminder in self.rows if user == user_id]


def _copy(p: Progress) -> Progress:
    return Progress(p.scenario_id, p.step_id, p.version, list(p.trail), {k: list(v) for k, v in p.ticks.items()})


def _no_event_log() -> AbstractContextManager[object]:
    return mock.patch.object(EventRepo, "add", lambda *args, **kwargs: None)


# --- The benchmark ------------------------------------------------------------------------------------------------


class _Errors(logging.Handler):
    """Counts errors the bot logged: its error handler swallows exceptions, and a failing update is fast."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class LoadBench:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.catalog = load_catalog()
        self.telegram = CannedTelegram()
        self.bot = create_bot("42:BENCH", session=self.telegram)
        self.people = People(STORED_USERS)
        self.errors = _Errors()
        logging.getLogger("bot").addHandler(self.errors)
        self.database: Database | None = None
        self.stacks: list[Stack] = []

    async def open(self) -> None:
        path = self.workdir / "load.sqlite3"
        await (await Database.open(path)).close()  # the schema, from the real migrations
        seed(path, self.catalog, STORED_USERS)
        self.database = await Database.open(path)
        settings = Settings(_env_file=None, database_path=path, scenarios_dir=self.workdir)

        search = SearchIndex(self.catalog)

        def real(i18n: I18n) -> Dispatcher:  # as bot/runner.py builds it
            return create_dispatcher(
                settings=settings, database=self.database, catalog=self.catalog, i18n=i18n, search=search
            )

        i18n = I18n("ru")
        self.stacks = [
            Stack(FULL, real(i18n)),
            Stack("bot, no event log", real(i18n), _no_event_log),
            Stack("bot, state in memory", real(i18n), MemoryRepo(self.catalog).installed),
            Stack("bot, i18n off", real(KeysOnly("ru"))),
            Stack(BARE, bare_dispatcher()),
        ]

    async def close(self) -> None:
        if self.database:
            await self.database.close()

    def updates(self, people: int) -> list[tuple[str, Update]]:
        updates = traffic(self.bot, self.catalog, self.people.take(people))
        # As bot/runner.py does after start-up: what exists now (the stacks, the pre-built updates) is not walked by
        # every later GC pass. Updates are built per run, so freezing is repeated per run.
        gc.collect()
        gc.freeze()
        return updates

    async def run(self, stack: Stack, people: int, concurrency: int) -> Run:
        updates = self.updates(people)
        notices, errors = self.telegram.notices, self.errors.count
        with stack.swap():
            result = await feed(stack.dispatcher, self.bot, updates, concurrency)
        wrong = self.telegram.notices - notices, self.errors.count - errors
        if any(wrong):
            # Not a timing verdict: the traffic did not go where it should, so the figures would mean something else.
            raise RuntimeError(f"{stack.name}: {wrong[0]} stale-button notices and {wrong[1]} errors")
        return result

    async def measure(
        self, people: int, repeats: int, modes: tuple[int, ...], progress: Callable[[str], None] = print
    ) -> dict[tuple[str, int], list[Run]]:
        for stack in self.stacks:  # first calls build caches (pydantic generics, callback regexes): not measured
            for concurrency in modes:
                await self.run(stack, max(people // 10, concurrency), concurrency)
        results: dict[tuple[str, int], list[Run]] = defaultdict(list)
        # Repeats go round all stacks in turn, so a slow moment of the machine is shared rather than hitting one.
        for repeat in range(repeats):
            for concurrency in modes:
                for stack in self.stacks:
                    run = await self.run(stack, people, concurrency)
                    results[stack.name, concurrency].append(run)
                    progress(
                        f"  run {repeat + 1}/{repeats} x{concurrency:<3} {stack.name:<22} "
                        f"{run.per_second:7.0f} upd/s  p99 {run.percentile(0.99) * 1e3:6.2f} ms"
                    )
        return results

    async def profile(self, people: int, top: int = 25) -> str:
        """pyinstrument over one sequential run of the full bot: the functions that take the most time themselves,
        and the same time added up by package."""
        try:
            from pyinstrument import Profiler
        except ImportError:
            return "pyinstrument is not installed (pip install pyinstrument==5.1.3): profile skipped."
        updates = self.updates(people)
        profiler = Profiler(interval=0.0005, async_mode="enabled")
        profiler.start()
        await feed(self.stacks[0].dispatcher, self.bot, updates, 1)
        session = profiler.stop()
        return _top_costs(session, top)


def _top_costs(session: object, top: int) -> str:
    from pyinstrument.frame import Frame

    own: dict[tuple[str, str], float] = defaultdict(float)
    by_package: dict[str, float] = defaultdict(float)

    def visit(frame: Frame) -> None:
        if frame.total_self_time:
            where = _where(frame.file_path or "")
            own[f"{frame.function}", where] += frame.total_self_time
            by_package[_package(where)] += frame.total_self_time
        for child in frame.children:
            visit(child)

    root = session.root_frame()  # type: ignore[attr-defined]
    visit(root)
    total = root.time
    lines = [f"Sampled {total:.2f} s over one sequential run of the full bot ({session.sample_count} samples).", ""]  # type: ignore[attr-defined]
    lines += ["By package (self time):", ""]
    for package, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]:
        lines.append(f"  {seconds / total:6.1%}  {package}")
    lines += ["", f"Top {top} functions by self time:", ""]
    for (function, where), seconds in sorted(own.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {seconds / total:6.1%}  {function}  ({where})")
    return "\n".join(lines)


def _where(file_path: str) -> str:
    """A short location: the path inside site-packages, the project or the standard library."""
    for marker in ("site-packages/", "/work/main/", "/lib/python3"):
        if marker in file_path:
            tail = file_path.split(marker, 1)[1]
            return tail.split("/", 1)[1] if marker == "/lib/python3" else tail
    return file_path or "?"


def _package(where: str) -> str:
    head = where.split("/", 1)[0]
    return head if "/" in where else f"{head} (stdlib/builtin)" if where.endswith(".py") else where
