"""The one sender of scheduled messages: drains the outbox table (bot/db/outbox.py) within Telegram's limits.

An APScheduler interval job runs `drain` every second on the bot's own event loop, next to the handlers. A drain
claims due rows (at most SEND_RATE at a time, one per person), decides each one — dropped when the person is
unreachable, opted out or the message is no longer relevant; moved to the morning in quiet hours — and sends the rest
paced at SEND_RATE a second, each in a task of its own so a slow answer from Telegram holds up nobody. Every outcome is
recorded right after it happens, so a crash can repeat at most the messages in flight, once.
"""

import asyncio
import logging
import math
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.callbacks import NotifyCb
from bot.config import Settings
from bot.content.validation import Catalog
from bot.db.database import Database
from bot.db.outbox import Claimed
from bot.db.repositories import Repo
from bot.i18n import I18n
from bot.outbox import KINDS, Kind, Letter
from bot.telegram_policy import Sleep
from bot.views import Screen, button

log = logging.getLogger(__name__)

STALE = timedelta(minutes=10)  # a row claimed this long ago and never recorded: its sender died
MAX_ATTEMPTS = 3  # claims without an outcome (crash, Telegram down) before a row is given up
RETRY_LATER = timedelta(minutes=5)  # Telegram still failing after the session's own retries


class Pacer:
    """Spaces sends `1/rate` seconds apart. A slot missed by less than a gap (a claim query took a few ms) is kept,
    so the rate holds; after a longer pause the count starts again from now, so there is never a burst."""

    def __init__(self, rate: int, sleep: Sleep) -> None:
        self._gap = 1 / rate
        self._sleep = sleep
        self._next = -math.inf

    async def wait(self) -> None:
        now = asyncio.get_running_loop().time()
        slot = self._next if self._next >= now - self._gap else now
        if slot > now:
            await self._sleep(slot - now)
        self._next = slot + self._gap


class Sender:
    def __init__(
        self, database: Database, settings: Settings, i18n: I18n, catalog: Catalog, *, sleep: Sleep = asyncio.sleep
    ) -> None:
        self._database, self._settings, self._i18n, self._catalog = database, settings, i18n, catalog
        self._scheduler: AsyncIOScheduler | None = None
        self._draining: asyncio.Task[int] | None = None
        self._stopping = False
        self._pacer = Pacer(settings.send_rate, sleep)
        # Bounds the sends waiting for Telegram if it hangs: four seconds' worth.
        self._in_flight = asyncio.Semaphore(4 * settings.send_rate)

    async def start(self, bot: Bot) -> None:
        """On the dispatcher's start-up: drain every second, the first time right away."""
        self._stopping = False
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._scheduler.add_job(
            self._drain_job, "interval", seconds=1, args=(bot,), next_run_time=datetime.now(UTC),
            max_instances=1, coalesce=True, misfire_grace_time=None,
        )  # fmt: skip
        self._scheduler.start()

    async def stop(self) -> None:
        """On the dispatcher's shutdown: let a running drain record what it has in flight, then stop the job."""
        self._stopping = True
        if self._draining is not None:
            await self._draining
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    async def _drain_job(self, bot: Bot) -> None:
        self._draining = asyncio.current_task()  # type: ignore[assignment]
        try:
            await self.drain(bot)
        except Exception:  # the job runs again in a second; a failure must not stop the schedule
            log.exception("draining the outbox failed")
        finally:
            self._draining = None

    async def drain(self, bot: Bot) -> int:
        """Send every message due now; returns how many went out."""
        sends: set[asyncio.Task[bool]] = set()
        while not self._stopping:
            batch = await self.claim()
            if not batch:
                break
            repo = Repo(self._database.transaction())
            for row in batch:
                screen = await self._decide(row, repo)
                if screen is None:
                    continue
                await self._in_flight.acquire()
                await self._pacer.wait()
                sends.add(asyncio.create_task(self._send(bot, row, screen)))
        return sum(await asyncio.gather(*sends))

    async def claim(self) -> list[Claimed]:
        """Take the due rows this sender will handle now (see OutboxRepo.claim)."""
        token = uuid.uuid4().hex
        moment = datetime.now(UTC)
        tx = self._database.transaction()
        repo = Repo(tx)
        repo.outbox.claim(
            token, moment, limit=self._settings.send_rate, stale_before=moment - STALE, max_attempts=MAX_ATTEMPTS
        )
        await tx.commit()
        return await repo.outbox.claimed(token)

    async def _decide(self, row: Claimed, repo: Repo) -> Screen | None:
        """The screen to send now, or None after recording why not (dropped, postponed, failed)."""
        kind = KINDS.get(row.kind)
        if kind is None:
            log.error("outbox row %s has kind %r, which nothing registers", row.id, row.kind)
            await self._record(lambda r: r.outbox.fail(row.id))
            return None
        if row.locale is None or row.unreachable or kind.family in row.optouts:
            await self._record(lambda r: r.outbox.drop(row.id))
            return None
        zone = ZoneInfo(row.time_zone or self._settings.timezone)
        now = datetime.now(UTC)
        allowed = self._settings.quiet_hours.next_allowed(now, zone)
        if allowed > now:
            await self._record(lambda r: r.outbox.postpone(row.id, allowed))
            return None
        letter = Letter(row.id, row.user_id, row.kind, row.payload, self._i18n(row.locale), zone, repo, self._catalog)
        try:
            screen = await kind.write(letter)
        except Exception:
            log.exception("writing outbox row %s (%s) failed", row.id, row.kind)
            await self._record(lambda r: r.outbox.fail(row.id))
            return None
        if screen is None:
            await self._record(lambda r: r.outbox.drop(row.id))
            return None
        return _with_controls(screen, kind, letter)

    async def _send(self, bot: Bot, row: Claimed, screen: Screen) -> bool:
        try:
            await bot.send_message(chat_id=row.user_id, text=screen.text, reply_markup=screen.markup)
        except TelegramForbiddenError:  # the session policy has marked the person unreachable
            await self._record(lambda r: r.outbox.drop(row.id))
            return False
        except (TelegramRetryAfter, TelegramServerError, TelegramNetworkError) as exc:
            log.warning("outbox row %s: Telegram still failing (%s), trying later", row.id, type(exc).__name__)
            later = datetime.now(UTC) + RETRY_LATER
            await self._record(lambda r: r.outbox.retry_later(row.id, later, max_attempts=MAX_ATTEMPTS))
            return False
        except TelegramAPIError as exc:
            log.error("outbox row %s refused by Telegram: %s", row.id, exc.message)
            await self._record(lambda r: r.outbox.fail(row.id))
            return False
        finally:
            self._in_flight.release()
        await self._record(lambda r: r.outbox.sent(row.id))
        return True

    async def _record(self, write: Callable[[Repo], None]) -> None:
        tx = self._database.transaction()
        write(Repo(tx))
        await tx.commit()


def _with_controls(screen: Screen, kind: Kind, letter: Letter) -> Screen:
    """The kind's own buttons, then «Напомнить завтра» where it makes sense and «Не напоминать об этом»."""
    t = letter.t
    rows = list(screen.rows)
    if kind.snooze:
        rows.append([button(t("outbox-btn-snooze"), NotifyCb(row=letter.id, stop=False))])
    rows.append([button(t("outbox-btn-stop"), NotifyCb(row=letter.id, stop=True))])
    return Screen(screen.text, tuple(rows))
