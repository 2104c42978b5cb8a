"""Conversation-style test tools: the real dispatcher, real updates, and a fake Telegram that records every request."""

import asyncio
import contextlib
import functools
import importlib
import inspect
import itertools
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import redis
import redis.asyncio
from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod
from aiogram.types import InlineKeyboardButton, Message

from bot.app import create_bot, create_dispatcher
from bot.composition import Repositories as Repo
from bot.console.chat import plain
from bot.console.emulator import ChatDriver, FakeTelegram
from bot.core.backends import AnyDatabase, open_database
from bot.core.config import Settings
from bot.core.i18n import I18n
from bot.core.telegram_policy import SendPolicy
from bot.core.workers import SharedRedis
from bot.features.scenarios.search import SearchIndex
from bot.features.scenarios.validation import Catalog, load_or_fail
from bot.features.scenarios.words import Normalizer

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
DATA = Path(__file__).resolve().parent / "data"
TODAY = date(2026, 11, 29)
# The PostgreSQL server the machines run (trust authentication); TEST_POSTGRES_URL names another.
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
# The Redis the machines run; the tests that share it between workers skip without it. TEST_REDIS_URL names another.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# Test modules whose every test runs on both databases: the repositories' SQL is shared, so it is tested on both.
ON_BOTH_DATABASES = {
    "test_coordinators",
    "test_core_spine",
    "test_groups",
    "test_helpers",
    "test_homework",
    "test_homework_changes",
    "test_pledges",
    "test_privacy",
    "test_privacy_forget_roles",
    "test_quizzes",
    "test_reminders_outbox",
    "test_reminders_sending",
    "test_stats",
    "test_stats_privacy",
    "test_stats_rollups",
}
NORMALIZER = Normalizer()  # the dictionaries load once for the whole test run
I18N = I18n("ru")


class BotClient:
    """A person talking to the bot. Every action returns nothing; what the bot did is in `replies`."""

    def __init__(self, driver: ChatDriver) -> None:
        self.driver = driver
        self.telegram = driver.telegram
        self.replies: list[TelegramMethod] = []  # the requests the bot made for the last action, in order

    async def send(self, text: str) -> None:
        await self._act(self.driver.send(text))

    async def send_message(self, **fields: object) -> None:
        """A message with other content than text (see ChatDriver.message)."""
        await self._act(self.driver.send_message(**fields))

    async def feed(self, **event: object) -> None:
        """Any other update (see ChatDriver.feed)."""
        await self._act(self.driver.feed(**event))

    async def click(self, label: str, message: Message | None = None) -> None:
        """Press the button labelled exactly `label` (or, failing that, containing it) on the newest message
        that has buttons, or on `message` — which may be an old message, as a person scrolling up would see it."""
        message = message or self.driver.keyboard_message()
        assert message is not None and message.reply_markup, "there is no message with buttons to press"
        await self.press(message, find_button(message, label))
        assert any(isinstance(r, AnswerCallbackQuery) for r in self.replies), "the button press was not answered"

    async def press(self, message: Message, button: InlineKeyboardButton) -> None:
        """Press `button` as if it were on `message` (a forged or outdated button, too)."""
        await self._act(self.driver.press(message, button))

    async def _act(self, action: Awaitable[None]) -> None:
        self.telegram.requests.clear()
        await action
        self.replies = list(self.telegram.requests)
        assert not self.telegram.unexpected, self.telegram.unexpected

    @property
    def screens(self) -> list[TelegramMethod]:
        """Messages sent or edited by the last action."""
        return [r for r in self.replies if isinstance(r, SendMessage | EditMessageText)]

    @property
    def last_text(self) -> str:
        assert self.screens, f"the bot showed nothing; it did: {[type(r).__name__ for r in self.replies]}"
        return plain(self.screens[-1].text)

    @property
    def text(self) -> str:
        """Everything the last action showed, as one text."""
        return "\n".join(plain(s.text) for s in self.screens)

    @property
    def notice(self) -> str | None:
        """The short text shown on top of the chat when a button press is answered."""
        answers = [r for r in self.replies if isinstance(r, AnswerCallbackQuery)]
        return answers[-1].text if answers else None

    def buttons(self) -> list[str]:
        message = self.driver.keyboard_message()
        return [b.text for row in message.reply_markup.inline_keyboard for b in row] if message else []


def find_button(message: Message, label: str) -> InlineKeyboardButton:
    buttons = [b for row in message.reply_markup.inline_keyboard for b in row]
    exact = [b for b in buttons if b.text == label]
    found = exact or [b for b in buttons if label in b.text]
    assert found, f"no button {label!r} among {[b.text for b in buttons]}"
    return found[0]


class FakeSleep:
    """Waits that only record how long they would have been: tests never sleep."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.ends: list[float] = []  # when each wait would have ended, on the event loop's clock

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.ends.append(asyncio.get_running_loop().time() + seconds)


class App:
    """One run of the bot: a dispatcher and a database connection. Telegram (the fake) outlives restarts."""

    def __init__(
        self, database: AnyDatabase, dispatcher: Dispatcher, bot: Bot, telegram: FakeTelegram, sleep: FakeSleep
    ) -> None:
        self.database, self.dispatcher, self.bot, self.telegram = database, dispatcher, bot, telegram
        self.sleep = sleep
        self.client = self.person(1001)

    async def drain(self) -> list[SendMessage]:
        """Run the outbox sender once, as its interval job does; returns the messages it sent."""
        self.telegram.requests.clear()
        await self.dispatcher["sender"].drain(self.bot)
        assert not self.telegram.unexpected, self.telegram.unexpected
        return [r for r in self.telegram.requests if isinstance(r, SendMessage)]

    def person(self, user_id: int, language: str = "ru", first_name: str = "Анна") -> BotClient:
        """Another person writing to the same running bot."""
        driver = ChatDriver(self.dispatcher, self.bot, self.telegram, user_id, language, first_name)
        return BotClient(driver)

    async def events(self, user_id: int = 1001) -> list[tuple]:
        return await Repo(self.database.transaction()).events.recent(user_id)


StartApp = Callable[..., Awaitable[App]]


def content(folder: Path) -> tuple[Catalog, SearchIndex]:
    """The catalog and search index of a scenario folder; the real library is loaded once per test run."""
    if folder == SCENARIOS:
        return _library()
    catalog, _ = load_or_fail([folder], today=TODAY, max_age_days=365)
    return catalog, SearchIndex(catalog, NORMALIZER)


@cache
def _library() -> tuple[Catalog, SearchIndex]:
    catalog, _ = load_or_fail([SCENARIOS], today=TODAY, max_age_days=365)
    return catalog, SearchIndex(catalog, NORMALIZER)


@pytest.fixture
def telegram() -> FakeTelegram:
    return FakeTelegram()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        module = metafunc.module.__name__.rpartition(".")[2]
        both = module in ON_BOTH_DATABASES and not metafunc.definition.get_closest_marker("sqlite_only")
        names = ["sqlite", "postgresql"] if both else ["sqlite"]
        if metafunc.definition.get_closest_marker("postgresql_only"):
            names = ["postgresql"]
        metafunc.parametrize("backend", names, indirect=True)


_POSTGRES_CHECKED: list[str | None] = []


async def postgres_unreachable() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None: asked once per test run."""
    import asyncpg

    if not _POSTGRES_CHECKED:
        try:
            await (await asyncpg.connect(POSTGRES_URL, timeout=3)).close()
            _POSTGRES_CHECKED.append(None)
        except Exception as exc:
            _POSTGRES_CHECKED.append(
                f"no PostgreSQL at {POSTGRES_URL} ({type(exc).__name__}): the PostgreSQL half of these tests is skipped"
            )
    return _POSTGRES_CHECKED[0]


class Backend:
    """The database a test runs on: SQLite in the test's folder, or a PostgreSQL schema of the test's own."""

    def __init__(self, name: str, tmp_path: Path) -> None:
        self.name = name
        self.schema = f"t_{uuid.uuid4().hex[:12]}" if name == "postgresql" else None
        self.settings: dict[str, object] = {"database_url": POSTGRES_URL} if self.schema else {}
        self.default_path = tmp_path / "bot.sqlite3"

    async def open(self, settings: Settings) -> AnyDatabase:
        return await open_database(settings, schema=self.schema)

    async def run(self, sql: str) -> None:
        import asyncpg

        connection = await asyncpg.connect(POSTGRES_URL)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()


@contextlib.asynccontextmanager
async def database_for_test(name: str, tmp_path: Path) -> AsyncIterator[Backend]:
    if name == "postgresql":
        reason = await postgres_unreachable()
        if reason:
            pytest.skip(reason)
    chosen = Backend(name, tmp_path)
    if chosen.schema:
        await chosen.run(f"CREATE SCHEMA {chosen.schema}")
    try:
        yield chosen
    finally:
        if chosen.schema:
            await chosen.run(f"DROP SCHEMA {chosen.schema} CASCADE")


@pytest.fixture
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    """SQLite, or (in the modules named in ON_BOTH_DATABASES, a second time) PostgreSQL."""
    async with database_for_test(request.param, tmp_path) as chosen:
        _RUNNING_ON[0] = request.param
        try:
            yield chosen
        finally:
            _RUNNING_ON[0] = "sqlite"


@pytest.fixture(scope="module")
def reachable_redis() -> Iterator[str]:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except (redis.RedisError, OSError) as exc:
        pytest.skip(f"no Redis at {REDIS_URL} for the shared-worker tests: {exc}")
    finally:
        client.close()
    yield REDIS_URL


@pytest.fixture
async def shared(reachable_redis: str) -> AsyncIterator[Callable[..., SharedRedis]]:
    """Makes what one worker shares with the others (keyword arguments: `lock_timeout`, `wait`): each with a Redis
    client of its own, as each worker process has, under a key prefix of this test's own."""
    prefix = f"test-{uuid.uuid4().hex}:"
    clients: list[redis.asyncio.Redis] = []

    def make(**options: float) -> SharedRedis:
        clients.append(redis.asyncio.Redis.from_url(reachable_redis))
        return SharedRedis(clients[-1], prefix, **options)

    yield make
    client = redis.asyncio.Redis.from_url(reachable_redis)
    keys = [key async for key in client.scan_iter(f"{prefix}*")]
    if keys:
        await client.delete(*keys)
    for each in [client, *clients]:
        await each.aclose()


@pytest.fixture
async def postgres(tmp_path: Path) -> AsyncIterator[Backend]:
    """A PostgreSQL schema of the test's own, for tests of what only PostgreSQL does (skipped without a server)."""
    async with database_for_test("postgresql", tmp_path) as chosen:
        yield chosen


async def open_app(
    backend: Backend,
    telegram: FakeTelegram,
    *,
    scenarios: Path = SCENARIOS,
    database: Path | None = None,
    clock: Callable[[], float] | None = None,
    workers: SharedRedis | None = None,
    session: BaseSession | None = None,
    **settings_given: object,
) -> App:
    """One worker of the bot, on a database connection of its own (a pool, on PostgreSQL); the caller closes
    `app.database`.

    `settings_given` are settings (e.g. admin_ids=(7,)); `clock` is the dispatcher's clock for flood control;
    `workers`, what this bot shares with other workers (default: nothing, one worker); `session`, the bot's way to
    `telegram` (default: `telegram` itself). By default a second passes with every update: a test's quick clicks are
    a person's unhurried ones, and only the flood tests, with a clock of their own, press faster than people do.
    """
    settings = Settings(
        _env_file=None,
        database_path=database or backend.default_path,
        scenarios_dir=scenarios,
        **{**backend.settings, **settings_given},
    )
    db = await backend.open(settings)
    catalog, search = content(scenarios)
    sleep = FakeSleep()
    dispatcher = create_dispatcher(
        settings=settings,
        database=db,
        catalog=catalog,
        i18n=I18N,
        search=search,
        sleep=sleep,
        clock=clock or itertools.count().__next__,
        workers=workers,
    )
    bot = create_bot("42:TEST", session=session or telegram, policy=SendPolicy.from_settings(db, settings, sleep))
    return App(db, dispatcher, bot, telegram, sleep)


@pytest.fixture
async def start_app(telegram: FakeTelegram, backend: Backend) -> AsyncIterator[StartApp]:
    """Starts the bot; call it again to restart it on the same database (and the same Telegram). Keyword arguments
    are those of `open_app`, and `language` and `user_id` for `app.client`."""
    opened: list[AnyDatabase] = []
    user_ids = itertools.count(1001)

    async def start(language: str = "ru", user_id: int | None = None, **given: Any) -> App:
        app = await open_app(backend, telegram, **given)
        opened.append(app.database)
        app.client = app.person(user_id or next(user_ids), language)
        return app

    yield start
    for db in opened:
        await db.close()


@pytest.fixture
async def app(start_app: StartApp) -> App:
    return await start_app(user_id=1001)


@pytest.fixture
def client(app: App) -> BotClient:
    return app.client


# Every repository method runs on both databases: each call is recorded with the database it ran on, and a whole
# run that leaves a method untried on one of them fails (`pytest_sessionfinish`).
REPOSITORY_CALLS: dict[str, set[str]] = {}
_RUNNING_ON: list[str] = ["sqlite"]


def _recorded(name: str, method: Callable) -> Callable:
    REPOSITORY_CALLS.setdefault(name, set())
    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def recording(*args: object, **kwargs: object) -> object:
            REPOSITORY_CALLS[name].add(_RUNNING_ON[0])
            return await method(*args, **kwargs)
    else:

        @functools.wraps(method)
        def recording(*args: object, **kwargs: object) -> object:
            REPOSITORY_CALLS[name].add(_RUNNING_ON[0])
            return method(*args, **kwargs)

    return recording


def pytest_sessionstart(session: pytest.Session) -> None:
    names = ["bot.core.people"] + [f"bot.features.{p.parent.name}.repo" for p in ROOT.glob("bot/features/*/repo.py")]
    modules = [importlib.import_module(name) for name in names]
    for module in modules:
        for cls in vars(module).values():
            if isinstance(cls, type) and cls.__module__ == module.__name__ and cls.__name__.endswith("Repo"):
                for attribute, method in list(vars(cls).items()):
                    if inspect.isfunction(method) and not attribute.startswith("_"):
                        setattr(cls, attribute, _recorded(f"{cls.__name__}.{attribute}", method))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    whole_run = (
        session.config.args_source == pytest.Config.ArgsSource.TESTPATHS
        and not session.config.option.keyword
        and _POSTGRES_CHECKED == [None]
    )
    missing = sorted(
        f"{name} ({'only on ' + ', '.join(sorted(ran)) if ran else 'never run: unused?'})"
        for name, ran in REPOSITORY_CALLS.items()
        if ran != {"sqlite", "postgresql"}
    )
    if whole_run and missing and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        REPOSITORY_CALLS["__missing__"] = set(missing)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Search accuracy and the size of the fuzz run belong in the test output, whatever the verbosity."""
    if "__missing__" in REPOSITORY_CALLS:
        terminalreporter.write_line(
            "FAILED: repository methods not run on both databases (add a test, or run its module on both in"
            " ON_BOTH_DATABASES): " + ", ".join(sorted(REPOSITORY_CALLS["__missing__"])),
            red=True,
        )
    _summarise_skips(terminalreporter)
    from tests.test_core_fuzz import FUZZ_RUN
    from tests.test_scenarios_search import ACCURACY, WRONGLY_MATCHED

    if FUZZ_RUN:
        terminalreporter.write_line(
            "fuzz: {updates} generated updates in {seconds:.1f} s ({cpu:.1f} s of CPU), none failed;"
            " {not_modified} edits re-showed an unchanged screen; kinds: {kinds}".format(**FUZZ_RUN)
        )

    for locale, (count, top1, top3, misses) in sorted(ACCURACY.items()):
        terminalreporter.write_line(f"search accuracy ({locale}, {count} queries): top-1 {top1:.0%}, top-3 {top3:.0%}")
        for miss in misses:
            terminalreporter.write_line(f"  not in top 3: {miss}")
    for locale, (count, share, wrong) in sorted(WRONGLY_MATCHED.items()):
        terminalreporter.write_line(f"out-of-scope questions ({locale}, {count}): wrongly matched {share:.0%}")
        for question in wrong:
            terminalreporter.write_line(f"  matched: {question}")


def _summarise_skips(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per reason (a missing PostgreSQL or Redis skips a hundred tests for one reason), not one per test."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[2]).removeprefix("Skipped: ") if isinstance(report.longrepr, tuple) else "?"
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items()):
        terminalreporter.write_line(f"skipped {count} tests: {reason}", yellow=True)
