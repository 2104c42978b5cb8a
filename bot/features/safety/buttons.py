"""Buttons of the safety feature."""

from bot.core.buttons import Button


class LeakedCb(Button, prefix="d1"):
    """ "I already told someone a code": what to do now, in the safety scenario."""
