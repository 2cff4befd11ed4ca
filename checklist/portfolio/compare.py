"""Progress between two assessments of one agency: OLD result + NEW result → Comparison.

Pure: works only from the two evaluation results, so every number can be found in
the two single-agency reports. Rules that exist in only one of the pack versions are
listed under ``pack_change`` and kept out of the closed / new / regressed lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from checklist import __version__, i18n
from checklist.i18n import N_, _
from checklist.load.problems import UsageError
from checklist.models.pack import SEVERITY_ORDER
from checklist.portfolio.models import (
    PORTFOLIO_FORMAT_VERSION,
    Change,
    Comparison,
    CountChange,
    DomainChange,
    MappedRule,
    MissedTarget,
    PackChange,
    PackStamp,
    RatingChange,
    RuleChange,
    Side,
    ToolStamp,
)
from checklist.portfolio.pack_change import mapped_rules, pack_change
from checklist.portfolio.rule_changes import by_priority, is_gap, is_met, rule_change, side_status
from checklist.result import Result, RuleResult
from checklist.statuses import RANK as STATUS_RANK


def check_comparable(old: Result, new: Result) -> list[str]:
    """Raise :class:`UsageError` when the pair cannot be compared; return warnings."""
    if old.pack.id != new.pack.id:
        raise UsageError(
            f"{old.input.name} is scored with pack '{old.pack.id}' and {new.input.name} with "
            f"pack '{new.pack.id}'; only assessments against the same pack can be compared")
    if new.as_of < old.as_of:
        raise UsageError(
            f"the new assessment {new.input.name} is dated {new.as_of}, before the old one "
            f"{old.input.name} ({old.as_of}); give the older file first: "
            f"checklist compare {new.input.name} {old.input.name}")
    warnings = []
    if not same_agency(old, new):
        warnings.append(
            f"the two files are for different agencies ('{old.agency.name}' and "
            f"'{new.agency.name}'); the comparison is made, but it does not show one "
            "agency's progress")
    return warnings


def same_agency(old: Result, new: Result) -> bool:
    def norm(text: str) -> str:
        return " ".join(text.casefold().split())
    return (norm(old.agency.name) == norm(new.agency.name)
            and norm(old.agency.jurisdiction) == norm(new.agency.jurisdiction))


def _side(r: Result) -> Side:
    s = r.summary
    return Side(
        file=r.input.name, sha256=r.input.sha256, report_id=r.report_id,
        agency=r.agency.name, jurisdiction=r.agency.jurisdiction, as_of=r.as_of,
        pack_version=r.pack.version, pack_sha256=r.pack.sha256,
        score=s.score.value, score_with_exceptions=s.score_with_exceptions.value,
        rating=s.rating.band, provisional=s.rating.provisional, capped_by=s.rating.capped_by,
        completion=s.completion, evidence_coverage=s.evidence_coverage,
        rules_in_scope=s.rules_in_scope, gaps=s.gaps, critical_gaps=s.critical_gaps,
        overdue_targets=s.overdue_targets,
    )


def change(old: float | None, new: float | None, *, scale: float = 1.0) -> Change:
    if old is not None:
        old = round(old * scale, 1)
    if new is not None:
        new = round(new * scale, 1)
    diff = round(new - old, 1) if old is not None and new is not None else None
    return Change(old=old, new=new, change=diff)


def count_change(old: int, new: int) -> CountChange:
    return CountChange(old=old, new=new, change=new - old)


def _rating_change(old: Result, new: Result) -> RatingChange:
    o, n = old.summary.rating, new.summary.rating
    order = [b.name for b in new.methodology.bands]  # highest minimum first
    direction: Literal["up", "down", "same", "not_comparable"] = "not_comparable"
    if o.not_rated or n.not_rated:
        direction = "not_comparable"
    elif o.band == n.band:
        direction = "same"
    elif o.band in order and n.band in order:
        direction = "up" if order.index(n.band) < order.index(o.band) else "down"
    return RatingChange(old=o.band, new=n.band, old_provisional=o.provisional,
                        new_provisional=n.provisional, direction=direction,
                        old_not_rated=o.not_rated, new_not_rated=n.not_rated)


def _domains(old: Result, new: Result) -> list[DomainChange]:
    old_d = {d.id: d for d in old.domains}
    new_d = {d.id: d for d in new.domains}
    ids = [d.id for d in new.domains] + [d.id for d in old.domains if d.id not in new_d]
    out = []
    for did in ids:
        o, n = old_d.get(did), new_d.get(did)
        ref = n or o
        assert ref is not None
        out.append(DomainChange(
            id=did, title=ref.title,
            score=change(o.score.value if o else None, n.score.value if n else None),
            old_gaps=o.gaps if o else None, new_gaps=n.gaps if n else None))
    return out


def _missed_targets(old_rules: dict[str, RuleResult], new: Result) -> list[MissedTarget]:
    """Gaps open at the new date whose old or new target date had passed by then."""
    out = []
    for rule in new.rules:
        if not is_gap(rule):
            continue
        before = old_rules.get(rule.id)
        old_target = before.target_date if before else None
        passed = [d for d in (old_target, rule.target_date) if d is not None and d < new.as_of]
        if not passed:
            continue
        missed = min(passed)
        out.append(MissedTarget(
            rule=rule.id, domain=rule.domain, title=rule.title, severity=rule.severity,
            status=side_status(rule), old_target_date=old_target, new_target_date=rule.target_date,
            missed_date=missed, days_late=(new.as_of - missed).days,
            rescheduled=rule.target_date is not None and rule.target_date >= new.as_of,
            owner=rule.owner))
    out.sort(key=lambda m: (-m.days_late, SEVERITY_ORDER[m.severity], m.rule))
    return out


def _notes(old: Result, new: Result, differences: PackChange | None) -> list[str]:
    """Notes printed at the top of the comparison, in the active language."""
    lang = i18n.current()
    notes = []
    if not same_agency(old, new):
        notes.append(_("The two assessments are for different agencies: '{old}' ({old_date}) "
                       "and '{new}' ({new_date}).").format(
            old=old.agency.name, old_date=lang.date(old.as_of), new=new.agency.name,
            new_date=lang.date(new.as_of)))
    if old.as_of == new.as_of:
        notes.append(_("Both assessments are dated {date}.").format(date=lang.date(new.as_of)))
    not_rated = {
        "old": N_("The old assessment ({date}) is not rated: it answers {n} of {total} "
                  "practices, less than the {percent} % a rating needs, and its score counts "
                  "only what was answered. Ratings are not compared, and score changes may "
                  "come from answers added rather than practices improved."),
        "new": N_("The new assessment ({date}) is not rated: it answers {n} of {total} "
                  "practices, less than the {percent} % a rating needs, and its score counts "
                  "only what was answered. Ratings are not compared, and score changes may "
                  "come from answers added rather than practices improved."),
    }
    for label, side in (("old", old), ("new", new)):
        rating, done = side.summary.rating, side.summary.completion
        if rating.not_rated:
            notes.append(_(not_rated[label]).format(
                date=lang.date(side.as_of), n=done.numerator, total=done.denominator,
                percent=lang.number(float(f"{rating.completion_required * 100:g}"))))
    if differences is not None:
        if differences.old_version != differences.new_version:
            text = _("The old assessment was scored with version {old} of the pack and the "
                     "new one with version {new}.").format(old=differences.old_version,
                                                          new=differences.new_version)
        else:
            text = _("Both assessments name version {version} of the pack, but the pack's "
                     "files differ between the two runs.").format(
                version=differences.new_version)
        text += " " + _("{added} rules exist only in the new version and {removed} only in "
                        "the old one; they are listed separately and not counted as closed, "
                        "new or regressed gaps. Each score is computed over its own "
                        "version's rules, so part of the score change may come from the "
                        "pack change.").format(added=len(differences.added),
                                               removed=len(differences.removed))
        notes.append(text)
    return notes


def compare(old: Result, new: Result,
            replaces: Mapping[str, Sequence[str]] | None = None) -> Comparison:
    """Compare two results for the same pack (see :func:`check_comparable`).

    ``replaces`` is the new pack's mapping from earlier rule ids to its own (for two
    assessments scored with different major versions): a new rule that replaces an old one
    is compared with it, under the new rule's id."""
    old_rules = {r.id: r for r in old.rules}
    new_rules = {r.id: r for r in new.rules}
    different_packs = (old.pack.version, old.pack.sha256) != (new.pack.version, new.pack.sha256)
    mapped = mapped_rules(old_rules, new_rules, replaces or {}) if different_packs else []
    closed, opened, regressed, improved, scope = _practice_changes(old_rules, new_rules,
                                                                    mapped, new)
    differences = pack_change(old, new, old_rules, new_rules, mapped)
    return Comparison(
        tool=ToolStamp(name="checklist", version=__version__,
                       format_version=PORTFOLIO_FORMAT_VERSION),
        pack=PackStamp(id=new.pack.id, title=new.pack.title, version=new.pack.version),
        old=_side(old), new=_side(new),
        days_between=(new.as_of - old.as_of).days,
        same_agency=same_agency(old, new),
        notes=tuple(_notes(old, new, differences)),
        score=change(old.summary.score.value, new.summary.score.value),
        score_with_exceptions=change(old.summary.score_with_exceptions.value,
                                     new.summary.score_with_exceptions.value),
        completion=change(old.summary.completion.value, new.summary.completion.value,
                          scale=100),
        evidence_coverage=change(old.summary.evidence_coverage.value,
                                 new.summary.evidence_coverage.value, scale=100),
        gaps=count_change(old.summary.gaps, new.summary.gaps),
        critical_gaps=count_change(old.summary.critical_gaps, new.summary.critical_gaps),
        rating=_rating_change(old, new),
        domains=tuple(_domains(old, new)),
        gaps_closed=closed, new_gaps=opened, regressed=regressed, improved=improved,
        scope_changes=scope,
        targets_missed=tuple(_missed_targets(old_rules, new)),
        pack_change=differences,
        bands=new.methodology.bands,
    )


Changes = tuple[RuleChange, ...]


def _practice_changes(old_rules: dict[str, RuleResult], new_rules: dict[str, RuleResult],
                      mapped: Sequence[MappedRule], new: Result
                      ) -> tuple[Changes, Changes, Changes, Changes, Changes]:
    """The practices compared on both sides, sorted into gaps closed, new gaps, regressed,
    improved and scope changes (each in priority order; scope changes by id)."""
    common = [r.id for r in new.rules if r.id in old_rules]
    pairs = [(old_rules[rid], new_rules[rid]) for rid in common]
    pairs += [(old_rules[m.old_rule], new_rules[m.new_rule]) for m in mapped if m.compared]
    closed = [rule_change(o, n) for o, n in pairs if is_gap(o) and is_met(n)]
    opened = [rule_change(o, n) for o, n in pairs if is_gap(n) and not is_gap(o)]
    both = [(o, n) for o, n in pairs if o.scope == "in_scope" and n.scope == "in_scope"]
    opened_ids = {c.rule for c in opened}
    regressed = [rule_change(o, n) for o, n in both  # a new gap is listed once, there
                 if STATUS_RANK[side_status(n)] < STATUS_RANK[side_status(o)]
                 and n.id not in opened_ids]
    improved = [rule_change(o, n) for o, n in both
                if STATUS_RANK[side_status(n)] > STATUS_RANK[side_status(o)] and not is_met(n)]
    scope = [rule_change(o, n) for o, n in pairs if (o.scope == "in_scope") != (n.scope == "in_scope")]
    return (tuple(sorted(closed, key=by_priority(lambda c: c.old_credit))),
            tuple(sorted(opened, key=by_priority(lambda c: c.new_credit))),
            tuple(sorted(regressed, key=by_priority(lambda c: c.new_credit))),
            tuple(sorted(improved, key=by_priority(lambda c: c.new_credit))),
            tuple(sorted(scope, key=lambda c: c.rule)))
