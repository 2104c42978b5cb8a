from aiogram import Router

from bot.handlers import fallback, followup, help, language, menu, quizzes, reminders, safety, scenarios, settings


def create_routers() -> list[Router]:
    """Fresh routers for one dispatcher. Personal data is caught first, before any other handler reads the text
    (a typed visit date, a search); the fallback router takes every message, so it comes last. Quizzes come before
    scenarios: a quiz press then skips the scenario buttons' filters, and a step press pays one check."""
    routers = (safety, menu, help, language, settings, quizzes, scenarios, reminders, followup, fallback)
    return [module.create_router() for module in routers]
