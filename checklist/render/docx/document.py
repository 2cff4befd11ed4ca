"""The Word gap report: the same sections, in the same order, as the PDF (docs/interchange.md).

Built from :mod:`checklist.render.report_view`, so every figure is the one the PDF prints.
Built-in style names (Title, Heading 1–3, Table Grid, List Bullet) and one named style,
"Report Score", let an agency restyle the document with its house template.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Inches, Pt

from checklist.render import report_view as h
from checklist.render.docx.parts import bar_chart, fixed_zip, page_number, repeat_header
from checklist.render.text import visible
from checklist.result import Result, RuleResult


class _Visible:
    """The document, with every text shown as the toolkit shows it: a control character
    becomes U+FFFD. Word's XML cannot hold most control characters at all, so a raw one in
    an agency's text would otherwise stop the document being written."""

    def __init__(self, doc: Any) -> None:
        self._doc = doc

    def add_heading(self, text: str = "", level: int = 1) -> Any:
        return self._doc.add_heading(visible(text), level=level)

    def add_paragraph(self, text: str = "", style: str | None = None) -> Any:
        return self._doc.add_paragraph(visible(text), style=style)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._doc, name)


def _table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[str]],
           widths: Sequence[float] = ()) -> None:
    """A table whose header row repeats on each page; ``widths`` in inches, if given."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = visible(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    repeat_header(table)
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = visible(text)
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Inches(width)
        for row_ in table.rows:
            for cell, width in zip(row_.cells, widths, strict=True):
                cell.width = Inches(width)
    doc.add_paragraph()


def _bullets(doc: Any, lines: Sequence[str]) -> None:
    for line in lines:
        doc.add_paragraph(line, style="List Bullet")


def _head(doc: Any, v: h.ReportView) -> None:
    r = v.result
    doc.add_heading(f"{r.agency.name}: self-assessment and gap report", level=0)
    doc.add_paragraph(f"{r.pack.title} (version {r.pack.version}) · situation as of {r.as_of}"
                      + (f" · {r.agency.jurisdiction}" if r.agency.jurisdiction else "")
                      + f" · report {r.report_id}")
    if r.assessor:
        doc.add_paragraph(f"Assessor: {r.assessor.name}"
                          + (f", {r.assessor.title}" if r.assessor.title else ""))
    doc.add_paragraph(f"Score {v.score} of 100 · rating {v.rating}", style="Report Score")


def _summary(doc: Any, v: h.ReportView) -> None:
    s = v.result.summary
    doc.add_heading("Executive summary", level=1)
    _table(doc, ["Measure", "Value"], list(v.key_figures))
    doc.add_heading("Why this rating", level=2)
    _bullets(doc, v.why)
    if v.rating_note:
        doc.add_paragraph(v.rating_note)
    doc.add_heading("Score by domain", level=2)
    doc.add_picture(io.BytesIO(bar_chart([(d.value, d.tone) for d in v.domains])),
                    width=Inches(6))
    alt = "Score by domain: " + "; ".join(f"{d.title} {d.score}" for d in v.domains)
    doc_pr = doc.inline_shapes[-1]._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("title", "Score by domain")
    rows = [(d.title, d.score, f"{d.earned} / {d.possible}", str(d.gaps)) for d in v.domains]
    rows.append(("All practices in scope", v.score,
                 f"{h.num(s.score.earned)} / {h.num(s.score.possible)}", str(s.gaps)))
    _table(doc, ["Domain", "Score", "Points", "Gaps"], rows)
    if v.control and v.control.overall_response:
        doc.add_heading(h.MANAGEMENT_RESPONSE, level=2)
        doc.add_paragraph(v.control.overall_response)


def _action_rows(rows: Sequence[h.Action]) -> list[tuple[str, ...]]:
    return [(str(a.rank), f"{a.rule} {a.title}: {a.missing}"
             + (" (under approved exception)" if a.under_exception else ""),
             h.severity_label(a.severity), h.OWNER_NEEDED if a.owner_needed else a.owner,
             (a.target or "—") + (" OVERDUE" if a.overdue else "")) for a in rows]


ACTION_HEADER = ["#", "Practice and what is missing", "Severity", "Owner", "Target"]
ACTION_WIDTHS = (0.4, 3.6, 0.8, 1.2, 1.0)


def _highlights(doc: Any, v: h.ReportView) -> None:
    hl = v.highlights
    assert hl is not None
    doc.add_paragraph(f"Document status: {hl.document_status}")
    doc.add_paragraph(h.NOT_AN_AUDIT)
    doc.add_heading("Highlights", level=1)
    for line in hl.key_message:
        doc.add_paragraph(line)
    if hl.provisional_note:
        doc.add_paragraph(hl.provisional_note).runs[0].bold = True
    doc.add_heading("Five priority actions", level=2)
    if hl.actions:
        _table(doc, ACTION_HEADER, _action_rows(hl.actions), widths=ACTION_WIDTHS)
    else:
        doc.add_paragraph("No gaps: every practice in scope earned full credit.")
    doc.add_heading("Strengths", level=2)
    _bullets(doc, hl.strengths or (h.NO_STRENGTHS,))


def _control(doc: Any, v: h.ReportView) -> None:
    dc = v.control
    assert dc is not None
    doc.add_heading("Document control and attestation", level=1)
    _table(doc, ["Item", "Value"], [("Status", dc.status), ("Version", dc.version or "—"),
                                    ("Distribution", "; ".join(dc.distribution)
                                     or h.NO_DISTRIBUTION)])
    doc.add_paragraph(h.ATTESTATION_TEXT)
    blank = "_" * 16
    _table(doc, ["Role", "Name", "Title", "Date", "Signature"],
           [(sl.role, sl.name or blank, sl.title, sl.date or blank, blank)
            for sl in dc.signatures])


def _plan(doc: Any, v: h.ReportView) -> None:
    doc.add_heading("Remediation plan", level=1)
    doc.add_paragraph("Every practice in scope with less than full credit, highest priority "
                      "first. Priority = weight × (1 − credit). Ties put an overdue target "
                      "first, then the more severe, then the lower id.")
    if not v.actions:
        doc.add_paragraph("No gaps: every practice in scope earned full credit.")
        return
    _table(doc, ACTION_HEADER, _action_rows(v.actions), widths=ACTION_WIDTHS)


def _rule(doc: Any, rule: RuleResult, rank: int | None) -> None:
    doc.add_heading(f"{rule.id} {rule.title}", level=3)
    doc.add_paragraph(rule.requirement)
    credit = rule.credit or 0
    lines = [f"Claimed: {h.status_label(rule.claimed_status)} → after checks: "
             f"{h.status_label(rule.effective_status)} · {h.severity_label(rule.severity)}, "
             f"weight {h.num(rule.weight)} · credit {h.num(credit)}"
             + (f" · gap #{rank}" if rank else "")]
    lines += [f"{h.FINDING_LABELS.get(f.code, f.code)}: {f.message}" for f in rule.findings
              if f.code not in ("unanswered", "target_overdue")]
    lines += [f"Evidence: {e.title} [{e.ref}, {e.date or 'undated'}]" for e in rule.evidence]
    if rule.owner or rule.target_date:
        lines.append(f"Owner: {rule.owner or '—'} · Target date: {rule.target_date or '—'}"
                     + (" OVERDUE" if rule.target_overdue else ""))
    if rule.objectives:
        unmet = [f"{o.id} ({o.text})" for o in rule.objectives if not o.met]
        lines.append(f"Objectives not met: {', '.join(unmet)}" if unmet
                     else f"Objectives: all {len(rule.objectives)} met")
    if rule.justification:
        lines.append(f"Justification: {rule.justification}")
    if rule.notes:
        lines.append(f"Notes: {rule.notes}")
    if rule.exception:
        e = rule.exception
        lines.append(f"Exception: {h.EXCEPTION_STATES.get(e.state, e.state)}, approved by "
                     f"{e.approved_by} on {e.approved_on}, expires {e.expires}")
    if rule.references:
        lines.append("Sources: " + ", ".join(h.short_citation(c) for c in rule.references))
    if rank and rule.remediation and rule.effective_status != "unanswered":
        lines.append(f"Next step: {rule.remediation}")
    if rule.management_response:
        lines.append(f"{h.MANAGEMENT_RESPONSE}: {rule.management_response}")
    _bullets(doc, lines)


def _findings(doc: Any, v: h.ReportView) -> None:
    doc.add_heading("Findings by domain", level=1)
    for d in v.sections:
        doc.add_heading(d.title, level=2)
        doc.add_paragraph(f"Score {d.row.score} · {d.row.earned} of {d.row.possible} points · "
                          f"{h.plural(d.row.gaps, 'gap')}")
        met = [r for r in d.rules if r.credit == 1 and not r.findings]
        if met:
            _table(doc, ["Fully in place", "Practice", "Status", "Points"],
                   [(r.id, r.title, h.status_label(r.effective_status),
                     f"{h.num(r.weight)} of {h.num(r.weight)}") for r in met])
        for rule in d.rules:
            if rule not in met:
                _rule(doc, rule, v.gap_rank.get(rule.id))


def _applicability(doc: Any, v: h.ReportView) -> None:
    r = v.result
    doc.add_heading("Statement of applicability", level=1)
    doc.add_paragraph(f"{v.counting}.")
    doc.add_heading("Profile answers", level=2)
    if v.profile:
        _table(doc, ["Question", "Answer"], list(v.profile))
    else:
        doc.add_paragraph("The pack asks no profile questions.")
    doc.add_heading("Not scored", level=2)
    if v.out_of_scope or v.not_applicable:
        _table(doc, ["Practice", "Why it is not scored"],
               [(f"{x.id} {x.title}", x.justification or x.scope_reason)
                for x in (*v.out_of_scope, *v.not_applicable)])
    else:
        doc.add_paragraph("None: every practice applies and is scored.")
    doc.add_heading("Exceptions register", level=1)
    if r.exceptions:
        _table(doc, ["Practice", "Justification", "Approved by", "Approved on", "Expires",
                     "State"],
               [(f"{e.rule} {e.rule_title}", e.justification, e.approved_by,
                 str(e.approved_on), str(e.expires), h.EXCEPTION_STATES.get(e.state, e.state))
                for e in r.exceptions])
    else:
        doc.add_paragraph("No exceptions are recorded.")


def _methodology(doc: Any, v: h.ReportView) -> None:
    r = v.result
    m = r.methodology
    doc.add_heading("Methodology", level=1)
    doc.add_paragraph(h.NOT_AN_AUDIT)
    doc.add_paragraph(m.formula)
    doc.add_heading("How this score was computed", level=2)
    _table(doc, ["Domain", "Practices in scope", "Points earned", "Points possible", "Score"],
           [(d.title, str(d.in_scope), d.earned, d.possible, d.score) for d in v.domains]
           + [(f"Overall: {v.computation}", str(r.summary.rules_in_scope),
               h.num(r.summary.score.earned), h.num(r.summary.score.possible), v.score)])
    doc.add_heading("Severity weights and credits", level=2)
    _table(doc, ["Severity", "Weight"],
           [(h.severity_label(k), h.num(w)) for k, w in m.severity_weights.items()])
    _table(doc, ["Status after checks", "Credit"],
           [(h.status_label(k), h.num(c)) for k, c in m.credits.items()])
    doc.add_heading("Rating bands and gates", level=2)
    _table(doc, ["Band", "Minimum score", "Meaning"],
           [(b.name, h.num(b.minimum), b.description) for b in m.bands])
    if v.gates:
        _table(doc, ["Gate", "Rule", "Caps at", "In this assessment"],
               [(g.id, g.description, g.cap, g.effect) for g in v.gates])
    if v.parameters or v.parameters_met:
        doc.add_heading("Parameters", level=2)
    if v.parameters_met:
        doc.add_paragraph(h.parameter_line(v.parameters_met))
    if v.parameters:
        _table(doc, ["Parameter", "Value", "Default", "Tailored", "Basis"],
               [(f"{p.title} ({p.id})", h.with_unit(p.value, p.unit),
                 h.with_unit(p.default, p.unit), "yes" if p.tailored else "no", p.basis)
                for p in v.parameters])


def _references(doc: Any, v: h.ReportView) -> None:
    r = v.result
    doc.add_heading("References", level=1)
    cited = h.citations_by_source(r)
    _bullets(doc, [f"{s.id} {s.title}, {s.issuer}" + (f", {s.date}" if s.date else "")
                   + f" [{s.verification}: {h.VERIFICATION_LABELS.get(s.verification, '')}]"
                   + (f" · {s.url}" if s.url else "")
                   + f" · cited by: {'; '.join(cited.get(s.id, ())) or 'no practice'}"
                   for s in r.sources])
    doc.add_heading("Appendix: versions and fingerprints", level=1)
    _table(doc, ["Item", "Value"],
           [("Report id", r.report_id), ("Tool", f"{r.tool.name} {r.tool.version}"),
            ("Rule pack", f"{r.pack.id} {r.pack.version}"), ("Rule pack SHA-256", r.pack.sha256),
            ("Input file", r.input.name), ("Input SHA-256", r.input.sha256),
            ("Situation as of", str(r.as_of))])


def _setup(doc: Any, r: Result) -> None:
    when = dt.datetime(r.as_of.year, r.as_of.month, r.as_of.day, tzinfo=dt.UTC)
    core = doc.core_properties
    core.created = core.modified = core.last_printed = when
    core.title = visible(f"{r.agency.name}: self-assessment and gap report", breaks=False)
    core.author = core.last_modified_by = f"{r.tool.name} {r.tool.version}"
    core.revision = 1
    score = doc.styles.add_style("Report Score", WD_STYLE_TYPE.PARAGRAPH)
    score.base_style = doc.styles["Normal"]
    score.font.size = Pt(16)
    score.font.bold = True
    doc.styles["Table Grid"].font.size = Pt(9)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Inches(0.75)
    footer = section.footer.paragraphs[0]
    footer.text = visible(f"{r.agency.name} · report {r.report_id} · page ", breaks=False)
    page_number(footer)


def render(result: Result) -> bytes:
    v = h.build(result)
    doc = _Visible(Document())
    _setup(doc, result)
    for part in (_head, _highlights, _summary, _control, _plan, _findings, _applicability,
                 _methodology, _references):
        part(doc, v)
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue(), result.as_of)
