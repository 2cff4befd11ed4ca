"""Plain-text outputs: Markdown for both reports, CSV for the roll-up."""

from __future__ import annotations

from collections.abc import Sequence

from checklist.portfolio.models import Comparison, Rollup, RuleChange
from checklist.render.portfolio import views as h
from checklist.render.text import csv_bytes, md


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    if not rows:
        return ["_None._", ""]
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
        body.append([r.rule, practice, r.severity, h.checked(r.old_status, r.old_claimed),
                     h.checked(r.new_status, r.new_claimed), r.owner])
    return out + _table(["Rule", "Practice", "Severity", "Before", "Now", "Owner"], body)


def comparison_markdown(c: Comparison) -> str:
    o, n = c.old, c.new
    out = [f"# Progress report: {md(n.agency)}", "",
           f"{md(c.pack.title)}. From the assessment of {o.as_of} to the assessment of "
           f"{n.as_of} ({h.days(c.days_between)} later).", ""]
    out += [f"> {md(note)}" for note in c.notes] + ([""] if c.notes else [])
    out += ["## Summary", ""]
    out += _table(["Measure", f"Old ({o.as_of})", f"New ({n.as_of})", "Change"], [
        ["Score (0–100)", h.score(c.score.old), h.score(c.score.new), h.signed(c.score.change)],
        ["Score with approved exceptions", h.score(c.score_with_exceptions.old),
         h.score(c.score_with_exceptions.new), h.signed(c.score_with_exceptions.change)],
        ["Rating", h.rating(c.rating.old, c.rating.old_provisional, c.rating.old_not_rated),
         h.rating(c.rating.new, c.rating.new_provisional, c.rating.new_not_rated),
         h.DIRECTION_LABELS[c.rating.direction]],
        ["Completion", f"{h.percent(o.completion)} ({h.fraction(o.completion)})",
         f"{h.percent(n.completion)} ({h.fraction(n.completion)})",
         f"{h.signed(c.completion.change)} pts"],
        ["Evidence coverage", f"{h.percent(o.evidence_coverage)} "
         f"({h.fraction(o.evidence_coverage)})",
         f"{h.percent(n.evidence_coverage)} ({h.fraction(n.evidence_coverage)})",
         f"{h.signed(c.evidence_coverage.change)} pts"],
        ["Gaps", c.gaps.old, c.gaps.new, h.signed_int(c.gaps.change)],
        ["Critical gaps", c.critical_gaps.old, c.critical_gaps.new,
         h.signed_int(c.critical_gaps.change)],
        ["Gaps past their target date", o.overdue_targets, n.overdue_targets,
         h.signed_int(n.overdue_targets - o.overdue_targets)],
    ])
    out += ["## Score by domain", ""]
    out += _table(["Domain", "Old", "New", "Change", "Gaps old", "Gaps new"], [
        [f"{d.id} · {d.title}", h.score(d.score.old), h.score(d.score.new),
         h.signed(d.score.change), h.DASH if d.old_gaps is None else d.old_gaps,
         h.DASH if d.new_gaps is None else d.new_gaps] for d in c.domains])
    out += _rules("Gaps closed", "Gaps at the old date that are fully met at the new date.",
                  c.gaps_closed, "No gap was closed.")
    out += _rules("New gaps", "Gaps at the new date that were fully met or out of scope at "
                  "the old date.", c.new_gaps, "No new gap.", reasons=True)
    out += _rules("Practices that regressed: the practice changed", "Already gaps at the old "
                  "date, with a lower status after checks now because the claim or an objective "
                  "changed; the findings that lowered it follow the title.",
                  h.by_cause(c.regressed, "practice_changed"), "None.", reasons=True)
    out += _rules("Practices that regressed: evidence aged past its limit", "Already gaps "
                  "at the old date, with the same answer, now lower only because evidence or "
                  "a dated fact is older than the practice allows.",
                  h.by_cause(c.regressed, "evidence_aged"), "None.", reasons=True)
    out += _rules("Practices that improved but are still gaps", "In scope on both dates, "
                  "with a higher status after checks now, not yet fully met.", c.improved, "None.")
    out += [f"## Target dates missed ({len(c.targets_missed)})", "",
            f"Gaps still open on {n.as_of} whose target date had passed by then.", ""]
    if c.targets_missed:
        out += _table(["Rule", "Practice", "Severity", "Target (old)", "Target (new)",
                       "Days late", "Status now", "Owner"],
                      [[m.rule, m.title, m.severity, m.old_target_date or h.DASH,
                        m.new_target_date or h.DASH, m.days_late, h.status(m.status), m.owner]
                       for m in c.targets_missed])
    else:
        out += ["_No target date was missed._", ""]
    out += _rules("Changes of scope", "In scope on one date only (profile changed, or marked "
                  "not applicable).", c.scope_changes, "None.")
    if c.pack_change:
        p = c.pack_change
        out += ["## Pack versions differ", "",
                f"Old: version {md(p.old_version)}; new: version {md(p.new_version)}. These "
                "practices exist in one version only and are not compared.", ""]
        rows = [[r.rule, r.title, "new version only", h.status(r.status)] for r in p.added]
        rows += [[r.rule, r.title, "old version only", h.status(r.status)] for r in p.removed]
        out += _table(["Rule", "Practice", "Where", "Status"], rows) if rows else ["_None._", ""]
        if p.mapped:
            out += ["### Rules the new version maps from the old one", ""]
            out += _table(["Old rule", "New rule", "Practice", "Compared"],
                          [[m.old_rule, m.new_rule, m.title,
                            "yes" if m.compared else "no (merged)"] for m in p.mapped])
    out += ["## Files compared", ""]
    out += _table(["", "Old", "New"], [
        ["File", o.file, n.file], ["Report id", o.report_id, n.report_id],
        ["Pack version", o.pack_version, n.pack_version],
        ["SHA-256", o.sha256, n.sha256]])
    out += [f"Produced by {c.tool.name} {c.tool.version}.", ""]
    return "\n".join(out)


def rollup_markdown(r: Rollup, *, top: int) -> str:
    s = r.summary
    out = [f"# Roll-up of {s.agencies} assessments: {md(r.pack.title)}", "",
           f"Pack {md(r.pack.id)} version {md(r.pack.version)}; reference date {r.as_of}. "
           f"{s.files} files read, {s.agencies} valid, {s.invalid} left out.", "",
           "## Summary", ""]
    out += _table(["Measure", "Value"], [
        ["Median score", h.score(s.median_score)], ["Mean score", h.score(s.mean_score)],
        *[[f"Rated {name}", count] for name, count in s.ratings.items()],
        ["Provisional ratings", s.provisional],
        [f"{h.NOT_RATED} (left out of these figures)", s.not_rated], ["No score", s.no_score],
        ["Agencies with a critical gap", s.with_critical_gaps],
        [f"Assessments older than {r.max_age_days} days", s.stale]])
    domain_ids = [d.id for d in r.domains]
    out += ["## Agencies", ""]
    out += _table(["Agency", "Jurisdiction", "Score", "Rating", "Completion", "Gaps",
                   "Critical gaps", "As of", *domain_ids, "File"],
                  [[a.agency, a.jurisdiction, h.score(a.score),
                    h.rating(a.rating, a.provisional, a.not_rated),
                    h.percent(a.completion), a.gaps, a.critical_gaps, a.as_of,
                    *[h.score(a.domain_scores.get(d)) for d in domain_ids], a.file]
                   for a in r.agencies])
    out += ["Domains: " + "; ".join(f"{md(d.id)} = {md(d.title)}" for d in r.domains), ""]
    out += ["## Most common gaps", ""]
    out += _table(["Rule", "Practice", "Severity", "Agencies with the gap", "In scope at",
                   "Share"],
                  [[g.rule, g.title, g.severity, g.agencies, g.in_scope, h.percent(g.share)]
                   for g in r.common_gaps[:top]])
    out += [f"## Assessments older than {r.max_age_days} days ({len(r.stale)})", ""]
    out += _table(["Agency", "As of", "Age (days)", "File"],
                  [[a.agency, a.as_of, a.age_days, a.file] for a in r.stale])
    out += [f"## Files left out ({len(r.invalid)})", ""]
    out += _table(["File", "First error"], [[f.file, f.error] for f in r.invalid])
    return "\n".join(out)


def rollup_csv(r: Rollup) -> bytes:
    """One row per file: the agency table with a column per domain, then the files left out."""
    domain_ids = [d.id for d in r.domains]
    header = ["agency", "jurisdiction", "file", "status", "as_of", "age_days", "stale",
              "score", "rating", "provisional", "not_rated", "answered", "in_scope_by_profile",
              "completion", "gaps", "critical_gaps", *[f"domain_{d}" for d in domain_ids],
              "error"]
    rows: list[list[object]] = [
        [a.agency, a.jurisdiction, a.file, "evaluated", a.as_of.isoformat(), a.age_days,
         a.stale, a.score, a.rating, a.provisional, a.not_rated, a.completion.numerator,
         a.completion.denominator, a.completion.value, a.gaps, a.critical_gaps,
         *[a.domain_scores.get(d) for d in domain_ids], ""]
        for a in r.agencies]
    rows += [["", "", f.file, "left_out", *[""] * (12 + len(domain_ids)), f.error]
             for f in r.invalid]
    return csv_bytes(header, rows)
