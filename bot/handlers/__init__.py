from aiogram import Router

from bot.handlers import fallback, help, language, menu, reminders, safety, scenarios


def create_routers() -> list[Router]:
    """Fresh routers for one dispatcher. Personal data is caught first, before any other handler reads the text
    (a typed visit date, a search); the fallback router takes every message, so it comes last."""
    return [module.create_router() for module in (safety, menu, help, language, scenarios, reminders, fallback)]
