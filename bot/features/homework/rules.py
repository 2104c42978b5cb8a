"""Homework's rules: deadlines, a student's standing, a group's results and their CSV file. Pure logic, except
`homework_finished`, which the quiz engine calls in the update that ends an attempt."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.people import Repo
from bot.features.homework.repo import Assignment
from bot.features.members.repo import Member, stamp
from bot.features.quizzes.rules import Attempt, Lookup, QuestionRef
from bot.features.reminders.rules import offered_day, short_day
from bot.features.scenarios.models import Question
from bot.features.scenarios.validation import Catalog

DEFAULT_PASS_MARK = 70
PASS_MARKS = (50, 60, 70, 80, 90)
QUESTION_COUNTS = (5, 10)
ALL = -1  # "all the questions" in a count
DAYS = {"3d": 3, "week": 7}
END_OF_DAY = time(23, 59, 59)


def deadline(day: date, zone: ZoneInfo) -> str:
    """The end of that day in the group's time zone, as stored (UTC)."""
    return stamp(datetime.combine(day, END_OF_DAY, zone))


def due_day(choice: str, today: date) -> date | None:
    """ "3d", "week", or a day a button carries (ISO: «✅ Да, 01.12.2027»), if it could be offered today (today
    itself too: work done in class can be due tonight)."""
    if choice in DAYS:
        return today + timedelta(days=DAYS[choice])
    return offered_day(choice, today, today_ok=True)


def local_time(moment: str, zone: ZoneInfo) -> datetime:
    """A stored moment (UTC) on the clock of the group's zone."""
    return datetime.fromisoformat(f"{moment}+00:00").astimezone(zone)


def local_day(deadline_at: str, zone: ZoneInfo) -> date:
    return local_time(deadline_at, zone).date()


def until(deadline_at: str, zone: ZoneInfo) -> str:
    """The deadline's day as shown: with its year when that is not this year in the group's zone."""
    return short_day(local_day(deadline_at, zone), datetime.now(zone).date())


@dataclass(frozen=True)
class Standing:
    """Where a student stands with one assignment: not_started, in_progress, done, late or missed."""

    kind: str
    score: int | None = None  # percent, of the attempt that counts
    practice: int = 0  # attempts completed after the one that counts
    finished_at: str | None = None  # when the attempt that counts was finished (UTC, as stored)

    @property
    def counted(self) -> bool:
        return self.kind in ("done", "late")


def standing(attempts: list[Attempt], deadline_at: str, now: str) -> Standing:
    """The first completed attempt counts (late if completed after the deadline); later ones are practice."""
    finished = sorted((a for a in attempts if a.finished_at), key=lambda a: a.finished_at or "")
    if finished:
        first = finished[0]
        kind = "done" if (first.finished_at or "") <= deadline_at else "late"
        return Standing(kind, first.percent, len(finished) - 1, first.finished_at)
    if now > deadline_at:
        return Standing("missed")
    return Standing("in_progress" if attempts else "not_started")


def counted_attempt(attempts: list[Attempt]) -> Attempt | None:
    finished = [a for a in attempts if a.finished_at]
    return min(finished, key=lambda a: a.finished_at or "") if finished else None


@dataclass(frozen=True)
class Hard:
    """A question that members got wrong: how many of those who answered it."""

    ref: QuestionRef
    wrong: int
    answered: int


@dataclass(frozen=True)
class Results:
    rows: list[tuple[Member, Standing]]
    average: int | None  # over the members whose attempt counts
    passed: int  # members whose counted score reached the pass mark
    hardest: list[Hard]  # up to three questions most often answered wrongly
    marks: dict[int, dict[QuestionRef, bool]]  # each member's answers in the attempt that counts: right or not


def results(
    assignment: Assignment, members: list[Member], attempts: list[Attempt], now: str, lookup: Lookup
) -> Results:
    by_member: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_member.setdefault(attempt.user_id, []).append(attempt)
    rows, scores, marks = [], [], {}
    for member in members:
        mine = by_member.get(member.user_id, [])
        rows.append((member, standing(mine, assignment.deadline_at, now)))
        counted = counted_attempt(mine)
        if counted is not None:
            scores.append(counted.percent)
            marks[member.user_id] = {item.ref: right for item, _, right in counted.marked(lookup)}
    average = round(sum(scores) / len(scores)) if scores else None
    passed = sum(score >= assignment.pass_mark for score in scores)
    return Results(rows, average, passed, hardest(marks.values()), marks)


def hardest(marks: Iterable[dict[QuestionRef, bool]], count: int = 3) -> list[Hard]:
    answered, wrong = Counter[QuestionRef](), Counter[QuestionRef]()
    for answers in marks:
        answered.update(answers.keys())  # a mapping would add its values
        wrong.update(ref for ref, right in answers.items() if not right)
    return [Hard(ref, times, answered[ref]) for ref, times in wrong.most_common(count)]


async def homework_finished(repo: Repo, attempt: Attempt) -> None:
    """An attempt at homework ended: the first completed one is recorded as done or late."""
    assignment = await repo.homework.get(attempt.assignment_id) if attempt.assignment_id else None
    if assignment is None or assignment.cancelled:  # an attempt begun before it was cancelled counts for nothing
        return
    earlier = [
        a for a in await repo.quizzes.of_assignment(assignment.id) if a.user_id == attempt.user_id and a.finished_at
    ]
    if any(a.id != attempt.id for a in earlier):
        return  # practice
    kind = "homework_done" if (attempt.finished_at or "") <= assignment.deadline_at else "homework_late"
    repo.events.add(
        attempt.user_id,
        kind,
        attempt.scenario_id,
        group_id=assignment.group_id,
        value=attempt.percent,
        ref=str(assignment.id),
    )


def lookup(catalog: Catalog) -> Lookup:
    def find(ref: QuestionRef) -> Question | None:
        scenario = catalog.get(ref[0])
        return next((q for q in scenario.quiz if q.id == ref[1]), None) if scenario else None

    return find


def now_stamp() -> str:
    return stamp(datetime.now(UTC))
