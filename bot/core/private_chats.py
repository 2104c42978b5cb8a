"""Only private chats are served: in a group or channel the bot reads nothing and answers no chatter."""

from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.types import Chat, TelegramObject, Update

from bot.core.middlewares import Handler


class PrivateChatsOnly(BaseMiddleware):
    """Drops every update from a group or channel except two, passed on without a person (no record is made of
    whoever is there): the bot being added (a handler says it works in private messages and leaves) and a button
    press (answered, so nobody's button keeps spinning)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        if chat is None or chat.type == ChatType.PRIVATE:
            return await handler(event, data)
        if not isinstance(event, Update) or (event.my_chat_member is None and event.callback_query is None):
            return None
        data["event_from_user"] = None
        return await handler(event, data)
