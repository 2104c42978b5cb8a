"""Updates answered before any feature sees them: a group or channel the bot was added to, and a person sending
too fast (see bot/private_chats.py and bot/throttle.py, which let only these through)."""

import logging

from aiogram import Bot, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import JOIN_TRANSITION, ChatMemberUpdatedFilter, Filter
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer

from bot.core.i18n import I18n, Translator

log = logging.getLogger(__name__)


class SlowDown(Filter):
    """The person has just gone over the flood limit (async: no thread hop, see ../shared/PERFORMANCE.md)."""

    async def __call__(self, event: TelegramObject, slow_down: bool = False) -> bool:
        return slow_down


class NotPrivate(Filter):
    async def __call__(self, query: CallbackQuery) -> bool:
        return query.message is not None and query.message.chat.type != ChatType.PRIVATE


async def added_to_chat(update: ChatMemberUpdated, bot: Bot, i18n: I18n) -> None:
    if update.chat.type == ChatType.PRIVATE:
        return  # the person unblocked the bot: they will write when they want to
    t = i18n(i18n.guess(update.from_user.language_code))
    me = await bot.me()
    try:
        await bot.send_message(chat_id=update.chat.id, text=t("guard-private-only", link=f"https://t.me/{me.username}"))
    except TelegramAPIError as exc:  # a channel where the bot may not post: leaving is what matters
        log.info("cannot say goodbye in chat %s: %s", update.chat.id, exc.message)
    await bot.leave_chat(chat_id=update.chat.id)


async def press_in_other_chat(query: CallbackQuery) -> None:
    """Answered (by the callback answer middleware) and nothing more."""


async def flooding_message(message: Message, bot: Bot, t: Translator) -> None:
    await bot.send_message(chat_id=message.chat.id, text=t("guard-slow-down"))


async def flooding_press(query: CallbackQuery, t: Translator, callback_answer: CallbackAnswer) -> None:
    callback_answer.text = t("guard-slow-down")
    callback_answer.show_alert = True


def create_router() -> Router:
    router = Router(name="guard")
    router.my_chat_member.register(added_to_chat, ChatMemberUpdatedFilter(JOIN_TRANSITION))
    router.callback_query.register(press_in_other_chat, NotPrivate())
    router.message.register(flooding_message, SlowDown())
    router.callback_query.register(flooding_press, SlowDown())
    return router
