"""Buttons of /coordinators."""

from bot.core.buttons import Button


class CoordinatorsCb(Button, prefix="a1"):
    """An administrator's action on /coordinators: "invite" a new one, "revoke" one (user_id: asks first),
    "revoked" (confirmed), or back to the "list"."""

    action: str
    user_id: int = 0
