"""Whatever no other router took: unknown commands, and typed questions, which are searched."""

from aiogram import Bot, Router
from aiogram.types import Message

from bot.content.validation import Catalog
from bot.db.repositories import Repo, User
from bot.display import show
from bot.handlers.menu import menu_screen
from bot.i18n import Translator
from bot.search import SearchIndex
from bot.views import Screen, search_results


async def anything_else(
    message: Message, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog, search: SearchIndex
) -> None:
    if message.text and message.text.startswith("/"):
        await show(bot, user, message.chat.id, Screen(t("unknown-command")))
        return
    matches = search.search(message.text or "", t.locale)
    if matches:
        await show(bot, user, message.chat.id, search_results(t, matches))
        return
    await show(bot, user, message.chat.id, await menu_screen(t, user, repo, catalog, intro=t("search-nothing")))


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(anything_else)
    return router
