"""Buttons of pledges: making one step by step, and acting on one of its items."""

from bot.core.buttons import Button


class PledgeCb(Button, prefix="p1"):
    """One step of making a pledge: the answers so far travel along, so nothing half-made is stored.

    `count` people, `relations` one digit per person chosen so far (see bot.features.pledges.rules.RELATIONS),
    `due`: week, month, date (ask to type it) or a day (ISO: the answer «✅ Да, 01.12.2027» when a typed day had
    passed this year).
    """

    count: int = 0
    relations: str = ""
    due: str = ""


class PledgeItemCb(Button, prefix="p2"):
    """On /pledge: "link" shows an item's link again, "self" marks it helped without the link; "cancel" and
    "cancelled" (confirmed) drop the whole pledge the item belongs to."""

    action: str
    item_id: int


class WorkedCb(Button, prefix="p3"):
    """The helped person's answer, at the end of the account guide, to «Получилось зарегистрироваться?»."""

    yes: bool
