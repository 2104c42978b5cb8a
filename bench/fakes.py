"""Telegram stand-in, update builders and the bare aiogram bot. Imports aiogram only, never the bot: a "bare"
process (start-up, memory) must not pay for the bot's imports."""

import asyncio
import json
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.types import CallbackQuery, Message, Update

DATE = 1_790_000_000
BOT_USER = {"id": 1, "is_bot": True, "first_name": "Bench"}
SCREEN_ID = 1  # every message the fake "sends" gets this id, so presses always refer to the screen the bot showed


def _ok(result: object) -> str:
    return json.dumps({"ok": True, "result": result})


_MESSAGE = _ok(
    {"message_id": SCREEN_ID, "date": DATE, "chat": {"id": 1, "type": "private"}, "from": BOT_USER, "text": "ok"}
)
_CANNED = {
    "sendMessage": _MESSAGE,
    "editMessageText": _MESSAGE,
    "answerCallbackQuery": _ok(True),
    # aiogram-dialog takes the buttons off its old screen when a typed message makes it send a new one
    "editMessageReplyMarkup": _MESSAGE,
    "deleteMessage": _ok(True),
}
_TRUE = _ok(True)  # any other method (the leader's command list, say) just succeeds


class CannedTelegram(BaseSession):
    """Answers with canned JSON through aiogram's own `check_response`, like aiogram's MockedSession: each call pays
    the response parsing a real session pays, but no network. Both sides of every comparison use this class."""

    def __init__(self) -> None:
        super().__init__()
        self.notices = 0  # callback answers with a text: "stale button" and the like mean the traffic is wrong
        self.calls = 0

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        # A real session always suspends on the network: yield once, so concurrent updates interleave on both sides
        # as they would in production (without it, bare aiogram would run each update start to end in one go).
        await asyncio.sleep(0)
        self.calls += 1
        if getattr(method, "text", None) and method.__api_method__ == "answerCallbackQuery":
            self.notices += 1
        return self.check_response(bot, method, 200, _CANNED.get(method.__api_method__, _TRUE)).result

    async def close(self) -> None:
        pass

    async def stream_content(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError


def message_update(update_id: int, user_id: int, text: str, language: str = "ru") -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Bench", "language_code": language}
    message = {"message_id": 2, "date": DATE, "chat": {"id": user_id, "type": "private"}, "from": user, "text": text}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message}


def callback_update(update_id: int, user_id: int, data: str, language: str = "ru") -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "Bench", "language_code": language}
    chat = {"id": user_id, "type": "private"}
    screen = {"message_id": SCREEN_ID, "date": DATE, "chat": chat, "from": BOT_USER, "text": "screen"}
    query = {"id": str(update_id), "from": user, "chat_instance": str(user_id), "message": screen, "data": data}
    return {"update_id": update_id, "callback_query": query}


def mount(bot: Bot, raw: dict[str, Any]) -> Update:
    # Validated with the bot in context, as aiogram's polling does: feed_update then need not re-mount (a JSON
    # round trip) and building the update stays outside the timed part.
    return Update.model_validate(raw, context={"bot": bot})


def bare_dispatcher() -> Dispatcher:
    """The reference: one handler answers every message, one every button press (answer, then edit the screen).
    Like the bot's dispatcher it has aiogram's FSM off, so the difference is exactly what the bot adds."""
    router = Router(name="bare")

    async def on_message(message: Message, bot: Bot) -> None:
        await bot.send_message(chat_id=message.chat.id, text="Hello")

    async def on_press(query: CallbackQuery, bot: Bot) -> None:
        await query.answer()
        assert query.message is not None
        await bot.edit_message_text(text="Pressed", chat_id=query.message.chat.id, message_id=query.message.message_id)

    router.message.register(on_message)
    router.callback_query.register(on_press)
    dispatcher = Dispatcher(disable_fsm=True)
    dispatcher.include_router(router)
    return dispatcher
