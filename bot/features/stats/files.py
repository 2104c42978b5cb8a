"""The files /stats sends: two CSV tables that Russian Excel opens by double-click (the figures, and each member's
results), and a PNG chart of the last eight weeks."""

import io
from dataclasses import dataclass
from datetime import datetime
from itertools import cycle
from typing import TYPE_CHECKING

from bot.core.i18n import Translator
from bot.core.spreadsheet import csv_bytes
from bot.features.scenarios.validation import Catalog
from bot.features.stats.rules import INDICATORS, Figure, Member, Report, number

if TYPE_CHECKING:
    from matplotlib.figure import Figure as Chart


def _cell(value: float | None) -> str:
    return "" if value is None else number(value)


def figures_csv(t: Translator, catalog: Catalog, report: Report) -> bytes:
    """The figures of the period and of the one before, a row each."""
    rows: list[list[object]] = [[t("stats-csv-figure"), t("stats-csv-now"), t("stats-csv-before")]]
    figures: list[tuple[str, Figure | None]] = [
        (t("stats-csv-new-people"), report.new_people),
        *[(t(f"stats-ind-{name}"), report.indicators[name]) for name in INDICATORS],
        (t("stats-csv-quizzes"), report.quizzes),
        (t("stats-csv-average"), report.quiz_average),
        (t("stats-csv-search-misses"), report.search_misses),
        (t("stats-csv-pledges-made"), report.pledges_made),
        (t("stats-csv-pledges-walked"), report.pledges_walked),
        (t("stats-csv-pledges-confirmed"), report.pledges_confirmed),
        (t("stats-csv-pledges-self"), report.pledges_self),
    ]
    for line in report.scenarios:
        title = catalog.get(line.scenario_id)
        name = title.title(t.locale) if title else line.scenario_id
        figures += [
            (t("stats-csv-started", title=name), line.started),
            (t("stats-csv-finished", title=name), line.finished),
        ]
    for name, figure in figures:
        rows.append([name, _cell(figure.now if figure else None), _cell(figure.before if figure else None)])
    return csv_bytes(rows)


def members_csv(t: Translator, groups: dict[int, str], members: list[Member]) -> bytes:
    """Each group member's results in the period, a row each: a table of its own, so Excel can sort it."""
    rows: list[list[object]] = [
        [t(f"stats-csv-{key}") for key in ("group", "name", "quizzes", "average", "hw-done", "hw-late", "hw-missed")]
        + [t(f"stats-csv-{key}") for key in ("pledges-made", "pledges-confirmed", "pledges-self")]
    ]
    for member in members:
        rows.append(
            [
                groups.get(member.group_id, member.group_id),
                member.first_name or "",
                member.quizzes,
                _cell(member.average),
                member.homework_done,
                member.homework_late,
                member.homework_missed,
                member.pledges_made,
                member.pledges_confirmed,
                member.pledges_self,
            ]
        )
    return csv_bytes(rows)


@dataclass(frozen=True)
class ChartText:
    title: str
    weeks: str  # the horizontal axis
    count: str  # the vertical axis
    series: dict[str, str]  # each line's name in the legend


# Lines that carry the same numbers would lie on top of each other: each gets its own marker and dashes, and is
# drawn a little to the side of its week, so every one stays visible.
STYLES = (("o", "-"), ("s", "--"), ("^", "-."), ("D", ":"))
SPREAD = 0.06  # of a week, between neighbouring lines


def chart_figure(text: ChartText, weeks: list[datetime], series: dict[str, list[int]]) -> "Chart":
    """A line per figure over the weeks, on an axis of whole numbers. matplotlib is imported here: it costs ~0.5 s
    and 30 MB, for a chart only."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure as Chart
    from matplotlib.ticker import MaxNLocator

    chart = Chart(figsize=(8, 5), dpi=100, layout="constrained")
    axes = chart.subplots()
    middle = (len(series) - 1) / 2
    for index, ((name, values), (marker, dashes)) in enumerate(zip(series.items(), cycle(STYLES), strict=False)):
        shift = (index - middle) * SPREAD
        places = [week + shift for week in range(len(values))]
        axes.plot(places, values, marker=marker, linestyle=dashes, label=text.series[name], clip_on=False)
    axes.set_xticks(range(len(weeks)), [f"{monday:%d.%m}" for monday in weeks])
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    highest = max((max(values, default=0) for values in series.values()), default=0)
    axes.set_ylim(0, max(highest, 1) * 1.1)  # zero at the bottom; room above the highest marker
    axes.set_title(text.title)
    axes.set_xlabel(text.weeks)
    axes.set_ylabel(text.count)
    axes.grid(alpha=0.3)
    chart.legend(loc="outside lower center", ncols=2)  # below the chart: it never covers a line
    return chart


def chart_png(text: ChartText, weeks: list[datetime], series: dict[str, list[int]]) -> bytes:
    out = io.BytesIO()
    chart_figure(text, weeks, series).savefig(out, format="png")
    return out.getvalue()
