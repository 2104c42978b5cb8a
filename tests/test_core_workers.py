"""Several workers sharing one Redis (REDIS_URL): a person's updates one at a time whichever worker gets them, the lock
renewed while a slow update runs and freed when a worker dies, flood control counted once for all, every update
handled once however Telegram re-delivers it, and the screen record seen by every worker.

These tests talk to a real Redis at 127.0.0.1:6379 (each under its own key prefix) and skip when there is none.
"""

import asyncio
import itertools
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendMessage
from aiogram.types import Update
from redis.asyncio.lock import Lock

from bot.app import create_dispatcher
from bot.console.emulator import BAD_GATEWAY, ChatDriver, FakeTelegram
from bot.core.config import SettingsError, load_settings
from bot.core.workers import SharedRedis
from tests.conftest import I18N, ROOT, App, BotClient, StartApp, find_button
from tests.test_scenarios_validator import run_bot

STALE_BUTTON = "Эта кнопка уже не действует. Показываю, где вы сейчас."
MENU = "Выберите, что нужно сделать"
PERSON = 1001


def another_worker(app: App, workers: SharedRedis) -> App:
    """A second worker of the same bot, on the same database connection (and so the same row cache), with its own
    dispatcher: its own middlewares and in-process locks. Only Redis is shared between the two."""
    dispatcher = create_dispatcher(
        settings=app.dispatcher["settings"],
        database=app.database,
        catalog=app.dispatcher["catalog"],
        i18n=I18N,
        search=app.dispatcher["search"],
        sleep=app.sleep,
        workers=workers,
    )
    return App(app.database, dispatcher, app.bot, app.telegram, app.sleep)


def person_on(*workers: App, user_id: int = PERSON, first_update: int = 1) -> list[BotClient]:
    """One person as each worker sees them; the updates are numbered once for all, as Telegram numbers them."""
    update_ids = itertools.count(first_update)
    return [BotClient(ChatDriver(w.dispatcher, w.bot, w.telegram, user_id, update_ids=update_ids)) for w in workers]


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "it never happened"
        await asyncio.sleep(0.01)


def sent(telegram: FakeTelegram, kind: type) -> list:
    return [r for r in telegram.requests if isinstance(r, kind)]


async def test_a_double_press_on_two_workers_is_handled_one_after_the_other(
    start_app: StartApp, shared: Callable[..., SharedRedis]
) -> None:
    workers = shared()
    first = await start_app(workers=workers, user_id=PERSON)
    second = another_worker(first, workers)
    on_first, on_second = person_on(first, second)
    await on_first.send("/start")
    await on_first.click("Паспорт РФ")
    pressed = on_first.driver.keyboard_message()
    button = find_button(pressed, "Паспорт испорчен")
    telegram = first.telegram
    telegram.requests.clear()
    held = telegram.hold(PERSON)  # the first press is still waiting for Telegram when the second arrives
    first_press = asyncio.create_task(on_first.driver.press(pressed, button))
    await until(lambda: len(sent(telegram, EditMessageText)) == 1)
    second_press = asyncio.create_task(on_second.driver.press(pressed, button))
    await asyncio.sleep(0.3)
    assert not second_press.done()
    assert [type(r) for r in telegram.requests] == [EditMessageText], "the second press waits for the first"
    held.set()
    await asyncio.gather(first_press, second_press)

    assert not telegram.unexpected, telegram.unexpected
    assert len(sent(telegram, EditMessageText)) == 1, "the second press saw the first one's screen: nothing to edit"
    assert sent(telegram, AnswerCallbackQuery)[-1].text == STALE_BUTTON
    steps = [e for e in await first.events(PERSON) if e[0] == "step"]
    assert steps == [("step", "passport", "damaged")]


async def test_the_lock_is_renewed_while_a_slow_update_runs_past_its_timeout(
    start_app: StartApp, shared: Callable[..., SharedRedis]
) -> None:
    workers = shared(lock_timeout=1.0)
    first = await start_app(workers=workers, user_id=PERSON)
    second = another_worker(first, workers)
    on_first, on_second = person_on(first, second)
    await on_first.send("/start")
    telegram = first.telegram
    telegram.requests.clear()
    held = telegram.hold(PERSON)
    slow = asyncio.create_task(on_first.driver.send("/menu"))
    await until(lambda: len(sent(telegram, SendMessage)) == 1)
    waiting = asyncio.create_task(on_second.driver.send("/help"))
    await asyncio.sleep(2.5)  # without renewal the lock would have expired twice over by now
    assert not waiting.done()
    assert len(sent(telegram, SendMessage)) == 1, "the other worker still waits for the person's lock"
    held.set()
    await asyncio.gather(slow, waiting)
    menu, help_ = sent(telegram, SendMessage)
    assert MENU in menu.text and MENU not in help_.text
    assert not telegram.unexpected, telegram.unexpected


async def test_a_lock_left_by_a_dead_worker_expires_and_the_person_is_served(
    start_app: StartApp, shared: Callable[..., SharedRedis]
) -> None:
    workers = shared(lock_timeout=1.0)
    app = await start_app(workers=workers, user_id=PERSON)
    # A worker took the person's lock and died: nobody renews it, nobody releases it.
    dead = Lock(workers.redis, workers.person_key(app.bot, "person", PERSON), timeout=1.0)
    assert await dead.acquire(blocking=False)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await app.client.send("/start")
    assert MENU in app.client.text
    assert loop.time() - started > 0.5, "the person waited for the dead worker's lock to expire"


async def test_flood_control_counts_the_updates_of_all_workers(
    start_app: StartApp, shared: Callable[..., SharedRedis]
) -> None:
    workers = shared()
    first = await start_app(workers=workers, user_id=PERSON)
    second = another_worker(first, workers)
    on_first, on_second = person_on(first, second)
    for turn in range(20):  # ten on each worker: twenty in all, the limit
        client = on_first if turn % 2 else on_second
        await client.send("/menu")
        assert MENU in client.last_text
    await on_first.send("/menu")
    assert on_first.last_text == "Вы пишете очень часто, я не успеваю. Подождите минуту, и продолжим."
    await on_second.send("/menu")
    assert on_second.replies == [], "paused on every worker"
    other = person_on(second, user_id=2002, first_update=1000)[0]
    await other.send("/menu")
    assert MENU in other.last_text, "nobody else notices"


def menu_update(app: App, client: BotClient, update_id: int) -> Update:
    update = {"update_id": update_id, "message": client.driver.message(text="/menu")}
    return Update.model_validate(update, context={"bot": app.bot})


async def test_an_update_delivered_to_two_workers_at_once_is_handled_once(
    start_app: StartApp, shared: Callable[..., SharedRedis]
) -> None:
    workers = shared()
    first = await start_app(workers=workers, user_id=PERSON)
    second = another_worker(first, workers)
    on_first, _ = person_on(first, second)
    await on_first.send("/start")
    update = menu_update(first, on_first, 500)
    telegram = first.telegram
    telegram.requests.clear()
    held = telegram.hold(PERSON)
    deliveries = [asyncio.create_task(w.dispatcher.feed_update(w.bot, update)) for w in (first, second)]
    await until(lambda: len(sent(telegram, SendMessage)) == 1)
    await asyncio.sleep(0.3)
    assert not all(d.done() for d in deliveries)
    held.set()
    await asyncio.gather(*deliveries)
    assert len(sent(telegram, SendMessage)) == 1
    assert not telegram.unexpected, telegram.unexpected

    telegram.requests.clear()
    await second.dispatcher.feed_update(second.bot, update)  # Telegram's retry, later
    assert list(telegram.requests) == []


async def test_an_update_whose_handling_failed_is_handled_when_telegram_retries_it(
    start_app: StartApp, shared: Callable[..., SharedRedis]
) -> None:
    workers = shared()
    first = await start_app(workers=workers, user_id=PERSON, send_retries=0)
    second = another_worker(first, workers)
    on_first, _ = person_on(first, second)
    await on_first.send("/start")
    update = menu_update(first, on_first, 600)
    telegram = first.telegram
    telegram.fail(SendMessage, BAD_GATEWAY)
    telegram.requests.clear()
    await first.dispatcher.feed_update(first.bot, update)
    assert len(sent(telegram, SendMessage)) == 1, "tried once, and Telegram failed"

    telegram.requests.clear()
    await second.dispatcher.feed_update(second.bot, update)
    (menu,) = sent(telegram, SendMessage)
    assert MENU in menu.text


async def test_the_screen_record_is_seen_by_a_worker_with_its_own_connection(
    start_app: StartApp, shared: Callable[..., SharedRedis]
) -> None:
    workers = shared()
    first = await start_app(workers=workers, user_id=PERSON)
    client = first.client
    await client.send("/start")
    await client.click("Паспорт РФ")
    pressed = client.driver.keyboard_message()
    await client.click("Паспорт испорчен", message=pressed)
    # Another worker with its own database connection, as another process would have: its row cache knows nobody,
    # so which message shows what can come only from Redis.
    second = await start_app(workers=workers)
    (again,) = person_on(second, first_update=100)
    await again.click("Паспорт испорчен", message=pressed)
    assert again.notice == STALE_BUTTON
    assert not [r for r in again.replies if isinstance(r, EditMessageText)], "the screen already shows that step"


async def test_a_forgotten_person_leaves_no_screen_record(
    start_app: StartApp, shared: Callable[..., SharedRedis]
) -> None:
    workers = shared()
    app = await start_app(workers=workers, user_id=PERSON)
    client = app.client
    await client.send("/start")
    key = workers.person_key(app.bot, "screen", PERSON)
    assert await workers.redis.exists(key)
    await client.send("/forget")
    await client.click("Да, удалить всё")
    assert not await workers.redis.exists(key)


# Settings and start-up: no Redis needed.


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's is read
    monkeypatch.delenv("REDIS_URL", raising=False)


@pytest.mark.usefixtures("clean_environment")
def test_redis_url_is_optional_and_a_wrong_one_is_named_without_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().redis_url is None
    monkeypatch.setenv("REDIS_URL", " ")
    assert load_settings().redis_url is None
    monkeypatch.setenv("REDIS_URL", "redis://:s3cret@10.0.0.5:6379/1")
    assert load_settings().redis_url.get_secret_value() == "redis://:s3cret@10.0.0.5:6379/1"
    assert "s3cret" not in repr(load_settings())
    monkeypatch.setenv("REDIS_URL", "http://:s3cret@10.0.0.5:6379")
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value) == (
        "wrong setting: REDIS_URL: not a Redis address (redis://, rediss:// or unix://; example: redis://127.0.0.1:6379/0)"
    )


def test_an_unreachable_redis_stops_the_bot_with_one_line() -> None:
    result = run_bot(env={"BOT_TOKEN": "123456:ABC-DEF", "REDIS_URL": "redis://:s3cret@127.0.0.1:1/0"})
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: redis: cannot reach 127.0.0.1:1: ")
    assert "s3cret" not in line


def test_one_worker_does_not_even_import_redis() -> None:
    """Without REDIS_URL the bot starts as it did: redis-py (0.2 s of imports) is loaded only when it is used."""
    code = "import sys, bot.runner; print('redis' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env={**os.environ}, check=True
    )
    assert result.stdout.strip() == "False"
