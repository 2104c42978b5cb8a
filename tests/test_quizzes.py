"""Quizzes: a self-check after a scenario, /quiz, answers with explanations and sources, results, retakes, resuming
after a restart, old and double presses, mixes, the homework entry point, English, and what is stored."""

import json
import random

from aiogram.methods import EditMessageText, SendMessage

from bot.console.chat import plain
from bot.content.models import Question, Scenario
from bot.db.repositories import Repo
from bot.handlers.quizzes import QuizTurn, open_quiz
from bot.quiz import pick
from tests.conftest import I18N, SCENARIOS, App, BotClient, StartApp, content

LIBRARY = content(SCENARIOS)[0]
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
    turn = QuizTurn(app.bot, user, repo, I18N("ru"), LIBRARY, chat_id=1001)
    client.telegram.requests.clear()
    attempt = await open_quiz(turn, refs, assignment_id=77, group_id=5)
    repo.users.save(user)
    await tx.commit()
    assert attempt is not None and attempt.assignment_id == 77
    assert "Вопросы из всех тем" in plain(client.telegram.requests[-1].text) and "Вопрос 1 из 4" in plain(
        client.telegram.requests[-1].text
    )

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
