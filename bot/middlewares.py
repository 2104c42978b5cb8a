"""Outer middlewares: one update at a time per person, and the update's transaction, person and language."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any
from weakref import WeakValueDictionary

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TelegramUser

from bot.db.database import Database
from bot.db.repositories import Repo, User
from bot.i18n import I18n

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class SerializePerUser(BaseMiddleware):
    """A person's updates are handled one after another, so a double press is seen after the first press is done."""

    def __init__(self) -> None:
        self._locks: WeakValueDictionary[int, asyncio.Lock] = WeakValueDictionary()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        sender: TelegramUser | None = data.get("event_from_user")
        if sender is None:
            return await handler(event, data)
        lock = self._locks.get(sender.id)
        if lock is None:
            lock = self._locks[sender.id] = asyncio.Lock()
        async with lock:
            return await handler(event, data)


class UserSession(BaseMiddleware):
    """Gives handlers `repo` (the update's transaction), `user` (our record of the person) and `t` (their language).

    The transaction commits after the handler returns; if the handler fails, nothing of the update is written.
    """

    def __init__(self, database: Database, i18n: I18n) -> None:
        self._database = database
        self._i18n = i18n

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tx = self._database.transaction()
        repo = data["repo"] = Repo(tx)
        sender: TelegramUser | None = data.get("event_from_user")
        if sender is None:
            result = await handler(event, data)
            await tx.commit()
            return result
        user = await repo.users.get(sender.id)
        if user is None:
            user = User(sender.id, self._i18n.guess(sender.language_code))
            repo.users.add(user)
        before = user.fields()
        user.first_name = sender.first_name
        if isinstance(event, Update) and event.callback_query is not None:
            # A question the bot asked (a visit date) is dropped once the person goes on with the buttons:
            # otherwise a later typed question would be read as the answer.
            user.awaiting = None
        data["user"] = user
        data["t"] = self._i18n(user.locale)
        result = await handler(event, data)
        if user.fields() != before:
            repo.users.save(user)
        await tx.commit()
        return result
