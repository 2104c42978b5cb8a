"""/help: what the bot is, what it is not, and its commands."""

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.core.i18n import Translator
from bot.core.people import User
from bot.core.screens import Screen, show


async def cmd_help(message: Message, bot: Bot, user: User, t: Translator) -> None:
    await show(bot, user, message.chat.id, Screen(t("help")))


def create_router() -> Router:
    router = Router(name="help")
    router.message.register(cmd_help, Command("help"))
    return router
