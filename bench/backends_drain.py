"""Scheduled messages drained by three workers on PostgreSQL and Redis (`python -m bench.backends`): the leader alone
should send them, at SEND_RATE, each once. Telegram answers after bench/outbox.py's network-like delay."""

import asyncio
from collections import Counter
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.methods import TelegramMethod

from bench.backends_setup import Content, postgres_workers, redis_prefix, schema_of_our_own
from bench.outbox import SlowTelegram, seed_backlog
from bot.app import create_bot
from bot.core.telegram_policy import SendPolicy

WORKERS = 3
SECONDS = 8  # of sending at each rate: the backlog is rate × this


class RecordingTelegram(SlowTelegram):
    """Also records to whom each message went, so a message sent twice shows."""

    def __init__(self) -> None:
        super().__init__()
        self.chats: list[int] = []

    async def make_request(self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
        if method.__api_method__ == "sendMessage":
            self.chats.append(int(method.chat_id))  # type: ignore[attr-defined]
        return await super().make_request(bot, method, timeout)


@dataclass
class Drained:
    rate: int
    backlog: int
    sent: int
    drained: float  # messages a second, first to last
    doubled: int  # messages that reached a chat a second time
    leaders: int  # workers that led while it drained


async def drain(content: Content, rate: int) -> Drained:
    backlog = rate * SECONDS
    telegram = RecordingTelegram()
    async with schema_of_our_own() as schema, redis_prefix() as prefix:
        workers = await postgres_workers(content, "drain", schema, WORKERS, prefix, send_rate=rate)
        try:
            await seed_backlog(workers.databases[0], backlog)
            bots = [
                create_bot("42:BENCH", session=telegram, policy=SendPolicy.from_settings(db, d["settings"]))
                for db, d in zip(workers.databases, workers.dispatchers, strict=True)
            ]
            for dispatcher, bot in zip(workers.dispatchers, bots, strict=True):
                await dispatcher.emit_startup(bot=bot, **dispatcher.workflow_data)
            async with asyncio.timeout(SECONDS * 4 + 30):
                while len(telegram.chats) < backlog:
                    await asyncio.sleep(0.05)
            await asyncio.sleep(1.0)  # a message sent twice would come now
            leaders = sum(d["leadership"].leading for d in workers.dispatchers)
            for dispatcher, bot in zip(workers.dispatchers, bots, strict=True):
                await dispatcher.emit_shutdown(bot=bot, **dispatcher.workflow_data)
        finally:
            await workers.close()
    moments = sorted(telegram.sent_at)
    doubled = sum(n - 1 for n in Counter(telegram.chats).values())
    pace = (len(moments) - 1) / (moments[-1] - moments[0])
    return Drained(rate, backlog, len(telegram.chats), pace, doubled, leaders)


def drain_rows(results: list[Drained]) -> list[str]:
    return [
        f"| Scheduled messages, {WORKERS} workers, SEND_RATE {r.rate}/s | {r.backlog:,} due | drained at"
        f" {r.drained:.1f}/s = {r.drained / r.rate:.1%} of SEND_RATE (goal 95–105%) | {r.sent:,} sent, {r.doubled}"
        f" doubled, {r.leaders} leader |"
        for r in results
    ]
