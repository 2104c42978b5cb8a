"""The console chat: the real bot in a terminal. Buttons are numbered; type a number, a command or a question."""

import asyncio
import re
import sys
from html import unescape
from typing import Any, TextIO

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendDocument, SendMessage, SendPhoto, TelegramMethod
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.console.emulator import ChatDriver

_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
_TAG = re.compile(r"</?(?:b|i|u|s|code|pre)>")
INTRO = (
    "Консольный чат «Цифрового тимуровца» (без Telegram).\n"
    "Введите номер кнопки, команду (/start, /help) или вопрос. Выход: /quit или Ctrl+D."
)


def plain(html: str) -> str:
    """Telegram HTML as a terminal shows it: links as "title (url)", no tags."""
    return unescape(_TAG.sub("", _LINK.sub(r"\2 (\1)", html)))


class ConsoleChat:
    def __init__(self, driver: ChatDriver, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> None:
        self.driver, self.stdin, self.stdout = driver, stdin, stdout
        self.buttons: list[tuple[Any, InlineKeyboardButton]] = []  # what each number presses
        self.interactive = stdin.isatty()

    def show(self, method: TelegramMethod[Any], result: Any) -> None:
        """Called by the fake Telegram for every request of the bot."""
        if isinstance(method, SendMessage | EditMessageText):
            title = "Бот" if isinstance(method, SendMessage) else "Бот (сообщение обновлено)"
            self._print(f"\n── {title} " + "─" * 30 + f"\n{plain(method.text)}")
            if isinstance(method.reply_markup, InlineKeyboardMarkup):
                self._print_buttons(result, method.reply_markup)
        elif isinstance(method, SendPhoto | SendDocument):
            # A picture or a file can't be shown in a terminal: its name and caption say what was sent.
            sent = method.photo if isinstance(method, SendPhoto) else method.document
            name = getattr(sent, "filename", None) or "file"
            self._print(f"\n── Бот: 📎 {name}" + (f"\n{plain(method.caption)}" if method.caption else ""))
        elif isinstance(method, AnswerCallbackQuery) and method.text:
            self._print(f"💬 {method.text}")

    def _print_buttons(self, message: Any, markup: InlineKeyboardMarkup) -> None:
        self.buttons = []
        for row in markup.inline_keyboard:
            cells = []
            for button in row:
                if button.url:
                    cells.append(f"🔗 {button.text.removeprefix('🔗 ')}: {button.url}")
                    continue
                self.buttons.append((message, button))
                cells.append(f"[{len(self.buttons)}] {button.text}")
            self._print("  " + "   ".join(cells))

    def _print(self, text: str) -> None:
        print(text, file=self.stdout, flush=True)

    async def run(self) -> None:
        print(INTRO, file=sys.stderr, flush=True)
        while True:
            if self.interactive:
                print("\n> ", end="", file=self.stdout, flush=True)
            line = await asyncio.to_thread(self.stdin.readline)
            if not line:
                return
            text = line.strip()
            if not text:
                continue
            if text in ("/quit", "/exit"):
                return
            if not self.interactive:
                self._print(f"\n👤 {text}")
            await self._act(text)

    async def _act(self, text: str) -> None:
        if not text.isdigit():
            await self.driver.send(text)
            return
        number = int(text)
        if not 1 <= number <= len(self.buttons):
            hint = f"введите число от 1 до {len(self.buttons)}" if self.buttons else "сейчас кнопок нет"
            self._print(f"Нет кнопки с номером {number}: {hint}.")
            return
        message, button = self.buttons[number - 1]
        current = self.driver.telegram.messages.get((message.chat.id, message.message_id), message)
        await self.driver.press(current, button)
