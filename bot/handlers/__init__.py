from aiogram import Router

from bot.handlers import fallback, help, language, menu, scenarios


def get_routers() -> list[Router]:
    # The fallback router takes every message, so it must come last.
    return [menu.router, help.router, language.router, scenarios.router, fallback.router]
