"""Quizzes: a self-check after a scenario, /quiz, answers with explanations and sources, results, retakes, resuming
after a restart, old and double presses, mixes, the homework entry point, English, and what is stored."""

import json
import random
from pathlib import Path

from aiogram.methods import EditMessageText, SendMessage

from bot.composition import Repositories as Repo
from bot.console.chat import plain
from bot.features.quizzes.rules import pick
from bot.features.quizzes.turn import QuizTurn, open_quiz
from bot.features.scenarios.models import Question, Scenario
from tests.conftest import DATA, I18N, SCENARIOS, App, BotClient, StartApp, content

LIBRARY = content(SCENARIOS)[0]
SOURCED = DATA / "quiz"
PASSPORT = LIBRARY.get("passport")
assert PASSPORT is not None


def locale(client: BotClient) -> str:
    return "en" if client.driver.user["language_code"].startswith("en") else "ru"


def shown_question(client: BotClient, scenarios: list[Scenario]) -> tuple[Scenario, Question]:
    """The scenario and question on the newest message with buttons."""
    message = client.driver.keyboard_message()
    assert message is not None and message.text
    lang = locale(client)
    for scenario in scenarios:
        for asked in scenario.quiz:
            if asked.question(lang) in message.text:  # type: ignore[arg-type]
                return scenario, asked
    raise AssertionError(f"no known question in {message.text!r}")


async def answer(client: BotClient, right: bool, scenarios: list[Scenario] | None = None) -> Question:
    """Answer the question on screen, rightly or wrongly; returns it."""
    _, asked = shown_question(client, scenarios or [PASSPORT])
    option = next(o for o in asked.options if o.correct == right)
    await client.click(option.text(locale(client)))
    return asked


async def stored(app: App, user_id: int = 1001) -> list[tuple]:
    return await app.database.fetch_all(
        "SELECT questions, answers, position, score, finished_at, scenario_id, assignment_id FROM quiz_attempts"
        " WHERE user_id = ? ORDER BY started_at",
        (user_id,),
    )


async def open_passport_quiz(client: BotClient) -> None:
    await client.send("/quiz")
    await client.click("Паспорт РФ")


async def test_self_check_is_offered_at_the_end_of_a_scenario(app: App, client: BotClient) -> None:
    await client.send("/start")
    await client.click("Паспорт РФ")
    for label in ("Исполнилось 20 или 45 лет", "Дальше ➡️", "Через Госуслуги", "Дальше ➡️", "Дальше ➡️", "Дальше ➡️"):
        await client.click(label)
    assert "Последний шаг" in client.text
    assert "🧠 Проверь себя" in client.buttons()

    await client.click("🧠 Проверь себя")
    (sent,) = client.screens
    assert isinstance(sent, SendMessage), "a question is a message of its own"
    assert "Паспорт РФ" in client.last_text and f"Вопрос 1 из {len(PASSPORT.quiz)}" in client.last_text
    first = PASSPORT.quiz[0]
    assert first.question.ru in client.last_text
    assert sorted(client.buttons()) == sorted(o.text.ru for o in first.options)


async def test_quiz_lists_every_scenario_and_a_mix(client: BotClient) -> None:
    await client.send("/quiz")
    assert "Проверьте себя" in client.last_text
    labels = client.buttons()
    assert f"Паспорт РФ — получение и замена · {len(PASSPORT.quiz)} вопросов" in labels
    assert sum("вопрос" in label for label in labels) == len(LIBRARY) + 1
    assert "🎲 Вперемешку: 10 вопросов из всех тем" in labels


async def test_a_right_and_a_wrong_answer_are_explained(app: App, client: BotClient) -> None:
    await open_passport_quiz(client)
    question_message = client.driver.keyboard_message()
    asked = await answer(client, right=True)
    (edit,) = client.screens
    assert isinstance(edit, EditMessageText) and edit.message_id == question_message.message_id
    assert "✅ Верно!" in client.last_text and asked.explanation.ru in client.last_text
    assert client.buttons() == ["Дальше ➡️"]

    await client.click("Дальше ➡️")
    assert isinstance(client.screens[0], SendMessage) and "Вопрос 2 из" in client.last_text
    asked = await answer(client, right=False)
    right = next(o.text.ru for o in asked.options if o.correct)
    assert "❌ Неверно" in client.last_text and f"Правильный ответ: {right}" in client.last_text
    assert asked.explanation.ru in client.last_text


async def test_score_and_missed_questions_then_retake(app: App, client: BotClient) -> None:
    await open_passport_quiz(client)
    missed = []
    for number in range(len(PASSPORT.quiz)):
        asked = await answer(client, right=number not in (1, 4, 7))
        if number in (1, 4, 7):
            missed.append(asked)
        await client.click("📊 Итоги" if number == len(PASSPORT.quiz) - 1 else "Дальше ➡️")
    total = len(PASSPORT.quiz)
    assert f"Правильных ответов: {total - 3} из {total}" in client.last_text
    for asked in missed:
        right = next(o.text.ru for o in asked.options if o.correct)
        assert f"• {asked.question.ru} — {right}" in client.last_text
    assert client.buttons() == ["🔄 Пройти ещё раз", "📝 Другие тесты"]

    events = await app.database.fetch_all(
        "SELECT kind, scenario_id, value, ref FROM events WHERE kind LIKE 'quiz%' ORDER BY id"
    )
    ((attempt_id, *_),) = await app.database.fetch_all("SELECT id FROM quiz_attempts")
    assert events[0] == ("quiz_done", "passport", round(100 * (total - 3) / total), str(attempt_id))
    assert sorted(events[1:]) == sorted(("quiz_missed", "passport", None, q.id) for q in missed)

    await client.click("🔄 Пройти ещё раз")
    assert "Вопрос 1 из" in client.last_text
    rows = await stored(app)
    assert len(rows) == 2 and rows[1][1] == "[]" and rows[1][4] is None, "a new attempt, nothing answered yet"


async def test_resume_after_a_restart_keeps_the_shuffled_order(start_app: StartApp) -> None:
    app = await start_app(user_id=1001)
    await open_passport_quiz(app.client)
    await answer(app.client, right=True)
    await app.client.click("Дальше ➡️")
    order = app.client.buttons()
    question_text = app.client.last_text

    app = await start_app(user_id=1001)
    await app.client.send("/menu")
    await app.client.send("/quiz")
    assert app.client.buttons()[0] == "▶️ Продолжить тест: Паспорт РФ — получение и замена"
    await app.client.click("▶️ Продолжить тест")
    assert app.client.last_text == question_text and "Вопрос 2 из" in question_text
    assert app.client.buttons() == order, "the options keep the order they were shuffled into"
    await answer(app.client, right=False)
    ((answers, position),) = [(json.loads(a), p) for _, a, p, *_ in await stored(app)]
    assert len(answers) == 2 and position == 1


async def test_double_press_and_old_questions_change_nothing(app: App, client: BotClient) -> None:
    await open_passport_quiz(client)
    first = client.driver.keyboard_message()
    asked = await answer(client, right=False)
    before = await stored(app)

    right = next(o.text.ru for o in asked.options if o.correct)
    await client.click(right, message=first)  # the same question, pressed again from the message as it was
    assert client.notice == "На этот вопрос вы уже ответили." and not client.screens
    assert await stored(app) == before, "the first answer stands"

    await client.click("Дальше ➡️")
    answered = client.driver.telegram.chat(client.driver.chat["id"])[-2]
    await client.click("Дальше ➡️", message=answered)  # «Next» under the first question, pressed again
    assert client.notice == "Эта кнопка уже не действует." and not client.screens
    await client.click(right, message=first)
    assert client.notice == "На этот вопрос вы уже ответили."
    rows = await stored(app)
    assert json.loads(rows[0][1]) == json.loads(before[0][1]) and rows[0][2] == 1

    await client.send("/quiz")
    await client.click("Паспорт РФ")  # the same quiz again: its unfinished attempt, not a new one
    assert "Вопрос 2 из" in client.last_text and len(await stored(app)) == 1


async def test_homework_starts_a_mix_over_two_scenarios_and_learns_its_end(app: App, client: BotClient) -> None:
    doctor = LIBRARY.get("doctor")
    banks = {s.id: [q.id for q in s.quiz] for s in (PASSPORT, doctor)}
    refs = pick(banks, 4, random.Random(8))
    assert {sid for sid, _ in refs} == {"passport", "doctor"}, "a mix draws on both scenarios"
    await client.send("/start")

    tx = app.database.transaction()
    repo = Repo(tx)
    user = await repo.users.get(1001)
    turn = QuizTurn(app.bot, user, repo, I18N("ru"), LIBRARY, app.dispatcher["hooks"], chat_id=1001)
    client.telegram.requests.clear()
    attempt = await open_quiz(turn, refs, assignment_id=77, group_id=5)
    repo.users.save(user)
    await tx.commit()
    assert attempt is not None and attempt.assignment_id == 77
    shown = plain(client.telegram.requests[-1].text)
    assert "Вопросы вперемешку" in shown and "Вопрос 1 из 4" in shown

    for number in range(4):
        await answer(client, right=number != 0, scenarios=[PASSPORT, doctor])
        await client.click("📊 Итоги" if number == 3 else "Дальше ➡️")
    assert "Правильных ответов: 3 из 4 (75%)" in client.last_text

    (finished,) = await Repo(app.database.transaction()).quizzes.of_assignment(77)
    assert finished.finished_at is not None and finished.percent == 75 and finished.scenario_id is None
    assert [item.ref for item in finished.items] == refs
    done = await app.database.fetch_all("SELECT scenario_id, group_id, value, ref FROM events WHERE kind = 'quiz_done'")
    assert done == [(None, 5, 75, str(attempt.id))]
    missed = await app.database.fetch_all("SELECT scenario_id, ref FROM events WHERE kind = 'quiz_missed'")
    assert missed == [refs[0]]

    await client.click("🔄 Пройти ещё раз")
    first, again = await Repo(app.database.transaction()).quizzes.of_assignment(77)
    assert first.id == attempt.id and again.finished_at is None and again.group_id == 5, "practice, same homework"


async def test_the_explanation_names_its_sources_and_review_date(start_app: StartApp) -> None:
    client = (await start_app(scenarios=SOURCED)).client
    await client.send("/quiz")
    await client.click("Проверка источников")
    await client.click("Бесплатно")
    html = client.screens[-1].text
    page = "https://www.consultant.ru/document/cons_doc_LAW_52444/666281950a0403eaa8af836a26658a35043439b6/"
    link = f'<a href="{page}">Налоговый кодекс, ст. 333.33</a>'
    assert f"<i>Источник: {link} (проверено 20.11.2026)</i>" in html, "the taught step's source and review date"
    await client.click("Дальше ➡️")
    await client.click("На сайте ФНС")
    html = client.screens[-1].text
    assert '<i>Источник: <a href="https://www.nalog.gov.ru/rn77/taxation/gp/">ФНС: госпошлина</a></i>' in html
    await client.click("Дальше ➡️")
    await client.click("Да")
    assert "Потому что да." in client.last_text and "Источник" not in client.last_text, "no sources, no line"


async def test_english(start_app: StartApp) -> None:
    client = (await start_app(scenarios=SOURCED, language="en-US")).client
    await client.send("/start")
    await client.click("Checking sources")
    await client.click("Next ➡️")
    await client.click("🧠 Test yourself")
    assert "Question 1 of 6" in client.last_text and "How much is the fee?" in client.last_text
    await client.click("Nothing")
    assert "❌ Not quite. Your answer: Nothing" in client.last_text
    assert "The right answer: Three hundred roubles" in client.last_text and "The code says so." in client.last_text
    assert "Source: Налоговый кодекс, ст. 333.33 (https://www" in client.last_text
    assert "(checked 20.11.2026)" in client.last_text
    await client.click("Next ➡️")
    await client.click("On the tax service's site")
    assert "✅ Right!" in client.last_text
    for _ in range(4):
        await client.click("Next ➡️")
        await client.click("Yes")
    await client.click("📊 Results")
    assert "Right answers: 5 of 6 (83%)" in client.last_text
    assert "• How much is the fee? — Three hundred roubles" in client.last_text
    assert client.buttons() == ["🔄 Take it again", "📝 Other quizzes"]
    await client.click("📝 Other quizzes")
    assert "Checking sources · 6 questions" in client.buttons()


async def test_a_mix_from_the_quiz_list_is_continued_not_doubled(app: App, client: BotClient) -> None:
    await client.send("/quiz")
    await client.click("🎲 Вперемешку")
    assert "Вопросы вперемешку" in client.last_text and "Вопрос 1 из 10" in client.last_text
    await answer(client, right=True, scenarios=list(LIBRARY))
    await client.send("/quiz")
    assert client.buttons()[0] == "▶️ Продолжить тест: Вопросы вперемешку"
    await client.click("🎲 Вперемешку")
    assert "Вопрос 1 из 10" in client.last_text and "✅ Верно!" in client.last_text, "where it stopped"
    rows = await stored(app)
    assert len(rows) == 1 and rows[0][5] is None and rows[0][6] is None, "a self-check mix: no scenario, no homework"
    assert len({scenario_id for scenario_id, _, _ in json.loads(rows[0][0])}) >= 5, "drawn from every topic"


async def test_someone_elses_quiz_buttons_do_nothing(app: App, client: BotClient) -> None:
    await open_passport_quiz(client)
    theirs = client.driver.keyboard_message()
    before = await stored(app)
    stranger = app.person(2002)
    await stranger.send("/start")
    await stranger.click(theirs.reply_markup.inline_keyboard[0][0].text, message=theirs)
    assert stranger.notice == "Этот тест уже недоступен. Откройте /quiz." and not stranger.screens
    assert await stored(app) == before and await stored(app, 2002) == []


async def test_questions_gone_from_the_file_are_skipped(start_app: StartApp, tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    text = (SOURCED / "sourced.yaml").read_text(encoding="utf-8")
    (folder / "sourced.yaml").write_text(text, encoding="utf-8")
    client = (await start_app(scenarios=folder, user_id=1001)).client
    await client.send("/quiz")
    await client.click("Проверка источников")
    await client.click("Бесплатно")
    await client.click("Дальше ➡️")
    own = client.driver.keyboard_message()
    assert "Где смотреть пошлину?" in own.text

    # The author renames the question on screen and adds an option to a later one.
    plain2 = '    question: {ru: "Вопрос четыре?", en: "Question four?"}\n    options:\n'
    changed = text.replace("id: own", "id: own_renamed").replace(
        plain2, plain2 + "      - {text: {ru: Может, en: Maybe}}\n"
    )
    (folder / "sourced.yaml").write_text(changed, encoding="utf-8")
    app = await start_app(scenarios=folder, user_id=1001)
    client = app.client
    await client.click("На сайте ФНС", message=own)
    assert client.notice == "Этот вопрос изменился, поэтому его пропускаем."
    assert "Вопрос 3 из 6" in client.last_text and "Вопрос три?" in client.last_text
    await client.click("Да")
    await client.click("Дальше ➡️")
    assert "Вопрос 5 из 6" in client.last_text, "question 4 now has other options: skipped as well"
    for label in ("Да", "Дальше ➡️", "Да", "📊 Итоги"):
        await client.click(label)
    assert "Правильных ответов: 3 из 4 (75%)" in client.last_text
    ((answers,),) = await app.database.fetch_all("SELECT answers FROM quiz_attempts")
    assert json.loads(answers) == [1, None, 0, None, 0, 0]


async def test_only_ids_and_numbers_are_stored(app: App, client: BotClient) -> None:
    await open_passport_quiz(client)
    await answer(client, right=False)
    await client.click("Дальше ➡️")
    await answer(client, right=True)
    rows = await app.database.fetch_all("SELECT * FROM quiz_attempts")
    columns = [column for table, column, _ in (await app.database.catalogue())[0] if table == "quiz_attempts"]
    (row,) = [dict(zip(columns, r, strict=True)) for r in rows]
    assert row["user_id"] == 1001 and row["scenario_id"] == "passport" and row["assignment_id"] is None
    for scenario_id, question_id, order in json.loads(row["questions"]):
        assert scenario_id == "passport" and question_id.isidentifier() and all(isinstance(i, int) for i in order)
    assert all(isinstance(chosen, int) for chosen in json.loads(row["answers"]))
    assert (row["position"], row["score"], row["finished_at"]) == (1, 1, None)
    stored_text = " ".join(map(str, row.values()))
    for asked in PASSPORT.quiz:
        assert asked.question.ru not in stored_text and all(o.text.ru not in stored_text for o in asked.options)



def test_a_mix_takes_evenly_from_each_bank() -> None:
    banks = {"long": [f"l{i}" for i in range(10)], "short": ["s0", "s1"]}
    four = pick(banks, 4, random.Random(1))
    assert sorted(sid for sid, _ in four) == ["long", "long", "short", "short"]
    everything = pick(banks, None, random.Random(2))
    assert sorted(everything) == sorted((sid, qid) for sid, ids in banks.items() for qid in ids)


async def test_an_old_continue_button_after_the_last_answer(start_app: StartApp) -> None:
    client = (await start_app(scenarios=SOURCED, user_id=1001)).client
    await client.send("/quiz")
    await client.click("Проверка источников")
    first = client.driver.keyboard_message()
    await client.send("/quiz")
    old_list = client.driver.keyboard_message()
    await client.click("Триста рублей", message=first)
    await client.click("Дальше ➡️", message=client.telegram.messages[(1001, first.message_id)])  # as it is now
    for label in ("В соцсетях", *["Дальше ➡️", "Да"] * 4):
        await client.click(label)
    assert "Вопрос 6 из 6" in client.last_text and client.buttons() == ["📊 Итоги"]

    await client.click("▶️ Продолжить тест", message=old_list)
    assert client.notice == "Тест — в сообщении ниже." and not client.screens

    await client.send("/menu")
    await client.click("▶️ Продолжить тест", message=old_list)
    assert "Вопрос 6 из 6" in client.last_text and "✅ Верно!" in client.last_text, "the last answer, shown again"
    await client.click("📊 Итоги")
    assert "Правильных ответов: 5 из 6 (83%)" in client.last_text
    assert "• Где смотреть пошлину? — На сайте ФНС" in client.last_text
    await client.click("▶️ Продолжить тест", message=old_list)
    assert client.notice == "Тест — в сообщении ниже." and not client.screens
