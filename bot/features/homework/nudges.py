"""The messages homework sends through the outbox: a new assignment, the nudge before its deadline, a moved
deadline and a cancelled assignment."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.people import Repo
from bot.core.screens import Screen
from bot.features.homework.repo import Assignment
from bot.features.homework.rules import local_day, now_stamp, until
from bot.features.homework.views import about_deadline, cancelled_letter, new_homework, title
from bot.features.members.repo import Group
from bot.features.reminders.letters import Letter, kind

HOMEWORK_NEW = "homework-new"


HOMEWORK_NUDGE = "homework-nudge"


HOMEWORK_MOVED = "homework-moved"


HOMEWORK_CANCELLED = "homework-cancelled"


# The evening before the deadline's day, in the group's zone: after school, not at 09:00 during lessons (a nudge due
# at night would wait for the end of the quiet hours).
NUDGE_AT = time(18, 0)


def deadline_key(assignment: Assignment) -> str:
    """A nudge or a «moved» message is about the assignment with one deadline: a moved one is a new occasion."""
    return f"{assignment.id}@{assignment.deadline_at}"


def schedule(repo: Repo, member_id: int, assignment: Assignment, zone: ZoneInfo) -> None:
    """«Новое задание» now, and a nudge the evening before the deadline's day (dropped if the member has done the
    homework by then)."""
    repo.outbox.add(member_id, HOMEWORK_NEW, {"assignment": assignment.id}, datetime.now(UTC), key=str(assignment.id))
    schedule_nudge(repo, member_id, assignment, zone)


def schedule_nudge(repo: Repo, member_id: int, assignment: Assignment, zone: ZoneInfo) -> None:
    """The evening before the deadline's day. None when that has passed: the homework was set (or moved) for
    tomorrow or today, and the message saying so, just sent, names the deadline; a nudge a second later would not."""
    evening = datetime.combine(local_day(assignment.deadline_at, zone) - timedelta(days=1), NUDGE_AT, zone)
    if evening > datetime.now(UTC):
        payload = {"assignment": assignment.id, "deadline": assignment.deadline_at}
        repo.outbox.add(member_id, HOMEWORK_NUDGE, payload, evening, key=deadline_key(assignment))


def drop_nudges(repo: Repo, member_id: int, assignment: Assignment) -> None:
    # Nudges queued before deadlines could move are keyed by the assignment alone.
    for key in (str(assignment.id), deadline_key(assignment)):
        repo.outbox.cancel(member_id, HOMEWORK_NUDGE, key=key)


def tell_moved(repo: Repo, member_id: int, after: Assignment, zone: ZoneInfo) -> None:
    """A member who has not finished: the new deadline now, and the nudge before it (the old ones dropped first)."""
    schedule_nudge(repo, member_id, after, zone)
    payload = {"assignment": after.id, "deadline": after.deadline_at}
    # Keyed by the moment too: a deadline moved back to a day it had before is news again.
    key = f"{deadline_key(after)}@{now_stamp()}"
    repo.outbox.add(member_id, HOMEWORK_MOVED, payload, datetime.now(UTC), key=key)


def tell_cancelled(repo: Repo, member_id: int, assignment: Assignment) -> None:
    """Nothing more about it, but the one message that it is cancelled."""
    drop_nudges(repo, member_id, assignment)
    repo.outbox.cancel(member_id, HOMEWORK_NEW, key=str(assignment.id))
    repo.outbox.add(
        member_id, HOMEWORK_CANCELLED, {"assignment": assignment.id}, datetime.now(UTC), key=str(assignment.id)
    )


async def schedule_open(repo: Repo, group_id: int, member_id: int) -> None:
    """A member who joins after homework was set gets the homework still open too."""
    group = await repo.groups.get(group_id)
    moment = now_stamp()
    for assignment in await repo.homework.of_group(group_id) if group else ():
        if assignment.deadline_at > moment and not assignment.cancelled:
            schedule(repo, member_id, assignment, ZoneInfo(group.time_zone))


async def letter_homework(letter: Letter, *, cancelled: bool = False) -> tuple[Assignment, Group] | None:
    """The assignment a message is about, if the recipient is still in its group and it is (or, for the message
    that says so, is no longer) standing."""
    assignment = await letter.repo.homework.get(letter.payload["assignment"])
    group = await letter.repo.groups.get(assignment.group_id) if assignment else None
    if assignment is None or group is None or assignment.cancelled != cancelled:
        return None
    if not await letter.repo.groups.is_member(group.id, letter.user_id):
        return None
    return assignment, group


async def finished(letter: Letter, assignment: Assignment) -> bool:
    attempts = await letter.repo.quizzes.of_assignment(assignment.id)
    return any(a.user_id == letter.user_id and a.finished_at for a in attempts)


def outdated(letter: Letter, assignment: Assignment) -> bool:
    """Written for a deadline that has moved since (rows queued before deadlines could move carry none)."""
    return letter.payload.get("deadline", assignment.deadline_at) != assignment.deadline_at


@kind(HOMEWORK_NEW, family="nudges")
async def homework_new_letter(letter: Letter) -> Screen | None:
    found = await letter_homework(letter)
    if found is None:
        return None
    assignment, group = found
    quiz = title(letter.t, letter.catalog, assignment.scenario_id)
    day = until(assignment.deadline_at, ZoneInfo(group.time_zone))
    return new_homework(letter.t, group.name, quiz, len(assignment.questions), day, assignment.id)


@kind(HOMEWORK_NUDGE, family="nudges", snooze=True)
async def homework_nudge_letter(letter: Letter) -> Screen | None:
    return await about_deadline_letter(letter, HOMEWORK_NUDGE)


@kind(HOMEWORK_MOVED, family="nudges")
async def homework_moved_letter(letter: Letter) -> Screen | None:
    return await about_deadline_letter(letter, HOMEWORK_MOVED)


async def about_deadline_letter(letter: Letter, key: str) -> Screen | None:
    """Only for the deadline it was written for (moved again: the newer message tells), to a member not done yet."""
    found = await letter_homework(letter)
    if found is None or outdated(letter, found[0]) or await finished(letter, found[0]):
        return None
    assignment, group = found
    quiz = title(letter.t, letter.catalog, assignment.scenario_id)
    day = until(assignment.deadline_at, ZoneInfo(group.time_zone))
    return about_deadline(letter.t, key, group.name, quiz, day, assignment.id)


@kind(HOMEWORK_CANCELLED, family="nudges")
async def homework_cancelled_letter(letter: Letter) -> Screen | None:
    found = await letter_homework(letter, cancelled=True)
    if found is None:
        return None
    assignment, group = found
    return cancelled_letter(letter.t, group.name, title(letter.t, letter.catalog, assignment.scenario_id))
