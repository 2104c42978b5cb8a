"""People of the classes tests: an administrator, coordinators, students, and the walks they share."""

import re
from datetime import UTC, datetime

from aiogram.types import Chat, InlineKeyboardButton, Message

from bot.console.emulator import FakeTelegram
from tests.conftest import App, BotClient, StartApp

ADMIN, TEACHER, OTHER_TEACHER, PETYA, MASHA, GRANNY = 1, 2, 3, 4, 5, 6


async def started(start_app: StartApp) -> App:
    return await start_app(admin_ids=(ADMIN,))


def person(app: App, user_id: int, first_name: str, language: str = "ru") -> BotClient:
    return app.person(user_id, language, first_name)


def link_in(text: str, kind: str) -> str:
    match = re.search(rf"https://t\.me/timurovets_bot\?start={kind}-([A-Za-z0-9_-]+)", text)
    assert match, f"no {kind} link in {text!r}"
    return match[1]


async def make_coordinator(app: App, user_id: int = TEACHER, first_name: str = "Ольга") -> BotClient:
    admin = person(app, ADMIN, "Админ")
    await admin.send("/coordinators")
    await admin.click("➕ Пригласить координатора")
    teacher = person(app, user_id, first_name)
    await teacher.send(f"/start coord-{link_in(admin.last_text, 'coord')}")
    assert "Теперь вы координатор" in teacher.last_text
    return teacher


async def make_group(teacher: BotClient, name: str = "9Б, школа 12") -> str:
    """Creates a group; returns its join code."""
    await teacher.send("/groups")
    await teacher.click("➕ Новая группа")
    await teacher.send(name)
    return link_in(teacher.text, "join")


async def join(student: BotClient, code: str) -> None:
    await student.send(f"/start join-{code}")
    await student.click("✅ Вступить")
    assert "Вы в группе" in student.last_text


async def press_forged(client: BotClient, data: str) -> None:
    """Press a button with callback data of our choosing, as a forged or long-kept button would arrive."""
    message = Message(
        message_id=next(client.telegram.message_ids),
        date=datetime.now(UTC),
        chat=Chat(id=client.driver.chat["id"], type="private"),
        from_user=FakeTelegram.ME,
        text="…",
    )
    client.telegram.messages[(message.chat.id, message.message_id)] = message
    await client._act(client.driver.press(message, InlineKeyboardButton(text="forged", callback_data=data)))


async def open_card(teacher: BotClient, name: str = "9Б, школа 12") -> None:
    await teacher.send("/groups")
    await teacher.click(name)


async def assign_homework(
    teacher: BotClient, quiz: str = "Паспорт РФ", count: str = "5", mark: str = "70%", due: str = "Через неделю"
) -> None:
    await open_card(teacher)
    await teacher.click("📝 Задать тест")
    await teacher.click(quiz)
    await teacher.click(count)
    await teacher.click(mark)
    await teacher.click(due)
