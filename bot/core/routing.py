"""One router per feature, but an update visits only the features that can take it.

aiogram hands an update to every router in turn until one handles it, and entering a router costs about as much as
a handler: middlewares wrapped, the router's filters checked, its handlers tried. With eighteen feature routers that
was the largest cost of an update left (docs/benchmarks.md). The switchboard reads, once, which buttons (by callback
prefix) and which commands each router's handlers take, and sends a press or a command only to its owners and the
routers that take anything; the order of ORDER is kept, so which handler answers does not change.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message, TelegramObject

from bot.core.buttons import PrefixFirst

Key = str | None  # a button's prefix or a command's name; None: anything else


def button_prefix(handler: HandlerObject) -> Key:
    """The prefix of the one kind of button the handler takes, or None if it may take any button."""
    for item in handler.filters or ():
        if isinstance(item.callback, PrefixFirst):
            return str(item.callback.callback_data.__prefix__)
    return None


def command_names(handler: HandlerObject) -> frozenset[str] | None:
    """The commands the handler answers, or None if it may take any message (no plain "/" command filter)."""
    for item in handler.filters or ():
        command = item.callback
        if isinstance(command, Command) and command.prefix == "/" and all(isinstance(c, str) for c in command.commands):
            return frozenset(str(c).lower() for c in command.commands)
    return None


def _press_key(query: CallbackQuery) -> Key:
    return (query.data or "").partition(":")[0] or None


def _command_key(message: Message) -> Key:
    """The command's name as aiogram's `Command` reads it (text or caption, "@bot" cut off)."""
    words = (message.text or message.caption or "").split(maxsplit=1)
    if not words or not words[0].startswith("/"):
        return None
    return words[0][1:].partition("@")[0].lower()


class Table:
    """For one kind of update: the routers that may take an event with a given key, in order, remembered per key."""

    def __init__(self, routers: Sequence[Router], keys_of: dict[Router, set[Key]]) -> None:
        self._routers = [router for router in routers if router in keys_of]
        self._keys_of = keys_of
        self._routes: dict[Key, tuple[Router, ...]] = {}

    def __call__(self, key: Key) -> tuple[Router, ...]:
        routes = self._routes.get(key)
        if routes is None:
            routes = tuple(r for r in self._routers if None in self._keys_of[r] or key in self._keys_of[r])
            if len(self._routes) < 1024:  # commands are typed by people: don't let the table grow without end
                self._routes[key] = routes
        return routes


def _table(routers: Sequence[Router], update_type: str, keys: Callable[[HandlerObject], Iterable[Key]]) -> Table:
    keys_of: dict[Router, set[Key]] = {}
    for router in routers:
        for handler in router.observers[update_type].handlers:
            keys_of.setdefault(router, set()).update(keys(handler))
    return Table(routers, keys_of)


class Switchboard(Router):
    """Holds the feature routers; presses and messages go only to the routers whose handlers can take them.

    It has no handlers, filters or middlewares of its own (aiogram would skip them here), only routers.
    """

    def __init__(self, routers: Sequence[Router]) -> None:
        super().__init__(name="switchboard")
        self.include_routers(*routers)
        buttons = _table(routers, "callback_query", lambda handler: {button_prefix(handler)})
        commands = _table(routers, "message", lambda handler: command_names(handler) or {None})
        self._routes = {
            "callback_query": lambda event: buttons(_press_key(event)),
            "message": lambda event: commands(_command_key(event)),
        }

    async def propagate_event(self, update_type: str, event: TelegramObject, **kwargs: Any) -> Any:
        route = self._routes.get(update_type)
        routers = route(event) if route else self.sub_routers
        kwargs.update(event_router=self)
        for router in routers:
            response = await router.propagate_event(update_type=update_type, event=event, **kwargs)
            if response is not UNHANDLED:
                return response
        return UNHANDLED
