"""Buttons of quizzes: options, «Next», continue, retake, the list, a mix. (A scenario's self-check button is
the scenarios', which offer it.)"""

from bot.core.buttons import Button


class QuizMixCb(Button, prefix="q2"):
    """A self-check over questions of every scenario: continue an unfinished one, or begin one."""


class QuizAnswerCb(Button, prefix="q3"):
    """An option pressed: the attempt and question travel along, so a press on an old question is recognised."""

    attempt: int
    position: int
    option: int  # its place among the buttons


class QuizNextCb(Button, prefix="q4"):
    """«Next» (or «Results») under an answered question."""

    attempt: int
    position: int


class QuizResumeCb(Button, prefix="q5"):
    """Continue an unfinished attempt, from the /quiz list."""

    attempt: int


class QuizRetakeCb(Button, prefix="q6"):
    """Take the same questions again, in a new order."""

    attempt: int


class QuizListCb(Button, prefix="q7"):
    """Back to the list of quizzes."""
