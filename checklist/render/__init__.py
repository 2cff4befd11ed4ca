"""Output formats. Each module turns a :class:`~checklist.result.Result` into bytes.

Modules are imported only when their format is asked for, so that writing JSON never
loads WeasyPrint (about one second of start-up).
"""

from __future__ import annotations

import enum
import importlib
from pathlib import Path

from checklist.result import Result


class OutputFormat(enum.StrEnum):
    JSON = "json"
    PDF = "pdf"
    HTML = "html"
    MARKDOWN = "md"
    CSV = "csv"
    OSCAL_AR = "oscal-ar"
    OSCAL_POAM = "oscal-poam"
    DOCX = "docx"


_MODULES: dict[OutputFormat, str] = {
    OutputFormat.JSON: "checklist.render.json_output",
    OutputFormat.PDF: "checklist.render.pdf",
    OutputFormat.HTML: "checklist.render.html",
    OutputFormat.MARKDOWN: "checklist.render.markdown",
    OutputFormat.CSV: "checklist.render.csv_output",
    OutputFormat.OSCAL_AR: "checklist.render.oscal.assessment_results",
    OutputFormat.OSCAL_POAM: "checklist.render.oscal.poam",
    OutputFormat.DOCX: "checklist.render.docx.document",
}

# Longer endings first: "results.oscal.json" is OSCAL, "results.json" plain JSON.
_NAME_ENDINGS: dict[str, OutputFormat] = {
    ".poam.oscal.json": OutputFormat.OSCAL_POAM,
    ".oscal.json": OutputFormat.OSCAL_AR,
}

_EXTENSIONS: dict[str, OutputFormat] = {
    ".json": OutputFormat.JSON,
    ".pdf": OutputFormat.PDF,
    ".html": OutputFormat.HTML,
    ".htm": OutputFormat.HTML,
    ".md": OutputFormat.MARKDOWN,
    ".markdown": OutputFormat.MARKDOWN,
    ".csv": OutputFormat.CSV,
    ".docx": OutputFormat.DOCX,
}


def format_for_path(path: Path) -> OutputFormat | None:
    name = path.name.lower()
    for ending, fmt in _NAME_ENDINGS.items():
        if name.endswith(ending):
            return fmt
    return _EXTENSIONS.get(path.suffix.lower())


def render(result: Result, fmt: OutputFormat) -> bytes:
    module = importlib.import_module(_MODULES[fmt])
    output: bytes = module.render(result)
    return output
