"""The one place where the features are put together: their routers in order, their repositories, their hooks.

A new feature is its package under bot/features/, one line in ORDER (and in `Repositories` if it keeps rows), its
migration in bot/core/migrations/ and its strings in locales/<lang>/<feature>.ftl (docs/adding-a-feature.md).
"""

from collections.abc import Callable

from aiogram import Router

from bot.core.database import Transaction
from bot.core.hooks import Hooks
from bot.core.people import Repo
from bot.core.routing import Switchboard
from bot.features.classnews import hooks as classnews
from bot.features.classnews.repo import ClassNewsRepo
from bot.features.coordinators import handlers as coordinators
from bot.features.groups import handlers as groups
from bot.features.guard import handlers as guard
from bot.features.help import handlers as help
from bot.features.helpers import handlers as helpers
from bot.features.helpers.hooks import help_wanted
from bot.features.helpers.repo import HelpRequestRepo
from bot.features.homework import handlers as homework
from bot.features.homework.repo import HomeworkRepo
from bot.features.homework.rules import homework_finished
from bot.features.language import handlers as language
from bot.features.members.repo import CoordinatorRepo, GroupRepo
from bot.features.pledges import handlers as pledges
from bot.features.pledges.hooks import followup_said_yes, walked_guide
from bot.features.pledges.repo import PledgeRepo
from bot.features.privacy import handlers as privacy
from bot.features.privacy.repo import PrivacyRepo
from bot.features.questions import handlers as questions
from bot.features.quizzes import handlers as quizzes
from bot.features.quizzes.repo import QuizRepo
from bot.features.reminders import handlers as reminders
from bot.features.reminders.followup import followup_settled, schedule_followup
from bot.features.reminders.repo import DeliveryRepo, OutboxRepo
from bot.features.safety import handlers as safety
from bot.features.scenarios import handlers as scenarios
from bot.features.scenarios.repo import ProgressRepo
from bot.features.stats import handlers as stats
from bot.features.stats.repo import StatsRepo
from bot.features.stats.rollups import person_forgotten

# Groups and floods are answered before any feature, and personal data is caught before any handler reads the text
# (a typed visit date, a search). The classes routers come before the menu: their deep links (/start coord-…,
# join-…, help-…) are taken before the ordinary /start greeting. Quizzes come before scenarios: a quiz press then
# skips the scenario buttons' filters. The unusual router takes every message that is not a typed question and every
# button nobody knows, and the questions router every other message: they come last.
ORDER: tuple[Callable[[], Router], ...] = (
    guard.create_router,
    safety.create_router,
    coordinators.create_router,
    groups.create_router,
    pledges.create_router,
    homework.create_router,
    scenarios.create_menu_router,
    help.create_router,
    language.create_router,
    reminders.create_router,
    quizzes.create_router,
    scenarios.create_router,
    reminders.create_visits_router,
    reminders.create_followup_router,
    helpers.create_router,
    stats.create_router,
    privacy.create_router,
    questions.create_unusual_router,
    questions.create_router,
)

# A scenario's end asks «Получилось?» later (follow-up), and marks the pledges of a person a student invited as walked;
# their «Да» (to the follow-up, or at the account guide's end) confirms them, and no follow-up is asked after it.
# «Нужна помощь» under a follow-up is passed on to someone who can help. A finished homework attempt is recorded as
# done or late. Joins, finished homework and confirmed pledges are the day's news for the group's coordinator. A
# forgotten person's events leave the statistics' roll-ups.
HOOKS = Hooks(
    scenario_finished=(schedule_followup, walked_guide),
    scenario_worked=(followup_said_yes, followup_settled, classnews.scenario_worked),
    attempt_finished=(homework_finished, classnews.attempt_finished),
    help_wanted=(help_wanted,),
    member_joined=(classnews.member_joined,),
    person_forgotten=(person_forgotten,),
)


def create_routers() -> Router:
    """Fresh routers for one dispatcher, in ORDER, behind a switchboard that hands each update only to those that
    can take it."""
    return Switchboard([create() for create in ORDER])


class Repositories(Repo):
    """The repositories of one update, sharing its transaction: the core's and every feature's."""

    def __init__(self, tx: Transaction) -> None:
        super().__init__(tx)
        self.progress = ProgressRepo(tx)
        self.quizzes = QuizRepo(tx)
        self.coordinators = CoordinatorRepo(tx)
        self.groups = GroupRepo(tx)
        self.pledges = PledgeRepo(tx)
        self.homework = HomeworkRepo(tx)
        self.outbox = OutboxRepo(tx)
        self.delivery = DeliveryRepo(tx)
        self.stats = StatsRepo(tx)
        self.privacy = PrivacyRepo(tx)
        self.help_requests = HelpRequestRepo(tx)
        self.classnews = ClassNewsRepo(tx)
