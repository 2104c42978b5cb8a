"""One policy for every request to Telegram, as an aiogram session middleware (registered by `create_bot`).

- 429 Too Many Requests: wait the `retry_after` Telegram names, then try again;
- 5xx or a network error: try again after SEND_BACKOFF seconds, then twice that, SEND_RETRIES times in all;
- 400 «message is not modified»: the screen already shows what we wanted, so it is a success;
- 403 (the person blocked the bot, or deleted their account): the person is marked unreachable, so nothing more is
  queued or sent to them until they write again; the error still goes up to the caller.

Handlers and the outbox sender therefore never see Telegram's passing trouble, and nobody is told «Что-то пошло не
так» for it. The middleware runs outside any update's transaction, so it writes through a transaction of its own.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, TelegramMethod

from bot.core.backends import AnyDatabase
from bot.core.config import Settings
from bot.core.people import UserRepo

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]


class SendPolicy(BaseRequestMiddleware):
    def __init__(self, database: AnyDatabase, *, retries: int, backoff: float, sleep: Sleep = asyncio.sleep) -> None:
        self._database = database
        self._retries = retries
        self._backoff = backoff
        self._sleep = sleep

    @classmethod
    def from_settings(cls, database: AnyDatabase, settings: Settings, sleep: Sleep = asyncio.sleep) -> "SendPolicy":
        return cls(database, retries=settings.send_retries, backoff=settings.send_backoff, sleep=sleep)

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Any:
        if isinstance(method, GetUpdates):  # long polling has its own back-off
            return await make_request(bot, method)
        waits = failures = 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                waits += 1
                if waits > self._retries:
                    raise
                log.warning("%s: flood control, waiting %s s", method.__api_method__, exc.retry_after)
                await self._sleep(exc.retry_after)
            except (TelegramServerError, TelegramNetworkError) as exc:
                failures += 1
                if failures > self._retries or isinstance(exc, TelegramEntityTooLarge):
                    raise
                log.warning("%s failed (%s), trying again", method.__api_method__, exc.message)
                await self._sleep(self._backoff * 2 ** (failures - 1))
            except TelegramBadRequest as exc:
                if "message is not modified" in exc.message:
                    return True
                raise
            except TelegramForbiddenError:
                await self._unreachable(getattr(method, "chat_id", None))
                raise

    async def _unreachable(self, chat_id: object) -> None:
        if not isinstance(chat_id, int) or chat_id <= 0:  # only a private chat's id is a person's id
            return
        tx = self._database.transaction()
        UserRepo(tx).unreachable(chat_id)
        await tx.commit()
