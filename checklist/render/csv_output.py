"""The remediation plan as CSV: one row per gap, highest priority first.

Encoding: UTF-8 with a byte-order mark and CRLF line ends, so that Excel (which reads a
CSV without a BOM in the local code page) shows accented names correctly when the file
is double-clicked; LibreOffice, Google Sheets and Python (``encoding="utf-8-sig"``) read it
as well. Numbers use a dot as decimal separator and the same rounding as the other formats.

Spreadsheet formula injection: a cell whose text begins (after any spaces) with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is prefixed with an apostrophe, so that a
spreadsheet shows the text instead of evaluating it (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io

from checklist.render.report_view import num
from checklist.result import Gap, Result

COLUMNS = ("rule", "domain", "title", "severity", "weight", "credit", "priority", "status",
           "owner", "target_date", "overdue", "remediation", "under_active_exception")

_DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Make ``cell`` inert in a spreadsheet without changing what it says."""
    stripped = cell.lstrip(" ")
    if cell.startswith(("\t", "\r")) or stripped.startswith(_DANGEROUS_FIRST):
        return "'" + cell
    return cell


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def row(gap: Gap) -> list[str]:
    cells = [gap.rule, gap.domain, gap.title, gap.severity, num(gap.weight), num(gap.credit),
             num(gap.priority), gap.effective_status, gap.owner,
             gap.target_date.isoformat() if gap.target_date else "",
             _yes_no(gap.target_overdue), gap.remediation, _yes_no(gap.under_active_exception)]
    return [neutralise(c) for c in cells]


def render(result: Result) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for gap in result.gaps:
        writer.writerow(row(gap))
    return buffer.getvalue().encode("utf-8-sig")
