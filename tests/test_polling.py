"""With a token, the bot long-polls a Bot API server at TELEGRAM_API_BASE and answers /start with the menu.

The server here is a minimal local stand-in for a self-hosted Bot API server (loopback only).
"""

import asyncio
import json
import os
import signal
import sys
from pathlib import Path

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


class BotApiServer:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.sent = asyncio.Event()
        self.updates = [START]

    async def handle(self, request: web.Request) -> web.Response:
        assert request.match_info["token"] == TOKEN
        method = request.match_info["method"].lower()
        payload = dict(await request.post()) if request.content_type != "application/json" else await request.json()
        self.calls.append((method, payload))
        if method == "getme":
            result: object = {"id": 123456, "is_bot": True, "first_name": "Тимуровец", "username": "timur_bot"}
        elif method == "getupdates":
            result, self.updates = self.updates, []
            if not result:
                await asyncio.sleep(0.2)
        elif method == "sendmessage":
            self.sent.set()
            result = {"message_id": 11, "date": 1_790_000_001, "chat": START["message"]["chat"], "text": "ok"}
        else:
            result = True
        return web.json_response({"ok": True, "result": result})


async def test_long_polling_against_a_bot_api_server(tmp_path: Path) -> None:
    api = BotApiServer()
    app = web.Application()
    app.router.add_post("/bot{token}/{method}", api.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    env = {
        "PATH": os.environ["PATH"],
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": f"http://127.0.0.1:{port}",
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
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
        await asyncio.wait_for(api.sent.wait(), timeout=60)
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        await runner.cleanup()
    methods = [method for method, _ in api.calls]
    assert "getupdates" in methods and "setmycommands" in methods
    sent = next(payload for method, payload in api.calls if method == "sendmessage")
    assert "Я не Госуслуги" in sent["text"]
    markup = sent["reply_markup"] if isinstance(sent["reply_markup"], dict) else json.loads(sent["reply_markup"])
    labels = [button["text"] for row in markup["inline_keyboard"] for button in row]
    assert "Паспорт РФ — получение и замена" in labels
    assert process.returncode == 0, stderr.decode()
