"""The follow-up: FOLLOWUP_AFTER after a person finishes a scenario, «Получилось оформить на Госуслугах?».

The answers (Да / Пока нет / Нужна помощь) are the outcome programmes report («using e-services»); each is one
event, followup_yes / followup_not_yet / followup_help, with the scenario. «Нужна помощь» offers the scenario again
and the official support numbers.
"""

from datetime import UTC, datetime
from html import escape

from aiogram import Bot, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot.callbacks import FollowupCb, MenuCb, OpenCb
from bot.config import Settings
from bot.content.validation import Catalog
from bot.db.repositories import Repo, User
from bot.handlers.menu import show_in_place
from bot.i18n import Translator
from bot.outbox import Letter, kind
from bot.pledge_hooks import followup_said_yes
from bot.views import Screen, button

FOLLOWUP = "followup"
ANSWERS = {"yes": "followup_yes", "not-yet": "followup_not_yet", "help": "followup_help"}


def schedule_followup(repo: Repo, user_id: int, scenario_id: str, settings: Settings) -> None:
    """Once per person and scenario: finishing it again does not ask twice."""
    due = datetime.now(UTC) + settings.followup_after
    repo.outbox.add(user_id, FOLLOWUP, {"scenario": scenario_id}, due, key=scenario_id)


@kind(FOLLOWUP, family="followups", snooze=True)
async def followup_letter(letter: Letter) -> Screen | None:
    scenario = letter.catalog.get(letter.payload["scenario"])
    if scenario is None:  # the scenario was removed since
        return None
    t = letter.t
    rows = tuple(
        [button(t(f"outbox-followup-{answer}"), FollowupCb(row=letter.id, answer=answer))] for answer in ANSWERS
    )
    return Screen(t("outbox-followup-ask", title=escape(scenario.title(t.locale))), rows)


async def followup_answered(
    query: CallbackQuery,
    callback_data: FollowupCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    catalog: Catalog,
    callback_answer: CallbackAnswer,
) -> None:
    row = await repo.outbox.get(callback_data.row, user.id)
    event = ANSWERS.get(callback_data.answer)
    scenario = catalog.get(row.payload["scenario"]) if row and row.kind == FOLLOWUP else None
    if scenario is None or event is None:
        callback_answer.text = t("stale-button")
        return
    if await repo.outbox.answered(user.id, row.id, tuple(ANSWERS.values())):  # pressed twice, or an old message
        callback_answer.text = t("outbox-followup-already")
        return
    repo.events.add(user.id, event, scenario.id, ref=str(row.id))
    if event == "followup_yes":
        await followup_said_yes(repo, user.id, scenario.id)
    title = escape(scenario.title(t.locale))
    rows = [[button(t("btn-menu"), MenuCb())]]
    if callback_data.answer != "yes":
        rows.insert(0, [button(t("outbox-followup-open", title=title), OpenCb(scenario=scenario.id))])
    await show_in_place(query, bot, user, Screen(t(f"outbox-followup-{callback_data.answer}-said"), tuple(rows)))


def create_router() -> Router:
    router = Router(name="followup")
    router.callback_query.register(followup_answered, FollowupCb.filter())
    return router
