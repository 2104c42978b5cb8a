"""Names shown to other people carry no link, no @username and no invisible or direction-changing characters."""

import pytest

from bot.core.names import display_name
from tests.classes_helpers import make_coordinator, started
from tests.conftest import StartApp


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Петя https://gosuslugi.ru.evil.example/login", "Петя"),
        ("Петя gosuslugi.ru.evil.example", "Петя"),
        ("Маша @evil_bot", "Маша"),
        ("Иван t.me/joinchat/x", "Иван"),
        ("Ива\u200bн", "Иван"),
        ("\u202eЯтеП", "ЯтеП"),
        ("\u200b\u2066 \u00ad", None),
        ("", None),
        (None, None),
        ("Анна-Мария", "Анна-Мария"),
        ("А.С. Пушкин", "А.С. Пушкин"),
        ("9Б, школа 12", "9Б, школа 12"),
        ("Кружок «Юный юрист» 2026", "Кружок «Юный юрист» 2026"),
    ],
)
def test_a_name_as_others_see_it(raw: str | None, shown: str | None) -> None:
    assert display_name(raw) == shown


async def test_a_group_name_with_a_link_is_kept_without_it(start_app: StartApp) -> None:
    app = await started(start_app)
    teacher = await make_coordinator(app)
    await teacher.send("/groups")
    await teacher.click("➕ Новая группа")
    await teacher.send("9Б www.gosuslugi-help.example")
    assert await app.database.fetch_all("SELECT name FROM groups") == [("9Б",)]
    await teacher.send("/groups")
    await teacher.click("➕ Новая группа")
    await teacher.send("https://evil.example")
    assert "назван" in teacher.last_text.lower(), teacher.last_text
    assert await app.database.fetch_all("SELECT name FROM groups") == [("9Б",)], "nothing left: asked again"
