"""Where one feature tells the others that something happened, without importing them.

A feature fires a hook; `bot.composition` connects each hook to the features that answer it. Each answer runs in
the update's transaction, in the order listed there, after the feature's own writes and messages.
"""

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiogram import Bot

from bot.core.config import Settings
from bot.core.i18n import Translator
from bot.core.people import Repo, User


@dataclass(frozen=True)
class Moment:
    """The update a hook is fired from: its bot, person, transaction, language, settings, chat and scenario files."""

    bot: Bot
    user: User
    repo: Repo
    t: Translator
    settings: Settings
    chat_id: int
    catalog: Any  # bot.features.scenarios.validation.Catalog, which the core may not name
    message_id: int | None = None  # the message whose button was pressed: an answer may show its screen there


ScenarioHook = Callable[[Moment, str], Awaitable[None]]  # (the moment, the scenario's id)
AttemptHook = Callable[[Repo, Any], Awaitable[None]]  # (the transaction's repositories, the quiz attempt)
HelpHook = Callable[[Moment, str, int], Awaitable[None]]  # (the moment, the scenario's id, the follow-up's row id)
JoinHook = Callable[[Repo, int, int], Awaitable[None]]  # (the transaction's repositories, the group's id, who joined)
ForgetHook = Callable[[Repo, int], Awaitable[None]]  # (the transaction's repositories, who is forgotten)


@dataclass(frozen=True)
class Hooks:
    scenario_finished: Sequence[ScenarioHook] = ()  # the person reached a scenario's last step
    scenario_worked: Sequence[ScenarioHook] = ()  # it worked on Gosuslugi: «Да» to the follow-up or at a guide's end
    attempt_finished: Sequence[AttemptHook] = ()  # a quiz attempt's last question was answered
    # «Нужна помощь» pressed under a follow-up: the answer shows the person what happens next, in the pressed message
    help_wanted: Sequence[HelpHook] = ()
    member_joined: Sequence[JoinHook] = ()  # a person joined a group
    # /forget: answered before the person's rows are deleted (their writes come first), e.g. to take counts of them
    person_forgotten: Sequence[ForgetHook] = ()

    @staticmethod
    async def fire(answers: Sequence[Callable[..., Awaitable[None]]], *args: object) -> None:
        for answer in answers:
            await answer(*args)
