"""What the coordinator's group card shows of homework: its lines, an assignment's results and their CSV file."""

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.types import BufferedInputFile

from bot.core.i18n import Translator
from bot.core.people import Repo
from bot.core.screens import Screen
from bot.core.spreadsheet import csv_bytes, file_name
from bot.features.homework.repo import Assignment
from bot.features.homework.rules import Results, local_day, local_time, lookup, now_stamp, results, until
from bot.features.homework.views import card_line, pick_results, results_screen, title
from bot.features.members.repo import Group, Member
from bot.features.quizzes.rules import Lookup, QuestionRef
from bot.features.scenarios.validation import Catalog


async def card_lines(repo: Repo, t: Translator, catalog: Catalog, group: Group, members: list[Member]) -> list[str]:
    ids = {m.user_id for m in members}
    lines = []
    for assignment in await repo.homework.of_group(group.id):
        done = {a.user_id for a in await repo.quizzes.of_assignment(assignment.id) if a.finished_at} & ids
        day = until(assignment.deadline_at, ZoneInfo(group.time_zone))
        quiz = title(t, catalog, assignment.scenario_id)
        lines.append(card_line(t, quiz, day, len(done), len(ids), assignment.cancelled))
    return lines


async def results_of(repo: Repo, t: Translator, catalog: Catalog, group: Group, assignment_id: int) -> Screen:
    """The list of the group's homework (assignment_id 0), or one assignment's results."""
    zone = ZoneInfo(group.time_zone)
    assignments = await repo.homework.of_group(group.id)
    assignment = next((a for a in assignments if a.id == assignment_id), None)
    if assignment is None:
        choices = [(a, title(t, catalog, a.scenario_id), until(a.deadline_at, zone)) for a in assignments]
        return pick_results(t, group, choices)
    return await results_for(repo, t, catalog, group, assignment)


async def results_for(repo: Repo, t: Translator, catalog: Catalog, group: Group, assignment: Assignment) -> Screen:
    """One assignment's results, as `assignment` says (it may hold this update's change, not yet written)."""
    find = lookup(catalog)
    members = await repo.groups.members(group.id)
    summary = results(assignment, members, await repo.quizzes.of_assignment(assignment.id), now_stamp(), find)
    hardest = [(question_text(t, find, hard.ref), hard) for hard in summary.hardest]
    quiz = title(t, catalog, assignment.scenario_id)
    return results_screen(t, group, assignment, quiz, ZoneInfo(group.time_zone), summary, hardest)


def question_text(t: Translator, find: Lookup, ref: QuestionRef) -> str:
    question = find(ref)
    return question.question(t.locale) if question else t("homework-question-gone")


async def send_csv(
    bot: Bot, repo: Repo, t: Translator, catalog: Catalog, group: Group, assignment_id: int, chat_id: int
) -> None:
    assignment = await repo.homework.get(assignment_id)
    if assignment is None or assignment.group_id != group.id:
        return
    members = await repo.groups.members(group.id)
    find = lookup(catalog)
    summary = results(assignment, members, await repo.quizzes.of_assignment(assignment.id), now_stamp(), find)
    zone = ZoneInfo(group.time_zone)
    questions = [question_text(t, find, ref) for ref in assignment.questions]
    table = results_table(t, assignment.questions, questions, summary, zone)
    day = local_day(assignment.deadline_at, zone)
    name = file_name(f"{title(t, catalog, assignment.scenario_id)} {day.strftime('%d.%m.%Y')}")
    await bot.send_document(chat_id, BufferedInputFile(csv_bytes(table), filename=name))


def results_table(
    t: Translator, refs: Sequence[QuestionRef], questions: list[str], summary: Results, zone: ZoneInfo
) -> list[list[str]]:
    """A row per member: the standing, when the attempt that counts was finished, and its answer to each question
    (right, wrong, or empty where none counts)."""
    header = [t(f"homework-csv-{key}") for key in ("name", "status", "score", "finished", "practice")]
    header += [f"{n}. {question}" for n, question in enumerate(questions, 1)]
    rows = [header]
    for member, position in summary.rows:
        finished = local_time(position.finished_at, zone) if position.finished_at else None
        marks = summary.marks.get(member.user_id, {})
        rows.append(
            [
                member.name or "",
                t(f"homework-csv-{position.kind.replace('_', '-')}"),
                "" if position.score is None else str(position.score),
                f"{finished:%d.%m.%Y %H:%M}" if finished else "",
                str(position.practice),
                *(
                    "" if ref not in marks else t("homework-csv-right" if marks[ref] else "homework-csv-wrong")
                    for ref in refs
                ),
            ]
        )
    return rows
