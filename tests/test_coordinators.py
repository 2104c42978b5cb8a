"""Coordinator invitations: a single-use link makes exactly one coordinator, whatever happens at the same moment."""

import asyncio

from aiogram.methods import SendMessage

from bot.console.chat import plain
from tests.classes_helpers import ADMIN, PETYA, TEACHER, link_in, person, started
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
