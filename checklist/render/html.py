"""The report as one self-contained HTML file: CSS inlined, no scripts, nothing fetched."""

from __future__ import annotations

from checklist.render import report_view
from checklist.render.templating import render_template
from checklist.result import Result


def report_html(result: Result, mode: str) -> str:
    """The report's HTML; ``mode`` is ``"pdf"`` (print CSS, shipped fonts) or ``"html"``."""
    return render_template("report.html.j2", v=report_view.build(result), mode=mode,
                           h=report_view)


def render(result: Result) -> bytes:
    return report_html(result, "html").encode("utf-8")
