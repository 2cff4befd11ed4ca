"""The remediation plan as CSV: one row per gap, highest priority first.

Encoding: UTF-8 with a byte-order mark and CRLF line ends, so that Excel (which reads a
CSV without a BOM in the local code page) shows accented names correctly when the file
is double-clicked; LibreOffice, Google Sheets and Python (``encoding="utf-8-sig"``) read it
as well. Numbers use a dot as decimal separator and the same rounding as the other formats.

Every cell goes through :func:`checklist.render.text.csv_cell` (formula injection,
control characters), like every other CSV the tool writes.
"""

from __future__ import annotations

from checklist.render.text import csv_bytes, num
from checklist.result import Gap, Result

COLUMNS = ("rule", "domain", "title", "severity", "weight", "credit", "priority", "status",
           "owner", "target_date", "overdue", "remediation", "under_active_exception")


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def row(gap: Gap) -> list[str]:
    return [gap.rule, gap.domain, gap.title, gap.severity, num(gap.weight), num(gap.credit),
             num(gap.priority), gap.effective_status, gap.owner,
             gap.target_date.isoformat() if gap.target_date else "",
             _yes_no(gap.target_overdue), gap.remediation, _yes_no(gap.under_active_exception)]


def render(result: Result) -> bytes:
    return csv_bytes(COLUMNS, (row(gap) for gap in result.gaps))
