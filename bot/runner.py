"""Start-up: settings are given; load content, open the database, build the dispatcher, then serve: the console
chat, long polling, or a webhook server (bot/webhook.py)."""

import gc
import logging
import sys
from datetime import date

from aiogram import Bot, Dispatcher

from bot.app import create_bot, create_dispatcher
from bot.console.chat import ConsoleChat
from bot.console.emulator import ChatDriver, FakeTelegram
from bot.console.files import SavedFiles, folder_for
from bot.core.backends import AnyDatabase, open_database
from bot.core.config import Settings
from bot.core.database import DatabaseError
from bot.core.files import lock_database
from bot.core.i18n import I18n
from bot.core.telegram_policy import SendPolicy
from bot.core.workers import OneWorker, RedisUnreachable, SharedRedis, connect
from bot.features.scenarios.search import SearchIndex
from bot.features.scenarios.validation import ContentError, load_or_fail

log = logging.getLogger("bot")


# How long a thread may hold the GIL while another waits for it (Python's default is 5 ms). aiosqlite's thread needs
# the GIL after every statement; while the event loop is busy with other people's updates it waited up to 5 ms
# each time, so a trip of a few dozen statements took 100–400 ms at 64 updates in flight (docs/benchmarks.md).
GIL_SWITCH_SECONDS = 0.0005


def share_the_interpreter() -> None:
    sys.setswitchinterval(GIL_SWITCH_SECONDS)


def configure_logging(settings: Settings, *, console: bool) -> None:
    # In a terminal chat, routine INFO lines (every update, dictionary loading) would drown the conversation.
    level = "WARNING" if console and settings.log_level == "INFO" else settings.log_level
    logging.basicConfig(level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # At DEBUG aiosqlite prints every statement with its values: people's records would end up in the log.
    logging.getLogger("aiosqlite").setLevel(logging.INFO)
    if settings.log_level != "DEBUG":
        # aiogram logs every handled update at INFO: a line per click is noise, and cost 5% of an update's time.
        logging.getLogger("aiogram.event").setLevel(logging.WARNING)
        # APScheduler logs two lines each time a job runs: the outbox's drain runs every second (170,000 a day).
        logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)


async def run(settings: Settings, *, console: bool) -> int:
    configure_logging(settings, console=console)
    if settings.database_url is None and not one_process_on_the_file(settings):
        return 2
    if not settings.scenarios_dir.is_dir():
        print(f"error: wrong setting: SCENARIOS_DIR: no folder '{settings.scenarios_dir}'", file=sys.stderr)
        return 2
    try:
        catalog, warnings = load_or_fail(
            [settings.scenarios_dir], today=date.today(), max_age_days=settings.review_max_age_days
        )
    except ContentError as exc:
        print("error: scenario files have problems, the bot did not start:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for warning in warnings:
        log.warning("%s", warning)
    workers: OneWorker | SharedRedis = OneWorker()
    # The console chat is one process, and its stand-in Telegram numbers updates from 1 again on every run: what
    # workers share would only make it skip them as already handled.
    if settings.redis_url is not None and not console:
        try:
            workers = SharedRedis(await connect(settings.redis_url.get_secret_value()))
        except RedisUnreachable as exc:
            print(f"error: redis: {exc}", file=sys.stderr)
            return 2
    try:
        database = await open_database(settings)
    except DatabaseError as exc:
        print(f"error: database: {exc}", file=sys.stderr)
        await close(workers)
        return 2
    try:
        dispatcher = create_dispatcher(
            settings=settings,
            database=database,
            catalog=catalog,
            i18n=I18n(settings.default_locale),
            search=SearchIndex(catalog),
            workers=workers,
        )
        # Objects made at start-up live for the whole run: freezing them spares every later GC pass from
        # walking ~200k aiogram and pydantic objects (pauses of 100+ ms, see ../shared/PERFORMANCE.md).
        gc.collect()
        gc.freeze()
        share_the_interpreter()
        if console:
            await chat_in_console(dispatcher, settings, database)
        else:
            token = settings.bot_token.get_secret_value()  # type: ignore[union-attr]
            api_base = str(settings.telegram_api_base) if settings.telegram_api_base else None
            bot = create_bot(token, api_base=api_base, policy=SendPolicy.from_settings(database, settings))
            if settings.webhook_url is None:
                await poll(dispatcher, bot)
            else:
                return await listen(dispatcher, bot, settings)
    finally:
        await database.close()
        await close(workers)
    return 0


def one_process_on_the_file(settings: Settings) -> bool:
    """SQLite's file takes one bot at a time (its cache of rows assumes it is the only writer); say so if not."""
    try:
        locked = lock_database(settings.database_path)
    except OSError as exc:
        print(f"error: database: {settings.database_path}: {exc.strerror}", file=sys.stderr)
        return False
    if not locked:
        print(f"error: another bot is already running on {settings.database_path}; stop it first", file=sys.stderr)
    return locked


async def poll(dispatcher: Dispatcher, bot: Bot) -> None:
    """Long polling. A webhook left from a webhook run would make Telegram refuse getUpdates, so it is removed first
    (the updates Telegram holds are kept). On SIGTERM or SIGINT aiogram stops taking updates and runs the shutdown
    handlers, the first of which lets the updates in flight finish (see create_dispatcher); then the caller closes
    the database. Webhook mode stops the same way (bot/webhook.py)."""
    await bot.delete_webhook(drop_pending_updates=False)
    await dispatcher.start_polling(bot)


async def listen(dispatcher: Dispatcher, bot: Bot, settings: Settings) -> int:
    """Webhook mode (bot/webhook.py), until told to stop; 2 if it cannot listen. aiohttp's server is imported only
    here: a polling bot never uses it, and would hold it in memory for nothing (docs/benchmarks.md, memory)."""
    from bot.webhook import CannotListen, serve

    try:
        await serve(dispatcher, bot, settings)
    except CannotListen as exc:
        print(f"error: webhook: cannot listen on {exc} (WEBHOOK_HOST, WEBHOOK_PORT)", file=sys.stderr)
        return 2
    return 0


async def close(workers: OneWorker | SharedRedis) -> None:
    if isinstance(workers, SharedRedis):
        await workers.redis.aclose()


async def chat_in_console(dispatcher: Dispatcher, settings: Settings, database: AnyDatabase) -> None:
    telegram = FakeTelegram()
    bot: Bot = create_bot("1:console", session=telegram, policy=SendPolicy.from_settings(database, settings))
    driver = ChatDriver(dispatcher, bot, telegram, language=settings.default_locale)
    chat = ConsoleChat(driver, SavedFiles(folder_for(settings.database_path)))
    telegram.on_request = chat.show
    await dispatcher.emit_startup(bot=bot, **dispatcher.workflow_data)
    try:
        await chat.run()
    finally:
        await dispatcher.emit_shutdown(bot=bot, **dispatcher.workflow_data)
