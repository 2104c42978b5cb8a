"""A homework once set: the coordinator sees who has not started, moves the deadline (students who have not finished
are told, the nudge moves with it) or cancels it (students are told once, it leaves their /homework, no nudge comes,
the results stay)."""

from datetime import UTC, datetime, timedelta

import time_machine

from tests.classes_helpers import MASHA, PETYA, assign_homework, join, make_coordinator, make_group, open_card, person
from tests.classes_helpers import started as started_app
from tests.conftest import App, BotClient, StartApp
from tests.test_quizzes import answer

NOON = datetime(2026, 11, 23, 9, tzinfo=UTC)  # Monday, 12:00 in Moscow
DECEMBER_2 = datetime(2026, 12, 2, 9, tzinfo=UTC)  # Wednesday, 12:00 in Moscow
QUIZ = "Паспорт РФ — получение и замена"
KOLYA = 7


async def classroom(start_app: StartApp) -> tuple[App, BotClient, BotClient, BotClient]:
    """A teacher, Petya and Masha in a group, a homework due in a week (30.11), announced."""
    app = await started_app(start_app)
    teacher = await make_coordinator(app)
    await teacher.send("/settings")  # the students' messages are what is tested here, not the class news
    await teacher.click("✅ Группы: кто вступил")
    await teacher.click("✅ Группы: кто сделал задание")
    code = await make_group(teacher)
    petya, masha = person(app, PETYA, "Петя"), person(app, MASHA, "Маша")
    await join(petya, code)
    await join(masha, code)
    await assign_homework(teacher)
    assert len(await app.drain()) == 2
    return app, teacher, petya, masha


async def open_results(teacher: BotClient) -> None:
    await open_card(teacher)
    await teacher.click("📊 Результаты")
    await teacher.click(QUIZ)


async def pending(app: App) -> list[tuple]:
    rows = await app.database.fetch_all("SELECT user_id, kind, due_at FROM outbox WHERE state = 'pending' ORDER BY 1")
    return [tuple(row) for row in rows]


async def test_who_has_not_started_and_a_later_deadline(start_app: StartApp) -> None:
    with time_machine.travel(NOON, tick=False) as traveller:
        await later_deadline(start_app, traveller)


async def later_deadline(start_app: StartApp, traveller: time_machine.Traveller) -> None:
    app, teacher, petya, _ = await classroom(start_app)
    await petya.send("/homework")
    await petya.click("▶️ Паспорт РФ")
    await answer(petya, right=True)  # started, not finished

    await open_results(teacher)
    assert {"🙋 Кто ещё не начал", "📅 Продлить срок", "🚫 Отменить задание"} <= set(teacher.buttons())
    await teacher.click("🙋 Кто ещё не начал")
    assert teacher.last_text == (
        f"🙋 {QUIZ}, срок 30.11\n\nЕщё не начинали (1): Маша\nНачали, но не закончили (1): Петя"
    )
    await teacher.click("⬅️ Назад")
    await teacher.click("📅 Продлить срок")
    assert f"Новый срок для «{QUIZ}» (сейчас — до 30.11)" in teacher.last_text
    assert teacher.buttons()[:4] == ["До 01.12 (+1 день)", "До 03.12 (+3 дня)", "До 07.12 (+7 дней)", "Написать дату"]
    await teacher.click("До 03.12 (+3 дня)")
    assert teacher.last_text.startswith("📅 Готово: новый срок — до конца дня 03.12.2026.")
    assert f"📊 {QUIZ}, срок 03.12" in teacher.last_text
    assert await app.database.fetch_one("SELECT deadline_at FROM assignments") == ("2026-12-03 20:59:59",)

    traveller.shift(timedelta(seconds=1))
    told = await app.drain()
    assert sorted(m.chat_id for m in told) == [PETYA, MASHA], "neither has finished"
    assert told[0].text == (
        f"📅 Новый срок: задание группы «9Б, школа 12», тест «{QUIZ}», — теперь до конца дня 03.12."
    )
    assert "▶️ Начать" in str(told[0].reply_markup)
    nudges = [(user, due) for user, kind, due in await pending(app) if kind == "homework-nudge"]
    assert nudges == [(PETYA, "2026-12-02 15:00:00"), (MASHA, "2026-12-02 15:00:00")], "only the new deadline's"

    traveller.move_to(datetime(2026, 11, 30, 7, tzinfo=UTC))  # the old nudge's morning
    assert await app.drain() == []
    traveller.move_to(datetime(2026, 12, 3, 7, tzinfo=UTC))  # 10:00 in Moscow on the new last day
    nudged = await app.drain()
    assert sorted(m.chat_id for m in nudged) == [PETYA, MASHA]
    assert "до конца дня 03.12" in nudged[0].text


async def test_a_typed_deadline_may_be_today_and_a_day_gone_is_asked_about(start_app: StartApp) -> None:
    with time_machine.travel(DECEMBER_2, tick=False) as traveller:
        app, teacher, _, _ = await classroom(start_app)
        await open_results(teacher)
        await teacher.click("📅 Продлить срок")
        await teacher.click("Написать дату")
        assert "Напишите дату" in teacher.last_text
        await teacher.send("01.12")
        assert teacher.last_text == (
            "01.12 в этом году уже прошло. Вы имели в виду 01.12.2027? Если нет — напишите другую дату."
        )
        await teacher.send("сегодня")
        assert teacher.last_text.startswith("📅 Готово: новый срок — до конца дня 02.12.2026."), "work done in class"
        traveller.shift(timedelta(seconds=1))
        assert {m.text for m in await app.drain()} == {
            f"📅 Новый срок: задание группы «9Б, школа 12», тест «{QUIZ}», — теперь до конца дня 02.12."
        }

        await teacher.click("📅 Продлить срок")
        await teacher.click("Написать дату")
        await teacher.send("2 декабря")
        assert teacher.last_text.startswith("Срок и так до конца дня 02.12.2026.")
        await teacher.send("03.12")
        assert "Записал" not in teacher.last_text and "Готово" not in teacher.last_text, "the question was answered"
        traveller.shift(timedelta(seconds=1))
        assert await app.drain() == [], "nothing changed: nobody is told"


async def test_a_cancelled_homework_is_told_once_and_leaves_the_students(start_app: StartApp) -> None:
    with time_machine.travel(NOON, tick=False) as traveller:
        await cancelled(start_app, traveller)


async def cancelled(start_app: StartApp, traveller: time_machine.Traveller) -> None:
    app, teacher, petya, masha = await classroom(start_app)
    start = masha.driver.keyboard_message()
    await petya.send("/homework")
    await petya.click("▶️ Паспорт РФ")
    for number in range(5):
        await answer(petya, right=True)
        await petya.click("📊 Итоги" if number == 4 else "Дальше ➡️")

    await open_results(teacher)
    results = teacher.driver.keyboard_message()
    await teacher.click("🚫 Отменить задание")
    assert teacher.last_text.startswith(f"Отменить задание «{QUIZ}» группы «9Б, школа 12»?")
    await teacher.click("Нет, не надо")
    assert f"📊 {QUIZ}, срок 30.11" in teacher.last_text
    await teacher.click("🚫 Отменить задание")
    await teacher.click("Да, отменить задание")
    assert teacher.last_text.startswith("🚫 Задание отменено. Ученикам я напишу об этом.")
    assert "• Петя — сделано: 100%" in teacher.last_text, "the results stay"
    assert "🚫 Задание отменено: у учеников его больше нет" in teacher.last_text
    assert "📅 Продлить срок" not in teacher.buttons() and "📄 Файл для Excel" in teacher.buttons()

    traveller.shift(timedelta(seconds=1))
    told = await app.drain()
    assert sorted(m.chat_id for m in told) == [PETYA, MASHA]
    assert {m.text for m in told} == {
        f"🚫 Задание группы «9Б, школа 12», тест «{QUIZ}», отменено. Делать его не нужно."
    }
    await teacher.click("📅 Продлить срок", message=results)  # the screen from before the cancellation
    assert teacher.notice == "Это задание уже отменено." and teacher.screens == []
    traveller.shift(timedelta(seconds=1))
    assert await app.drain() == [], "told once"

    await masha.send("/homework")
    assert "Заданий пока нет" in masha.last_text
    await masha.click("▶️ Начать", message=start)
    assert masha.notice == "Это задание отменено — делать его не нужно." and masha.screens == []
    traveller.move_to(datetime(2026, 11, 30, 7, tzinfo=UTC))  # the nudge's morning
    assert await app.drain() == [], "no nudge"
    assert await pending(app) == []

    (code,) = await app.database.fetch_one("SELECT join_code FROM groups")
    await join(person(app, KOLYA, "Коля"), code)
    assert await app.drain() == [], "a member who joins later does not get it"
    await open_card(teacher)
    assert f"• {QUIZ}, до 30.11 — отменено" in teacher.last_text
    await teacher.click("📊 Результаты")
    assert f"🚫 {QUIZ}, до 30.11" in teacher.buttons()
