"""CPU time of the PostgreSQL and Redis servers on this machine (Linux /proc): the part of an update's cost the bot's
process does not see, and which the two cores share with it."""

import os
from pathlib import Path

SERVERS = ("postgres", "redis-server")  # process names, as in /proc/PID/stat


def servers_cpu() -> dict[int, float]:
    """CPU seconds so far of each server process, by process id (all its threads)."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # it ended meanwhile
            continue
        name, rest = text[text.index("(") + 1 : text.rindex(")")], text[text.rindex(")") + 2 :].split()
        if name in SERVERS:
            found[int(stat.parent.name)] = (int(rest[11]) + int(rest[12])) / tick  # utime + stime
    return found


def spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds the servers spent between two readings (a process started meanwhile counts whole)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
