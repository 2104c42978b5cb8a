"""Screens and putting them in front of the person: a screen is text and buttons; it is shown by editing the
message that was pressed, or as a new message."""

import hashlib
import logging
from dataclasses import dataclass
from functools import cached_property

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.core.i18n import Translator
from bot.core.people import User

log = logging.getLogger(__name__)


Row = list[InlineKeyboardButton]


@dataclass(frozen=True)
class Screen:
    text: str
    rows: tuple[Row, ...] = ()

    @cached_property
    def markup(self) -> InlineKeyboardMarkup | None:
        return InlineKeyboardMarkup(inline_keyboard=list(self.rows)) if self.rows else None

    @cached_property
    def digest(self) -> str:
        """Fingerprint of what the screen shows, to skip edits that would change nothing."""
        parts = [self.text] + [f"{b.text}\x1f{b.callback_data}\x1f{b.url}" for row in self.rows for b in row]
        return hashlib.blake2b("\x1e".join(parts).encode(), digest_size=8).hexdigest()


def button(text: str, callback: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=callback.pack())  # type: ignore[attr-defined]


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


async def show_in_place(query: CallbackQuery, bot: Bot, user: User, screen: Screen) -> None:
    """Show the screen in the message whose button was pressed (or in a new one if that message is gone)."""
    message = query.message
    await show(bot, user, chat_of(query), screen, edit=message.message_id if isinstance(message, Message) else None)


def confirm(t: Translator, question: str, yes: str, yes_callback: object, no_callback: object) -> Screen:
    """A yes/no question; «no» goes back to where the person came from."""
    return Screen(question, ([button(yes, yes_callback)], [button(t("btn-no"), no_callback)]))
