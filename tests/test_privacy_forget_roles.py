"""/forget in every role: a world built through the features, two people of each role, and each forgets in turn."""

from datetime import UTC, datetime

import time_machine

from tests.classes_helpers import ADMIN, assign_homework, join, make_coordinator, make_group, person
from tests.conftest import App, BotClient, StartApp
from tests.test_pledges import ACCOUNT_WALK, pledge
from tests.test_privacy import mentions

NOON = datetime(2026, 11, 23, 9, tzinfo=UTC)
TEACHERS, STUDENTS, HELPED, CITIZENS = (2, 3), (4, 5), (6, 7), (8, 9)


async def set_goal(coordinator: BotClient, target: str) -> None:
    await coordinator.send("/stats")
    await coordinator.click("🎯 Цели")
    await coordinator.click("Обучено людей")
    await coordinator.send(target)
    assert "Готово: цель «Обучено людей»" in coordinator.last_text


async def world(app: App) -> None:
    codes, teachers = [], []
    for number, teacher_id in enumerate(TEACHERS):
        teacher = await make_coordinator(app, teacher_id, f"Учитель{number}")
        codes.append(await make_group(teacher))
        await assign_homework(teacher)
        teachers.append(teacher)
    for number, student_id in enumerate(STUDENTS):
        student = person(app, student_id, f"Ученик{number}")
        for code in codes:
            await join(student, code)
        (token,) = await pledge(student, "бабушка")
        helped = person(app, HELPED[number], f"Бабушка{number}")
        await helped.send(f"/start help-{token}")
        for label in ACCOUNT_WALK:
            await helped.click(label)
    for number, teacher in enumerate(teachers):
        await set_goal(teacher, str(100 + number))  # the same indicator and year for both
    for citizen_id in CITIZENS:
        citizen = person(app, citizen_id, "Гражданин")
        await citizen.send("/start")
        await citizen.click("Паспорт")
    await app.drain()


@time_machine.travel(NOON, tick=False)
async def test_everyone_in_every_role_can_be_forgotten(start_app: StartApp) -> None:
    app = await start_app(admin_ids=(ADMIN,), stats_min_people=1)  # so a goal can be set in a class of two
    await world(app)
    everyone = (ADMIN, *TEACHERS, *STUDENTS, *HELPED, *CITIZENS)
    for user_id in everyone:
        assert await mentions(app.database, user_id), f"{user_id} left no rows to forget"
    for user_id in everyone:
        client = person(app, user_id, "Кто-то")
        await client.send("/forget")
        await client.click("🗑 Да, удалить всё")
        assert client.last_text.startswith("Готово, я удалил всё, что хранил о вас"), f"{user_id}: {client.last_text}"
        assert await mentions(app.database, user_id) == {}, f"{user_id} is still mentioned"
