"""Personal data typed into the chat: the message is deleted and the person warned, before anything else reads it.

Someone who says they gave a code or a password away is taken straight to what to do now in the safety scenario.
"""

import logging
import re
from html import escape
from typing import Any

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from bot.core.i18n import Translator
from bot.core.people import Repo, User
from bot.core.screens import Screen, chat_of, show
from bot.features.privacy.sensitive import Kind, find, masked, reports_leak
from bot.features.safety.buttons import LeakedCb
from bot.features.safety.views import HACKED, LEAKED, leaked_scenario, personal_data_warning
from bot.features.scenarios.journey import Progress
from bot.features.scenarios.models import Scenario
from bot.features.scenarios.navigation import leave_scenario, menu_screen
from bot.features.scenarios.search import SearchIndex
from bot.features.scenarios.validation import Catalog
from bot.features.scenarios.views import search_results, step

log = logging.getLogger(__name__)
QUESTION_WORDS = frozenset(
    {"как", "где", "что", "куда", "когда", "почему", "зачем", "можно", "нужно", "какой", "какие", "сколько", "чем"}
    | {"how", "what", "where", "when", "why", "can", "should"}
)


def asks(text: str) -> bool:
    """Whether a message reads as a question (a mark, or a question word), not only as data sent."""
    return "?" in text or not QUESTION_WORDS.isdisjoint(re.findall(r"\w+", text.lower()))


class PersonalData(Filter):
    """Typed text (or a caption) with personal data in it, or saying a code was given away (async: no thread hop)."""

    async def __call__(self, message: Message, catalog: Catalog) -> bool | dict[str, Any]:
        text = message.text or message.caption
        if not text:
            return False
        kind = find(text)
        leaked = leaked_scenario(catalog) if reports_leak(text) else None
        if kind is None and leaked is None:
            return False
        return {"kind": kind, "leaked": leaked}


async def personal_data_typed(
    message: Message,
    bot: Bot,
    user: User,
    repo: Repo,
    t: Translator,
    catalog: Catalog,
    kind: Kind | None,
    leaked: Scenario | None,
    search: SearchIndex,
) -> None:
    if kind is not None:
        deleted = await delete(bot, message)
        await show(bot, user, message.chat.id, personal_data_warning(t, catalog, kind, deleted))
    if leaked is not None:
        await open_leaked_step(message.chat.id, bot, user, repo, t, catalog, leaked)
    elif kind is not None:
        await answer_masked(message, bot, user, t, search)


async def answer_masked(message: Message, bot: Bot, user: User, t: Translator, search: SearchIndex) -> None:
    """The question the deleted message asked, quoted with the data hidden and answered, so nobody types it again.
    Nothing of it is kept: it is searched and shown, as a typed question is."""
    question = masked(message.text or message.caption or "")
    if not asks(question):
        return  # «карта 4276…» alone: data, not a question
    matches = search.search(question, t.locale)
    if matches:
        results = search_results(t, matches)
        quote = t("safety-your-question", question=escape(question))
        await show(bot, user, message.chat.id, Screen(f"{quote}\n\n{results.text}", results.rows))


async def leaked_pressed(
    query: CallbackQuery, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog
) -> None:
    """Under the warning: a new message, so the warning stays in the chat to read again."""
    scenario = leaked_scenario(catalog)
    if scenario is None:  # the scenario file changed since the warning was sent
        await show(bot, user, chat_of(query), await menu_screen(t, user, repo, catalog))
        return
    await open_leaked_step(chat_of(query), bot, user, repo, t, catalog, scenario)


async def delete(bot: Bot, message: Message) -> bool:
    try:
        await bot.delete_message(chat_id=message.chat.id, message_id=message.message_id)
    except TelegramAPIError as exc:
        log.info("could not delete a message with personal data: %s", exc.message)
        return False
    return True


async def open_leaked_step(
    chat_id: int, bot: Bot, user: User, repo: Repo, t: Translator, catalog: Catalog, scenario: Scenario
) -> None:
    """«What to do now» of the safety scenario, reached through its «if you were hacked» part (so Back leads there)."""
    if user.active_scenario not in (None, scenario.id):
        await leave_scenario(user, repo, catalog)
    user.active_scenario, user.awaiting = scenario.id, None
    progress = Progress.land(scenario, HACKED)
    progress.advance(LEAKED)
    repo.progress.save(user.id, progress)
    repo.events.add(user.id, "start", scenario.id, progress.step_id)
    await show(bot, user, chat_id, step(t, scenario, progress))


def create_router() -> Router:
    router = Router(name="safety")
    router.message.register(personal_data_typed, PersonalData())
    router.callback_query.register(leaked_pressed, LeakedCb.filter())
    return router
