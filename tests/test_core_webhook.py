"""Webhook mode: Telegram posts updates to the bot's own server. Only a request with the secret token reaches the bot,
each update is handled before the answer goes back, and a stop lets the updates being handled finish."""

import asyncio
import json
import os
import secrets
import signal
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
import redis.asyncio
from aiogram.methods import SendMessage, SetWebhook
from aiohttp.test_utils import TestClient, TestServer

from bot.core.config import SettingsError, load_settings
from bot.core.workers import PREFIX
from bot.webhook import GATE, HEALTH_PATH, CannotListen, create_web_app, register_webhook, serve
from tests.conftest import POSTGRES_URL, ROOT, App, Backend, StartApp
from tests.test_core_leader import until
from tests.test_core_polling import TOKEN, BotApiServer, bot_api
from tests.test_core_robustness import copy_short
from tests.test_scenarios_validator import run_bot

SECRET = "w3bhook_SECRET-token"
PATH = "/telegram/updates"
URL = f"https://bot.example.org{PATH}"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def person(user_id: int) -> dict:
    return {"id": user_id, "is_bot": False, "first_name": "Анна", "language_code": "ru"}


def start_update(update_id: int, user_id: int = 77) -> dict:
    """A person's /start as Telegram posts it."""
    message = {
        "message_id": 10 + update_id,
        "date": 1_790_000_000,
        "chat": {"id": user_id, "type": "private", "first_name": "Анна"},
        "from": person(user_id),
        "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    }
    return {"update_id": update_id, "message": message}


def press_update(update_id: int, user_id: int, message: dict, label: str) -> dict:
    """The person presses the button `label` under `message` (as the Bot API returned it, see `shown_to`)."""
    press = {
        "id": f"q{update_id}",
        "from": person(user_id),
        "chat_instance": str(user_id),
        "data": buttons(message)[label],
        "message": message,
    }
    return {"update_id": update_id, "callback_query": press}


@asynccontextmanager
async def webhook_server(app: App) -> AsyncIterator[TestClient]:
    """The bot's webhook server on a loopback port; starting it starts the dispatcher, as in production."""
    async with TestClient(TestServer(create_web_app(app.dispatcher, app.bot, path=PATH, secret=SECRET))) as http:
        yield http


def sent_to(app: App, chat_id: int) -> list[SendMessage]:
    return [r for r in app.telegram.requests if isinstance(r, SendMessage) and r.chat_id == chat_id]


# --- in one process: the real dispatcher behind the real server, Telegram faked -------------------------------------


async def test_an_update_with_the_secret_is_handled_before_the_answer(app: App) -> None:
    app.telegram.slow(SendMessage, 0.2)  # handled in the background, the answer would come before the reply is sent
    async with webhook_server(app) as http:
        response = await http.post(PATH, json=start_update(1), headers={SECRET_HEADER: SECRET})
        [reply] = app.telegram.chat(77)  # Telegram has already taken the bot's reply
        assert response.status == 200
    assert "Я не Госуслуги" in reply.text
    assert not app.telegram.unexpected, app.telegram.unexpected


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "someone-else"}, {SECRET_HEADER: SECRET + "x"}])
async def test_a_wrong_or_missing_secret_gets_401_and_nothing_is_handled(app: App, headers: dict[str, str]) -> None:
    async with webhook_server(app) as http:
        response = await http.post(PATH, json=start_update(1), headers=headers)
        assert response.status == 401
    assert sent_to(app, 77) == []
    assert await app.events(77) == [], "the person was never seen"


async def test_health_says_ok_while_serving(app: App) -> None:
    async with webhook_server(app) as http:
        response = await http.get(HEALTH_PATH)
        assert (response.status, await response.text()) == (200, "ok")


async def test_a_stop_refuses_new_updates_and_lets_the_one_in_flight_finish(app: App) -> None:
    held = app.telegram.hold(77)  # Telegram keeps the reply to person 77 waiting
    async with webhook_server(app) as http:
        first = asyncio.create_task(http.post(PATH, json=start_update(1), headers={SECRET_HEADER: SECRET}))
        async with asyncio.timeout(10):
            while not sent_to(app, 77):
                await asyncio.sleep(0.01)
        draining = asyncio.create_task(http.server.app[GATE].drain())
        await asyncio.sleep(0)
        health = await http.get(HEALTH_PATH)
        assert health.status == 503, "the load balancer is told to stop sending"
        refused = await http.post(PATH, json=start_update(2, user_id=78), headers={SECRET_HEADER: SECRET})
        assert refused.status == 503, "Telegram sends it again later"
        assert not draining.done()
        held.set()
        assert (await first).status == 200
        assert await draining is True
    assert [m.text for m in app.telegram.chat(77)] and app.telegram.chat(78) == []


async def test_the_webhook_is_registered_with_the_secret_and_the_updates_handled(start_app: StartApp) -> None:
    app = await start_app(bot_token=TOKEN, webhook_url=URL, webhook_secret=SECRET)
    await register_webhook(app.bot, app.dispatcher, app.dispatcher["settings"])
    [registered] = [r for r in app.telegram.requests if isinstance(r, SetWebhook)]
    assert (registered.url, registered.secret_token) == (URL, SECRET)
    assert {"message", "callback_query", "my_chat_member"} <= set(registered.allowed_updates)
    assert registered.drop_pending_updates is False, "updates Telegram holds from a restart are kept"


async def test_a_port_already_taken_is_one_clear_error(start_app: StartApp) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        app = await start_app(bot_token=TOKEN, webhook_url=URL, webhook_secret=SECRET, webhook_port=port)
        with pytest.raises(CannotListen, match=f"^127.0.0.1:{port}: "):
            await serve(app.dispatcher, app.bot, app.dispatcher["settings"])
    assert not app.telegram.requests, "nothing was started: no commands registered, no webhook set"


# --- settings ------------------------------------------------------------------------------------------------------


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's is read
    for name in ("BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "WEBHOOK_HOST", "WEBHOOK_PORT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_webhook_settings_default_to_polling_behind_a_local_proxy(clean_environment: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.webhook_url is None and settings.webhook_secret is None
    assert (settings.webhook_host, settings.webhook_port) == ("127.0.0.1", 8080)
    for name, value in {
        "BOT_TOKEN": TOKEN,
        "WEBHOOK_URL": URL,
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_PORT": "8443",
    }.items():
        clean_environment.setenv(name, value)
    settings = load_settings()
    assert (str(settings.webhook_url), settings.webhook_port) == (URL, 8443)
    assert SECRET not in repr(settings), "the secret never shows in logs"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"WEBHOOK_URL": URL},
            "wrong setting: WEBHOOK_SECRET: missing: WEBHOOK_URL needs it, so that nobody else can post updates",
        ),
        ({"WEBHOOK_SECRET": SECRET}, "wrong setting: WEBHOOK_SECRET: set, but WEBHOOK_URL is empty"),
        (
            {"WEBHOOK_URL": "http://bot.example.org/telegram/updates", "WEBHOOK_SECRET": SECRET},
            "wrong setting: WEBHOOK_URL: 'http://bot.example.org/telegram/updates' is not https",
        ),
        ({"WEBHOOK_URL": "not a url", "WEBHOOK_SECRET": SECRET}, "wrong setting: WEBHOOK_URL: Input should be a valid"),
        ({"WEBHOOK_URL": URL, "WEBHOOK_SECRET": "has spaces"}, "wrong setting: WEBHOOK_SECRET: 1 to 256 characters"),
        ({"WEBHOOK_URL": URL, "WEBHOOK_SECRET": "x" * 257}, "wrong setting: WEBHOOK_SECRET: 1 to 256 characters"),
        ({"WEBHOOK_URL": URL, "WEBHOOK_SECRET": "пароль"}, "wrong setting: WEBHOOK_SECRET: 1 to 256 characters"),
        ({"WEBHOOK_PORT": "70000"}, "wrong setting: WEBHOOK_PORT: Input should be less than or equal to 65535"),
    ],
)
def test_a_wrong_webhook_setting_is_named(
    clean_environment: pytest.MonkeyPatch, given: dict[str, str], message: str
) -> None:
    for name, value in {"BOT_TOKEN": TOKEN, **given}.items():
        clean_environment.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).startswith(message)
    assert SECRET not in str(error.value)


def test_a_webhook_without_a_token_stops_the_bot_with_one_line() -> None:
    result = run_bot(env={"WEBHOOK_URL": URL, "WEBHOOK_SECRET": SECRET})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: wrong setting: WEBHOOK_URL: webhook mode needs BOT_TOKEN too (without a token the bot runs its"
        " console chat)"
    ]


# --- workers as processes, against a local Bot API stand-in --------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Worker:
    """`python -m bot` in webhook mode, listening on its own loopback port."""

    def __init__(self, process: asyncio.subprocess.Process, name: str, port: int) -> None:
        self.process, self.name, self.port = process, name, port
        self.url = f"http://127.0.0.1:{port}"

    async def post(self, http: aiohttp.ClientSession, update: dict, secret: str = SECRET) -> int:
        async with http.post(self.url + PATH, json=update, headers={SECRET_HEADER: secret}) as response:
            return response.status

    async def wait_healthy(self, http: aiohttp.ClientSession, timeout: float = 30) -> None:
        async with asyncio.timeout(timeout):
            while True:
                assert self.process.returncode is None, (await self.process.communicate())[1].decode()
                try:
                    async with http.get(self.url + HEALTH_PATH) as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.1)

    async def kill(self) -> None:
        """kill -9: no shutdown of any kind, as when a machine is lost."""
        self.process.kill()
        await self.process.wait()

    async def stop(self, timeout: float = 10) -> str:
        """SIGTERM, as a process manager stops it; returns what it wrote (standard output, then error)."""
        self.process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(self.process.communicate(), timeout)
        return (stdout + stderr).decode()


@asynccontextmanager
async def webhook_worker(api_base: str, name: str, **settings: object) -> AsyncIterator[Worker]:
    """Worker `name`, its Bot API calls recorded under that name (see `bot_api`). `settings` are the bot's settings
    (`database_path=…`); with a database that several processes can share, a test can start several side by side."""
    port = free_port()
    given = {
        "bot_token": TOKEN,
        "scenarios_dir": "scenarios",
        **settings,
        "telegram_api_base": f"{api_base}/{name}",
        "webhook_url": URL,
        "webhook_secret": SECRET,
        "webhook_host": "127.0.0.1",
        "webhook_port": port,
    }
    env = {"PATH": os.environ["PATH"], **{setting.upper(): str(value) for setting, value in given.items()}}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    worker = Worker(process, name, port)
    try:
        yield worker
    finally:
        if process.returncode is None:
            await worker.kill()


def shown_to(api: BotApiServer, user_id: int, worker: str | None = None) -> list[dict]:
    """The messages the bot showed a person (sent, or edited in place) as the Bot API returned them, oldest first:
    by any worker, or by the one named."""
    return [
        call.result
        for call in api.calls
        if call.method in ("sendmessage", "editmessagetext")
        and call.payload["chat_id"] == str(user_id)
        and worker in (None, call.worker)
    ]


def buttons(message: dict) -> dict[str, str]:
    """The message's buttons: label → callback data."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {button["text"]: button["callback_data"] for row in rows for button in row if "callback_data" in button}


def leaders(api: BotApiServer) -> set[str]:
    """The workers that registered the command list: only the leader does."""
    return {call.worker for call in api.calls if call.method == "setmycommands"}


async def test_webhook_workers_against_a_bot_api_server(tmp_path: Path) -> None:
    """A worker registers the webhook, answers /start before its answer to Telegram, refuses a wrong secret; killed
    (kill -9), it is replaced by another on the same database; SIGTERM stops that one cleanly."""
    api, database = BotApiServer(), tmp_path / "bot.sqlite3"
    api.updates = []  # nothing to long-poll: updates come by webhook only
    async with asyncio.timeout(40), bot_api(api) as api_base, aiohttp.ClientSession() as http:
        async with webhook_worker(api_base, "first", database_path=database) as worker:
            await worker.wait_healthy(http)
            [registered] = api.payloads("setwebhook")
            assert (registered["url"], registered["secret_token"]) == (URL, SECRET)
            assert "callback_query" in json.loads(registered["allowed_updates"])
            assert await worker.post(http, start_update(1), secret="wrong") == 401
            assert api.payloads("sendmessage") == []
            assert await worker.post(http, start_update(1)) == 200
            [menu] = api.payloads("sendmessage")  # sent before the worker answered Telegram
            assert menu["chat_id"] == "77" and "Я не Госуслуги" in menu["text"]
            await worker.kill()

        # The database's lock went with the killed process.
        async with webhook_worker(api_base, "second", database_path=database) as worker:
            await worker.wait_healthy(http)
            assert len(api.payloads("setwebhook")) == 2
            assert await worker.post(http, start_update(2)) == 200
            assert len(api.payloads("sendmessage")) == 2
            stderr = await worker.stop()
            assert worker.process.returncode == 0, stderr
    assert "getupdates" not in api.methods() and "deletewebhook" not in api.methods()
    assert "Traceback" not in stderr and SECRET not in stderr


@pytest.fixture
async def bot_token(reachable_redis: str) -> AsyncIterator[str]:
    """A bot of this test's own: the workers' keys in Redis begin with its id, so they meet no other test's, and they
    are deleted afterwards."""
    bot_id = 10**9 + secrets.randbelow(10**9)
    yield f"{bot_id}:{secrets.token_urlsafe(27)}"
    client = redis.asyncio.Redis.from_url(reachable_redis)
    keys = [key async for key in client.scan_iter(f"{PREFIX}{bot_id}:*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


ANNA, PETR = 77, 78


def followups(api: BotApiServer, user_id: int) -> list[dict]:
    """The scheduled question after the short scenario, «Получилось?»: only the leader sends it."""
    return [shown for shown in shown_to(api, user_id) if "Получилось оформить" in shown["text"]]


async def test_two_webhook_workers_share_one_conversation_and_one_leader(
    postgres: Backend, reachable_redis: str, bot_token: str, tmp_path: Path
) -> None:
    """Two workers on one PostgreSQL schema and one Redis, as behind a proxy that spreads Telegram's requests: a
    person's conversation goes on from one worker to the other, a retry that reaches both is handled once, only the
    leader registers the commands. The leader killed (kill -9), the other serves on, takes over and sends a scheduled
    message; SIGTERM stops it cleanly."""
    api = BotApiServer(token=bot_token)
    api.updates = []  # nothing to long-poll: updates come by webhook only
    settings = {
        "bot_token": bot_token,
        "database_url": f"{POSTGRES_URL}?search_path={postgres.schema}",
        "redis_url": reachable_redis,
        "scenarios_dir": copy_short(tmp_path),
        "followup_after": 1,  # seconds: «Получилось?» comes due just after the person finishes
        "quiet_hours": "",
    }
    async with (
        asyncio.timeout(60),
        bot_api(api) as api_base,
        aiohttp.ClientSession() as http,
        webhook_worker(api_base, "a", **settings) as a,
        webhook_worker(api_base, "b", **settings) as b,
    ):
        await asyncio.gather(a.wait_healthy(http), b.wait_healthy(http))
        assert await a.post(http, start_update(1, ANNA)) == 200
        [menu] = shown_to(api, ANNA, "a")
        assert await b.post(http, press_update(2, ANNA, menu, "Короткая инструкция")) == 200
        [first] = shown_to(api, ANNA, "b")
        assert "Начало." in first["text"]
        assert await a.post(http, press_update(3, ANNA, first, "Дальше ➡️")) == 200
        second = shown_to(api, ANNA, "a")[-1]
        assert "Середина." in second["text"], "worker a went on from the step worker b showed"

        retried = start_update(4, PETR)  # Telegram sends an update again, and the proxy gives it to both
        assert await asyncio.gather(a.post(http, retried), b.post(http, retried)) == [200, 200]
        assert len(shown_to(api, PETR)) == 1, "handled once"
        calls = len(api.calls)
        for worker in (a, b):
            assert await worker.post(http, start_update(5, PETR), secret="wrong") == 401
        assert len(api.calls) == calls, "nothing handled"

        await until(lambda: leaders(api), seconds=10)
        [leading] = leaders(api)
        leader, survivor = (a, b) if leading == "a" else (b, a)
        await leader.kill()
        assert await survivor.post(http, press_update(6, ANNA, second, "Дальше ➡️")) == 200
        assert "Памятка" in shown_to(api, ANNA, survivor.name)[-1]["text"], "the survivor serves"
        await until(lambda: followups(api, ANNA), seconds=15)
        output = await survivor.stop()
    assert leaders(api) == {"a", "b"}, "the survivor took over"
    [question] = followups(api, ANNA)
    assert question in shown_to(api, ANNA, survivor.name), "sent by the new leader"
    assert survivor.process.returncode == 0, output
    assert "Traceback" not in output and SECRET not in output and bot_token not in output
