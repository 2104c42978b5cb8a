from aiogram import Router

from bot.handlers import fallback, help, language, menu, quizzes, reminders, scenarios


def create_routers() -> list[Router]:
    """Fresh routers for one dispatcher. The fallback router takes every message, so it comes last. Quizzes come
    before scenarios: a quiz press then skips the scenario buttons' filters, and a step press pays one check."""
    return [module.create_router() for module in (menu, help, language, quizzes, scenarios, reminders, fallback)]
