"""Buttons of joining (with the name the coordinator sees) and leaving a group."""

from bot.core.buttons import Button


class JoinCb(Button, prefix="k1"):
    """«Вступить» (join=True) or «Не сейчас» on a join offer; the code travels so a replaced code stops working."""

    code: str
    join: bool


class LeaveCb(Button, prefix="k2"):
    """A member leaves a group (sure=False asks first)."""

    group_id: int
    sure: bool = False


class JoinNameCb(Button, prefix="k3"):
    """«Как меня подписать для учителя» on a join offer: the name is typed next, and joining follows it."""

    code: str
