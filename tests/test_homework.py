"""Homework: set for a group, announced through the outbox, taken, resumed after a restart, late, missed, results
and their CSV file; a member who joins later gets it too."""

import csv
import json
from datetime import UTC, datetime, timedelta

import time_machine
from aiogram.methods import SendDocument

from bot.core.spreadsheet import file_name
from tests.classes_helpers import (
    MASHA,
    PETYA,
    TEACHER,
    assign_homework,
    join,
    make_coordinator,
    make_group,
    open_card,
    person,
    started,
)
from tests.conftest import SCENARIOS, App, BotClient, StartApp, content
from tests.test_quizzes import answer

NOON = datetime(2026, 11, 23, 9, tzinfo=UTC)  # Monday, 12:00 in Moscow
DECEMBER_2 = datetime(2026, 12, 2, 9, tzinfo=UTC)  # Wednesday, 12:00 in Moscow
NEXT_YEAR_QUESTION = "01.12 в этом году уже прошло. Вы имели в виду 01.12.2027? Если нет — напишите другую дату."
KOLYA = 7


async def test_homework_set_announced_taken_resumed_and_its_results(start_app: StartApp) -> None:
    with time_machine.travel(NOON, tick=False) as traveller:
        await homework_walk(start_app, traveller)


async def homework_walk(start_app: StartApp, traveller: time_machine.Traveller) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    code = await make_group(teacher)
    petya, masha = person(app, PETYA, "Петя"), person(app, MASHA, "Маша")
    await join(petya, code)
    await join(masha, code)
    await assign_homework(teacher)
    assert (
        "тест «Паспорт РФ — получение и замена» задан группе «9Б, школа 12», срок — до конца дня 30.11.2026"
        in teacher.last_text
    )
    sent = await app.drain()
    assert sorted(m.chat_id for m in sent) == [PETYA, MASHA]
    assert (
        sent[0].text == "📝 Новое задание от группы «9Б, школа 12»: тест «Паспорт РФ — получение и замена», 5 вопросов."
        " Сделайте до 30.11."
    )

    await petya.click("▶️ Начать")
    assert "Вопрос 1 из 5" in petya.last_text
    await answer(petya, right=True)
    await petya.click("Дальше ➡️")
    await answer(petya, right=False)
    app = await started(start_app)  # a restart in the middle of the homework
    petya = person(app, PETYA, "Петя")
    await petya.send("/homework")
    assert "Паспорт РФ — получение и замена, до 30.11 — начато, не закончено" in petya.last_text
    await petya.click("▶️ Паспорт РФ")
    assert "Вопрос 2 из 5" in petya.last_text and "Неверно" in petya.last_text, "where it stopped"
    for _ in range(3):
        await petya.click("Дальше ➡️")
        await answer(petya, right=True)
    await petya.click("📊 Итоги")
    assert "Правильных ответов: 4 из 5 (80%)" in petya.last_text
    assert ("homework_done", "passport", None) in await app.events(PETYA)

    traveller.shift(timedelta(minutes=5))
    await petya.click("🔄 Пройти ещё раз")  # practice: the first completed attempt counts
    for number in range(5):
        await answer(petya, right=False)
        await petya.click("📊 Итоги" if number == 4 else "Дальше ➡️")
    await petya.send("/homework")
    assert "сделано: 80% (ещё тренировочных попыток: 1)" in petya.last_text
    assert "🔁 Ещё раз для тренировки: Паспорт РФ — получение и замена" in petya.buttons()

    await open_card(teacher)
    assert "• Паспорт РФ — получение и замена, до 30.11 — сделали 1 из 2" in teacher.last_text
    await teacher.click("📊 Результаты")
    await teacher.click("Паспорт РФ — получение и замена, до 30.11")
    results = teacher.last_text
    assert "• Петя — сделано: 80% (ещё тренировочных попыток: 1), закончил(а) 23.11 в 12:00" in results
    assert "• Маша — не начато" in results
    assert "Средний балл: 80%" in results and "Набрали 70% и больше: 1 из 2 (50%)" in results
    second = await asked_second(app, PETYA)
    assert f"Самые трудные вопросы:\n1. {second[:39]}" in results and "— ошиблись 1 из 1" in results

    await teacher.click("📄 Файл для Excel")
    document = next(r for r in teacher.replies if isinstance(r, SendDocument))
    data = document.document.data
    assert data.startswith(b"\xef\xbb\xbf"), "a byte order mark: Excel reads UTF-8"
    header, *rows = list(csv.reader(data.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert header[:5] == ["Имя", "Статус", "Балл, %", "Закончил(а)", "Тренировочных попыток"]
    assert header[5:] == [f"{n}. {question}" for n, question in enumerate(await asked(app, PETYA), 1)]
    assert header[6] == f"2. {second}"
    assert rows == [
        ["Петя", "сделано", "80", "23.11.2026 12:00", "1", "верно", "неверно", "верно", "верно", "верно"],
        ["Маша", "не начато", "", "", "0", "", "", "", "", ""],
    ], "the first finished attempt counts, with each answer and its time in the group's zone"
    assert document.document.filename == "Паспорт РФ — получение и замена 30.11.2026.csv"


async def asked(app: App, user_id: int) -> list[str]:
    """The homework's questions as the student was asked them, in order."""
    (questions,) = await app.database.fetch_one(
        "SELECT questions FROM quiz_attempts WHERE user_id = ? ORDER BY started_at LIMIT 1", (user_id,)
    )
    catalog, _ = content(SCENARIOS)
    found = {(s.id, q.id): q.question("ru") for s in catalog for q in s.quiz}
    return [found[(scenario, question)] for scenario, question, *_ in json.loads(questions)]


async def asked_second(app: App, user_id: int) -> str:
    return (await asked(app, user_id))[1]


@time_machine.travel(NOON, tick=False)
async def test_a_file_of_results_has_a_name_windows_accepts(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    await make_group(teacher)
    await assign_homework(teacher, quiz="Это правда Госуслуги?")
    await open_card(teacher)
    await teacher.click("📊 Результаты")
    await teacher.click("Это правда Госуслуги?")
    await teacher.click("📄 Файл для Excel")
    document = next(r for r in teacher.replies if isinstance(r, SendDocument))
    assert document.document.filename == "Это правда Госуслуги 30.11.2026.csv"


def test_file_names_windows_accepts() -> None:
    assert file_name('Это: правда? "Госуслуги" <a|b> c/d\\e*. ') == "Это правда Госуслуги a b c d e.csv"
    assert file_name("Итоги...") == "Итоги.csv"
    assert file_name("nul") == "_nul.csv" and file_name("COM1.txt") == "_COM1.txt.csv"
    assert file_name("?") == "file.csv"


async def test_late_missed_nudged_and_joined_after(start_app: StartApp) -> None:
    app = await started(start_app)
    with time_machine.travel(NOON, tick=False) as traveller:
        teacher = await make_coordinator(app)
        code = await make_group(teacher)
        masha = person(app, MASHA, "Маша")
        await join(masha, code)
        await assign_homework(teacher, quiz="🎲 Вопросы вперемешку", count="10", mark="60%", due="Написать дату")
        await teacher.send("20.11.2026")
        assert "Этот день уже прошёл" in teacher.last_text
        await teacher.send("25.11")
        assert "срок — до конца дня 25.11.2026" in teacher.last_text
        assert [m.chat_id for m in await app.drain()] == [MASHA]

        kolya = person(app, KOLYA, "Коля")
        await join(kolya, code)
        sent = await app.drain()
        assert [m.chat_id for m in sent] == [KOLYA], "a member who joins later gets open homework too"
        assert "тест «Вопросы вперемешку», 10 вопросов. Сделайте до 25.11." in sent[0].text

        traveller.move_to(datetime(2026, 11, 25, 7, tzinfo=UTC))  # 10:00 in Moscow on the last day
        nudged = [m for m in await app.drain() if m.chat_id != TEACHER]  # the teacher's is the class news
        assert sorted(m.chat_id for m in nudged) == [MASHA, KOLYA]
        assert nudged[0].text.startswith("⏰ Скоро срок: задание группы «9Б, школа 12»")

        traveller.move_to(datetime(2026, 11, 25, 21, tzinfo=UTC))  # 00:00 on the 26th in Moscow: too late
        await masha.send("/homework")
        assert "Вопросы вперемешку, до 25.11 — срок прошёл" in masha.last_text
        await masha.click("▶️ Сделать с опозданием: Вопросы вперемешку")
        for number in range(10):
            await masha.click(masha.buttons()[0])
            await masha.click("📊 Итоги" if number == 9 else "Дальше ➡️")
        await masha.send("/homework")
        assert "сделано с опозданием:" in masha.last_text
        assert [kind for kind, _, _ in await app.events(MASHA)][-1] == "homework_late"

        await open_card(teacher)
        await teacher.click("📊 Результаты")
        await teacher.click("Вопросы вперемешку")
        assert "• Коля — срок прошёл" in teacher.last_text
        traveller.shift(timedelta(days=1))


async def test_the_nudge_comes_the_evening_before_not_during_lessons(start_app: StartApp) -> None:
    app = await started(start_app)
    with time_machine.travel(NOON, tick=False) as traveller:
        teacher = await make_coordinator(app)
        masha = person(app, MASHA, "Маша")
        await join(masha, await make_group(teacher))
        await assign_homework(teacher, due="Написать дату")
        await teacher.send("25.11")
        assert [m.chat_id for m in await app.drain()] == [MASHA], "«Новое задание» at once"

        traveller.move_to(datetime(2026, 11, 24, 14, 59, tzinfo=UTC))  # 17:59 in Moscow the day before
        assert [m.chat_id for m in await app.drain()] == [TEACHER], "only the teacher's class news of the 23rd"
        traveller.move_to(datetime(2026, 11, 24, 15, 0, tzinfo=UTC))  # 18:00, after school
        [nudge] = await app.drain()
        assert nudge.chat_id == MASHA and nudge.text.startswith("⏰ Скоро срок")

        traveller.move_to(datetime(2026, 11, 24, 17, 0, tzinfo=UTC))  # 20:00: set later than that evening
        await assign_homework(teacher, quiz="Загранпаспорт", due="Написать дату")
        await teacher.send("25.11")
        assert [m.text.split(":")[0] for m in await app.drain()] == ["📝 Новое задание от группы «9Б, школа 12»"]
        traveller.shift(timedelta(hours=1))
        assert await app.drain() == [], "«Новое задание» names the deadline; no nudge a second after it"


@time_machine.travel(NOON, tick=False)
async def test_a_deadline_typed_in_words(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    await join(person(app, MASHA, "Маша"), await make_group(teacher))
    await assign_homework(teacher, due="Написать дату")
    await teacher.send("в пятницу")  # said on Monday 23.11
    assert "срок — до конца дня 27.11.2026" in teacher.last_text
    (sent,) = await app.drain()
    assert sent.text.endswith("Сделайте до 27.11.")
    (deadline,) = await app.database.fetch_one("SELECT deadline_at FROM assignments")
    assert deadline == "2026-11-27 20:59:59", "the end of Friday in Moscow"


async def test_due_today_and_a_day_gone_this_year_is_asked_about(start_app: StartApp) -> None:
    with time_machine.travel(DECEMBER_2, tick=False) as traveller:
        await due_today_and_next_year(start_app, traveller)


async def due_today_and_next_year(start_app: StartApp, traveller: time_machine.Traveller) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    masha = person(app, MASHA, "Маша")
    await join(masha, await make_group(teacher))
    await assign_homework(teacher, due="Написать дату")
    await teacher.send("01.12.2026")
    assert "Этот день уже прошёл. Напишите сегодняшнюю дату или более позднюю." in teacher.last_text
    await teacher.send("02.12")
    assert "срок — до конца дня 02.12.2026" in teacher.last_text, "work done in class can be due today"
    assert await app.database.fetch_one("SELECT deadline_at FROM assignments") == ("2026-12-02 20:59:59",)
    (sent,) = await app.drain()
    assert sent.text.endswith("Сделайте до 02.12.")

    await assign_homework(teacher, due="Написать дату")
    await teacher.send("01.12")
    assert teacher.last_text == NEXT_YEAR_QUESTION
    assert await app.database.fetch_one("SELECT count(*) FROM assignments") == (1,), "nothing set before the answer"
    await teacher.click("✅ Да, 01.12.2027")
    assert "срок — до конца дня 01.12.2027" in teacher.last_text
    traveller.shift(timedelta(seconds=1))  # Telegram: one message a second to a chat
    (sent,) = await app.drain()
    assert sent.text.endswith("Сделайте до 01.12.2027."), "a deadline of another year shows its year"

    await masha.send("/homework")
    assert "Паспорт РФ — получение и замена, до 02.12 — не начато" in masha.last_text
    assert "Паспорт РФ — получение и замена, до 01.12.2027 — не начато" in masha.last_text
    await open_card(teacher)
    assert "• Паспорт РФ — получение и замена, до 01.12.2027 — сделали 0 из 1" in teacher.last_text
    await teacher.click("📊 Результаты")
    await teacher.click("Паспорт РФ — получение и замена, до 01.12.2027")
    assert "срок 01.12.2027, проходной балл 70%" in teacher.last_text


@time_machine.travel(DECEMBER_2, tick=False)
async def test_typing_another_date_answers_the_question(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    await join(person(app, MASHA, "Маша"), await make_group(teacher))
    await assign_homework(teacher, due="Написать дату")
    await teacher.send("1 декабря")
    assert teacher.last_text == NEXT_YEAR_QUESTION
    question = teacher.driver.keyboard_message()
    await teacher.send("послезавтра")
    assert "срок — до конца дня 04.12.2026" in teacher.last_text
    await teacher.click("✅ Да, 01.12.2027", message=question)
    await teacher.click("✅ Да, 01.12.2027", message=question)
    rows = await app.database.fetch_all("SELECT deadline_at FROM assignments ORDER BY deadline_at")
    assert [tuple(row) for row in rows] == [("2026-12-04 20:59:59",), ("2027-12-01 20:59:59",)], (
        "the button is the teacher's explicit choice, set once however often it is pressed"
    )


@time_machine.travel(NOON, tick=False)
async def test_homework_is_for_members_only(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    code = await make_group(teacher)
    petya = person(app, PETYA, "Петя")
    await join(petya, code)
    await assign_homework(teacher)
    await app.drain()
    start = petya.driver.keyboard_message()
    await petya.send("/groups")
    await petya.click("🚪 Выйти из «9Б, школа 12»")
    await petya.click("Да, выйти")
    await petya.click("▶️ Начать", message=start)
    assert petya.notice == "Это задание вам недоступно." and petya.screens == []
    await petya.send("/homework")
    assert "Заданий пока нет" in petya.last_text


@time_machine.travel(NOON, tick=False)
async def test_homework_in_english(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    code = await make_group(teacher)
    john = person(app, PETYA, "John", "en")
    await join_in_english(john, code)
    await assign_homework(teacher)
    sent = await app.drain()
    assert sent[0].text == (
        "📝 New homework from “9Б, школа 12”: the quiz “Russian passport — first one and replacement”, 5 questions."
        " Do it by 30.11."
    )
    await john.send("/homework")
    assert "<b>" not in john.last_text and "by 30.11 — not started" in john.last_text


async def join_in_english(student: BotClient, code: str) -> None:
    await student.send(f"/join {code}")
    await student.click("✅ Join")


async def test_a_result_below_the_pass_mark_says_so_to_the_student(start_app: StartApp) -> None:
    with time_machine.travel(NOON, tick=False):
        app = await started(start_app)
        teacher = await make_coordinator(app)
        code = await make_group(teacher)
        petya = person(app, PETYA, "Петя")
        await join(petya, code)
        await assign_homework(teacher, mark="80%")
        await app.drain()
        await petya.send("/homework")
        await petya.click("▶️ Паспорт РФ")
        for number in range(5):
            await answer(petya, right=number < 3)
            await petya.click("📊 Итоги" if number == 4 else "Дальше ➡️")
        await petya.send("/homework")
        assert "сделано: 60% — меньше проходного балла, нужно 80%" in petya.last_text


@time_machine.travel(NOON, tick=False)
async def test_a_name_that_excel_would_run_as_a_formula_is_written_as_text(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    code = await make_group(teacher)
    for user_id, name in ((PETYA, "=cmd|' /C calc'!A0"), (MASHA, "-1+cmd|' /C calc'!A0")):
        await join(person(app, user_id, name), code)
    await assign_homework(teacher)
    await open_card(teacher)
    await teacher.click("📊 Результаты")
    await teacher.click("Паспорт РФ — получение и замена")
    await teacher.click("📄 Файл для Excel")
    document = next(r for r in teacher.replies if isinstance(r, SendDocument))
    lines = document.document.data.decode("utf-8-sig").split("\r\n")
    assert "'=cmd|' /C calc'!A0;не начато;;;0;;;;;" in lines
    assert "'-1+cmd|' /C calc'!A0;не начато;;;0;;;;;" in lines
