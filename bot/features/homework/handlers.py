"""Homework: a coordinator sets a quiz for a group (quiz, number of questions, pass mark, deadline); members get a
message with «Начать»; /homework lists a student's assignments; results and their CSV file for the coordinator, who
can see who has not started, move the deadline or cancel the homework (bot.features.homework.changes).

The quiz itself is the quiz engine's (`open_quiz`); an attempt that ends fires the `attempt_finished` hook, which
`bot.features.homework.rules.homework_finished` answers.
"""

import random
from datetime import date, datetime
from html import escape
from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.core.config import Settings
from bot.core.filters import Awaiting
from bot.core.hooks import Hooks
from bot.core.i18n import Translator
from bot.core.people import Repo, User
from bot.core.screens import Screen, button, chat_of, show, show_in_place
from bot.features.homework.buttons import AssignCb, ChangeCb, HomeworkCb
from bot.features.homework.changes import (
    TYPE_DEADLINE,
    Change,
    ask_cancel,
    ask_deadline,
    ask_typed_deadline,
    cancel,
    move,
    move_pressed,
    who_waits,
)
from bot.features.homework.nudges import schedule
from bot.features.homework.repo import Assignment
from bot.features.homework.rules import (
    ALL,
    PASS_MARKS,
    QUESTION_COUNTS,
    deadline,
    due_day,
    now_stamp,
    standing,
    until,
)
from bot.features.homework.views import homework_list as homework_list_screen
from bot.features.homework.views import (
    pick_count,
    pick_due,
    pick_mark,
    pick_quiz,
    title,
)
from bot.features.members.buttons import GroupCb
from bot.features.members.repo import Group, new_id
from bot.features.members.roles import can_manage
from bot.features.quizzes.rules import pick
from bot.features.quizzes.turn import QuizTurn, open_quiz
from bot.features.reminders.rules import DateError, NextYear, parse_visit_date
from bot.features.reminders.views import next_year
from bot.features.scenarios.validation import Catalog

ASSIGN_DATE = "homework-date:"
_random = random.Random()


# --- setting a quiz --------------------------------------------------------------------------------------------------


def fits(choice: AssignCb, catalog: Catalog) -> bool:
    """Buttons can be forged: every choice must be one the bot could have offered."""
    return (
        (choice.quiz in ("", "*") or catalog.get(choice.quiz) is not None)
        and choice.count in (0, ALL, *QUESTION_COUNTS)
        and choice.mark in (0, *PASS_MARKS)
    )  # `due` is checked where it is used (due_day)


def available(choice: AssignCb, catalog: Catalog) -> int:
    scenario = catalog.get(choice.quiz)
    return len(scenario.quiz) if scenario else sum(len(s.quiz) for s in catalog)


async def assign_step(
    query: CallbackQuery,
    callback_data: AssignCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    settings: Settings,
    catalog: Catalog,
    callback_answer: CallbackAnswer,
) -> None:
    choice = callback_data
    group = await repo.groups.get(choice.group_id)
    if not await can_manage(user.id, group, settings, repo) or not fits(choice, catalog):
        callback_answer.text = t("groups-not-allowed")
        return
    assert group is not None
    if not choice.quiz:
        screen = pick_quiz(t, catalog, group)
    elif not choice.count:
        screen = pick_count(t, choice, available(choice, catalog))
    elif not choice.mark:
        screen = pick_mark(t, choice)
    elif not choice.due:
        screen = pick_due(t, choice)
    elif choice.due == "date":
        user.awaiting = ASSIGN_DATE + choice.pack()
        screen = Screen(t("homework-ask-date"))
    else:
        day = due_day(choice.due, datetime.now(ZoneInfo(group.time_zone)).date())
        if day is None:  # an answer kept for long, or forged
            callback_answer.text = t("stale-button")
            return
        user.awaiting = None
        origin = f"m{query.message.message_id}" if query.message else f"q{query.id}"
        await assign(bot, user, repo, t, catalog, chat_of(query), group, choice, day, origin)
        return
    await show_in_place(query, bot, user, screen)


async def date_typed(
    message: Message,
    awaited: str,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    settings: Settings,
    catalog: Catalog,
) -> None:
    choice = AssignCb.unpack(awaited)
    group = await repo.groups.get(choice.group_id)
    if not await can_manage(user.id, group, settings, repo):
        user.awaiting = None
        await show(bot, user, message.chat.id, Screen(t("groups-not-allowed")))
        return
    assert group is not None
    try:
        zone = ZoneInfo(group.time_zone)
        day = parse_visit_date(message.text or "", datetime.now(zone).date(), zone, today_ok=True)
    except NextYear as question:
        yes = choice.model_copy(update={"due": question.meant.isoformat()})
        await show(bot, user, message.chat.id, next_year(t, "homework-date-next-year", question.meant, yes))
        return
    except DateError as error:
        await show(bot, user, message.chat.id, Screen(t(error.reason.replace("remind-", "homework-date-"))))
        return
    user.awaiting = None
    await assign(bot, user, repo, t, catalog, message.chat.id, group, choice, day, f"t{message.message_id}")


async def assign(
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    catalog: Catalog,
    chat_id: int,
    group: Group,
    choice: AssignCb,
    day: date,
    origin: str,
) -> None:
    """Store the homework (once, however often the last button is pressed) and tell every member."""
    if await repo.homework.set_from(group.id, origin):
        return
    scenario = catalog.get(choice.quiz)
    chosen = [scenario] if scenario else [s for s in catalog if s.quiz]
    banks = {s.id: [q.id for q in s.quiz] for s in chosen}
    refs = tuple(pick(banks, None if choice.count == ALL else choice.count, _random))
    zone = ZoneInfo(group.time_zone)
    assignment = Assignment(
        new_id(), group.id, scenario.id if scenario else None, refs, choice.mark, deadline(day, zone)
    )
    repo.homework.add(assignment, origin, user.id)
    members = await repo.groups.members(group.id)
    quiz = title(t, catalog, assignment.scenario_id)
    text = t(
        "homework-set", title=escape(quiz), name=escape(group.name), date=day.strftime("%d.%m.%Y"), count=len(members)
    )
    opened = button(t("groups-btn-open-new"), GroupCb(action="open", group_id=group.id))
    await show(bot, user, chat_id, Screen(text, ([opened],)))
    for member in members:
        schedule(repo, member.user_id, assignment, zone)


# --- a student's homework --------------------------------------------------------------------------------------------


async def my_homework(user: User, repo: Repo, t: Translator, catalog: Catalog) -> Screen:
    entries = []
    zones: dict[int, ZoneInfo] = {}
    moment = now_stamp()
    for assignment in await repo.homework.of_member(user.id):
        if assignment.group_id not in zones:
            group = await repo.groups.get(assignment.group_id)
            zones[assignment.group_id] = ZoneInfo(group.time_zone if group else "UTC")
        mine = [a for a in await repo.quizzes.of_assignment(assignment.id) if a.user_id == user.id]
        day = until(assignment.deadline_at, zones[assignment.group_id])
        position = standing(mine, assignment.deadline_at, moment)
        entries.append((assignment, title(t, catalog, assignment.scenario_id), day, position))
    return homework_list_screen(t, entries)


async def cmd_homework(message: Message, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog) -> None:
    user.awaiting = None
    await show(bot, user, message.chat.id, await my_homework(user, repo, t, catalog))


async def homework_started(
    query: CallbackQuery,
    callback_data: HomeworkCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    catalog: Catalog,
    callback_answer: CallbackAnswer,
    hooks: Hooks,
) -> None:
    assignment = await repo.homework.get(callback_data.assignment)
    group = await repo.groups.get(assignment.group_id) if assignment else None
    if assignment is None or group is None or not await repo.groups.is_member(group.id, user.id):
        callback_answer.text = t("homework-not-yours")
        return
    if assignment.cancelled:
        callback_answer.text = t("homework-cancelled-notice")
        return
    turn = QuizTurn(bot, user, repo, t, catalog, hooks, chat_of(query), callback_answer)
    await open_quiz(
        turn,
        assignment.questions,
        scenario_id=assignment.scenario_id,
        assignment_id=assignment.id,
        group_id=group.id,
    )


# --- changing a homework (from its results screen, which the group card shows) ----------------------------------------

CHANGES = {
    "waiting": who_waits,
    "move": ask_deadline,
    "type": ask_typed_deadline,
    "moved": move_pressed,
    "cancel": ask_cancel,
    "cancelled": cancel,
}


async def managed_homework(
    repo: Repo, user: User, settings: Settings, assignment_id: int
) -> tuple[Assignment, Group] | None:
    """The assignment and its group, if this person may change it: checked on every update, buttons can be forged."""
    assignment = await repo.homework.get(assignment_id)
    group = await repo.groups.get(assignment.group_id) if assignment else None
    if assignment is None or group is None or not await can_manage(user.id, group, settings, repo):
        return None
    return assignment, group


async def change_pressed(
    query: CallbackQuery,
    callback_data: ChangeCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    settings: Settings,
    catalog: Catalog,
    callback_answer: CallbackAnswer,
) -> None:
    found = await managed_homework(repo, user, settings, callback_data.assignment)
    if found is None or callback_data.action not in CHANGES:
        callback_answer.text = t("groups-not-allowed")
        return
    assignment, group = found
    if assignment.cancelled:  # pressed twice, or on a screen shown before it was cancelled
        callback_answer.text = t("homework-cancelled-already")
        return
    change = Change(user, repo, t, catalog, group, assignment, callback_data.day)
    screen = await CHANGES[callback_data.action](change)
    if screen is None:
        callback_answer.text = t("stale-button")
        return
    await show_in_place(query, bot, user, screen)


async def deadline_typed(
    message: Message,
    awaited: str,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    settings: Settings,
    catalog: Catalog,
) -> None:
    found = await managed_homework(repo, user, settings, int(awaited))
    if found is None or found[0].cancelled:
        user.awaiting = None
        await show(bot, user, message.chat.id, Screen(t("groups-not-allowed")))
        return
    assignment, group = found
    change = Change(user, repo, t, catalog, group, assignment)
    try:
        day = parse_visit_date(message.text or "", change.today(), change.zone, today_ok=True)
    except NextYear as question:
        yes = ChangeCb(assignment=change.assignment.id, action="moved", day=question.meant.isoformat())
        await show(bot, user, message.chat.id, next_year(t, "homework-date-next-year", question.meant, yes))
        return
    except DateError as error:
        await show(bot, user, message.chat.id, Screen(t(error.reason.replace("remind-", "homework-date-"))))
        return
    user.awaiting = None
    await show(bot, user, message.chat.id, await move(change, day))


def create_router() -> Router:
    router = Router(name="homework")
    router.message.register(cmd_homework, Command("homework"))
    router.message.register(date_typed, Awaiting(ASSIGN_DATE))
    router.message.register(deadline_typed, Awaiting(TYPE_DEADLINE))
    router.callback_query.register(assign_step, AssignCb.filter())
    router.callback_query.register(homework_started, HomeworkCb.filter())
    router.callback_query.register(change_pressed, ChangeCb.filter())
    return router
