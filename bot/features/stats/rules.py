"""Figures for /stats and the weekly digest, built from what the database counted: periods in the viewer's time zone,
the change against the previous period, and the programme indicators. No SQL and no Telegram here."""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

PERIODS = ("w", "lw", "m", "a")  # this week, last week, 30 days, since the start
INDICATORS = ("trained", "eservices", "helped", "consultations", "groups")
BEGINNING = "0000-00-00 00:00:00"  # before any stored time
WEEKS_IN_CHART = 8
TOP = 3


def stamp(moment: datetime) -> str:
    """A moment as the database stores times: UTC text."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class Period:
    key: str
    start: datetime  # in the viewer's zone; for "since the start", `bounds` begins at BEGINNING instead
    end: datetime
    previous: tuple[datetime, datetime] | None  # the period compared against; None: nothing before "the start"

    @property
    def bounds(self) -> "Bounds":
        start = BEGINNING if self.key == "a" else stamp(self.start)
        before = (stamp(self.previous[0]), stamp(self.previous[1])) if self.previous else (start, start)
        return Bounds(*before, start, stamp(self.end))


class Bounds(NamedTuple):
    """Stored times: the previous period is [since, until), this one [start, end); what lies between is neither
    (the rest of last week, when this week has only begun)."""

    since: str
    until: str
    start: str
    end: str


def monday(now: datetime) -> datetime:
    return (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)


def period(key: str, now: datetime) -> Period:
    """`now` is aware, in the viewer's zone: weeks run Monday to Sunday there."""
    week = timedelta(days=7)
    if key == "w":
        start, end, span = monday(now), now, week
    elif key == "lw":
        start, end, span = monday(now) - week, monday(now), week
    elif key == "m":
        start, end, span = now - timedelta(days=30), now, timedelta(days=30)
    else:
        return Period("a", now, now, None)
    return Period(key, start, end, (start - span, end - span))


def year_start(now: datetime) -> datetime:
    return now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)


def chart_weeks(now: datetime) -> list[datetime]:
    """The Mondays starting the last eight weeks, this one last."""
    this = monday(now)
    return [this - timedelta(days=7 * back) for back in range(WEEKS_IN_CHART - 1, -1, -1)]


def zone_of(time_zone: str | None, default: ZoneInfo) -> ZoneInfo:
    return ZoneInfo(time_zone) if time_zone else default


@dataclass(frozen=True)
class Row:
    """One group of events the database counted."""

    kind: str
    scenario_id: str | None
    group_id: int | None
    count: int
    total: float  # the sum of the events' values


@dataclass
class Tally:
    """What happened in one period."""

    new_people: int = 0
    trained: int = 0  # people who finished a scenario or a quiz
    eservices: int = 0  # people who said «Да» to a follow-up
    groups_active: int = 0
    rows: list[Row] = field(default_factory=list)
    # (kind, scenario, ref) -> count: the topic word of a search miss, the question id of a missed quiz question
    topics: Counter = field(default_factory=Counter)
    _by: dict = field(default_factory=dict, repr=False, compare=False)

    def count(self, *kinds: str) -> int:
        return sum(row.count for row in self.rows if row.kind in kinds)

    def total(self, kind: str) -> float:
        return sum(row.total for row in self.rows if row.kind == kind)

    def by(self, kind: str, key: str) -> Counter:
        # Kept: a report asks this for every scenario and group, and an administrator's rows are in the thousands.
        known = self._by.get((kind, key, len(self.rows)))
        if known is None:
            known = self._by[(kind, key, len(self.rows))] = Counter()
            for row in self.rows:
                if row.kind == kind:
                    known[getattr(row, key)] += row.count
        return known

    def indicator(self, name: str) -> int:
        return {
            "trained": self.trained,
            "eservices": self.eservices,
            "helped": self.count("pledge_confirmed"),
            "consultations": self.count("followup_help"),
            "groups": self.groups_active,
        }[name]


@dataclass(frozen=True)
class Figure:
    """A number now and, when there is a previous period, then."""

    now: float
    before: float | None = None

    @property
    def change(self) -> float | None:
        return None if self.before is None else self.now - self.before


def number(value: float) -> str:
    """A count as people write it: «1500», not «1.5e+03» or «1500.0»."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def share(part: float, whole: float) -> float | None:
    """A percentage, or None when there is nothing to take a share of."""
    return round(100 * part / whole) if whole else None


def rate(part: Figure, whole: Figure) -> Figure | None:
    now = share(part.now, whole.now)
    if now is None:
        return None
    before = share(part.before, whole.before) if part.before is not None and whole.before is not None else None
    return Figure(now, before)


@dataclass(frozen=True)
class ScenarioLine:
    scenario_id: str
    started: Figure
    finished: Figure

    @property
    def finish_rate(self) -> Figure | None:
        return rate(self.finished, self.started)


@dataclass(frozen=True)
class GroupLine:
    group_id: int
    done: Figure
    late: Figure
    missed: Figure  # members × assignments whose deadline fell in the period, never finished


@dataclass(frozen=True)
class Report:
    new_people: Figure
    scenarios: list[ScenarioLine]
    dropouts: dict[str, list[tuple[str, int]]]  # scenario -> [(step, walks that stopped there)], most first
    search_misses: Figure
    search_topics: list[tuple[str, int]]
    quizzes: Figure
    quiz_average: Figure | None
    hardest: list[tuple[str, str, int]]  # (scenario, question id, times missed)
    homework: list[GroupLine]
    pledges_made: Figure
    pledges_walked: Figure  # the helped person went through the account guide
    pledges_confirmed: Figure  # they said it worked on Gosuslugi
    pledges_self: Figure
    followup_yes: Figure
    followup_answers: Figure
    indicators: dict[str, Figure]

    @property
    def followup_share(self) -> Figure | None:
        return rate(self.followup_yes, self.followup_answers)


FOLLOWUPS = ("followup_yes", "followup_not_yet", "followup_help")


def build_report(now: Tally, before: Tally | None, dropouts: list[tuple[str, str, int]]) -> Report:
    def figure(read: Callable[[Tally], float]) -> Figure:
        return Figure(read(now), None if before is None else read(before))

    started, finished = now.by("start", "scenario_id"), now.by("complete", "scenario_id")
    scenario_ids = sorted((set(started) | set(finished)) - {None}, key=lambda s: (-started[s], s))
    scenarios = [
        ScenarioLine(
            scenario_id,
            figure(lambda tally, s=scenario_id: tally.by("start", "scenario_id")[s]),
            figure(lambda tally, s=scenario_id: tally.by("complete", "scenario_id")[s]),
        )
        for scenario_id in scenario_ids
    ]
    homework_kinds = ("homework_done", "homework_late", "homework_missed")
    groups = sorted(set().union(*(now.by(kind, "group_id") for kind in homework_kinds)) - {None})
    homework = [
        GroupLine(
            group_id,
            *[figure(lambda tally, g=group_id, k=kind: tally.by(k, "group_id")[g]) for kind in homework_kinds],
        )
        for group_id in groups
    ]
    quizzes = figure(lambda tally: tally.count("quiz_done"))
    average = None
    if quizzes.now:
        previous = before.count("quiz_done") if before else 0
        average = Figure(
            round(now.total("quiz_done") / quizzes.now),
            round(before.total("quiz_done") / previous) if before and previous else None,
        )
    missed = Counter({(s, ref): n for (kind, s, ref), n in now.topics.items() if kind == "quiz_missed" and ref})
    topics = Counter({ref: n for (kind, _, ref), n in now.topics.items() if kind == "search_miss" and ref})
    stopped: dict[str, list[tuple[str, int]]] = {}
    for scenario_id, step_id, count in sorted(dropouts, key=lambda d: (d[0], -d[2], d[1])):
        if len(places := stopped.setdefault(scenario_id, [])) < TOP:
            places.append((step_id, count))
    return Report(
        new_people=figure(lambda tally: tally.new_people),
        scenarios=scenarios,
        dropouts=stopped,
        search_misses=figure(lambda tally: tally.count("search_miss")),
        search_topics=_top(topics),
        quizzes=quizzes,
        quiz_average=average,
        hardest=[(scenario, question, count) for (scenario, question), count in _top(missed)],
        homework=homework,
        pledges_made=figure(lambda tally: tally.total("pledge_made")),
        pledges_walked=figure(lambda tally: tally.count("pledge_walked")),
        pledges_confirmed=figure(lambda tally: tally.count("pledge_confirmed")),
        pledges_self=figure(lambda tally: tally.count("pledge_self")),
        followup_yes=figure(lambda tally: tally.count("followup_yes")),
        followup_answers=figure(lambda tally: tally.count(*FOLLOWUPS)),
        indicators={name: figure(lambda tally, n=name: tally.indicator(n)) for name in INDICATORS},
    )


def _top(counted: Counter) -> list:
    return sorted(counted.items(), key=lambda item: (-item[1], str(item[0])))[:TOP]


@dataclass(frozen=True)
class Goal:
    indicator: str
    reached: int  # since the start of the year
    target: int | None

    @property
    def percent(self) -> int | None:
        return share(self.reached, self.target) if self.target else None


def goals(year_to_date: Tally, targets: dict[str, int]) -> list[Goal]:
    return [Goal(name, year_to_date.indicator(name), targets.get(name)) for name in INDICATORS]


TARGET_LIMIT = 1_000_000
_NUMBER = re.compile(r"^\s*(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?!\d)")


def parse_target(text: str) -> int | None:
    """A yearly target typed as a number: «150», «1 500», «1500 человек». None if there is no sensible number."""
    match = _NUMBER.match(text)
    if match is None:
        return None
    value = int(re.sub(r"\D", "", match.group(1)))
    return value if 0 < value <= TARGET_LIMIT else None


@dataclass(frozen=True)
class Member:
    group_id: int
    user_id: int
    first_name: str | None
    quizzes: int = 0
    average: int | None = None
    homework_done: int = 0
    homework_late: int = 0
    homework_missed: int = 0
    pledges_made: int = 0
    pledges_confirmed: int = 0
    pledges_self: int = 0


def member_results(
    members: list[tuple[int, int, str | None]], rows: list[tuple[int, int | None, str, int, float]]
) -> list[Member]:
    """Each group member's results: quizzes and pledges are the person's, homework is the group's own."""
    per_person: dict[int, Counter] = {}
    for user_id, group_id, kind, count, total in rows:
        counted = per_person.setdefault(user_id, Counter())
        counted[kind] += count
        counted[f"{kind}:value"] += total
        if group_id is not None:
            counted[f"{kind}@{group_id}"] += count
    results = []
    for group_id, user_id, first_name in members:
        c = per_person.get(user_id, Counter())
        quizzes = c["quiz_done"]
        results.append(
            Member(
                group_id,
                user_id,
                first_name,
                quizzes=quizzes,
                average=round(c["quiz_done:value"] / quizzes) if quizzes else None,
                homework_done=c[f"homework_done@{group_id}"],
                homework_late=c[f"homework_late@{group_id}"],
                homework_missed=c[f"homework_missed@{group_id}"],
                pledges_made=int(c["pledge_made:value"]),
                pledges_confirmed=c["pledge_confirmed"],
                pledges_self=c["pledge_self"],
            )
        )
    return results
