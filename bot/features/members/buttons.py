"""The coordinator's buttons on a group (the groups feature answers them; homework's screens link back to the card)."""

from bot.core.buttons import Button


class GroupCb(Button, prefix="g1"):
    """A coordinator's action on a group (the role is checked again on every press).

    Actions: new, open, rename, close, closed (confirmed), members, remove (arg: member's user id), removed
    (confirmed), code, recode (confirmed), qr, results, csv, pledges.
    """

    action: str
    group_id: int = 0
    arg: int = 0
