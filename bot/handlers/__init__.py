from aiogram import Router

from bot.handlers import (
    coordinators,
    fallback,
    followup,
    groups,
    guard,
    help,
    homework,
    language,
    menu,
    pledges,
    privacy,
    quizzes,
    reminders,
    safety,
    scenarios,
    settings,
    stats,
    unusual,
)
from bot.routing import Switchboard

CLASSES = (coordinators, groups, pledges, homework)
# Groups and floods are answered before any feature, and personal data is caught before any handler reads the text
# (a typed visit date, a search). The classes routers come before menu: their deep links (/start coord-…, join-…,
# help-…) are taken before the ordinary /start greeting. Quizzes come before scenarios: a quiz press then skips the
# scenario buttons' filters. The unusual router takes every message that is not a typed question and every button
# nobody knows, and the fallback router every other message: they come last.
ORDER = (
    *(guard, safety, *CLASSES, menu, help, language, settings, quizzes, scenarios, reminders, followup, stats),
    *(privacy, unusual, fallback),
)


def create_routers() -> Router:
    """Fresh routers for one dispatcher, in ORDER, behind a switchboard that hands each update only to those that
    can take it."""
    return Switchboard([module.create_router() for module in ORDER])
