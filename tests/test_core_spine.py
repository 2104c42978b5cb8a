"""The update path: what the person sees is always what is saved, whatever Telegram or the process does."""

import asyncio
import logging
from pathlib import Path

import pytest
from aiogram.filters import Command
from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import Message

from bot.composition import Repositories as Repo
from bot.console.emulator import BAD_GATEWAY
from bot.core.people import User
from tests.conftest import App, StartApp
from tests.test_core_robustness import copy_short


async def walk_to_last_step(app: App) -> None:
    client = app.client
    await client.send("/start")
    await client.click("Короткая инструкция")
    await client.click("Дальше ➡️")
    assert "Второй" in client.last_text


async def test_a_failed_summary_send_leaves_the_finish_saved(start_app: StartApp, tmp_path: Path) -> None:
    app = await start_app(scenarios=copy_short(tmp_path), user_id=7)
    await walk_to_last_step(app)
    app.telegram.fail(SendMessage, BAD_GATEWAY, times=100)  # the summary card, and the error notice, never arrive
    await app.client.click("Дальше ➡️")
    app.telegram.failures.clear()
    assert [e[0] for e in await app.events(7)][-1] == "complete", "the finish was saved before it was shown"

    await app.client.send("/menu")
    assert "▶️ Продолжить" not in " ".join(app.client.buttons()), "a finished scenario is not offered to continue"
    end = next(m for m in reversed(app.telegram.chat(7)) if m.text and "Третий" in m.text)
    await app.client.click("⬅️ Назад", message=end)
    assert app.client.notice is None
    assert "Второй" in app.client.last_text


async def test_a_crash_while_the_step_is_being_shown_keeps_the_step(start_app: StartApp, tmp_path: Path) -> None:
    folder = copy_short(tmp_path)
    app = await start_app(scenarios=folder, user_id=7)
    await walk_to_last_step(app)
    shown = app.client.driver.keyboard_message()
    app.telegram.slow(EditMessageText, 3600)
    app.telegram.requests.clear()
    press = asyncio.create_task(app.client.click("Дальше ➡️"))
    while not any(isinstance(r, EditMessageText) for r in app.telegram.requests):
        await asyncio.sleep(0.01)
    press.cancel()  # the process dies while Telegram has the edit: nothing after this point runs
    app.telegram.delays.clear()

    restarted = await start_app(scenarios=folder, user_id=7)
    assert [e[0] for e in await restarted.events(7)][-1] == "complete"
    await restarted.client.click("Дальше ➡️", message=shown)  # the person still sees the old step and presses again
    assert restarted.client.notice == "Эта кнопка уже не действует. Показываю, где вы сейчас."
    assert "Третий" in restarted.client.last_text, "the saved step is put in front of the person"


async def test_two_presses_at_the_same_moment_move_once(start_app: StartApp, tmp_path: Path) -> None:
    app = await start_app(scenarios=copy_short(tmp_path), user_id=7)
    await app.client.send("/start")
    await app.client.click("Короткая инструкция")
    message = app.client.driver.keyboard_message()
    button = next(b for row in message.reply_markup.inline_keyboard for b in row if b.text == "Дальше ➡️")
    await asyncio.gather(app.client.driver.press(message, button), app.client.driver.press(message, button))
    assert [e[0] for e in await app.events(7)].count("step") == 1


async def test_a_handler_that_fails_saves_nothing_and_says_so(
    start_app: StartApp, caplog: pytest.LogCaptureFixture
) -> None:
    app = await start_app(user_id=7)

    async def fails_half_way(message: Message, user: User, repo: Repo) -> None:
        repo.events.add(user.id, "half-way")
        raise RuntimeError("a bug")

    app.dispatcher.message.register(fails_half_way, Command("fail"))
    with caplog.at_level(logging.ERROR, logger="bot.app"):
        await app.client.send("/fail")
    assert app.client.last_text == "Что-то пошло не так, простите. Попробуйте ещё раз или откройте /menu."
    assert [r.getMessage() for r in caplog.records] == ["update 1 failed"]
    assert await app.events(7) == [], "nothing the failed update wrote is saved"


async def test_the_first_name_is_kept_as_telegram_sends_it(start_app: StartApp) -> None:
    app = await start_app(user_id=7)
    await app.client.send("/start")
    app.client.driver.user["first_name"] = "Аня"
    await app.client.send("/help")
    row = await app.database.fetch_one("SELECT first_name FROM users WHERE id = 7")
    assert tuple(row) == ("Аня",)


@pytest.mark.sqlite_only
async def test_a_step_costs_one_trip_to_the_database(start_app: StartApp, tmp_path: Path) -> None:
    app = await start_app(scenarios=copy_short(tmp_path), user_id=7)
    await app.client.send("/start")
    await app.client.click("Короткая инструкция")
    before = app.database.trips
    await app.client.click("Дальше ➡️")
    assert app.database.trips - before == 1, "the person and their place come from the cache; one write commits"


@pytest.mark.sqlite_only
async def test_a_newcomer_and_the_scenario_they_open_cost_no_second_look(start_app: StartApp, tmp_path: Path) -> None:
    app = await start_app(scenarios=copy_short(tmp_path), user_id=7)
    before = app.database.trips
    await app.client.send("/start")
    assert app.database.trips - before == 3, "the person (absent), their places, one write: absent is not asked twice"
    before = app.database.trips
    await app.client.click("Короткая инструкция")
    assert app.database.trips - before == 1, "the menu has seen they never opened it: only the write"
