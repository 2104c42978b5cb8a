"""The files /stats sends: a CSV that Russian Excel opens by double-click, and a PNG chart of the last eight weeks."""

import io
from datetime import datetime

from bot.core.i18n import Translator
from bot.core.spreadsheet import csv_bytes
from bot.features.scenarios.validation import Catalog
from bot.features.stats.rules import INDICATORS, Figure, Member, Report, number


def _cell(value: float | None) -> str:
    return "" if value is None else number(value)


def csv_file(t: Translator, catalog: Catalog, report: Report, groups: dict[int, str], members: list[Member]) -> bytes:
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
    rows.append([])
    rows.append(
        [t(f"stats-csv-{key}") for key in ("group", "name", "quizzes", "average", "hw-done", "hw-late", "hw-missed")]
        + [t(f"stats-csv-{key}") for key in ("pledges-made", "pledges-confirmed", "pledges-self")]
    )
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


def chart_png(title: str, weeks: list[datetime], series: dict[str, list[int]], labels: dict[str, str]) -> bytes:
    """A line per figure over the weeks. matplotlib is imported here: it costs ~0.5 s and 30 MB, for a chart only."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure as Chart

    chart = Chart(figsize=(8, 4.5), dpi=100)
    axes = chart.subplots()
    ticks = [f"{monday:%d.%m}" for monday in weeks]
    for name, values in series.items():
        axes.plot(ticks, values, marker="o", label=labels[name])
    axes.set_title(title)
    axes.grid(alpha=0.3)
    axes.set_ylim(bottom=0)
    axes.legend(loc="upper left")
    chart.tight_layout()
    out = io.BytesIO()
    chart.savefig(out, format="png")
    return out.getvalue()
