"""The PDF gap report: archival PDF/A-3b with the JSON results embedded as ``results.json``.

The embedded JSON is the machine-readable result, English whatever the document's
language (as ``checklist evaluate -o results.json`` writes it): a report in Spanish passes
it as ``results``."""

from __future__ import annotations

from checklist.render import json_output
from checklist.render.html import report_html
from checklist.render.pdf_engine import html_to_pdf
from checklist.result import Result

ATTACHMENT_NAME = "results.json"


def render(result: Result, *, results: Result | None = None) -> bytes:
    """The PDF of ``result``; ``results`` is what the attached JSON holds (default:
    ``result`` itself)."""
    return html_to_pdf(report_html(result, "pdf"),
                       attachments=[(ATTACHMENT_NAME, json_output.render(results or result))],
                       when=result.as_of)
