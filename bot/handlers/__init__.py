from aiogram import Router

from bot.handlers import (
    coordinators,
    fallback,
    followup,
    groups,
    help,
    homework,
    language,
    menu,
    pledges,
    quizzes,
    reminders,
    safety,
    scenarios,
    settings,
    stats,
)


def create_routers() -> list[Router]:
    """Fresh routers for one dispatcher. Personal data is caught first, before any other handler reads the text
    (a typed visit date, a search); the fallback router takes every message, so it comes last.

    The classes routers come before menu: their deep links (/start coord-…, join-…, help-…) are taken before the
    ordinary /start greeting, which gets every other /start. Quizzes come before scenarios: a quiz press then skips
    the scenario buttons' filters, and a step press pays one check.
    """
    classes = (coordinators, groups, pledges, homework)
    features = (safety, *classes, menu, help, language, settings, quizzes, scenarios, reminders, followup, stats)
    features = (*features, fallback)
    return [module.create_router() for module in features]
