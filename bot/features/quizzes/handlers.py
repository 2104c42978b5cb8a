"""Quizzes: /quiz, a scenario's self-check, answering, «Next», results and retakes — and the entry point homework
uses (`open_quiz`) and the one place an attempt ends (`finish_attempt`).

Each question is a message of its own; answering turns that message into the question's explanation. A press on an
old question or a double press changes nothing; a question gone from the scenario files is stepped over.
"""

from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.core.hooks import Hooks
from bot.core.i18n import Translator
from bot.core.middlewares import Handler
from bot.core.people import Repo, User
from bot.core.screens import Screen, chat_of, show, show_in_place
from bot.features.quizzes.buttons import QuizAnswerCb, QuizListCb, QuizMixCb, QuizNextCb, QuizResumeCb, QuizRetakeCb
from bot.features.quizzes.rules import pick
from bot.features.quizzes.turn import QuizTurn, _random, open_quiz, resume
from bot.features.quizzes.views import MIX_SIZE, quiz_list
from bot.features.scenarios.buttons import QuizOpenCb
from bot.features.scenarios.validation import Catalog


async def provide_turn(handler: Handler, query: CallbackQuery, data: dict[str, Any]) -> Any:
    data["turn"] = QuizTurn(
        data["bot"],
        data["user"],
        data["repo"],
        data["t"],
        data["catalog"],
        data["hooks"],
        chat_of(query),
        data["callback_answer"],
    )
    return await handler(query, data)


async def cmd_quiz(
    message: Message, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog, hooks: Hooks
) -> None:
    turn = QuizTurn(bot, user, repo, t, catalog, hooks, message.chat.id)
    await show(bot, user, message.chat.id, await list_screen(turn))


async def list_screen(turn: QuizTurn) -> Screen:
    unfinished = await turn.repo.quizzes.unfinished(turn.user.id)
    latest = (unfinished[0].id, turn.title(unfinished[0])) if unfinished else None
    return quiz_list(turn.t, turn.catalog, latest)


async def list_pressed(query: CallbackQuery, turn: QuizTurn) -> None:
    screen = await list_screen(turn)
    if screen.digest == turn.user.screen_digest:
        turn.notify("quiz-below")
        return
    await show(turn.bot, turn.user, turn.chat_id, screen)


async def scenario_quiz_opened(query: CallbackQuery, callback_data: QuizOpenCb, turn: QuizTurn) -> None:
    scenario = turn.catalog.get(callback_data.scenario)
    if scenario is None or not scenario.quiz:
        turn.notify("scenario-gone")
        await list_pressed(query, turn)
        return
    refs = [(scenario.id, asked.id) for asked in scenario.quiz]
    await open_quiz(turn, refs, scenario_id=scenario.id)


async def mix_opened(query: CallbackQuery, turn: QuizTurn) -> None:
    banks = {scenario.id: [asked.id for asked in scenario.quiz] for scenario in turn.catalog}
    refs = pick(banks, MIX_SIZE, _random)
    await open_quiz(turn, refs)


async def resume_pressed(query: CallbackQuery, callback_data: QuizResumeCb, turn: QuizTurn) -> None:
    attempt = await turn.attempt(callback_data.attempt)
    if attempt is not None:
        await resume(turn, attempt)


async def retake_pressed(query: CallbackQuery, callback_data: QuizRetakeCb, turn: QuizTurn) -> None:
    attempt = await turn.attempt(callback_data.attempt)
    if attempt is None:
        return
    refs = [item.ref for item in attempt.items]
    kind = {"scenario_id": attempt.scenario_id, "assignment_id": attempt.assignment_id, "group_id": attempt.group_id}
    await open_quiz(turn, refs, **kind)


async def answer_chosen(query: CallbackQuery, callback_data: QuizAnswerCb, turn: QuizTurn) -> None:
    attempt = await turn.attempt(callback_data.attempt)
    if attempt is None:
        return
    if attempt.finished_at is not None or callback_data.position != attempt.position or attempt.answered:
        turn.notify("quiz-answered")  # a double press, or a question answered long ago: nothing changes
        return
    asked = turn.lookup(attempt.current.ref)
    if not attempt.current.fits(asked) or not 0 <= callback_data.option < len(attempt.current.order):
        turn.notify("quiz-changed")
        await resume(turn, attempt)
        return
    attempt.answer(callback_data.option, asked)  # type: ignore[arg-type]
    await turn.move(attempt)
    await show_in_place(query, turn.bot, turn.user, turn.screen(attempt))


async def next_pressed(query: CallbackQuery, callback_data: QuizNextCb, turn: QuizTurn) -> None:
    attempt = await turn.attempt(callback_data.attempt)
    if attempt is None:
        return
    if callback_data.position != attempt.position or not attempt.answered:
        turn.notify("quiz-old-button")
        return
    attempt.advance(turn.lookup)
    await turn.move(attempt)
    await turn.present(attempt)


def create_router() -> Router:
    router = Router(name="quizzes")
    router.message.register(cmd_quiz, Command("quiz"))
    router.callback_query.middleware(provide_turn)
    # The presses made most often first: each handler's filter is tried in turn.
    router.callback_query.register(answer_chosen, QuizAnswerCb.filter())
    router.callback_query.register(next_pressed, QuizNextCb.filter())
    router.callback_query.register(scenario_quiz_opened, QuizOpenCb.filter())
    router.callback_query.register(mix_opened, QuizMixCb.filter())
    router.callback_query.register(resume_pressed, QuizResumeCb.filter())
    router.callback_query.register(retake_pressed, QuizRetakeCb.filter())
    router.callback_query.register(list_pressed, QuizListCb.filter())
    return router
