"""The console chat: the real bot in a terminal. Buttons are numbered; type a number, a command or a question.

Several people can take turns at one keyboard: `/as 2` makes person 2 the one typing (each person has their own chat
and their own numbered buttons), `/as` lists them. Files the bot sends are saved to a folder (see files.py).
"""

import asyncio
import re
import sys
from dataclasses import dataclass, field
from html import unescape
from typing import Any, TextIO

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendDocument, SendMessage, SendPhoto, TelegramMethod
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.console.emulator import ChatDriver, FakeTelegram
from bot.console.files import SavedFiles

_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
_TAG = re.compile(r"</?(?:b|i|u|s|code|pre)>")
# A link to this bot pasted into the console is opened as Telegram opens it: /start with the link's payload.
_DEEP_LINK = re.compile(rf"(?:https?://)?t\.me/{FakeTelegram.ME.username}\?start=([A-Za-z0-9_-]{{1,64}})", re.I)
INTRO = (
    "Консольный чат «Цифрового тимуровца» (без Telegram).\n"
    "Введите номер кнопки, команду (/start, /help) или вопрос. Выход: /quit или Ctrl+D.\n"
    "Писать от другого человека: /as 2 (список людей: /as). Файлы бота сохраняются в папку, путь печатается."
)
# Names for the people a console chat adds, by their number: /as 2 is Ольга, /as 3 Петя (/as 3 Вася names anew).
NAMES = ("Алла", "Ольга", "Петя", "Маша", "Коля", "Катя", "Дима", "Лена", "Саша", "Таня", "Ваня", "Зина")
MAX_ID = 2**52  # Telegram's user ids fit in 52 bits
NAME_LIMIT = 64


def plain(html: str) -> str:
    """Telegram HTML as a terminal shows it: links as "title (url)", no tags."""
    return unescape(_TAG.sub("", _LINK.sub(r"\2 (\1)", html)))


def default_name(user_id: int) -> str:
    return NAMES[(user_id - 1) % len(NAMES)]


@dataclass
class Keyboard:
    """The buttons of a person's last message with buttons: what each number presses, and how they were shown."""

    lines: list[str] = field(default_factory=list)
    buttons: list[tuple[Message, InlineKeyboardButton]] = field(default_factory=list)


class ConsoleChat:
    def __init__(
        self,
        driver: ChatDriver,
        files: SavedFiles | None = None,
        stdin: TextIO = sys.stdin,
        stdout: TextIO = sys.stdout,
    ) -> None:
        self.driver, self.files, self.stdin, self.stdout = driver, files, stdin, stdout
        self.people: dict[int, ChatDriver] = {self._id(driver): driver}
        self.keyboards: dict[int, Keyboard] = {}  # by chat: each person's numbers are their own
        self.interactive = stdin.isatty()

    @staticmethod
    def _id(driver: ChatDriver) -> int:
        return int(driver.user["id"])

    def _who(self, user_id: int) -> str:
        person = self.people.get(user_id)
        return f"👤 {user_id} {person.user['first_name']}" if person else f"👤 {user_id}"

    def show(self, method: TelegramMethod[Any], result: Any) -> None:
        """Called by the fake Telegram for every request of the bot."""
        if isinstance(method, SendMessage | EditMessageText):
            title = "Бот" if isinstance(method, SendMessage) else "Бот (сообщение обновлено)"
            self._print(f"\n── {title}{self._to(method.chat_id)} " + "─" * 30 + f"\n{plain(method.text)}")
            if isinstance(method.reply_markup, InlineKeyboardMarkup):
                self._print_buttons(result, method.reply_markup)
        elif isinstance(method, SendPhoto | SendDocument):
            # A terminal can't show a picture: the name and caption say what was sent, the file goes to a folder.
            sent = method.photo if isinstance(method, SendPhoto) else method.document
            name = getattr(sent, "filename", None) or "file"
            caption = f"\n{plain(method.caption)}" if method.caption else ""
            self._print(f"\n── Бот{self._to(method.chat_id)}: 📎 {name}{caption}")
            self._save(sent, name)
        elif isinstance(method, AnswerCallbackQuery) and method.text:
            self._print(f"💬 {method.text}")

    def _to(self, chat_id: int | str | None) -> str:
        """ " → 👤 3 Петя" for a message to someone other than the person typing (a reminder, a homework)."""
        if chat_id is None or int(chat_id) == self._id(self.driver):
            return ""
        return f" → {self._who(int(chat_id))}"

    def _save(self, sent: Any, name: str) -> None:
        if self.files is None:
            return
        try:
            path = self.files.save(sent, name)
        except OSError as exc:
            self._print(f"📎 не удалось сохранить файл: {exc}")
            return
        if path is not None:
            self._print(f"📎 saved: {path}")

    def _print_buttons(self, message: Message, markup: InlineKeyboardMarkup) -> None:
        keyboard = self.keyboards[message.chat.id] = Keyboard()
        for row in markup.inline_keyboard:
            cells = []
            for button in row:
                if button.url:
                    cells.append(f"🔗 {button.text.removeprefix('🔗 ')}: {button.url}")
                    continue
                keyboard.buttons.append((message, button))
                cells.append(f"[{len(keyboard.buttons)}] {button.text}")
            keyboard.lines.append("  " + "   ".join(cells))
            self._print(keyboard.lines[-1])

    def _print(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)

    async def run(self) -> None:
        print(INTRO, file=sys.stderr, flush=True)
        while True:
            if self.interactive:
                print(f"\n👤 {self._id(self.driver)}> ", end="", file=self.stdout, flush=True)
            line = await asyncio.to_thread(self.stdin.readline)
            if not line:
                return
            text = line.strip()
            if not text:
                continue
            if text in ("/quit", "/exit"):
                return
            if not self.interactive:
                self._print(f"\n👤 {self._id(self.driver)} {text}")
            command, *args = text.split()
            if command == "/as":
                self._switch(args)
                continue
            await self._act(text)

    def _switch(self, args: list[str]) -> None:
        """`/as`: who has typed so far; `/as 3`: person 3 types from now on; `/as 3 Вася`: and is called Вася."""
        if not args:
            self._print("Люди в этом чате (▶ пишет сейчас):")
            for user_id in self.people:
                self._print(f"  {'▶' if user_id == self._id(self.driver) else ' '} {self._who(user_id)}")
            self._print("Сменить: /as 2; новый человек: /as 7 или /as 7 Вася (с именем).")
            return
        if not args[0].isdigit() or not 1 <= int(args[0]) < MAX_ID:
            self._print("Кто пишет: /as и номер человека (1, 2, 3… или код Telegram), можно с именем: /as 3 Вася.")
            return
        user_id, name = int(args[0]), " ".join(args[1:])[:NAME_LIMIT]
        person = self.people.get(user_id)
        if person is None:
            first = self.driver
            language = str(first.user["language_code"])
            person = ChatDriver(
                first.dispatcher, first.bot, first.telegram, user_id, language, name or default_name(user_id)
            )
            self.people[user_id] = person
        elif name:  # Telegram sends the first name with every update: the bot sees the new one at the next
            person.user["first_name"] = person.chat["first_name"] = name
        self.driver = person
        self._print(f"── Теперь пишет {self._who(user_id)}")
        if keyboard := self.keyboards.get(user_id):
            self._print("  последние кнопки в этом чате:")
            for line in keyboard.lines:
                self._print(line)

    async def _act(self, text: str) -> None:
        if link := _DEEP_LINK.fullmatch(text):
            text = f"/start {link[1]}"
            self._print(f"(ссылка открыта: {text})")
        if not text.isdigit():
            await self.driver.send(text)
            return
        keyboard = self.keyboards.get(self._id(self.driver), Keyboard())
        number = int(text)
        if not 1 <= number <= len(keyboard.buttons):
            hint = f"введите число от 1 до {len(keyboard.buttons)}" if keyboard.buttons else "сейчас кнопок нет"
            self._print(f"Нет кнопки с номером {number}: {hint}.")
            return
        message, button = keyboard.buttons[number - 1]
        current = self.driver.telegram.messages.get((message.chat.id, message.message_id), message)
        await self.driver.press(current, button)
