"""A teacher's week: the coordinator hears what the class did — who joined, who did the homework, whose pledge was
confirmed — in one short message a day of each kind at 18:00 (never at night, each switchable in /settings), and at
once when a person a student helps asks for help."""

from datetime import UTC, datetime, timedelta

import time_machine

from tests.classes_helpers import (
    GRANNY,
    MASHA,
    PETYA,
    TEACHER,
    assign_homework,
    join,
    make_coordinator,
    make_group,
    person,
    started,
)
from tests.conftest import App, StartApp
from tests.test_helpers import ask_later
from tests.test_pledges import ACCOUNT_WALK, pledge
from tests.test_quizzes import answer

NOON = datetime(2026, 11, 23, 9, tzinfo=UTC)  # Monday, 12:00 in Moscow
SIX = datetime(2026, 11, 23, 15, tzinfo=UTC)  # 18:00 in Moscow
KOLYA = 7
GROUP = "9Б, школа 12"


async def to(app: App, user_id: int) -> list[str]:
    return [m.text for m in await app.drain() if m.chat_id == user_id]


async def test_three_joins_are_one_message_at_six_and_students_get_none(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON, tick=False)
    app = await started(start_app)
    teacher = await make_coordinator(app)
    code = await make_group(teacher)
    for user_id, name in ((PETYA, "Петя"), (MASHA, "Маша"), (KOLYA, "Коля")):
        await join(person(app, user_id, name), code)
    assert await app.drain() == [], "nothing during lessons"

    time_machine.move_to(SIX, tick=False)
    sent = await app.drain()
    assert [(m.chat_id, m.text) for m in sent] == [
        (TEACHER, f"📰 Группа «{GROUP}» за день: вступили 3 человека.\nПодробнее — в /groups.")
    ]
    assert [b.text for b in sent[0].reply_markup.inline_keyboard[0]] == ["🔕 Не напоминать об этом"]

    time_machine.move_to(SIX + timedelta(hours=1), tick=False)  # 19:00: tomorrow's news
    await join(person(app, 8, "Ваня"), code)
    assert await app.drain() == []
    time_machine.move_to(SIX + timedelta(days=1), tick=False)
    assert await to(app, TEACHER) == [f"📰 Группа «{GROUP}» за день: вступил 1 человек.\nПодробнее — в /groups."]

    petya = person(app, PETYA, "Петя")
    await petya.send("/settings")
    assert not any("Группы:" in label for label in petya.buttons()), "a student is not offered class news"
    await teacher.send("/settings")
    assert "✅ Группы: кто вступил" in teacher.buttons()


async def test_switched_off_in_settings_nothing_comes(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON, tick=False)
    app = await started(start_app)
    teacher = await make_coordinator(app)
    code = await make_group(teacher)
    await teacher.send("/settings")
    await teacher.click("✅ Группы: кто вступил")
    assert "🔕 Группы: кто вступил" in teacher.buttons()
    await join(person(app, PETYA, "Петя"), code)
    time_machine.move_to(SIX, tick=False)
    assert await app.drain() == []


async def test_quiet_hours_keep_it_for_the_morning(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON, tick=False)
    app = await start_app(admin_ids=(1,), quiet_hours="17:00-09:00")
    teacher = await make_coordinator(app)
    await join(person(app, PETYA, "Петя"), await make_group(teacher))
    time_machine.move_to(SIX, tick=False)
    assert await app.drain() == [], "18:00 is quiet here"
    time_machine.move_to(SIX + timedelta(hours=15), tick=False)  # 09:00 the next morning
    assert await to(app, TEACHER) == [f"📰 Группа «{GROUP}» за 23.11: вступил 1 человек.\nПодробнее — в /groups."]


async def test_homework_done_and_a_pledge_confirmed(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON, tick=False)
    app = await started(start_app)
    teacher = await make_coordinator(app)
    petya = person(app, PETYA, "Петя")
    await join(petya, await make_group(teacher))
    await assign_homework(teacher)
    await app.drain()
    await petya.click("▶️ Начать")
    for number in range(5):
        await answer(petya, right=True)
        await petya.click("📊 Итоги" if number == 4 else "Дальше ➡️")
    (token,) = await pledge(petya, "бабушка")
    granny = person(app, GRANNY, "Нина")
    await granny.send(f"/start help-{token}")
    for label in ACCOUNT_WALK:
        await granny.click(label)
    await granny.click("✅ Да, получилось")
    await app.drain()  # Петя's own messages

    told = []
    for second in range(4):  # one message a second to a chat
        time_machine.move_to(SIX + timedelta(seconds=2 * second), tick=False)
        told += await to(app, TEACHER)
    assert sorted(told) == [
        f"📰 Группа «{GROUP}» за день: вступил 1 человек.\nПодробнее — в /groups.",
        f"📰 Группа «{GROUP}» за день: задание сделал 1 человек.\nПодробнее — в /groups.",
        f"📰 Группа «{GROUP}» за день: ученики помогли 1 человеку зарегистрироваться на Госуслугах — это подтвердил"
        " сам человек.\nПодробнее — в /groups.",
    ]


async def test_help_asked_of_a_student_reaches_their_teacher_at_once(
    start_app: StartApp, time_machine: time_machine.TimeMachineFixture
) -> None:
    time_machine.move_to(NOON, tick=False)
    app = await started(start_app)
    teacher = await make_coordinator(app)
    petya = person(app, PETYA, "Петя")
    await join(petya, await make_group(teacher))
    (token,) = await pledge(petya, "бабушка")
    granny = person(app, GRANNY, "Нина")
    await granny.send(f"/start help-{token}")
    await app.drain()

    await ask_later(app, GRANNY, "account")
    [question] = await app.drain()
    assert question.chat_id == GRANNY
    await granny.click("🙋 Нужна помощь")
    assert (
        f"Ещё об этом узнает руководитель группы «{GROUP}», где занимается Петя, — чтобы подсказать, если"
        " понадобится." in granny.last_text
    ), "she agrees knowing who hears it"
    await granny.click("✅ Да, передать")
    sent = {m.chat_id: m.text for m in await app.drain()}
    assert set(sent) == {PETYA, TEACHER}
    assert sent[TEACHER].startswith(
        f"🙋 Ученику может понадобиться ваша поддержка: Петя из группы «{GROUP}» помогает с Госуслугами, и бабушка"
        " просит помочь.\n"
    )
    assert sent[TEACHER].endswith(
        "Петя уже получил(а) сообщение с подсказками. Если понадобится, помогите разобраться — например, на занятии."
    )
    assert "Нина" not in sent[TEACHER]
