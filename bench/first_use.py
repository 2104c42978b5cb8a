"""`python -m bench.first_use`: what importing dateparser lazily costs the first person who types a date in words.

The bot imports dateparser on the first date typed in words (bot/features/reminders/rules.py), not at start-up, so
that a bot whose people never type one does not hold it. The price is paid once per process, by one person: this
measures it. Each run is a fresh process that imports what the bot has imported once ready, then answers «в пятницу»
(the longest way through rules.py: three of dateparser's readers) and then «через неделю», each timed: "lazy" as the
bot does, "eager" with dateparser imported before the clock starts, as the bot did before. The RSS before and after
the first date is what dateparser holds once loaded. Rounds alternate the two; medians are printed.

`python -m bench.first_use lazy|eager` is the child.
"""

import contextlib
import json
import statistics
import subprocess
import sys
import time

from bench.memory import rss_mb
from bench.startup import ROOT

ROUNDS = 7
FIRST, NEXT = "в пятницу", "через неделю"


def _child(kind: str) -> None:
    from datetime import date
    from zoneinfo import ZoneInfo

    import bot.app  # noqa: F401 (what the bot has imported once ready: rules.py among it, dateparser not)
    from bot.features.reminders.rules import DateError, parse_visit_date

    if kind == "eager":
        import dateparser.date  # noqa: F401
    zone, today, figures = ZoneInfo("Europe/Moscow"), date.today(), {"rss_before": rss_mb()}
    for name, text in (("first_ms", FIRST), ("next_ms", NEXT)):
        began = time.perf_counter()
        with contextlib.suppress(DateError):  # «в пятницу» on a Friday is too late: it was parsed all the same
            parse_visit_date(text, today, zone)
        figures[name] = (time.perf_counter() - began) * 1e3
    figures["rss_after"] = rss_mb()
    print(json.dumps(figures), flush=True)


def _run(kind: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.first_use", kind], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> None:
    runs: dict[str, list[dict[str, float]]] = {"lazy": [], "eager": []}
    for _ in range(ROUNDS):
        for kind, found in runs.items():
            found.append(_run(kind))
    for kind, found in runs.items():
        median = {figure: statistics.median(run[figure] for run in found) for figure in found[0]}
        print(
            f"{kind}: first date {median['first_ms']:.0f} ms, next {median['next_ms']:.1f} ms; RSS "
            f"{median['rss_before']:.1f} MB before the first date, {median['rss_after']:.1f} MB after "
            f"(median of {ROUNDS}; first dates {min(r['first_ms'] for r in found):.0f}–"
            f"{max(r['first_ms'] for r in found):.0f} ms)"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1:
        _child(sys.argv[1])
    else:
        main()
