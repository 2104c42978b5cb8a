"""Getting to the list of life situations: /start, /menu, /cancel and the Menu button."""

from aiogram import Bot, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, Message

from bot.callbacks import MenuCb
from bot.content.validation import Catalog
from bot.db.repositories import Repo, User
from bot.display import chat_of, show
from bot.i18n import Translator
from bot.views import Screen, menu


async def leave_scenario(user: User, repo: Repo, catalog: Catalog) -> bool:
    """Step out of the scenario the person is in; an unfinished one counts as abandoned at its step.

    Returns whether the person was in the middle of a scenario.
    """
    scenario = catalog.get(user.active_scenario) if user.active_scenario else None
    user.active_scenario = user.awaiting = None
    if scenario is None:
        return False
    progress = await repo.progress.get(user.id, scenario.id)
    if progress is None or not progress.unfinished(scenario):
        return False
    repo.events.add(user.id, "abandon", scenario.id, progress.step_id)
    return True


async def menu_screen(t: Translator, user: User, repo: Repo, catalog: Catalog, intro: str | None = None) -> Screen:
    """The menu, led by a "continue" button for the scenario the person most recently left unfinished."""
    for progress in await repo.progress.all(user.id, (scenario.id for scenario in catalog)):
        scenario = catalog.get(progress.scenario_id)
        if scenario is not None and progress.unfinished(scenario):
            return menu(t, catalog, scenario, intro)
    return menu(t, catalog, None, intro)


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


async def show_in_place(query: CallbackQuery, bot: Bot, user: User, screen: Screen) -> None:
    """Show the screen in the message whose button was pressed (or in a new one if that message is gone)."""
    message = query.message
    await show(bot, user, chat_of(query), screen, edit=message.message_id if isinstance(message, Message) else None)


def create_router() -> Router:
    router = Router(name="menu")
    router.message.register(cmd_start, CommandStart())
    router.message.register(cmd_menu, Command("menu"))
    router.message.register(cmd_cancel, Command("cancel"))
    router.callback_query.register(menu_pressed, MenuCb.filter())
    return router
