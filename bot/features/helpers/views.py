"""Screens of «Нужна помощь»: the consent question, where to get help offline, and the helper's message."""

from html import escape

from bot.core.buttons import MenuCb
from bot.core.i18n import Translator
from bot.core.screens import Row, Screen, button
from bot.features.helpers.buttons import PassOnCb
from bot.features.helpers.who import Helper
from bot.features.scenarios.buttons import OpenCb
from bot.features.scenarios.models import Scenario


def name_of(t: Translator, name: str | None) -> str:
    return escape(name) if name else t("helpers-nameless")


def offer(t: Translator, helper: Helper, row: int) -> Screen:
    """«Передать, что вам нужна помощь?», naming who would get it and how the person knows them."""
    name = name_of(t, helper.name)
    if helper.group is None:
        who = t("helpers-offer-student", name=name)
        if helper.copies:
            who += " " + t("helpers-offer-copy", name=name, group="», «".join(escape(g.name) for g in helper.copies))
    else:
        who = t("helpers-offer-coordinator", name=name, group=escape(helper.group.name))
    rows = (
        [button(t("helpers-btn-yes"), PassOnCb(row=row, helper=helper.user_id, yes=True))],
        [button(t("helpers-btn-no"), PassOnCb(row=row, helper=helper.user_id, yes=False))],
    )
    return Screen(f"{who}\n{t('helpers-offer-ask')}", rows)


def _again(t: Translator, scenario: Scenario | None) -> tuple[Row, ...]:
    rows: list[Row] = [[button(t("btn-menu"), MenuCb())]]
    if scenario is not None:
        title = escape(scenario.title(t.locale))
        rows.insert(0, [button(t("helpers-btn-again", title=title), OpenCb(scenario=scenario.id))])
    return tuple(rows)


def places(t: Translator, scenario: Scenario | None) -> Screen:
    """Where to get help without the bot: an MFC, a library's legal information centre, the official lines."""
    return Screen(t("helpers-places"), _again(t, scenario))


def passed(t: Translator, helper: Helper, scenario: Scenario) -> Screen:
    return Screen(t("helpers-passed", name=name_of(t, helper.name)), _again(t, scenario))


def where(t: Translator, scenario: Scenario, step_id: str | None) -> str:
    """Where the person was: the guide, and its step unless that is the end (then it was Gosuslugi that failed)."""
    title = escape(scenario.title(t.locale))
    step = scenario.steps.get(step_id or "")
    if step is None:
        return t("helpers-where-guide", title=title)
    if step.end:
        return t("helpers-where-end", title=title)
    return t("helpers-where-step", title=title, step=escape(step.title(t.locale)))


def _open(t: Translator, scenario: Scenario) -> tuple[Row, ...]:
    title = escape(scenario.title(t.locale))
    return ([button(t("helpers-btn-open", title=title), OpenCb(scenario=scenario.id))],)


def asked_student(t: Translator, who: str, scenario: Scenario, step_id: str | None) -> Screen:
    """To the student who pledged: `who` is the relation they chose (бабушка), never a name."""
    return Screen(t("helpers-asked-student", who=who, where=where(t, scenario, step_id)), _open(t, scenario))


def asked_coordinator(t: Translator, name: str | None, group: str, scenario: Scenario, step_id: str | None) -> Screen:
    text = t("helpers-asked-coordinator", name=name_of(t, name), group=escape(group), where=where(t, scenario, step_id))
    return Screen(text, _open(t, scenario))


def asked_copy(
    t: Translator, student: str | None, group: str, who: str, scenario: Scenario, step_id: str | None
) -> Screen:
    """To the coordinator of a student who was asked: `who` is the relation the student chose, never a name."""
    text = t(
        "helpers-asked-copy",
        student=name_of(t, student),
        group=escape(group),
        who=who,
        where=where(t, scenario, step_id),
    )
    return Screen(text, _open(t, scenario))
