"""The peer: the walk of issue 12 written the way most aiogram projects write multi-step dialogs — with
aiogram-dialog and its in-memory storage (aiogram's MemoryStorage) — seeded with as many people as the bot's
database, and its traffic: /start, Next ×4, a typed text, Back ×2, Next ×2."""

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from aiogram import Bot, Dispatcher
from aiogram.filters import CommandStart
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Message, Update
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.utils import CB_SEP
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Back, Next, Row
from aiogram_dialog.widgets.text import Const

from bench.fakes import SCREEN_ID
from bench.traffic import FORWARD, QUESTIONS, Action, traffic

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


def peer_dispatcher(storage: MemoryStorage) -> Dispatcher:
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


async def seed(storage: MemoryStorage, bot: Bot, count: int) -> None:
    """People 1..count each half-way through the dialog (on its third window), as the bot's seeded people are
    half-way through a scenario: the records aiogram-dialog itself would have written, one stack and one context."""
    for user_id in range(1, count + 1):
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
        await storage.set_data(_key(bot, user_id, STACK_DESTINY), stack)
        await storage.set_data(_key(bot, user_id, CONTEXT_DESTINY), context)


async def window_of(storage: MemoryStorage, bot: Bot, user_id: int) -> tuple[str | None, int]:
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
