"""Whatever no other router took: unknown commands and free text."""

from aiogram import Bot, Router
from aiogram.types import Message

from bot.content.validation import Catalog
from bot.db.repositories import Repo, User
from bot.display import show
from bot.handlers.menu import menu_screen
from bot.i18n import Translator
from bot.views import Screen


async def anything_else(message: Message, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog) -> None:
    if message.text and message.text.startswith("/"):
        await show(bot, user, message.chat.id, Screen(t("unknown-command")))
        return
    await show(bot, user, message.chat.id, await menu_screen(t, user, repo, catalog, intro=t("text-fallback")))


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(anything_else)
    return router
