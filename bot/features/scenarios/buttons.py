"""Buttons a scenario's screens carry, including the ones other features answer: the visit reminder's
(reminders) and the self-check's (quizzes)."""

from aiogram.filters.callback_data import CallbackData

from bot.core.buttons import Button
from bot.features.scenarios.models import Step


class OpenCb(Button, prefix="o1"):
    """A life situation picked from the menu."""

    scenario: str


class ResumeCb(Button, prefix="r1"):
    """ "Continue where you stopped" (fresh=False) or "start over" (fresh=True)."""

    scenario: str
    fresh: bool


class ChoiceCb(Button, prefix="c1"):
    """A choice on a step; the step travels along so a press on an old message is recognised."""

    scenario: str
    step: str
    index: int


class BackCb(Button, prefix="b1"):
    scenario: str
    step: str


class TickCb(Button, prefix="t1"):
    """Tick or untick one checklist item."""

    scenario: str
    step: str
    index: int


class JumpCb(Button, prefix="j1"):
    """A search result: open the scenario at the step the question was about."""

    scenario: str
    step: str


class RemindCb(Button, prefix="v1"):
    """ "Remind me the day before the visit", offered on a step."""

    scenario: str


class QuizOpenCb(Button, prefix="q1"):
    """A scenario's self-check quiz: continue the person's unfinished attempt at it, or begin one."""

    scenario: str


def longest_step_callback(scenario_id: str, step_id: str, step: "Step") -> int:
    """Bytes of the longest callback data a step's buttons will carry (aiogram refuses to pack over 64)."""
    widest = max(len(step.choices), len(step.checklist), 1) - 1
    return max(
        _size(ChoiceCb, scenario_id, step_id, widest),
        _size(TickCb, scenario_id, step_id, widest),
        _size(BackCb, scenario_id, step_id),
        _size(ResumeCb, scenario_id, 1),
        _size(JumpCb, scenario_id, step_id),
        _size(QuizOpenCb, scenario_id),
    )


def _size(data: type[CallbackData], *values: object) -> int:
    return len(data.__separator__.join([data.__prefix__, *map(str, values)]).encode())
