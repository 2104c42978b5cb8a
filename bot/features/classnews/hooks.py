"""Where class news hears that something happened: a member joined, a homework attempt ended, a helped person said
it worked on Gosuslugi. Each queues the day's message of its kind for the group's coordinator; the outbox keeps one
a day (the key is the day), and the message counts the events when it is written, so queuing too often (a practice
attempt, an item confirmed before) costs a message nothing."""

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.hooks import Moment
from bot.core.people import Repo
from bot.features.classnews.letters import HOMEWORK, JOINED, PLEDGES
from bot.features.classnews.repo import News
from bot.features.classnews.rules import window
from bot.features.members.repo import Group, stamp
from bot.features.pledges.hooks import ACCOUNT_SCENARIO


def queue(repo: Repo, group: Group, news: News) -> None:
    """The message of this kind for the window the present moment falls in (due at its end, 18:00)."""
    span = window(datetime.now(UTC), ZoneInfo(group.time_zone))
    payload = {"since": stamp(span.since), "until": stamp(span.until), "day": span.day.isoformat()}
    repo.outbox.add(group.coordinator_user_id, news.name, payload, span.until, key=span.day.isoformat())


async def member_joined(repo: Repo, group_id: int, user_id: int) -> None:
    group = await repo.groups.get(group_id)
    if group is not None and group.coordinator_user_id != user_id:
        queue(repo, group, JOINED)


async def attempt_finished(repo: Repo, attempt: Any) -> None:
    """A quiz attempt ended (bot.features.quizzes.rules.Attempt): news if it was homework."""
    if attempt.assignment_id is None or attempt.group_id is None:
        return
    group = await repo.groups.get(attempt.group_id)
    if group is not None:
        queue(repo, group, HOMEWORK)


async def scenario_worked(moment: Moment, scenario_id: str) -> None:
    """A helped person registered on Gosuslugi: news for the groups of the students who invited them."""
    if scenario_id != ACCOUNT_SCENARIO:
        return
    repo = moment.repo
    for invitation in await repo.pledges.helpers_of(moment.user.id):
        for group in await repo.groups.joined_by(invitation.student_user_id):
            queue(repo, group, PLEDGES)
