"""What the person sees: each function builds one screen (text and buttons) and talks to nobody."""

from functools import lru_cache
from html import escape
from itertools import pairwise

from aiogram.types import InlineKeyboardButton

from bot.core.buttons import MenuCb
from bot.core.i18n import Translator
from bot.core.screens import Row, Screen, button
from bot.features.scenarios.buttons import BackCb, ChoiceCb, JumpCb, OpenCb, QuizOpenCb, RemindCb, ResumeCb, TickCb
from bot.features.scenarios.journey import Progress
from bot.features.scenarios.models import Scenario, Source, Step
from bot.features.scenarios.search import Match
from bot.features.scenarios.validation import Catalog


# Screens are cached: a few hundred distinct ones serve everybody, and building one (pydantic buttons, packed
# callback data, Fluent strings) was a sixth of an update's cost (docs/benchmarks.md). Arguments are hashable:
# a Translator by identity, a Scenario by id and version.
@lru_cache(maxsize=256)
def menu(t: Translator, catalog: Catalog, unfinished: Scenario | None = None, intro: str | None = None) -> Screen:
    rows = []
    if unfinished:
        # «Продолжить» says what the person wants: straight back to their step, not a second question about it.
        resume = ResumeCb(scenario=unfinished.id, fresh=False)
        rows.append([button(t("menu-continue", title=unfinished.title(t.locale)), resume)])
    rows += [[button(scenario.title(t.locale), OpenCb(scenario=scenario.id))] for scenario in catalog]
    text = t("menu-title") if intro is None else f"{intro}\n\n{t('menu-title')}"
    return Screen(text, tuple(rows))


def search_results(t: Translator, matches: list[Match]) -> Screen:
    rows = []
    for match in matches:
        scenario, lang = match.scenario, t.locale
        label = scenario.title(lang)
        if match.step_id != scenario.start:
            label = f"{label}: {scenario.steps[match.step_id].title(lang)}"
        rows.append([button(label, JumpCb(scenario=scenario.id, step=match.step_id))])
    rows.append([button(t("btn-menu"), MenuCb())])
    return Screen(t("search-found"), tuple(rows))


def progress_line(t: Translator, scenario: Scenario, step_id: str, current: int) -> str:
    low, high = scenario.remaining[step_id]
    if high == 0:
        return t("progress-end")
    if low == high:
        return t("progress-exact", current=current, total=current + low)
    return t("progress-range", current=current, low=current + low, high=current + high)


def step(t: Translator, scenario: Scenario, progress: Progress) -> Screen:
    ticked = tuple(progress.ticks.get(progress.step_id, ()))
    return _step(t, scenario, progress.step_id, progress.number, ticked, bool(progress.trail))


@lru_cache(maxsize=4096)
def _step(t: Translator, scenario: Scenario, step_id: str, number: int, ticked: tuple[int, ...], back: bool) -> Screen:
    current = scenario.steps[step_id]
    lang = t.locale
    parts = [
        f"<b>{escape(scenario.title(lang))}</b>",
        f"{progress_line(t, scenario, step_id, number)} · {escape(current.title(lang))}",
        "",
        escape(current.text(lang)),
    ]
    if current.checklist:
        parts += ["", t("checklist-hint")]
    if current.end:
        parts += ["", t("summary-below")]
    if current.sources:
        parts += ["", _sources(t, current)]
    return Screen("\n".join(parts), tuple(_step_rows(t, scenario, step_id, current, ticked, back)))


def source_title(t: Translator, source: Source) -> str:
    """A source's title, marked as news when it is not on an official domain, so people can weigh it."""
    title = escape(source.title)
    return title if source.official else f"{title} ({t('source-news')})"


def source_link(t: Translator, source: Source) -> str:
    return f'<a href="{escape(str(source.url))}">{source_title(t, source)}</a>'


def _sources(t: Translator, current: Step) -> str:
    links = "; ".join(source_link(t, s) for s in current.sources)
    reviewed = f" ({t('reviewed', date=current.reviewed.strftime('%d.%m.%Y'))})" if current.reviewed else ""
    return f"<i>{t('sources')}: {links}{reviewed}</i>"


def _step_rows(
    t: Translator, scenario: Scenario, step_id: str, current: Step, ticked: tuple[int, ...], back: bool
) -> list[Row]:
    lang, ids = t.locale, {"scenario": scenario.id, "step": step_id}
    rows: list[Row] = [
        [button(f"{'☑' if index in ticked else '☐'} {item(lang)}", TickCb(**ids, index=index))]
        for index, item in enumerate(current.checklist)
    ]
    rows += [[InlineKeyboardButton(text=f"🔗 {link.title(lang)}", url=str(link.url))] for link in current.links]
    if current.offer_reminder:
        rows.append([button(t("btn-remind"), RemindCb(scenario=scenario.id))])
    if current.next is not None:
        rows.append([button(t("btn-next"), ChoiceCb(**ids, index=0))])
    rows += [[button(choice.label(lang), ChoiceCb(**ids, index=index))] for index, choice in enumerate(current.choices)]
    if current.end and scenario.quiz:
        rows.append([button(t("quiz-btn-self-check"), QuizOpenCb(scenario=scenario.id))])
    navigation = [button(t("btn-back"), BackCb(**ids))] if back else []
    rows.append([*navigation, button(t("btn-menu"), MenuCb())])
    return rows


def resume_offer(t: Translator, scenario: Scenario, progress: Progress) -> Screen:
    lang = t.locale
    text = t(
        "resume-offer",
        title=escape(scenario.title(lang)),
        number=progress.number,
        step=escape(progress.step(scenario).title(lang)),
    )
    rows = (
        [button(t("btn-continue"), ResumeCb(scenario=scenario.id, fresh=False))],
        [button(t("btn-restart"), ResumeCb(scenario=scenario.id, fresh=True))],
        [button(t("btn-menu"), MenuCb())],
    )
    return Screen(text, rows)


def summary(t: Translator, scenario: Scenario, progress: Progress) -> str:
    """A plain card that reads well on its own when forwarded to a relative."""
    lang, steps = t.locale, scenario.steps
    way = [*progress.trail, progress.step_id]
    lines = [f"<b>{escape(t('summary-title', title=scenario.title(lang)))}</b>", t("summary-origin")]
    chosen = []
    for before, after in pairwise(way):
        # Only a choice the way itself shows: when two options lead to the same step, which one was pressed is not
        # kept, and the card must not claim an option the person never chose.
        labels = [c.label(lang) for c in steps[before].choices if c.next == after]
        if len(labels) == 1:
            chosen.append(f"• {escape(steps[before].title(lang))}: {escape(labels[0])}")
    if chosen:
        lines += ["", t("summary-path"), *chosen]
    ticked: dict[str, bool] = {}  # an item several steps list (passport, SNILS) once, ticked if ticked anywhere
    for step_id in way:
        for index, item in enumerate(steps[step_id].checklist):
            ticked[item(lang)] = ticked.get(item(lang), False) or index in progress.ticks.get(step_id, ())
    items = [f"{'☑' if done else '☐'} {escape(item)}" for item, done in ticked.items()]
    if items:
        lines += ["", t("summary-checklist"), *items]
    lines += ["", escape(steps[progress.step_id].text(lang))]
    sourced = [steps[step_id] for step_id in way if steps[step_id].sources]
    if sourced:
        oldest = min(s.reviewed for s in sourced if s.reviewed)
        titles = dict.fromkeys(f"• {source_title(t, src)} — {src.url}" for s in sourced for src in s.sources)
        lines += ["", t("summary-sources", date=oldest.strftime("%d.%m.%Y")), *titles]
    return "\n".join(lines)
