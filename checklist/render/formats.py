"""The one registry of output formats and of the documents written in them.

A *format* has a name (what ``--format`` takes) and the file extensions that select it.
A *document type* (the gap report, the comparison, the roll-up...) names, for each format
it can be written in, the function that renders it, as ``"module:function"``: the module
is imported only when that format is asked for, so writing JSON never loads WeasyPrint.

To add a format: one :class:`Format` entry in :data:`FORMATS`, then a renderer entry in
each document that supports it. To add a document: one :class:`DocumentType` in
:data:`DOCUMENTS`. ``tests/test_formats.py`` renders every document in every format it
declares, so an incomplete entry fails there.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checklist.load.problems import UsageError


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extensions: tuple[str, ...]


@dataclass(frozen=True)
class DocumentType:
    name: str
    label: str
    """How the document is called in a message: "the comparison"."""
    renderers: Mapping[str, str]
    """Format name → ``"module:function"``; the function takes the document's data (and
    keyword options) and returns the file's bytes."""

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.renderers)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("json", "JSON", (".json",)),
    Format("pdf", "PDF", (".pdf",)),
    Format("html", "HTML", (".html", ".htm")),
    Format("md", "Markdown", (".md", ".markdown")),
    Format("csv", "CSV", (".csv",)),
    Format("docx", "Word", (".docx",)),
    Format("oscal-ar", "OSCAL assessment results", (".oscal.json",)),
    Format("oscal-poam", "OSCAL plan of action and milestones", (".poam.oscal.json",)),
    Format("oscal-catalog", "OSCAL catalog", (".catalog.oscal.json",)),
)}

_PORTFOLIO = "checklist.render.portfolio.outputs"

DOCUMENTS: dict[str, DocumentType] = {d.name: d for d in (
    DocumentType("report", "the gap report", {
        "json": "checklist.render.json_output:render",
        "pdf": "checklist.render.pdf:render",
        "html": "checklist.render.html:render",
        "md": "checklist.render.markdown:render",
        "csv": "checklist.render.csv_output:render",
        "docx": "checklist.render.docx.document:render",
        "oscal-ar": "checklist.render.oscal.assessment_results:render",
        "oscal-poam": "checklist.render.oscal.poam:render",
    }),
    DocumentType("comparison", "the comparison", {
        "json": f"{_PORTFOLIO}:comparison_json",
        "pdf": f"{_PORTFOLIO}:comparison_pdf",
        "html": f"{_PORTFOLIO}:comparison_html_bytes",
        "md": f"{_PORTFOLIO}:comparison_md",
    }),
    DocumentType("rollup", "the roll-up", {
        "json": f"{_PORTFOLIO}:rollup_json",
        "pdf": f"{_PORTFOLIO}:rollup_pdf",
        "html": f"{_PORTFOLIO}:rollup_html_bytes",
        "csv": f"{_PORTFOLIO}:rollup_csv_bytes",
        "md": f"{_PORTFOLIO}:rollup_md",
    }),
    DocumentType("trend", "the trend report", {
        "json": "checklist.history.trend_outputs:trend_json",
        "pdf": "checklist.history.trend_outputs:trend_pdf",
        "html": "checklist.history.trend_outputs:trend_html_bytes",
        "md": "checklist.history.trend_outputs:trend_md",
        "csv": "checklist.history.trend_outputs:trend_csv",
        "docx": "checklist.history.trend_docx:trend_docx",
    }),
    DocumentType("catalog", "the rule pack", {
        "oscal-catalog": "checklist.render.oscal.catalog:render",
    }),
)}

DEFAULT_FORMAT = "json"


def format_names(document: str) -> list[str]:
    """The ``--format`` choices of a document, in registry order."""
    return list(DOCUMENTS[document].formats)


def format_for_path(path: Path) -> Format | None:
    """The format whose extension the file name ends with; the longest ending wins, so
    ``plan.poam.oscal.json`` is a plan of action, ``results.oscal.json`` assessment results
    and ``results.json`` plain JSON."""
    name = path.name.lower()
    endings = sorted(((ext, f) for f in FORMATS.values() for ext in f.extensions),
                     key=lambda pair: -len(pair[0]))
    return next((f for ext, f in endings if name.endswith(ext)), None)


def choose(document: str, output: Path | None, fmt: str | None) -> Format:
    """The format asked for with ``--format``, else the output's extension, else JSON.

    The one place that refuses a format a document cannot be written in, with one message.
    """
    doc = DOCUMENTS[document]
    names = ", ".join(doc.formats)
    if fmt:
        chosen = FORMATS.get(fmt)
        if chosen is None:
            raise UsageError(f"unknown format '{fmt}'; {doc.label} can be written as {names}")
    elif output is None or str(output) == "-":
        chosen = FORMATS[DEFAULT_FORMAT]
    else:
        guessed = format_for_path(output)
        if guessed is None:
            raise UsageError(f"cannot tell the format of '{output}' from its extension; use "
                             f"--format ({names}) or an extension such as .pdf")
        chosen = guessed
    if chosen.name not in doc.renderers:
        raise UsageError(f"{doc.label} cannot be written as {chosen.label}; it can be "
                         f"written as {names}")
    return chosen


def render(document: str, data: Any, fmt: Format | str, **options: Any) -> bytes:
    """Render ``data`` as ``document`` in ``fmt``, importing only that format's module."""
    name = fmt if isinstance(fmt, str) else fmt.name
    doc = DOCUMENTS[document]
    target = doc.renderers.get(name)
    if target is None:
        raise UsageError(f"{doc.label} cannot be written as {name}")
    module_name, _, attr = target.partition(":")
    function = getattr(importlib.import_module(module_name), attr)
    output: bytes = function(data, **options)
    return output
