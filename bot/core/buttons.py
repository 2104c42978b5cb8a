"""Callback data of every inline button, in one place. Prefixes are short and versioned: Telegram allows 64 bytes."""

from typing import TYPE_CHECKING, Any, Literal

from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.types import CallbackQuery

if TYPE_CHECKING:
    pass

CALLBACK_LIMIT = 64


class PrefixFirst(CallbackQueryFilter):
    """aiogram's filter, but a button of another kind is turned away by its prefix instead of a failed unpack.

    Every callback handler is tried in turn, and a failed unpack raises and catches an exception: it was the largest
    routing cost of a button press (docs/benchmarks.md).
    """

    __slots__ = ("head",)

    def __init__(self, *, callback_data: type[CallbackData]) -> None:
        super().__init__(callback_data=callback_data)
        self.head = callback_data.__prefix__ + callback_data.__separator__

    async def __call__(self, query: CallbackQuery) -> Literal[False] | dict[str, Any]:
        data = query.data
        if not data or not (data.startswith(self.head) or data == self.callback_data.__prefix__):
            return False
        return await super().__call__(query)


class Button(CallbackData, prefix="-"):
    """The base of every button's callback data (the prefix here is never used: each kind has its own)."""

    @classmethod
    def filter(cls, rule: None = None) -> PrefixFirst:  # type: ignore[override]
        return PrefixFirst(callback_data=cls)


class MenuCb(Button, prefix="m1"):
    """Back to the list of life situations."""
