"""Who can help a person who asked for help: the student who pledged to, else the coordinator of their group; and,
when it is a student, the coordinators of the student's groups, who hear it too."""

from dataclasses import dataclass, replace

from bot.core.people import Repo
from bot.features.members.repo import Group

# The family of the helper's message, which they can switch off: «Напоминания о заданиях и обещаниях».
FAMILY = "nudges"
# The family of the copy a student's group coordinator gets: «Группы: ученика просят помочь».
COPY_FAMILY = "news-help"


@dataclass(frozen=True)
class Helper:
    user_id: int
    name: str | None  # their first name, as kept in users
    item_id: int | None = None  # a student who pledged to help, through this pledge item
    group: Group | None = None  # or the coordinator of this group
    # A student's groups whose coordinators hear it too (one group per coordinator): a student may need a hand.
    copies: tuple[Group, ...] = ()


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
            if helper.item_id is None:
                return helper
            return replace(helper, copies=await copied(repo, helper.user_id, user_id))
    return None


async def copied(repo: Repo, student_user_id: int, asker_user_id: int) -> tuple[Group, ...]:
    """The student's groups whose coordinators are told too, one group per coordinator who can be reached."""
    found: dict[int, Group] = {}
    for group in await repo.groups.joined_by(student_user_id):
        coordinator = group.coordinator_user_id
        if coordinator in found or coordinator in (student_user_id, asker_user_id):
            continue
        if await reachable(repo, coordinator, COPY_FAMILY):
            found[coordinator] = group
    return tuple(found.values())


async def reachable(repo: Repo, user_id: int, family: str = FAMILY) -> bool:
    person = await repo.users.get(user_id)
    return person is not None and person.unreachable_at is None and family not in await repo.delivery.optouts(user_id)
