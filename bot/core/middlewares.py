"""Middlewares of the update path: updates in flight, one update at a time per person, and the update's unit of
work — its transaction, person and language — with the rule that makes the screen never run ahead of the database.

**Save, then show.** An update's writes are committed before its first request to Telegram (`SaveBeforeSend`, a
request middleware on the bot's session), so a crash, a restart or a Telegram error after a message went out can
never leave the person looking at a step the database does not hold. Writes made after that request are committed
when the handler returns. Only the record of which message shows what is written after Telegram confirmed it
(`UserRepo.remember_screen`); if a send fails, the state is saved and the next press or /menu shows it.
"""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import replace
from typing import Any, Protocol
from weakref import WeakValueDictionary

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject, Update
from aiogram.types import User as TelegramUser

from bot.core.backends import AnyDatabase
from bot.core.database import Transaction
from bot.core.i18n import I18n
from bot.core.names import display_name
from bot.core.people import Repo, User

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdatesInFlight(BaseMiddleware):
    """Counts the updates being handled, so shutdown can let them finish before the database closes."""

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        self._count += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self._count -= 1
            if not self._count:
                self._idle.set()

    async def wait(self, timeout: float = 10.0) -> bool:
        """Wait until no update is being handled (at most `timeout` seconds); whether that happened."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), timeout)
        return self._idle.is_set()


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
        async with lock, self.across_workers(data, sender.id):
            return await handler(event, data)

    def across_workers(self, data: dict[str, Any], user_id: int) -> contextlib.AbstractAsyncContextManager[Any]:
        """What else keeps the person's updates apart once this process's lock is held: nothing, for one worker."""
        return contextlib.nullcontext()


class UnitOfWork:
    """The database work of one update: the transaction, and the person's record as it was read."""

    def __init__(self, repo: Repo, user: User | None = None, read: User | None = None) -> None:
        self.repo = repo
        self.user = user
        self._saved = read.state() if read else ()
        self._shown = read.fields() if read else ()

    async def save(self) -> None:
        """Commit what the update changed so far (the person's record included)."""
        if self.user is not None and self.user.state() != self._saved:
            self.repo.users.save(self.user)
            self._saved, self._shown = self.user.state(), self.user.fields()
        await self.repo.tx.commit()

    def remember_screen(self) -> None:
        if self.user is not None and self.user.fields() != self._shown:
            self.repo.users.remember_screen(self.user)


_unit: ContextVar[UnitOfWork | None] = ContextVar("unit_of_work", default=None)


class SaveBeforeSend(BaseRequestMiddleware):
    """Commits the current update's writes before any request of it reaches Telegram (see the module's rule)."""

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        unit = _unit.get()
        if unit is not None:
            await unit.save()
        return await make_request(bot, method)


class ScreenRecords(Protocol):
    """Where the screen record lives when it is not this process's own (`bot.core.workers.SharedScreens`)."""

    async def take(self, bot: Bot, user_id: int) -> tuple[int | None, str | None]: ...

    async def keep(self, bot: Bot, user_id: int, message_id: int | None, digest: str | None) -> None: ...


class UserSession(BaseMiddleware):
    """Gives handlers `repo` (the update's transaction), `user` (our record of the person) and `t` (their language).

    What the handler wrote is committed before its first message (`SaveBeforeSend`) and after it returns; if the
    handler fails, nothing it wrote since then is.
    """

    def __init__(
        self,
        database: AnyDatabase,
        i18n: I18n,
        repositories: Callable[[Transaction], Repo],
        screens: ScreenRecords | None = None,
    ) -> None:
        """`repositories` makes an update's repositories from its transaction (`bot.composition.Repositories`:
        the core's and every feature's); `screens` keeps the screen record where several workers see it (None: in
        the row cache, see `UserRepo.remember_screen`)."""
        self._database = database
        self._i18n = i18n
        self._repositories = repositories
        self._screens = screens

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        repo = data["repo"] = self._repositories(self._database.transaction())
        sender: TelegramUser | None = data.get("event_from_user")
        if sender is None:
            unit = UnitOfWork(repo)
        else:
            user, read = await self._person(repo, sender, event)
            if self._screens is not None:
                screen = await self._screens.take(data["bot"], user.id)
                user.screen_message_id, user.screen_digest = read.screen_message_id, read.screen_digest = screen
            data["user"], data["t"] = user, self._i18n(user.locale)
            unit = UnitOfWork(repo, user, read)
        token = _unit.set(unit)
        try:
            result = await handler(event, data)
        finally:
            _unit.reset(token)
        await unit.save()
        unit.remember_screen()
        if self._screens is not None and unit.user is not None and not repo.users.was_forgotten(unit.user.id):
            await self._screens.keep(data["bot"], unit.user.id, unit.user.screen_message_id, unit.user.screen_digest)
        return result

    async def _person(self, repo: Repo, sender: TelegramUser, event: TelegramObject) -> tuple[User, User]:
        """The person's record, and a copy of it as stored (what the update's changes are measured against)."""
        user = await repo.users.get(sender.id)
        if user is None:
            user = User(sender.id, self._i18n.guess(sender.language_code))
            repo.users.add(user)
        read = replace(user)
        user.first_name = display_name(sender.first_name)
        user.unreachable_at = None  # a person who writes can be reached, whatever Telegram said before
        if isinstance(event, Update) and event.callback_query is not None:
            # A question the bot asked (a visit date) is dropped once the person goes on with the buttons:
            # otherwise a later typed question would be read as the answer.
            user.awaiting = None
        return user, read
