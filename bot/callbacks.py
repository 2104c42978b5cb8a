"""Callback data of every inline button, in one place. Prefixes are short and versioned: Telegram allows 64 bytes."""

from typing import TYPE_CHECKING, Any, Literal

from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.types import CallbackQuery

if TYPE_CHECKING:
    from bot.content.models import Step

CALLBACK_LIMIT = 64


class PrefixFirst(CallbackQueryFilter):
    """aiogram's filter, but a button of another kind is turned away by its prefix instead of a failed unpack.

    Every callback handler is tried in turn, and a failed unpack raises and catches an exception: it was the largest
    routing cost of a button press (docs/benchmarks.md).
    """

    __slots__ = ("head",)

    def __init__(self, *, callback_data: type[CallbackData]) -> None:
        super().__init__(callback_data=callback_data)
        self.head = callback_data.__prefix__ + callback_data.__separator__

    async def __call__(self, query: CallbackQuery) -> Literal[False] | dict[str, Any]:
        data = query.data
        if not data or not (data.startswith(self.head) or data == self.callback_data.__prefix__):
            return False
        return await super().__call__(query)


class Button(CallbackData, prefix="-"):
    """The base of every button's callback data (the prefix here is never used: each kind has its own)."""

    @classmethod
    def filter(cls, rule: None = None) -> PrefixFirst:  # type: ignore[override]
        return PrefixFirst(callback_data=cls)


class MenuCb(Button, prefix="m1"):
    """Back to the list of life situations."""


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


class LeakedCb(Button, prefix="d1"):
    """ "I already told someone a code": what to do now, in the safety scenario."""


class LanguageCb(Button, prefix="l1"):
    code: str


class QuizOpenCb(Button, prefix="q1"):
    """A scenario's self-check quiz: continue the person's unfinished attempt at it, or begin one."""

    scenario: str


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


class NotifyCb(Button, prefix="n1"):
    """Under a scheduled message: «Не напоминать об этом» (stop=True) or «Напомнить завтра» (stop=False)."""

    row: int
    stop: bool


class FollowupCb(Button, prefix="f1"):
    """An answer to «Получилось оформить на Госуслугах?» (the outbox row that asked): yes, not-yet or help."""

    row: int
    answer: str


class SettingsCb(Button, prefix="s1"):
    """A /settings screen: "main" or "zones"."""

    screen: str


class ZoneCb(Button, prefix="s2"):
    zone: str  # an IANA name from bot.settings_views.ZONES


class FamilyCb(Button, prefix="s3"):
    """Turn one family of scheduled messages on or off."""

    family: str


class StatsCb(Button, prefix="w1"):
    """/stats: a period's figures ("show"), or its chart, CSV file or the yearly goals."""

    action: str
    period: str


class GoalCb(Button, prefix="z1"):
    """A programme indicator picked to type its yearly target."""

    indicator: str


class ForgetCb(Button, prefix="x1"):
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
        _size(QuizOpenCb, scenario_id),
    )


def _size(data: type[CallbackData], *values: object) -> int:
    return len(data.__separator__.join([data.__prefix__, *map(str, values)]).encode())


class CoordinatorsCb(Button, prefix="a1"):
    """An administrator's action on /coordinators: "invite" a new one, or "revoke" one (user_id)."""

    action: str
    user_id: int = 0


class GroupCb(Button, prefix="g1"):
    """A coordinator's action on a group (the role is checked again on every press).

    Actions: new, open, rename, close, closed (confirmed), members, remove (arg: member's user id), removed
    (confirmed), code, results, csv, pledges.
    """

    action: str
    group_id: int = 0
    arg: int = 0


class JoinCb(Button, prefix="k1"):
    """«Вступить» (join=True) or «Не сейчас» on a join offer; the code travels so a replaced code stops working."""

    code: str
    join: bool


class LeaveCb(Button, prefix="k2"):
    """A member leaves a group (sure=False asks first)."""

    group_id: int
    sure: bool = False


class PledgeCb(Button, prefix="p1"):
    """One step of making a pledge: the answers so far travel along, so nothing half-made is stored.

    `count` people, `relations` one digit per person chosen so far (see bot.pledging.RELATIONS), `due`: week, month
    or date (ask to type it).
    """

    count: int = 0
    relations: str = ""
    due: str = ""


class PledgeItemCb(Button, prefix="p2"):
    """On /pledge: "link" shows an item's link again, "self" marks it helped without the link; "cancel" and
    "cancelled" (confirmed) drop the whole pledge the item belongs to."""

    action: str
    item_id: int


class AssignCb(Button, prefix="h1"):
    """Setting a quiz as homework, one choice at a time; the choices so far travel along (nothing half-made is
    stored). `quiz`: "" not chosen, "*" a mix, else a scenario id; `count`: 0 not chosen, -1 all; `mark`: 0 not
    chosen; `due`: "", "3d", "week" or "date" (ask to type it)."""

    group_id: int
    quiz: str = ""
    count: int = 0
    mark: int = 0
    due: str = ""


class HomeworkCb(Button, prefix="h2"):
    """A student's «Начать» on a homework (a new one, from /homework, or again for practice)."""

    assignment: int
