"""`python -m bench.search_quality`: the typed-question search over the held-out set (tests/data/search_heldout.yaml).

Prints in-scope recall (the expected scenario is the first one offered; also within the three offered), the landing
step's accuracy where the set names one, and the share of out-of-scope questions correctly refused («Я пока не
знаю»), then every miss. docs/search-quality.md explains the set and keeps the figures;
tests/test_scenarios_search.py holds the floors. Offline, about two seconds.
"""

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from bot.features.scenarios.search import SearchIndex
from bot.features.scenarios.validation import Catalog, load_or_fail

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "data" / "search_heldout.yaml"
TODAY = date(2026, 11, 29)  # the scenarios' review date, as in the tests: validation must not depend on the clock


@dataclass
class Quality:
    in_scope: int = 0
    top1: int = 0
    top3: int = 0
    with_step: int = 0
    step_right: int = 0
    out_of_scope: int = 0
    refused: int = 0
    misses: list[str] = field(default_factory=list)
    wrong_steps: list[str] = field(default_factory=list)
    wrongly_matched: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.top1 / self.in_scope

    @property
    def recall3(self) -> float:
        return self.top3 / self.in_scope

    @property
    def step_accuracy(self) -> float:
        return self.step_right / self.with_step

    @property
    def refusal(self) -> float:
        return self.refused / self.out_of_scope

    def lines(self) -> list[str]:
        lines = [
            f"in-scope recall: top-1 {self.top1}/{self.in_scope} = {self.recall:.0%}, "
            f"top-3 {self.top3}/{self.in_scope} = {self.recall3:.0%}",
            f"landing step right (of {self.with_step} that name one): {self.step_right} = {self.step_accuracy:.0%}",
            f"out-of-scope correctly refused: {self.refused}/{self.out_of_scope} = {self.refusal:.0%}",
        ]
        lines += [f"  miss: {line}" for line in self.misses]
        lines += [f"  wrong step: {line}" for line in self.wrong_steps]
        lines += [f"  wrongly matched: {line}" for line in self.wrongly_matched]
        return lines


def _ids(value: str | list[str] | None) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def heldout() -> dict:
    return yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))


def evaluate(index: SearchIndex, data: dict | None = None, locale: str = "ru") -> Quality:
    data = data or heldout()
    quality = Quality()
    for item in data["in_scope"]:
        scenarios, steps = _ids(item["scenario"]), _ids(item.get("step"))
        matches = index.search(item["q"], locale)
        found = [(match.scenario.id, match.step_id) for match in matches]
        quality.in_scope += 1
        first_right = bool(found) and found[0][0] in scenarios
        quality.top1 += first_right
        quality.top3 += any(scenario in scenarios for scenario, _ in found)
        if not first_right:
            quality.misses.append(f"{item['q']!r} → {found} (expected {'/'.join(scenarios)})")
        if steps:
            quality.with_step += 1
            if first_right and found[0][1] in steps:
                quality.step_right += 1
            else:
                quality.wrong_steps.append(f"{item['q']!r} → {found[:1]} (expected step {'/'.join(steps)})")
    for question in data["out_of_scope"]:
        quality.out_of_scope += 1
        found = [match.scenario.id for match in index.search(question, locale)]
        if found:
            quality.wrongly_matched.append(f"{question!r} → {found}")
        else:
            quality.refused += 1
    return quality


def library() -> tuple[Catalog, SearchIndex]:
    catalog, _ = load_or_fail([ROOT / "scenarios"], today=TODAY, max_age_days=365)
    return catalog, SearchIndex(catalog)


def main() -> None:
    quality = evaluate(library()[1])
    print("\n".join(quality.lines()))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
