"""Progress between two assessments of one agency: OLD result + NEW result → Comparison.

Pure: works only from the two evaluation results, so every number can be found in
the two single-agency reports. Rules that exist in only one of the pack versions are
listed under ``pack_change`` and kept out of the closed / new / regressed lists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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
    PackRule,
    PackStamp,
    RatingChange,
    Reweighted,
    RuleChange,
    Side,
    SideStatus,
    ToolStamp,
)
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


def _status(rule: RuleResult | None) -> SideStatus:
    if rule is None:
        return "not_in_pack"
    if rule.scope != "in_scope":
        return rule.scope
    assert rule.effective_status is not None
    return rule.effective_status


def _is_gap(rule: RuleResult | None) -> bool:
    return (rule is not None and rule.scope == "in_scope"
            and rule.credit is not None and rule.credit < 1)


def _is_met(rule: RuleResult | None) -> bool:
    return (rule is not None and rule.scope == "in_scope"
            and rule.credit is not None and rule.credit >= 1)


Cause = Literal["evidence_aged", "practice_changed"]


def _cause(old: RuleResult | None, new: RuleResult | None) -> Cause | None:
    """Why a status went down: the same answer with older evidence, or a changed practice."""
    if (old is None or new is None or old.scope != "in_scope" or new.scope != "in_scope"
            or STATUS_RANK[_status(new)] >= STATUS_RANK[_status(old)]):
        return None
    same_answer = (old.claimed_status == new.claimed_status
                   and {o.id: o.met for o in old.objectives}
                   == {o.id: o.met for o in new.objectives})
    return "evidence_aged" if same_answer else "practice_changed"


def _rule_change(old: RuleResult | None, new: RuleResult | None) -> RuleChange:
    ref = new or old
    assert ref is not None
    return RuleChange(
        old_claimed=old.claimed_status if old else None,
        new_claimed=new.claimed_status if new else None,
        cause=_cause(old, new),
        rule=ref.id, domain=ref.domain, title=ref.title, severity=ref.severity,
        weight=ref.weight, old_status=_status(old), new_status=_status(new),
        old_credit=old.credit if old else None, new_credit=new.credit if new else None,
        owner=(new.owner if new and new.owner else (old.owner if old else "")),
        reasons=tuple(f.message for f in (new.findings if new else ()) if f.caps_at),
    )


def _by_priority(credit_of: Callable[[RuleChange], float | None]) -> Callable[[RuleChange],
                                                                         tuple[float, int, str]]:
    """Sort key: the larger the weight × (1 − credit), the earlier; then severity, id."""
    def key(c: RuleChange) -> tuple[float, int, str]:
        credit = credit_of(c)
        priority = c.weight * (1 - (credit if credit is not None else 0))
        return (-priority, SEVERITY_ORDER[c.severity], c.rule)
    return key


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


def _pack_rule(rule: RuleResult) -> PackRule:
    return PackRule(rule=rule.id, domain=rule.domain, title=rule.title,
                    severity=rule.severity, status=_status(rule))


def _mapping(old_rules: dict[str, RuleResult], new_rules: dict[str, RuleResult],
             replaces: Mapping[str, Sequence[str]]) -> list[MappedRule]:
    """The old rules the new pack maps onto its own. A successor that exists only in the new
    version is compared with the old rule; one with an old rule of its own (a merge) keeps
    that pairing, and the mapping is only listed."""
    out = []
    for old_id, successors in sorted(replaces.items()):
        if old_id not in old_rules:
            continue
        for new_id in successors:
            if new_id in new_rules and new_id != old_id:
                out.append(MappedRule(old_rule=old_id, new_rule=new_id,
                                      title=new_rules[new_id].title,
                                      compared=new_id not in old_rules))
    return out


def _pack_change(old: Result, new: Result, old_rules: dict[str, RuleResult],
                 new_rules: dict[str, RuleResult],
                 mapped: Sequence[MappedRule] = ()) -> PackChange | None:
    if old.pack.version == new.pack.version and old.pack.sha256 == new.pack.sha256:
        return None
    taken_new = {m.new_rule for m in mapped if m.compared}
    taken_old = {m.old_rule for m in mapped}
    reweighted = [Reweighted(rule=rid, title=new_rules[rid].title,
                             old_weight=old_rules[rid].weight, new_weight=new_rules[rid].weight)
                  for rid in sorted(set(old_rules) & set(new_rules))
                  if old_rules[rid].weight != new_rules[rid].weight]
    return PackChange(
        old_version=old.pack.version, new_version=new.pack.version,
        same_content=old.pack.sha256 == new.pack.sha256,
        added=tuple(_pack_rule(new_rules[r])
                    for r in sorted(set(new_rules) - set(old_rules) - taken_new)),
        removed=tuple(_pack_rule(old_rules[r])
                      for r in sorted(set(old_rules) - set(new_rules) - taken_old)),
        reweighted=tuple(reweighted),
        mapped=tuple(mapped),
    )


def _missed_targets(old_rules: dict[str, RuleResult], new: Result) -> list[MissedTarget]:
    """Gaps open at the new date whose old or new target date had passed by then."""
    out = []
    for rule in new.rules:
        if not _is_gap(rule):
            continue
        before = old_rules.get(rule.id)
        old_target = before.target_date if before else None
        passed = [d for d in (old_target, rule.target_date) if d is not None and d < new.as_of]
        if not passed:
            continue
        missed = min(passed)
        out.append(MissedTarget(
            rule=rule.id, domain=rule.domain, title=rule.title, severity=rule.severity,
            status=_status(rule), old_target_date=old_target, new_target_date=rule.target_date,
            missed_date=missed, days_late=(new.as_of - missed).days,
            rescheduled=rule.target_date is not None and rule.target_date >= new.as_of,
            owner=rule.owner))
    out.sort(key=lambda m: (-m.days_late, SEVERITY_ORDER[m.severity], m.rule))
    return out


def _notes(old: Result, new: Result, pack_change: PackChange | None) -> list[str]:
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
    if pack_change is not None:
        if pack_change.old_version != pack_change.new_version:
            text = _("The old assessment was scored with version {old} of the pack and the "
                     "new one with version {new}.").format(old=pack_change.old_version,
                                                          new=pack_change.new_version)
        else:
            text = _("Both assessments name version {version} of the pack, but the pack's "
                     "files differ between the two runs.").format(
                version=pack_change.new_version)
        text += " " + _("{added} rules exist only in the new version and {removed} only in "
                        "the old one; they are listed separately and not counted as closed, "
                        "new or regressed gaps. Each score is computed over its own "
                        "version's rules, so part of the score change may come from the "
                        "pack change.").format(added=len(pack_change.added),
                                               removed=len(pack_change.removed))
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
    mapped = _mapping(old_rules, new_rules, replaces or {}) if different_packs else []
    common = [r.id for r in new.rules if r.id in old_rules]
    pairs = [(old_rules[rid], new_rules[rid]) for rid in common]
    pairs += [(old_rules[m.old_rule], new_rules[m.new_rule]) for m in mapped if m.compared]
    closed = [_rule_change(o, n) for o, n in pairs if _is_gap(o) and _is_met(n)]
    opened = [_rule_change(o, n) for o, n in pairs if _is_gap(n) and not _is_gap(o)]
    both = [(o, n) for o, n in pairs if o.scope == "in_scope" and n.scope == "in_scope"]
    opened_ids = {c.rule for c in opened}
    regressed = [_rule_change(o, n) for o, n in both  # a new gap is listed once, there
                 if STATUS_RANK[_status(n)] < STATUS_RANK[_status(o)]
                 and n.id not in opened_ids]
    improved = [_rule_change(o, n) for o, n in both
                if STATUS_RANK[_status(n)] > STATUS_RANK[_status(o)] and not _is_met(n)]
    scope = [_rule_change(o, n) for o, n in pairs if (o.scope == "in_scope") != (n.scope == "in_scope")]
    pack_change = _pack_change(old, new, old_rules, new_rules, mapped)
    return Comparison(
        tool=ToolStamp(name="checklist", version=__version__,
                       format_version=PORTFOLIO_FORMAT_VERSION),
        pack=PackStamp(id=new.pack.id, title=new.pack.title, version=new.pack.version),
        old=_side(old), new=_side(new),
        days_between=(new.as_of - old.as_of).days,
        same_agency=same_agency(old, new),
        notes=tuple(_notes(old, new, pack_change)),
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
        gaps_closed=tuple(sorted(closed, key=_by_priority(lambda c: c.old_credit))),
        new_gaps=tuple(sorted(opened, key=_by_priority(lambda c: c.new_credit))),
        regressed=tuple(sorted(regressed, key=_by_priority(lambda c: c.new_credit))),
        improved=tuple(sorted(improved, key=_by_priority(lambda c: c.new_credit))),
        scope_changes=tuple(sorted(scope, key=lambda c: c.rule)),
        targets_missed=tuple(_missed_targets(old_rules, new)),
        pack_change=pack_change,
        bands=new.methodology.bands,
    )
