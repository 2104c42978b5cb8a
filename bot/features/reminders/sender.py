"""The one sender of scheduled messages: drains the outbox table (bot/db/outbox.py) within Telegram's limits.

An APScheduler interval job (`job`) runs every second on the bot's own event loop, next to the handlers. It claims
due rows (at most SEND_RATE at a time, one per person), decides each one — dropped when the person is unreachable,
opted out or the message is no longer relevant; moved to the morning in quiet hours — and starts sending the rest,
paced at SEND_RATE a second, each in a task of its own, and returns: a chat Telegram tells to wait (429) or that
answers slowly waits alone, and the next second's job serves everybody else. A send that takes longer than
SEND_TIMEOUT is given up and tried again later.

Each message sent is recorded as sent as soon as Telegram has taken it (concurrent records share one commit, see
`Database.write`), so a crash repeats only a message whose record was not yet on disk: the rare case. Its row is still
'sending', and is claimed again once STALE, longer than any send may take, has passed. The other outcomes (dropped,
postponed) are recorded with the next claim.
"""

import asyncio
import logging
import math
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
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

from bot.core.backends import AnyDatabase
from bot.core.config import Settings
from bot.core.database import Transaction
from bot.core.i18n import I18n
from bot.core.people import Repo
from bot.core.screens import Screen, button
from bot.core.telegram_policy import Sleep
from bot.features.reminders.buttons import NotifyCb
from bot.features.reminders.letters import KINDS, Kind, Letter
from bot.features.reminders.repo import Claimed
from bot.features.scenarios.validation import Catalog

log = logging.getLogger(__name__)

SEND_TIMEOUT = 30.0  # seconds a send may take, Telegram's flood waits and retries included, before it is tried later
STALE = timedelta(seconds=2 * SEND_TIMEOUT)  # a row claimed this long ago and never recorded: its sender died
STOP_WAIT = 5.0  # seconds a shutdown lets the sends in flight finish; the rest are sent after the restart
MAX_ATTEMPTS = 3  # claims without an outcome (crash, Telegram down) before a row is given up
RETRY_LATER = timedelta(minutes=5)  # Telegram still failing after the session's own retries
CATCH_UP = 0.1  # seconds of missed sending slots made up at once (2–3 messages at 25 a second)


class Pacer:
    """Spaces sends `1/rate` seconds apart. Slots missed by up to CATCH_UP (a claim query, a busy loop) are caught
    up, so the rate holds; after a longer pause the count starts again from now, so a burst stays that small."""

    def __init__(self, rate: int, sleep: Sleep) -> None:
        self._gap = 1 / rate
        self._sleep = sleep
        self._next = -math.inf

    async def wait(self) -> None:
        now = asyncio.get_running_loop().time()
        slot = self._next if self._next >= now - CATCH_UP else now
        if slot > now:
            await self._sleep(slot - now)
        self._next = slot + self._gap


class Sender:
    def __init__(
        self,
        database: AnyDatabase,
        settings: Settings,
        i18n: I18n,
        catalog: Catalog,
        repositories: Callable[[Transaction], Repo],
        *,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        """`repositories` makes a transaction's repositories: every feature's, since each writes its own letters."""
        self._database, self._settings, self._i18n, self._catalog = database, settings, i18n, catalog
        self._repositories = repositories
        self._scheduler: AsyncIOScheduler | None = None
        self._draining: asyncio.Task[Any] | None = None
        self._sends: set[asyncio.Task[bool]] = set()
        self._stopping = False
        self._outcomes: list[Callable[[Repo], None]] = []  # recorded with the next claim
        self._pacer = Pacer(settings.send_rate, sleep)
        # Bounds the sends waiting for Telegram if it hangs: four seconds' worth.
        self._in_flight = asyncio.Semaphore(4 * settings.send_rate)

    async def start(self, bot: Bot) -> None:
        """On the dispatcher's start-up: drain every second, the first time right away."""
        self._stopping = False
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._scheduler.add_job(
            self.job, "interval", seconds=1, args=(bot,), next_run_time=datetime.now(UTC),
            max_instances=1, coalesce=True, misfire_grace_time=None,
        )  # fmt: skip
        self._scheduler.start()

    async def stop(self) -> None:
        """On the dispatcher's shutdown: stop claiming, give the sends in flight STOP_WAIT seconds, and put the
        rest back in the queue (a send waiting out a 429 has not been delivered), then record every outcome."""
        self._stopping = True
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        if self._draining is not None:
            await self._draining
        if self._sends:
            _, late = await asyncio.wait(self._sends, timeout=STOP_WAIT)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        await self._write_outcomes()

    async def job(self, bot: Bot) -> None:
        """What the interval job runs: start sending what is due, without waiting for Telegram's answers."""
        self._draining = asyncio.current_task()
        try:
            await self._dispatch(bot)
        except Exception:  # the job runs again in a second; a failure must not stop the schedule
            log.exception("draining the outbox failed")
        finally:
            self._draining = None

    async def drain(self, bot: Bot) -> int:
        """Send every message due now and wait for Telegram's answers; returns how many went out."""
        sent = sum(await asyncio.gather(*await self._dispatch(bot)))
        await self._write_outcomes()
        return sent

    async def _dispatch(self, bot: Bot) -> list[asyncio.Task[bool]]:
        """Claim what is due, batch after batch, and start its sends; returns them."""
        started = []
        while not self._stopping:
            batch = await self.claim()
            if not batch:
                break
            repo = self._repositories(self._database.transaction())
            for row in batch:
                screen = await self._decide(row, repo)
                if screen is None:
                    continue
                await self._in_flight.acquire()
                await self._pacer.wait()
                task = asyncio.create_task(self._send(bot, row, screen))
                self._sends.add(task)
                task.add_done_callback(self._sends.discard)
                started.append(task)
        return started

    async def _write_outcomes(self) -> None:
        repo = self._repositories(self._database.transaction())
        self._take_outcomes(repo)
        await repo.tx.commit()

    async def claim(self) -> list[Claimed]:
        """Take the due rows this sender will handle now (see OutboxRepo.claim)."""
        token = uuid.uuid4().hex
        moment = datetime.now(UTC)
        repo = self._repositories(self._database.transaction())
        self._take_outcomes(repo)
        repo.outbox.claim(
            token, moment, limit=self._settings.send_rate, stale_before=moment - STALE, max_attempts=MAX_ATTEMPTS
        )
        await repo.tx.commit()
        return await repo.outbox.claimed(token)

    async def _decide(self, row: Claimed, repo: Repo) -> Screen | None:
        """The screen to send now, or None after recording why not (dropped, postponed, failed)."""
        kind = KINDS.get(row.kind)
        if kind is None:
            log.error("outbox row %s has kind %r, which nothing registers", row.id, row.kind)
            self._record(lambda r: r.outbox.fail(row.id))
            return None
        if row.locale is None or row.unreachable or kind.family in row.optouts:
            self._record(lambda r: r.outbox.drop(row.id))
            return None
        zone = ZoneInfo(row.time_zone or self._settings.timezone)
        now = datetime.now(UTC)
        allowed = self._settings.quiet_hours.next_allowed(now, zone)
        if allowed > now:
            self._record(lambda r: r.outbox.postpone(row.id, allowed))
            return None
        letter = Letter(
            row.id,
            row.user_id,
            row.kind,
            row.payload,
            self._i18n(row.locale),
            zone,
            repo,
            self._catalog,
            self._settings,
        )
        try:
            screen = await kind.write(letter)
        except Exception:
            log.exception("writing outbox row %s (%s) failed", row.id, row.kind)
            self._record(lambda r: r.outbox.fail(row.id))
            return None
        if screen is None:
            self._record(lambda r: r.outbox.drop(row.id))
            return None
        return _with_controls(screen, kind, letter)

    async def _send(self, bot: Bot, row: Claimed, screen: Screen) -> bool:
        try:
            async with asyncio.timeout(SEND_TIMEOUT):
                await bot.send_message(chat_id=row.user_id, text=screen.text, reply_markup=screen.markup)
        except TelegramForbiddenError:  # the session policy has marked the person unreachable
            self._record(lambda r: r.outbox.drop(row.id))
            return False
        except (TelegramRetryAfter, TelegramServerError, TelegramNetworkError, TimeoutError) as exc:
            log.warning("outbox row %s: Telegram still failing (%s), trying later", row.id, type(exc).__name__)
            self._retry_later(row)
            return False
        except asyncio.CancelledError:  # shutdown: not delivered (or not known to be); sent after the restart
            self._retry_later(row)
            raise
        except TelegramAPIError as exc:
            log.error("outbox row %s refused by Telegram: %s", row.id, exc.message)
            self._record(lambda r: r.outbox.fail(row.id))
            return False
        finally:
            self._in_flight.release()
        # Recorded now, not with the next claim: a crash a moment later must not send it again.
        repo = self._repositories(self._database.transaction())
        repo.outbox.sent(row.id)
        await repo.tx.commit()
        return True

    def _retry_later(self, row: Claimed) -> None:
        later = datetime.now(UTC) + RETRY_LATER
        self._record(lambda r: r.outbox.retry_later(row.id, later, max_attempts=MAX_ATTEMPTS))

    def _record(self, outcome: Callable[[Repo], None]) -> None:
        self._outcomes.append(outcome)

    def _take_outcomes(self, repo: Repo) -> None:
        """Put the outcomes recorded so far into `repo`'s transaction."""
        outcomes, self._outcomes = self._outcomes, []
        for outcome in outcomes:
            outcome(repo)


def _with_controls(screen: Screen, kind: Kind, letter: Letter) -> Screen:
    """The kind's own buttons, then «Напомнить завтра» where it makes sense and «Не напоминать об этом»."""
    t = letter.t
    rows = list(screen.rows)
    if kind.snooze:
        rows.append([button(t("outbox-btn-snooze"), NotifyCb(row=letter.id, stop=False))])
    rows.append([button(t("outbox-btn-stop"), NotifyCb(row=letter.id, stop=True))])
    return Screen(screen.text, tuple(rows))
