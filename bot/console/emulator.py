"""An in-process stand-in for Telegram, and a person chatting through it.

The console chat runs the real dispatcher against it, and so do the tests: `FakeTelegram` answers the Bot API methods
the bot uses as Telegram would (including refusing an edit that changes nothing), keeps every request in order, and
refuses any method nobody expected. `ChatDriver` is the person: it sends text and presses buttons as real updates.
"""

import asyncio
import itertools
import json
from collections import defaultdict, deque
from collections.abc import AsyncGenerator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    DeleteWebhook,
    EditMessageText,
    GetMe,
    LeaveChat,
    SendDocument,
    SendMessage,
    SendPhoto,
    SetMyCommands,
    SetWebhook,
    TelegramMethod,
)
from aiogram.types import Chat, InlineKeyboardButton, Message, Update, User


class UnexpectedCall(AssertionError):
    """The bot made a request that this fake Telegram was not told to expect."""


@dataclass(frozen=True)
class Failure:
    """How Telegram refuses a request: an HTTP status and its JSON body, as the real Bot API sends them."""

    status: int
    description: str
    retry_after: int | None = None

    def body(self) -> str:
        answer: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            answer["parameters"] = {"retry_after": self.retry_after}
        return json.dumps(answer)


TOO_MANY_REQUESTS = Failure(429, "Too Many Requests: retry after 3", retry_after=3)
BAD_GATEWAY = Failure(502, "Bad Gateway")
BLOCKED = Failure(403, "Forbidden: bot was blocked by the user")


class FakeTelegram(BaseSession):
    ME = User(id=1, is_bot=True, first_name="Цифровой тимуровец", username="timurovets_bot")

    def __init__(self, on_request: Callable[[TelegramMethod[Any], Any], None] | None = None) -> None:
        super().__init__()
        self.requests: deque[TelegramMethod[Any]] = deque()
        self.unexpected: list[str] = []
        self.messages: dict[tuple[int, int], Message] = {}
        self.message_ids = itertools.count(1)
        self.on_request = on_request
        self.failures: defaultdict[type, deque[Failure]] = defaultdict(deque)
        self.delays: dict[type, float] = {}
        self.held: dict[int, asyncio.Event] = {}
        self._answers: dict[type, Callable[[Any], Any]] = {
            GetMe: lambda _: self.ME,
            SetMyCommands: lambda _: True,
            DeleteWebhook: lambda _: True,
            SetWebhook: lambda _: True,
            AnswerCallbackQuery: lambda _: True,
            DeleteMessage: self._delete,
            LeaveChat: lambda _: True,
            SendMessage: self._send,
            SendPhoto: self._send,
            SendDocument: self._send,
            EditMessageText: self._edit,
        }

    def fail(self, method: type[TelegramMethod[Any]], failure: Failure, times: int = 1) -> None:
        """Make the next `times` requests of this kind fail as Telegram would (first in, first out)."""
        self.failures[method].extend([failure] * times)

    def slow(self, method: type[TelegramMethod[Any]], seconds: float) -> None:
        """Make every request of this kind take `seconds` before Telegram answers."""
        self.delays[method] = seconds

    def hold(self, chat_id: int) -> asyncio.Event:
        """Keep every request to this chat waiting for Telegram's answer until the returned event is set."""
        return self.held.setdefault(chat_id, asyncio.Event())

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        self.requests.append(method)
        if delay := self.delays.get(type(method)):
            await asyncio.sleep(delay)
        if (held := self.held.get(getattr(method, "chat_id", None))) is not None:  # type: ignore[arg-type]
            await held.wait()
        failures = self.failures.get(type(method))
        if failures:
            # aiogram's own check turns Telegram's error answer into the exception a real request would raise.
            failure = failures.popleft()
            self.check_response(bot, method, failure.status, failure.body())
        answer = self._answers.get(type(method))
        if answer is None:
            self._refuse(f"{type(method).__name__} was called, but nobody expected it")
        result = answer(method)
        if self.on_request is not None:
            self.on_request(method, result)
        return result

    async def close(self) -> None:
        pass

    async def stream_content(self, url: str, *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
        self._refuse(f"a download of {url} was started, but nobody expected it")
        yield b""

    def _refuse(self, reason: str, bad_request: TelegramMethod[Any] | None = None, *, bot_error: bool = True) -> None:
        """Fail the request; a `bot_error` is also recorded, for tests to see the bot did something it shouldn't."""
        if bot_error:
            self.unexpected.append(reason)
        if bad_request is not None:
            raise TelegramBadRequest(method=bad_request, message=f"Bad Request: {reason}")
        raise UnexpectedCall(reason)

    def _send(self, method: SendMessage | SendPhoto | SendDocument) -> Message:
        message = Message(
            message_id=next(self.message_ids),
            date=datetime.now(UTC),
            chat=Chat(id=int(method.chat_id), type="private"),
            from_user=self.ME,
            text=getattr(method, "text", None),
            caption=getattr(method, "caption", None),
            reply_markup=method.reply_markup,
        )
        self.messages[(message.chat.id, message.message_id)] = message
        return message

    def _delete(self, method: DeleteMessage) -> bool:
        # The person's own messages are not kept here; deleting one succeeds as it would in a private chat.
        self.messages.pop((int(method.chat_id), method.message_id), None)
        return True

    def _edit(self, method: EditMessageText) -> Message:
        key = (int(method.chat_id or 0), int(method.message_id or 0))
        old = self.messages.get(key)
        if old is None:  # deleted by the person, or never sent: Telegram says so, and a bot must cope
            self._refuse("message to edit not found", method, bot_error=False)
        if old.text == method.text and old.reply_markup == method.reply_markup:
            self._refuse("message is not modified", method)
        edited = old.model_copy(update={"text": method.text, "reply_markup": method.reply_markup})
        self.messages[key] = edited
        return edited

    def chat(self, chat_id: int) -> list[Message]:
        """The bot's messages in a chat as they look now, oldest first."""
        return [m for (chat, _), m in sorted(self.messages.items()) if chat == chat_id]


class ChatDriver:
    """A person in a private chat with the bot: each action is a real update through the real dispatcher."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        telegram: FakeTelegram,
        user_id: int = 1001,
        language: str = "ru",
        first_name: str = "Анна",
        update_ids: Iterator[int] | None = None,
    ) -> None:
        """`update_ids` numbers the updates (by default from 1; Telegram numbers them for the whole bot, so drivers
        of one person on several workers share one)."""
        self.dispatcher, self.bot, self.telegram = dispatcher, bot, telegram
        self.user = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language}
        self.chat = {"id": user_id, "type": "private", "first_name": first_name}
        self._update_ids = update_ids or itertools.count(1)

    def message(self, **fields: Any) -> dict[str, Any]:
        """A message of this person in their private chat, as Bot API JSON; `fields` add content (`photo=[...]`,
        `sticker={...}`, `forward_origin={...}`) or replace any part (`chat=` for a group)."""
        base = {"message_id": next(self.telegram.message_ids), "date": datetime.now(UTC), "chat": self.chat}
        return {**base, "from": self.user, **fields}

    async def send(self, text: str) -> None:
        await self.feed(message=self.message(text=text))

    async def send_message(self, **fields: Any) -> None:
        await self.feed(message=self.message(**fields))

    async def press(self, message: Message, button: InlineKeyboardButton) -> None:
        await self.feed(callback_query=self.query(message, button))

    def query(self, message: Message, button: InlineKeyboardButton) -> dict[str, Any]:
        """The press of `button` on `message` as Bot API JSON: a callback query, for an update to carry."""
        if button.callback_data is None:
            raise ValueError(f"button {button.text!r} opens a link, it cannot be pressed here")
        return {
            "id": str(next(self._update_ids)),
            "from": self.user,
            "chat_instance": str(self.chat["id"]),
            "message": message.model_dump(by_alias=True, exclude_none=True),
            "data": button.callback_data,
        }

    async def feed(self, **event: Any) -> None:
        """Any update, as Bot API JSON without its id: `feed(edited_message={...})`, `feed(my_chat_member={...})`."""
        update = {"update_id": next(self._update_ids), **event}
        # Validating with the bot in context mounts every nested object on it, as aiogram does for real updates.
        await self.dispatcher.feed_update(self.bot, Update.model_validate(update, context={"bot": self.bot}))

    def screens(self) -> list[Message]:
        return self.telegram.chat(self.chat["id"])

    def keyboard_message(self) -> Message | None:
        """The newest message of the bot that has buttons: the one a person would press."""
        return next((m for m in reversed(self.screens()) if m.reply_markup), None)
