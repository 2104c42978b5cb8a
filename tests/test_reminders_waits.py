"""The sender under Telegram's slow answers and 429s, at shutdown, and after a crash: a chat that must wait waits
alone, a shutdown takes seconds, and a crash repeats only what was in flight."""

import asyncio
from datetime import timedelta

import pytest
import time_machine
from aiogram.methods import SendMessage

from bot.features.reminders import sender as sender_module
from bot.features.reminders.sender import STALE
from tests.conftest import App, StartApp
from tests.test_reminders_sending import NOON_IN_MOSCOW, schedule_followup

PEOPLE = range(2001, 2041)  # forty people, each with a follow-up due


async def everyone_due(app: App, people: range = PEOPLE) -> None:
    for user_id in people:
        await app.person(user_id).send("/start")
        await schedule_followup(app, user_id)
    app.telegram.requests.clear()


def followups_to(app: App) -> list[int]:
    return [int(r.chat_id) for r in app.telegram.requests if isinstance(r, SendMessage)]


async def settle() -> None:
    """Let the send tasks that can finish, finish (a few passes of the event loop; no time passes)."""
    for _ in range(50):
        await asyncio.sleep(0)


@time_machine.travel(NOON_IN_MOSCOW, tick=False)
async def test_a_chat_that_must_wait_holds_up_nobody_else(start_app: StartApp) -> None:
    app = await start_app()
    await everyone_due(app, range(2001, 2003))
    slow = app.telegram.hold(2001)  # Telegram keeps this chat waiting (a 429's retry_after, a slow answer)
    sender = app.dispatcher["sender"]
    await asyncio.wait_for(sender.job(app.bot), timeout=2)  # the job returns; it does not wait for that chat
    await settle()
    assert 2002 in followups_to(app), "the other person's message went out at once"
    await schedule_followup(app, 2002, "doctor")  # due now too, a moment later
    with time_machine.travel(NOON_IN_MOSCOW + timedelta(seconds=2), tick=False):
        await asyncio.wait_for(sender.job(app.bot), timeout=2)  # the next second's job serves them
        await settle()
    assert followups_to(app).count(2002) == 2
    slow.set()
    await settle()
    assert followups_to(app).count(2001) == 1, "the waiting chat is served when Telegram answers"
    await sender.stop()


@time_machine.travel(NOON_IN_MOSCOW, tick=False)
async def test_a_shutdown_does_not_wait_out_a_long_flood_wait(
    start_app: StartApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sender_module, "STOP_WAIT", 0.05)  # seconds, instead of STOP_WAIT's 5: the same rule, quicker
    app = await start_app()
    await everyone_due(app, range(2001, 2002))
    app.telegram.hold(2001)  # never answered while the bot runs
    sender = app.dispatcher["sender"]
    await sender.job(app.bot)
    await asyncio.wait_for(sender.stop(), timeout=1)
    (state,) = await app.database.fetch_one("SELECT state FROM outbox WHERE user_id = 2001")
    assert state == "pending", "not delivered: queued again for after the restart"


async def test_a_crash_mid_drain_repeats_only_the_messages_in_flight(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON_IN_MOSCOW, tick=False)
    app = await start_app()
    await everyone_due(app)
    in_flight = [2001, 2011, 2021, 2031]
    for user_id in in_flight:
        app.telegram.hold(user_id)  # Telegram has not answered these when the process is killed
    await app.dispatcher["sender"].job(app.bot)
    await settle()
    delivered = set(followups_to(app)) - set(in_flight)
    assert len(delivered) == len(PEOPLE) - len(in_flight)

    # kill -9: nothing more runs in that process. A new one starts on the same database once the rows are stale.
    app.telegram.held.clear()
    restarted = await start_app()
    time_machine.move_to(NOON_IN_MOSCOW + STALE + timedelta(seconds=1), tick=False)
    app.telegram.requests.clear()
    await restarted.drain()
    again = followups_to(restarted)
    assert sorted(again) == in_flight, "only what Telegram had not answered is sent again"
    assert not set(again) & delivered, "no one who got the message gets it twice"
