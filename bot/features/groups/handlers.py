"""Groups: /groups, making one (name → join code, link and QR code), the card and its actions, joining, leaving.

Every button of a coordinator checks the role again (bot.features.members.roles), so a forged or old button does
nothing.
"""

import asyncio
from dataclasses import replace
from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, CallbackQuery, Message, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer

from bot.core.config import Settings
from bot.core.filters import Awaiting, StartPayload
from bot.core.hooks import Hooks
from bot.core.i18n import Translator
from bot.core.links import deep_link, read_join_code
from bot.core.middlewares import Handler
from bot.core.people import Repo, User
from bot.core.screens import Screen, button, chat_of, confirm, show, show_in_place
from bot.features.groups.buttons import JoinCb, JoinNameCb, LeaveCb
from bot.features.groups.poster import Line, poster_png
from bot.features.groups.rules import NAME_LIMIT, clean_name, code_mark, group_of_code, unused_code
from bot.features.groups.views import card, groups_list, join_offer, member_picker
from bot.features.homework import card as homework
from bot.features.homework.nudges import schedule_open
from bot.features.homework.views import pick_quiz
from bot.features.members.buttons import GroupCb
from bot.features.members.repo import Group, new_id
from bot.features.members.roles import can_manage, is_admin, is_staff
from bot.features.members.views import name_of
from bot.features.pledges.rules import tally
from bot.features.scenarios.validation import Catalog

GROUP_NAME = "group-name"
GROUP_RENAME = "group-rename:"
JOIN_CODE = "join-code"
JOIN_NAME = "join-name:"


class Context:
    """One update of a person working with groups, with everything needed to answer it."""

    def __init__(self, data: dict[str, Any], chat_id: int, answer: CallbackAnswer | None = None) -> None:
        self.bot: Bot = data["bot"]
        self.user: User = data["user"]
        self.repo: Repo = data["repo"]
        self.t: Translator = data["t"]
        self.settings: Settings = data["settings"]
        self.catalog: Catalog = data["catalog"]
        self.hooks: Hooks = data["hooks"]
        self.chat_id, self.answer = chat_id, answer

    def notify(self, key: str) -> None:
        """A short notice on top of the chat (for a button press; nothing for a message)."""
        if self.answer is not None:
            self.answer.text = self.t(key)

    async def say(self, screen: Screen | str) -> None:
        await show(self.bot, self.user, self.chat_id, Screen(screen) if isinstance(screen, str) else screen)

    async def groups_screen(self, gone: int | None = None) -> Screen:
        """The person's groups; `gone` (just left or closed, not yet written) is left out."""
        staff = await is_staff(self.user.id, self.settings, self.repo)
        led = (
            await self.repo.groups.led_by(None if is_admin(self.user.id, self.settings) else self.user.id)
            if staff
            else []
        )
        joined = await self.repo.groups.joined_by(self.user.id)
        return groups_list(self.t, [g for g in led if g.id != gone], [g for g in joined if g.id != gone], staff)

    async def card(self, group: Group, removed: int | None = None) -> Screen:
        members = [m for m in await self.repo.groups.members(group.id) if m.user_id != removed]
        today = datetime.now(ZoneInfo(group.time_zone)).date()
        tallies = tally(await self.repo.pledges.of([m.user_id for m in members]), today)
        link = await deep_link(self.bot, f"join-{group.join_code}")
        homework_lines = await homework.card_lines(self.repo, self.t, self.catalog, group, members)
        return card(self.t, group, link, members, tallies, homework_lines)

    async def send_poster(self, group: Group) -> None:
        """The group's QR code with its name, code and link under it, to show in class or print."""
        t, code = self.t, group.join_code
        link = await deep_link(self.bot, f"join-{code}")
        lines = (
            Line(group.name, 0.06, bold=True),
            Line(t("groups-poster-hint", code=code), 0.035),
            Line(t("groups-poster-code", code=code), 0.07, bold=True),
            Line(link, 0.035),
        )
        # Drawing takes a tenth of a second of CPU: off the event loop, so other people's answers don't wait.
        png = await asyncio.to_thread(poster_png, link, lines)
        caption = t("groups-qr-caption", name=escape(group.name), link=link)
        await self.bot.send_photo(self.chat_id, BufferedInputFile(png, filename=f"join-{code}.png"), caption=caption)

    async def managed(self, group_id: int) -> Group | None:
        group = await self.repo.groups.get(group_id)
        return group if await can_manage(self.user.id, group, self.settings, self.repo) else None


async def cmd_groups(message: Message, ctx: Context) -> None:
    ctx.user.awaiting = None
    await ctx.say(await ctx.groups_screen())


# --- a coordinator's buttons -----------------------------------------------------------------------------------------


async def group_action(query: CallbackQuery, callback_data: GroupCb, ctx: Context) -> None:
    bot, user, t = ctx.bot, ctx.user, ctx.t
    action = callback_data.action
    if action == "list":
        await show_in_place(query, bot, user, await ctx.groups_screen())
        return
    if action == "new":
        if not await is_staff(user.id, ctx.settings, ctx.repo):
            ctx.notify("groups-not-allowed")
            return
        user.awaiting = GROUP_NAME
        await ctx.say(t("groups-ask-name", limit=NAME_LIMIT))
        return
    group = await ctx.managed(callback_data.group_id)
    if group is None:
        ctx.notify("groups-not-allowed")
        return
    screen = await GROUP_ACTIONS[action](ctx, group, callback_data.arg) if action in GROUP_ACTIONS else None
    if screen is not None:
        await show_in_place(query, bot, user, screen)


async def open_card(ctx: Context, group: Group, _: int) -> Screen:
    return await ctx.card(group)


async def ask_rename(ctx: Context, group: Group, _: int) -> None:
    ctx.user.awaiting = f"{GROUP_RENAME}{group.id}"
    await ctx.say(ctx.t("groups-ask-rename", name=escape(group.name), limit=NAME_LIMIT))


async def ask_new_code(ctx: Context, group: Group, _: int) -> Screen:
    """A new code kills the old one and every printed poster: asked first."""
    question = ctx.t("groups-code-sure", name=escape(group.name))
    yes = GroupCb(action="recode", group_id=group.id, arg=code_mark(group.join_code))
    return confirm(ctx.t, question, ctx.t("groups-btn-code-yes"), yes, GroupCb(action="open", group_id=group.id))


async def new_code(ctx: Context, group: Group, asked_about: int) -> Screen:
    if asked_about != code_mark(group.join_code):  # a second press of one «Да»: that code is already replaced
        return await ctx.card(group)
    code = await unused_code(ctx.repo)
    ctx.repo.groups.set_code(group.id, code)
    recoded = replace(group, join_code=code)
    await ctx.send_poster(recoded)
    return await ctx.card(recoded)


async def send_qr(ctx: Context, group: Group, _: int) -> None:
    await ctx.send_poster(group)


async def ask_close(ctx: Context, group: Group, _: int) -> Screen:
    question = ctx.t("groups-close-sure", name=escape(group.name))
    yes = GroupCb(action="closed", group_id=group.id)
    return confirm(ctx.t, question, ctx.t("groups-btn-close-yes"), yes, GroupCb(action="open", group_id=group.id))


async def close(ctx: Context, group: Group, _: int) -> Screen:
    ctx.repo.groups.close(group.id)
    screen = await ctx.groups_screen(gone=group.id)
    return Screen(f"{ctx.t('groups-closed', name=escape(group.name))}\n\n{screen.text}", screen.rows)


async def pick_member(ctx: Context, group: Group, _: int) -> Screen:
    return member_picker(ctx.t, group, await ctx.repo.groups.members(group.id))


async def ask_remove(ctx: Context, group: Group, member_id: int) -> Screen:
    member = next((m for m in await ctx.repo.groups.members(group.id) if m.user_id == member_id), None)
    if member is None:
        return await ctx.card(group)
    question = ctx.t("groups-remove-sure", member=name_of(member, ctx.t), name=escape(group.name))
    yes = GroupCb(action="removed", group_id=group.id, arg=member_id)
    return confirm(ctx.t, question, ctx.t("groups-btn-remove-yes"), yes, GroupCb(action="members", group_id=group.id))


async def remove(ctx: Context, group: Group, member_id: int) -> Screen:
    if await ctx.repo.groups.is_member(group.id, member_id):
        ctx.repo.groups.leave(group.id, member_id)
        ctx.repo.events.add(member_id, "left", group_id=group.id)
    return await ctx.card(group, removed=member_id)


async def assign(ctx: Context, group: Group, _: int) -> Screen:
    return pick_quiz(ctx.t, ctx.catalog, group)


async def show_results(ctx: Context, group: Group, assignment_id: int) -> Screen:
    return await homework.results_of(ctx.repo, ctx.t, ctx.catalog, group, assignment_id)


async def send_csv(ctx: Context, group: Group, assignment_id: int) -> None:
    await homework.send_csv(ctx.bot, ctx.repo, ctx.t, ctx.catalog, group, assignment_id, ctx.chat_id)


GROUP_ACTIONS = {
    "assign": assign,
    "results": show_results,
    "csv": send_csv,
    "open": open_card,
    "rename": ask_rename,
    "code": ask_new_code,
    "recode": new_code,
    "qr": send_qr,
    "close": ask_close,
    "closed": close,
    "members": pick_member,
    "remove": ask_remove,
    "removed": remove,
}


# --- typed names -----------------------------------------------------------------------------------------------------


async def name_typed(message: Message, awaited: str, ctx: Context) -> None:
    bot, user, repo, t, settings = ctx.bot, ctx.user, ctx.repo, ctx.t, ctx.settings
    name = clean_name(message.text or "")
    if name is None:
        await ctx.say(t("groups-name-bad", limit=NAME_LIMIT))
        return
    user.awaiting = None
    if awaited:  # a new name for an existing group
        group = await ctx.managed(int(awaited))
        if group is None:
            await ctx.say(t("groups-not-allowed"))
            return
        repo.groups.rename(group.id, name)
        await ctx.say(await ctx.card(replace(group, name=name)))
        return
    if not await is_staff(user.id, settings, repo):
        await ctx.say(t("groups-not-allowed"))
        return
    group = Group(new_id(), name, user.id, user.time_zone or settings.timezone, await unused_code(repo))
    repo.groups.add(group)
    link = await deep_link(bot, f"join-{group.join_code}")
    opened = button(t("groups-btn-open-new"), GroupCb(action="open", group_id=group.id))
    await ctx.say(Screen(t("groups-created", name=escape(name), code=group.join_code, link=link), ([opened],)))
    await ctx.send_poster(group)


# --- joining and leaving ---------------------------------------------------------------------------------------------


async def offer(ctx: Context, text: str) -> None:
    """The join offer for a typed or linked code."""
    group = await group_of_code(ctx.repo, ctx.user.id, read_join_code(text))
    if isinstance(group, str):
        if group == "join-throttled":
            ctx.user.awaiting = None
        await ctx.say(ctx.t(group))
        return
    ctx.user.awaiting = None
    if await ctx.repo.groups.is_member(group.id, ctx.user.id):
        await ctx.say(ctx.t("join-already", name=escape(group.name)))
        return
    await ctx.say(join_offer(ctx.t, group, ctx.user.first_name))


async def cmd_join(message: Message, command: CommandObject, ctx: Context) -> None:
    if command.args:
        await offer(ctx, command.args)
        return
    ctx.user.awaiting = JOIN_CODE
    await ctx.say(ctx.t("join-ask-code"))


async def join_link_opened(message: Message, token: str, ctx: Context) -> None:
    ctx.user.awaiting = None
    await offer(ctx, token)


async def code_typed(message: Message, ctx: Context) -> None:
    await offer(ctx, message.text or "")


async def join_answered(
    query: CallbackQuery, callback_data: JoinCb, bot: Bot, user: User, repo: Repo, t: Translator, hooks: Hooks
) -> None:
    if not callback_data.join:
        await show_in_place(query, bot, user, Screen(t("join-not-now")))
        return
    await show_in_place(query, bot, user, await enter(repo, user, t, hooks, callback_data.code))


async def enter(repo: Repo, user: User, t: Translator, hooks: Hooks, code: str, name: str | None = None) -> Screen:
    """Join the group of a code from an offer (checked again: it may have been replaced since), under the name the
    person chose for the coordinator, if they did."""
    group = await group_of_code(repo, user.id, code)
    if isinstance(group, str):
        return Screen(t("join-throttled" if group == "join-throttled" else "join-code-gone"))
    if await repo.groups.is_member(group.id, user.id):
        return Screen(t("join-already", name=escape(group.name)))
    repo.groups.join(group.id, user.id, name)
    repo.events.add(user.id, "joined", group_id=group.id)
    await schedule_open(repo, group.id, user.id)
    await hooks.fire(hooks.member_joined, repo, group.id, user.id)
    done = t("join-done", name=escape(group.name))
    return Screen(f"{done}\n{t('join-named', name=escape(name))}" if name else done)


async def join_name_pressed(query: CallbackQuery, callback_data: JoinNameCb, ctx: Context) -> None:
    """«Как меня подписать для учителя»: the name is asked in place of the offer, and joining follows it."""
    group = await group_of_code(ctx.repo, ctx.user.id, callback_data.code)
    if isinstance(group, str) or await ctx.repo.groups.is_member(group.id, ctx.user.id):
        screen = await enter(ctx.repo, ctx.user, ctx.t, ctx.hooks, callback_data.code)
        await show_in_place(query, ctx.bot, ctx.user, screen)
        return
    ctx.user.awaiting = f"{JOIN_NAME}{group.join_code}"
    question = ctx.t("join-ask-name", name=escape(group.name), limit=NAME_LIMIT)
    await show_in_place(query, ctx.bot, ctx.user, Screen(question))


async def join_name_typed(message: Message, awaited: str, ctx: Context) -> None:
    name = clean_name(message.text or "")
    if name is None:
        await ctx.say(ctx.t("join-name-bad", limit=NAME_LIMIT))
        return
    ctx.user.awaiting = None
    await ctx.say(await enter(ctx.repo, ctx.user, ctx.t, ctx.hooks, awaited, name))


async def leave_pressed(query: CallbackQuery, callback_data: LeaveCb, ctx: Context) -> None:
    bot, user, repo, t = ctx.bot, ctx.user, ctx.repo, ctx.t
    group = await repo.groups.get(callback_data.group_id)
    if group is None or not await repo.groups.is_member(group.id, user.id):
        ctx.notify("groups-not-a-member")
        return
    if not callback_data.sure:
        question = t("groups-leave-sure", name=escape(group.name))
        yes = LeaveCb(group_id=group.id, sure=True)
        await show_in_place(
            query, bot, user, confirm(t, question, t("groups-btn-leave-yes"), yes, GroupCb(action="list"))
        )
        return
    repo.groups.leave(group.id, user.id)
    repo.events.add(user.id, "left", group_id=group.id)
    screen = await ctx.groups_screen(gone=group.id)
    await show_in_place(
        query, bot, user, Screen(f"{t('groups-left', name=escape(group.name))}\n\n{screen.text}", screen.rows)
    )


async def provide_context(handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
    if isinstance(event, CallbackQuery):
        data["ctx"] = Context(data, chat_of(event), data["callback_answer"])
    else:
        data["ctx"] = Context(data, event.chat.id)  # type: ignore[attr-defined]
    return await handler(event, data)


def create_router() -> Router:
    router = Router(name="groups")
    router.message.middleware(provide_context)
    router.callback_query.middleware(provide_context)
    router.message.register(join_link_opened, StartPayload("join-"))
    router.message.register(cmd_groups, Command("groups"))
    router.message.register(cmd_join, Command("join"))
    router.message.register(name_typed, Awaiting(GROUP_NAME))
    router.message.register(name_typed, Awaiting(GROUP_RENAME))
    router.message.register(code_typed, Awaiting(JOIN_CODE))
    router.message.register(join_name_typed, Awaiting(JOIN_NAME))
    router.callback_query.register(group_action, GroupCb.filter())
    router.callback_query.register(join_answered, JoinCb.filter())
    router.callback_query.register(join_name_pressed, JoinNameCb.filter())
    router.callback_query.register(leave_pressed, LeaveCb.filter())
    return router
