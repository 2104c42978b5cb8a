"""Screens of homework: setting a quiz (step by step), the new-homework message, /homework, the results."""

from datetime import date
from html import escape
from zoneinfo import ZoneInfo

from bot.core.i18n import Translator
from bot.core.screens import Row, Screen, button
from bot.features.homework.buttons import AssignCb, ChangeCb, HomeworkCb
from bot.features.homework.repo import Assignment
from bot.features.homework.rules import (
    ALL,
    PASS_MARKS,
    QUESTION_COUNTS,
    Hard,
    Results,
    Standing,
    local_time,
    until,
)
from bot.features.members.buttons import GroupCb
from bot.features.members.repo import Group, Member
from bot.features.members.views import name_of
from bot.features.scenarios.validation import Catalog


def title(t: Translator, catalog: Catalog, scenario_id: str | None) -> str:
    scenario = catalog.get(scenario_id) if scenario_id else None
    return scenario.title(t.locale) if scenario else t("quiz-mix-title")


def pick_quiz(t: Translator, catalog: Catalog, group: Group) -> Screen:
    rows: list[Row] = [[button(s.title(t.locale), AssignCb(group_id=group.id, quiz=s.id))] for s in catalog if s.quiz]
    rows.append([button(t("homework-btn-mix"), AssignCb(group_id=group.id, quiz="*"))])
    rows.append([button(t("btn-back"), GroupCb(action="open", group_id=group.id))])
    return Screen(t("homework-ask-quiz", name=escape(group.name)), tuple(rows))


def pick_count(t: Translator, choice: AssignCb, available: int) -> Screen:
    counts = [n for n in QUESTION_COUNTS if n < available]
    row = [button(str(n), choice.model_copy(update={"count": n})) for n in counts]
    row.append(button(t("homework-btn-all", count=available), choice.model_copy(update={"count": ALL})))
    return Screen(t("homework-ask-count"), (row,))


def pick_mark(t: Translator, choice: AssignCb) -> Screen:
    row = [button(f"{mark}%", choice.model_copy(update={"mark": mark})) for mark in PASS_MARKS]
    return Screen(t("homework-ask-mark"), (row[:3], row[3:]))


def pick_due(t: Translator, choice: AssignCb) -> Screen:
    rows = (
        [button(t("homework-btn-3d"), choice.model_copy(update={"due": "3d"}))],
        [button(t("homework-btn-week"), choice.model_copy(update={"due": "week"}))],
        [button(t("homework-btn-date"), choice.model_copy(update={"due": "date"}))],
    )
    return Screen(t("homework-ask-due"), rows)


def new_homework(t: Translator, group_name: str, quiz: str, count: int, day: str, assignment_id: int) -> Screen:
    text = t("homework-new", group=escape(group_name), title=escape(quiz), count=count, date=day)
    return Screen(text, ([button(t("homework-btn-start"), HomeworkCb(assignment=assignment_id))],))


def about_deadline(t: Translator, key: str, group_name: str, quiz: str, day: str, assignment_id: int) -> Screen:
    """The nudge before the deadline ("homework-nudge") or the news of a new one ("homework-moved")."""
    text = t(key, group=escape(group_name), title=escape(quiz), date=day)
    return Screen(text, ([button(t("homework-btn-start"), HomeworkCb(assignment=assignment_id))],))


def cancelled_letter(t: Translator, group_name: str, quiz: str) -> Screen:
    return Screen(t("homework-cancelled", group=escape(group_name), title=escape(quiz)))


def standing_line(t: Translator, position: Standing) -> str:
    line = t(f"homework-status-{position.kind.replace('_', '-')}", score=position.score or 0)
    if position.practice:
        line += " " + t("homework-practice", count=position.practice)
    return line


def homework_list(t: Translator, entries: list[tuple[Assignment, str, str, Standing]]) -> Screen:
    """Open homework first (the nearest deadline first), then the rest; each with a button to start or redo."""
    if not entries:
        return Screen(t("homework-none"))
    is_open = [e for e in entries if not e[3].counted and e[3].kind != "missed"]
    closed = [e for e in entries if e not in is_open]
    lines, rows = [t("homework-title")], []
    for assignment, quiz, day, position in is_open + closed[::-1]:
        line = standing_line(t, position)
        if position.counted and (position.score or 0) < assignment.pass_mark:
            line += " " + t("homework-below-mark", mark=assignment.pass_mark)
        lines.append(f"• <b>{escape(quiz)}</b>, {t('homework-until', date=day)} — {line}")
        label = t(
            f"homework-btn-{'redo' if position.counted else 'late' if position.kind == 'missed' else 'go'}", title=quiz
        )
        rows.append([button(label, HomeworkCb(assignment=assignment.id))])
    return Screen("\n".join(lines), tuple(rows))


def card_line(t: Translator, quiz: str, day: str, done: int, members: int, cancelled: bool) -> str:
    until = t("homework-until", date=day)
    progress = t("homework-card-cancelled") if cancelled else t("homework-progress", done=done, count=members)
    return f"• {escape(quiz)}, {until} — {progress}"


def pick_results(t: Translator, group: Group, choices: list[tuple[Assignment, str, str]]) -> Screen:
    rows: list[Row] = [
        [
            button(
                f"{'🚫 ' if a.cancelled else ''}{quiz}, {t('homework-until', date=day)}",
                GroupCb(action="results", group_id=group.id, arg=a.id),
            )
        ]
        for a, quiz, day in choices
    ]
    rows.append([button(t("btn-back"), GroupCb(action="open", group_id=group.id))])
    return Screen(t("homework-results-pick") if choices else t("groups-card-no-homework"), tuple(rows))


def finished_line(t: Translator, position: Standing, zone: ZoneInfo) -> str:
    """The standing, and when the attempt that counts was finished, on the group's clock."""
    line = standing_line(t, position)
    if position.finished_at:
        moment = local_time(position.finished_at, zone)
        line += ", " + t("homework-results-finished", day=f"{moment:%d.%m}", time=f"{moment:%H:%M}")
    return line


def results_screen(
    t: Translator,
    group: Group,
    assignment: Assignment,
    quiz: str,
    zone: ZoneInfo,
    summary: Results,
    hardest: list[tuple[str, Hard]],
) -> Screen:
    day = until(assignment.deadline_at, zone)
    lines = [
        t("homework-results-title", title=escape(quiz), date=day, mark=assignment.pass_mark),
        "",
    ]
    lines += [f"• {name_of(member, t)} — {finished_line(t, position, zone)}" for member, position in summary.rows]
    if not summary.rows:
        lines.append(t("groups-card-no-members"))
    lines += [
        "",
        t("homework-results-average", average=summary.average)
        if summary.average is not None
        else t("homework-results-no-average"),
        t(
            "homework-results-passed",
            passed=summary.passed,
            count=len(summary.rows),
            mark=assignment.pass_mark,
            rate=round(100 * summary.passed / len(summary.rows)) if summary.rows else 0,
        ),
    ]
    if hardest:
        lines += ["", t("homework-results-hardest")]
        lines += [
            f"{n}. {escape(question)} — {t('homework-results-wrong', wrong=hard.wrong, answered=hard.answered)}"
            for n, (question, hard) in enumerate(hardest, 1)
        ]
    if assignment.cancelled:
        lines += ["", t("homework-results-cancelled")]
    return Screen("\n".join(lines), results_buttons(t, group, assignment))


def results_buttons(t: Translator, group: Group, assignment: Assignment) -> tuple[Row, ...]:
    change = {"assignment": assignment.id}
    rows: list[Row] = [[button(t("homework-btn-csv"), GroupCb(action="csv", group_id=group.id, arg=assignment.id))]]
    if not assignment.cancelled:
        rows += [
            [button(t("homework-btn-waiting"), ChangeCb(action="waiting", **change))],
            [
                button(t("homework-btn-move"), ChangeCb(action="move", **change)),
                button(t("homework-btn-cancel"), ChangeCb(action="cancel", **change)),
            ],
        ]
    rows.append([button(t("btn-back"), GroupCb(action="results", group_id=group.id))])
    return tuple(rows)


def back_to_results(t: Translator, assignment: Assignment) -> Row:
    return [button(t("btn-back"), GroupCb(action="results", group_id=assignment.group_id, arg=assignment.id))]


def waiting(
    t: Translator, assignment: Assignment, quiz: str, day: str, not_started: list[Member], unfinished: list[Member]
) -> Screen:
    """Who has not started the homework yet, and who started but has not finished."""
    lines = [t("homework-waiting-title", title=escape(quiz), date=day), ""]
    if not_started:
        lines.append(t("homework-waiting-not-started", count=len(not_started), names=names(t, not_started)))
    else:
        lines.append(t("homework-waiting-everybody-started"))
    if unfinished:
        lines.append(t("homework-waiting-unfinished", count=len(unfinished), names=names(t, unfinished)))
    return Screen("\n".join(lines), (back_to_results(t, assignment),))


def names(t: Translator, members: list[Member]) -> str:
    return ", ".join(name_of(member, t) for member in members)


def pick_deadline(
    t: Translator, assignment: Assignment, quiz: str, day: str, choices: list[tuple[int, date, str]]
) -> Screen:
    """A new deadline: later by a day, three days or a week (each with its date), or typed."""
    rows: list[Row] = [
        [
            button(
                t("homework-btn-move-by", days=days, date=label),
                ChangeCb(assignment=assignment.id, action="moved", day=new.isoformat()),
            )
        ]
        for days, new, label in choices
    ]
    rows.append([button(t("homework-btn-date"), ChangeCb(assignment=assignment.id, action="type"))])
    rows.append(back_to_results(t, assignment))
    return Screen(t("homework-move-ask", title=escape(quiz), date=day), tuple(rows))
