"""The report as Markdown (GitHub-flavoured): headings, tables and lists, same content as the PDF.

All text from the assessment or the pack goes through :func:`~checklist.render.text.md`,
which puts it on one line
and backslash-escapes every character Markdown could read as inline markup
(emphasis, links and images, table cells, raw HTML and entities, code, math), so a note
can never become a link, an image or a broken table.
"""

from __future__ import annotations

from collections.abc import Sequence

from checklist.i18n import _, ngettext
from checklist.i18n.localize import notices
from checklist.render import report_view as h
from checklist.render.markdown_record import record
from checklist.render.markdown_table import table
from checklist.render.record import label
from checklist.render.text import date, md
from checklist.result import Result, RuleResult

__all__ = ["md", "render", "render_text", "table"]

BLANK = r"\_" * 12  # a line to write on, in a printed copy


def _bar(value: float | None) -> str:
    if value is None:
        return ""
    filled = round(value / 10)
    return "█" * filled + "░" * (10 - filled)


def _rule(rule: RuleResult, rank: int | None) -> list[str]:
    lines = [f"#### {md(rule.id)} {md(rule.title)}", "",
             f"*{md(rule.requirement)}*", ""]
    if rule.claimed_status == "unanswered":
        verdict = f"**{label('not_answered')}**"
    else:
        verdict = _("Claimed: {claimed} → after checks: {effective}").format(
            claimed=f"**{h.status_label(rule.claimed_status)}**",
            effective=f"**{h.status_label(rule.effective_status)}**")
    credit = rule.credit or 0
    verdict += " · " + _("{severity}, weight {weight} · credit {credit} · {earned} of "
                         "{possible} points").format(
        severity=h.severity_label(rule.severity), weight=h.num(rule.weight),
        credit=h.num(credit), earned=h.num(rule.weight * credit), possible=h.num(rule.weight))
    if rank:
        verdict += " · " + _("gap {rank}").format(rank=f"\\#{rank}")
    lines.append(f"- {verdict}")
    for f in rule.findings:
        if f.code in ("unanswered", "target_overdue"):
            continue
        cap = (" " + _("(at most {status})").format(status=h.status_label(f.caps_at))
               if f.caps_at else "")
        lines.append(f"- **{h.finding_label(f.code)}:** {md(f.message)}{cap}")
    if rule.objectives and not any(f.code == "objectives_unmet" for f in rule.findings):
        unmet = [md(o.text.strip().rstrip(".")) for o in rule.objectives if not o.met]
        lines.append(f"- **{label('objectives_not_met')}:** {'; '.join(unmet)}" if unmet
                     else f"- **{label('objectives')}:** " + _("all {n} met").format(
                         n=len(rule.objectives)))
    if rule.evidence:
        items = [f"{md(e.title)} \\[{md(e.ref)}, {date(e.date) if e.date else label('undated')}\\]"
                 for e in rule.evidence]
        lines.append(f"- **{label('evidence')}:** {'; '.join(items)}")
    if rule.justification:
        lines.append(f"- **{label('justification')}:** {md(rule.justification)}")
    if rule.owner or rule.target_date:
        overdue = f" **{label('overdue')}**" if rule.target_overdue else ""
        lines.append(f"- **{label('owner')}:** {md(rule.owner or '—')} · **{label('target_date')}:** "
                     f"{date(rule.target_date)}{overdue}")
    if rule.notes:
        lines.append(f"- **{label('notes')}:** {md(rule.notes)}")
    if rule.exception and h.exception_untold(rule):
        lines.append(f"- **{label('exception')}:** " + h.exception_summary(rule.exception, md))
    if rule.references:
        lines.append(f"- {label('sources')}: " + h.sources_line(rule.references, md))
    if rank and rule.remediation and rule.effective_status != "unanswered":
        lines.append(f"- **{label('next_step')}:** {md(rule.remediation)}")
    if rule.management_response:
        lines.append(f"- **{_(h.MANAGEMENT_RESPONSE)}:** {md(rule.management_response)}")
    return [*lines, ""]


def _actions(rows: Sequence[h.Action]) -> list[str]:
    out = []
    for a in rows:
        practice = f"**{md(a.rule)}** {md(a.title)}"
        if a.under_exception:
            practice += f" *{label('under_exception')}*"
        practice += f": {md(a.missing)}"
        owner = f"**{_(h.OWNER_NEEDED)}**" if a.owner_needed else md(a.owner)
        target = (a.target or "—") + (f" **{label('overdue')}**" if a.overdue else "")
        out.append((str(a.rank), practice, h.severity_label(a.severity), owner, target))
    return table(["#", _("Practice and what is missing"), _("Severity"), _("Owner"),
                  _("Target")], out, "rllll")


def _highlights(v: h.ReportView) -> list[str]:
    hl = v.highlights
    assert hl is not None
    out = ["## " + _("Highlights"), "", *[md(line) for line in hl.key_message], ""]
    if hl.provisional_note:
        out += [f"**{md(hl.provisional_note)}**", ""]
    out += ["### " + _("Five priority actions"), ""]
    out += _actions(hl.actions) if hl.actions else [
        _("No gaps: every practice in scope earned full credit."), ""]
    out += ["### " + _("Strengths"), ""]
    out += [f"- {md(line)}" for line in hl.strengths] if hl.strengths else [_(h.NO_STRENGTHS)]
    return [*out, ""]


def _control(v: h.ReportView) -> list[str]:
    dc = v.control
    assert dc is not None
    out = ["## " + _("Document control and attestation"), ""]
    out += table([_("Item"), _("Value")], [
        (_("Status"), md(dc.status)), (_("Version"), md(dc.version or "—")),
        (_("Distribution"), "; ".join(md(x) for x in dc.distribution)
         or _(h.NO_DISTRIBUTION))])
    out += [_(h.ATTESTATION_TEXT), ""]
    out += table([_("Role"), _("Name"), _("Title"), _("Date"), _("Signature")],
                 [(sl.role, md(sl.name) or BLANK, md(sl.title), sl.date or BLANK, BLANK)
                  for sl in dc.signatures])
    return out


def _summary(v: h.ReportView) -> list[str]:
    r = v.result
    s = r.summary
    out = ["## " + _("Executive summary"), ""]
    out += table([_("Measure"), _("Value")], [(k, md(val)) for k, val in v.key_figures])
    out += ["### " + _("Why this rating"), ""] + [f"- {md(line)}" for line in v.why] + [""]
    if v.rating_note:
        out += [md(v.rating_note), ""]
    out += ["### " + _("Score by domain"), ""]
    rows = [(md(d.title), f"`{_bar(d.value)}`" if d.value is not None
             else _("no practice in scope"), d.score, f"{d.earned} / {d.possible}",
             _("{gaps} ({critical} critical)").format(gaps=d.gaps, critical=d.critical_gaps)
             if d.critical_gaps else str(d.gaps))
            for d in v.domains]
    rows.append((f"**{label('all_in_scope')}**", "", f"**{v.score}**",
                 f"{h.num(s.score.earned)} / {h.num(s.score.possible)}", str(s.gaps)))
    out += table([_("Domain"), _("Bar"), _("Score"), _("Points"), _("Gaps")], rows, "llrrr")
    if v.control and v.control.overall_response:
        out += [f"### {_(h.MANAGEMENT_RESPONSE)}", "", md(v.control.overall_response), ""]
    return out


def _plan(v: h.ReportView) -> list[str]:
    out = ["## " + _("Remediation plan"), "",
           _("Every practice in scope with less than full credit, highest priority first. "
             "Priority = weight × (1 − credit): the points the score would gain if the "
             "practice were fully in place. Ties put an overdue target first, then the more "
             "severe, then the lower id."), ""]
    if not v.actions:
        return [*out, _("No gaps: every practice in scope earned full credit."), ""]
    return out + _actions(v.actions)


def _findings(v: h.ReportView) -> list[str]:
    out = ["## " + _("Findings by domain"), ""]
    of = _("{earned} of {possible}")
    for d in v.sections:
        out += [f"### {md(d.title)}", "",
                ngettext("Score {score} · {earned} of {possible} points · {n} gap",
                         "Score {score} · {earned} of {possible} points · {n} gaps",
                         d.row.gaps).format(score=d.row.score, earned=d.row.earned,
                                            possible=d.row.possible, n=d.row.gaps), ""]
        if not d.rules:
            out += [_("No practice of this domain is in scope."), ""]
        met = [r for r in d.rules if r.credit == 1 and not r.findings]
        if met:
            out += [_("Fully in place:"), ""]
            out += table([_("Id"), _("Practice"), _("Status"), _("Points")],
                         [(md(r.id), md(r.title), h.status_label(r.effective_status),
                           of.format(earned=h.num(r.weight), possible=h.num(r.weight)))
                          for r in met], "lllr")
        unanswered = [r for r in d.rules if r.claimed_status == "unanswered"]
        if unanswered:
            out += [_("Not answered yet (no credit; each is a gap in the plan):"), ""]
            out += table([_("Id"), _("Practice"), _("Severity"), _("Points")],
                         [(md(r.id), md(r.title), h.severity_label(r.severity),
                           of.format(earned="0", possible=h.num(r.weight)))
                          for r in unanswered], "lllr")
        for rule in d.rules:
            if rule not in met and rule not in unanswered:
                out += _rule(rule, v.gap_rank.get(rule.id))
        if d.not_scored:
            names = "; ".join(
                f"{md(r.id)} {md(r.title)} ("
                + (_("not applicable") if r.scope == "not_applicable"
                   else _("out of scope for this profile")) + ")"
                for r in d.not_scored)
            out += [_("Not scored here (see the statement of applicability): {names}").format(
                names=names), ""]
    return out


def render_text(result: Result) -> str:
    v = h.build(result)
    r = result
    head = ["# " + _("{agency}: self-assessment and gap report").format(agency=md(r.agency.name)),
            "", _("{pack} (version {version}) · situation as of {date}").format(
                pack=md(r.pack.title), version=md(r.pack.version), date=date(r.as_of))
            + (f" · {md(r.agency.jurisdiction)}" if r.agency.jurisdiction else "")
            + " · " + _("report {id}").format(id=f"`{r.report_id}`"), "",
            "**" + _("Score {score} of 100 · rating {rating}").format(
                score=v.score, rating=md(v.rating)) + "**", ""]
    head += [f"> {md(line)}" for line in notices(r.language)] + (
        [""] if notices(r.language) else [])
    if r.assessor:
        head += [_("Assessor: {name}").format(name=md(r.assessor.name))
                 + (f", {md(r.assessor.title)}" if r.assessor.title else ""), ""]
    assert v.highlights is not None
    head += [_("Document status: {status}").format(status=md(v.highlights.document_status)),
             "", f"_{md(_(h.NOT_AN_AUDIT))}_", ""]
    sections = [head, _highlights(v), _summary(v), _control(v), _plan(v), _findings(v),
                record(v)]
    text = "\n".join(line for section in sections for line in section)
    return text.rstrip("\n") + "\n"


def render(result: Result) -> bytes:
    return render_text(result).encode("utf-8")
