"""Buttons of /forget."""

from bot.core.buttons import Button


class ForgetCb(Button, prefix="x1"):
    """The answer to "delete everything about you?"."""

    sure: bool
