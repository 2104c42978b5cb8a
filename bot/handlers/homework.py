"""Homework: a coordinator sets a quiz for a group (quiz, number of questions, pass mark, deadline); members get a
message with «Начать»; /homework lists a student's assignments; results and their CSV file for the coordinator.

The quiz itself is the quiz engine's (`open_quiz`); the attempt that ends calls `bot.homework.homework_finished`.
"""

import random
from datetime import UTC, date, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.callbacks import AssignCb, GroupCb, HomeworkCb
from bot.config import Settings
from bot.content.models import Question
from bot.content.validation import Catalog
from bot.db.groups import Group, Member, new_id, stamp
from bot.db.homework import Assignment
from bot.db.repositories import Repo, User
from bot.display import chat_of, show
from bot.filters import Awaiting
from bot.handlers.menu import show_in_place
from bot.handlers.quizzes import QuizTurn, open_quiz
from bot.homework import (
    ALL,
    PASS_MARKS,
    QUESTION_COUNTS,
    csv_file,
    deadline,
    in_days,
    local_day,
    results,
    standing,
)
from bot.homework_views import (
    card_line,
    new_homework,
    nudge,
    pick_count,
    pick_due,
    pick_mark,
    pick_quiz,
    pick_results,
    results_screen,
    title,
)
from bot.homework_views import homework_list as homework_list_screen
from bot.i18n import Translator
from bot.outbox import Letter, kind
from bot.quiz import Lookup, QuestionRef, pick
from bot.reminders import DateError, parse_visit_date
from bot.roles import can_manage
from bot.views import Screen, button

ASSIGN_DATE = "homework-date:"
HOMEWORK_NEW = "homework-new"
HOMEWORK_NUDGE = "homework-nudge"
NUDGE_BEFORE = timedelta(hours=24)
_random = random.Random()


def lookup(catalog: Catalog) -> Lookup:
    def find(ref: QuestionRef) -> Question | None:
        scenario = catalog.get(ref[0])
        return next((q for q in scenario.quiz if q.id == ref[1]), None) if scenario else None

    return find


def now_stamp() -> str:
    return stamp(datetime.now(UTC))


# --- setting a quiz --------------------------------------------------------------------------------------------------


def fits(choice: AssignCb, catalog: Catalog) -> bool:
    """Buttons can be forged: every choice must be one the bot could have offered."""
    return (
        (choice.quiz in ("", "*") or catalog.get(choice.quiz) is not None)
        and choice.count in (0, ALL, *QUESTION_COUNTS)
        and choice.mark in (0, *PASS_MARKS)
        and choice.due in ("", "3d", "week", "date")
    )


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
        today = datetime.now(ZoneInfo(group.time_zone)).date()
        origin = f"m{query.message.message_id}" if query.message else f"q{query.id}"
        await assign(bot, user, repo, t, catalog, chat_of(query), group, choice, in_days(choice.due, today), origin)
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
        day = parse_visit_date(message.text or "", datetime.now(ZoneInfo(group.time_zone)).date())
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
        schedule(repo, member.user_id, assignment)


def schedule(repo: Repo, member_id: int, assignment: Assignment) -> None:
    """«Новое задание» now, and a nudge 24 hours before the deadline (dropped if the member has done it by then)."""
    moment = datetime.now(UTC)
    key = str(assignment.id)
    repo.outbox.add(member_id, HOMEWORK_NEW, {"assignment": assignment.id}, moment, key=key)
    nudge = datetime.fromisoformat(f"{assignment.deadline_at}+00:00") - NUDGE_BEFORE
    if nudge > moment:
        repo.outbox.add(member_id, HOMEWORK_NUDGE, {"assignment": assignment.id}, nudge, key=key)


async def schedule_open(repo: Repo, group_id: int, member_id: int) -> None:
    """A member who joins after homework was set gets the homework still open too."""
    moment = now_stamp()
    for assignment in await repo.homework.of_group(group_id):
        if assignment.deadline_at > moment:
            schedule(repo, member_id, assignment)


async def letter_homework(letter: Letter) -> tuple[Assignment, Group] | None:
    """The assignment a message is about, if the recipient is still in its group."""
    assignment = await letter.repo.homework.get(letter.payload["assignment"])
    group = await letter.repo.groups.get(assignment.group_id) if assignment else None
    if assignment is None or group is None or not await letter.repo.groups.is_member(group.id, letter.user_id):
        return None
    return assignment, group


@kind(HOMEWORK_NEW, family="nudges")
async def homework_new_letter(letter: Letter) -> Screen | None:
    found = await letter_homework(letter)
    if found is None:
        return None
    assignment, group = found
    quiz = title(letter.t, letter.catalog, assignment.scenario_id)
    day = local_day(assignment.deadline_at, ZoneInfo(group.time_zone))
    return new_homework(letter.t, group.name, quiz, len(assignment.questions), day, assignment.id)


@kind(HOMEWORK_NUDGE, family="nudges", snooze=True)
async def homework_nudge_letter(letter: Letter) -> Screen | None:
    found = await letter_homework(letter)
    if found is None:
        return None
    assignment, group = found
    attempts = await letter.repo.quizzes.of_assignment(assignment.id)
    if any(a.user_id == letter.user_id and a.finished_at for a in attempts):
        return None
    quiz = title(letter.t, letter.catalog, assignment.scenario_id)
    day = local_day(assignment.deadline_at, ZoneInfo(group.time_zone))
    return nudge(letter.t, group.name, quiz, day, assignment.id)


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
        day = local_day(assignment.deadline_at, zones[assignment.group_id])
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
) -> None:
    assignment = await repo.homework.get(callback_data.assignment)
    group = await repo.groups.get(assignment.group_id) if assignment else None
    if assignment is None or group is None or not await repo.groups.is_member(group.id, user.id):
        callback_answer.text = t("homework-not-yours")
        return
    turn = QuizTurn(bot, user, repo, t, catalog, chat_of(query), callback_answer)
    await open_quiz(
        turn,
        assignment.questions,
        scenario_id=assignment.scenario_id,
        assignment_id=assignment.id,
        group_id=group.id,
    )


# --- the coordinator's view (called from the group card) -------------------------------------------------------------


async def card_lines(repo: Repo, t: Translator, catalog: Catalog, group: Group, members: list[Member]) -> list[str]:
    ids = {m.user_id for m in members}
    lines = []
    for assignment in await repo.homework.of_group(group.id):
        done = {a.user_id for a in await repo.quizzes.of_assignment(assignment.id) if a.finished_at} & ids
        day = local_day(assignment.deadline_at, ZoneInfo(group.time_zone))
        lines.append(card_line(t, title(t, catalog, assignment.scenario_id), day, len(done), len(ids)))
    return lines


async def results_of(repo: Repo, t: Translator, catalog: Catalog, group: Group, assignment_id: int) -> Screen:
    """The list of the group's homework (assignment_id 0), or one assignment's results."""
    zone = ZoneInfo(group.time_zone)
    assignments = await repo.homework.of_group(group.id)
    assignment = next((a for a in assignments if a.id == assignment_id), None)
    if assignment is None:
        choices = [(a, title(t, catalog, a.scenario_id), local_day(a.deadline_at, zone)) for a in assignments]
        return pick_results(t, group, choices)
    find = lookup(catalog)
    members = await repo.groups.members(group.id)
    summary = results(assignment, members, await repo.quizzes.of_assignment(assignment.id), now_stamp(), find)
    missed = [(find(ref).question(t.locale), count) for ref, count in summary.most_missed if find(ref)]  # type: ignore[union-attr]
    quiz = title(t, catalog, assignment.scenario_id)
    return results_screen(t, group, assignment, quiz, local_day(assignment.deadline_at, zone), summary, missed)


async def send_csv(
    bot: Bot, repo: Repo, t: Translator, catalog: Catalog, group: Group, assignment_id: int, chat_id: int
) -> None:
    assignment = await repo.homework.get(assignment_id)
    if assignment is None or assignment.group_id != group.id:
        return
    members = await repo.groups.members(group.id)
    summary = results(
        assignment, members, await repo.quizzes.of_assignment(assignment.id), now_stamp(), lookup(catalog)
    )
    header = [t("homework-csv-name"), t("homework-csv-status"), t("homework-csv-score"), t("homework-csv-practice")]
    rows = [
        [
            member.first_name or "",
            t(f"homework-csv-{position.kind.replace('_', '-')}"),
            "" if position.score is None else str(position.score),
            str(position.practice),
        ]
        for member, position in summary.rows
    ]
    day = local_day(assignment.deadline_at, ZoneInfo(group.time_zone))
    name = f"{title(t, catalog, assignment.scenario_id)} {day.strftime('%d.%m.%Y')}.csv"
    await bot.send_document(chat_id, BufferedInputFile(csv_file(header, rows), filename=name))


def create_router() -> Router:
    router = Router(name="homework")
    router.message.register(cmd_homework, Command("homework"))
    router.message.register(date_typed, Awaiting(ASSIGN_DATE))
    router.callback_query.register(assign_step, AssignCb.filter())
    router.callback_query.register(homework_started, HomeworkCb.filter())
    return router
