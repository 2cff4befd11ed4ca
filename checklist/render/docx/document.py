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

from checklist.i18n import _
from checklist.i18n.localize import notices
from checklist.render import report_view as h
from checklist.render.docx.parts import bar_chart, bullets, fixed_zip, page_number, table
from checklist.render.docx.record import (
    applicability,
    findings,
    glossary,
    methodology,
    references,
)
from checklist.render.text import date, visible
from checklist.result import Result


class VisibleDocument:
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


def _head(doc: Any, v: h.ReportView) -> None:
    r = v.result
    doc.add_heading(_title(r), level=0)
    doc.add_paragraph(_("{pack} (version {version}) · situation as of {date}").format(
                          pack=r.pack.title, version=r.pack.version, date=date(r.as_of))
                      + (f" · {r.agency.jurisdiction}" if r.agency.jurisdiction else "")
                      + " · " + _("report {id}").format(id=r.report_id))
    for line in notices(r.language):
        doc.add_paragraph(line)
    if r.assessor:
        doc.add_paragraph(_("Assessor: {name}").format(name=r.assessor.name)
                          + (f", {r.assessor.title}" if r.assessor.title else ""))
    doc.add_paragraph(_("Score {score} of 100 · rating {rating}").format(
        score=v.score, rating=v.rating), style="Report Score")


def _title(r: Result) -> str:
    return _("{agency}: self-assessment and gap report").format(agency=r.agency.name)


def _summary(doc: Any, v: h.ReportView) -> None:
    s = v.result.summary
    doc.add_heading(_("Executive summary"), level=1)
    table(doc, [_("Measure"), _("Value")], list(v.key_figures))
    doc.add_heading(_("Why this rating"), level=2)
    bullets(doc, v.why)
    if v.rating_note:
        doc.add_paragraph(v.rating_note)
    doc.add_heading(_("Score by domain"), level=2)
    doc.add_picture(io.BytesIO(bar_chart([(d.value, d.tone) for d in v.domains])),
                    width=Inches(6))
    alt = _("Score by domain") + ": " + "; ".join(f"{d.title} {d.score}" for d in v.domains)
    doc_pr = doc.inline_shapes[-1]._inline.docPr
    doc_pr.set("descr", visible(alt, breaks=False))
    doc_pr.set("title", _("Score by domain"))
    rows = [(d.title, d.score, f"{d.earned} / {d.possible}", str(d.gaps)) for d in v.domains]
    rows.append((_("All practices in scope"), v.score,
                 f"{h.num(s.score.earned)} / {h.num(s.score.possible)}", str(s.gaps)))
    table(doc, [_("Domain"), _("Score"), _("Points"), _("Gaps")], rows)
    if v.control and v.control.overall_response:
        doc.add_heading(_(h.MANAGEMENT_RESPONSE), level=2)
        doc.add_paragraph(v.control.overall_response)


def _action_rows(rows: Sequence[h.Action]) -> list[tuple[str, ...]]:
    return [(str(a.rank), f"{a.rule} {a.title}: {a.missing}"
             + (" " + _("(under approved exception)") if a.under_exception else ""),
             h.severity_label(a.severity), _(h.OWNER_NEEDED) if a.owner_needed else a.owner,
             (a.target or "—") + (" " + _("OVERDUE") if a.overdue else "")) for a in rows]


def _action_header() -> list[str]:
    return ["#", _("Practice and what is missing"), _("Severity"), _("Owner"), _("Target")]


ACTION_WIDTHS = (0.35, 3.3, 0.9, 1.3, 1.15)
"""Inches, 7 in all (a Letter page less its margins); wide enough that no column breaks
a word ("Severidad", "VENCIDA") in either language."""


def _highlights(doc: Any, v: h.ReportView) -> None:
    hl = v.highlights
    assert hl is not None
    doc.add_paragraph(_("Document status: {status}").format(status=hl.document_status))
    doc.add_paragraph(_(h.NOT_AN_AUDIT))
    doc.add_heading(_("Highlights"), level=1)
    for line in hl.key_message:
        doc.add_paragraph(line)
    if hl.provisional_note:
        doc.add_paragraph(hl.provisional_note).runs[0].bold = True
    doc.add_heading(_("Five priority actions"), level=2)
    if hl.actions:
        table(doc, _action_header(), _action_rows(hl.actions), widths=ACTION_WIDTHS)
    else:
        doc.add_paragraph(_("No gaps: every practice in scope earned full credit."))
    doc.add_heading(_("Strengths"), level=2)
    bullets(doc, hl.strengths or (_(h.NO_STRENGTHS),))


def _control(doc: Any, v: h.ReportView) -> None:
    dc = v.control
    assert dc is not None
    doc.add_heading(_("Document control and attestation"), level=1)
    table(doc, [_("Item"), _("Value")],
           [(_("Status"), dc.status), (_("Version"), dc.version or "—"),
            (_("Distribution"), "; ".join(dc.distribution) or _(h.NO_DISTRIBUTION))])
    doc.add_paragraph(_(h.ATTESTATION_TEXT))
    blank = "_" * 16
    table(doc, [_("Role"), _("Name"), _("Title"), _("Date"), _("Signature")],
           [(sl.role, sl.name or blank, sl.title, sl.date or blank, blank)
            for sl in dc.signatures])


def _plan(doc: Any, v: h.ReportView) -> None:
    doc.add_heading(_("Remediation plan"), level=1)
    doc.add_paragraph(_("Every practice in scope with less than full credit, highest priority "
                        "first. Priority = weight × (1 − credit): the points the score would "
                        "gain if the practice were fully in place. Ties put an overdue target "
                        "first, then the more severe, then the lower id."))
    if not v.actions:
        doc.add_paragraph(_("No gaps: every practice in scope earned full credit."))
        return
    table(doc, _action_header(), _action_rows(v.actions), widths=ACTION_WIDTHS)


def _setup(doc: Any, r: Result) -> None:
    when = dt.datetime(r.as_of.year, r.as_of.month, r.as_of.day, tzinfo=dt.UTC)
    core = doc.core_properties
    core.created = core.modified = core.last_printed = when
    core.title = visible(_title(r), breaks=False)
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
    footer.text = visible(f"{r.agency.name} · " + _("report {id}").format(id=r.report_id)
                          + " · " + _("page") + " ", breaks=False)
    page_number(footer)


def render(result: Result) -> bytes:
    v = h.build(result)
    doc = VisibleDocument(Document())
    _setup(doc, result)
    for part in (_head, _highlights, _summary, _control, _plan, findings, applicability,
                 methodology, glossary, references):
        part(doc, v)
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip(out.getvalue(), result.as_of)
