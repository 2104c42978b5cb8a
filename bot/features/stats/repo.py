"""The SQL of /stats and the weekly digest: counts over the append-only events table (an administrator's from the
daily roll-ups where they hold the days, bot/features/stats/rollups.py), the people in a viewer's scope, and the
coordinators' yearly targets."""

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core.database import Params, Transaction
from bot.features.stats.rollups import (
    FIRSTS,
    FOLDED_KINDS,
    KEY,
    MEMBER_KINDS,
    MEMBERS_SINCE_START,
    OPEN_WALKS,
    START,
    TOPIC_KINDS,
    WALKS,
    Split,
    folded_until,
    split,
)
from bot.features.stats.rules import Bounds, Goal, Period, Report, Row, Tally, build_report, goals, stamp, year_start

# TOPIC_KINDS: kinds whose `ref` is a category worth counting by (a topic word, a question id); other refs are ids of
# one thing.
# The words of people's unanswered questions are shown to administrators only, never by group: in a small class a
# teacher could tell whose question it was.
GROUP_TOPIC_KINDS = ("quiz_missed",)
COUNTED_KINDS = (
    "start", "complete", "search_miss", "quiz_done", "homework_done", "homework_late", "pledge_made",
    "pledge_walked", "pledge_confirmed", "pledge_self", "followup_yes", "followup_not_yet", "followup_help", "joined",
)  # fmt: skip
GROUP_KINDS = ("joined", "homework_done", "homework_late", "quiz_done")
ACTIVE_KINDS = ("complete", "followup_yes", *GROUP_KINDS)  # an event of these with a group makes the group active


@dataclass(frozen=True)
class Scope:
    """Whose figures a viewer sees: everybody's (administrators) or their groups' people (a coordinator)."""

    coordinator_user_id: int | None = None

    @property
    def everybody(self) -> bool:
        return self.coordinator_user_id is None


def people(scope: Scope, column: str = "user_id") -> tuple[str, Params]:
    """The condition that keeps a row about a person in the scope.

    The one place that says who a coordinator's people are: the members of their groups, and the people who opened
    a pledge link of one of those members (`pledge_items.helped_user_id`), whether or not the pledge still stands.
    """
    if scope.everybody:
        return "", ()
    return (
        f" AND {column} IN (WITH members AS (SELECT m.user_id FROM group_members m JOIN groups g ON g.id = m.group_id"
        " WHERE g.coordinator_user_id = ?) SELECT user_id FROM members UNION SELECT i.helped_user_id"
        " FROM pledge_items i JOIN pledges p ON p.id = i.pledge_id WHERE p.user_id IN (SELECT user_id FROM members))",
        (scope.coordinator_user_id,),
    )


def events_in(scope: Scope) -> tuple[str, Params]:
    """The condition that keeps an event in the scope: about one of the coordinator's people and, when it belongs to
    a group (homework, a quiz set as homework, joining), to one of their groups. A student in two classes is seen
    by each coordinator only in their own: another class's homework is not theirs to see."""
    where, params = people(scope)
    if scope.everybody:
        return where, params
    mine = " AND (group_id IS NULL OR group_id IN (SELECT id FROM groups WHERE coordinator_user_id = ?))"
    return where + mine, (*params, scope.coordinator_user_id)


def groups_of(scope: Scope, column: str) -> tuple[str, Params]:
    if scope.everybody:
        return f"{column} IS NOT NULL", ()
    return f"{column} IN (SELECT id FROM groups WHERE coordinator_user_id = ?)", (scope.coordinator_user_id,)


# 1: this period, 0: the previous one, NULL: between them (parameters: start, until).
PERIOD = "CASE WHEN created_at >= ? THEN 1 WHEN created_at < ? THEN 0 END"


GROUP_MEMBERS = "SELECT user_id FROM group_members"  # everybody's members: of any group
# An event's person as a value, not an index's column: else SQLite walks the person index once per member (15,000 of
# them), where the kind index and a look-up among the members is quicker (PostgreSQL reads the unary plus as a no-op).
MEMBER = "+user_id"
# Members × assignments of their group (not cancelled) whose deadline fell in the period and who finished no attempt
# at it: the `missed` of homework's standing rules (bot/homework.py), counted per group and person. Parameters: the
# PERIOD bounds, then from, to, then the groups' condition's.
MISSED = (
    "SELECT CASE WHEN a.deadline_at >= ? THEN 1 WHEN a.deadline_at < ? THEN 0 END, a.group_id, m.user_id, count(*)"
    " FROM assignments a JOIN group_members m ON m.group_id = a.group_id"
    " WHERE a.deadline_at >= ? AND a.deadline_at < ? AND a.cancelled_at IS NULL AND {groups}"
    " AND NOT EXISTS (SELECT 1 FROM quiz_attempts q"
    " WHERE q.assignment_id = a.id AND q.user_id = m.user_id AND q.finished_at IS NOT NULL) GROUP BY 1, 2, 3"
)


def folded(parts: Split, boundary: str) -> tuple[str, Params]:
    """Where the roll-up rows of the split's folded days are, as `table WHERE condition`: all the folded days (since
    the start) are one row per key in stats_totals, any other run of days is read from stats_days."""
    if parts.first == START[:10] and parts.last == boundary[:10]:
        return "stats_totals WHERE TRUE", ()
    return "stats_days WHERE day >= ? AND day < ?", (parts.first, parts.last)


def _marks(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class StatsRepo:
    # An administrator's figures come from the roll-ups; False reads every event instead (the tests and the benchmark
    # compare the two).
    rollups = True

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    async def people_in(self, scope: Scope) -> int:
        """How many people are members of the coordinator's groups (everybody's scope: not counted, 0)."""
        if scope.everybody:
            return 0
        row = await self._tx.fetch_one(
            "SELECT count(DISTINCT m.user_id) FROM group_members m JOIN groups g ON g.id = m.group_id"
            " WHERE g.coordinator_user_id = ? AND g.closed_at IS NULL",
            (scope.coordinator_user_id,),
        )
        return row[0] if row else 0

    async def is_coordinator(self, user_id: int) -> bool:
        return await self._tx.fetch_one("SELECT 1 FROM coordinators WHERE user_id = ?", (user_id,)) is not None

    async def tallies(self, scope: Scope, bounds: Bounds) -> tuple[Tally, Tally]:
        """What happened in the period and in the one before it."""
        if scope.everybody and self.rollups:
            current, before = await self.rolled_up(bounds)
        else:
            current, before = await self.counted(scope, bounds)
        for is_now, group_id, _, count in await self.missed(scope, bounds):
            if is_now is not None:
                (before, current)[is_now].rows.append(Row("homework_missed", None, group_id, count, 0))
        return current, before

    async def rolled_up(self, bounds: Bounds) -> tuple[Tally, Tally]:
        """Everybody's figures of the period and the one before it: the folded days from the roll-ups, the rest from
        the events. The same figures as `counted`, a year of them about 50× faster."""
        since, until, start, end = bounds
        boundary = await folded_until(self._tx)
        return await self._days(start, end, boundary, topics=True), await self._days(since, until, boundary)

    async def _days(self, lo: str, hi: str, boundary: str, topics: bool = False) -> Tally:
        tally = Tally()
        if lo >= hi:
            return tally
        ((tally.new_people,),) = await self._tx.read_apart(
            "SELECT COUNT(*) FROM users WHERE created_at >= ? AND created_at < ?", (lo, hi)
        )
        kinds = _marks(FOLDED_KINDS if topics else COUNTED_KINDS)
        parts = split(lo, hi, boundary)
        sources, params = [], []
        if parts.first:
            rolled, rolled_params = folded(parts, boundary)
            sources.append(f"SELECT kind, scenario_id, group_id, ref, count, total FROM {rolled} AND kind IN ({kinds})")
            params += rolled_params
        for edge in parts.edges:
            sources.append(
                f"SELECT {KEY}, COUNT(*) AS count, COALESCE(SUM(value), 0) AS total FROM events"
                f" WHERE kind IN ({kinds}) AND created_at >= ? AND created_at < ? GROUP BY 1, 2, 3, 4"
            )
            params += edge
        summed: dict[tuple[str, str | None, int | None], list] = {}
        for kind, scenario_id, group_id, ref, count, total in await self._tx.read_apart(
            # SUM of BIGINT is NUMERIC on PostgreSQL (Decimal in Python): cast back, as SQLite gives integers.
            "SELECT kind, scenario_id, group_id, ref, CAST(SUM(count) AS BIGINT), CAST(SUM(total) AS BIGINT)"
            f" FROM ({' UNION ALL '.join(sources)}) AS counted"
            " GROUP BY kind, scenario_id, group_id, ref HAVING SUM(count) > 0",
            params,
        ):
            key = (kind, scenario_id or None, group_id or None)
            if kind in COUNTED_KINDS:
                row = summed.setdefault(key, [0, 0.0])
                row[0] += count
                row[1] += total
            if topics and kind in TOPIC_KINDS:
                tally.topics[(kind, scenario_id or None, ref or None)] += count
        tally.rows = [Row(*key, count, float(total)) for key, (count, total) in summed.items()]
        tally.groups_active = len({group for kind, _, group in summed if kind in ACTIVE_KINDS and group})
        if lo == START and parts.first:
            tally.trained, tally.eservices = await self._ever(parts, boundary, hi)
            return tally
        # People, not events: not summed across days, so read from the events (their index holds the person).
        ((tally.trained, tally.eservices),) = await self._tx.read_apart(
            "SELECT COUNT(DISTINCT CASE WHEN kind IN ('complete', 'quiz_done') THEN user_id END),"
            " COUNT(DISTINCT CASE WHEN kind = 'followup_yes' THEN user_id END) FROM events"
            " WHERE kind IN ('complete', 'quiz_done', 'followup_yes') AND created_at >= ? AND created_at < ?",
            (lo, hi),
        )
        return tally

    async def _ever(self, parts: Split, boundary: str, hi: str) -> tuple[int, int]:
        """Trained and eservices since the start: the people who did it for the first time on a folded day, and
        those whose first time came after the boundary."""
        rolled, params = folded(parts, boundary)
        firsts = dict(
            await self._tx.read_apart(
                f"SELECT kind, CAST(SUM(count) AS BIGINT) FROM {rolled} AND kind IN ({_marks(tuple(FIRSTS))})"
                " GROUP BY kind",
                params,
            )
        )
        since = f"{parts.last} 00:00:00"
        ever = []
        for first, kinds in FIRSTS.items():
            ((later,),) = await self._tx.read_apart(
                f"SELECT COUNT(DISTINCT user_id) FROM events e WHERE kind IN ({_marks(kinds)})"
                " AND created_at >= ? AND created_at < ? AND NOT EXISTS (SELECT 1 FROM events f"
                f" WHERE f.user_id = e.user_id AND f.kind IN ({_marks(kinds)}) AND f.created_at < ?)",
                (since, hi, since),
            )
            ever.append(int(firsts.get(first) or 0) + later)
        return ever[0], ever[1]

    async def counted(self, scope: Scope, bounds: Bounds) -> tuple[Tally, Tally]:
        """The figures of the period and the one before it from the events themselves: a coordinator's few people
        are found by person, quicker than reading everybody's days."""
        since, until, start, end = bounds
        before, current = Tally(), Tally()
        periods = (before, current)
        where, params = people(scope, "id")
        for is_now, count in await self._tx.read_apart(
            f"SELECT {PERIOD}, count(*) FROM users WHERE created_at >= ? AND created_at < ?{where} GROUP BY 1",
            (start, until, since, end, *params),
        ):
            if is_now is not None:
                periods[is_now].new_people = count
        where, params = events_in(scope)
        for is_now, *row in await self._tx.read_apart(
            f"SELECT {PERIOD}, kind, scenario_id, group_id, count(*), CAST(COALESCE(SUM(value), 0) AS DOUBLE PRECISION)"
            f" FROM events WHERE created_at >= ? AND created_at < ? AND kind IN ({_marks(COUNTED_KINDS)}){where}"
            " GROUP BY 1, 2, 3, 4",
            (start, until, since, end, *params),
        ):
            if is_now is not None:
                periods[is_now].rows.append(Row(*row))
        for kind, scenario_id, topic, count in await self._tx.read_apart(
            "SELECT kind, scenario_id, ref, count(*) FROM events"
            " WHERE created_at >= ? AND created_at < ?"
            f" AND kind IN ({_marks(TOPIC_KINDS if scope.everybody else GROUP_TOPIC_KINDS)}){where} GROUP BY 1, 2, 3",
            (start, end, *params),
        ):
            current.topics[(kind, scenario_id, topic)] = count
        in_groups, group_params = groups_of(scope, "group_id")
        for is_now, trained, eservices, groups in await self._tx.read_apart(
            f"SELECT {PERIOD},"
            " count(DISTINCT CASE WHEN kind IN ('complete', 'quiz_done') THEN user_id END),"
            " count(DISTINCT CASE WHEN kind = 'followup_yes' THEN user_id END),"
            f" count(DISTINCT CASE WHEN {in_groups} THEN group_id END)"
            " FROM events WHERE created_at >= ? AND created_at < ?"
            f" AND kind IN ('complete', 'followup_yes', {_marks(GROUP_KINDS)}){where} GROUP BY 1",
            (start, until, *group_params, since, end, *params),
        ):
            if is_now is not None:
                periods[is_now].trained, periods[is_now].eservices, periods[is_now].groups_active = (
                    trained,
                    eservices,
                    groups,
                )
        return current, before

    async def missed(self, scope: Scope, bounds: Bounds) -> list[tuple[int | None, int, int, int]]:
        """(1 this period / 0 the previous one / None, group, person, assignments missed)."""
        since, until, start, end = bounds
        in_groups, params = groups_of(scope, "a.group_id")
        rows = await self._tx.read_apart(MISSED.format(groups=in_groups), (start, until, since, end, *params))
        return [tuple(row) for row in rows]

    async def report(self, scope: Scope, period: Period) -> Report:
        bounds = period.bounds
        # Side by side: on PostgreSQL each takes one of the two read connections (SQLite's reader takes them in turn).
        (current, before), dropouts = await asyncio.gather(
            self.tallies(scope, bounds), self.dropouts(scope, bounds.start, bounds.end)
        )
        return build_report(current, before if period.previous else None, dropouts)

    async def goals(self, scope: Scope, owner_user_id: int, moment: datetime) -> list[Goal]:
        """The programme indicators since the first of January (in the viewer's zone) against the owner's targets."""
        start = stamp(year_start(moment))
        year_to_date, _ = await self.tallies(scope, Bounds(start, start, start, stamp(moment)))
        return goals(year_to_date, await self.targets(owner_user_id, moment.year))

    async def dropouts(self, scope: Scope, start: str, end: str) -> list[tuple[str, str, int]]:
        """(scenario, step, walks) for the walks begun in the period and never finished: the step each stands at.

        That step is the person's place in the scenario (`progress`), where an `abandon` was recorded or where they
        simply stopped pressing. Reading it there, instead of finding each walk's last event among the steps, keeps
        this to the start and complete events (a fifth of all events; bench/stats.py). Everybody's since the start:
        the open walks the fold marked on `progress`, and the events since the boundary (rollups.py).
        """
        if scope.everybody and self.rollups and start == START:
            rows = await self._tx.read_apart(OPEN_WALKS, (await folded_until(self._tx), end))
            return [tuple(row) for row in rows]
        where, params = events_in(scope)
        rows = await self._tx.read_apart(
            f"WITH walks AS ({WALKS.format(where=where)})"
            " SELECT p.scenario_id, p.step_id, count(*) FROM walks"
            " JOIN progress p ON p.user_id = walks.user_id AND p.scenario_id = walks.scenario_id"
            " WHERE started IS NOT NULL AND (finished IS NULL OR finished < started)"
            " GROUP BY p.scenario_id, p.step_id",
            (start, end, *params),
        )
        return [tuple(row) for row in rows]

    async def weekly(self, scope: Scope, weeks: list[str], end: str) -> dict[str, list[int]]:
        """Per week starting at each of `weeks` (stored times, oldest first): new people, walks started and
        finished, quizzes done."""
        series = {name: [0] * len(weeks) for name in ("new", "start", "complete", "quiz_done")}
        later = weeks[1:]
        week = (
            f"CASE {' '.join(f'WHEN created_at < ? THEN {index}' for index in range(len(later)))} ELSE {len(later)} END"
        )
        where, params = people(scope, "id")
        for index, count in await self._tx.read_apart(
            f"SELECT {week}, count(*) FROM users WHERE created_at >= ? AND created_at < ?{where} GROUP BY 1",
            (*later, weeks[0], end, *params),
        ):
            series["new"][index] = count
        where, params = events_in(scope)
        for index, kind, count in await self._tx.read_apart(
            f"SELECT {week}, kind, count(*) FROM events WHERE created_at >= ? AND created_at < ?"
            f" AND kind IN ('start', 'complete', 'quiz_done'){where} GROUP BY 1, 2",
            (*later, weeks[0], end, *params),
        ):
            series[kind][index] = count
        return series

    async def groups(self, scope: Scope) -> dict[int, str]:
        in_groups, params = groups_of(scope, "id")
        rows = await self._tx.fetch_all(f"SELECT id, name FROM groups WHERE {in_groups} ORDER BY name, id", params)
        return dict(rows)

    async def members(self, scope: Scope) -> list[tuple[int, int, str | None]]:
        """(group, person, name) for every member of the groups in scope: the name they gave the group, else their
        first name."""
        in_groups, params = groups_of(scope, "m.group_id")
        rows = await self._tx.read_apart(
            "SELECT m.group_id, m.user_id, coalesce(m.display_name, u.first_name) AS name"
            " FROM group_members m LEFT JOIN users u ON u.id = m.user_id"
            f" WHERE {in_groups} ORDER BY m.group_id, name, m.user_id",
            params,
        )
        return [tuple(row) for row in rows]

    async def member_events(self, scope: Scope, bounds: Bounds) -> list[tuple[int, int | None, str, int, float]]:
        """(person, group, kind, count, sum of values) of the results a coordinator sees per member, with the
        homework missed in the period as the kind `homework_missed`; a person's rows of one kind are to be added up
        (since the start: the folded ones and those since the boundary)."""
        _, _, start, end = bounds
        missed = [
            (user_id, group_id, "homework_missed", count, 0.0)
            for is_now, group_id, user_id, count in await self.missed(scope, bounds)
            if is_now == 1
        ]
        if scope.everybody and self.rollups and start == START:
            rows = await self._tx.read_apart(
                MEMBERS_SINCE_START.format(member=MEMBER, members=GROUP_MEMBERS), (await folded_until(self._tx), end)
            )
            return [tuple(row) for row in rows] + missed
        # Everybody's: only the people in a group have a row in the CSV, so only theirs are read.
        where, params = (f" AND {MEMBER} IN ({GROUP_MEMBERS})", ()) if scope.everybody else events_in(scope)
        rows = await self._tx.read_apart(
            "SELECT user_id, group_id, kind, count(*), CAST(COALESCE(SUM(value), 0) AS DOUBLE PRECISION) FROM events"
            f" WHERE created_at >= ? AND created_at < ? AND kind IN ({_marks(MEMBER_KINDS)}){where}"
            " GROUP BY 1, 2, 3",
            (start, end, *params),
        )
        return [tuple(row) for row in rows] + missed

    async def digest_recipients(self, admin_ids: tuple[int, ...]) -> list[tuple[int, str | None, bool]]:
        """(person, time zone, sees everybody) for every administrator and coordinator who has talked to the bot."""
        # `IN ()` is an error on PostgreSQL (SQLite takes it), and a bot may have no administrators.
        admin = f"id IN ({', '.join('?' * len(admin_ids))})" if admin_ids else "FALSE"
        rows = await self._tx.fetch_all(
            f"SELECT id, time_zone, {admin} FROM users"
            f" WHERE {admin} OR id IN (SELECT user_id FROM coordinators) ORDER BY id",
            (*admin_ids, *admin_ids),
        )
        return [(user_id, zone, bool(admin)) for user_id, zone, admin in rows]

    async def targets(self, owner_user_id: int, year: int) -> dict[str, int]:
        rows = await self._tx.fetch_all(
            "SELECT indicator, target FROM stats_targets WHERE user_id = ? AND year = ?", (owner_user_id, year)
        )
        return dict(rows)

    def set_target(self, owner_user_id: int, indicator: str, year: int, target: int) -> None:
        self._tx.execute(
            "INSERT INTO stats_targets (user_id, indicator, year, target, updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id, indicator, year) DO UPDATE SET target = excluded.target,"
            " updated_at = excluded.updated_at",
            (owner_user_id, indicator, year, target, stamp(datetime.now(UTC))),
        )
