"""The load part of `python -m bench.backends`: the same walk as `python -m bench` (bench/traffic.py) on each backend,
one update at a time and 64 in flight, the backends taking turns; then one counted run of each."""

import logging
import statistics
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

from aiogram import Bot

from bench.backends_procs import Processes
from bench.backends_setup import Content, Requests, Workers, counting_requests
from bench.load import ErrorCount, Run, feed
from bench.servers import servers_cpu, spent
from bench.traffic import People, bot_traffic


@dataclass
class Measured:
    runs: dict[int, list[Run]] = field(default_factory=dict)  # by updates in flight
    servers: dict[int, list[float]] = field(default_factory=dict)  # the servers' CPU µs per update, by the same
    trips: float = 0.0  # database requests per update
    redis: float = 0.0  # Redis commands per update

    def median(self, concurrency: int, figure: Callable[[Run], float]) -> float:
        return statistics.median(figure(run) for run in self.runs[concurrency])


class LoadRuns:
    def __init__(self, content: Content, bot: Bot, people: People, forget: Callable[[], object]) -> None:
        self.content, self.bot, self.people = content, bot, people
        self.forget = forget  # clears what Redis remembers (update ids restart at 1 in every run's traffic)
        self.errors = ErrorCount()
        self.counts: Requests | None = None
        self.servers = 0.0  # the last run's servers' CPU µs per update
        logging.getLogger("bot").addHandler(self.errors)

    async def run(self, workers: Workers | Processes, people: int, concurrency: int, *, counted: bool = False) -> Run:
        """One run of fresh people's walks; `counted` counts the requests sent meanwhile into `self.counts`."""
        taken = self.people.take(people)
        await self.forget()
        if isinstance(workers, Processes):  # they build their traffic, and count their requests, themselves
            before = servers_cpu()
            run, self.counts = await workers.feed(taken, concurrency, counted=counted)
            self.servers = spent(before, servers_cpu()) / run.count * 1e6
            return run
        updates = bot_traffic(self.bot, self.content.catalog, taken)
        errors = self.errors.count
        with counting_requests() if counted else nullcontext() as counts:
            before = servers_cpu()
            run = await feed(workers, self.bot, updates, concurrency)  # type: ignore[arg-type]
            self.servers = spent(before, servers_cpu()) / run.count * 1e6
        self.counts = counts
        if self.errors.count != errors:  # a failing update is fast: the figures would mean something else
            raise RuntimeError(f"{workers.name}: {self.errors.count - errors} errors logged")
        return run

    async def measure(
        self,
        backends: list[Workers | Processes],
        people: int,
        repeats: int,
        modes: tuple[int, ...],
        log: Callable[[str], None],
    ) -> dict[str, Measured]:
        results = {workers.name: Measured() for workers in backends}
        for workers in backends:  # first calls build caches and pools' connections: not measured
            for concurrency in modes:
                await self.run(workers, max(people // 10, concurrency), concurrency)
        for repeat in range(repeats):  # round-robin, so a slow moment of the machine is shared
            for concurrency in modes:
                for workers in backends:
                    run = await self.run(workers, people, concurrency)
                    results[workers.name].runs.setdefault(concurrency, []).append(run)
                    results[workers.name].servers.setdefault(concurrency, []).append(self.servers)
                    log(
                        f"  run {repeat + 1}/{repeats} x{concurrency:<3} {workers.name:<28} {run.per_second:7.0f} upd/s"
                        f"  p99 {run.percentile(0.99) * 1e3:6.1f} ms  (other processes: {run.others:.2f} cores)"
                    )
        for workers in backends:
            await self.count(workers, people, results[workers.name])
        return results

    async def count(self, workers: Workers | Processes, people: int, into: Measured) -> None:
        """One more sequential run with the request counters on (kept out of the timed runs)."""
        trips = workers.trips
        run = await self.run(workers, people, 1, counted=True)
        assert self.counts is not None
        into.trips = (self.counts.postgres or workers.trips - trips) / run.count
        into.redis = self.counts.redis / run.count


def per_update_us(run: Run) -> float:
    return run.seconds / run.count * 1e6


def cpu_per_update_us(run: Run) -> float:
    return run.cpu_seconds / run.count * 1e6
