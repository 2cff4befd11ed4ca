"""Plain-text outputs: Markdown for both reports, CSV for the roll-up."""

from __future__ import annotations

from collections.abc import Sequence

from checklist.i18n import N_, _
from checklist.portfolio.models import Comparison, Rollup, RuleChange
from checklist.render.portfolio import views as h
from checklist.render.text import csv_bytes, md


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    if not rows:
        return ["_" + _("None.") + "_", ""]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _rules(title: str, explain: str, rows: Sequence[RuleChange], empty: str,
           reasons: bool = False) -> list[str]:
    out = [f"## {title} ({len(rows)})", "", explain, ""]
    if not rows:
        return [*out, f"_{empty}_", ""]
    body = []
    for r in rows:
        practice = r.title
        if reasons and r.reasons:
            practice += " — " + "; ".join(r.reasons)
        body.append([r.rule, practice, h.severity(r.severity),
                     h.checked(r.old_status, r.old_claimed),
                     h.checked(r.new_status, r.new_claimed), r.owner])
    return out + _table([_("Rule"), _("Practice"), _("Severity"), _("Before"), _("Now"),
                         _("Owner")], body)


def comparison_markdown(c: Comparison) -> str:
    o, n = c.old, c.new
    od, nd = h.date(o.as_of), h.date(n.as_of)
    out = [_("# Progress report: {agency}").format(agency=md(n.agency)), "",
           f"{md(c.pack.title)}. " + _("From the assessment of {old} to the assessment of "
                                       "{new} ({days} later).").format(
               old=od, new=nd, days=h.days(c.days_between)), ""]
    out += [f"> {md(note)}" for note in c.notes] + ([""] if c.notes else [])
    out += _comparison_summary(c)
    out += ["## " + _("Score by domain"), ""]
    out += _table([_("Domain"), _("Old"), _("New"), _("Change"), _("Gaps old"),
                   _("Gaps new")], [
        [f"{d.id} · {d.title}", h.score(d.score.old), h.score(d.score.new),
         h.signed(d.score.change), h.DASH if d.old_gaps is None else d.old_gaps,
         h.DASH if d.new_gaps is None else d.new_gaps] for d in c.domains])
    out += _practice_sections(c)
    out += _pack_change(c)
    out += ["## " + _("Files compared"), ""]
    out += _table(["", _("Old"), _("New")], [
        [_("File"), o.file, n.file], [_("Report id"), o.report_id, n.report_id],
        [_("Pack version"), o.pack_version, n.pack_version],
        ["SHA-256", o.sha256, n.sha256]])
    out += [_("Produced by {tool} {version}.").format(tool=c.tool.name, version=c.tool.version),
            ""]
    return "\n".join(out)


def _comparison_summary(c: Comparison) -> list[str]:
    o, n = c.old, c.new
    od, nd = h.date(o.as_of), h.date(n.as_of)
    pts = _("{change} pts")
    table = _table(
        [_("Measure"), _("Old ({date})").format(date=od), _("New ({date})").format(date=nd),
         _("Change")], [
        [_("Score (0–100)"), h.score(c.score.old), h.score(c.score.new),
         h.signed(c.score.change)],
        [_("Score with approved exceptions"), h.score(c.score_with_exceptions.old),
         h.score(c.score_with_exceptions.new), h.signed(c.score_with_exceptions.change)],
        [_("Rating"), h.rating(c.rating.old, c.rating.old_provisional, c.rating.old_not_rated),
         h.rating(c.rating.new, c.rating.new_provisional, c.rating.new_not_rated),
         h.direction(c.rating.direction)],
        [_("Completion"), f"{h.percent(o.completion)} ({h.fraction(o.completion)})",
         f"{h.percent(n.completion)} ({h.fraction(n.completion)})",
         pts.format(change=h.signed(c.completion.change))],
        [_("Evidence coverage"), f"{h.percent(o.evidence_coverage)} "
         f"({h.fraction(o.evidence_coverage)})",
         f"{h.percent(n.evidence_coverage)} ({h.fraction(n.evidence_coverage)})",
         pts.format(change=h.signed(c.evidence_coverage.change))],
        [_("Gaps"), c.gaps.old, c.gaps.new, h.signed_int(c.gaps.change)],
        [_("Critical gaps"), c.critical_gaps.old, c.critical_gaps.new,
         h.signed_int(c.critical_gaps.change)],
        [_("Gaps past their target date"), o.overdue_targets, n.overdue_targets,
         h.signed_int(n.overdue_targets - o.overdue_targets)],
    ])
    return ["## " + _("Summary"), "", *table]


def _practice_sections(c: Comparison) -> list[str]:
    """The lists of practices: closed, new, regressed (by cause), improved, targets missed
    and scope changes."""
    none = _("None.")
    out = _rules(_("Gaps closed"), _("Gaps at the old date that are fully met at the new "
                                     "date."), c.gaps_closed, _("No gap was closed."))
    out += _rules(_("New gaps"), _("Gaps at the new date that were fully met or out of scope "
                                   "at the old date."), c.new_gaps, _("No new gap."),
                  reasons=True)
    out += _rules(_("Practices that regressed: the practice changed"), _(
        "Already gaps at the old date, with a lower status after checks now because the claim "
        "or an objective changed; the findings that lowered it follow the title."),
        h.by_cause(c.regressed, "practice_changed"), none, reasons=True)
    out += _rules(_("Practices that regressed: evidence aged past its limit"), _(
        "Already gaps at the old date, with the same answer, now lower only because evidence "
        "or a dated fact is older than the practice allows."),
        h.by_cause(c.regressed, "evidence_aged"), none, reasons=True)
    out += _rules(_("Practices that improved but are still gaps"), _(
        "In scope on both dates, with a higher status after checks now, not yet fully met."),
        c.improved, none)
    out += _missed(c)
    out += _rules(_("Changes of scope"), _("In scope on one date only (profile changed, or "
                                           "marked not applicable)."), c.scope_changes, none)
    return out


def _missed(c: Comparison) -> list[str]:
    out = ["## " + _("Target dates missed ({n})").format(n=len(c.targets_missed)), "",
           _("Gaps still open on {date} whose target date had passed by then.").format(
               date=h.date(c.new.as_of)), ""]
    if not c.targets_missed:
        return [*out, "_" + _("No target date was missed.") + "_", ""]
    return out + _table([_("Rule"), _("Practice"), _("Severity"), _("Target (old)"),
                         _("Target (new)"), _("Days late"), _("Status now"), _("Owner")],
                        [[m.rule, m.title, h.severity(m.severity), h.date(m.old_target_date),
                          h.date(m.new_target_date), m.days_late, h.status(m.status), m.owner]
                         for m in c.targets_missed])


def _pack_change(c: Comparison) -> list[str]:
    p = c.pack_change
    if not p:
        return []
    out = ["## " + _("Pack versions differ"), "",
           _("Old: version {old}; new: version {new}. These practices exist in one version "
             "only and are not compared.").format(old=md(p.old_version), new=md(p.new_version)),
           ""]
    rows = [[r.rule, r.title, _("new version only"), h.status(r.status)] for r in p.added]
    rows += [[r.rule, r.title, _("old version only"), h.status(r.status)] for r in p.removed]
    out += _table([_("Rule"), _("Practice"), _("Where"), _("Status")], rows)
    if p.mapped:
        out += ["### " + _("Rules the new version maps from the old one"), ""]
        out += _table([_("Old rule"), _("New rule"), _("Practice"), _("Compared")],
                      [[m.old_rule, m.new_rule, m.title,
                        _("yes") if m.compared else _("no (merged)")] for m in p.mapped])
    return out


def rollup_markdown(r: Rollup, *, top: int) -> str:
    s = r.summary
    on = h.date(r.as_of)
    out = [_("# Roll-up of {n} assessments: {pack}").format(n=s.agencies, pack=md(r.pack.title)),
           "", _("Pack {pack} version {version}; reference date {date}. {files} files read, "
                 "{valid} valid, {invalid} left out.").format(
               pack=md(r.pack.id), version=md(r.pack.version), date=on, files=s.files,
               valid=s.agencies, invalid=s.invalid), ""]
    out += [f"> {md(note)}" for note in h.notices()] + ([""] if h.notices() else [])
    out += ["## " + _("Summary"), ""]
    out += _table([_("Measure"), _("Value")], [
        [_("Median score"), h.score(s.median_score)], [_("Mean score"), h.score(s.mean_score)],
        *[[_("Rated {band}").format(band=name), count] for name, count in s.ratings.items()],
        [_("Provisional ratings"), s.provisional],
        [_("{not_rated} (left out of these figures)").format(not_rated=h.not_rated_label()),
         s.not_rated], [_("No score"), s.no_score],
        [_("Agencies with a critical gap"), s.with_critical_gaps],
        [_("Assessments older than {days} days").format(days=r.max_age_days), s.stale]])
    domain_ids = [d.id for d in r.domains]
    out += ["## " + _("Agencies"), ""]
    out += _table([_("Agency"), _("Jurisdiction"), _("Score"), _("Rating"), _("Completion"),
                   _("Gaps"), _("Critical gaps"), _("As of"), *domain_ids, _("File")],
                  [[a.agency, a.jurisdiction, h.score(a.score),
                    h.rating(a.rating, a.provisional, a.not_rated),
                    h.percent(a.completion), a.gaps, a.critical_gaps, h.date(a.as_of),
                    *[h.score(a.domain_scores.get(d)) for d in domain_ids], a.file]
                   for a in r.agencies])
    out += [_("Domains:") + " " + "; ".join(f"{md(d.id)} = {md(d.title)}" for d in r.domains),
            ""]
    out += ["## " + _("Most common gaps"), ""]
    out += _table([_("Rule"), _("Practice"), _("Severity"), _("Agencies with the gap"),
                   _("In scope at"), _("Share")],
                  [[g.rule, g.title, h.severity(g.severity), g.agencies, g.in_scope,
                    h.percent(g.share)] for g in r.common_gaps[:top]])
    out += ["## " + _("Assessments older than {days} days ({n})").format(
        days=r.max_age_days, n=len(r.stale)), ""]
    out += _table([_("Agency"), _("As of"), _("Age (days)"), _("File")],
                  [[a.agency, h.date(a.as_of), a.age_days, a.file] for a in r.stale])
    out += ["## " + _("Files left out ({n})").format(n=len(r.invalid)), ""]
    out += _table([_("File"), _("First error")], [[f.file, f.error] for f in r.invalid])
    return "\n".join(out)


CSV_HEADER = (N_("agency"), N_("jurisdiction"), N_("file"), N_("status"), N_("as_of"),
              N_("age_days"), N_("stale"), N_("score"), N_("rating"), N_("provisional"),
              N_("not_rated"), N_("answered"), N_("in_scope_by_profile"), N_("completion"),
              N_("gaps"), N_("critical_gaps"))


def rollup_csv(r: Rollup) -> bytes:
    """One row per file: the agency table with a column per domain, then the files left out.
    The headers are in the document's language; the values stay as in the JSON."""
    domain_ids = [d.id for d in r.domains]
    header = [*(_(name) for name in CSV_HEADER),
              *[_("domain_{id}").format(id=d) for d in domain_ids], _("error")]
    rows: list[list[object]] = [
        [a.agency, a.jurisdiction, a.file, "evaluated", a.as_of.isoformat(), a.age_days,
         a.stale, a.score, a.rating, a.provisional, a.not_rated, a.completion.numerator,
         a.completion.denominator, a.completion.value, a.gaps, a.critical_gaps,
         *[a.domain_scores.get(d) for d in domain_ids], ""]
        for a in r.agencies]
    rows += [["", "", f.file, "left_out", *[""] * (12 + len(domain_ids)), f.error]
             for f in r.invalid]
    return csv_bytes(header, rows)
