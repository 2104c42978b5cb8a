"""The peer: the walk of issue 12 written the way most aiogram projects write multi-step dialogs — with
aiogram-dialog — seeded with as many people as the bot's database, and its traffic: /start, Next ×4, a typed text,
Back ×2, Next ×2. Two storages: aiogram's MemoryStorage (lost on restart, never evicts), and aiogram's RedisStorage,
which aiogram-dialog bots that must survive a restart use (`durable_storage`)."""

import importlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from aiogram import Bot, Dispatcher
from aiogram.filters import CommandStart
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import Message, Update
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.utils import CB_SEP
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Back, Next, Row
from aiogram_dialog.widgets.text import Const

from bench.fakes import SCREEN_ID
from bench.traffic import FORWARD, QUESTIONS, Action, traffic

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, and in it only keys under REDIS_PREFIX are touched
REDIS_PREFIX = "bench-peer"
INTENT = "bench"  # the id of every person's dialog; see `fixed_intent_ids`
_STACK = importlib.import_module("aiogram_dialog.api.entities.stack")


class Walk(StatesGroup):
    first = State()
    second = State()
    third = State()
    fourth = State()
    fifth = State()


# About as long as the bot's step texts, so the two send similar requests.
TEXTS = (
    "Выберите, что случилось. От этого зависят срок, пошлина и то, где подавать документы.",
    "Подать документы нужно в течение 90 дней после дня рождения. Госпошлина — 300 ₽.",
    "Как подать документы: через Госуслуги или лично в МФЦ.",
    "Заполните заявление на Госуслугах. Понадобятся старый паспорт и свидетельство о рождении.",
    "Дождитесь приглашения: оно придёт в личный кабинет. Если есть вопрос, напишите его.",
)


async def question_typed(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    manager.dialog_data["questions"] = manager.dialog_data.get("questions", 0) + 1


def dialog() -> Dialog:
    """Five windows, each a text with Back and Next (the first without Back); the last one takes a typed text."""
    back, forward = Back(Const("◀️ Назад")), Next(Const("Дальше ▶️"))
    windows = []
    for number, (state, text) in enumerate(zip(Walk.__all_states__, TEXTS, strict=True)):
        buttons = [b for b, shown in ((back, number > 0), (forward, number < len(TEXTS) - 1)) if shown]
        extra = [MessageInput(question_typed)] if number == len(TEXTS) - 1 else []
        windows.append(Window(Const(text), Row(*buttons), *extra, state=state))
    return Dialog(*windows)


async def cmd_start(message: Message, dialog_manager: DialogManager) -> None:
    await dialog_manager.start(Walk.first, mode=StartMode.RESET_STACK)


def peer_dispatcher(storage: BaseStorage) -> Dispatcher:
    dispatcher = Dispatcher(storage=storage)
    dispatcher.message.register(cmd_start, CommandStart())
    dispatcher.include_router(dialog())
    setup_dialogs(dispatcher)
    return dispatcher


@contextmanager
def fixed_intent_ids() -> Iterator[None]:
    """aiogram-dialog puts a random id of the person's open dialog into every button's callback data. The traffic is
    built before the clock starts, so the id must be known then: the same id for everyone (storage is per chat,
    so that is safe). The random id is still drawn, so the peer pays what it always pays."""
    real = _STACK.new_id

    def fixed() -> str:
        real()
        return INTENT

    with mock.patch.object(_STACK, "new_id", fixed):
        yield


def _key(bot: Bot, user_id: int, destiny: str) -> StorageKey:
    return StorageKey(bot_id=bot.id, chat_id=user_id, user_id=user_id, destiny=destiny)


STACK_DESTINY, CONTEXT_DESTINY = "aiogd:stack:", f"aiogd:context:{INTENT}"


def _records(user_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A person half-way through the dialog (on its third window): the stack and context records aiogram-dialog
    itself would have written."""
    stack = {
        "_id": "",
        "intents": [INTENT],
        "last_message_id": SCREEN_ID,
        "last_reply_keyboard": False,
        "last_media_id": None,
        "last_media_unique_id": None,
        "last_income_media_group_id": None,
    }
    context: dict[str, Any] = {
        "_intent_id": INTENT,
        "_stack_id": "",
        "state": Walk.third.state,
        "start_data": None,
        "dialog_data": {},
        "widget_data": {},
        "access_settings": {"user_ids": [user_id], "custom": None},
    }
    return stack, context


async def seed(storage: MemoryStorage, bot: Bot, count: int) -> None:
    """People 1..count each half-way through the dialog, as the bot's seeded people are half-way through a
    scenario."""
    for user_id in range(1, count + 1):
        stack, context = _records(user_id)
        await storage.set_data(_key(bot, user_id, STACK_DESTINY), stack)
        await storage.set_data(_key(bot, user_id, CONTEXT_DESTINY), context)


async def durable_storage(bot: Bot, count: int, url: str = REDIS_URL) -> RedisStorage | None:
    """aiogram's RedisStorage as aiogram-dialog requires it (keys with the destiny), emptied of earlier runs' keys
    and seeded as `seed` does, written the way `RedisStorage.set_data` writes (JSON under the key builder's key) but
    pipelined. None if Redis cannot be reached."""
    from redis.asyncio import Redis
    from redis.exceptions import RedisError

    redis = Redis.from_url(url, socket_connect_timeout=1)
    try:
        await redis.ping()
    except (RedisError, OSError):
        await redis.aclose()
        return None
    storage = RedisStorage(redis, key_builder=DefaultKeyBuilder(prefix=REDIS_PREFIX, with_destiny=True))
    await forget_durable(storage)
    for first in range(1, count + 1, 5_000):
        async with redis.pipeline(transaction=False) as pipe:
            for user_id in range(first, min(first + 5_000, count + 1)):
                for destiny, record in zip((STACK_DESTINY, CONTEXT_DESTINY), _records(user_id), strict=True):
                    pipe.set(storage.key_builder.build(_key(bot, user_id, destiny), "data"), json.dumps(record))
            await pipe.execute()
    return storage


async def forget_durable(storage: RedisStorage) -> None:
    """Delete every key the bench wrote (only those under REDIS_PREFIX)."""
    batch: list[bytes] = []
    async for key in storage.redis.scan_iter(match=f"{REDIS_PREFIX}:*", count=10_000):
        batch.append(key)
        if len(batch) >= 10_000:
            await storage.redis.unlink(*batch)
            batch.clear()
    if batch:
        await storage.redis.unlink(*batch)


async def window_of(storage: BaseStorage, bot: Bot, user_id: int) -> tuple[str | None, int]:
    """The window a person is on and how many texts they typed there, from the storage."""
    context = await storage.get_data(_key(bot, user_id, CONTEXT_DESTINY))
    return context.get("state"), context.get("dialog_data", {}).get("questions", 0)


def script(variant: int) -> list[Action]:
    press, back = f"{INTENT}{CB_SEP}__next__", f"{INTENT}{CB_SEP}__back__"
    return [
        ("start", "message", "/start"),
        *[("next", "callback", press)] * FORWARD,
        ("text", "message", QUESTIONS[variant % len(QUESTIONS)]),
        *[("back", "callback", back)] * 2,
        *[("next", "callback", press)] * 2,
    ]


def peer_traffic(bot: Bot, user_ids: list[int]) -> list[tuple[str, Update]]:
    return traffic(bot, [(user_id, script(user_id)) for user_id in user_ids])
