"""Walking a life situation: opening it, choices, Back, checklist ticks, and the summary card at the end."""

from typing import Any

from aiogram import Bot, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.core.buttons import MenuCb
from bot.core.config import Settings
from bot.core.hooks import Hooks, Moment
from bot.core.i18n import Translator
from bot.core.middlewares import Handler
from bot.core.people import Repo, User
from bot.core.screens import chat_of, show, show_in_place
from bot.features.scenarios.buttons import BackCb, ChoiceCb, JumpCb, OpenCb, ResumeCb, TickCb
from bot.features.scenarios.journey import Progress, target_of
from bot.features.scenarios.models import Scenario
from bot.features.scenarios.navigation import leave_scenario, menu_screen
from bot.features.scenarios.validation import Catalog
from bot.features.scenarios.views import resume_offer, step, summary

StepButton = ChoiceCb | BackCb | TickCb


class Walk:
    """One press of a scenario button, with everything needed to answer it."""

    def __init__(
        self,
        query: CallbackQuery,
        bot: Bot,
        user: User,
        repo: Repo,
        t: Translator,
        catalog: Catalog,
        answer: CallbackAnswer,
    ) -> None:
        self.query, self.bot, self.user, self.repo, self.t = query, bot, user, repo, t
        self.catalog, self.answer = catalog, answer

    async def enter(self, scenario_id: str) -> Scenario | None:
        """Make the scenario the person's current one; None (and the menu) if it no longer exists."""
        scenario = self.catalog.get(scenario_id)
        if scenario is None:
            self.answer.text = self.t("scenario-gone")
            menu = await menu_screen(self.t, self.user, self.repo, self.catalog)
            await show_in_place(self.query, self.bot, self.user, menu)
            return None
        if self.user.active_scenario not in (None, scenario.id):
            await leave_scenario(self.user, self.repo, self.catalog)
        self.user.active_scenario = scenario.id
        return scenario

    async def place(self, scenario: Scenario) -> tuple[Progress, str | None]:
        """Where the person is, and a notice when that had to be reset because the scenario file changed."""
        progress = await self.repo.progress.get(self.user.id, scenario.id)
        if progress is None:
            return Progress.begin(scenario), None
        if progress.version != scenario.version:
            if not progress.fits(scenario):
                return Progress.begin(scenario), "scenario-changed"
            progress.adopt(scenario)
        return progress, None

    async def at(self, button: StepButton) -> tuple[Scenario, Progress] | None:
        """The scenario and place a step button belongs to, if the button still fits where the person is.

        A button from an old message, pressed twice, or from before the scenario file changed only shows the
        current step again with a short explanation: it never moves the person somewhere unexpected.
        """
        scenario = await self.enter(button.scenario)
        if scenario is None:
            return None
        progress, notice = await self.place(scenario)
        if notice is None and progress.step_id == button.step and _exists(scenario, progress, button):
            return scenario, progress
        self.answer.text = self.t(notice or "stale-button")
        if notice:
            self.record(scenario, progress, "start")
        await self.show(scenario, progress)
        return None

    def record(self, scenario: Scenario, progress: Progress, kind: str) -> None:
        self.repo.progress.save(self.user.id, progress)
        self.repo.events.add(self.user.id, kind, scenario.id, progress.step_id)

    async def show(self, scenario: Scenario, progress: Progress) -> None:
        await show_in_place(self.query, self.bot, self.user, step(self.t, scenario, progress))


def _exists(scenario: Scenario, progress: Progress, button: StepButton) -> bool:
    current = progress.step(scenario)
    if isinstance(button, ChoiceCb):
        return target_of(current, button.index) is not None
    if isinstance(button, TickCb):
        return 0 <= button.index < len(current.checklist)
    return bool(progress.trail)


async def provide_walk(handler: Handler, query: CallbackQuery, data: dict[str, Any]) -> Any:
    data["walk"] = Walk(
        query, data["bot"], data["user"], data["repo"], data["t"], data["catalog"], data["callback_answer"]
    )
    return await handler(query, data)


async def scenario_opened(query: CallbackQuery, callback_data: OpenCb, walk: Walk) -> None:
    scenario = await walk.enter(callback_data.scenario)
    if scenario is None:
        return
    progress, notice = await walk.place(scenario)
    if notice is None and progress.trail and not progress.finished(scenario):
        await show_in_place(query, walk.bot, walk.user, resume_offer(walk.t, scenario, progress))
        return
    progress = Progress.begin(scenario)
    walk.record(scenario, progress, "start")
    await walk.show(scenario, progress)


async def resume_chosen(query: CallbackQuery, callback_data: ResumeCb, walk: Walk) -> None:
    scenario = await walk.enter(callback_data.scenario)
    if scenario is None:
        return
    progress, notice = await walk.place(scenario)
    if callback_data.fresh or notice:
        progress = Progress.begin(scenario)
        walk.record(scenario, progress, "start")
    else:
        walk.record(scenario, progress, "resume")
    await walk.show(scenario, progress)


async def search_result_chosen(query: CallbackQuery, callback_data: JumpCb, walk: Walk) -> None:
    scenario = await walk.enter(callback_data.scenario)
    if scenario is None:
        return
    progress = Progress.land(scenario, callback_data.step)
    walk.record(scenario, progress, "start")
    await walk.show(scenario, progress)


async def choice_made(
    query: CallbackQuery, callback_data: ChoiceCb, walk: Walk, settings: Settings, hooks: Hooks
) -> None:
    found = await walk.at(callback_data)
    if found is None:
        return
    scenario, progress = found
    progress.advance(target_of(progress.step(scenario), callback_data.index))  # type: ignore[arg-type]
    finished = progress.finished(scenario)
    walk.record(scenario, progress, "complete" if finished else "step")
    await walk.show(scenario, progress)
    if finished:
        await walk.bot.send_message(chat_id=chat_of(query), text=summary(walk.t, scenario, progress))
        moment = Moment(walk.bot, walk.user, walk.repo, walk.t, settings, chat_of(query), walk.catalog)
        await hooks.fire(hooks.scenario_finished, moment, scenario.id)


async def back_pressed(query: CallbackQuery, callback_data: BackCb, walk: Walk) -> None:
    found = await walk.at(callback_data)
    if found is None:
        return
    scenario, progress = found
    progress.go_back()
    walk.record(scenario, progress, "back")
    await walk.show(scenario, progress)


async def item_ticked(query: CallbackQuery, callback_data: TickCb, walk: Walk) -> None:
    found = await walk.at(callback_data)
    if found is None:
        return
    scenario, progress = found
    progress.toggle(callback_data.index)
    walk.repo.progress.save(walk.user.id, progress)
    await walk.show(scenario, progress)


def create_router() -> Router:
    router = Router(name="scenarios")
    router.callback_query.middleware(provide_walk)
    router.callback_query.register(scenario_opened, OpenCb.filter())
    router.callback_query.register(resume_chosen, ResumeCb.filter())
    router.callback_query.register(search_result_chosen, JumpCb.filter())
    router.callback_query.register(choice_made, ChoiceCb.filter())
    router.callback_query.register(back_pressed, BackCb.filter())
    router.callback_query.register(item_ticked, TickCb.filter())
    return router


async def cmd_start(message: Message, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog) -> None:
    await leave_scenario(user, repo, catalog)
    intro = t("welcome")
    if await repo.users.get(user.id) is None:  # the record is written after this update: it is the person's first
        intro = f"{intro}\n\n{t('privacy-first-start')}"
    await show(bot, user, message.chat.id, await menu_screen(t, user, repo, catalog, intro=intro))


async def cmd_menu(message: Message, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog) -> None:
    await leave_scenario(user, repo, catalog)
    await show(bot, user, message.chat.id, await menu_screen(t, user, repo, catalog))


async def cmd_cancel(message: Message, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog) -> None:
    left = await leave_scenario(user, repo, catalog)
    intro = t("cancel-done") if left else t("cancel-nothing")
    await show(bot, user, message.chat.id, await menu_screen(t, user, repo, catalog, intro=intro))


async def menu_pressed(query: CallbackQuery, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog) -> None:
    await leave_scenario(user, repo, catalog)
    await show_in_place(query, bot, user, await menu_screen(t, user, repo, catalog))


def create_menu_router() -> Router:
    router = Router(name="menu")
    router.message.register(cmd_start, CommandStart())
    router.message.register(cmd_menu, Command("menu"))
    router.message.register(cmd_cancel, Command("cancel"))
    router.callback_query.register(menu_pressed, MenuCb.filter())
    return router
