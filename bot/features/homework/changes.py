"""Changing a homework once it is set, from its results screen: who has not started yet, a new deadline, cancelling
it. Students who have not finished hear of a new deadline, and every member of a cancellation, through the outbox;
the results stay with the coordinator."""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from bot.core.i18n import Translator
from bot.core.people import Repo, User
from bot.core.screens import Screen, confirm
from bot.features.homework.buttons import ChangeCb
from bot.features.homework.card import results_for
from bot.features.homework.nudges import drop_nudges, tell_cancelled, tell_moved
from bot.features.homework.repo import Assignment
from bot.features.homework.rules import deadline, local_day, until
from bot.features.homework.views import pick_deadline, title, waiting
from bot.features.members.buttons import GroupCb
from bot.features.members.repo import Group
from bot.features.reminders.rules import offered_day, short_day
from bot.features.scenarios.validation import Catalog

MOVE_BY = (1, 3, 7)  # days later than the deadline (or than today, once it has passed)
TYPE_DEADLINE = "homework-move:"  # users.awaiting, followed by the assignment's id


@dataclass(frozen=True)
class Change:
    """One press of a coordinator (already checked: theirs to change) on a homework still standing."""

    user: User
    repo: Repo
    t: Translator
    catalog: Catalog
    group: Group
    assignment: Assignment
    day: str = ""  # a new deadline's day a button carries (ISO)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.group.time_zone)

    @property
    def quiz(self) -> str:
        return title(self.t, self.catalog, self.assignment.scenario_id)

    def today(self) -> date:
        return datetime.now(self.zone).date()


async def who_waits(change: Change) -> Screen:
    members = await change.repo.groups.members(change.group.id)
    attempts = await change.repo.quizzes.of_assignment(change.assignment.id)
    started = {a.user_id for a in attempts}
    finished = {a.user_id for a in attempts if a.finished_at}
    not_started = [m for m in members if m.user_id not in started]
    unfinished = [m for m in members if m.user_id in started - finished]
    day = until(change.assignment.deadline_at, change.zone)
    return waiting(change.t, change.assignment, change.quiz, day, not_started, unfinished)


async def ask_deadline(change: Change) -> Screen:
    today = change.today()
    base = max(local_day(change.assignment.deadline_at, change.zone), today)
    later = [(days, base + timedelta(days=days)) for days in MOVE_BY]
    choices = [(days, new, short_day(new, today)) for days, new in later]
    day = until(change.assignment.deadline_at, change.zone)
    return pick_deadline(change.t, change.assignment, change.quiz, day, choices)


async def ask_typed_deadline(change: Change) -> Screen:
    change.user.awaiting = f"{TYPE_DEADLINE}{change.assignment.id}"
    return Screen(change.t("homework-ask-date"))


async def move_pressed(change: Change) -> Screen | None:
    day = offered_day(change.day, change.today(), today_ok=True)
    return await move(change, day) if day else None


async def move(change: Change, day: date) -> Screen:
    """The new deadline (the end of `day` in the group's zone); members who have not finished are told."""
    before = change.assignment
    after = replace(before, deadline_at=deadline(day, change.zone))
    t = change.t
    if after.deadline_at == before.deadline_at:
        return await with_intro(change, after, t("homework-move-same", date=day.strftime("%d.%m.%Y")))
    change.repo.homework.move(before.id, after.deadline_at)
    attempts = await change.repo.quizzes.of_assignment(before.id)
    finished = {a.user_id for a in attempts if a.finished_at}
    for member in await change.repo.groups.members(change.group.id):
        drop_nudges(change.repo, member.user_id, before)
        if member.user_id not in finished:
            tell_moved(change.repo, member.user_id, after, change.zone)
    return await with_intro(change, after, t("homework-move-done", date=day.strftime("%d.%m.%Y")))


async def ask_cancel(change: Change) -> Screen:
    t, group, assignment = change.t, change.group, change.assignment
    question = t("homework-cancel-sure", title=escape(change.quiz), name=escape(group.name))
    yes = ChangeCb(assignment=assignment.id, action="cancelled")
    return confirm(
        t, question, t("homework-btn-cancel-yes"), yes, GroupCb(action="results", group_id=group.id, arg=assignment.id)
    )


async def cancel(change: Change) -> Screen:
    change.repo.homework.cancel(change.assignment.id)
    for member in await change.repo.groups.members(change.group.id):
        tell_cancelled(change.repo, member.user_id, change.assignment)
    return await with_intro(change, replace(change.assignment, cancelled=True), change.t("homework-cancel-done"))


async def with_intro(change: Change, assignment: Assignment, intro: str) -> Screen:
    screen = await results_for(change.repo, change.t, change.catalog, change.group, assignment)
    return Screen(f"{intro}\n\n{screen.text}", screen.rows)
