"""Who may do what: administrators (the ADMIN_IDS setting), coordinators (the coordinators table), everyone else.

Checked on every update from the database, never from a button: a button kept by a former coordinator does nothing.
"""

from bot.core.config import Settings
from bot.core.people import Repo
from bot.features.members.repo import Group


def is_admin(user_id: int, settings: Settings) -> bool:
    return user_id in settings.admin_ids


async def is_staff(user_id: int, settings: Settings, repo: Repo) -> bool:
    """An administrator or a coordinator: may make groups."""
    return is_admin(user_id, settings) or await repo.coordinators.is_coordinator(user_id)


async def can_manage(user_id: int, group: Group | None, settings: Settings, repo: Repo) -> bool:
    """An administrator (any group), or the group's own coordinator while they still are one."""
    if group is None:
        return False
    if is_admin(user_id, settings):
        return True
    return group.coordinator_user_id == user_id and await repo.coordinators.is_coordinator(user_id)
