from aiogram import Router

from bot.handlers import fallback, followup, help, language, menu, reminders, scenarios, settings, stats


def create_routers() -> list[Router]:
    """Fresh routers for one dispatcher. The fallback router takes every message, so it comes last."""
    modules = (menu, help, language, settings, scenarios, reminders, followup, stats, fallback)
    return [module.create_router() for module in modules]
