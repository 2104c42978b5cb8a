"""How long the workers go without a leader when the leader is killed with SIGKILL (`python -m bench.backends`).

Each worker is a process of its own running the bot's `Leadership` on a `PostgresDatabase` (its duties only say
"leading" on standard output): the first leads, the second asks every ASK_EVERY seconds; the first gets kill -9 and
the time until the second says it leads is measured. `python -m bench.takeover SCHEMA` is one such worker.
"""

import asyncio
import os
import queue
import random
import subprocess
import sys
import threading
import time

from bench.backends_setup import POSTGRES_URL, schema_of_our_own
from bench.traffic import ROOT
from bot.core.leader import ASK_EVERY, Duty, Leadership
from bot.core.postgres import PostgresDatabase

LEADING = "leading"


async def work(schema: str) -> None:
    database = await PostgresDatabase.open(POSTGRES_URL, schema=schema)

    async def say(_: object) -> None:
        print(LEADING, flush=True)

    await Leadership(database, [Duty(say)]).start(None)  # type: ignore[arg-type]
    print("asking", flush=True)
    await asyncio.Event().wait()  # until killed


class Worker:
    """A worker process, and the lines it has printed (read by a thread: a pipe's buffer may hold several)."""

    def __init__(self, schema: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "bench.takeover", schema]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())

    def wait_for(self, line: str, seconds: float = 30.0) -> None:
        deadline = time.monotonic() + seconds
        while self.lines.get(timeout=max(0.0, deadline - time.monotonic())) != line:
            pass

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


def takeover(schema: str) -> float:
    """Seconds from the leader's kill -9 to the other worker leading."""
    leader = Worker(schema)
    follower = None
    try:
        leader.wait_for(LEADING)
        follower = Worker(schema)
        follower.wait_for("asking")
        time.sleep(random.uniform(0.1, ASK_EVERY))  # any moment of the follower's round of asking
        killed = time.perf_counter()
        leader.kill()  # SIGKILL: no clean-up of any kind
        follower.wait_for(LEADING)
        return time.perf_counter() - killed
    finally:
        for worker in (leader, follower):
            if worker is not None:
                worker.kill()


async def takeovers(times: int) -> list[float]:
    async with schema_of_our_own() as schema:
        await (await PostgresDatabase.open(POSTGRES_URL, schema=schema)).close()  # migrated before the workers race
        return [await asyncio.to_thread(takeover, schema) for _ in range(times)]


if __name__ == "__main__":
    asyncio.run(work(sys.argv[1]))
