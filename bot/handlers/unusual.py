"""Messages that are not a typed question (photos, stickers, contacts, forwards, emoji, very long texts) and button
presses no other router knows (forged, or from a bot version long gone): a short helpful answer, or nothing."""

from aiogram import Bot, Router
from aiogram.enums import ContentType
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.callbacks import OpenCb
from bot.content.validation import Catalog
from bot.db.repositories import Repo, User
from bot.display import show
from bot.handlers.menu import menu_screen, show_in_place
from bot.i18n import Translator
from bot.views import Screen, button

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


def create_router() -> Router:
    router = Router(name="unusual")
    router.message.register(unusual_message, Unusual())
    router.callback_query.register(unknown_button)
    return router
