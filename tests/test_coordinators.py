"""Coordinator invitations: a single-use link makes exactly one coordinator, whatever happens at the same moment;
revoking asks first and tells the person once."""

import asyncio
from datetime import UTC, datetime

import time_machine
from aiogram.methods import SendMessage

from bot.console.chat import plain
from tests.classes_helpers import ADMIN, PETYA, TEACHER, link_in, make_coordinator, make_group, person, started
from tests.conftest import App, StartApp


async def invitation(app: App) -> str:
    admin = person(app, ADMIN, "Админ")
    await admin.send("/coordinators")
    await admin.click("➕ Пригласить координатора")
    return link_in(admin.last_text, "coord")


def told(app: App, chat_id: int) -> str:
    return "\n".join(
        plain(r.text) for r in app.telegram.requests if isinstance(r, SendMessage) and r.chat_id == chat_id
    )


async def test_two_people_opening_one_invitation_at_once_make_one_coordinator(start_app: StartApp) -> None:
    app = await started(start_app)
    for attempt in range(5):
        token = await invitation(app)
        first, second = person(app, 100 + 2 * attempt, "Оля"), person(app, 101 + 2 * attempt, "Ира")
        app.telegram.requests.clear()
        await asyncio.gather(*(p.driver.send(f"/start coord-{token}") for p in (first, second)))
        made = await app.database.fetch_all(
            "SELECT user_id FROM coordinators WHERE user_id IN (?, ?)",
            (first.driver.user["id"], second.driver.user["id"]),
        )
        assert len(made) == 1, f"try {attempt}: one invitation, {len(made)} coordinators"
        (winner,) = made[0]
        loser = second if winner == first.driver.user["id"] else first
        assert "Теперь вы координатор" in told(app, winner)
        assert "уже использована" in told(app, loser.driver.user["id"]), "the other is told the link is used"


async def test_forgetting_the_person_who_used_an_invitation_does_not_reopen_it(start_app: StartApp) -> None:
    app = await started(start_app)
    token = await invitation(app)
    teacher = person(app, TEACHER, "Ольга")
    await teacher.send(f"/start coord-{token}")
    assert "Теперь вы координатор" in teacher.last_text
    await teacher.send("/forget")
    await teacher.click("🗑 Да, удалить всё")

    stranger = person(app, PETYA, "Петя")
    await stranger.send(f"/start coord-{token}")
    assert "уже использована" in stranger.last_text
    assert await app.database.fetch_all("SELECT user_id FROM coordinators") == []


async def test_revoking_asks_first_and_tells_the_person_once(start_app: StartApp) -> None:
    app = await started(start_app)
    with time_machine.travel(datetime(2026, 11, 23, 19, tzinfo=UTC), tick=False) as traveller:  # 22:00 in Moscow
        teacher = await make_coordinator(app)
        await make_group(teacher)
        admin = person(app, ADMIN, "Админ")
        await admin.send("/coordinators")
        await admin.click("❌ Отозвать: Ольга")
        assert admin.last_text.startswith("Отозвать права координатора у «Ольга»?")
        await admin.click("Нет, не надо")
        assert "• Ольга" in admin.last_text and "❌ Отозвать: Ольга" in admin.buttons()
        assert await app.database.fetch_all("SELECT user_id FROM coordinators") == [(TEACHER,)], "nothing changed"

        await admin.click("❌ Отозвать: Ольга")
        asked = admin.driver.keyboard_message()
        await admin.click("❌ Да, отозвать")
        assert admin.notice == "Права координатора отозваны." and "Ольга" not in admin.last_text
        await admin.click("❌ Да, отозвать", message=asked)  # a second press of the same question
        assert await app.database.fetch_all("SELECT user_id FROM coordinators") == []
        assert await app.drain() == [], "not at night: quiet hours hold the message"

        traveller.move_to(datetime(2026, 11, 24, 6, tzinfo=UTC))  # 09:00 in Moscow
        (told,) = await app.drain()
        assert told.chat_id == TEACHER
        assert plain(told.text).startswith("Администратор бота отозвал у вас права координатора.")
        assert await app.drain() == [], "told once"
        await teacher.send("/groups")
        assert "Вы пока не состоите ни в одной группе" in teacher.last_text


async def test_a_person_invited_again_before_the_message_goes_is_not_told(start_app: StartApp) -> None:
    app = await started(start_app)
    with time_machine.travel(datetime(2026, 11, 23, 19, tzinfo=UTC), tick=False) as traveller:
        await make_coordinator(app)
        admin = person(app, ADMIN, "Админ")
        await admin.send("/coordinators")
        await admin.click("❌ Отозвать: Ольга")
        await admin.click("❌ Да, отозвать")
        await make_coordinator(app)  # a revocation by mistake, put right the same evening
        traveller.move_to(datetime(2026, 11, 24, 6, tzinfo=UTC))
        assert [m.chat_id for m in await app.drain()] == []
