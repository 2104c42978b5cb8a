"""The doctor scenario offers a reminder the day before the visit: the date is typed, checked and stored."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from bot.composition import Repositories as Repo
from bot.core.quiet_hours import DEFAULT_QUIET_HOURS as QUIET
from bot.features.reminders.rules import DateError, parse_visit_date, visit_reminder_due
from tests.conftest import App, BotClient, StartApp

MOSCOW = ZoneInfo("Europe/Moscow")
NOON_IN_MOSCOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def reach_booking(client: BotClient) -> None:
    await client.send("/start")
    await client.click("Поликлиника и запись к врачу")
    await client.click("Записаться к врачу")
    await client.click("Через Госуслуги")
    assert "Запись на Госуслугах" in client.last_text


def visit_reminder(scenario: str, visit: str, due_at: str) -> tuple:
    return ("visit-reminder", {"scenario": scenario, "visit": visit}, due_at)


async def pending(app: App, user_id: int = 1001) -> list[tuple]:
    """The visit reminders waiting in the outbox: (kind, payload, due_at UTC)."""
    rows = await Repo(app.database.transaction()).outbox.scheduled(user_id)
    return [(row.kind, row.payload, row.due_at) for row in rows]


@time_machine.travel(NOON_IN_MOSCOW, tick=False)
async def test_reminder_the_day_before_the_visit(app: App, client: BotClient) -> None:
    await reach_booking(client)
    await client.click("🔔 Напомнить накануне визита")
    assert "Когда у вас визит? Напишите дату, например 30.11, «завтра» или «в пятницу»." in client.last_text
    await client.send("15.12")
    assert "Записал: визит 15.12.2026. Напоминание запланировано на 14.12 в 10:00." in client.last_text
    assert "Время — Москва. Другой часовой пояс можно выбрать в /settings." in client.last_text
    assert await pending(app) == [visit_reminder("doctor", "2026-12-15", "2026-12-14 07:00:00")]
    step = client.driver.keyboard_message()
    await client.send("15.12")
    assert "Записал" not in client.last_text, "the question was answered once"
    assert len(await pending(app)) == 1
    await client.click("▶️ Продолжить", message=step)
    shown = client.screens[-1]
    assert shown.message_id == step.message_id and "Напомнить накануне визита" in str(shown.reply_markup), (
        "the way back leads to the step the person asked from"
    )


@time_machine.travel(NOON_IN_MOSCOW, tick=False)
async def test_bad_dates_are_explained_and_the_question_stays(app: App, client: BotClient) -> None:
    await reach_booking(client)
    await client.click("🔔 Напомнить накануне визита")
    await client.send("на днях")
    assert "Не получилось понять дату" in client.last_text
    await client.send("23.11.2026")
    assert "Этот день уже наступил или прошёл" in client.last_text
    await client.send("01.02.2028")
    assert "больше чем через год" in client.last_text
    await client.send("31.02")
    assert "Не получилось понять дату" in client.last_text
    assert await pending(app) == []
    await client.send("1.12.26")
    assert await pending(app) == [visit_reminder("doctor", "2026-12-01", "2026-11-30 07:00:00")]


@time_machine.travel(NOON_IN_MOSCOW, tick=False)
async def test_a_visit_tomorrow_typed_in_words(app: App, client: BotClient) -> None:
    await reach_booking(client)
    await client.click("🔔 Напомнить накануне визита")
    await client.send("Завтра")
    assert "Записал: визит 24.11.2026. Напоминание запланировано на 23.11 в 14:00." in client.last_text, (
        "10:00 the day before has passed: the reminder comes two hours on"
    )
    assert await pending(app) == [visit_reminder("doctor", "2026-11-24", "2026-11-23 11:00:00")]


@time_machine.travel(datetime(2026, 12, 2, 9, tzinfo=UTC), tick=False)
async def test_a_day_gone_this_year_is_asked_about(app: App, client: BotClient) -> None:
    await reach_booking(client)
    await client.click("🔔 Напомнить накануне визита")
    await client.send("01.12")
    assert client.last_text == (
        "01.12 в этом году уже прошло. Вы имели в виду 01.12.2027? Если нет — напишите другую дату."
    )
    assert await pending(app) == []
    await client.click("✅ Да, 01.12.2027")
    assert "Записал: визит 01.12.2027. Напоминание запланировано на 30.11.2027 в 10:00." in client.last_text
    assert await pending(app) == [visit_reminder("doctor", "2027-12-01", "2027-11-30 07:00:00")]


@time_machine.travel(NOON_IN_MOSCOW, tick=False)
async def test_the_question_survives_a_restart(start_app: StartApp) -> None:
    client = (await start_app(user_id=8)).client
    await reach_booking(client)
    await client.click("🔔 Напомнить накануне визита")
    app = await start_app(user_id=8)
    await app.client.send("10.01")
    assert "Записал: визит 10.01.2027" in app.client.last_text
    assert await pending(app, 8) == [visit_reminder("doctor", "2027-01-10", "2027-01-09 07:00:00")]


@time_machine.travel(NOON_IN_MOSCOW, tick=False)
async def test_menu_or_cancel_drops_the_question(app: App, client: BotClient) -> None:
    await reach_booking(client)
    await client.click("🔔 Напомнить накануне визита")
    await client.send("/cancel")
    await client.send("15.12")
    assert await pending(app) == []


def test_dates_as_people_type_them() -> None:
    today = date(2026, 11, 23)
    assert parse_visit_date("15.12", today, MOSCOW) == date(2026, 12, 15)
    assert parse_visit_date("5/1", today, MOSCOW) == date(2027, 1, 5), "a day already past this year means next year"
    assert parse_visit_date(" 15-12-2026 ", today, MOSCOW) == date(2026, 12, 15)
    assert parse_visit_date("15.12.2026 г.", today, MOSCOW) == date(2026, 12, 15)
    for text, reason in (("23.11", "remind-too-late"), ("32.01", "remind-not-a-date")):
        with pytest.raises(DateError) as error:
            parse_visit_date(text, today, MOSCOW)
        assert error.value.reason == reason


def test_reminders_never_come_at_night() -> None:
    late = datetime(2026, 11, 23, 23, 30, tzinfo=MOSCOW)
    assert QUIET.next_allowed(late, MOSCOW) == datetime(2026, 11, 24, 9, 0, tzinfo=MOSCOW)
    early = datetime(2026, 11, 23, 6, 0, tzinfo=MOSCOW)
    assert QUIET.next_allowed(early, MOSCOW) == datetime(2026, 11, 23, 9, 0, tzinfo=MOSCOW)
    # The visit is tomorrow and 10:00 today has passed: not in the same minute as «запланировано», two hours on.
    afternoon = datetime(2026, 11, 23, 15, 0, tzinfo=MOSCOW)
    assert visit_reminder_due(date(2026, 11, 24), afternoon, MOSCOW, QUIET) == afternoon + timedelta(hours=2)
    evening = datetime(2026, 11, 23, 20, 0, tzinfo=MOSCOW)
    assert visit_reminder_due(date(2026, 11, 24), evening, MOSCOW, QUIET) == datetime(2026, 11, 24, 9, 0, tzinfo=MOSCOW)
    # Booked late at night for tomorrow: remind in the morning, not at 23:30.
    assert visit_reminder_due(date(2026, 11, 24), late, MOSCOW, QUIET) == datetime(2026, 11, 24, 9, 0, tzinfo=MOSCOW)


@time_machine.travel(NOON_IN_MOSCOW, tick=False)
async def test_going_on_with_the_buttons_drops_the_question(app: App, client: BotClient) -> None:
    await reach_booking(client)
    await client.click("🔔 Напомнить накануне визита")
    await client.click("Дальше ➡️")  # the person changed their mind and went on
    await client.send("как записаться к врачу")
    assert "Вот что я нашёл" in client.last_text, "a typed question is a question again, not a date"
    assert await pending(app) == []


@time_machine.travel(datetime(2026, 11, 23, 12, 0, tzinfo=UTC), tick=False)  # 15:00 in Moscow
async def test_a_visit_tomorrow_is_not_reminded_the_same_minute(app: App, client: BotClient) -> None:
    await reach_booking(client)
    await client.click("🔔 Напомнить накануне визита")
    await client.send("24.11")
    assert "Напоминание запланировано на 23.11 в 17:00" in client.last_text
    assert await app.drain() == [], "nothing arrives the moment it was booked"
