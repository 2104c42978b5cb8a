"""Putting a screen in front of the person: edit the message they pressed, or send a new one."""

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery

from bot.db.repositories import User
from bot.views import Screen

log = logging.getLogger(__name__)


async def show(bot: Bot, user: User, chat_id: int, screen: Screen, *, edit: int | None = None) -> None:
    if edit is not None:
        if (user.screen_message_id, user.screen_digest) == (edit, screen.digest):
            return  # Telegram rejects an edit that changes nothing (a double press, a stale button)
        try:
            await bot.edit_message_text(text=screen.text, chat_id=chat_id, message_id=edit, reply_markup=screen.markup)
        except TelegramBadRequest as exc:
            if "not modified" not in exc.message:
                # Too old to edit (48 hours) or deleted: the person still gets the screen, as a new message.
                log.info("cannot edit message %s: %s; sending a new one", edit, exc.message)
                edit = None
        if edit is not None:
            user.screen_message_id, user.screen_digest = edit, screen.digest
            return
    sent = await bot.send_message(chat_id=chat_id, text=screen.text, reply_markup=screen.markup)
    user.screen_message_id, user.screen_digest = sent.message_id, screen.digest


def chat_of(query: CallbackQuery) -> int:
    """The chat a button was pressed in (a private chat's id is the person's id)."""
    return query.message.chat.id if query.message else query.from_user.id
