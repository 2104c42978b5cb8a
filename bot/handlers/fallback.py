"""Whatever no other router took: unknown commands, greetings and thanks, and typed questions, which are searched.

A question the library does not cover is answered honestly («I don't know yet»), with the menu and the support phone;
it is counted by a library word it contains (never by its text) to show what people miss.
"""

from aiogram import Bot, Router
from aiogram.types import Message

from bot.content.validation import Catalog
from bot.courtesy import courtesy
from bot.db.repositories import Repo, User
from bot.display import show
from bot.handlers.menu import menu_screen
from bot.i18n import Translator
from bot.safety_views import thanks
from bot.search import SearchIndex
from bot.views import Screen, search_results


async def anything_else(
    message: Message, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog, search: SearchIndex
) -> None:
    text = message.text or ""
    if text.startswith("/"):
        await show(bot, user, message.chat.id, Screen(t("unknown-command")))
        return
    kind = courtesy(text)
    if kind == "thanks":
        await show(bot, user, message.chat.id, thanks(t))
        return
    if kind == "greeting":
        await show(bot, user, message.chat.id, await menu_screen(t, user, repo, catalog, intro=t("safety-greeting")))
        return
    matches = search.search(text, t.locale)
    if matches:
        await show(bot, user, message.chat.id, search_results(t, matches))
        return
    repo.events.add(user.id, "search_miss", ref=search.topic(text, t.locale))
    intro = f"{t('search-nothing')}\n\n{t('safety-support')}"
    await show(bot, user, message.chat.id, await menu_screen(t, user, repo, catalog, intro=intro))


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.register(anything_else)
    return router
