"""The trend report's line chart as an SVG: the score and each domain's score by year.

Pure text, no library: one polyline per series on a 0-100 scale, years along the bottom.
Series are told apart by colour and by dash pattern (so a grey print still works), and the
chart carries a title and a description for screen readers; the report's table gives the
same figures. A year without a score breaks the line rather than joining across it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import escape

from checklist.render.text import visible

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 14, 34
COLOURS = ("#1f4e79", "#c0504d", "#4f8a3c", "#8064a2", "#d08a1e", "#2c9fa7", "#7f7f7f",
           "#a33d8c", "#6b5a2a", "#3c6fd0", "#b3572e", "#2f6b5a")
DASHES = ("", "6 3", "2 2", "8 3 2 3", "4 4", "1 3")
DASH_WORDS = dict(zip(DASHES, ("solid", "dashed", "dotted", "dash-dot", "short dashes",
                               "sparse dots"), strict=True))
"""Each dash pattern in words, for a legend that cannot draw the line itself."""


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]  # one per year, None where there is no score
    colour: str
    dash: str
    width: float


def series_for(labels: Sequence[str], columns: Sequence[Sequence[float | None]]) -> list[Series]:
    """The score first (thick, solid, dark), then each domain in its own colour and dash."""
    out = [Series(labels[0], columns[0], "#111111", "", 3.0)]
    for i, (label, values) in enumerate(zip(labels[1:], columns[1:], strict=True)):
        out.append(Series(label, values, COLOURS[i % len(COLOURS)],
                          DASHES[(i + 1) % len(DASHES)], 1.4))
    return out


def x_of(index: int, count: int) -> float:
    inner = WIDTH - LEFT - RIGHT
    return LEFT + (inner / 2 if count == 1 else inner * index / (count - 1))


def y_of(value: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - max(0.0, min(100.0, value)) / 100)


def unbroken_runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    runs: list[list[tuple[int, float]]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])
        else:
            runs[-1].append((i, v))
    return [r for r in runs if r]


def _axes(years: Sequence[int]) -> list[str]:
    parts = []
    for tick in range(0, 101, 20):
        y = y_of(tick)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                     f'stroke="#d0d0d0" stroke-width="0.6"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 3.5:.1f}" text-anchor="end" '
                     f'font-size="10">{tick}</text>')
    for i, year in enumerate(years):
        x = x_of(i, len(years))
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                     f'font-size="10">{year}</text>')
    return parts


def _line(s: Series, count: int) -> list[str]:
    dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
    parts = []
    for run in unbroken_runs(s.values):
        points = " ".join(f"{x_of(i, count):.1f},{y_of(v):.1f}" for i, v in run)
        if len(run) > 1:
            parts.append(f'<polyline points="{points}" fill="none" stroke="{s.colour}" '
                         f'stroke-width="{s.width}"{dash}/>')
        parts += [f'<circle cx="{x_of(i, count):.1f}" cy="{y_of(v):.1f}" r="{s.width + 0.8:.1f}" '
                  f'fill="{s.colour}"/>' for i, v in run]
    return parts


def svg(years: Sequence[int], series: Sequence[Series], *, title: str,
        description: str) -> str:
    """The chart; ``title`` and ``description`` are its alternative text (escaped here)."""
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'width="{WIDTH}" height="{HEIGHT}" role="img" class="trend-chart" '
            f'aria-labelledby="chart-title chart-desc" '
            f'font-family="Report Sans, DejaVu Sans Condensed, sans-serif">'
            f'<title id="chart-title">{escape(visible(title))}</title>'
            f'<desc id="chart-desc">{escape(visible(description))}</desc>')
    body = _axes(years)
    for s in reversed(series):  # the score is drawn last, on top
        body += _line(s, len(years))
    return head + "".join(body) + "</svg>"


# Plain names of the series colours, for the Markdown legend (Mermaid draws no legend).
COLOUR_NAMES = {"#111111": "black", "#1f4e79": "dark blue", "#c0504d": "red",
                "#4f8a3c": "green", "#8064a2": "purple", "#d08a1e": "orange",
                "#2c9fa7": "teal", "#7f7f7f": "grey", "#a33d8c": "magenta",
                "#6b5a2a": "brown", "#3c6fd0": "blue", "#b3572e": "rust",
                "#2f6b5a": "dark green"}


def mermaid_text(value: object) -> str:
    """User text as a quoted Mermaid string: on one line, without the double quote, the
    backtick, brackets, semicolons, HTML or directive marks Mermaid could read as syntax."""
    flat = visible(value)
    for char, plain in (('"', "'"), ("`", "'"), ("[", "("), ("]", ")"), ("{", "("),
                        ("}", ")"), (";", ","), ("%", " percent"), ("#", "no. "),
                        ("<", "‹"), (">", "›"), ("&", " and ")):
        flat = flat.replace(char, plain)
    return '"' + " ".join(flat.split()) + '"'


def mermaid(years: Sequence[int], series: Sequence[Series], *, title: str) -> tuple[str, list[Series]]:
    """A Mermaid ``xychart-beta`` line chart (GitHub, GitLab and many editors draw it)
    and the series it shows. Mermaid cannot break a line at a missing year, so a series
    without a score in some year is left out of it (the table and description have it)."""
    shown = [s for s in series if all(v is not None for v in s.values)]
    palette = ", ".join(s.colour for s in shown)
    lines = ["```mermaid",
             f'%%{{init: {{"themeVariables": {{"xyChart": {{"plotColorPalette": '
             f'"{palette}"}}}}}}}}%%',
             "xychart-beta",
             f"    title {mermaid_text(title)}",
             f"    x-axis [{', '.join(str(y) for y in years)}]",
             '    y-axis "Score" 0 --> 100']
    lines += [f"    line [{', '.join(f'{v:.1f}' for v in s.values if v is not None)}]"
              for s in shown]
    return "\n".join([*lines, "```"]), shown
