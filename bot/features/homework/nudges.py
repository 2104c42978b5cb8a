"""The messages homework sends through the outbox: a new assignment, and the nudge before its deadline."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.people import Repo
from bot.core.screens import Screen
from bot.features.homework.repo import Assignment
from bot.features.homework.rules import local_day, now_stamp
from bot.features.homework.views import new_homework, nudge, title
from bot.features.members.repo import Group
from bot.features.reminders.letters import Letter, kind

HOMEWORK_NEW = "homework-new"


HOMEWORK_NUDGE = "homework-nudge"


# The evening before the deadline's day, in the group's zone: after school, not at 09:00 during lessons (a nudge due
# at night would wait for the end of the quiet hours).
NUDGE_AT = time(18, 0)


def schedule(repo: Repo, member_id: int, assignment: Assignment, zone: ZoneInfo) -> None:
    """«Новое задание» now, and a nudge the evening before the deadline's day (at once if the homework is set later
    than that); it is dropped if the member has done the homework by then."""
    moment = datetime.now(UTC)
    key = str(assignment.id)
    repo.outbox.add(member_id, HOMEWORK_NEW, {"assignment": assignment.id}, moment, key=key)
    deadline = datetime.fromisoformat(f"{assignment.deadline_at}+00:00")
    if deadline > moment:
        evening = datetime.combine(local_day(assignment.deadline_at, zone) - timedelta(days=1), NUDGE_AT, zone)
        repo.outbox.add(member_id, HOMEWORK_NUDGE, {"assignment": assignment.id}, max(evening, moment), key=key)


async def schedule_open(repo: Repo, group_id: int, member_id: int) -> None:
    """A member who joins after homework was set gets the homework still open too."""
    group = await repo.groups.get(group_id)
    moment = now_stamp()
    for assignment in await repo.homework.of_group(group_id) if group else ():
        if assignment.deadline_at > moment:
            schedule(repo, member_id, assignment, ZoneInfo(group.time_zone))


async def letter_homework(letter: Letter) -> tuple[Assignment, Group] | None:
    """The assignment a message is about, if the recipient is still in its group."""
    assignment = await letter.repo.homework.get(letter.payload["assignment"])
    group = await letter.repo.groups.get(assignment.group_id) if assignment else None
    if assignment is None or group is None or not await letter.repo.groups.is_member(group.id, letter.user_id):
        return None
    return assignment, group


@kind(HOMEWORK_NEW, family="nudges")
async def homework_new_letter(letter: Letter) -> Screen | None:
    found = await letter_homework(letter)
    if found is None:
        return None
    assignment, group = found
    quiz = title(letter.t, letter.catalog, assignment.scenario_id)
    day = local_day(assignment.deadline_at, ZoneInfo(group.time_zone))
    return new_homework(letter.t, group.name, quiz, len(assignment.questions), day, assignment.id)


@kind(HOMEWORK_NUDGE, family="nudges", snooze=True)
async def homework_nudge_letter(letter: Letter) -> Screen | None:
    found = await letter_homework(letter)
    if found is None:
        return None
    assignment, group = found
    attempts = await letter.repo.quizzes.of_assignment(assignment.id)
    if any(a.user_id == letter.user_id and a.finished_at for a in attempts):
        return None
    quiz = title(letter.t, letter.catalog, assignment.scenario_id)
    day = local_day(assignment.deadline_at, ZoneInfo(group.time_zone))
    return nudge(letter.t, group.name, quiz, day, assignment.id)
