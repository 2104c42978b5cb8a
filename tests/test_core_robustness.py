"""Nothing breaks: restarts, old buttons, double presses, and scenario files that changed in between."""

import logging
from pathlib import Path

import pytest
from aiogram.methods import EditMessageText, SendMessage
from aiogram.types import Message

from bot.console.emulator import BLOCKED
from bot.core.config import Settings
from bot.runner import configure_logging
from tests.conftest import DATA, App, StartApp


def copy_short(tmp_path: Path, edit: tuple[str, str] | None = None) -> Path:
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    text = (DATA / "short.yaml").read_text(encoding="utf-8")
    if edit:
        text = text.replace(*edit)
    (folder / "short.yaml").write_text(text, encoding="utf-8")
    return folder


async def test_restart_continues_the_conversation(start_app: StartApp) -> None:
    before = (await start_app(user_id=5)).client
    await before.send("/start")
    await before.click("Паспорт РФ")
    await before.click("Паспорт испорчен")
    await before.click("Дальше ➡️")
    await before.click("Через Госуслуги")
    await before.click("☐ Фотография")
    old_message = before.driver.keyboard_message()

    after = (await start_app(user_id=5)).client  # a new dispatcher and database connection, same file
    await after.click("Дальше ➡️", message=old_message)
    assert "Ответ МВД и оплата" in after.last_text
    assert "Шаг 5 из" in after.last_text, "the step count carries over the restart"
    await after.send("/menu")
    await after.click("▶️ Продолжить")
    await after.click("⬅️ Назад")
    assert "☑ Фотография" in after.buttons(), "checklist ticks survive the restart"


async def test_button_on_an_old_message_shows_where_you_are(start_app: StartApp) -> None:
    client = (await start_app()).client
    await client.send("/start")
    await client.click("Паспорт РФ")
    await client.click("Паспорт испорчен")
    old = client.driver.keyboard_message()
    await client.send("/menu")  # a new menu message; the old one still shows the "damaged" step
    await client.click("▶️ Продолжить")
    await client.click("Дальше ➡️")
    assert "Как подать" in client.last_text

    await client.click("Дальше ➡️", message=old)  # the person scrolls up and presses a button there
    assert client.notice == "Эта кнопка уже не действует. Показываю, где вы сейчас."
    assert "Как подать" in client.last_text
    assert client.screens[-1].message_id == old.message_id, "the current step is shown where the person pressed"


async def test_double_press_moves_once_and_sends_no_empty_edit(start_app: StartApp) -> None:
    app = await start_app()
    client = app.client
    await client.send("/start")
    await client.click("Паспорт РФ")
    snapshot = client.driver.keyboard_message()  # both presses carry the message as it was when pressed
    await client.click("Паспорт испорчен", message=snapshot)
    assert "Паспорт испорчен" in client.last_text
    await client.click("Паспорт испорчен", message=snapshot)
    assert client.notice == "Эта кнопка уже не действует. Показываю, где вы сейчас."
    assert not any(isinstance(r, EditMessageText) for r in client.replies), "an unchanged message is not edited"
    steps = [e for e in await app.events(client.driver.user["id"]) if e[0] == "step"]
    assert steps == [("step", "passport", "damaged")]


async def message_on_second_step(start_app: StartApp, folder: Path) -> Message:
    """Walk the short scenario to its second step; the message a person would press later."""
    client = (await start_app(scenarios=folder, user_id=9)).client
    await client.send("/start")
    await client.click("Короткая инструкция")
    await client.click("Дальше ➡️")
    assert "Второй" in client.last_text
    return client.driver.keyboard_message()


async def test_removed_step_restarts_the_scenario_with_an_explanation(start_app: StartApp, tmp_path: Path) -> None:
    folder = copy_short(tmp_path)
    old_message = await message_on_second_step(start_app, folder)
    copy_short(tmp_path, edit=("two", "middle"))  # step "two" is renamed: the old place no longer exists
    restarted = (await start_app(scenarios=folder, user_id=9)).client
    await restarted.click("Дальше ➡️", message=old_message)
    assert restarted.notice == "Инструкция обновилась, поэтому начнём её сначала."
    assert "Шаг 1 из 3 · Первый" in restarted.last_text


async def test_reworded_step_keeps_the_place(start_app: StartApp, tmp_path: Path) -> None:
    folder = copy_short(tmp_path)
    old_message = await message_on_second_step(start_app, folder)
    copy_short(tmp_path, edit=("Середина.", "Середина иначе."))
    restarted = (await start_app(scenarios=folder, user_id=9)).client
    await restarted.click("Дальше ➡️", message=old_message)
    assert restarted.notice is None
    assert "Третий" in restarted.text


async def test_removed_scenario_brings_back_the_menu(start_app: StartApp, tmp_path: Path) -> None:
    client = (await start_app(user_id=3)).client
    await client.send("/start")
    await client.click("Паспорт РФ")
    old_message = client.driver.keyboard_message()

    restarted = (await start_app(scenarios=copy_short(tmp_path), user_id=3)).client
    await restarted.click("Паспорт испорчен", message=old_message)
    assert restarted.notice == "Этой инструкции больше нет. Выберите другую."
    assert restarted.buttons() == ["Короткая инструкция"]


async def test_a_deleted_message_is_replaced_by_a_new_one(start_app: StartApp) -> None:
    client = (await start_app()).client
    await client.send("/start")
    await client.click("Паспорт РФ")
    pressed = client.driver.keyboard_message()
    del client.telegram.messages[(pressed.chat.id, pressed.message_id)]  # the person deleted it before the answer
    await client.click("Паспорт испорчен", message=pressed)
    edit, sent = client.screens
    assert isinstance(edit, EditMessageText) and isinstance(sent, SendMessage)
    assert "Паспорт испорчен" in client.last_text, "the step arrives as a new message"


async def test_a_person_who_blocked_the_bot_while_it_answered_is_marked_quietly(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    await app.client.send("/start")
    app.telegram.fail(SendMessage, BLOCKED)
    with caplog.at_level(logging.INFO):
        await app.client.send("/menu")
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == [], "no error, no traceback"
    (marked,) = await app.database.fetch_one("SELECT unreachable_at FROM users WHERE id = 1001")
    assert marked is not None, "the scheduled messages skip them until they write again"


def test_the_schedulers_routine_lines_stay_out_of_the_info_log(tmp_path: Path) -> None:
    loggers = [logging.getLogger(name) for name in ("apscheduler.executors", "aiogram.event", "aiosqlite")]
    levels = [logger.level for logger in loggers]
    try:
        configure_logging(Settings(_env_file=None, database_path=tmp_path / "x.sqlite3"), console=False)
        job = logging.getLogger("apscheduler.executors.default")
        assert not job.isEnabledFor(logging.INFO), "«Running job…» / «…executed successfully» every second"
        assert job.isEnabledFor(logging.WARNING), "a job that fails is still reported"
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
