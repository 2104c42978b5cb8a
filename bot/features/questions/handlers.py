"""Whatever no other router took: unknown commands, greetings and thanks, and typed questions, which are searched.

A question the library does not cover is answered honestly («I don't know yet»), with the menu and the support phone;
it is counted by a library word it contains (never by its text) to show what people miss.

The unusual router, which comes before: messages that are not a typed question (photos, stickers, contacts,
forwards, emoji, very long texts) and button presses no other router knows (forged, or from a bot version long
gone): a short helpful answer, or nothing.
"""

from aiogram import Bot, Router
from aiogram.enums import ContentType
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.core.i18n import Translator
from bot.core.people import Repo, User
from bot.core.screens import Screen, button, show, show_in_place
from bot.features.safety.views import thanks
from bot.features.scenarios.buttons import OpenCb
from bot.features.scenarios.courtesy import courtesy
from bot.features.scenarios.navigation import menu_screen
from bot.features.scenarios.search import SearchIndex
from bot.features.scenarios.validation import Catalog
from bot.features.scenarios.views import search_results


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


SAFETY = "safety"  # the scenario that checks whether a message is really from Gosuslugi
LONG = 500  # characters: longer is a pasted text, not a question (searching 4,096 letters takes 0.3 s)
MEDIA = "unusual-media"
ANSWERS = {
    ContentType.CONTACT: "unusual-contact",
    ContentType.LOCATION: "unusual-location",
    ContentType.VENUE: "unusual-location",
    ContentType.STICKER: "unusual-emoji",
    ContentType.DICE: "unusual-emoji",
    ContentType.ANIMATION: "unusual-emoji",
    **dict.fromkeys(
        (
            ContentType.PHOTO,
            ContentType.LIVE_PHOTO,
            ContentType.VIDEO,
            ContentType.VIDEO_NOTE,
            ContentType.VOICE,
            ContentType.AUDIO,
            ContentType.DOCUMENT,
            ContentType.POLL,
            ContentType.STORY,
            ContentType.PAID_MEDIA,
            ContentType.CHECKLIST,
            ContentType.GAME,
        ),
        MEDIA,
    ),
}


class Unusual(Filter):
    """Not a plain typed question: gives the handler `answer`, the key of what to say (None: say nothing)."""

    async def __call__(self, message: Message) -> bool | dict[str, str | None]:
        if message.forward_origin is not None:
            return {"answer": "unusual-forwarded"}
        text = message.text
        if text is None:
            return {"answer": ANSWERS.get(message.content_type)}  # service messages (a pinned message…): nothing
        if len(text) > LONG:
            return {"answer": "unusual-long"}
        if not any(char.isalnum() for char in text):
            return {"answer": "unusual-emoji"}
        return False


async def unusual_message(
    message: Message, answer: str | None, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog
) -> None:
    if answer is None:
        return
    screen = await menu_screen(t, user, repo, catalog, intro=t(answer))
    safety = catalog.get(SAFETY)
    if answer == "unusual-forwarded" and safety is not None:
        screen = Screen(screen.text, ([button(safety.title(t.locale), OpenCb(scenario=safety.id))], *screen.rows))
    await show(bot, user, message.chat.id, screen)


async def unknown_button(
    query: CallbackQuery,
    callback_answer: CallbackAnswer,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    catalog: Catalog,
) -> None:
    callback_answer.text = t("unusual-button")
    await show_in_place(query, bot, user, await menu_screen(t, user, repo, catalog))


def create_unusual_router() -> Router:
    router = Router(name="unusual")
    router.message.register(unusual_message, Unusual())
    router.callback_query.register(unknown_button)
    return router
