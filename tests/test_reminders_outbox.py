"""Scheduled messages: stored once, sent once when due, never at night in the person's zone, and never lost."""

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
from aiogram.methods import SendMessage

from bot.composition import Repositories as Repo
from bot.core.database import Database, migration_files
from bot.features.reminders.sender import STALE
from tests.conftest import App, BotClient, StartApp
from tests.test_core_robustness import copy_short
from tests.test_reminders_visits import reach_booking

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
    # PostgreSQL may run both at once: the later one then skips what the first took, and the next claim gets it.
    rest = await first.dispatcher["sender"].claim()
    ids_a, ids_b, ids_rest = ({row.id for row in claim} for claim in (a, b, rest))
    assert len(ids_a) + len(ids_b) + len(ids_rest) == 40 and not ids_a & ids_b and not (ids_a | ids_b) & ids_rest
    assert max(len(ids_a), len(ids_b), len(ids_rest)) == 25, "at most SEND_RATE rows in one claim"


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
    await client.click("⬅️ Back")
    assert "Time zone: Moscow" in client.last_text
    await client.click("🕒 Time zone: Moscow")
    await client.click("Kamchatka")
    assert "Time zone: Kamchatka" in client.last_text


async def test_quiet_hours_can_be_changed_or_switched_off(
    start_app: StartApp, tmp_path: Path, time_machine: time_machine.TimeMachineFixture
) -> None:
    late_evening = datetime(2026, 11, 23, 19, 30, tzinfo=UTC)  # 22:30 in Moscow
    time_machine.move_to(late_evening, tick=False)
    for person, (quiet, sent) in enumerate((("", True), ("23:00-07:00", True), ("22:00-08:00", False)), start=7):
        app = await start_app(user_id=person, quiet_hours=quiet, database=tmp_path / f"q{quiet[:2]}.sqlite3")
        await app.client.send("/start")
        tx = app.database.transaction()
        Repo(tx).outbox.add(person, "followup", {"scenario": "passport"}, late_evening, key="passport")
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


async def test_each_scenario_asks_its_own_question_and_the_scam_checker_none(
    app: App, client: BotClient, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    await client.send("/start")
    await client.click("Это правда Госуслуги?")
    await client.click("Пришло СМС")
    await client.click("Не могу понять")
    assert "Не уверены — проверьте сами" in client.text
    await client.click("🏠 Меню")
    await client.click("Пенсия и Социальный фонд")
    await client.click("Из чего складывается пенсия")
    await client.click("Понятно")
    assert await scheduled(app) == [("followup", "2026-11-26 09:00:00")], "the pension's; nothing for the checker"
    time_machine.move_to(NOON_IN_MOSCOW + timedelta(days=3), tick=False)
    [question] = await app.drain()
    assert question.text == (
        "Недавно вы прошли инструкцию «Пенсия и Социальный фонд».\n"
        "Получилось получить выписку о стаже и баллах или подать заявление?"
    )


async def finish_short(client: BotClient) -> None:
    await client.send("/start")
    await client.click("Короткая инструкция")
    await client.click("Дальше ➡️")
    await client.click("Дальше ➡️")
    assert "Памятка" in client.last_text


async def followup_due(
    start_app: StartApp, tmp_path: Path, clock: time_machine.TimeMachineFixture, language: str = "ru"
) -> App:
    """A person who finished the short scenario three days ago (FOLLOWUP_AFTER) and has just been asked."""
    clock.move_to(NOON_IN_MOSCOW, tick=False)
    app = await start_app(scenarios=copy_short(tmp_path), language=language)
    if language == "ru":
        await finish_short(app.client)
    else:
        await app.client.send("/start")
        await app.client.click("A short guide")
        await app.client.click("Next ➡️")
        await app.client.click("Next ➡️")
    clock.move_to(NOON_IN_MOSCOW + timedelta(days=3), tick=False)
    [question] = await app.drain()
    assert question.chat_id == app.client.driver.user["id"]
    return app


async def test_followup_help_offers_the_scenario_again_and_the_support_numbers(
    start_app: StartApp, tmp_path: Path, time_machine: time_machine.TimeMachineFixture
) -> None:
    app = await followup_due(start_app, tmp_path, time_machine)
    client, user_id = app.client, app.client.driver.user["id"]
    question = client.driver.keyboard_message()
    await client.click("🙋 Нужна помощь")
    assert "Официальная поддержка Госуслуг: 8 800 100-70-10 и 115 (по данным МВД, ТАСС, 26.11.2025)" in client.last_text
    assert client.buttons() == ["🔄 Пройти «Короткая инструкция» ещё раз", "🏠 Меню"]
    await client.click("✅ Да", message=question)  # the old question, pressed again
    assert client.notice == "Вы уже ответили, спасибо!"
    assert [kind for kind, *_ in await app.events(user_id)].count("followup_help") == 1
    assert "followup_yes" not in [kind for kind, *_ in await app.events(user_id)]
    await client.click("🔄 Пройти «Короткая инструкция» ещё раз")
    assert "Шаг 1 из 3" in client.last_text


async def test_followup_not_yet_in_english(
    start_app: StartApp, tmp_path: Path, time_machine: time_machine.TimeMachineFixture
) -> None:
    app = await followup_due(start_app, tmp_path, time_machine, language="en")
    client = app.client
    await client.click("⏳ Not yet")
    assert "That's all right." in client.last_text
    assert client.buttons() == ['🔄 Go through "A short guide" again', "🏠 Menu"]
    assert (await app.events(client.driver.user["id"]))[-1] == ("followup_not_yet", "short", None)


async def test_remind_me_tomorrow_sends_it_again_in_the_morning(
    start_app: StartApp, tmp_path: Path, time_machine: time_machine.TimeMachineFixture
) -> None:
    app = await followup_due(start_app, tmp_path, time_machine)
    client = app.client
    await client.click("⏰ Напомнить завтра")
    assert "Хорошо, напомню завтра, 27.11, в 10:00." in client.last_text
    assert await app.drain() == []
    time_machine.move_to(datetime(2026, 11, 27, 7, 0, tzinfo=UTC), tick=False)  # 10:00 in Moscow
    [again] = await app.drain()
    assert "Получилось оформить на Госуслугах?" in again.text
    await client.click("✅ Да")
    assert (await app.events(client.driver.user["id"]))[-1] == ("followup_yes", "short", None)


async def test_an_answer_after_remind_me_tomorrow_settles_tomorrows_ask(
    start_app: StartApp, tmp_path: Path, time_machine: time_machine.TimeMachineFixture
) -> None:
    app = await followup_due(start_app, tmp_path, time_machine)
    client = app.client
    question = client.driver.keyboard_message()
    await client.click("⏰ Напомнить завтра")
    await client.click("✅ Да", message=question)  # she did it the same evening
    assert "Отлично, вы молодец!" in client.last_text
    assert await scheduled(app, client.driver.user["id"]) == []
    time_machine.move_to(datetime(2026, 11, 27, 7, 0, tzinfo=UTC), tick=False)  # tomorrow, 10:00 in Moscow
    assert await app.drain() == [], "not asked again"


async def test_reminders_stored_before_the_outbox_move_onto_it_once(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:  # a database as the previous release left it
        old.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        for version, file in migration_files():
            if version < 6:
                old.executescript(file.read_text(encoding="utf-8"))
                old.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (version, file.name))
        old.execute("INSERT INTO users (id, locale, created_at, updated_at) VALUES (5, 'ru', '2026-11-23', '')")
        for _ in range(2):  # asked twice: the old code stored two rows
            old.execute(
                "INSERT INTO reminders (user_id, kind, scenario_id, event_date, due_at, created_at)"
                " VALUES (5, 'visit', 'doctor', '2026-12-15', '2026-12-14 07:00:00', '2026-11-23 09:00:00')"
            )
    database = await Database.open(path)
    try:
        rows = await Repo(database.transaction()).outbox.scheduled(5)
        assert [(r.kind, r.payload, r.due_at) for r in rows] == [
            ("visit-reminder", {"scenario": "doctor", "visit": "2026-12-15"}, "2026-12-14 07:00:00")
        ]
    finally:
        await database.close()


async def test_a_kind_nothing_registers_is_given_up_not_retried(
    app: App, client: BotClient, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    await client.send("/start")
    tx = app.database.transaction()
    Repo(tx).outbox.add(1001, "removed-feature", {}, NOON_IN_MOSCOW, key="x")  # stored by an older release
    Repo(tx).outbox.add(1001, "followup", {"scenario": "no-longer-exists"}, NOON_IN_MOSCOW, key="gone")
    await tx.commit()
    assert await app.drain() == []
    time_machine.move_to(NOON_IN_MOSCOW + timedelta(days=1), tick=False)
    assert await app.drain() == []
    assert await scheduled(app) == []


async def test_a_snooze_before_the_sender_records_the_message_is_kept(
    app: App, client: BotClient, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    await client.send("/start")
    tx = app.database.transaction()
    Repo(tx).outbox.add(1001, "followup", {"scenario": "passport"}, NOON_IN_MOSCOW, key="passport")
    await tx.commit()
    [row] = await app.dispatcher["sender"].claim()
    tomorrow = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    tx = app.database.transaction()
    Repo(tx).outbox.snooze(row.id, 1001, tomorrow)  # pressed as soon as the message arrived
    Repo(tx).outbox.sent(row.id)  # the sender records the send with its next claim
    await tx.commit()
    assert await scheduled(app) == [("followup", "2026-11-24 07:00:00")]
