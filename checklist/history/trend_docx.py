"""The trend report as a Word document (``checklist history DB agency NAME -o x.docx``).

python-docx draws no native charts, so the line chart is a picture: the same lines as the
SVG chart of the HTML and PDF versions (:mod:`.chart`: the same scale, colours and dash
patterns), painted into a PNG by the small encoder the gap report's Word version uses. The
picture holds no text (there is no font renderer without another dependency); its legend,
its axes and every value are given in words beside it, and the table gives the figures.
python-docx is imported only here, on the Word path.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from checklist.history import chart
from checklist.history.trend import Trend
from checklist.history.trend_outputs import (
    chart_description,
    chart_title,
    rows_by_measure,
    series_of,
    summary_line,
)
from checklist.render.docx.document import VisibleDocument
from checklist.render.docx.parts import encode_png, fixed_zip, page_number, table
from checklist.render.text import visible

SCALE = 2  # the picture is drawn at twice the SVG's size, so it prints sharp
_GRID = (0xD0, 0xD0, 0xD0)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class _Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.rows = [bytearray(b"\xff" * (width * 3)) for _ in range(height)]

    def dot(self, x: float, y: float, radius: float, colour: tuple[int, int, int]) -> None:
        """A filled disc (radius in pixels) centred on (x, y)."""
        r = max(radius, 0.5)
        for py in range(max(0, int(y - r)), min(self.height, int(y + r) + 1)):
            for px in range(max(0, int(x - r)), min(self.width, int(x + r) + 1)):
                if (px + 0.5 - x) ** 2 + (py + 0.5 - y) ** 2 <= r * r:
                    self.rows[py][px * 3:px * 3 + 3] = bytes(colour)

    def segment(self, a: tuple[float, float], b: tuple[float, float], width: float,
                colour: tuple[int, int, int], dash: Sequence[float], start: float) -> float:
        """A line from a to b, dashed by ``dash`` (on, off, ... lengths) from ``start``
        along the pattern; returns where the pattern stands at b."""
        length = ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5
        steps = max(1, int(length * 2))
        period = sum(dash)
        for i in range(steps + 1):
            along = start + length * i / steps
            if period and not _on(along % period, dash):
                continue
            f = i / steps
            self.dot(a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, width / 2, colour)
        return float(start + length)

    def png(self) -> bytes:
        return encode_png(self.width, self.height, self.rows)


def _on(position: float, dash: Sequence[float]) -> bool:
    for i, part in enumerate(dash):
        if position < part:
            return i % 2 == 0
        position -= part
    return True


def line_chart_png(years: Sequence[int], series: Sequence[chart.Series]) -> bytes:
    """The trend chart as a PNG: grid lines at every 20 points, one line per series."""
    canvas = _Canvas(chart.WIDTH * SCALE, chart.HEIGHT * SCALE)
    for tick in range(0, 101, 20):
        y = chart.y_of(tick) * SCALE
        canvas.segment((chart.LEFT * SCALE, y), ((chart.WIDTH - chart.RIGHT) * SCALE, y),
                       1.2, _GRID, (), 0)
    for s in reversed(series):  # the score is drawn last, on top
        colour, width = _rgb(s.colour), s.width * SCALE
        dash = [float(d) * SCALE for d in s.dash.split()]
        for run in chart.unbroken_runs(s.values):
            points = [(chart.x_of(i, len(years)) * SCALE, chart.y_of(v) * SCALE) for i, v in run]
            start = 0.0
            for a, b in itertools.pairwise(points):
                start = canvas.segment(a, b, width, colour, dash, start)
            for x, y in points:
                canvas.dot(x, y, (s.width + 0.8) * SCALE, colour)
    return canvas.png()


def _shade(cell: Any, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)


def _chart(doc: Any, t: Trend) -> None:
    series = series_of(t)
    years = [p.year for p in t.points]
    doc.add_heading("Chart", level=1)
    doc.add_picture(io.BytesIO(line_chart_png(years, series)), width=Inches(6.5))
    doc_pr = doc.inline_shapes[-1]._inline.docPr
    doc_pr.set("descr", visible(chart_description(t), breaks=False))
    doc_pr.set("title", visible(chart_title(t), breaks=False))
    doc.add_paragraph(f"{chart_title(t)}. Grid lines every 20 points, from 0 at the bottom "
                      f"to 100 at the top; years from left to right: "
                      f"{', '.join(str(y) for y in years)}. A year without a score breaks "
                      "the line.")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Line", "Colour", "Pattern"], strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for s in series:
        cells = table.add_row().cells
        cells[0].text = visible(s.label)
        cells[1].text = chart.COLOUR_NAMES.get(s.colour, s.colour)
        _shade(cells[1], s.colour)
        cells[1].paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        cells[1].paragraphs[0].runs[0].bold = True
        cells[2].text = (chart.DASH_WORDS.get(s.dash, "dashed")
                         + (", thick" if s is series[0] else ""))
    doc.add_paragraph()
    doc.add_paragraph(chart_description(t))


def _figures(doc: Any, t: Trend) -> None:
    rows = rows_by_measure(t)
    doc.add_heading("Figures by year", level=1)
    header = [rows[0][0], *(str(c) for c in rows[0][1])]
    body = [[label, *(str(c) for c in cells)] for label, cells, _ in rows[1:]]
    table(doc, header, body)


def _setup(doc: Any, t: Trend) -> None:
    day = dt.date.fromisoformat(t.as_of)
    core = doc.core_properties
    core.created = core.modified = core.last_printed = dt.datetime(
        day.year, day.month, day.day, tzinfo=dt.UTC)
    core.title = visible(f"Trend: {t.agency}", breaks=False)
    core.author = core.last_modified_by = f"checklist {t.tool_version}"
    core.revision = 1
    doc.styles["Table Grid"].font.size = Pt(9)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Inches(0.75)
    footer = section.footer.paragraphs[0]
    footer.text = visible(f"Trend: {t.agency} · as of {t.as_of} · page ", breaks=False)
    page_number(footer)


def trend_docx(t: Trend) -> bytes:
    doc = VisibleDocument(Document())
    _setup(doc, t)
    doc.add_heading(f"Trend: {t.agency}", level=0)
    who = [f"Agency id {t.agency_id}" if t.agency_id else "",
           t.jurisdiction, f"latest assessment {t.as_of}",
           f"checklist {t.tool_version}"]
    doc.add_paragraph(" · ".join(w for w in who if w))
    doc.add_paragraph(f"{summary_line(t)} Scores are out of 100; each year shows the "
                      "agency's latest assessment dated in it.")
    _figures(doc, t)
    _chart(doc, t)
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue(), dt.date.fromisoformat(t.as_of))
