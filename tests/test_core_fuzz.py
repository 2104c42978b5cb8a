"""Fuzzing: thousands of generated updates of every kind through the real dispatcher, and the bot never fails.

Every example is a batch of updates from a few people (private chats, groups, channels): typed text, commands and
deep links, content of every kind, forwards, edits, button presses with realistic, forged and random data, being
added to groups. After each batch: no update reached the error handler, every button press was answered, and every
request to Telegram was one Telegram accepts (text length, callback data size, keyboards).

`make test` feeds 10,000 updates (FUZZ_EXAMPLES=100 batches of 100, ~20 s of CPU); for a longer run, e.g.
`FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_core_fuzz.py` (200,000
updates). A failure prints the batch and a `--hypothesis-seed=...` that repeats the run.
"""

import asyncio
import gc
import itertools
import logging
import os
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendDocument, SendMessage, TelegramMethod
from aiogram.types import InlineKeyboardMarkup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot.app import create_bot, create_dispatcher
from bot.console.chat import plain
from bot.console.emulator import ChatDriver, FakeTelegram
from bot.core.buttons import CALLBACK_LIMIT
from bot.core.config import LOCALES, Settings
from bot.core.database import Database
from tests.conftest import I18N, SCENARIOS, content
from tests.test_questions_unusual import CONTENT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
BATCH = 100
PEOPLE = {1001: "ru", 1002: "en", 1003: "de"}
ERROR_TEXTS = {I18N(locale)("error") for locale in LOCALES}
NOT_MODIFIED = "message is not modified"  # a press on an older message re-showing what it shows: harmless

catalog, _ = content(SCENARIOS)
SCENARIO_IDS = [scenario.id for scenario in catalog]
STEP_IDS = sorted({step for scenario in catalog for step in scenario.steps})
PREFIXES = ["m1", "o1", "r1", "c1", "b1", "t1", "j1", "v1", "l1", "x1", "m2", "zz", ""]
COMMANDS = ["/start", "/menu", "/help", "/language", "/cancel", "/privacy", "/mydata", "/forget", "/nosuch"]
QUESTIONS = ["потеряла паспорт", "как записаться к врачу", "пенсия", "lost passport", "15.12", "1.12.26", "привет"]

words = st.one_of(
    st.text(max_size=40),
    st.sampled_from(COMMANDS + QUESTIONS),
    st.builds(lambda command, tail: f"{command} {tail}", st.sampled_from(COMMANDS), st.text(max_size=80)),
    st.builds(lambda char: char * 4096, st.characters(exclude_categories=["Cs"])),  # the longest message
    st.text(alphabet="😀👍🙏🎲❤️ ", min_size=1, max_size=8),
)
field_value = st.one_of(
    st.sampled_from(SCENARIO_IDS + STEP_IDS + ["0", "1", "99", "-1", "true", "false", "ru", "en"]), st.text(max_size=12)
)
callback_data = st.one_of(
    st.builds(":".join, st.lists(st.one_of(st.sampled_from(PREFIXES), field_value), min_size=1, max_size=5)),
    st.binary(max_size=64).map(lambda raw: raw.decode("utf-8", "replace")),
    st.text(max_size=64),
)
person = st.sampled_from(sorted(PEOPLE))
chat_kind = st.sampled_from(["private"] * 6 + ["group", "supergroup", "channel"])

# Each update is an instruction, resolved against the conversation so far when it is fed.
update = st.one_of(
    st.tuples(st.just("text"), person, chat_kind, words),
    st.tuples(st.just("content"), person, chat_kind, st.sampled_from(sorted(CONTENT))),
    st.tuples(st.just("forward"), person, st.just("private"), words),
    st.tuples(st.just("edit"), person, chat_kind, words),
    st.tuples(st.just("press"), person, st.just("private"), st.integers(0, 30)),  # a button the bot really sent
    st.tuples(st.just("press"), person, st.just("private"), st.integers(0, 30)),
    st.tuples(st.just("forged"), person, chat_kind, callback_data),
    st.tuples(st.just("member"), person, chat_kind, st.sampled_from(["member", "left", "kicked"])),
)


class Fuzz:
    """One bot, a few people, and the checks made after every batch."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.telegram = FakeTelegram()
        self.clock = itertools.count(0.0, 1.0)  # a second between updates: nobody floods (tested on its own)
        self.pressed: set[str] = set()
        self.query_ids = itertools.count(1)
        self.fed = 0
        self.not_modified = 0
        self.kinds: Counter[str] = Counter()

    async def start(self) -> None:
        settings = Settings(_env_file=None, database_path=":memory:", scenarios_dir=SCENARIOS, admin_ids=(1003,))
        self.database = await Database.open(":memory:")
        _, search = content(SCENARIOS)
        self.dispatcher = create_dispatcher(
            settings=settings,
            database=self.database,
            catalog=catalog,
            i18n=I18N,
            search=search,
            clock=lambda: next(self.clock),
        )
        bot = create_bot("42:FUZZ", session=self.telegram)
        self.people = {
            user_id: ChatDriver(self.dispatcher, bot, self.telegram, user_id=user_id, language=language)
            for user_id, language in PEOPLE.items()
        }

    async def feed(self, batch: list[tuple[str, int, str, Any]]) -> None:
        self.telegram.requests.clear()
        # Each batch is a new day: yesterday's messages are gone (edits of them fail, as Telegram's do after 48 h),
        # and looking for a person's buttons stays cheap.
        self.telegram.messages.clear()
        self.pressed.clear()
        for kind, user_id, chat, value in batch:
            await self.feed_one(self.people[user_id], kind, chat, value)
            self.fed += 1
            self.kinds[kind] += 1
        self.check()

    async def feed_one(self, driver: ChatDriver, kind: str, chat_kind: str, value: Any) -> None:
        chat = driver.chat if chat_kind == "private" else {"id": -100500, "type": chat_kind, "title": "Чат"}
        if kind == "text":
            await driver.send_message(text=value, chat=chat)
        elif kind == "content":
            await driver.send_message(**{value: CONTENT[value]}, chat=chat)
        elif kind == "forward":
            origin = {"type": "hidden_user", "date": datetime.now(UTC), "sender_user_name": "Госуслуги"}
            await driver.send_message(text=value, forward_origin=origin)
        elif kind == "edit":
            await driver.feed(edited_message={**driver.message(text=value, chat=chat), "edit_date": 1})
        elif kind == "press":
            await self.press_real_button(driver, value)
        elif kind == "forged":
            await self.press(driver, value, driver.message(text="?", chat=chat, **{"from": FakeTelegram.ME}))
        else:
            old, new = ("left", value) if value == "member" else ("member", value)
            me = FakeTelegram.ME.model_dump(exclude_none=True)
            change = {"chat": chat, "from": driver.user, "date": datetime.now(UTC)}
            status = {"status": new, "user": me} | ({"until_date": 0} if new == "kicked" else {})
            change |= {"old_chat_member": {"status": old, "user": me}, "new_chat_member": status}
            await driver.feed(my_chat_member=change)

    async def press_real_button(self, driver: ChatDriver, index: int) -> None:
        with_buttons = [m for m in driver.screens() if m.reply_markup]
        if not with_buttons:
            await driver.send("/start")
            return
        message = with_buttons[index % len(with_buttons)]  # old messages too, as a person scrolling up
        buttons = [b for row in message.reply_markup.inline_keyboard for b in row if b.callback_data]
        await self.press(driver, buttons[index % len(buttons)].callback_data, message)

    async def press(self, driver: ChatDriver, data: str, message: Any) -> None:
        query_id = f"q{next(self.query_ids)}"
        self.pressed.add(query_id)
        if not isinstance(message, dict):
            message = message.model_dump(by_alias=True, exclude_none=True)
        query = {"id": query_id, "from": driver.user, "chat_instance": "1", "message": message, "data": data}
        await driver.feed(callback_query=query)

    def check(self) -> None:
        requests = list(self.telegram.requests)
        answered = {r.callback_query_id for r in requests if isinstance(r, AnswerCallbackQuery)}
        assert self.pressed <= answered, f"button presses not answered: {sorted(self.pressed - answered)}"
        for request in requests:
            check_request(request)
        unexpected = [u for u in self.telegram.unexpected if u != NOT_MODIFIED]
        assert unexpected == [], unexpected
        self.not_modified += len(self.telegram.unexpected)
        self.telegram.unexpected.clear()


def check_request(request: TelegramMethod[Any]) -> None:
    """A request Telegram would accept, and no sign of the error handler."""
    if isinstance(request, SendMessage | EditMessageText):
        assert request.text not in ERROR_TEXTS, "an update failed and reached the error handler"
        assert 0 < len(plain(request.text)) <= 4096, request.text[:100]
    if isinstance(request, AnswerCallbackQuery) and request.text:
        assert len(request.text) <= 200
    if isinstance(request, SendDocument):
        assert len(request.caption or "") <= 1024
    markup = getattr(request, "reply_markup", None)
    if isinstance(markup, InlineKeyboardMarkup):
        check_keyboard(markup)


def check_keyboard(markup: InlineKeyboardMarkup) -> None:
    buttons = [b for row in markup.inline_keyboard for b in row]
    assert all(markup.inline_keyboard) and 0 < len(buttons) <= 100
    for b in buttons:
        assert b.text.strip(), "a button without a label"
        assert (b.callback_data is None) != (b.url is None), f"{b.text}: exactly one of callback data or a link"
        assert b.callback_data is None or 0 < len(b.callback_data.encode()) <= CALLBACK_LIMIT, b.callback_data
        assert b.url is None or b.url.startswith(("https://", "http://")), b.url


def test_generated_updates_never_break_the_bot(caplog: pytest.LogCaptureFixture) -> None:
    loop = asyncio.new_event_loop()
    fuzz = Fuzz(loop)
    loop.run_until_complete(fuzz.start())
    gc.collect()
    gc.freeze()  # as bot/runner.py does after start-up: garbage collection pauses are not what is measured
    started, cpu = time.perf_counter(), time.process_time()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,  # no example folder in the project; a failure prints the batch that broke it
        phases=[Phase.explicit, Phase.generate],  # shrinking 100-update batches can take many minutes
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    )
    @given(st.lists(update, min_size=BATCH, max_size=BATCH))
    def batches(batch: list[tuple[str, int, str, Any]]) -> None:
        loop.run_until_complete(fuzz.feed(batch))

    try:
        with caplog.at_level(logging.ERROR, logger="bot"):
            batches()
    finally:
        loop.run_until_complete(fuzz.database.close())
        loop.close()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    gc.unfreeze()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "an update reached the error handler"
    assert fuzz.fed >= EXAMPLES * BATCH
    FUZZ_RUN.update(updates=fuzz.fed, seconds=elapsed, cpu=cpu, not_modified=fuzz.not_modified, kinds=dict(fuzz.kinds))


FUZZ_RUN: dict[str, Any] = {}  # printed at the end of the test run (see conftest.py)
