"""Building the bot and its dispatcher; nothing here reads settings from the environment or starts anything."""

import logging
import time
from collections.abc import Callable

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.methods import Response
from aiogram.types import BotCommand, Chat, ErrorEvent, Message, Update, User
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

from bot.config import LOCALES, Settings
from bot.content.validation import Catalog
from bot.db.database import Database
from bot.handlers import create_routers
from bot.i18n import I18n, Translator
from bot.middlewares import SerializePerUser, UserSession
from bot.private_chats import PrivateChatsOnly
from bot.search import SearchIndex
from bot.throttle import FloodGuard

log = logging.getLogger(__name__)
COMMANDS = ("start", "menu", "help", "language", "cancel", "privacy", "mydata", "forget")
# aiogram parses every reply into Response[<result type>]; pydantic keeps those generic classes only weakly and
# rebuilds them after a garbage collection (4–12 ms stalls, docs/benchmarks.md). Holding them here keeps them built.
RESPONSE_TYPES = (Response[Message], Response[Message | bool], Response[bool], Response[User], Response[list[Update]])


def create_dispatcher(
    *,
    settings: Settings,
    database: Database,
    catalog: Catalog,
    i18n: I18n,
    search: SearchIndex,
    clock: Callable[[], float] = time.monotonic,
) -> Dispatcher:
    """`clock` (seconds, never going back) times flood control; tests drive their own."""
    # aiogram's FSM is off: conversation state lives in our SQLite tables, not in its (in-memory) storage.
    dispatcher = Dispatcher(disable_fsm=True, settings=settings, catalog=catalog, i18n=i18n, search=search)
    dispatcher.update.outer_middleware(PrivateChatsOnly())
    dispatcher.update.outer_middleware(FloodGuard(clock))
    dispatcher.update.outer_middleware(SerializePerUser())
    dispatcher.update.outer_middleware(UserSession(database, i18n))
    dispatcher.callback_query.middleware(CallbackAnswerMiddleware())
    dispatcher.include_routers(*create_routers())
    dispatcher.errors.register(on_error)
    dispatcher.startup.register(register_commands)
    return dispatcher


def create_bot(token: str, session: BaseSession | None = None, api_base: str | None = None) -> Bot:
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base)) if api_base else AiohttpSession()
    defaults = DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True)
    return Bot(token=token, session=session, default=defaults)


async def register_commands(bot: Bot, i18n: I18n) -> None:
    """The command list in the Telegram app's "/" menu, in Russian by default and in English for English apps."""
    for locale in LOCALES:
        t = i18n(locale)
        commands = [BotCommand(command=name, description=t(f"cmd-{name}")) for name in COMMANDS]
        await bot.set_my_commands(commands, language_code=None if locale == i18n.default else locale)


async def on_error(
    event: ErrorEvent, bot: Bot, i18n: I18n, event_chat: Chat | None = None, t: Translator | None = None
) -> None:
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
    if event_chat is not None:
        await bot.send_message(chat_id=event_chat.id, text=(t or i18n(i18n.default))("error"))
