"""The PDF gap report: archival PDF/A-3b with the JSON results embedded as ``results.json``."""

from __future__ import annotations

from checklist.render import json_output
from checklist.render.html import report_html
from checklist.render.pdf_engine import html_to_pdf
from checklist.result import Result

ATTACHMENT_NAME = "results.json"


def render(result: Result) -> bytes:
    return html_to_pdf(report_html(result, "pdf"),
                       attachments=[(ATTACHMENT_NAME, json_output.render(result))],
                       when=result.as_of)
