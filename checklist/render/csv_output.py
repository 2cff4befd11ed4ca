"""The remediation plan as CSV: one row per gap, highest priority first.

Every row carries the agency name and the report id, so the plans of many agencies can be
pasted into one sheet; and the finding text, the claimed status and the status after the
checks, so a row can be read without the report.

Encoding: UTF-8 with a byte-order mark and CRLF line ends, so that Excel (which reads a
CSV without a BOM in the local code page) shows accented names correctly when the file
is double-clicked; LibreOffice, Google Sheets and Python (``encoding="utf-8-sig"``) read it
as well. Numbers use a dot as decimal separator and the same rounding as the other formats.

Every cell goes through :func:`checklist.render.text.csv_cell` (formula injection,
control characters), like every other CSV the tool writes.
"""

from __future__ import annotations

from checklist.i18n import N_, _
from checklist.render.highlights import missing_line
from checklist.render.text import csv_bytes, num, yes_no
from checklist.result import Gap, Result, RuleResult

COLUMNS = (N_("agency"), N_("report_id"), N_("rank"), N_("rule"), N_("domain"), N_("title"),
           N_("severity"), N_("weight"), N_("credit"), N_("priority"), N_("claimed_status"),
           N_("status"), N_("status_after_checks"), N_("missing"), N_("findings"),
           N_("owner"), N_("owner_needed"), N_("target_date"), N_("overdue"),
           N_("remediation"), N_("under_active_exception"), N_("management_response"))
"""The header, as message ids: another language gets its own column names, while the
codes in the cells (severity, statuses, ids, ISO dates) stay as in the JSON."""


def _findings(rule: RuleResult) -> str:
    return " | ".join(f.message for f in rule.findings)


def row(result: Result, rank: int, gap: Gap, rule: RuleResult) -> list[str]:
    """One gap. ``status`` repeats ``status_after_checks`` for sheets built on the old
    columns."""
    return [result.agency.name, result.report_id, str(rank), gap.rule, gap.domain, gap.title,
            gap.severity, num(gap.weight), num(gap.credit), num(gap.priority),
            rule.claimed_status, gap.effective_status, gap.effective_status,
            missing_line(rule), _findings(rule), gap.owner, yes_no(not gap.owner.strip()),
            gap.target_date.isoformat() if gap.target_date else "",
            yes_no(gap.target_overdue), gap.remediation,
            yes_no(gap.under_active_exception), rule.management_response]


def render(result: Result) -> bytes:
    rules = {r.id: r for r in result.rules}
    return csv_bytes([_(c) for c in COLUMNS], (row(result, i, g, rules[g.rule])
                               for i, g in enumerate(result.gaps, start=1)))
