"""Buttons of /stats: a period and what to show of it, and the yearly goals."""

from bot.core.buttons import Button


class StatsCb(Button, prefix="w1"):
    """/stats: a period's figures ("show"), or its chart, CSV file or the yearly goals."""

    action: str
    period: str


class GoalCb(Button, prefix="z1"):
    """A programme indicator picked to type its yearly target."""

    indicator: str
