"""Building the bot and its dispatcher; nothing here reads settings from the environment or starts anything."""

import asyncio
import logging
import time
from collections.abc import Callable

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.methods import Response
from aiogram.types import BotCommand, BotCommandScopeChat, Chat, ErrorEvent, Message, Update, User
from aiogram.utils.callback_answer import CallbackAnswerMiddleware

from bot.composition import HOOKS, Repositories, create_routers
from bot.core.backends import AnyDatabase
from bot.core.config import LOCALES, Settings
from bot.core.i18n import I18n, Translator
from bot.core.leader import Duty, Leadership
from bot.core.middlewares import SaveBeforeSend, UpdatesInFlight, UserSession
from bot.core.private_chats import PrivateChatsOnly
from bot.core.telegram_policy import SendPolicy, Sleep
from bot.core.workers import OneWorker, SharedRedis
from bot.features.reminders.sender import Sender
from bot.features.scenarios.search import SearchIndex
from bot.features.scenarios.validation import Catalog
from bot.features.stats.digest import Digests

log = logging.getLogger(__name__)
COMMANDS = (
    *("start", "menu", "quiz", "help", "language", "settings", "cancel"),
    *("groups", "join", "homework", "pledge", "stats"),
    *("privacy", "mydata", "forget"),
)
ADMIN_COMMANDS = ("coordinators",)  # listed only in the administrators' own chats
# aiogram parses every reply into Response[<result type>]; pydantic keeps those generic classes only weakly and
# rebuilds them after a garbage collection (4–12 ms stalls, docs/benchmarks.md). Holding them here keeps them built.
RESPONSE_TYPES = (Response[Message], Response[Message | bool], Response[bool], Response[User], Response[list[Update]])


def create_dispatcher(
    *,
    settings: Settings,
    database: AnyDatabase,
    catalog: Catalog,
    i18n: I18n,
    search: SearchIndex,
    sleep: Sleep = asyncio.sleep,
    clock: Callable[[], float] = time.monotonic,
    workers: OneWorker | SharedRedis | None = None,
) -> Dispatcher:
    """`sleep` is how the outbox sender waits between messages (tests pass one that only records); `clock` (seconds,
    never going back) times flood control, and tests drive their own. `workers` is what this worker shares with the
    others (bot/core/workers.py): by default nothing, all in this process's memory; with `SharedRedis`, the
    per-person lock, flood control (on Redis's clock: `clock` is unused), the screen record and de-duplication."""
    workers = workers or OneWorker(screens_apart=not database.shares_cache)
    # aiogram's FSM is off: conversation state lives in our SQLite tables, not in its (in-memory) storage.
    sender = Sender(database, settings, i18n, catalog, Repositories, sleep=sleep)
    dispatcher = Dispatcher(
        disable_fsm=True, settings=settings, catalog=catalog, i18n=i18n, search=search, sender=sender, hooks=HOOKS
    )
    in_flight = UpdatesInFlight()
    dispatcher.update.outer_middleware(in_flight)
    # Registered first, so it runs first at shutdown: the updates being handled finish before anything closes.
    dispatcher.shutdown.register(in_flight.wait)
    # Groups and channels first: what the bot ignores there costs no Redis command and no flood count.
    dispatcher.update.outer_middleware(PrivateChatsOnly())
    for middleware in workers.middlewares(clock):
        dispatcher.update.outer_middleware(middleware)
    dispatcher.update.outer_middleware(UserSession(database, i18n, Repositories, workers.screens))
    dispatcher.callback_query.middleware(CallbackAnswerMiddleware())
    dispatcher.include_router(create_routers())
    dispatcher.errors.register(on_error)
    digests = Digests(database, settings)
    leadership = Leadership(
        database,
        [
            Duty(lambda bot: register_commands(bot, i18n, settings)),
            Duty(sender.start, sender.stop),
            Duty(lambda _: digests.start(), digests.stop),
        ],
    )
    dispatcher["leadership"] = leadership
    dispatcher.startup.register(leadership.start)
    dispatcher.shutdown.register(leadership.stop)
    return dispatcher


def create_bot(
    token: str, session: BaseSession | None = None, api_base: str | None = None, policy: SendPolicy | None = None
) -> Bot:
    """The bot; with `policy`, every request it makes goes through it (retries, unreachable people)."""
    if session is None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base)) if api_base else AiohttpSession()
    if not any(isinstance(middleware, SaveBeforeSend) for middleware in session.middleware):
        session.middleware(SaveBeforeSend())  # outermost: the update is saved once, before any retry
    if policy is not None:
        # A session reused by a new bot (the tests restart the bot on the same fake Telegram) keeps one policy.
        for old in [m for m in session.middleware if isinstance(m, SendPolicy)]:
            session.middleware.unregister(old)
        session.middleware(policy)
    defaults = DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True)
    return Bot(token=token, session=session, default=defaults)


async def register_commands(bot: Bot, i18n: I18n, settings: Settings) -> None:
    """The command list in the Telegram app's "/" menu, in Russian by default and in English for English apps; an
    administrator's private chat has its own list, with the administrators' commands too."""
    for locale in LOCALES:
        t = i18n(locale)
        language = None if locale == i18n.default else locale
        public = [BotCommand(command=name, description=t(f"cmd-{name}")) for name in COMMANDS]
        await bot.set_my_commands(public, language_code=language)
        admin = public + [BotCommand(command=name, description=t(f"cmd-{name}")) for name in ADMIN_COMMANDS]
        for admin_id in settings.admin_ids:
            try:
                await bot.set_my_commands(admin, BotCommandScopeChat(chat_id=admin_id), language_code=language)
            except TelegramBadRequest:  # "chat not found": that administrator has not opened the bot yet
                log.warning("No command list for an administrator who has not opened the bot")
                log.debug("administrator %s: chat not found", admin_id)


async def on_error(
    event: ErrorEvent, bot: Bot, i18n: I18n, event_chat: Chat | None = None, t: Translator | None = None
) -> None:
    if isinstance(event.exception, TelegramForbiddenError):
        # They blocked the bot while it answered: the request policy has marked them unreachable; nothing is wrong.
        log.info("update %s: the person cannot be written to (%s)", event.update.update_id, event.exception.message)
        return
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
    if isinstance(event.exception, TelegramAPIError) and not isinstance(event.exception, TelegramBadRequest):
        return  # Telegram itself failed (after the policy's retries) or refuses the chat: another message would too
    if event_chat is not None:
        try:
            await bot.send_message(chat_id=event_chat.id, text=(t or i18n(i18n.default))("error"))
        except TelegramAPIError as exc:  # Telegram is the trouble: nothing more to tell the person now
            log.warning("update %s: the error notice was not delivered: %s", event.update.update_id, exc.message)
