"""Who can help a person who asked for help: the student who pledged to, else the coordinator of their group."""

from dataclasses import dataclass

from bot.core.people import Repo
from bot.features.members.repo import Group

# The family of the helper's message, which they can switch off: «Напоминания о заданиях и обещаниях».
FAMILY = "nudges"


@dataclass(frozen=True)
class Helper:
    user_id: int
    name: str | None  # their first name, as kept in users
    item_id: int | None = None  # a student who pledged to help, through this pledge item
    group: Group | None = None  # or the coordinator of this group


async def helper_of(repo: Repo, user_id: int) -> Helper | None:
    """The student who pledged to help this person (they came by the student's link), else the coordinator of a
    group they are in. Someone Telegram cannot reach, or who switched these messages off, is passed over: a request
    must reach a person, not wait in a queue nobody reads."""
    students = [
        Helper(invited.student_user_id, invited.student_name, item_id=invited.item.id)
        for invited in await repo.pledges.helpers_of(user_id)
    ]
    coordinators = [
        Helper(group.coordinator_user_id, group.coordinator_name, group=group)
        for group in await repo.groups.joined_by(user_id)
        if group.coordinator_user_id != user_id
    ]
    for helper in [*students, *coordinators]:
        if await reachable(repo, helper.user_id):
            return helper
    return None


async def reachable(repo: Repo, user_id: int) -> bool:
    person = await repo.users.get(user_id)
    return person is not None and person.unreachable_at is None and FAMILY not in await repo.delivery.optouts(user_id)
