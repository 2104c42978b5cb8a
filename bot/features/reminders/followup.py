"""The follow-up: FOLLOWUP_AFTER after a person finishes a scenario, its own question («Получилось записаться к
врачу?», the scenario file's `followup`).

The answers (Да / Пока нет / Нужна помощь) are the outcome programmes report («using e-services»); each is one
event, followup_yes / followup_not_yet / followup_help, with the scenario. «Нужна помощь» is answered by the helpers
feature (the hook help_wanted): a person who can help, or where to get help.
"""

from datetime import UTC, datetime
from html import escape

from bot.core.hooks import Moment
from bot.core.screens import Screen, button
from bot.features.reminders.buttons import FollowupCb
from bot.features.reminders.letters import Letter, kind

FOLLOWUP = "followup"
ANSWERS = {"yes": "followup_yes", "not-yet": "followup_not_yet", "help": "followup_help"}


async def schedule_followup(moment: Moment, scenario_id: str) -> None:
    """A scenario was finished: ask its question later, once per person and scenario (finishing it again does not
    ask twice). A scenario without one (the scam checker) leaves nothing to do on Gosuslugi, so nothing is asked."""
    scenario = moment.catalog.get(scenario_id)
    if scenario is None or scenario.followup is None:
        return
    due = datetime.now(UTC) + moment.settings.followup_after
    moment.repo.outbox.add(moment.user.id, FOLLOWUP, {"scenario": scenario_id}, due, key=scenario_id)


async def followup_settled(moment: Moment, scenario_id: str) -> None:
    """It worked, said elsewhere (at the account guide's end): the follow-up still waiting is not asked. (The
    follow-up's own answers settle it where they are recorded.)"""
    moment.repo.outbox.settle(moment.user.id, FOLLOWUP, key=scenario_id)


@kind(FOLLOWUP, family="followups", snooze=True)
async def followup_letter(letter: Letter) -> Screen | None:
    scenario = letter.catalog.get(letter.payload["scenario"])
    if scenario is None or scenario.followup is None:  # the scenario, or its question, was removed since
        return None
    t = letter.t
    rows = tuple(
        [button(t(f"outbox-followup-{answer}"), FollowupCb(row=letter.id, answer=answer))] for answer in ANSWERS
    )
    title, question = escape(scenario.title(t.locale)), escape(scenario.followup(t.locale))
    return Screen(t("outbox-followup-ask", title=title, question=question), rows)
