"""The record part of the Markdown report: statement of applicability, exceptions,
methodology with parameters, glossary, references and the appendix (the story part is in
:mod:`checklist.render.markdown`)."""

from __future__ import annotations

from checklist.i18n import _
from checklist.i18n.methodology import formula_text
from checklist.render import report_view as h
from checklist.render.markdown_table import table
from checklist.render.text import date, md, yes_no


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
    terms = v.glossary
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



def record(v: h.ReportView) -> list[str]:
    """Every section of the record part, in the order the PDF prints them."""
    return [line for part in (_applicability(v), _exceptions(v), _methodology(v),
                              _glossary(v), _references(v), _appendix(v)) for line in part]
