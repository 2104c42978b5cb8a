"""With a token, the bot long-polls a Bot API server at TELEGRAM_API_BASE and answers /start with the menu.

The server here is a minimal local stand-in for a self-hosted Bot API server (loopback only).
"""

import asyncio
import itertools
import json
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, NamedTuple

from aiohttp import web

from tests.conftest import ROOT

TOKEN = "123456:TEST-token"
START = {
    "update_id": 1,
    "message": {
        "message_id": 10,
        "date": 1_790_000_000,
        "chat": {"id": 77, "type": "private", "first_name": "Анна"},
        "from": {"id": 77, "is_bot": False, "first_name": "Анна", "language_code": "ru"},
        "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    },
}


BOT = {"id": 123456, "is_bot": True, "first_name": "Тимуровец", "username": "timur_bot"}


class Call(NamedTuple):
    worker: str  # the worker whose TELEGRAM_API_BASE ends in /<worker> (see `bot_api`); "" for a bot on its own
    method: str  # lower case: "sendmessage"
    payload: dict
    result: Any  # what the stand-in answered: a message, True, …


class BotApiServer:
    """Answers the Bot API as Telegram would, for one bot (`token`), and records every call."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.sent = asyncio.Event()
        self.updates: list[dict] = [START]
        self.editing = asyncio.Event()  # an edit has arrived and waits for `release`
        self.release = asyncio.Event()
        self.release.set()
        self._message_ids = itertools.count(11)

    def methods(self) -> list[str]:
        return [call.method for call in self.calls]

    def payloads(self, method: str, worker: str | None = None) -> list[dict]:
        """What was asked of `method`, by any worker or by the one named."""
        return [c.payload for c in self.calls if c.method == method and worker in (None, c.worker)]

    async def handle(self, request: web.Request) -> web.Response:
        assert request.match_info["token"] == self.token
        method = request.match_info["method"].lower()
        payload = dict(await request.post()) if request.content_type != "application/json" else await request.json()
        result = await self.answer(method, payload)
        self.calls.append(Call(request.match_info.get("worker", ""), method, payload, result))
        return web.json_response({"ok": True, "result": result})

    async def answer(self, method: str, payload: dict) -> object:
        if method == "getme":
            return BOT
        if method == "getupdates":
            updates, self.updates = self.updates, []
            if not updates:
                await asyncio.sleep(0.2)
            return updates
        if method == "sendmessage":
            self.sent.set()
            return self.message(payload, next(self._message_ids))
        if method == "editmessagetext":
            self.editing.set()
            await self.release.wait()
            return self.message(payload, int(payload["message_id"]))
        return True

    @staticmethod
    def message(payload: dict, message_id: int) -> dict:
        """The message as Telegram returns it: what was sent, with its id."""
        message = {
            "message_id": message_id,
            "date": 1_790_000_001,
            "chat": {"id": int(payload["chat_id"]), "type": "private"},
            "from": BOT,
            "text": payload.get("text", ""),
        }
        if markup := payload.get("reply_markup"):
            message["reply_markup"] = markup if isinstance(markup, dict) else json.loads(markup)
        return message


@asynccontextmanager
async def bot_api(api: BotApiServer) -> AsyncIterator[str]:
    """The stand-in Bot API server on a loopback port; yields its base URL. With `/<worker>` added, a worker's
    TELEGRAM_API_BASE has its calls recorded under that name."""
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", api.handle)
    app.router.add_post("/{worker}/bot{token}/{method}", api.handle)  # a worker's calls, told apart from another's
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@asynccontextmanager
async def bot_polling(api: BotApiServer, database: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    """The bot as a process, long-polling the stand-in server (loopback only)."""
    async with bot_api(api) as base:
        env = {
            "PATH": os.environ["PATH"],
            "BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE": base,
            "DATABASE_PATH": str(database),
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=ROOT,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            yield process
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()


async def test_long_polling_against_a_bot_api_server(tmp_path: Path) -> None:
    api = BotApiServer()
    async with bot_polling(api, tmp_path / "bot.sqlite3") as process:
        await asyncio.wait_for(api.sent.wait(), timeout=60)
        process.send_signal(signal.SIGINT)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    methods = api.methods()
    assert "getupdates" in methods and "setmycommands" in methods
    # A webhook left from a webhook run would make Telegram refuse getUpdates; the updates it holds are kept.
    assert methods.index("deletewebhook") < methods.index("getupdates")
    [removed] = api.payloads("deletewebhook")
    assert removed.get("drop_pending_updates") in (None, "false"), removed
    sent = api.payloads("sendmessage")[0]
    assert "Я не Госуслуги" in sent["text"]
    markup = sent["reply_markup"] if isinstance(sent["reply_markup"], dict) else json.loads(sent["reply_markup"])
    labels = [button["text"] for row in markup["inline_keyboard"] for button in row]
    assert "Паспорт РФ — получение и замена" in labels
    assert process.returncode == 0, stderr.decode()


async def test_sigterm_lets_the_update_in_flight_finish(tmp_path: Path) -> None:
    api = BotApiServer()
    database = tmp_path / "bot.sqlite3"
    async with bot_polling(api, database) as process:
        await asyncio.wait_for(api.sent.wait(), timeout=60)
        menu = api.payloads("sendmessage")[0]
        markup = menu["reply_markup"] if isinstance(menu["reply_markup"], dict) else json.loads(menu["reply_markup"])
        passport = next(b for row in markup["inline_keyboard"] for b in row if b["text"].startswith("Паспорт РФ"))
        bot = {"id": 123456, "is_bot": True, "first_name": "Тимуровец"}
        shown = {**START["message"], "message_id": 11, "text": "menu", "from": bot, "reply_markup": markup}
        press = {
            "id": "q1",
            "from": START["message"]["from"],
            "chat_instance": "77",
            "data": passport["callback_data"],
            "message": shown,
        }
        api.release.clear()
        api.updates = [{"update_id": 2, "callback_query": press}]
        await asyncio.wait_for(api.editing.wait(), timeout=30)  # the bot is showing the step: stop it now
        process.send_signal(signal.SIGTERM)
        await asyncio.sleep(0.5)
        api.release.set()
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    assert process.returncode == 0, stderr.decode()
    assert "answercallbackquery" in api.methods(), "the update in flight was finished"
    with sqlite3.connect(database) as saved:
        assert saved.execute("SELECT scenario_id, step_id FROM progress WHERE user_id = 77").fetchall() == [
            ("passport", "reason")
        ]
        assert saved.execute("SELECT kind FROM events WHERE user_id = 77").fetchall() == [("start",)]
