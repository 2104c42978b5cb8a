"""Scheduled messages: stored once, sent once when due, never at night in the person's zone, and never lost."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
from aiogram.methods import SendMessage

from bot.db.repositories import Repo
from bot.sender import STALE
from tests.conftest import App, BotClient, StartApp
from tests.test_reminders import reach_booking
from tests.test_robustness import copy_short

NOON_IN_MOSCOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
VISIT_EVE_IN_MOSCOW = datetime(2026, 12, 14, 7, 0, tzinfo=UTC)  # 14.12 at 10:00 in Moscow


def labels(message: SendMessage) -> list[str]:
    return [b.text for row in message.reply_markup.inline_keyboard for b in row] if message.reply_markup else []


async def scheduled(app: App, user_id: int = 1001) -> list[tuple[str, str]]:
    return [(row.kind, row.due_at) for row in await Repo(app.database.transaction()).outbox.scheduled(user_id)]


async def book_visit(client: BotClient, date: str = "15.12", *, again: bool = False) -> None:
    if again:  # the person is on the booking step already: they come back to it from the menu
        await client.send("/start")
        await client.click("Поликлиника и запись к врачу")
        await client.click("▶️ Продолжить")
    else:
        await reach_booking(client)
    await client.click("🔔 Напомнить накануне визита")
    await client.send(date)


async def choose_city(client: BotClient, city: str) -> None:
    await client.send("/settings")
    await client.click("🕒 Часовой пояс")
    await client.click(city)
    assert "Готово, часовой пояс сохранён." in client.last_text


async def test_the_visit_reminder_comes_the_day_before_once(
    app: App, client: BotClient, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    await book_visit(client)
    await book_visit(client, again=True)
    assert await scheduled(app) == [("visit-reminder", "2026-12-14 07:00:00")], "asked twice, stored once"
    assert await app.drain() == [], "nothing is due yet"

    time_machine.move_to(VISIT_EVE_IN_MOSCOW, tick=False)
    [reminder] = await app.drain()
    assert reminder.chat_id == 1001
    assert "🔔 Напоминаю: 15.12.2026 у вас визит к врачу." in reminder.text
    assert labels(reminder) == ["Открыть «Поликлиника и запись к врачу»", "🔕 Не напоминать об этом"]
    assert await app.drain() == [], "sent once"
    assert await scheduled(app) == []


async def test_a_person_in_vladivostok_is_not_woken(
    app: App, client: BotClient, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)  # 19:00 in Vladivostok
    await choose_city(client, "Владивосток")
    await book_visit(client)
    assert "Напоминание запланировано на 14.12 в 10:00" in client.last_text
    assert "Время — Владивосток." in client.last_text
    assert await scheduled(app) == [("visit-reminder", "2026-12-14 00:00:00")], "10:00 in Vladivostok"

    # The bot was down that morning and comes back at 22:30 Vladivostok time: too late in the evening.
    time_machine.move_to(datetime(2026, 12, 14, 12, 30, tzinfo=UTC), tick=False)
    assert await app.drain() == []
    assert await scheduled(app) == [("visit-reminder", "2026-12-14 23:00:00")], "09:00 on 15.12 in Vladivostok"
    time_machine.move_to(datetime(2026, 12, 14, 23, 0, tzinfo=UTC), tick=False)
    [reminder] = await app.drain()
    assert "15.12.2026" in reminder.text


async def test_a_visit_already_past_is_not_reminded(
    app: App, client: BotClient, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    await book_visit(client)
    time_machine.move_to(datetime(2026, 12, 16, 7, 0, tzinfo=UTC), tick=False)  # the bot was down for two days
    assert await app.drain() == []
    assert await scheduled(app) == []


async def test_scheduled_messages_survive_a_restart(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    await book_visit((await start_app(user_id=5)).client)
    app = await start_app(user_id=5)
    time_machine.move_to(VISIT_EVE_IN_MOSCOW, tick=False)
    [reminder] = await app.drain()
    assert reminder.chat_id == 5


async def test_a_crash_between_claim_and_send_repeats_at_most_once(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    await book_visit((await start_app(user_id=5)).client)
    time_machine.move_to(VISIT_EVE_IN_MOSCOW, tick=False)
    crashed = await start_app(user_id=5)
    assert len(await crashed.dispatcher["sender"].claim()) == 1  # claimed; the process dies before sending

    app = await start_app(user_id=5)
    assert await app.drain() == [], "the row may still be in flight in the other process"
    time_machine.move_to(VISIT_EVE_IN_MOSCOW + STALE, tick=False)
    assert len(await app.drain()) == 1, "its sender is gone: sent once more"
    time_machine.move_to(VISIT_EVE_IN_MOSCOW + 3 * STALE, tick=False)
    assert await app.drain() == [], "and never again"


async def test_two_processes_never_take_the_same_row(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    first, second = await start_app(), await start_app()
    tx = first.database.transaction()
    for user_id in range(2001, 2041):
        await first.person(user_id).send("/start")
        Repo(tx).outbox.add(user_id, "followup", {"scenario": "passport"}, NOON_IN_MOSCOW, key="passport")
    await tx.commit()
    a, b = await asyncio.gather(first.dispatcher["sender"].claim(), second.dispatcher["sender"].claim())
    ids_a, ids_b = {row.id for row in a}, {row.id for row in b}
    assert len(ids_a) + len(ids_b) == 40 and not ids_a & ids_b
    assert max(len(ids_a), len(ids_b)) == 25, "at most SEND_RATE rows in one claim"


async def test_one_message_a_second_per_person_and_send_rate_overall(
    app: App, client: BotClient, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    await client.send("/start")
    tx = app.database.transaction()
    for scenario in ("passport", "doctor"):
        Repo(tx).outbox.add(1001, "followup", {"scenario": scenario}, NOON_IN_MOSCOW, key=scenario)
    for user_id in (2001, 2002):
        await app.person(user_id).send("/start")
        Repo(tx).outbox.add(user_id, "followup", {"scenario": "passport"}, NOON_IN_MOSCOW, key="passport")
    await tx.commit()
    app.sleep.waits.clear()
    assert sorted(m.chat_id for m in await app.drain()) == [1001, 2001, 2002]
    # Paced at SEND_RATE (25 a second): the second message waits 1/25 s after the first, the third 2/25 s.
    assert len(app.sleep.waits) == 2 and 1 / 25 < app.sleep.waits[1] <= 2 / 25
    assert await app.drain() == [], "the person got a message less than a second ago"
    time_machine.move_to(NOON_IN_MOSCOW + timedelta(seconds=1), tick=False)
    [second] = await app.drain()
    assert second.chat_id == 1001


async def test_the_sender_runs_from_start_up_to_shutdown(
    app: App, client: BotClient, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    await book_visit(client)
    time_machine.move_to(VISIT_EVE_IN_MOSCOW, tick=False)
    app.telegram.requests.clear()
    await app.dispatcher.emit_startup(bot=app.bot, **app.dispatcher.workflow_data)
    try:
        async with asyncio.timeout(10):  # the interval job's first run is right away
            while not any(isinstance(r, SendMessage) for r in app.telegram.requests):
                await asyncio.sleep(0.01)
    finally:
        await app.dispatcher.emit_shutdown(bot=app.bot, **app.dispatcher.workflow_data)
    [reminder] = [r for r in app.telegram.requests if isinstance(r, SendMessage)]
    assert "визит к врачу" in reminder.text
    assert await scheduled(app) == []


async def test_stop_reminding_opts_out_of_that_kind(
    app: App, client: BotClient, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    await book_visit(client, "15.12")
    await book_visit(client, "20.12", again=True)
    time_machine.move_to(VISIT_EVE_IN_MOSCOW, tick=False)
    await app.drain()
    await client.click("🔕 Не напоминать об этом")
    assert "Хорошо, больше не буду присылать: Напоминания о визитах." in client.last_text
    time_machine.move_to(datetime(2026, 12, 19, 7, 0, tzinfo=UTC), tick=False)
    assert await app.drain() == [], "opted out: the reminder for 20.12 is not sent"
    assert await scheduled(app) == []

    await client.send("/settings")
    assert "🔕 Напоминания о визитах" in client.buttons()
    await client.click("🔕 Напоминания о визитах")
    assert "✅ Напоминания о визитах" in client.buttons(), "switched back on"


async def test_settings_in_english(start_app: StartApp) -> None:
    client = (await start_app(language="en")).client
    await client.send("/settings")
    assert "Time zone: Moscow" in client.last_text
    assert "I never write at night: from 21:00 to 09:00 your time." in client.last_text
    await client.click('✅ "Did it work?" questions')
    assert '🔕 "Did it work?" questions' in client.buttons()
    await client.click("🕒 Time zone: Moscow")
    assert len(client.buttons()) == 12, "eleven cities and Back"
    await client.click("Kamchatka")
    assert "Time zone: Kamchatka" in client.last_text


async def test_quiet_hours_can_be_changed_or_switched_off(
    start_app: StartApp, tmp_path: Path, time_machine: time_machine.TimeMachineFixture
) -> None:
    late_evening = datetime(2026, 11, 23, 19, 30, tzinfo=UTC)  # 22:30 in Moscow
    time_machine.move_to(late_evening, tick=False)
    for quiet, sent in (("", True), ("23:00-07:00", True), ("22:00-08:00", False)):
        app = await start_app(user_id=7, quiet_hours=quiet, database=tmp_path / f"q{quiet[:2]}.sqlite3")
        await app.client.send("/start")
        tx = app.database.transaction()
        Repo(tx).outbox.add(7, "followup", {"scenario": "passport"}, late_evening, key="passport")
        await tx.commit()
        assert bool(await app.drain()) is sent, quiet


async def test_followup_after_finishing_a_scenario(
    start_app: StartApp, tmp_path: Path, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    app = await start_app(scenarios=copy_short(tmp_path), followup_after="P2D")
    client = app.client
    await finish_short(client)
    await finish_short(client)  # finished twice: asked once
    assert await scheduled(app, client.driver.user["id"]) == [("followup", "2026-11-25 09:00:00")]

    time_machine.move_to(NOON_IN_MOSCOW + timedelta(days=2), tick=False)
    [question] = await app.drain()
    assert "Недавно вы прошли инструкцию «Короткая инструкция».\nПолучилось оформить на Госуслугах?" in question.text
    assert labels(question) == [
        "✅ Да", "⏳ Пока нет", "🙋 Нужна помощь", "⏰ Напомнить завтра", "🔕 Не напоминать об этом"
    ]  # fmt: skip
    await client.click("✅ Да")
    assert "Отлично, вы молодец!" in client.last_text
    events = await app.events(client.driver.user["id"])
    assert events[-1] == ("followup_yes", "short", None)


async def finish_short(client: BotClient) -> None:
    await client.send("/start")
    await client.click("Короткая инструкция")
    await client.click("Дальше ➡️")
    await client.click("Дальше ➡️")
    assert "Памятка" in client.last_text
