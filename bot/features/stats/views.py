"""What /stats and the weekly digest show: pure functions from figures to text and buttons."""

from datetime import timedelta
from html import escape

from bot.core.i18n import Translator
from bot.core.screens import Screen, button
from bot.features.scenarios.validation import Catalog
from bot.features.stats.buttons import GoalCb, StatsCb
from bot.features.stats.files import ChartText
from bot.features.stats.rules import INDICATORS, PERIODS, Figure, Goal, Period, Report, number

SHORT = 40  # characters of a quiz question shown among the hardest


def change(figure: Figure, unit: str = "") -> str:
    """«12» or «12 (+4)»: the number and how it moved since the previous period."""
    text = f"{number(figure.now)}{unit}"
    if figure.change is None:
        return text
    moved = figure.change
    sign = "±" if moved == 0 else "+" if moved > 0 else "−"
    return f"{text} ({sign}{number(abs(moved))})"


def dates(period: Period) -> str:
    last = period.end - timedelta(seconds=1) if period.key == "lw" else period.end
    return f"{period.start:%d.%m}–{last:%d.%m}"


def title_of(catalog: Catalog, scenario_id: str | None, t: Translator) -> str:
    scenario = catalog.get(scenario_id) if scenario_id else None
    return escape(scenario.title(t.locale) if scenario else str(scenario_id))


def report_lines(t: Translator, catalog: Catalog, report: Report, groups: dict[int, str]) -> list[str]:
    """The figures, section by section; a section with nothing in it is left out, so the screen stays short."""
    lines = [t("stats-new-people", value=change(report.new_people))]
    if report.scenarios:
        lines += ["", t("stats-scenarios")]
        for line in report.scenarios:
            finish = line.finish_rate
            rate = f" ({change(finish, '%')})" if finish else ""
            title = title_of(catalog, line.scenario_id, t)
            lines.append(f"• {title}: {change(line.started)} → {change(line.finished)}{rate}")
    if report.dropouts:
        lines += ["", t("stats-dropouts")]
        for scenario_id, places in report.dropouts.items():
            scenario = catalog.get(scenario_id)
            steps = ", ".join(
                f"«{escape(scenario.steps[step].title(t.locale) if scenario and step in scenario.steps else step)}» {n}"
                for step, n in places
            )
            lines.append(f"• {title_of(catalog, scenario_id, t)}: {steps}")
    lines.append("")
    if report.search_misses.now or report.search_misses.before:
        topics = ", ".join(f"{escape(word)} {n}" for word, n in report.search_topics)
        lines.append(t("stats-search-miss", value=change(report.search_misses)) + (f" ({topics})" if topics else ""))
    if report.quizzes.now or report.quizzes.before:
        average = t("stats-quiz-average", value=change(report.quiz_average, "%")) if report.quiz_average else ""
        lines.append(t("stats-quizzes", value=change(report.quizzes)) + average)
        if report.hardest:
            hardest = "; ".join(f"«{_question(catalog, s, q, t)}» {n}" for s, q, n in report.hardest)
            lines.append(t("stats-hardest", questions=hardest))
    for line in report.homework:
        group = escape(groups.get(line.group_id, f"#{line.group_id}"))
        lines.append(
            t(
                "stats-homework-line",
                group=group,
                done=change(line.done),
                late=change(line.late),
                missed=change(line.missed),
            )
        )
    pledges = (report.pledges_made, report.pledges_walked, report.pledges_confirmed, report.pledges_self)
    if any(f.now or f.before for f in pledges):
        lines.append(
            t(
                "stats-pledges",
                made=change(report.pledges_made),
                walked=change(report.pledges_walked),
                confirmed=change(report.pledges_confirmed),
                reported=change(report.pledges_self),
            )
        )
    if report.followup_share:
        lines.append(
            t("stats-followups", answers=change(report.followup_answers), share=change(report.followup_share, "%"))
        )
    lines += ["", t("stats-indicators")]
    lines += [indicator_line(t, name, change(report.indicators[name])) for name in INDICATORS]
    return lines


def indicator_line(t: Translator, name: str, value: str) -> str:
    return f"{t(f'stats-ind-{name}')}: {value}"


def _question(catalog: Catalog, scenario_id: str | None, question_id: str, t: Translator) -> str:
    scenario = catalog.get(scenario_id) if scenario_id else None
    found = next((q for q in scenario.quiz if q.id == question_id), None) if scenario else None
    text = found.question(t.locale) if found else question_id
    return escape(text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…")


def stats(
    t: Translator, catalog: Catalog, report: Report, period: Period, groups: dict[int, str], everybody: bool
) -> Screen:
    head = t("stats-title", period=t(f"stats-period-{period.key}"))
    if period.key != "a":
        head += f" ({dates(period)})"
    scope = t("stats-scope-all" if everybody else "stats-scope-groups")
    compare = [t("stats-compare")] if period.previous else []
    text = "\n".join([f"<b>{head}</b>", scope, *compare, "", *report_lines(t, catalog, report, groups)])
    periods = [
        button(("• " if key == period.key else "") + t(f"stats-btn-{key}"), StatsCb(action="show", period=key))
        for key in PERIODS
    ]
    rows = (
        periods[:2],
        periods[2:],
        [
            button(t("stats-btn-chart"), StatsCb(action="chart", period=period.key)),
            button(t("stats-btn-csv"), StatsCb(action="csv", period=period.key)),
        ],
        [button(t("stats-btn-goals"), StatsCb(action="goals", period=period.key))],
    )
    return Screen(text, rows)


def goal_lines(t: Translator, progress: list[Goal]) -> list[str]:
    lines = []
    for goal in progress:
        name = t(f"stats-ind-{goal.indicator}")
        if goal.target:
            lines.append(
                t(
                    "stats-goal-line",
                    name=name,
                    reached=str(goal.reached),
                    target=str(goal.target),
                    percent=str(goal.percent),
                )
            )
        else:
            lines.append(t("stats-goal-unset", name=name, reached=str(goal.reached)))
    return lines


def goals(t: Translator, progress: list[Goal], year: int, notice: str | None = None) -> Screen:
    text = "\n".join(
        [*([notice, ""] if notice else []), t("stats-goals-title", year=str(year)), "", *goal_lines(t, progress)]
    )
    rows = [[button(t(f"stats-ind-{name}"), GoalCb(indicator=name))] for name in INDICATORS]
    rows.append([button(t("stats-btn-back"), StatsCb(action="show", period="w"))])
    return Screen(text, tuple(rows))


def ask_target(t: Translator, indicator: str, year: int) -> Screen:
    return Screen(t("stats-goal-ask", name=t(f"stats-ind-{indicator}"), year=str(year)))


def digest(
    t: Translator,
    catalog: Catalog,
    report: Report,
    week: Period,
    groups: dict[int, str],
    progress: list[Goal],
    year: int,
) -> str:
    """The coordinator's Monday message: last week's figures and how far the year's goals are reached."""
    lines = [f"<b>{t('stats-digest-title', dates=dates(week))}</b>", t("stats-compare"), ""]
    lines += report_lines(t, catalog, report, groups)
    lines += ["", t("stats-goals-title", year=str(year)), *goal_lines(t, progress), "", t("stats-digest-more")]
    return "\n".join(lines)


def chart_text(t: Translator) -> ChartText:
    series = {name: t(f"stats-chart-{name}") for name in ("new", "start", "complete", "quiz_done")}
    return ChartText(t("stats-chart-title"), t("stats-chart-weeks"), t("stats-chart-count"), series)
