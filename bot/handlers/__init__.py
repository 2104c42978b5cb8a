from aiogram import Router

from bot.handlers import fallback, help, language, menu, reminders, scenarios, stats


def create_routers() -> list[Router]:
    """Fresh routers for one dispatcher. The fallback router takes every message, so it comes last."""
    return [module.create_router() for module in (menu, help, language, scenarios, reminders, stats, fallback)]
