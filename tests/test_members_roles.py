"""The authorisation matrix: every coordinator action, pressed as a forged or kept button (or sent as a command),
by an administrator, the group's coordinator, another coordinator, a member and a stranger. Only the first two may
act; for the others nothing is shown and nothing in the database changes."""

from datetime import UTC, datetime

import pytest
import time_machine
from aiogram.methods import SendDocument, SendPhoto

from bot.features.coordinators.buttons import CoordinatorsCb
from bot.features.homework.buttons import AssignCb, ChangeCb
from bot.features.members.buttons import GroupCb
from tests.classes_helpers import (
    ADMIN,
    OTHER_TEACHER,
    PETYA,
    TEACHER,
    assign_homework,
    join,
    make_coordinator,
    make_group,
    open_card,
    person,
    press_forged,
    started,
)
from tests.conftest import App, StartApp

STRANGER = 7
ROLES = {"administrator": ADMIN, "coordinator": TEACHER, "other coordinator": OTHER_TEACHER}
ROLES |= {"member": PETYA, "stranger": STRANGER}
GROUP_ACTIONS = ("open", "rename", "code", "recode", "qr", "close", "closed", "members", "remove", "removed", "assign")
GROUP_ACTIONS += ("results", "one-result", "csv", "set-homework")
HOMEWORK_CHANGES = ("waiting", "move", "type", "moved", "cancel", "cancelled")
GROUP_ACTIONS += HOMEWORK_CHANGES
ADMIN_ACTIONS = ("/coordinators", "invite", "revoke", "revoked", "list")
REFUSED = {"group": "Это действие вам недоступно.", "admin": "Эта команда только для администраторов бота."}
TABLES = ("groups", "group_members", "assignments", "coordinators", "coordinator_invites", "outbox")


async def world(start_app: StartApp) -> tuple[App, int, int]:
    """An administrator; a coordinator with a group, a member and a homework; another coordinator with a group."""
    app = await started(start_app)
    teacher = await make_coordinator(app)
    await join(person(app, PETYA, "Петя"), await make_group(teacher))
    await assign_homework(teacher)
    await make_group(await make_coordinator(app, OTHER_TEACHER, "Игорь"), "Кружок")
    group_id, assignment_id = await app.database.fetch_one(
        "SELECT g.id, a.id FROM groups g JOIN assignments a ON a.group_id = g.id"
    )
    return app, group_id, assignment_id


def forged(action: str, group_id: int, assignment_id: int) -> str:
    if action == "set-homework":
        return AssignCb(group_id=group_id, quiz="passport", count=5, mark=60, due="week").pack()
    if action in HOMEWORK_CHANGES:
        return ChangeCb(assignment=assignment_id, action=action, day="2026-12-10" if action == "moved" else "").pack()
    if action == "invite":
        return CoordinatorsCb(action="invite").pack()
    if action in ("revoke", "revoked", "list"):
        return CoordinatorsCb(action=action, user_id=OTHER_TEACHER).pack()
    arg = {"remove": PETYA, "removed": PETYA, "one-result": assignment_id, "csv": assignment_id}.get(action, 0)
    name = "results" if action == "one-result" else action
    return GroupCb(action=name, group_id=group_id, arg=arg).pack()


async def snapshot(app: App) -> list[list[tuple]]:
    return [[tuple(row) for row in await app.database.fetch_all(f"SELECT * FROM {table}")] for table in TABLES]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", GROUP_ACTIONS + ADMIN_ACTIONS)
@time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=UTC), tick=False)
async def test_only_the_administrator_and_the_groups_coordinator_may(
    start_app: StartApp, action: str, role: str
) -> None:
    app, group_id, assignment_id = await world(start_app)
    client = person(app, ROLES[role], "Кто-то")
    before = await snapshot(app)
    if action.startswith("/"):
        await client.send(action)
    else:
        await press_forged(client, forged(action, group_id, assignment_id))
    shown = client.screens + [r for r in client.replies if isinstance(r, SendDocument | SendPhoto)]
    allowed = role == "administrator" or (role == "coordinator" and action not in ADMIN_ACTIONS)
    refusal = REFUSED["admin" if action in ADMIN_ACTIONS else "group"]
    if allowed:
        assert shown, f"{role} may {action}"
        assert client.notice != refusal
    elif action.startswith("/"):
        assert client.last_text == refusal
        assert await snapshot(app) == before
    else:
        assert client.notice == refusal and shown == [], f"{role} may not {action}"
        assert await snapshot(app) == before, "nothing changed"


@time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=UTC), tick=False)
async def test_a_former_coordinators_old_buttons_and_questions_do_nothing(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    await make_group(teacher)
    await open_card(teacher)
    card = teacher.driver.keyboard_message()
    await teacher.click("✏️ Переименовать")
    admin = person(app, ADMIN, "Админ")
    await admin.send("/coordinators")
    await admin.click("❌ Отозвать: Ольга")
    await admin.click("❌ Да, отозвать")
    before = await snapshot(app)
    await teacher.send("10А")
    assert teacher.last_text == "Это действие вам недоступно."
    for label in ("🔑 Новый код", "📝 Задать тест", "🗑 Закрыть группу", "📊 Результаты"):
        await teacher.click(label, message=card)
        assert teacher.notice == "Это действие вам недоступно." and teacher.screens == []
    assert await snapshot(app) == before
    await admin.send("/groups")
    assert "9Б, школа 12 (0)" in admin.buttons(), "the administrator still reaches the group"
