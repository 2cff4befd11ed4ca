"""The trend report (``checklist history DB agency NAME -o FILE``) in each of its formats.

JSON and CSV give the figures; Markdown the figures as a table; HTML and PDF add the line
chart (:mod:`.chart`). The PDF goes through the shared engine (bundled fonts, only the
package's templates readable) and carries the JSON as an attachment.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from markupsafe import Markup

from checklist.history import chart
from checklist.history.queries import NOT_RATED
from checklist.history.trend import Trend
from checklist.render import text

FORMAT_VERSION = "1"


def _data(t: Trend) -> dict[str, Any]:
    return {"format_version": FORMAT_VERSION,
            "tool": {"name": "checklist", "version": t.tool_version},
            "agency": {"name": t.agency, "id": t.agency_id, "jurisdiction": t.jurisdiction},
            "as_of": t.as_of, "score_change": t.change(),
            "domains": [dataclasses.asdict(d) for d in t.domains],
            "years": [dataclasses.asdict(p) for p in t.points]}


def trend_json(t: Trend) -> bytes:
    body = json.dumps(_data(t), indent=2, ensure_ascii=False)
    return (text.json_visible(body) + "\n").encode("utf-8")


def _header(t: Trend) -> list[str]:
    return ["Year", "Date", "Score", "Rating", "Provisional", "Completion", "Gaps",
            "Critical gaps", *(d.title for d in t.domains), "Pack", "File"]


def _cells(t: Trend, p: Any, fmt: Any) -> list[object]:
    return [p.year, p.as_of, fmt(p.score), p.rating or NOT_RATED,
            "yes" if p.provisional else "no", text.percent(p.completion), p.gaps,
            p.critical_gaps, *(fmt(p.domain_scores.get(d.id)) for d in t.domains), p.pack,
            p.file]


def trend_csv(t: Trend) -> bytes:
    rows = [[p.agency, t.agency_id, t.jurisdiction, *_cells(t, p, _plain)] for p in t.points]
    return text.csv_bytes(["Agency", "Agency id", "Jurisdiction", *_header(t)], rows)


def _plain(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def summary_line(t: Trend) -> str:
    """One sentence: years on file, first and latest score, the change."""
    first, last = t.points[0], t.points[-1]
    years = text.plural(len(t.points), "year")
    if len(t.points) == 1:
        return f"{years} on file ({first.year}): score {text.score(first.score)}."
    change = t.change()
    moved = ("no score to compare" if change is None else
             "unchanged" if change == 0 else f"{'up' if change > 0 else 'down'} "
             f"{abs(change):.1f} points")
    return (f"{years} on file ({first.year}–{last.year}): score {text.score(first.score)} "
            f"in {first.year}, {text.score(last.score)} in {last.year} ({moved}).")


def chart_description(t: Trend) -> str:
    """The chart in words, its alternative text."""
    def path(values: list[float | None]) -> str:
        return ", ".join(f"{p.year} {text.score(v)}" for p, v in zip(t.points, values,
                                                                      strict=True))
    parts = [f"Score by year: {path([p.score for p in t.points])}."]
    parts += [f"{d.title}: {path([p.domain_scores.get(d.id) for p in t.points])}."
              for d in t.domains]
    return " ".join(parts)


def trend_md(t: Trend) -> bytes:
    header = _header(t)
    lines = [f"# Trend: {text.md(t.agency)}", "",
             f"{text.md(summary_line(t))} Scores are out of 100; each year shows the "
             "agency's latest assessment dated in it.", "",
             "| " + " | ".join(text.md(h) for h in header) + " |",
             "|" + "---|" * len(header)]
    for p in t.points:
        lines.append("| " + " | ".join(text.md(c) for c in _cells(t, p, text.score)) + " |")
    series = series_of(t)
    block, shown = chart.mermaid([p.year for p in t.points], series, title=chart_title(t))
    lines += ["", "## Chart", "", _legend(shown, series), "", block, "",
              text.md(chart_description(t)), ""]
    return "\n".join(lines).encode("utf-8")


def series_of(t: Trend) -> list[chart.Series]:
    labels = ["Score", *(d.title for d in t.domains)]
    columns = [[p.score for p in t.points],
               *([p.domain_scores.get(d.id) for p in t.points] for d in t.domains)]
    return chart.series_for(labels, columns)


def chart_title(t: Trend) -> str:
    return f"Score and domain scores of {t.agency} by year"


def _legend(shown: list[chart.Series], every: list[chart.Series]) -> str:
    """What each line of the Mermaid chart is (it draws no legend of its own)."""
    names = [f"{text.md(s.label)} ({chart.COLOUR_NAMES.get(s.colour, s.colour)})"
             for s in shown]
    out = (f"Lines, out of 100 by year: {', '.join(names)}." if names else
           "No measure has a score in every year, so the chart has no line.")
    left = [text.md(s.label) for s in every if s not in shown]
    if left:
        out += (f" Not drawn, as a year has no score (see the table): {', '.join(left)}.")
    return out


def _chart(t: Trend) -> Markup:
    svg = chart.svg([p.year for p in t.points], series_of(t), title=chart_title(t),
                    description=chart_description(t))
    return Markup(svg)  # built from numbers and escaped text only (chart.svg)


def trend_html(t: Trend, *, mode: str = "html") -> str:
    from checklist.render.templating import render_template

    return render_template("history-trend.html.j2", t=t, mode=mode, chart=_chart(t),
                           legend=series_of(t), text=text,
                           summary=summary_line(t), rows=rows_by_measure(t))


_TEXT_ROWS = {1, 3, 4}  # date, rating, provisional; and the last two, pack and file


def rows_by_measure(t: Trend) -> list[tuple[str, list[object], bool]]:
    """The year-by-year table turned on its side for the page: a row per measure (year,
    date, score, ..., each domain), a column per year, so many domains never run off the
    page. Each row: (label, one cell per year, whether the cells are numbers)."""
    columns = [_cells(t, p, text.score) for p in t.points]
    header = _header(t)
    return [(label, [c[i] for c in columns], i not in _TEXT_ROWS and i < len(header) - 2)
            for i, label in enumerate(header)]


def trend_html_bytes(t: Trend) -> bytes:
    return trend_html(t).encode("utf-8")


def trend_pdf(t: Trend) -> bytes:
    from checklist.render.pdf_engine import html_to_pdf

    return html_to_pdf(trend_html(t, mode="pdf"), attachments=[("trend.json", trend_json(t))],
                       when=dt.date.fromisoformat(t.as_of))
