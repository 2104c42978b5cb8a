"""/coordinators for administrators: the list, one-time invitation links, revoking (asked first; the person is
told); and accepting an invitation."""

from datetime import timedelta
from html import escape

from aiogram import Bot, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer

from bot.core.config import Settings
from bot.core.filters import StartPayload
from bot.core.i18n import Translator
from bot.core.links import deep_link, new_token, token_hash
from bot.core.people import Repo, User
from bot.core.screens import Screen, button, chat_of, confirm, show, show_in_place
from bot.features.coordinators.buttons import CoordinatorsCb
from bot.features.coordinators.notices import tell_revoked
from bot.features.members.repo import Coordinator
from bot.features.members.roles import is_admin

INVITE_VALID = timedelta(days=7)


async def coordinators_screen(t: Translator, repo: Repo, removed: int | None = None) -> Screen:
    """The list; `removed` is left out (its removal is written only after the handler returns)."""
    coordinators = [c for c in await repo.coordinators.all() if c.user_id != removed]
    lines = [t("coord-title")]
    lines += [f"• {escape(c.first_name or str(c.user_id))}" for c in coordinators] or [t("coord-none")]
    rows = [
        [
            button(
                t("coord-btn-revoke", name=c.first_name or c.user_id),
                CoordinatorsCb(action="revoke", user_id=c.user_id),
            )
        ]
        for c in coordinators
    ]
    rows.append([button(t("coord-btn-invite"), CoordinatorsCb(action="invite"))])
    return Screen("\n".join(lines), tuple(rows))


async def cmd_coordinators(
    message: Message, bot: Bot, user: User, repo: Repo, t: Translator, settings: Settings
) -> None:
    user.awaiting = None
    if not is_admin(user.id, settings):
        await show(bot, user, message.chat.id, Screen(t("coord-admins-only")))
        return
    await show(bot, user, message.chat.id, await coordinators_screen(t, repo))


async def coordinators_action(
    query: CallbackQuery,
    callback_data: CoordinatorsCb,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    if not is_admin(user.id, settings):
        callback_answer.text = t("coord-admins-only")
        return
    action, person = callback_data.action, callback_data.user_id
    if action == "invite":
        token = new_token()
        repo.coordinators.invite(token_hash(token), user.id, INVITE_VALID)
        link = await deep_link(bot, f"coord-{token}")
        await show(bot, user, chat_of(query), Screen(t("coord-invite", link=link, days=INVITE_VALID.days)))
        return
    coordinator = next((c for c in await repo.coordinators.all() if c.user_id == person), None)
    if action == "revoke" and coordinator is not None:
        await show_in_place(query, bot, user, ask_revoke(t, coordinator))
        return
    removed = None
    if action == "revoked" and coordinator is not None:  # a second press of one «Да» finds nobody to revoke
        repo.coordinators.remove(person)
        tell_revoked(repo, person)
        callback_answer.text = t("coord-revoked")
        removed = person
    await show_in_place(query, bot, user, await coordinators_screen(t, repo, removed=removed))


def ask_revoke(t: Translator, coordinator: Coordinator) -> Screen:
    question = t("coord-revoke-sure", name=escape(coordinator.first_name or str(coordinator.user_id)))
    yes = CoordinatorsCb(action="revoked", user_id=coordinator.user_id)
    return confirm(t, question, t("coord-btn-revoke-yes"), yes, CoordinatorsCb(action="list"))


async def invitation_opened(message: Message, token: str, bot: Bot, user: User, repo: Repo, t: Translator) -> None:
    user.awaiting = None
    digest = token_hash(token)
    taken = await repo.coordinators.take_invite(digest, user.id)
    await show(bot, user, message.chat.id, Screen(t("coord-welcome" if taken else "coord-invite-invalid")))


def create_router() -> Router:
    router = Router(name="coordinators")
    router.message.register(invitation_opened, StartPayload("coord-"))
    router.message.register(cmd_coordinators, Command("coordinators"))
    router.callback_query.register(coordinators_action, CoordinatorsCb.filter())
    return router
