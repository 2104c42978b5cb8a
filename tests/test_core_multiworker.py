"""Three workers of one bot, as behind a load balancer: each with its own pool of PostgreSQL connections, its own
Redis client and its own dispatcher, all talking to one fake Telegram. People's updates land on any of them, Telegram
delivers a webhook update twice, scheduled messages fall due by the hundred, and the leader dies while sending.

These tests need the PostgreSQL and the Redis the machines run (tests/conftest.py), and skip without either.
"""

import asyncio
import contextlib
import gc
import itertools
import threading
import warnings
from collections import Counter
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
import time_machine
from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage, TelegramMethod
from aiogram.types import Update

from bot.composition import Repositories as Repo
from bot.console.emulator import ChatDriver, FakeTelegram
from bot.core.workers import SharedRedis
from bot.features.reminders.sender import STALE
from tests.conftest import POSTGRES_URL, App, Backend, find_button, open_app

NOON_IN_MOSCOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
STALE_BUTTON = "Эта кнопка уже не действует. Показываю, где вы сейчас."
JITTER = 0.02  # seconds: half a sending slot at 25 a second (see most_in_one_second)
T = TypeVar("T")


class Line(BaseSession):
    """One worker's own connection to the shared fake Telegram (with its own request policy); keeps what it sent."""

    def __init__(self, telegram: FakeTelegram) -> None:
        super().__init__()
        self.telegram = telegram
        self.requests: list[TelegramMethod[Any]] = []

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        self.requests.append(method)
        return await self.telegram.make_request(bot, method, timeout)

    def stream_content(self, url: str, *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
        return self.telegram.stream_content(url, *args, **kwargs)

    async def close(self) -> None:
        pass


def worker(postgres: Backend, telegram: FakeTelegram, shared: Callable[..., SharedRedis], name: str) -> Awaitable[App]:
    """Opens a worker named `name`: its connections carry the name (PostgreSQL's application_name), so a test can
    cut them as the server does when a worker's process is killed."""
    url = f"{POSTGRES_URL}?application_name={postgres.schema}-{name}"
    return open_app(postgres, telegram, session=Line(telegram), workers=shared(), database_url=url)


OpenWorker = Callable[[str], Awaitable[App]]


@pytest.fixture
async def open_worker(
    postgres: Backend, telegram: FakeTelegram, shared: Callable[..., SharedRedis]
) -> AsyncIterator[OpenWorker]:
    """Opens workers in this test's event loop, and closes them after the test."""
    opened: list[App] = []

    async def open_named(name: str) -> App:
        opened.append(await worker(postgres, telegram, shared, name))
        return opened[-1]

    yield open_named
    for app in opened:
        await app.database.close()


@pytest.fixture
async def workers(open_worker: OpenWorker) -> list[App]:
    return [await open_worker(name) for name in ("first", "second", "third")]


def sent_by(app: App, kind: type[T]) -> list[T]:
    line = app.bot.session
    assert isinstance(line, Line)
    return [r for r in line.requests if isinstance(r, kind)]


def requests(telegram: FakeTelegram, kind: type[T]) -> list[T]:
    return [r for r in telegram.requests if isinstance(r, kind)]


def drivers(workers: list[App], user_id: int, update_ids: Iterator[int]) -> list[ChatDriver]:
    """One person as each worker sees them; Telegram numbers updates once for the whole bot."""
    return [ChatDriver(w.dispatcher, w.bot, w.telegram, user_id, update_ids=update_ids) for w in workers]


async def click(driver: ChatDriver, label: str) -> None:
    message = driver.keyboard_message()
    assert message is not None
    await driver.press(message, find_button(message, label))


async def until(condition: Callable[[], Awaitable[bool]], seconds: float = 20.0) -> None:
    async with asyncio.timeout(seconds):
        while not await condition():
            await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def serving(*apps: App) -> AsyncIterator[None]:
    """The workers started (each campaigns to lead) and, when the block ends, shut down as on SIGTERM."""
    for app in apps:
        await app.dispatcher.emit_startup(bot=app.bot, **app.dispatcher.workflow_data)
    try:
        yield
    finally:
        for app in apps:
            await app.dispatcher.emit_shutdown(bot=app.bot, **app.dispatcher.workflow_data)


# People's updates, spread over the workers.

REASONS = {"Паспорт испорчен": "damaged", "Паспорт потерян или украден": "lost"}
TICKED = (("☐ Фотография",), ("☐ Старый паспорт", "☐ Фотография", "☑ Старый паспорт"))  # both end with the photo


async def walk(person: list[ChatDriver], number: int) -> None:
    """A person goes through the passport guide, each update on the next worker; they press «Дальше» twice at
    once (a double tap), and the two presses land on two workers."""
    turns = itertools.cycle(person[number % 3 :] + person[: number % 3])
    await next(turns).send("/start")
    for label in ("Паспорт РФ", list(REASONS)[number % 2]):
        await click(next(turns), label)
    message = person[0].keyboard_message()
    assert message is not None
    onward = find_button(message, "Дальше")
    await asyncio.gather(next(turns).press(message, onward), next(turns).press(message, onward))
    await click(next(turns), "Через Госуслуги")
    for label in TICKED[number % 2]:
        await click(next(turns), label)


async def test_each_persons_updates_take_effect_in_order_and_once_whichever_worker_gets_them(
    workers: list[App],
) -> None:
    people = range(2001, 2007)
    update_ids = itertools.count(1)
    await asyncio.gather(*(walk(drivers(workers, user_id, update_ids), n) for n, user_id in enumerate(people)))

    telegram = workers[0].telegram
    assert not telegram.unexpected, telegram.unexpected
    for number, user_id in enumerate(people):
        (screen,) = telegram.chat(user_id)  # the menu, edited step after step: nothing sent twice
        assert "Заявление на Госуслугах" in screen.text
        buttons = [b.text for row in screen.reply_markup.inline_keyboard for b in row]
        assert "☑ Фотография" in buttons and "☐ Старый паспорт" in buttons
        reason = list(REASONS.values())[number % 2]
        steps = [("start", "passport", "reason"), *(("step", "passport", s) for s in (reason, "how", "online_form"))]
        assert await workers[number % 3].events(user_id) == steps, "each step once, in order"
    stale = [a for a in requests(telegram, AnswerCallbackQuery) if a.text == STALE_BUTTON]
    assert len(stale) == len(people), "of each double tap, the second press found the step already taken"
    assert all(sent_by(w, EditMessageText) for w in workers), "every worker served someone"


async def deliver(app: App, update: dict[str, Any]) -> None:
    """Telegram posts `update` to this worker, which reads the request's body for itself."""
    await app.dispatcher.feed_update(app.bot, Update.model_validate(update, context={"bot": app.bot}))


async def test_a_webhook_retry_delivered_to_two_workers_at_once_is_handled_once(workers: list[App]) -> None:
    first, second, third = drivers(workers, 3001, itertools.count(1))
    await first.send("/start")
    for driver, label in zip(
        (second, third, first, second), ("Паспорт РФ", "Паспорт испорчен", "Дальше", "Через Госуслуги"), strict=True
    ):
        await click(driver, label)
    message = first.keyboard_message()
    assert message is not None
    tick = {"update_id": 500, "callback_query": first.query(message, find_button(message, "☐ Фотография"))}
    telegram = workers[0].telegram
    telegram.requests.clear()

    # Telegram timed out waiting for the first worker and sent the update again; the balancer chose another worker.
    await asyncio.gather(deliver(workers[0], tick), deliver(workers[1], tick))
    assert len(requests(telegram, EditMessageText)) == 1 and len(requests(telegram, AnswerCallbackQuery)) == 1
    buttons = [b.text for row in third.keyboard_message().reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert "☑ Фотография" in buttons, "ticked once: a second handling would have unticked it"

    telegram.requests.clear()
    await deliver(workers[2], tick)
    assert list(telegram.requests) == [], "a retry after it was handled is skipped"
    assert not telegram.unexpected, telegram.unexpected


# Scheduled messages: one leader sends them.


async def schedule(app: App, people: range, scenarios: tuple[str, ...]) -> None:
    """Each of `people` talked to the bot once, and has a follow-up question due now for each scenario."""
    tx = app.database.transaction()
    for user_id in people:
        tx.execute(
            "INSERT INTO users (id, locale, created_at, updated_at) VALUES (?, 'ru', ?, ?)",
            (user_id, "2026-11-01 10:00:00", "2026-11-01 10:00:00"),
        )
        for scenario in scenarios:
            Repo(tx).outbox.add(user_id, "followup", {"scenario": scenario}, NOON_IN_MOSCOW, key=scenario)
    await tx.commit()


async def outbox(app: App) -> list[tuple[int, str, int, str | None]]:
    """Every scheduled message: (person, state, claims, when it was recorded as sent)."""
    rows = await app.database.fetch_all("SELECT user_id, state, attempts, sent_at FROM outbox ORDER BY id")
    return [tuple(row) for row in rows]


def most_in_one_second(moments: list[float]) -> int:
    """The most moments within one second. A fake wait's end is read a moment after the pacer read the clock, so
    each is late by a little (0.7 ms seen; more if a garbage collection falls in between): a second less JITTER
    counts as a second. Two workers sending at once would put twice the rate in a second."""
    moments = sorted(moments)
    return max(sum(1 for m in moments[i:] if m < start + 1 - JITTER) for i, start in enumerate(moments))


async def test_messages_due_at_once_are_sent_once_by_the_leader_at_send_rate(
    workers: list[App], time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=True)
    people = range(10_001, 10_161)
    await schedule(workers[0], people, ("passport", "doctor"))  # 320 messages, two for each person

    async def all_sent() -> bool:
        return all(state == "sent" for _, state, _, _ in await outbox(workers[0]))

    async with serving(*workers):
        await until(all_sent)
        leaders = [w for w in workers if w.dispatcher["leadership"].leading]
    assert len(leaders) == 1, "one worker holds the leader's lock"

    messages = requests(workers[0].telegram, SendMessage)
    assert len(messages) == 320 and Counter(m.chat_id for m in messages) == Counter({p: 2 for p in people})
    assert len({(m.chat_id, m.text) for m in messages}) == 320, "each message once"
    assert len(sent_by(leaders[0], SendMessage)) == 320, "all sent by the leader, none by another worker"
    rows = await outbox(workers[0])
    assert {claims for _, _, claims, _ in rows} == {1}
    # The leader's pacing (its waits are only recorded: when each would have ended) holds SEND_RATE for all workers.
    ends = [end for w in workers for end in w.sleep.ends]
    assert len(ends) == len(messages) - 1, "every message but the first waited for its turn"
    assert most_in_one_second(ends) <= workers[0].dispatcher["settings"].send_rate
    moments: dict[int, list[datetime]] = {}
    for user_id, _, _, sent_at in rows:
        moments.setdefault(user_id, []).append(datetime.fromisoformat(sent_at))
    assert min(abs(b - a) for a, b in moments.values()) >= timedelta(seconds=1), "a chat gets a message a second"


# The leader killed while sending.


class Process:
    """A worker in a thread with its own event loop, as in a process of its own: killing it stops its loop where it
    is, and its server connections are cut, as the server cuts a killed process's."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    async def run(self, work: Awaitable[T]) -> T:
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, self.loop))  # type: ignore[arg-type]

    async def kill(self, postgres: Backend, name: str) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        await asyncio.to_thread(self._thread.join)
        self.loop.close()  # its tasks are left where they were, as a killed process leaves them
        cut = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{}'"
        await postgres.run(cut.format(f"{postgres.schema}-{name}"))

    def bury(self) -> None:
        """Throw away what the killed worker left, once its connections are cut: its coroutines, closed where they
        stopped, find a closed loop and dead connections, and what they say about it is of no interest."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for task in asyncio.all_tasks(self.loop):
                with contextlib.suppress(BaseException):
                    task.get_coro().close()
                # A killed process's tasks never finish: asyncio's own switch for that (run_until_complete sets it too),
                # else each says "Task was destroyed but it is pending!" whenever it is collected, in a later test.
                task._log_destroy_pending = False  # type: ignore[attr-defined]
            gc.collect()


async def test_a_leader_killed_while_sending_leaves_its_messages_to_the_next_leader(
    postgres: Backend,
    telegram: FakeTelegram,
    shared: Callable[..., SharedRedis],
    open_worker: OpenWorker,
    time_machine: time_machine.TimeMachineFixture,
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=True)
    process = Process()
    leader = await process.run(worker(postgres, telegram, shared, "leader"))  # never closed: it gets killed
    followers = [await open_worker(name) for name in ("second", "third")]
    people = range(20_001, 20_101)
    await schedule(followers[0], people, ("passport",))
    stuck = set(people[::10])
    for user_id in stuck:  # Telegram takes these and has not answered when the leader dies
        telegram.hold(user_id)

    async def attempted_all_and_recorded_the_rest() -> bool:
        states = Counter(state for _, state, _, _ in await outbox(followers[0]))
        return len(requests(telegram, SendMessage)) == 100 and states == {"sent": 90, "sending": 10}

    async def leads() -> bool:
        return leader.dispatcher["leadership"].leading

    await process.run(leader.dispatcher.emit_startup(bot=leader.bot, **leader.dispatcher.workflow_data))
    await until(leads)

    async def a_follower_leads() -> bool:
        return any(f.dispatcher["leadership"].leading for f in followers)

    async def recovered() -> bool:
        return all(state == "sent" for _, state, _, _ in await outbox(followers[0]))

    async with serving(*followers):
        await until(attempted_all_and_recorded_the_rest)
        await process.kill(postgres, "leader")
        telegram.held.clear()
        await until(a_follower_leads)
        (new_leader,) = [f for f in followers if f.dispatcher["leadership"].leading]
        await asyncio.sleep(0.3)  # its sender's first run, right away
        assert not sent_by(new_leader, SendMessage), "the dead leader's messages are left alone during their lease"
        time_machine.shift(STALE)  # the lease runs out
        await until(recovered)

    assert {m.chat_id for m in sent_by(new_leader, SendMessage)} == stuck
    by_chat = Counter(m.chat_id for m in requests(telegram, SendMessage))
    assert by_chat == Counter({p: 2 if p in stuck else 1 for p in people}), "the stuck ones once more, no others"
    assert {(p, claims) for p, _, claims, _ in await outbox(followers[0])} == {
        (p, 2 if p in stuck else 1) for p in people
    }
    process.bury()
