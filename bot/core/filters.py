"""Filters shared by the classes features. Async on purpose: aiogram runs sync filters in a thread (~210 µs)."""

import re

from aiogram.filters import Filter
from aiogram.types import Message

from bot.core.people import User

# Telegram allows A–Z, a–z, 0–9, _ and - in a start parameter, up to 64 characters.
_START = re.compile(r"^/start(?:@\w+)?\s+([A-Za-z0-9_-]{1,64})\s*$")


class StartPayload(Filter):
    """`/start <prefix><token>` (a deep link): passes `token` to the handler."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    async def __call__(self, message: Message) -> bool | dict[str, str]:
        match = _START.match(message.text or "")
        if match is None or not match[1].startswith(self.prefix):
            return False
        return {"token": match[1].removeprefix(self.prefix)}


class Awaiting(Filter):
    """Text typed after the bot asked for it (users.awaiting starts with `prefix`); passes the rest as `awaited`.

    A command is never taken as the answer: /menu, /cancel and the others keep working.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    async def __call__(self, message: Message, user: User) -> bool | dict[str, str]:
        text = message.text
        if not (user.awaiting and user.awaiting.startswith(self.prefix) and text) or text.startswith("/"):
            return False
        return {"awaited": user.awaiting.removeprefix(self.prefix)}
