"""Callback data of every inline button, in one place. Prefixes are short and versioned: Telegram allows 64 bytes."""

from typing import TYPE_CHECKING

from aiogram.filters.callback_data import CallbackData

if TYPE_CHECKING:
    from bot.content.models import Step

CALLBACK_LIMIT = 64


class MenuCb(CallbackData, prefix="m1"):
    """Back to the list of life situations."""


class OpenCb(CallbackData, prefix="o1"):
    """A life situation picked from the menu."""

    scenario: str


class ResumeCb(CallbackData, prefix="r1"):
    """ "Continue where you stopped" (fresh=False) or "start over" (fresh=True)."""

    scenario: str
    fresh: bool


class ChoiceCb(CallbackData, prefix="c1"):
    """A choice on a step; the step travels along so a press on an old message is recognised."""

    scenario: str
    step: str
    index: int


class BackCb(CallbackData, prefix="b1"):
    scenario: str
    step: str


class TickCb(CallbackData, prefix="t1"):
    """Tick or untick one checklist item."""

    scenario: str
    step: str
    index: int


class JumpCb(CallbackData, prefix="j1"):
    """A search result: open the scenario at the step the question was about."""

    scenario: str
    step: str


class RemindCb(CallbackData, prefix="v1"):
    """ "Remind me the day before the visit", offered on a step."""

    scenario: str


class LanguageCb(CallbackData, prefix="l1"):
    code: str


class ForgetCb(CallbackData, prefix="x1"):
    """The answer to "delete everything about you?"."""

    sure: bool


def longest_step_callback(scenario_id: str, step_id: str, step: "Step") -> int:
    """Bytes of the longest callback data a step's buttons will carry (aiogram refuses to pack over 64)."""
    widest = max(len(step.choices), len(step.checklist), 1) - 1
    return max(
        _size(ChoiceCb, scenario_id, step_id, widest),
        _size(TickCb, scenario_id, step_id, widest),
        _size(BackCb, scenario_id, step_id),
        _size(ResumeCb, scenario_id, 1),
        _size(JumpCb, scenario_id, step_id),
    )


def _size(data: type[CallbackData], *values: object) -> int:
    return len(data.__separator__.join([data.__prefix__, *map(str, values)]).encode())
