from aiogram import Router

from bot.handlers import fallback, guard, help, language, menu, privacy, reminders, scenarios, unusual

# Groups and floods are answered before any feature; the unusual router takes every message that is not a typed
# question and every button nobody knows, and the fallback router every other message: they come last.
ORDER = (guard, menu, help, language, scenarios, reminders, privacy, unusual, fallback)


def create_routers() -> list[Router]:
    """Fresh routers for one dispatcher, in ORDER."""
    return [module.create_router() for module in ORDER]
