"""Outputs of the comparison and the roll-up: JSON, HTML, PDF, Markdown and CSV.

HTML and PDF come from one template per report (``templates/portfolio/``); the PDF
goes through the shared engine (:mod:`checklist.render.pdf_engine`), with the JSON
attached, and is dated by the data (the new assessment's date, or the roll-up's
reference date), never by the clock.
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path

from pydantic import BaseModel

from checklist.load.problems import UsageError
from checklist.portfolio.models import Comparison, Rollup
from checklist.render.portfolio import text, views


class PortfolioFormat(enum.StrEnum):
    JSON = "json"
    PDF = "pdf"
    HTML = "html"
    MARKDOWN = "md"
    CSV = "csv"


COMPARE_FORMATS = (PortfolioFormat.JSON, PortfolioFormat.PDF, PortfolioFormat.HTML,
                   PortfolioFormat.MARKDOWN)
ROLLUP_FORMATS = (PortfolioFormat.JSON, PortfolioFormat.PDF, PortfolioFormat.HTML,
                  PortfolioFormat.CSV, PortfolioFormat.MARKDOWN)

_EXTENSIONS = {".json": PortfolioFormat.JSON, ".pdf": PortfolioFormat.PDF,
               ".html": PortfolioFormat.HTML, ".htm": PortfolioFormat.HTML,
               ".md": PortfolioFormat.MARKDOWN, ".markdown": PortfolioFormat.MARKDOWN,
               ".csv": PortfolioFormat.CSV}

DEFAULT_TOP_GAPS = 20


def choose_format(output: Path | None, fmt: str | None,
                  allowed: tuple[PortfolioFormat, ...]) -> PortfolioFormat:
    """The format asked for with --format, else the output's extension, else JSON."""
    names = ", ".join(f.value for f in allowed)
    if fmt:
        chosen = PortfolioFormat(fmt)
    elif output is None or str(output) == "-":
        return PortfolioFormat.JSON
    else:
        guessed = _EXTENSIONS.get(output.suffix.lower())
        if guessed is None:
            raise UsageError(f"cannot tell the format of '{output}' from its extension; use "
                             f"--format ({names}) or an extension such as .pdf")
        chosen = guessed
    if chosen not in allowed:
        raise UsageError(f"this command writes {names}, not {chosen.value}")
    return chosen


def to_json(model: BaseModel) -> bytes:
    """Indented UTF-8 JSON, serialised without building Python dicts first (a roll-up of
    thousands of agencies would otherwise need several times its size in memory)."""
    return (model.model_dump_json(indent=2) + "\n").encode("utf-8")


def comparison_html(c: Comparison, *, mode: str = "html") -> str:
    from checklist.render.templating import render_template

    return render_template("portfolio/compare.html.j2", c=c, h=views, mode=mode)


def rollup_html(r: Rollup, *, mode: str = "html", top: int = DEFAULT_TOP_GAPS) -> str:
    from checklist.render.templating import render_template

    return render_template("portfolio/rollup.html.j2", r=r, h=views, mode=mode, top=top)


def _pdf(html: str, attachment: tuple[str, bytes], when: dt.date) -> bytes:
    from checklist.render.pdf_engine import html_to_pdf

    return html_to_pdf(html, attachments=[attachment], when=when)


def render_comparison(c: Comparison, fmt: PortfolioFormat) -> bytes:
    if fmt == PortfolioFormat.JSON:
        return to_json(c)
    if fmt == PortfolioFormat.HTML:
        return comparison_html(c).encode("utf-8")
    if fmt == PortfolioFormat.MARKDOWN:
        return text.comparison_markdown(c).encode("utf-8")
    if fmt == PortfolioFormat.PDF:
        return _pdf(comparison_html(c, mode="pdf"), ("comparison.json", to_json(c)), c.new.as_of)
    raise UsageError(f"the comparison cannot be written as {fmt.value}")


def render_rollup(r: Rollup, fmt: PortfolioFormat, *, top: int = DEFAULT_TOP_GAPS) -> bytes:
    if fmt == PortfolioFormat.JSON:
        return to_json(r)
    if fmt == PortfolioFormat.HTML:
        return rollup_html(r, top=top).encode("utf-8")
    if fmt == PortfolioFormat.CSV:
        return text.rollup_csv(r).encode("utf-8")
    if fmt == PortfolioFormat.MARKDOWN:
        return text.rollup_markdown(r, top=top).encode("utf-8")
    if fmt == PortfolioFormat.PDF:
        return _pdf(rollup_html(r, mode="pdf", top=top), ("rollup.json", to_json(r)), r.as_of)
    raise UsageError(f"the roll-up cannot be written as {fmt.value}")
