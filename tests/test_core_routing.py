"""The switchboard: a press or a command visits only the feature routers that can take it, and still reaches them."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from aiogram import Router
from aiogram.types import InlineKeyboardButton

from bot.composition import create_routers
from bot.core.routing import Switchboard, button_prefix
from tests.conftest import App


@contextmanager
def routers_entered() -> Iterator[list[str]]:
    """Names of the feature routers an update enters (aiogram's own method, recorded; our code is not replaced)."""
    names: list[str] = []
    original = Router.propagate_event

    async def recorded(router: Router, *args: Any, **kwargs: Any) -> Any:
        names.append(router.name)
        return await original(router, *args, **kwargs)

    with mock.patch.object(Router, "propagate_event", recorded):
        yield names


async def test_a_scenario_button_visits_only_its_owner_and_the_guard(app: App) -> None:
    client = app.client
    await client.send("/start")
    with routers_entered() as names:
        await client.click("Паспорт")
    assert names[1:] == ["guard", "scenarios"]  # after the dispatcher itself
    assert "Паспорт" in client.last_text


async def test_a_command_visits_its_owners_and_the_routers_that_take_any_text(app: App) -> None:
    with routers_entered() as names:
        await app.client.send("/help")
    # menu comes before help and answers only /start, /menu and /cancel: a plain walk would enter it
    assert "help" in names and "menu" not in names
    assert "/menu" in app.client.last_text


async def test_a_command_with_the_bots_name_still_reaches_its_handler(app: App) -> None:
    await app.client.send("/help@timurovets_bot")
    assert "/menu" in app.client.last_text


async def test_an_unknown_button_still_reaches_the_router_that_takes_any_button(app: App) -> None:
    await app.client.send("/start")
    message = app.client.driver.keyboard_message()
    assert message is not None
    await app.client.press(message, InlineKeyboardButton(text="?", callback_data="zz:x"))
    assert app.client.notice == "Эта кнопка не действует. Вот меню."


def test_each_kind_of_button_has_one_owner() -> None:
    owners: dict[str, str] = {}
    switchboard = create_routers()
    assert isinstance(switchboard, Switchboard)
    for router in switchboard.sub_routers:
        for handler in router.callback_query.handlers:
            prefix = button_prefix(handler)
            if prefix is not None:
                assert owners.setdefault(prefix, router.name) == router.name, f"{prefix} has two routers"
