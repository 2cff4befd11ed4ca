"""The report as Markdown (GitHub-flavoured): headings, tables and lists, same content as the PDF.

All text from the assessment or the pack goes through :func:`~checklist.render.text.md`,
which puts it on one line
and backslash-escapes every character Markdown could read as inline markup
(emphasis, links and images, table cells, raw HTML and entities, code, math), so a note
can never become a link, an image or a broken table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from checklist.render import report_view as h
from checklist.render.text import md
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
        verdict = "**Not answered**"
    else:
        verdict = (f"Claimed: **{h.status_label(rule.claimed_status)}** → after checks: "
                   f"**{h.status_label(rule.effective_status)}**")
    credit = rule.credit or 0
    verdict += (f" · {h.severity_label(rule.severity)}, weight {h.num(rule.weight)} · "
                f"credit {h.num(credit)} · {h.num(rule.weight * credit)} of "
                f"{h.num(rule.weight)} points")
    if rank:
        verdict += f" · gap \\#{rank}"
    lines.append(f"- {verdict}")
    for f in rule.findings:
        if f.code in ("unanswered", "target_overdue"):
            continue
        cap = f" (at most {h.status_label(f.caps_at)})" if f.caps_at else ""
        lines.append(f"- **{h.FINDING_LABELS.get(f.code, f.code)}:** {md(f.message)}{cap}")
    if rule.objectives:
        unmet = [f"{md(o.id)} ({md(o.text)})" for o in rule.objectives if not o.met]
        lines.append(f"- **Objectives not met:** {', '.join(unmet)}" if unmet
                     else f"- **Objectives:** all {len(rule.objectives)} met")
    if rule.evidence:
        items = [f"{md(e.title)} \\[{md(e.ref)}, {e.date or 'undated'}\\]"
                 for e in rule.evidence]
        lines.append(f"- **Evidence:** {'; '.join(items)}")
    if rule.justification:
        lines.append(f"- **Justification:** {md(rule.justification)}")
    if rule.owner or rule.target_date:
        overdue = " **OVERDUE**" if rule.target_overdue else ""
        lines.append(f"- **Owner:** {md(rule.owner or '—')} · **Target date:** "
                     f"{rule.target_date or '—'}{overdue}")
    if rule.notes:
        lines.append(f"- **Notes:** {md(rule.notes)}")
    if rule.exception:
        e = rule.exception
        lines.append(f"- **Exception:** {h.EXCEPTION_STATES.get(e.state, e.state)}, approved by "
                     f"{md(e.approved_by)} on {e.approved_on}, expires {e.expires}")
    if rule.references:
        lines.append("- Sources: " + ", ".join(md(h.short_citation(c)) for c in rule.references))
    if rank and rule.remediation and rule.effective_status != "unanswered":
        lines.append(f"- **Next step:** {md(rule.remediation)}")
    if rule.management_response:
        lines.append(f"- **{h.MANAGEMENT_RESPONSE}:** {md(rule.management_response)}")
    return [*lines, ""]


def _actions(rows: Sequence[h.Action]) -> list[str]:
    out = []
    for a in rows:
        practice = f"**{md(a.rule)}** {md(a.title)}"
        if a.under_exception:
            practice += " *(under approved exception)*"
        practice += f": {md(a.missing)}"
        owner = f"**{h.OWNER_NEEDED}**" if a.owner_needed else md(a.owner)
        target = (a.target or "—") + (" **OVERDUE**" if a.overdue else "")
        out.append((str(a.rank), practice, h.severity_label(a.severity), owner, target))
    return table(["#", "Practice and what is missing", "Severity", "Owner", "Target"], out,
                 "rllll")


def _highlights(v: h.ReportView) -> list[str]:
    hl = v.highlights
    assert hl is not None
    out = ["## Highlights", "", *[md(line) for line in hl.key_message], ""]
    if hl.provisional_note:
        out += [f"**{md(hl.provisional_note)}**", ""]
    out += ["### Five priority actions", ""]
    out += _actions(hl.actions) if hl.actions else [
        "No gaps: every practice in scope earned full credit.", ""]
    out += ["### Strengths", ""]
    out += [f"- {md(line)}" for line in hl.strengths] if hl.strengths else [h.NO_STRENGTHS]
    return [*out, ""]


def _control(v: h.ReportView) -> list[str]:
    dc = v.control
    assert dc is not None
    out = ["## Document control and attestation", ""]
    out += table(["Item", "Value"], [
        ("Status", md(dc.status)), ("Version", md(dc.version or "—")),
        ("Distribution", "; ".join(md(x) for x in dc.distribution) or h.NO_DISTRIBUTION)])
    out += [h.ATTESTATION_TEXT, ""]
    out += table(["Role", "Name", "Title", "Date", "Signature"],
                 [(sl.role, md(sl.name) or BLANK, md(sl.title), sl.date or BLANK, BLANK)
                  for sl in dc.signatures])
    return out


def _summary(v: h.ReportView) -> list[str]:
    r = v.result
    s = r.summary
    out = ["## Executive summary", ""]
    out += table(["Measure", "Value"], [(k, md(val)) for k, val in v.key_figures])
    out += ["### Why this rating", ""] + [f"- {md(line)}" for line in v.why] + [""]
    if v.rating_note:
        out += [md(v.rating_note), ""]
    out += ["### Score by domain", ""]
    rows = [(md(d.title), f"`{_bar(d.value)}`" if d.value is not None else "no practice in scope",
             d.score, f"{d.earned} / {d.possible}",
             f"{d.gaps} ({d.critical_gaps} critical)" if d.critical_gaps else str(d.gaps))
            for d in v.domains]
    rows.append(("**All practices in scope**", "", f"**{v.score}**",
                 f"{h.num(s.score.earned)} / {h.num(s.score.possible)}", str(s.gaps)))
    out += table(["Domain", "Bar", "Score", "Points", "Gaps"], rows, "llrrr")
    if v.control and v.control.overall_response:
        out += [f"### {h.MANAGEMENT_RESPONSE}", "", md(v.control.overall_response), ""]
    return out


def _plan(v: h.ReportView) -> list[str]:
    out = ["## Remediation plan", "",
           "Every practice in scope with less than full credit, highest priority first. "
           "Priority = weight × (1 − credit): the points the score would gain if the practice "
           "were fully in place. Ties put an overdue target first, then the more severe, then "
           "the lower id.", ""]
    if not v.actions:
        return [*out, "No gaps: every practice in scope earned full credit.", ""]
    return out + _actions(v.actions)


def _findings(v: h.ReportView) -> list[str]:
    out = ["## Findings by domain", ""]
    for d in v.sections:
        out += [f"### {md(d.title)}", "",
                f"Score {d.row.score} · {d.row.earned} of {d.row.possible} points · "
                f"{h.plural(d.row.gaps, 'gap')}", ""]
        if not d.rules:
            out += ["No practice of this domain is in scope.", ""]
        met = [r for r in d.rules if r.credit == 1 and not r.findings]
        if met:
            out += ["Fully in place:", ""]
            out += table(["Id", "Practice", "Status", "Points"],
                         [(md(r.id), md(r.title), h.status_label(r.effective_status),
                           f"{h.num(r.weight)} of {h.num(r.weight)}") for r in met], "lllr")
        unanswered = [r for r in d.rules if r.claimed_status == "unanswered"]
        if unanswered:
            out += ["Not answered yet (no credit; each is a gap in the plan):", ""]
            out += table(["Id", "Practice", "Severity", "Points"],
                         [(md(r.id), md(r.title), h.severity_label(r.severity),
                           f"0 of {h.num(r.weight)}") for r in unanswered], "lllr")
        for rule in d.rules:
            if rule not in met and rule not in unanswered:
                out += _rule(rule, v.gap_rank.get(rule.id))
        if d.not_scored:
            names = "; ".join(
                f"{md(r.id)} {md(r.title)} ("
                f"{'not applicable' if r.scope == 'not_applicable' else 'out of scope for this profile'})"
                for r in d.not_scored)
            out += [f"Not scored here (see the statement of applicability): {names}", ""]
    return out


def _applicability(v: h.ReportView) -> list[str]:
    out = ["## Statement of applicability", "",
           f"{md(h.counting_line(v.result))}.", "",
           "### Profile answers", ""]
    out += table(["Question", "Answer"], [(f"`{k}`", md(val)) for k, val in v.profile]) \
        if v.profile else ["The pack asks no profile questions.", ""]
    out += ["### Out of scope for this profile", ""]
    out += table(["Practice", "Why it does not apply"],
                 [(f"{md(r.id)} {md(r.title)}", md(r.scope_reason)) for r in v.out_of_scope]) \
        if v.out_of_scope else ["None: every practice applies to this profile.", ""]
    out += ["### Marked not applicable by the agency", ""]
    out += table(["Practice", "Justification given"],
                 [(f"{md(r.id)} {md(r.title)}", md(r.justification or r.scope_reason))
                  for r in v.not_applicable]) if v.not_applicable else ["None.", ""]
    return out


def _exceptions(v: h.ReportView) -> list[str]:
    out = ["## Exceptions register", "",
           "Approved, time-limited deviations. Active exceptions are left out of the score "
           "with approved exceptions only; expired ones change nothing.", ""]
    if not v.result.exceptions:
        return [*out, "No exceptions are recorded.", ""]
    return out + table(
        ["Practice", "Justification", "Approved by", "Approved on", "Expires", "State"],
        [(f"{md(e.rule)} {md(e.rule_title)}", md(e.justification), md(e.approved_by),
          str(e.approved_on), str(e.expires), h.EXCEPTION_STATES.get(e.state, e.state))
         for e in v.result.exceptions])


def _methodology(v: h.ReportView) -> list[str]:
    r = v.result
    s = r.summary
    m = r.methodology
    out = ["## Methodology", "", md(h.NOT_AN_AUDIT), "", f"> {md(m.formula)}", "",
           "### How this score was computed", ""]
    rows = [(md(d.title), str(d.in_scope), d.earned, d.possible, d.score) for d in v.domains]
    rows.append((f"**Overall: {md(v.computation)}**", str(s.rules_in_scope),
                 h.num(s.score.earned), h.num(s.score.possible), f"**{v.score}**"))
    rows.append((f"With approved exceptions: {md(h.computation(s.score_with_exceptions))}",
                 str(s.rules_in_scope - s.active_exceptions),
                 h.num(s.score_with_exceptions.earned), h.num(s.score_with_exceptions.possible),
                 h.score_text(s.score_with_exceptions)))
    out += table(["Domain", "Practices in scope", "Points earned Σ w·credit",
                  "Points possible Σ w", "Score"], rows, "lrrrr")
    out += ["The overall score is computed over all practices in scope, not as an average of "
            "the domain scores.", "", "### Severity weights", ""]
    out += table(["Severity", "Weight"],
                 [(h.severity_label(k), h.num(w)) for k, w in m.severity_weights.items()], "lr")
    out += ["### Credit by status after checks", ""]
    out += table(["Status", "Credit"],
                 [(h.status_label(k), h.num(c)) for k, c in m.credits.items()], "lr")
    out += ["### Verification", "",
            "A claim of implemented, alternative or partial is checked against the answer; each "
            "check may lower the claim, never raise it. Each limit is a finding on the practice:",
            ""]
    out += [f"- **{h.FINDING_LABELS[c]}**: {meaning}." for c, meaning in h.FINDING_MEANINGS.items()]
    out += ["", "### Rating bands and gates", ""]
    out += table(["Band", "Minimum score", "Meaning"],
                 [(md(b.name), h.num(b.minimum), md(b.description)) for b in m.bands], "lrl")
    if v.gates:
        out += table(["Gate", "Rule", "Caps at", "In this assessment"],
                     [(f"`{g.id}`", md(g.description), md(g.cap), md(g.effect)) for g in v.gates])
    out += ["The rating is the highest band the score reaches, lowered by any gate that is "
            "triggered, and marked provisional while completion is below 100%.", "",
            "### Parameters", ""]
    if v.parameters_met:
        out += [md(h.parameter_line(v.parameters_met)), ""]
    if v.parameters:
        out += table(["Parameter", "Value", "Default", "Tailored", "Kind", "Basis"],
                     [(f"{md(p.title)} (`{p.id}`)", md(h.with_unit(p.value, p.unit)),
                       md(h.with_unit(p.default, p.unit)), "yes" if p.tailored else "no",
                       "policy choice" if p.policy_choice else "source requirement",
                       md(p.basis)) for p in v.parameters], "lrrlll")
        if v.parameters_not_shown:
            out += [f"{v.parameters_not_shown} further parameter(s) of the pack are used only "
                    "by practices out of scope for this agency and are not listed; the JSON "
                    "results list every parameter.", ""]
    elif m.parameters and not v.parameters_met:
        out += [f"The pack's {len(m.parameters)} parameters are used only by practices out of "
                "scope for this agency.", ""]
    else:
        out += ["The pack declares no parameters.", ""]
    return out


def _references(v: h.ReportView) -> list[str]:
    legend = "; ".join(f"**{k}** {meaning}" for k, meaning in h.VERIFICATION_LABELS.items())
    out = ["## References", "",
           f"Each citation carries a label saying how directly its source was read: {legend}.",
           ""]
    cited_by = h.citations_by_source(v.result)
    for src in v.result.sources:
        parts = [f"**{md(src.id)}** {md(src.title)}"]
        if src.issuer:
            parts.append(md(src.issuer))
        if src.date:
            parts.append(md(src.date))
        line = "- " + ", ".join(parts) + (
            f" \\[{src.verification}: {h.VERIFICATION_LABELS.get(src.verification, '')}\\]")
        if src.url:
            line += f" · {md(src.url)}"
        if src.location:
            line += f" · {md(src.location)}"
        if src.note:
            line += f" · *{md(src.note)}*"
        cited = "; ".join(md(c) for c in cited_by.get(src.id, ())) or "no practice in this pack"
        out.append(f"{line} · cited by: {cited}")
    return [*out, ""]


def _appendix(v: h.ReportView) -> list[str]:
    r = v.result
    rows = [("Report id", f"`{r.report_id}`"),
            ("Tool", f"{md(r.tool.name)} {md(r.tool.version)} (result format "
                     f"{md(r.tool.result_format)})"),
            ("Rule pack", f"{md(r.pack.title)} (`{r.pack.id}`) version {md(r.pack.version)}"),
            ("Rule pack SHA-256", f"`{r.pack.sha256}`"),
            ("Input file", md(r.input.name)),
            ("Input SHA-256", f"`{r.input.sha256}`"),
            ("Situation as of", str(r.as_of))]
    return ["## Appendix: versions and fingerprints", "", *table(["Item", "Value"], rows)]


def render_text(result: Result) -> str:
    v = h.build(result)
    r = result
    head = [f"# {md(r.agency.name)}: self-assessment and gap report", "",
            f"{md(r.pack.title)} (version {md(r.pack.version)}) · situation as of {r.as_of}"
            + (f" · {md(r.agency.jurisdiction)}" if r.agency.jurisdiction else "")
            + f" · report `{r.report_id}`", "",
            f"**Score {v.score} of 100 · rating {md(v.rating)}**", ""]
    if r.assessor:
        head += [f"Assessor: {md(r.assessor.name)}"
                 + (f", {md(r.assessor.title)}" if r.assessor.title else ""), ""]
    assert v.highlights is not None
    head += [f"Document status: {md(v.highlights.document_status)}", "",
             f"_{md(h.NOT_AN_AUDIT)}_", ""]
    sections = [head, _highlights(v), _summary(v), _control(v), _plan(v), _findings(v),
                _applicability(v), _exceptions(v), _methodology(v), _references(v), _appendix(v)]
    text = "\n".join(line for section in sections for line in section)
    return text.rstrip("\n") + "\n"


def render(result: Result) -> bytes:
    return render_text(result).encode("utf-8")
