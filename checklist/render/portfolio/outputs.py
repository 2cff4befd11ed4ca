"""Renderers of the comparison and the roll-up, one function per format; the format
registry (:mod:`checklist.render.formats`) names them.

HTML and PDF come from one template per report (``templates/portfolio/``); the PDF
goes through the shared engine (:mod:`checklist.render.pdf_engine`), with the JSON
attached, and is dated by the data (the new assessment's date, or the roll-up's
reference date), never by the clock.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from checklist.portfolio.models import Comparison, Rollup
from checklist.render.portfolio import text, views

DEFAULT_TOP_GAPS = 20


def to_json(model: BaseModel) -> bytes:
    """Indented UTF-8 JSON, serialised without building Python dicts first (a roll-up of
    thousands of agencies would otherwise need several times its size in memory)."""
    from checklist.render.text import json_visible

    return (json_visible(model.model_dump_json(indent=2)) + "\n").encode("utf-8")


def comparison_html(c: Comparison, *, mode: str = "html") -> str:
    from checklist.render.templating import render_template

    return render_template("portfolio/compare.html.j2", c=c, h=views, mode=mode)


def rollup_html(r: Rollup, *, mode: str = "html", top: int = DEFAULT_TOP_GAPS) -> str:
    from checklist.render.templating import render_template

    return render_template("portfolio/rollup.html.j2", r=r, h=views, mode=mode, top=top)


def _pdf(html: str, attachment: tuple[str, bytes], when: dt.date) -> bytes:
    from checklist.render.pdf_engine import html_to_pdf

    return html_to_pdf(html, attachments=[attachment], when=when)


def comparison_json(c: Comparison) -> bytes:
    return to_json(c)


def comparison_html_bytes(c: Comparison) -> bytes:
    return comparison_html(c).encode("utf-8")


def comparison_md(c: Comparison) -> bytes:
    return text.comparison_markdown(c).encode("utf-8")


def comparison_pdf(c: Comparison) -> bytes:
    return _pdf(comparison_html(c, mode="pdf"), ("comparison.json", to_json(c)), c.new.as_of)


def rollup_json(r: Rollup, *, top: int = DEFAULT_TOP_GAPS) -> bytes:
    return to_json(r)


def rollup_html_bytes(r: Rollup, *, top: int = DEFAULT_TOP_GAPS) -> bytes:
    return rollup_html(r, top=top).encode("utf-8")


def rollup_csv_bytes(r: Rollup, *, top: int = DEFAULT_TOP_GAPS) -> bytes:
    return text.rollup_csv(r)


def rollup_md(r: Rollup, *, top: int = DEFAULT_TOP_GAPS) -> bytes:
    return text.rollup_markdown(r, top=top).encode("utf-8")


def rollup_pdf(r: Rollup, *, top: int = DEFAULT_TOP_GAPS) -> bytes:
    return _pdf(rollup_html(r, mode="pdf", top=top), ("rollup.json", to_json(r)), r.as_of)
