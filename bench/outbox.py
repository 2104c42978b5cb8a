"""`python -m bench.outbox`: how fast a backlog of scheduled messages drains, and what it does to people chatting.

The real sender, session policy, dispatcher and SQLite database; only Telegram is a stand-in that answers after a
network-like delay. For each configuration: a backlog of due messages (one per person) is drained while other people
chat with the bot (a steady stream of /help and /start), and the same chat is measured again with no backlog. The drain
rate is compared with SEND_RATE, the answer latency with and without the drain. Prints one table (its figures are
copied into docs/benchmarks-features.md).
"""

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.methods import TelegramMethod

from bench.fakes import CannedTelegram, message_update, mount
from bench.traffic import load_catalog
from bot.app import create_bot, create_dispatcher
from bot.composition import Repositories as Repo
from bot.core.config import Settings
from bot.core.database import Database
from bot.core.i18n import I18n
from bot.core.people import User
from bot.core.telegram_policy import SendPolicy
from bot.features.scenarios.search import SearchIndex

LATENCY = 0.030  # seconds Telegram takes to answer a request, as from a server in Europe
CHAT_RATE = 20  # updates a second from people chatting during the drain
CHATTERS = range(900_001, 900_051)


class SlowTelegram(CannedTelegram):
    """Answers like CannedTelegram, after LATENCY seconds; counts sendMessage requests and their moments."""

    def __init__(self) -> None:
        super().__init__()
        self.sent_at: list[float] = []

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        await asyncio.sleep(LATENCY)
        if method.__api_method__ == "sendMessage" and int(method.chat_id) not in CHATTERS:  # type: ignore[attr-defined]
            self.sent_at.append(time.perf_counter())
        return await super().make_request(bot, method, timeout)


@dataclass
class Result:
    rate: int
    backlog: int
    drained: float  # messages a second, first to last
    latency_idle: list[float]
    latency_busy: list[float]


async def chat(dispatcher: Any, bot: Bot, stop: asyncio.Event) -> list[float]:
    """People writing at CHAT_RATE updates a second until `stop`; the time each answer took."""
    took: list[float] = []
    update_id = 0

    async def one(update_id: int, user_id: int) -> None:
        update = mount(bot, message_update(update_id, user_id, "/help" if update_id % 2 else "/start"))
        began = time.perf_counter()
        await dispatcher.feed_update(bot, update)
        took.append(time.perf_counter() - began)

    tasks = set()
    while not stop.is_set():
        update_id += 1
        tasks.add(asyncio.create_task(one(update_id, CHATTERS[update_id % len(CHATTERS)])))
        await asyncio.sleep(1 / CHAT_RATE)
    await asyncio.gather(*tasks)
    return took


async def measure(rate: int, backlog: int, idle_seconds: float) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        # No quiet hours: the bench may run at any hour.
        path = Path(folder) / "bench.sqlite3"
        settings = Settings(_env_file=None, database_path=path, send_rate=rate, quiet_hours="")
        database = await Database.open(settings.database_path)
        try:
            catalog = load_catalog()
            i18n = I18n("ru")
            dispatcher = create_dispatcher(
                settings=settings, database=database, catalog=catalog, i18n=i18n, search=SearchIndex(catalog)
            )
            telegram = SlowTelegram()
            bot = create_bot("42:BENCH", session=telegram, policy=SendPolicy.from_settings(database, settings))
            await seed_backlog(database, backlog)
            stop = asyncio.Event()

            async def idle_chat() -> list[float]:
                asyncio.get_running_loop().call_later(idle_seconds, stop.set)
                return await chat(dispatcher, bot, stop)

            latency_idle = await idle_chat()
            stop.clear()
            chatting = asyncio.create_task(chat(dispatcher, bot, stop))
            sent = await dispatcher["sender"].drain(bot)
            stop.set()
            latency_busy = await chatting
            first, last = telegram.sent_at[0], telegram.sent_at[-1]
            assert sent == backlog == len(telegram.sent_at), (sent, backlog, len(telegram.sent_at))
            return Result(rate, backlog, (sent - 1) / (last - first), latency_idle, latency_busy)
        finally:
            await database.close()


async def seed_backlog(database: Database, backlog: int) -> None:
    tx = database.transaction()
    repo = Repo(tx)
    due = datetime(2000, 1, 1, tzinfo=UTC)
    for user_id in range(1, backlog + 1):
        repo.users.add(User(user_id, "ru"))
        repo.outbox.add(user_id, "followup", {"scenario": "passport"}, due, key="passport")
    await tx.commit()


def spread(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return f"{statistics.median(ordered) * 1000:.0f} / {p95 * 1000:.0f} / {ordered[-1] * 1000:.0f} ms"


def table(results: list[Result]) -> str:
    lines = [
        "| SEND_RATE | backlog | drained at | of SEND_RATE | answers without backlog (p50 / p95 / max)"
        " | answers during the drain (p50 / p95 / max) |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.rate}/s | {r.backlog:,} | {r.drained:.1f}/s | {r.drained / r.rate:.1%} | {spread(r.latency_idle)}"
            f" | {spread(r.latency_busy)} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.outbox", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small backlogs to check the bench works")
    quick = parser.parse_args().quick
    plan = [(25, 100), (250, 1_000)] if quick else [(25, 1_500), (250, 10_000)]
    results = [asyncio.run(measure(rate, backlog, idle_seconds=3 if quick else 15)) for rate, backlog in plan]
    print(
        f"Telegram answers after {LATENCY * 1000:.0f} ms; people chat at {CHAT_RATE} updates/s (/start and /help)"
        " without a backlog, then while it drains. Drain rate: messages sent, first to last.\n"
    )
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
