"""Loading scenario files and telling authors precisely what is wrong: `file:key: reason`.

Content authors are teachers and librarians, so every reason says what to change, in plain words.
"""

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.core.buttons import CALLBACK_LIMIT
from bot.core.config import LOCALES
from bot.features.scenarios.buttons import longest_step_callback
from bot.features.scenarios.models import Scenario, Source, Step, Text

# A step's text over this many characters no longer fits one phone screen together with its heading, progress line
# and buttons (about 20 lines of 35 characters at Telegram's default font); older readers use larger fonts still.
TEXT_LIMIT = 700
# Wider button labels are cut with "…" on a narrow phone; Telegram itself allows more.
LABEL_LIMIT = 40
TITLE_LIMIT = 60
# A quiz explanation is read right after answering, on the same screen as the result.
EXPLANATION_LIMIT = 200
# The follow-up's question is one line under «Недавно вы прошли инструкцию …», above its three answer buttons.
FOLLOWUP_LIMIT = 100
QUIZ_MINIMUM = 6
# A text with a digit states a fee, deadline, age or phone number: it must say where that came from and when.
FACT = re.compile(r"\d")
# A fee or a deadline: a number followed by a money or a time-span unit, or a percentage ("300 ₽", "1,5 тыс. руб.",
# "5 рабочих дней", "до 3 месяцев", "2 working days", "7,6%"). News retell these wrong most often, and a person acts
# on them (pays, waits), so they need a primary source. Ages ("59 лет"), years ("2025 года"), dates and phone numbers
# do not match: a news article may stand alone for them. Numbers written as words are not seen.
_NUMBER = r"\d(?:[\d\s.,]*\d)?\s*"
_MONEY = r"(?:(?:тыс\.?|тысяч\w*|млн|thousand)\s*)?(?:₽|руб|коп\b|RUB\b|roubles?\b|rubles?\b)"
_SPAN_RU = r"(?:(?:рабоч|календарн)\w*\s+)?(?:д(?:ень|ня|ней|ням)\b|сут(?:ки|ок)\b|недел|месяц|час(?:а|ов)?\b)"
_SPAN_EN = r"(?:(?:working|business|calendar)\s+)?(?:day|week|month|hour)s?\b"
FEE_OR_DEADLINE = re.compile(rf"{_NUMBER}(?:{_MONEY}|{_SPAN_RU}|{_SPAN_EN}|%|процент|per\s*cent)", re.IGNORECASE)
NEWS_ONLY = (
    "states a fee or deadline but cites no official source (a law's text or an official page); news alone is not enough"
)
# The contents page of a whole code or law: consultant.ru's ".../document/cons_doc_LAW_28165/" (the whole Tax Code) or
# garant's whole-document root "base.garant.ru/10900200/". A reader lands on a list of hundreds of articles and cannot
# find the figure; an article's own page has one more part after the document id (".../cons_doc_LAW_28165/<article>/").
_CONTENTS_PAGES = (
    ("consultant.ru", re.compile(r"/document/cons_doc_LAW_\d+/?", re.IGNORECASE)),
    ("garant.ru", re.compile(r"/\d+/?")),
)
CONTENTS_PAGE = (
    "is the contents page of a whole code or law, where a reader cannot find the article: "
    "cite the article's own page (on consultant.ru it has one more part after the document id)"
)
# libyaml's parser when PyYAML was built with it: about three times faster at start-up.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    reason: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.file}:{self.key}: {'warning: ' if self.warning else ''}{self.reason}"


class ContentError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


class Catalog:
    """All scenarios, in menu order (the order of their file names)."""

    def __init__(self, scenarios: Iterable[Scenario]) -> None:
        self._by_id = {scenario.id: scenario for scenario in scenarios}

    def __iter__(self) -> Iterator[Scenario]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, scenario_id: str) -> Scenario | None:
        return self._by_id.get(scenario_id)


def scenario_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    return files


def load_catalog(paths: Iterable[Path], *, today: date, max_age_days: int) -> tuple[Catalog, list[Problem]]:
    """Every scenario that loaded cleanly, and every problem found (warnings included)."""
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for file in scenario_files(paths):
        scenario, found = _load_file(file, today, max_age_days)
        problems += found
        if scenario is None:
            continue
        if scenario.id in seen:
            problems.append(Problem(str(file), "id", f"duplicate id '{scenario.id}' (also in {seen[scenario.id]})"))
            continue
        seen[scenario.id] = str(file)
        if not any(not p.warning for p in found):
            scenarios.append(scenario)
    return Catalog(scenarios), problems


def load_or_fail(paths: Iterable[Path], *, today: date, max_age_days: int) -> tuple[Catalog, list[Problem]]:
    """The catalog and its warnings; raises ContentError when any file has an error."""
    catalog, problems = load_catalog(paths, today=today, max_age_days=max_age_days)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(errors)
    return catalog, problems


def _load_file(file: Path, today: date, max_age_days: int) -> tuple[Scenario | None, list[Problem]]:
    name = str(file)
    try:
        raw_bytes = file.read_bytes()
        data = yaml.load(raw_bytes, Loader=_YAML_LOADER)
    except OSError as exc:
        return None, [Problem(name, "-", f"cannot read the file: {exc.strerror}")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        return None, [Problem(name, where, f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    if not isinstance(data, dict):
        return None, [Problem(name, "-", "the file must be a scenario: keys such as id, title, steps")]
    data["version"] = hashlib.sha1(raw_bytes).hexdigest()[:10]
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        return None, [Problem(name, _key(err["loc"]), _reason(err)) for err in exc.errors()]
    return scenario, [Problem(name, key, reason, warn) for key, reason, warn in _check(scenario, today, max_age_days)]


def _key(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if part != "[key]") or "-"


def _reason(err: Any) -> str:
    kind, loc = err["type"], err["loc"]
    if loc and loc[-1] in LOCALES and kind in ("missing", "string_too_short"):
        return f"missing translation ({loc[-1]})"
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return "unknown key (a typo?)"
    if kind == "string_pattern_mismatch":
        return "an id may use only lowercase latin letters, digits and _"
    if kind.startswith("url"):
        return f"malformed URL '{err['input']}': {err['msg']}"
    if kind == "string_type":
        return "should be text; put it in quotes"
    if kind.startswith("date"):
        return "should be a date like 2026-11-23"
    return err["msg"].removeprefix("Value error, ")


def _check(scenario: Scenario, today: date, max_age_days: int) -> Iterator[tuple[str, str, bool]]:
    steps = scenario.steps
    if scenario.start not in steps:
        yield "start", f"unknown step '{scenario.start}'", False
        return
    dangling = False
    for step_id, step in steps.items():
        for key, target in _references(step_id, step):
            if target not in steps:
                dangling = True
                yield key, f"unknown step '{target}'", False
    if dangling:
        return
    reachable = _reachable(scenario)
    for step_id in steps:
        if step_id not in reachable:
            yield f"steps.{step_id}", f"unreachable: no way leads here from the start step '{scenario.start}'", False
    for cycle in _cycles(scenario):
        yield (
            f"steps.{cycle[0]}",
            f"leads back to itself ({' → '.join(cycle)}); people go back with the Back button",
            False,
        )
    yield from _check_texts(scenario)
    yield from _check_sources(scenario)
    yield from _check_quiz(scenario)
    yield from _check_followup(scenario)
    for step_id, step in steps.items():
        yield from _check_facts(step_id, step, today, max_age_days)
        size = longest_step_callback(scenario.id, step_id, step)
        if size > CALLBACK_LIMIT:
            yield (
                f"steps.{step_id}",
                f"button data would be {size} bytes, Telegram allows {CALLBACK_LIMIT}: shorten the ids",
                False,
            )


def _references(step_id: str, step: Step) -> Iterator[tuple[str, str]]:
    if step.next is not None:
        yield f"steps.{step_id}.next", step.next
    for index, choice in enumerate(step.choices):
        yield f"steps.{step_id}.choices.{index}.next", choice.next


def _reachable(scenario: Scenario) -> set[str]:
    seen, todo = set(), [scenario.start]
    while todo:
        step_id = todo.pop()
        if step_id not in seen:
            seen.add(step_id)
            todo.extend(scenario.steps[step_id].targets)
    return seen


def _cycles(scenario: Scenario) -> Iterator[list[str]]:
    """One cycle per back edge found by a depth-first walk."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def walk(step_id: str) -> Iterator[list[str]]:
        state[step_id] = 1
        path.append(step_id)
        for target in scenario.steps[step_id].targets:
            if state.get(target) == 1:
                yield [*path[path.index(target) :], target]
            elif target not in state:
                yield from walk(target)
        path.pop()
        state[step_id] = 2

    for step_id in scenario.steps:
        if step_id not in state:
            yield from walk(step_id)


def _texts(scenario: Scenario) -> Iterator[tuple[str, Text, int]]:
    yield "title", scenario.title, TITLE_LIMIT
    if scenario.followup:
        yield "followup", scenario.followup, FOLLOWUP_LIMIT
    for step_id, step in scenario.steps.items():
        base = f"steps.{step_id}"
        yield f"{base}.title", step.title, TITLE_LIMIT
        yield f"{base}.text", step.text, TEXT_LIMIT
        for index, item in enumerate(step.checklist):
            yield f"{base}.checklist.{index}", item, LABEL_LIMIT
        for index, link in enumerate(step.links):
            yield f"{base}.links.{index}.title", link.title, LABEL_LIMIT
        for index, choice in enumerate(step.choices):
            yield f"{base}.choices.{index}.label", choice.label, LABEL_LIMIT
    for number, question in enumerate(scenario.quiz):
        base = f"quiz.{number}"
        yield f"{base}.question", question.question, TEXT_LIMIT
        yield f"{base}.explanation", question.explanation, EXPLANATION_LIMIT
        for index, option in enumerate(question.options):
            yield f"{base}.options.{index}.text", option.text, LABEL_LIMIT


def _check_texts(scenario: Scenario) -> Iterator[tuple[str, str, bool]]:
    for key, text, limit in _texts(scenario):
        for locale in LOCALES:
            length = len(text(locale))
            if length > limit:
                yield (
                    f"{key}.{locale}",
                    f"{length} characters, more than {limit}: shorten it to fit a phone screen",
                    False,
                )


def _check_facts(step_id: str, step: Step, today: date, max_age_days: int) -> Iterator[tuple[str, str, bool]]:
    base = f"steps.{step_id}"
    states_fact = _states(FACT, step.text)
    if states_fact and not step.sources:
        yield f"{base}.sources", "states a number (fee, deadline, age or phone) but names no source", False
    elif _states(FEE_OR_DEADLINE, step.text) and not _cites_official(step.sources):
        yield f"{base}.sources", NEWS_ONLY, False
    if (states_fact or step.sources) and step.reviewed is None:
        yield f"{base}.reviewed", "has facts but no 'reviewed' date (when a person last checked them)", False
    if step.reviewed is None:
        return
    if step.reviewed > today:
        yield f"{base}.reviewed", f"review date {step.reviewed} is in the future", False
    elif (today - step.reviewed).days > max_age_days:
        age = (today - step.reviewed).days
        yield f"{base}.reviewed", f"reviewed {age} days ago (limit {max_age_days}): check the facts again", True


def _check_sources(scenario: Scenario) -> Iterator[tuple[str, str, bool]]:
    cited = [(f"steps.{step_id}", step.sources) for step_id, step in scenario.steps.items()]
    cited += [(f"quiz.{number}", question.sources) for number, question in enumerate(scenario.quiz)]
    for base, sources in cited:
        for index, source in enumerate(sources):
            if source.site_root:
                yield (
                    f"{base}.sources.{index}.url",
                    f"'{source.url}' is a site's home page: cite the page that holds the fact "
                    "(an article, the text of a law, an official help page)",
                    False,
                )
            elif _contents_page(source):
                yield f"{base}.sources.{index}.url", f"'{source.url}' {CONTENTS_PAGE}", False


def _contents_page(source: Source) -> bool:
    host = (source.url.host or "").lower()
    path = source.url.path or "/"
    return any(
        (host == domain or host.endswith(f".{domain}")) and pattern.fullmatch(path) is not None
        for domain, pattern in _CONTENTS_PAGES
    )


def _check_followup(scenario: Scenario) -> Iterator[tuple[str, str, bool]]:
    for locale in LOCALES:
        if scenario.followup and not scenario.followup(locale).endswith("?"):
            yield f"followup.{locale}", "it is a question answered yes or no: end it with '?'", False


def _check_quiz(scenario: Scenario) -> Iterator[tuple[str, str, bool]]:
    if len(scenario.quiz) < QUIZ_MINIMUM:
        yield "quiz", f"{len(scenario.quiz)} questions, a scenario needs at least {QUIZ_MINIMUM}", not scenario.quiz
    seen: set[str] = set()
    for number, question in enumerate(scenario.quiz):
        if question.id in seen:
            yield f"quiz.{number}.id", f"duplicate question id '{question.id}'", False
        seen.add(question.id)
        for index, step_id in enumerate(question.teaches):
            if step_id not in scenario.steps:
                yield f"quiz.{number}.teaches.{index}", f"unknown step '{step_id}'", False
        sources = scenario.sources_of(question)
        if _states(FACT, question.explanation) and not sources:
            yield (
                f"quiz.{number}.explanation",
                "states a number (fee, age, count of days) but names no source: "
                "add 'teaches' with the steps it comes from, or 'sources'",
                False,
            )
        elif _states(FEE_OR_DEADLINE, question.explanation) and not _cites_official(sources):
            yield (
                f"quiz.{number}.explanation",
                f"{NEWS_ONLY}: teach a step that cites one, or add it to 'sources'",
                False,
            )


def _states(pattern: re.Pattern[str], text: Text) -> bool:
    return any(pattern.search(text(locale)) for locale in LOCALES)


def _cites_official(sources: Iterable[Source]) -> bool:
    return any(source.official for source in sources)
