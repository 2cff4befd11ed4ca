"""The report as Markdown (GitHub-flavoured): headings, tables and lists, same content as the PDF.

All text from the assessment or the pack goes through :func:`~checklist.render.text.md`,
which puts it on one line
and backslash-escapes every character Markdown could read as inline markup
(emphasis, links and images, table cells, raw HTML and entities, code, math), so a note
can never become a link, an image or a broken table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from checklist.i18n import _, ngettext
from checklist.i18n.localize import notices
from checklist.i18n.methodology import formula_text
from checklist.render import report_view as h
from checklist.render.record import label
from checklist.render.text import date, md, yes_no
from checklist.result import Result, RuleResult

BLANK = r"\_" * 12  # a line to write on, in a printed copy


def table(header: Sequence[str], rows: Iterable[Sequence[str]],
          align: str = "") -> list[str]:
    """A GFM table; cells must already be escaped. ``align`` has one l/r per column."""
    marks = [("---:" if a == "r" else "---") for a in align.ljust(len(header), "l")]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(c if c else " " for c in r) + " |" for r in rows]
    return [*lines, ""]


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


def _applicability(v: h.ReportView) -> list[str]:
    out = ["## " + _("Statement of applicability"), "",
           f"{md(h.counting_line(v.result))}.", "",
           "### " + _("Profile answers"), ""]
    out += table([_("Question"), _("Answer")], [(md(k), md(val)) for k, val in v.profile]) \
        if v.profile else [_("The pack asks no profile questions."), ""]
    out += ["### " + _("Out of scope for this profile"), ""]
    out += table([_("Why it does not apply"), _("Practices")],
                 [(md(reason), "; ".join(f"{md(r.id)} {md(r.title)}" for r in rules))
                  for reason, rules in h.by_scope_reason(v.out_of_scope)]) \
        if v.out_of_scope else [_("None: every practice applies to this profile."), ""]
    out += ["### " + _("Marked not applicable by the agency"), ""]
    out += table([_("Practice"), _("Justification given")],
                 [(f"{md(r.id)} {md(r.title)}", md(r.justification or r.scope_reason))
                  for r in v.not_applicable]) if v.not_applicable else [_("None."), ""]
    return out


def _exceptions(v: h.ReportView) -> list[str]:
    out = ["## " + _("Exceptions register"), "",
           _("Approved, time-limited deviations. Active exceptions are left out of the score "
             "with approved exceptions only; expired ones change nothing."), ""]
    if not v.result.exceptions:
        return [*out, _("No exceptions are recorded."), ""]
    return out + table(
        [_("Practice"), _("Justification"), _("Approved by"), _("Approved on"), _("Expires"),
         _("State")],
        [(f"{md(e.rule)} {md(e.rule_title)}", md(e.justification), md(e.approved_by),
          date(e.approved_on), date(e.expires), h.exception_state(e.state))
         for e in v.result.exceptions])


def _methodology(v: h.ReportView) -> list[str]:
    r = v.result
    s = r.summary
    m = r.methodology
    out = ["## " + _("Methodology"), "", md(_(h.NOT_AN_AUDIT)), "",
           f"> {md(formula_text(m.credits, m.severity_weights))}", "",
           "### " + _("How this score was computed"), ""]
    rows = [(md(d.title), str(d.in_scope), d.earned, d.possible, d.score) for d in v.domains]
    rows.append(("**" + _("Overall: {computation}").format(computation=md(v.computation))
                 + "**", str(s.rules_in_scope),
                 h.num(s.score.earned), h.num(s.score.possible), f"**{v.score}**"))
    rows.append((_("With approved exceptions: {computation}").format(
                     computation=md(h.computation(s.score_with_exceptions))),
                 str(s.rules_in_scope - s.active_exceptions),
                 h.num(s.score_with_exceptions.earned), h.num(s.score_with_exceptions.possible),
                 h.score_text(s.score_with_exceptions)))
    out += table([_("Domain"), _("Practices in scope"), _("Points earned Σ w·credit"),
                  _("Points possible Σ w"), _("Score")], rows, "lrrrr")
    out += [_("The overall score is computed over all practices in scope, not as an average "
              "of the domain scores."), "", "### " + _("Severity weights"), ""]
    out += table([_("Severity"), _("Weight")],
                 [(h.severity_label(k), h.num(w)) for k, w in m.severity_weights.items()], "lr")
    out += ["### " + _("Credit by status after checks"), ""]
    out += table([_("Status"), _("Credit")],
                 [(h.status_label(k), h.num(c)) for k, c in m.credits.items()], "lr")
    out += ["### " + _("Verification"), "",
            _("A claim of implemented, alternative or partial is checked against the answer; "
              "each check may lower the claim, never raise it. Each limit is a finding on the "
              "practice:"), ""]
    out += [f"- **{_(h.FINDING_LABELS[c])}**: {_(meaning)}."
            for c, meaning in h.FINDING_MEANINGS.items()]
    out += ["", "### " + _("Rating bands and gates"), ""]
    out += table([_("Band"), _("Minimum score"), _("Meaning")],
                 [(md(b.name), h.num(b.minimum), md(b.description)) for b in m.bands], "lrl")
    if v.gates:
        out += table([_("Gate"), _("Caps at"), _("In this assessment")],
                     [(md(g.description), md(g.cap), md(g.effect)) for g in v.gates])
    out += [_("The rating is the highest band the score reaches, lowered by any gate that is "
              "triggered, and marked provisional while completion is below 100%."), "",
            "### " + _("Parameters"), ""]
    out += _parameters(v)
    return out


def _parameters(v: h.ReportView) -> list[str]:
    m = v.result.methodology
    out = []
    if v.parameters_met:
        out += [md(h.parameter_line(v.parameters_met)), ""]
    if v.parameters:
        out += table([_("Parameter"), _("Value"), _("Default"), _("Tailored"), _("Kind"),
                      _("Basis")],
                     [(md(p.title), md(h.with_unit(p.value, p.unit)),
                       md(h.with_unit(p.default, p.unit)), yes_no(p.tailored),
                       _("policy choice") if p.policy_choice else _("source requirement"),
                       md(p.basis)) for p in v.parameters], "lrrlll")
        if v.parameters_not_shown:
            out += [_("{n} further parameter(s) of the pack are used only by practices out of "
                      "scope for this agency and are not listed; the JSON results list every "
                      "parameter.").format(n=v.parameters_not_shown), ""]
    elif m.parameters and not v.parameters_met:
        out += [_("The pack's {n} parameters are used only by practices out of scope for this "
                  "agency.").format(n=len(m.parameters)), ""]
    else:
        out += [_("The pack declares no parameters."), ""]
    return out


def _glossary(v: h.ReportView) -> list[str]:
    """The pack's acronyms used in this report; nothing when there are none."""
    terms = h.glossary_terms(v.result)
    if not terms:
        return []
    out = ["## " + _("Glossary"), "",
           _("The acronyms used in this report, as the rule pack defines them."), ""]
    out += [f"- **{md(g.term)}** {md(g.stands_for)}" + (f". {md(g.meaning)}" if g.meaning else "")
            for g in terms]
    return [*out, ""]


def _references(v: h.ReportView) -> list[str]:
    legend = "; ".join(f"**{k}** {_(meaning)}" for k, meaning in h.VERIFICATION_LABELS.items())
    shown, omitted = h.cited_sources(v.result)
    out = ["## " + _("References"), "",
           _("Each citation carries a label saying how directly its source was read: "
             "{legend}.").format(legend=legend) + " " + md(h.references_note(omitted)), ""]
    for src in shown:
        parts = [f"**{md(src.id)}** {md(src.title)}"]
        if src.issuer:
            parts.append(md(src.issuer))
        if src.date:
            parts.append(md(src.date))
        line = "- " + ", ".join(parts) + f" \\[{md(src.verification)}\\]"
        if src.url:
            line += f" · {md(src.url)}"
        out.append(line)
    return [*out, ""]


def _appendix(v: h.ReportView) -> list[str]:
    r = v.result
    rows = [(_("Report id"), f"`{r.report_id}`"),
            (_("Tool"), f"{md(r.tool.name)} {md(r.tool.version)} " + _(
                "(result format {format})").format(format=md(r.tool.result_format))),
            (_("Rule pack"), _("{title} ({id}) version {version}").format(
                title=md(r.pack.title), id=f"`{r.pack.id}`", version=md(r.pack.version))),
            (_("Rule pack SHA-256"), f"`{r.pack.sha256}`"),
            (_("Input file"), md(r.input.name)),
            (_("Input SHA-256"), f"`{r.input.sha256}`"),
            (_("Situation as of"), date(r.as_of))]
    return ["## " + _("Appendix: versions and fingerprints"), "",
            *table([_("Item"), _("Value")], rows)]


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
                _applicability(v), _exceptions(v), _methodology(v), _glossary(v), _references(v),
                _appendix(v)]
    text = "\n".join(line for section in sections for line in section)
    return text.rstrip("\n") + "\n"


def render(result: Result) -> bytes:
    return render_text(result).encode("utf-8")
