"""Three workers as three OS processes for `python -m bench.backends`: each its own interpreter, PostgreSQL pool and
Redis client on the same schema and key prefix, as a deployment runs them.

People are hashed to workers (user id modulo the number of workers), as a load balancer keeping a person on one
worker would: a person's next update waits for the previous one's answer (bench/load.py's `feed`), which only one
process can see. With many in flight, the total is split among the workers and all start together; the figure is all
their updates over the wall-clock window from the first start to the last end. One at a time, the workers take
their turns (one update in flight in all). `python -m bench.backends_procs SCHEMA PREFIX INDEX COUNT` is one worker:
it reads orders as JSON lines on standard input and answers on standard output.
"""

import asyncio
import json
import logging
import sys
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from redis._parsers import _AsyncRESP3Parser

from bench.backends_setup import Content, Requests, counting_requests, postgres_workers
from bench.fakes import CannedTelegram
from bench.load import ErrorCount, Run, _machine_busy, _sender, feed
from bench.traffic import ROOT, bot_traffic, load_catalog
from bot.__main__ import event_loop
from bot.app import create_bot
from bot.core.i18n import I18n
from bot.features.scenarios.search import SearchIndex
from bot.runner import share_the_interpreter


def _say(message: dict[str, Any]) -> None:
    print(json.dumps(message), flush=True)


async def _order() -> dict[str, Any]:
    line = await asyncio.to_thread(sys.stdin.readline)
    return json.loads(line) if line else {"stop": True}


async def serve(schema: str, prefix: str, index: int, count: int) -> None:
    """One worker: prepares its share of each run's traffic, runs it when told, and reports what it measured."""
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    catalog = load_catalog()
    content = Content(catalog, SearchIndex(catalog), I18n("ru"))
    workers = await postgres_workers(content, f"worker {index}", schema, 1, prefix, _AsyncRESP3Parser)
    bot = create_bot("42:BENCH", session=CannedTelegram())
    errors = ErrorCount()
    logging.getLogger("bot").addHandler(errors)
    _say({"ready": index})
    try:
        while not (order := await _order()).get("stop"):
            # Every worker builds the whole run's traffic (update ids unique across workers) and keeps its people's.
            updates = [u for u in bot_traffic(bot, catalog, order["people"]) if _sender(u[1]) % count == index]
            _say({"prepared": len(updates)})
            await _order()  # go
            failed = errors.count
            with counting_requests() if order["counted"] else nullcontext() as counts:
                start = time.perf_counter()
                run = await feed(workers, bot, updates, order["concurrency"])  # type: ignore[arg-type]
                end = time.perf_counter()
            counted = counts or Requests()
            _say(
                {
                    "start": start,
                    "end": end,
                    "cpu": run.cpu_seconds,
                    "latencies": run.latencies,
                    "errors": errors.count - failed,
                    "postgres": counted.postgres,
                    "redis": counted.redis,
                }
            )
    finally:
        await workers.close()


@dataclass
class Processes:
    """`count` worker processes on one backend, with the surface bench/backends_load.py needs."""

    name: str
    schema: str
    prefix: str
    count: int
    processes: list[asyncio.subprocess.Process] = field(default_factory=list)
    trips: int = 0  # PostgreSQL's requests are counted on the wire, in the workers

    async def start(self) -> "Processes":
        for index in range(self.count):
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bench.backends_procs",
                self.schema,
                self.prefix,
                str(index),
                str(self.count),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                cwd=ROOT,
            )
            self.processes.append(process)
        for process in self.processes:
            await self._answer(process)
        return self

    async def _answer(self, process: asyncio.subprocess.Process) -> dict[str, Any]:
        assert process.stdout is not None
        while line := await process.stdout.readline():
            if line.startswith(b"{"):
                return json.loads(line)
        raise RuntimeError(f"{self.name}: a worker ended (exit code {await process.wait()})")

    async def _tell(self, process: asyncio.subprocess.Process, order: dict[str, Any]) -> None:
        assert process.stdin is not None
        process.stdin.write(json.dumps(order).encode() + b"\n")
        await process.stdin.drain()

    async def feed(self, people: list[int], concurrency: int, *, counted: bool = False) -> tuple[Run, Requests]:
        """One run of these people's walks: `concurrency` in flight in all, split among the workers."""
        shares = [concurrency // self.count + (i < concurrency % self.count) for i in range(self.count)]
        for process, share in zip(self.processes, shares, strict=True):
            await self._tell(process, {"people": people, "concurrency": max(1, share), "counted": counted})
        for process in self.processes:
            await self._answer(process)
        busy = _machine_busy()
        if concurrency == 1:  # in turn: one update in flight in all
            reports = []
            for process in self.processes:
                await self._tell(process, {"go": True})
                reports.append(await self._answer(process))
            wall = sum(r["end"] - r["start"] for r in reports)
        else:
            for process in self.processes:
                await self._tell(process, {"go": True})
            reports = [await self._answer(process) for process in self.processes]
            wall = max(r["end"] for r in reports) - min(r["start"] for r in reports)
        busy = _machine_busy() - busy
        if failed := sum(r["errors"] for r in reports):
            raise RuntimeError(f"{self.name}: {failed} errors logged")
        latencies: dict[str, list[float]] = {}
        for report in reports:
            for kind, values in report["latencies"].items():
                latencies.setdefault(kind, []).extend(values)
        cpu = sum(r["cpu"] for r in reports)
        counts = Requests(sum(r["postgres"] for r in reports), sum(r["redis"] for r in reports))
        return Run(wall, cpu, latencies, max(0.0, busy - cpu) / wall), counts

    async def close(self) -> None:
        for process in self.processes:
            await self._tell(process, {"stop": True})
        for process in self.processes:
            await process.wait()


def main() -> None:
    share_the_interpreter()  # as bot/runner.py does
    schema, prefix, index, count = sys.argv[1:5]
    with asyncio.Runner(loop_factory=event_loop()) as runner:
        runner.run(serve(schema, prefix, int(index), int(count)))


if __name__ == "__main__":
    main()
