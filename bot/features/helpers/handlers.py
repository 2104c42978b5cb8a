"""«Нужна помощь» passed on: the person's consent, the request, and the helper's message through the outbox."""

from datetime import UTC, datetime

from aiogram import Bot, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer

from bot.core.i18n import Translator
from bot.core.people import Repo, User
from bot.core.screens import Screen, show_in_place
from bot.features.helpers.buttons import PassOnCb
from bot.features.helpers.repo import HelpRequest
from bot.features.helpers.views import asked_coordinator, asked_copy, asked_student, offer, passed, places
from bot.features.helpers.who import COPY_FAMILY, FAMILY, Helper, helper_of
from bot.features.members.repo import new_id
from bot.features.pledges.views import relation
from bot.features.reminders.followup import FOLLOWUP
from bot.features.reminders.letters import Letter, kind
from bot.features.scenarios.models import Scenario
from bot.features.scenarios.validation import Catalog

HELP_ASKED = "help-asked"
HELP_COPIED = "help-copied"


async def pass_on_pressed(
    query: CallbackQuery,
    callback_data: PassOnCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    catalog: Catalog,
    callback_answer: CallbackAnswer,
) -> None:
    row = await repo.outbox.get(callback_data.row, user.id)
    scenario = catalog.get(row.payload["scenario"]) if row and row.kind == FOLLOWUP else None
    if scenario is None or not await repo.outbox.answered(user.id, row.id, ("followup_help",)):
        callback_answer.text = t("stale-button")  # not their follow-up, or not one they asked help with
        return
    if not callback_data.yes:
        await show_in_place(query, bot, user, places(t, scenario))
        return
    if await repo.help_requests.passed(user.id, row.id):
        callback_answer.text = t("helpers-passed-already")
        return
    helper = await helper_of(repo, user.id)
    if helper is None or helper.user_id != callback_data.helper:  # changed since the question: ask again
        await show_in_place(query, bot, user, offer(t, helper, row.id) if helper else places(t, scenario))
        return
    await pass_on(repo, user, helper, scenario, row.id)
    await show_in_place(query, bot, user, passed(t, helper, scenario))


async def pass_on(repo: Repo, user: User, helper: Helper, scenario: Scenario, followup_id: int) -> None:
    """The request, saying where the person is in the guide (their progress, nothing they typed), and the helper's
    message."""
    progress = await repo.progress.get(user.id, scenario.id)
    step_id = progress.step_id if progress else None
    group_id = helper.group.id if helper.group else None
    request = HelpRequest(new_id(), user.id, scenario.id, step_id, helper.item_id, group_id)
    repo.help_requests.add(request, followup_id)
    repo.outbox.add(helper.user_id, HELP_ASKED, {"request": request.id}, datetime.now(UTC), key=str(request.id))
    for group in helper.copies:  # the person was told they hear it too
        payload = {"request": request.id, "group": group.id, "student": helper.user_id}
        repo.outbox.add(group.coordinator_user_id, HELP_COPIED, payload, datetime.now(UTC), key=str(request.id))


@kind(HELP_ASKED, family=FAMILY)
async def help_asked_letter(letter: Letter) -> Screen | None:
    """Not sent if the person who asked was forgotten, the guide removed, the pledge cancelled, or the person is no
    longer in the helper's group."""
    repo, t = letter.repo, letter.t
    request = await repo.help_requests.get(letter.payload["request"])
    scenario = letter.catalog.get(request.scenario_id) if request else None
    if request is None or scenario is None:
        return None
    if request.item_id is not None:
        item = await repo.pledges.item(request.item_id, letter.user_id)
        return asked_student(t, relation(t, item.relation), scenario, request.step_id) if item else None
    group = await repo.groups.get(request.group_id or 0)
    if group is None or group.coordinator_user_id != letter.user_id:
        return None
    if not await repo.groups.is_member(group.id, request.user_id):
        return None
    return asked_coordinator(t, request.first_name, group.name, scenario, request.step_id)


@kind(HELP_COPIED, family=COPY_FAMILY)
async def help_copied_letter(letter: Letter) -> Screen | None:
    """Not sent if the request or the pledge is gone, or the student is no longer in the coordinator's group."""
    repo, t, payload = letter.repo, letter.t, letter.payload
    request = await repo.help_requests.get(payload["request"])
    scenario = letter.catalog.get(request.scenario_id) if request else None
    group = await repo.groups.get(payload["group"])
    if request is None or scenario is None or group is None or group.coordinator_user_id != letter.user_id:
        return None
    item = await repo.pledges.item(request.item_id or 0, payload["student"])
    student = next((m for m in await repo.groups.members(group.id) if m.user_id == payload["student"]), None)
    if item is None or student is None:
        return None
    return asked_copy(t, student.name, group.name, relation(t, item.relation), scenario, request.step_id)


def create_router() -> Router:
    router = Router(name="helpers")
    router.callback_query.register(pass_on_pressed, PassOnCb.filter())
    return router
