"""The record part of the Word report: findings by domain, applicability, exceptions,
methodology, references and the appendix, in the document's language."""

from __future__ import annotations

from typing import Any

from checklist.i18n import _, ngettext
from checklist.i18n.methodology import formula_text
from checklist.render import report_view as h
from checklist.render.docx.parts import bullets, table
from checklist.render.record import label
from checklist.render.text import date, yes_no
from checklist.result import RuleResult


def _verdict(rule: RuleResult, rank: int | None) -> str:
    credit = rule.credit or 0
    return (_("Claimed: {claimed} → after checks: {effective}").format(
                claimed=h.status_label(rule.claimed_status),
                effective=h.status_label(rule.effective_status))
            + " · " + _("{severity}, weight {weight} · credit {credit} · {earned} of "
                        "{possible} points").format(
                severity=h.severity_label(rule.severity), weight=h.num(rule.weight),
                credit=h.num(credit), earned=h.num(rule.weight * credit),
                possible=h.num(rule.weight))
            + (" · " + _("gap {rank}").format(rank=f"#{rank}") if rank else ""))


def _rule_lines(rule: RuleResult, rank: int | None) -> list[str]:
    lines = [_verdict(rule, rank)]
    lines += [f"{h.finding_label(f.code)}: {f.message}"
              + (" " + _("(at most {status})").format(status=h.status_label(f.caps_at))
                 if f.caps_at else "")
              for f in rule.findings if f.code not in ("unanswered", "target_overdue")]
    lines += [f"{label('evidence')}: {e.title} [{e.ref}, "
              f"{date(e.date) if e.date else label('undated')}]" for e in rule.evidence]
    if rule.owner or rule.target_date:
        lines.append(f"{label('owner')}: {rule.owner or '—'} · {label('target_date')}: "
                     f"{date(rule.target_date)}"
                     + (" " + _("OVERDUE") if rule.target_overdue else ""))
    if rule.objectives and not any(f.code == "objectives_unmet" for f in rule.findings):
        unmet = [o.text.strip().rstrip(".") for o in rule.objectives if not o.met]
        lines.append(f"{label('objectives_not_met')}: {'; '.join(unmet)}" if unmet
                     else f"{label('objectives')}: " + _("all {n} met").format(
                         n=len(rule.objectives)))
    return lines


def _rule(doc: Any, rule: RuleResult, rank: int | None) -> None:
    doc.add_heading(f"{rule.id} {rule.title}", level=3)
    doc.add_paragraph(rule.requirement)
    lines = _rule_lines(rule, rank)
    if rule.justification:
        lines.append(f"{label('justification')}: {rule.justification}")
    if rule.notes:
        lines.append(f"{label('notes')}: {rule.notes}")
    if rule.exception and h.exception_untold(rule):
        lines.append(f"{label('exception')}: " + h.exception_summary(rule.exception))
    if rule.references:
        lines.append(f"{label('sources')}: " + h.sources_line(rule.references))
    if rank and rule.remediation and rule.effective_status != "unanswered":
        lines.append(f"{label('next_step')}: {rule.remediation}")
    if rule.management_response:
        lines.append(f"{_(h.MANAGEMENT_RESPONSE)}: {rule.management_response}")
    bullets(doc, lines)


def findings(doc: Any, v: h.ReportView) -> None:
    """Each domain: the practices fully in place and the unanswered ones in a table of
    one line each (as the PDF lists them), every other practice with its findings."""
    doc.add_heading(_("Findings by domain"), level=1)
    of = _("{earned} of {possible}")
    for d in v.sections:
        doc.add_heading(d.title, level=2)
        doc.add_paragraph(ngettext(
            "Score {score} · {earned} of {possible} points · {n} gap",
            "Score {score} · {earned} of {possible} points · {n} gaps", d.row.gaps).format(
            score=d.row.score, earned=d.row.earned, possible=d.row.possible, n=d.row.gaps))
        if not d.rules:
            doc.add_paragraph(_("No practice of this domain is in scope."))
        met = [r for r in d.rules if r.credit == 1 and not r.findings]
        if met:
            table(doc, [_("Fully in place"), _("Practice"), _("Status"), _("Points")],
                  [(r.id, r.title, h.status_label(r.effective_status),
                    of.format(earned=h.num(r.weight), possible=h.num(r.weight)))
                   for r in met], widths=(1.3, 3.4, 1.3, 1.0))
        unanswered = [r for r in d.rules if r.claimed_status == "unanswered"]
        if unanswered:
            doc.add_paragraph(_("Not answered yet (no credit; each is a gap in the plan):"))
            table(doc, [_("Id"), _("Practice"), _("Severity"), _("Points")],
                  [(r.id, r.title, h.severity_label(r.severity),
                    of.format(earned="0", possible=h.num(r.weight))) for r in unanswered],
                  widths=(1.3, 3.5, 1.2, 1.0))
        for rule in d.rules:
            if rule not in met and rule not in unanswered:
                _rule(doc, rule, v.gap_rank.get(rule.id))


def applicability(doc: Any, v: h.ReportView) -> None:
    r = v.result
    doc.add_heading(_("Statement of applicability"), level=1)
    doc.add_paragraph(f"{v.counting}.")
    doc.add_heading(_("Profile answers"), level=2)
    if v.profile:
        table(doc, [_("Question"), _("Answer")], list(v.profile))
    else:
        doc.add_paragraph(_("The pack asks no profile questions."))
    doc.add_heading(_("Not scored"), level=2)
    if v.out_of_scope or v.not_applicable:
        table(doc, [_("Practice"), _("Why it is not scored")],
              [(f"{x.id} {x.title}", x.justification or x.scope_reason)
               for x in (*v.out_of_scope, *v.not_applicable)])
    else:
        doc.add_paragraph(_("None: every practice applies and is scored."))
    doc.add_heading(_("Exceptions register"), level=1)
    if r.exceptions:
        table(doc, [_("Practice"), _("Justification"), _("Approved by"), _("Approved on"),
                    _("Expires"), _("State")],
              [(f"{e.rule} {e.rule_title}", e.justification, e.approved_by,
                date(e.approved_on), date(e.expires),
                h.exception_state(e.state)) for e in r.exceptions])
    else:
        doc.add_paragraph(_("No exceptions are recorded."))


def methodology(doc: Any, v: h.ReportView) -> None:
    r = v.result
    m = r.methodology
    doc.add_heading(_("Methodology"), level=1)
    doc.add_paragraph(_(h.NOT_AN_AUDIT))
    doc.add_paragraph(formula_text(m.credits, m.severity_weights))
    doc.add_heading(_("How this score was computed"), level=2)
    table(doc, [_("Domain"), _("Practices in scope"), _("Points earned"),
                _("Points possible"), _("Score")],
          [(d.title, str(d.in_scope), d.earned, d.possible, d.score) for d in v.domains]
          + [(_("Overall: {computation}").format(computation=v.computation),
              str(r.summary.rules_in_scope), h.num(r.summary.score.earned),
              h.num(r.summary.score.possible), v.score)])
    doc.add_heading(_("Severity weights and credits"), level=2)
    table(doc, [_("Severity"), _("Weight")],
          [(h.severity_label(k), h.num(w)) for k, w in m.severity_weights.items()])
    table(doc, [_("Status after checks"), _("Credit")],
          [(h.status_label(k), h.num(c)) for k, c in m.credits.items()])
    doc.add_heading(_("Rating bands and gates"), level=2)
    table(doc, [_("Band"), _("Minimum score"), _("Meaning")],
          [(b.name, h.num(b.minimum), b.description) for b in m.bands])
    if v.gates:
        table(doc, [_("Gate"), _("Caps at"), _("In this assessment")],
              [(g.description, g.cap, g.effect) for g in v.gates])
    if v.parameters or v.parameters_met:
        doc.add_heading(_("Parameters"), level=2)
    if v.parameters_met:
        doc.add_paragraph(h.parameter_line(v.parameters_met))
    if v.parameters:
        table(doc, [_("Parameter"), _("Value"), _("Default"), _("Tailored"), _("Basis")],
              [(p.title, h.with_unit(p.value, p.unit),
                h.with_unit(p.default, p.unit), yes_no(p.tailored), p.basis)
               for p in v.parameters])


def glossary(doc: Any, v: h.ReportView) -> None:
    """The pack's acronyms used in this report; nothing when there are none."""
    terms = v.glossary
    if not terms:
        return
    doc.add_heading(_("Glossary"), level=1)
    doc.add_paragraph(_("The acronyms used in this report, as the rule pack defines them."))
    bullets(doc, [f"{g.term}: {g.stands_for}" + (f". {g.meaning}" if g.meaning else "")
                  for g in terms])


def references(doc: Any, v: h.ReportView) -> None:
    r = v.result
    doc.add_heading(_("References"), level=1)
    shown, omitted = h.cited_sources(r)
    doc.add_paragraph(h.references_note(omitted))
    bullets(doc, [f"{s.id} {s.title}, {s.issuer}" + (f", {s.date}" if s.date else "")
                  + f" [{s.verification}: {_(h.VERIFICATION_LABELS.get(s.verification, ''))}]"
                  + (f" · {s.url}" if s.url else "")
                  for s in shown])
    doc.add_heading(_("Appendix: versions and fingerprints"), level=1)
    table(doc, [_("Item"), _("Value")],
          [(_("Report id"), r.report_id), (_("Tool"), f"{r.tool.name} {r.tool.version}"),
           (_("Rule pack"), f"{r.pack.id} {r.pack.version}"),
           (_("Rule pack SHA-256"), r.pack.sha256), (_("Input file"), r.input.name),
           (_("Input SHA-256"), r.input.sha256), (_("Situation as of"), date(r.as_of))])
