"""The coordinators' weekly digest: on Monday at 10:00 in each one's time zone, last week's figures and how far the
year's goals are reached. A message of the outbox: an hourly cron job queues next Monday's digest for every
coordinator and administrator (once per person and week), and the sender writes and sends it when it is due."""

import asyncio
import logging
from datetime import UTC, date, datetime, time, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.core.backends import AnyDatabase
from bot.core.config import Settings
from bot.core.screens import Screen
from bot.features.reminders.letters import Letter, kind
from bot.features.reminders.repo import OutboxRepo
from bot.features.stats.repo import Scope, StatsRepo
from bot.features.stats.rollups import EVERY, fold
from bot.features.stats.rules import monday, period, zone_of
from bot.features.stats.views import digest

log = logging.getLogger(__name__)
DIGEST = "stats-digest"
SENT_AT = time(10, 0)


def next_digest(now: datetime) -> datetime:
    """Monday 10:00 in `now`'s zone: today if it is Monday before ten, else the coming Monday."""
    this = datetime.combine(monday(now).date(), SENT_AT, now.tzinfo)
    return this if now < this else this + timedelta(days=7)


async def queue_digests(database: AnyDatabase, settings: Settings) -> None:
    """Queue the coming Monday's digest for every coordinator and administrator who has talked to the bot."""
    tx = database.transaction()
    outbox = OutboxRepo(tx)
    for user_id, time_zone, everybody in await StatsRepo(tx).digest_recipients(settings.admin_ids):
        due = next_digest(datetime.now(zone_of(time_zone, settings.zone)))
        payload = {"monday": due.date().isoformat(), "everybody": everybody}
        outbox.add(user_id, DIGEST, payload, due, key=payload["monday"])
    await tx.commit()


@kind(DIGEST, family="digests")
async def digest_letter(letter: Letter) -> Screen | None:
    # Who the person is when it is sent, not when it was queued: a former administrator gets no one's figures but
    # their own groups', and a former coordinator nothing.
    everybody = bool(letter.payload["everybody"]) and letter.user_id in letter.settings.admin_ids
    if not everybody and not await letter.repo.stats.is_coordinator(letter.user_id):
        return None
    scope = Scope() if everybody else Scope(letter.user_id)
    if not everybody and await letter.repo.stats.people_in(scope) < letter.settings.stats_min_people:
        return None  # too few people to show figures about (see /privacy)
    sent_on = datetime.combine(date.fromisoformat(letter.payload["monday"]), SENT_AT, letter.zone)
    week = period("lw", sent_on)
    stats = letter.repo.stats
    report = await stats.report(scope, week)
    now = datetime.now(letter.zone)
    progress = await stats.goals(scope, letter.user_id, now)
    text = digest(letter.t, letter.catalog, report, week, await stats.groups(scope), progress, now.year)
    return Screen(text)


class Digests:
    """The cron jobs of the statistics: queue the digests every hour; fold the days that ended into the roll-ups
    every few minutes and at start-up (rollups.py); refresh the planner's statistics weekly, as the events table
    grows (../shared/PERFORMANCE.md)."""

    def __init__(self, database: AnyDatabase, settings: Settings) -> None:
        self._database, self._settings = database, settings
        self._scheduler: AsyncIOScheduler | None = None
        self._queueing: asyncio.Task[None] | None = None
        self._folding: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        self._scheduler.add_job(
            self._queue, CronTrigger(minute=0, timezone=UTC), next_run_time=datetime.now(UTC), coalesce=True
        )
        self._scheduler.add_job(
            self._fold, IntervalTrigger(seconds=EVERY.total_seconds()), next_run_time=datetime.now(UTC), coalesce=True
        )
        self._scheduler.add_job(self._database.analyze, CronTrigger(day_of_week="sun", hour=23, timezone=UTC))
        self._scheduler.start()

    async def stop(self) -> None:
        """On shutdown: let a running job finish its queries before the database closes, then stop the jobs."""
        for running in (self._queueing, self._folding):
            if running is not None:
                await running
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    async def _queue(self) -> None:
        self._queueing = asyncio.current_task()  # type: ignore[assignment]
        try:
            await queue_digests(self._database, self._settings)
        except Exception:  # the job runs again in an hour; a failure must not stop the schedule
            log.exception("queueing the weekly digests failed")
        finally:
            self._queueing = None

    async def _fold(self) -> None:
        self._folding = asyncio.current_task()  # type: ignore[assignment]
        try:
            await fold(self._database)
        except Exception:  # a fold is one transaction: a failed one left nothing, and the next run does it again
            log.exception("folding the statistics' roll-ups failed")
        finally:
            self._folding = None
