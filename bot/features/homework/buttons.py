"""Buttons of homework: setting one, one choice at a time, changing one, and a student's «Начать»."""

from bot.core.buttons import Button


class AssignCb(Button, prefix="h1"):
    """Setting a quiz as homework, one choice at a time; the choices so far travel along (nothing half-made is
    stored). `quiz`: "" not chosen, "*" a mix, else a scenario id; `count`: 0 not chosen, -1 all; `mark`: 0 not
    chosen; `due`: "", "3d", "week", "date" (ask to type it) or a day (ISO: the answer «✅ Да, 01.12.2027» when a typed
    day had passed this year)."""

    group_id: int
    quiz: str = ""
    count: int = 0
    mark: int = 0
    due: str = ""


class ChangeCb(Button, prefix="h3"):
    """The coordinator's change to a homework, from its results screen (the role is checked again on every press).

    Actions: waiting (who has not started), move (new deadlines to pick), type (ask to type one), moved (`day`, ISO:
    the new deadline's day), cancel, cancelled (confirmed).
    """

    assignment: int
    action: str
    day: str = ""


class HomeworkCb(Button, prefix="h2"):
    """A student's «Начать» on a homework (a new one, from /homework, or again for practice)."""

    assignment: int
