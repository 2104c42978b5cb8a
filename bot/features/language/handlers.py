"""/language: Russian or English, whatever the Telegram app's language."""

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.core.i18n import I18n, Translator
from bot.core.people import Repo, User
from bot.core.screens import show, show_in_place
from bot.features.language.buttons import LanguageCb
from bot.features.language.views import languages
from bot.features.scenarios.navigation import menu_screen
from bot.features.scenarios.validation import Catalog


async def cmd_language(message: Message, bot: Bot, user: User, t: Translator) -> None:
    await show(bot, user, message.chat.id, languages(t))


async def language_chosen(
    query: CallbackQuery, callback_data: LanguageCb, bot: Bot, user: User, repo: Repo, i18n: I18n, catalog: Catalog
) -> None:
    t = i18n(callback_data.code)
    user.locale = t.locale
    await show_in_place(query, bot, user, await menu_screen(t, user, repo, catalog, intro=t("language-set")))


def create_router() -> Router:
    router = Router(name="language")
    router.message.register(cmd_language, Command("language"))
    router.callback_query.register(language_chosen, LanguageCb.filter())
    return router
