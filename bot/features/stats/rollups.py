"""Statistics roll-ups: a periodic job folds the events of whole UTC days into counts per day, kind, scenario, group
(and topic), so that an administrator's /stats over 30 days or since the start reads days, not every event.

**The boundary.** `stats_folded.folded_until` is the start of a UTC day: every event created before it is in
`stats_days`, none after it. A screen reads the roll-up for the whole days before the boundary and the events
themselves for the rest (the partial day a period starts in, and everything from the boundary to now: at most a day
and `LAG`). Folding by time, not by "the events after the last folded id", is what keeps it exact: an event's
`created_at` is taken when its update queues the write, and the write commits later, after the handler has
finished (and, on PostgreSQL, ids from a sequence commit out of order: a lower id can commit after a higher one was
folded). So the job folds only days that ended `LAG` ago; an event that commits later than that into a folded day
would be lost to the roll-up, and no update holds its writes for anything near that long.

**Exactly once.** A fold is one transaction: it locks the boundary row (so a concurrent fold or /forget waits, on
PostgreSQL; SQLite has one writer anyway), adds the days' counts only if the boundary is still where it was read, and
moves it. A fold interrupted halfway leaves nothing; one run twice, or by two processes, adds the days once. A long
history (the first run after the migration) is folded a day per transaction, so updates are not held behind one long
write (SQLite: every statement, reads too, waits for the one connection's thread).

**/forget** deletes a person's events; `person_forgotten` (a hook, run before the deletes, in the same transaction)
first subtracts those of them that were already folded from their days. The roll-up holds counts, never an id.

**People, not events.** The figures that count people (trained: finished a guide or a quiz; eservices: said «Да» to
a follow-up) cannot be summed across days. Since the start they are the people who *ever* did it, so a day also
counts the people who did it that day *for the first time* (kinds `FIRSTS`, with no scenario or group): "since the
start" sums those; any other period counts the people in its events (bot/features/stats/repo.py).

**Since the start** (migration 0013) the same transaction keeps three more things up to the same boundary: the
totals of every folded day (`stats_totals`, always the sum of `stats_days`: one small table instead of a year of
days), each person's folded results for the members' CSV (`stats_members`, by person: /forget deletes their rows as
it does every `user_id` row), and each walk's last folded `start` and `complete` ids on the person's place
(`progress.walk_started`, `walk_finished`), so "where walks stopped" since the start reads the open walks only.

**What stays raw.** Other periods' walks and members' results are read from the events (a month of them is quick).
A coordinator's figures are about a few dozen people, found by person, and membership as it is now: they stay raw.

Every statement is portable SQL (PostgreSQL shares it): `substr`, `COALESCE`, `CASE`, `ON CONFLICT`.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from bot.core.database import Database, Transaction
from bot.core.people import Repo
from bot.features.stats.rules import BEGINNING

log = logging.getLogger(__name__)

LAG = timedelta(hours=2)  # a day is folded once it ended this long ago
EVERY = timedelta(minutes=5)  # how often the job looks for a day to fold
START = BEGINNING  # the boundary before anything was folded
TOPIC_KINDS = ("search_miss", "quiz_missed")
# The roll-up's kinds for people who did something for the first time that day (no event has these kinds), and the
# event kinds that make it.
FIRSTS = {"*trained": ("complete", "quiz_done"), "*eservices": ("followup_yes",)}
MEMBER_KINDS = ("quiz_done", "homework_done", "homework_late", "pledge_made", "pledge_confirmed", "pledge_self")
FOLDED_KINDS = (
    "start", "complete", "search_miss", "quiz_done", "quiz_missed", "homework_done", "homework_late", "pledge_made",
    "pledge_walked", "pledge_confirmed", "pledge_self", "followup_yes", "followup_not_yet", "followup_help", "joined",
)  # fmt: skip


def marks(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


# An event as a roll-up row's key: the day, and '' or 0 for what is missing. Used by the fold, by /forget's
# subtraction and by the screens' raw edges, so the three always agree.
KEY = (
    "kind, COALESCE(scenario_id, '') AS scenario_id, COALESCE(group_id, 0) AS group_id,"
    f" CASE WHEN kind IN ({marks(TOPIC_KINDS)}) THEN COALESCE(ref, '') ELSE '' END AS ref"
)
DAY = "substr(created_at, 1, 10)"
COLUMNS = "day, kind, scenario_id, group_id, ref, count, total"
TOTALS_KEY = "kind, scenario_id, group_id, ref"  # stats_totals: stats_days' key without the day


def adding(table: str, key: str) -> str:
    """A row whose key is there already adds its count and total to it."""
    return (
        f" ON CONFLICT ({key}) DO UPDATE"
        f" SET count = {table}.count + excluded.count, total = {table}.total + excluded.total"
    )


# A fold's statements do anything only while the boundary is where the fold read it (parameter: that boundary).
UNMOVED = " AND EXISTS (SELECT 1 FROM stats_folded WHERE id = 1 AND folded_until = ?)"
# Taken first by a fold and by /forget: on PostgreSQL the second waits for the first to commit, and its statements
# then see what the first did (READ COMMITTED reads afresh each statement).
LOCK = "UPDATE stats_folded SET folded_until = folded_until WHERE id = 1"
FOLD = (
    f"INSERT INTO stats_days ({COLUMNS})"
    f" SELECT {DAY}, {KEY}, COUNT(*), COALESCE(SUM(value), 0) FROM events"
    f" WHERE kind IN ({marks(FOLDED_KINDS)}) AND created_at >= ? AND created_at < ?{UNMOVED}"
    " GROUP BY 1, 2, 3, 4, 5"
)
# People whose first event of the kinds is on its day: none of those kinds before the day ('2026-11-20 10:00' sorts
# after '2026-11-20'). Parameters: from, to, the boundary.
FOLD_FIRSTS = (
    f"INSERT INTO stats_days ({COLUMNS})"
    " SELECT substr(e.created_at, 1, 10), '{first}', '', 0, '', COUNT(DISTINCT e.user_id), 0 FROM events e"
    " WHERE e.kind IN ({kinds}) AND e.created_at >= ? AND e.created_at < ?"
    f"{UNMOVED}"
    " AND NOT EXISTS (SELECT 1 FROM events f WHERE f.user_id = e.user_id AND f.kind IN ({kinds})"
    " AND f.created_at < substr(e.created_at, 1, 10))"
    " GROUP BY 1"
)
# The days just folded (firsts too), added to the totals: so stats_totals is always the sum of stats_days.
# Parameters: from, to, the boundary.
FOLD_TOTALS = (
    f"INSERT INTO stats_totals ({TOTALS_KEY}, count, total)"
    f" SELECT {TOTALS_KEY}, SUM(count), SUM(total) FROM stats_days"
    f" WHERE day >= substr(?, 1, 10) AND day < substr(?, 1, 10){UNMOVED} GROUP BY {TOTALS_KEY}"
    f"{adding('stats_totals', TOTALS_KEY)}"
)
# Each person's results for the members' CSV (group 0: none). Parameters: from, to, the boundary.
FOLD_MEMBERS = (
    "INSERT INTO stats_members (user_id, group_id, kind, count, total)"
    " SELECT user_id, COALESCE(group_id, 0), kind, COUNT(*), COALESCE(SUM(value), 0) FROM events"
    f" WHERE kind IN ({marks(MEMBER_KINDS)}) AND created_at >= ? AND created_at < ?{UNMOVED} GROUP BY 1, 2, 3"
    f"{adding('stats_members', 'user_id, group_id, kind')}"
)


def greater(one: str, other: str) -> str:
    """The greater of two ids, either of them NULL (portable: SQLite's MAX(a, b) is NULL if either is)."""
    return f"CASE WHEN {one} IS NULL OR {other} > {one} THEN {other} ELSE {one} END"


# Each walk's last start and complete so far, onto the person's place in the scenario: the greater id, not the
# later day's (a sequence's ids need not follow the events' times). Parameters: from, to, the boundary.
FOLD_WALKS = (
    f"UPDATE progress SET walk_started = {greater('w.started', 'progress.walk_started')},"
    f" walk_finished = {greater('w.finished', 'progress.walk_finished')}"
    " FROM (SELECT user_id, scenario_id, MAX(CASE WHEN kind = 'start' THEN id END) AS started,"
    " MAX(CASE WHEN kind = 'complete' THEN id END) AS finished FROM events"
    f" WHERE kind IN ('start', 'complete') AND created_at >= ? AND created_at < ?{UNMOVED}"
    " GROUP BY user_id, scenario_id) AS w"
    " WHERE progress.user_id = w.user_id AND progress.scenario_id = w.scenario_id"
)
FOLDS = (FOLD, *[FOLD_FIRSTS.format(first=first, kinds=marks(kinds)) for first, kinds in FIRSTS.items()])
FOLDS += (FOLD_TOTALS, FOLD_MEMBERS, FOLD_WALKS)
MOVE = "UPDATE stats_folded SET folded_until = ? WHERE id = 1 AND folded_until = ?"
# Each walk's last start (begun before the end) and last complete among the events from a time on, `where` keeping
# the events in a viewer's scope. Parameters: from, the end, the condition's.
WALKS = (
    "SELECT user_id, scenario_id, MAX(CASE WHEN kind = 'start' THEN id END) AS started,"
    " MAX(CASE WHEN kind = 'complete' THEN id END) AS finished FROM events"
    " WHERE created_at >= ? AND (kind = 'complete' OR kind = 'start' AND created_at < ?){where}"
    " GROUP BY user_id, scenario_id"
)


def open_walk(started: str, finished: str) -> str:
    """A walk begun and not finished since: the condition of the partial index progress_open_walks (0013), which
    the query must repeat for the index to serve it."""
    return f"{started} IS NOT NULL AND ({finished} IS NULL OR {finished} < {started})"


# "Where walks stopped" since the start: the open walks of the folded days that have no start or complete since the
# boundary, and the walks that have, their last ids the greater of the folded and the new. Parameters: the boundary,
# the period's end.
OPEN_WALKS = (
    f"WITH recent AS ({WALKS.format(where='')}),"
    " walks AS (SELECT scenario_id, step_id FROM progress p"
    f" WHERE {open_walk('walk_started', 'walk_finished')} AND NOT EXISTS (SELECT 1 FROM recent r"
    " WHERE r.user_id = p.user_id AND r.scenario_id = p.scenario_id)"
    " UNION ALL SELECT scenario_id, step_id FROM (SELECT p.scenario_id, p.step_id,"
    f" {greater('r.started', 'p.walk_started')} AS started, {greater('r.finished', 'p.walk_finished')} AS finished"
    " FROM recent r JOIN progress p ON p.user_id = r.user_id AND p.scenario_id = r.scenario_id) AS merged"
    f" WHERE {open_walk('started', 'finished')})"
    " SELECT scenario_id, step_id, COUNT(*) FROM walks GROUP BY scenario_id, step_id"
)
# Each group member's results since the start: their folded ones, and apart from those their events since the
# boundary; a person may have a row of each for a kind, and the CSV adds them up (rules.member_results). Parameters:
# the boundary, the period's end.
MEMBERS_SINCE_START = (
    "SELECT user_id, NULLIF(group_id, 0), kind, count, CAST(total AS DOUBLE PRECISION) FROM stats_members"
    " WHERE user_id IN ({members}) UNION ALL"
    " SELECT user_id, group_id, kind, COUNT(*), CAST(COALESCE(SUM(value), 0) AS DOUBLE PRECISION) FROM events"
    f" WHERE created_at >= ? AND created_at < ? AND kind IN ({marks(MEMBER_KINDS)}) AND {{member}} IN ({{members}})"
    " GROUP BY 1, 2, 3"
)

FOLDED = "created_at < (SELECT folded_until FROM stats_folded WHERE id = 1)"


def subtract(daily: bool) -> str:
    """/forget: the person's folded events taken off stats_days (`daily`) or stats_totals. Parameter: the person."""
    table, day, key = ("stats_days", f"{DAY}, ", "day, ") if daily else ("stats_totals", "", "")
    return (
        f"INSERT INTO {table} ({key}{TOTALS_KEY}, count, total)"
        f" SELECT {day}{KEY}, -COUNT(*), -COALESCE(SUM(value), 0) FROM events"
        f" WHERE user_id = ? AND kind IN ({marks(FOLDED_KINDS)}) AND {FOLDED}"
        f" GROUP BY {', '.join(str(n) for n in range(1, 5 + daily))}{adding(table, key + TOTALS_KEY)}"
    )


def subtract_first(daily: bool, first: str, kinds: tuple[str, ...]) -> str:
    """/forget: the person's first day of the kinds, if it is folded, counts one person fewer. Parameter: the
    person. (`-MIN(1)` is the one person as an aggregate: SQLite takes HAVING only in an aggregate query.)"""
    table, day, key = ("stats_days", "substr(MIN(created_at), 1, 10), ", "day, ") if daily else ("stats_totals", "", "")
    return (
        f"INSERT INTO {table} ({key}{TOTALS_KEY}, count, total)"
        f" SELECT {day}'{first}', '', 0, '', -MIN(1), 0 FROM events"
        f" WHERE user_id = ? AND kind IN ({marks(kinds)}) AND {FOLDED}"
        f" HAVING COUNT(*) > 0{adding(table, key + TOTALS_KEY)}"
    )


FORGETS = tuple(
    sql
    for daily in (True, False)
    for sql in (subtract(daily), *[subtract_first(daily, first, kinds) for first, kinds in FIRSTS.items()])
)


def day_start(moment: datetime) -> str:
    """The start of `moment`'s UTC day, as the database stores times."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d 00:00:00")


def next_day(stored: str) -> str:
    return f"{date.fromisoformat(stored[:10]) + timedelta(days=1)} 00:00:00"


async def folded_until(tx: Transaction | Database) -> str:
    row = await tx.fetch_one("SELECT folded_until FROM stats_folded WHERE id = 1")
    return row[0] if row else START


async def fold(database: Database, now: datetime | None = None) -> str:
    """Fold every whole UTC day that ended `LAG` before `now` and is not folded yet; returns the new boundary."""
    target = day_start((now or datetime.now(UTC)) - LAG)
    while (boundary := await folded_until(database)) < target:
        base = boundary
        if boundary == START:  # the first run: from the day of the first event (none: nothing to fold)
            row = await database.fetch_one("SELECT MIN(created_at) FROM events")
            base = f"{row[0][:10]} 00:00:00" if row and row[0] else target
        until = min(next_day(base), target)
        tx = database.transaction()
        tx.execute(LOCK)
        for sql in FOLDS:
            tx.execute(sql, (boundary, until, boundary))
        tx.execute(MOVE, (until, boundary))
        await tx.commit()
    return boundary


async def person_forgotten(repo: Repo, user_id: int) -> None:
    """/forget: the person's folded events leave their days' counts. Queued before the events are deleted."""
    repo.tx.execute(LOCK)
    for sql in FORGETS:
        repo.tx.execute(sql, (user_id,))


@dataclass(frozen=True)
class Split:
    """A stored time range [lo, hi) as the roll-up's days [first, last) and the ranges of events around them."""

    first: str
    last: str
    edges: tuple[tuple[str, str], ...]


def split(lo: str, hi: str, boundary: str) -> Split:
    """Whole days inside [lo, hi) that are folded, and the rest, read from the events."""
    first = lo if lo[10:] == " 00:00:00" else next_day(lo)
    last = min(hi[:10] + " 00:00:00", boundary)
    if lo >= hi or first >= last:
        return Split("", "", ((lo, hi),) if lo < hi else ())
    edges = tuple((a, b) for a, b in ((lo, first), (last, hi)) if a < b)
    return Split(first[:10], last[:10], edges)
