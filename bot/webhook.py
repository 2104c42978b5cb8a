"""Webhook mode: Telegram posts each update to WEBHOOK_URL, and this small aiohttp server, behind the reverse proxy
that holds the HTTPS certificate, hands it to the dispatcher.

Each update is handled before the answer goes back (aiogram's handle_in_background=False): Telegram sends a chat's
next update only after the previous one was answered, so one person's updates are handled in order even when several
workers share the load. A request without the right secret token gets 401 and never reaches the dispatcher.
"""

import asyncio
import contextlib
import logging
import os
import signal
import socket
from collections.abc import Iterator

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from aiohttp.typedefs import Handler

from bot.core.config import Settings

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
# The updates being handled when the bot is told to stop get this long to finish (as in polling, see UpdatesInFlight).
DRAIN_SECONDS = 10.0
# After that, what aiohttp still waits for a request before cancelling it; the scheduled messages' own 5 seconds
# (Sender.stop) come before, while the dispatcher shuts down.
SHUTDOWN_SECONDS = 5.0


class CannotListen(Exception):
    """The server could not listen on WEBHOOK_HOST:WEBHOOK_PORT (taken, or not this machine's); one line."""


class Gate:
    """Lets updates in while the bot serves. From `drain` on, it tells the load balancer to stop sending (/healthz
    says 503) and refuses new updates with 503, which Telegram sends again a little later (to a worker the load
    balancer still sends to), while the updates already taken finish."""

    def __init__(self) -> None:
        self.serving = True
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method != "POST":
            return await handler(request)
        if not self.serving:
            return web.Response(status=503, text="draining")
        self._in_flight += 1
        self._idle.clear()
        try:
            return await handler(request)
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()

    async def health(self, request: web.Request) -> web.Response:
        return web.Response(text="ok") if self.serving else web.Response(status=503, text="draining")

    async def drain(self, timeout: float = DRAIN_SECONDS) -> bool:
        """Take no more updates and wait (at most `timeout` seconds) for those being handled; whether they finished."""
        self.serving = False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), timeout)
        return self._idle.is_set()


GATE = web.AppKey("gate", Gate)


def create_web_app(dispatcher: Dispatcher, bot: Bot, *, path: str, secret: str) -> web.Application:
    """The server: updates at `path` (only with `secret`), the health check at /healthz. Starting the app starts
    the dispatcher (commands, scheduled messages); shutting it down shuts the dispatcher down."""
    if not secret:
        raise ValueError("a webhook without a secret token would take updates from anyone")
    gate = Gate()
    app = web.Application(middlewares=[gate.middleware])
    app[GATE] = gate
    app.router.add_get(HEALTH_PATH, gate.health)
    # Set up first, so that at shutdown the dispatcher (its updates in flight, then the scheduled messages) stops
    # before the request handler closes the bot's session.
    setup_application(app, dispatcher, bot=bot)
    handler = SimpleRequestHandler(dispatcher, bot, secret_token=secret, handle_in_background=False)
    handler.register(app, path=path)
    return app


async def register_webhook(bot: Bot, dispatcher: Dispatcher, settings: Settings) -> None:
    """Tell Telegram where to post updates. Every worker calls it at start-up with the same address and secret, so a
    second call changes nothing, and a worker started alone (after the others died) still puts the webhook back.

    Updates Telegram holds (from a restart, or from polling) are kept; only the kinds the routers handle are asked for.
    """
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    await bot.set_webhook(
        url=str(settings.webhook_url),
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=dispatcher.resolve_used_update_types(),
        drop_pending_updates=False,
    )


async def serve(dispatcher: Dispatcher, bot: Bot, settings: Settings) -> None:
    """Serve updates until SIGTERM or SIGINT, then stop as polling does: take no new updates, let those being handled
    finish, shut the dispatcher down. The caller closes the database afterwards."""
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    app = create_web_app(
        dispatcher, bot, path=settings.webhook_url.path or "/", secret=settings.webhook_secret.get_secret_value()
    )
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=SHUTDOWN_SECONDS, access_log=None)
    listening = listen(settings.webhook_host, settings.webhook_port)  # a port in use stops it before anything starts
    with stop_signals() as stopped:
        try:
            await runner.setup()  # the dispatcher's startup
            await web.SockSite(runner, listening).start()
            # Only now: Telegram may post the first update as soon as it knows the address.
            await register_webhook(bot, dispatcher, settings)
            log.info("Taking updates at %s:%s", settings.webhook_host, settings.webhook_port)
            await stopped.wait()
            log.info("Stopping: finishing the updates being handled")
            if not await app[GATE].drain():
                log.warning("Updates still being handled after %s s", DRAIN_SECONDS)
        finally:
            await runner.cleanup()  # stops listening, shuts the dispatcher down, then closes the bot's session
            listening.close()


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the dispatcher starts: a port in use is one line, not a half-started bot."""
    try:
        return socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise CannotListen(f"{host}:{port}: {reason}") from None


@contextlib.contextmanager
def stop_signals() -> Iterator[asyncio.Event]:
    """An event set when the process gets SIGTERM (systemd, docker, kubernetes) or SIGINT (Ctrl+C), from start-up
    on: a stop asked for while the bot starts is a stop once it has started, not a kill halfway."""
    loop = asyncio.get_running_loop()
    stopped = asyncio.Event()
    signals = (signal.SIGTERM, signal.SIGINT)
    for number in signals:
        loop.add_signal_handler(number, stopped.set)
    try:
        yield stopped
    finally:
        for number in signals:
            loop.remove_signal_handler(number)
