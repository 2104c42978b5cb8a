"""«Тимуровцы»: /pledge (how many people, who they are, by when), personal invitation links, and confirmation.

A helped person who opens their link goes straight into the account scenario. Reaching its end marks the item walked
(the student hears it) and asks whether registering worked; their «Да» confirms the item and the student gets a 🎉
message. What a student chose on the way travels in the buttons: nothing half-made is stored.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from html import escape
from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.core.config import Settings
from bot.core.filters import Awaiting, StartPayload
from bot.core.hooks import Hooks, Moment
from bot.core.i18n import Translator
from bot.core.links import deep_link, new_token
from bot.core.people import Repo, User
from bot.core.screens import Screen, button, chat_of, confirm, show, show_in_place
from bot.features.pledges.buttons import PledgeCb, PledgeItemCb, WorkedCb
from bot.features.pledges.hooks import ACCOUNT_SCENARIO, PLEDGE_CONFIRMED, PLEDGE_WALKED, students
from bot.features.pledges.repo import Pledge
from bot.features.pledges.rules import MAX_PEOPLE, RELATIONS, due_date, gender
from bot.features.pledges.views import (
    by_when,
    day,
    how_many,
    invitation,
    made,
    pledges,
    relation,
    who,
    worked_not_yet,
)
from bot.features.reminders.letters import Letter, kind
from bot.features.reminders.rules import DateError, NextYear, parse_visit_date
from bot.features.reminders.views import next_year
from bot.features.scenarios.journey import Progress
from bot.features.scenarios.navigation import leave_scenario
from bot.features.scenarios.validation import Catalog
from bot.features.scenarios.views import step

PLEDGE_DATE = "pledge-date:"
PLEDGE_NUDGE = "pledge-nudge"
NUDGE_BEFORE = timedelta(days=3)
NUDGE_AT = time(10, 0)


def zone_of(user: User, settings: Settings) -> ZoneInfo:
    return ZoneInfo(user.time_zone or settings.timezone)


def today_of(user: User, settings: Settings) -> date:
    return datetime.now(zone_of(user, settings)).date()


async def pledges_screen(
    user: User,
    repo: Repo,
    t: Translator,
    settings: Settings,
    change: Callable[[list[Pledge]], list[Pledge]] | None = None,
) -> Screen:
    """The person's pledges; `change` adjusts them for what this update wrote (writes land after the handler)."""
    mine = await repo.pledges.of([user.id])
    return pledges(t, change(mine) if change else mine, today_of(user, settings))


async def cmd_pledge(message: Message, bot: Bot, user: User, repo: Repo, t: Translator, settings: Settings) -> None:
    user.awaiting = None
    await show(bot, user, message.chat.id, await pledges_screen(user, repo, t, settings))


def chosen_fit(data: PledgeCb) -> bool:
    """Buttons can be forged: the numbers must be ones the bot could have offered."""
    return (
        0 <= data.count <= MAX_PEOPLE
        and len(data.relations) <= data.count
        and all(c.isdigit() and int(c) < len(RELATIONS) for c in data.relations)
    )  # `due` is checked where it is used (due_date)


async def pledge_step(
    query: CallbackQuery,
    callback_data: PledgeCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    settings: Settings,
) -> None:
    data = callback_data
    if not chosen_fit(data):
        return
    if data.count == 0:
        screen = how_many(t)
    elif len(data.relations) < data.count:
        screen = who(t, data.count, data.relations)
    elif data.due == "":
        screen = by_when(t, data.count, data.relations)
    elif data.due == "date":
        user.awaiting = f"{PLEDGE_DATE}{data.count}:{data.relations}"
        screen = Screen(t("pledge-ask-date"))
    else:
        due = due_date(data.due, today_of(user, settings))
        if due is None:
            return
        origin = f"m{query.message.message_id}" if query.message else f"q{query.id}"
        await make(bot, user, repo, t, chat_of(query), data.relations, due, origin, zone_of(user, settings))
        return
    await show_in_place(query, bot, user, screen)


async def date_typed(
    message: Message, awaited: str, bot: Bot, user: User, repo: Repo, t: Translator, settings: Settings
) -> None:
    try:
        due = parse_visit_date(message.text or "", today_of(user, settings), zone_of(user, settings))
    except NextYear as question:
        count, _, relations = awaited.partition(":")
        yes = PledgeCb(count=int(count), relations=relations, due=question.meant.isoformat())
        await show(bot, user, message.chat.id, next_year(t, "pledge-date-next-year", question.meant, yes))
        return
    except DateError as error:
        await show(bot, user, message.chat.id, Screen(t(error.reason.replace("remind-", "pledge-date-"))))
        return
    user.awaiting = None
    relations = awaited.partition(":")[2]
    await make(bot, user, repo, t, message.chat.id, relations, due, f"t{message.message_id}", zone_of(user, settings))


async def make(
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    chat_id: int,
    relations: str,
    due: date,
    origin: str,
    zone: ZoneInfo,
) -> None:
    """The pledge, then one message per helped person to forward (a double press makes no second pledge)."""
    if not relations or await repo.pledges.made_from(user.id, origin):
        return
    words = [RELATIONS[int(c)] for c in relations]
    pledge = repo.pledges.add(user.id, due.isoformat(), origin, words, [new_token() for _ in words])
    repo.events.add(user.id, "pledge_made", value=len(words))
    schedule_nudge(repo, user, pledge, zone)
    await show(bot, user, chat_id, made(t, pledge))
    for item in pledge.items:
        link = await deep_link(bot, f"help-{item.token}")
        await bot.send_message(chat_id=chat_id, text=invitation(t, user.first_name, link))


# --- the student's list ----------------------------------------------------------------------------------------------


def self_reported(mine: list[Pledge], item_id: int) -> list[Pledge]:
    return [
        replace(p, items=tuple(replace(i, self_reported=True) if i.id == item_id else i for i in p.items)) for p in mine
    ]


async def item_action(
    query: CallbackQuery,
    callback_data: PledgeItemCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    item = await repo.pledges.item(callback_data.item_id, user.id)
    if item is None:  # not the person's own, or cancelled
        callback_answer.text = t("pledge-gone")
        return
    action = callback_data.action
    if action == "link" and item.state == "waiting":
        link = await deep_link(bot, f"help-{item.token}")
        await bot.send_message(chat_id=chat_of(query), text=invitation(t, user.first_name, link))
        return
    if action == "self" and item.state == "waiting":
        repo.pledges.report_self(item.id)
        repo.events.add(user.id, "pledge_self", ref=str(item.id))
        callback_answer.text = t("pledge-self-noted")
        screen = await pledges_screen(user, repo, t, settings, lambda mine: self_reported(mine, item.id))
    elif action == "cancel":
        question = t("pledge-cancel-sure")
        yes = PledgeItemCb(action="cancelled", item_id=item.id)
        screen = confirm(t, question, t("pledge-btn-cancel-yes"), yes, PledgeItemCb(action="list", item_id=item.id))
    elif action == "cancelled":
        repo.pledges.cancel(item.pledge_id)
        screen = await pledges_screen(user, repo, t, settings, lambda mine: [p for p in mine if p.id != item.pledge_id])
    else:
        screen = await pledges_screen(user, repo, t, settings)
    await show_in_place(query, bot, user, screen)


# --- the helped person -----------------------------------------------------------------------------------------------


async def help_link_opened(
    message: Message, token: str, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog
) -> None:
    invited = await repo.pledges.invitation(token)
    scenario = catalog.get(ACCOUNT_SCENARIO)
    if invited is None or scenario is None:
        raise SkipHandler  # cancelled or made up: the ordinary greeting
    if invited.student_user_id == user.id:
        await show(bot, user, message.chat.id, Screen(t("pledge-own-link")))
        return
    if invited.item.helped_user_id != user.id and not await repo.pledges.take(invited.item.id, user.id):
        raise SkipHandler  # used by someone else: the ordinary greeting
    await leave_scenario(user, repo, catalog)
    user.active_scenario = scenario.id
    progress = Progress.begin(scenario)
    repo.progress.save(user.id, progress)
    repo.events.add(user.id, "start", scenario.id, progress.step_id)
    await bot.send_message(
        chat_id=message.chat.id, text=t("pledge-invited", student=escape(invited.student_name or "—"))
    )
    await show(bot, user, message.chat.id, step(t, scenario, progress))


async def worked_answered(
    query: CallbackQuery,
    callback_data: WorkedCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    settings: Settings,
    catalog: Catalog,
    hooks: Hooks,
    callback_answer: CallbackAnswer,
) -> None:
    """«Получилось зарегистрироваться?» at the end of the account guide: «Да» confirms the items the person walked."""
    invited = [i for i in await repo.pledges.awaiting_confirmation(user.id) if i.item.walked]
    if not invited:  # answered «Да» already, a pledge cancelled since, or a button nobody was shown
        callback_answer.text = t("pledge-worked-already")
        return
    # The follow-up's own question, asked early: counted with its answers.
    repo.events.add(user.id, "followup_yes" if callback_data.yes else "followup_not_yet", ACCOUNT_SCENARIO)
    if not callback_data.yes:
        await show_in_place(query, bot, user, worked_not_yet(t))
        return
    moment = Moment(bot, user, repo, t, settings, chat_of(query), catalog)
    await hooks.fire(hooks.scenario_worked, moment, ACCOUNT_SCENARIO)
    await show_in_place(query, bot, user, Screen(t("pledge-helped-thanks", student=students(invited))))


@kind(PLEDGE_WALKED, family="nudges")
async def pledge_walked_letter(letter: Letter) -> Screen | None:
    item = await letter.repo.pledges.item(letter.payload["item"], letter.user_id)
    if item is None or item.confirmed:  # cancelled meanwhile, or confirmed already: the 🎉 message says more
        return None
    return Screen(letter.t("pledge-walked", who=relation(letter.t, item.relation), gender=gender(item.relation)))


@kind(PLEDGE_CONFIRMED, family="nudges")
async def pledge_confirmed_letter(letter: Letter) -> Screen | None:
    item = await letter.repo.pledges.item(letter.payload["item"], letter.user_id)
    if item is None:  # the pledge was cancelled meanwhile
        return None
    return Screen(letter.t("pledge-confirmed", who=relation(letter.t, item.relation), gender=gender(item.relation)))


@kind(PLEDGE_NUDGE, family="nudges", snooze=True)
async def pledge_nudge_letter(letter: Letter) -> Screen | None:
    """Three days before the promised date, if somebody is still waiting for help."""
    mine = await letter.repo.pledges.of([letter.user_id])
    pledge = next((p for p in mine if p.id == letter.payload["pledge"]), None)
    waiting = [item for item in pledge.items if item.state == "waiting"] if pledge else []
    if pledge is None or not waiting:
        return None
    t = letter.t
    people = ", ".join(relation(t, item.relation) for item in waiting)
    rows = ([button(t("pledge-btn-list"), PledgeItemCb(action="list", item_id=waiting[0].id))],)
    return Screen(t("pledge-nudge", date=day(pledge.due_date), people=people), rows)


def schedule_nudge(repo: Repo, user: User, pledge: Pledge, zone: ZoneInfo) -> None:
    due = datetime.combine(date.fromisoformat(pledge.due_date) - NUDGE_BEFORE, NUDGE_AT, zone)
    if due > datetime.now(zone):
        repo.outbox.add(user.id, PLEDGE_NUDGE, {"pledge": pledge.id}, due, key=str(pledge.id))


def create_router() -> Router:
    router = Router(name="pledges")
    router.message.register(help_link_opened, StartPayload("help-"))
    router.message.register(cmd_pledge, Command("pledge"))
    router.message.register(date_typed, Awaiting(PLEDGE_DATE))
    router.callback_query.register(pledge_step, PledgeCb.filter())
    router.callback_query.register(item_action, PledgeItemCb.filter())
    router.callback_query.register(worked_answered, WorkedCb.filter())
    return router
