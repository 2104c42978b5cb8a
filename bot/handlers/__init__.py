from aiogram import Router

from bot.handlers import coordinators, fallback, groups, help, language, menu, pledges, quizzes, reminders, scenarios


def create_routers() -> list[Router]:
    """Fresh routers for one dispatcher. The fallback router takes every message, so it comes last.

    The classes routers come before menu: their deep links (/start coord-…, join-…, help-…) are taken before the
    ordinary /start greeting, which gets every other /start.
    """
    features = (coordinators, groups, pledges, menu, help, language, scenarios, reminders, quizzes, fallback)
    return [module.create_router() for module in features]
