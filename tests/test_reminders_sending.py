"""Telegram's own trouble (429, 5xx, 403, «not modified») is handled in one place, for answers and the sender."""

from datetime import UTC, datetime, timedelta

import time_machine
from aiogram.methods import EditMessageText, SendMessage

from bot.composition import Repositories as Repo
from bot.console.emulator import BAD_GATEWAY, BLOCKED, TOO_MANY_REQUESTS, Failure
from bot.features.reminders.sender import RETRY_LATER
from tests.conftest import App, BotClient

NOON_IN_MOSCOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SORRY = "Что-то пошло не так"


def sent(client: BotClient) -> list[SendMessage]:
    return [r for r in client.replies if isinstance(r, SendMessage)]


async def schedule_followup(app: App, user_id: int = 1001, scenario: str = "passport") -> None:
    tx = app.database.transaction()
    Repo(tx).outbox.add(user_id, "followup", {"scenario": scenario}, NOON_IN_MOSCOW, key=scenario)
    await tx.commit()


async def scheduled(app: App, user_id: int = 1001) -> list[tuple[str, str, str]]:
    rows = await Repo(app.database.transaction()).outbox.scheduled(user_id)
    return [(row.kind, row.payload["scenario"], row.due_at) for row in rows]


async def test_too_many_requests_is_waited_out(app: App, client: BotClient) -> None:
    app.telegram.fail(SendMessage, TOO_MANY_REQUESTS)
    await client.send("/start")
    assert "Выберите, что нужно сделать" in client.last_text
    assert len(sent(client)) == 2, "refused once, then sent"
    assert app.sleep.waits == [3], "waited the retry_after Telegram named"


async def test_a_bad_gateway_is_retried_with_backoff(app: App, client: BotClient) -> None:
    app.telegram.fail(SendMessage, BAD_GATEWAY, times=2)
    await client.send("/help")
    assert "Как мной пользоваться" in client.last_text
    assert app.sleep.waits == [1.0, 2.0]


async def test_telegram_down_for_long_tells_nobody_something_went_wrong(app: App, client: BotClient) -> None:
    app.telegram.fail(SendMessage, BAD_GATEWAY, times=4)  # the first try and SEND_RETRIES (3) more
    await client.send("/help")
    assert len(sent(client)) == 4
    assert all(SORRY not in m.text for m in sent(client))
    assert app.sleep.waits == [1.0, 2.0, 4.0]
    await client.send("/help")
    assert "Как мной пользоваться" in client.last_text, "the bot goes on when Telegram is back"


async def test_message_is_not_modified_is_not_an_error(app: App, client: BotClient) -> None:
    not_modified = Failure(400, "Bad Request: message is not modified: specified new message content is the same")
    app.telegram.fail(EditMessageText, not_modified)
    assert await app.bot.edit_message_text(chat_id=1001, message_id=9999, text="the same") is True


async def test_a_person_who_blocked_the_bot_gets_nothing_until_they_write_again(
    app: App, client: BotClient, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    await client.send("/start")
    await schedule_followup(app, scenario="passport")
    await schedule_followup(app, scenario="doctor")
    app.telegram.fail(SendMessage, BLOCKED)
    assert len(await app.drain()) == 1, "tried once: Telegram refused, the person blocked the bot"
    time_machine.move_to(NOON_IN_MOSCOW + timedelta(seconds=1), tick=False)
    assert await app.drain() == [], "unreachable: the second message is not even tried"
    assert await scheduled(app) == []
    await schedule_followup(app, scenario="pension")
    assert await scheduled(app) == [], "nothing more is queued for them"

    await client.send("/start")  # they unblocked the bot and wrote
    await schedule_followup(app, scenario="pension")
    [question] = await app.drain()
    assert "Пенсия" in question.text


async def test_a_handler_answer_refused_with_403_marks_the_person(app: App, client: BotClient) -> None:
    await client.send("/start")
    app.telegram.fail(SendMessage, BLOCKED)
    await client.send("/help")
    assert len(sent(client)) == 1, "no «something went wrong» to a chat that refuses everything"
    await schedule_followup(app)
    assert await scheduled(app) == []


async def test_the_sender_waits_out_429_and_retries_5xx_later(
    app: App, client: BotClient, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    await client.send("/start")
    await schedule_followup(app)
    app.telegram.fail(SendMessage, TOO_MANY_REQUESTS)
    app.sleep.waits.clear()
    assert len(await app.drain()) == 2, "refused once, then sent"
    assert 3 in app.sleep.waits

    await schedule_followup(app, scenario="doctor")
    time_machine.move_to(NOON_IN_MOSCOW + timedelta(seconds=1), tick=False)
    app.telegram.fail(SendMessage, BAD_GATEWAY, times=4)
    assert len(await app.drain()) == 4, "all four tries failed"
    assert await scheduled(app) == [("followup", "doctor", "2026-11-23 09:05:01")], "kept for later"
    time_machine.move_to(NOON_IN_MOSCOW + RETRY_LATER + timedelta(seconds=1), tick=False)
    [question] = await app.drain()
    assert "Поликлиника" in question.text
