"""Where a person is in a scenario, and the moves they can make. Pure logic: no Telegram, no SQL."""

from dataclasses import dataclass, field
from itertools import pairwise

from bot.features.scenarios.models import Scenario, Step


@dataclass
class Progress:
    scenario_id: str
    step_id: str
    version: str
    trail: list[str] = field(default_factory=list)  # steps passed before this one, oldest first
    ticks: dict[str, list[int]] = field(default_factory=dict)  # ticked checklist items per step

    @classmethod
    def begin(cls, scenario: Scenario) -> "Progress":
        return cls(scenario.id, scenario.start, scenario.version)

    @classmethod
    def land(cls, scenario: Scenario, step_id: str) -> "Progress":
        """Start at a step further in, as if the person had come the shortest way from the start."""
        came_from: dict[str, str | None] = {scenario.start: None}
        queue = [scenario.start]
        for current in queue:
            for target in scenario.steps[current].targets:
                if target not in came_from:
                    came_from[target] = current
                    queue.append(target)
        trail: list[str] = []
        previous = came_from.get(step_id)
        while previous is not None:
            trail.insert(0, previous)
            previous = came_from[previous]
        return cls(scenario.id, step_id if step_id in came_from else scenario.start, scenario.version, trail)

    @property
    def number(self) -> int:
        """The step's number along the way actually taken (1 at the start)."""
        return len(self.trail) + 1

    def step(self, scenario: Scenario) -> Step:
        return scenario.steps[self.step_id]

    def finished(self, scenario: Scenario) -> bool:
        return self.step(scenario).end

    def unfinished(self, scenario: Scenario) -> bool:
        """Whether this is a place to come back to: still on the scenario's way, and not at its end."""
        return self.fits(scenario) and not self.finished(scenario)

    def advance(self, target: str) -> None:
        self.trail.append(self.step_id)
        self.step_id = target

    def go_back(self) -> None:
        self.step_id = self.trail.pop()

    def toggle(self, index: int) -> None:
        ticked = set(self.ticks.get(self.step_id, ()))
        ticked ^= {index}
        self.ticks[self.step_id] = sorted(ticked)

    def fits(self, scenario: Scenario) -> bool:
        """Whether the way taken still exists in the scenario (it may have changed since)."""
        way = [*self.trail, self.step_id]
        if way[0] != scenario.start or any(step_id not in scenario.steps for step_id in way):
            return False
        return all(after in scenario.steps[before].targets for before, after in pairwise(way))

    def adopt(self, scenario: Scenario) -> None:
        """Carry a still-fitting way over to a new version of the scenario, dropping ticks that no longer exist."""
        self.version = scenario.version
        self.ticks = {
            step_id: [i for i in items if i < len(scenario.steps[step_id].checklist)]
            for step_id, items in self.ticks.items()
            if step_id in scenario.steps
        }


def target_of(step: Step, index: int) -> str | None:
    """The step a button leads to, or None when the button no longer exists."""
    if step.next is not None:
        return step.next if index == 0 else None
    return step.choices[index].next if 0 <= index < len(step.choices) else None
