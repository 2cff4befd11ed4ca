"""Aggregate steps of the scoring (DESIGN.md section 4, step 4 onwards): the weighted
score, completion, evidence coverage, score with exceptions, rating and gap order.
Pure functions over rule results.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from checklist.models.pack import SEVERITY_ORDER, Band, Gate, ScoringPolicy
from checklist.result import Counts, Fraction, Gap, Rating, RuleResult, Score, ScoreRange
from checklist.statuses import CHECKED_CLAIMS


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def formula(policy: ScoringPolicy) -> str:
    """The scoring formula in words, from the pack's own credits and severity weights, so
    the sentence a report prints always matches the tables printed beside it. The JSON
    keeps it in English; each document words it in its language
    (:func:`checklist.i18n.methodology.formula_text`)."""
    from checklist.i18n import language
    from checklist.i18n.methodology import formula_text

    return formula_text({str(k): v for k, v in policy.credits.items()},
                        {str(k): v for k, v in policy.severity_weights.items()},
                        language("en"))


def weighted_score(rules: Iterable[RuleResult]) -> Score:
    earned = possible = 0.0
    for rule in rules:
        if rule.scope != "in_scope" or rule.credit is None:
            continue
        earned += rule.weight * rule.credit
        possible += rule.weight
    value = round(100.0 * earned / possible, 1) if possible > 0 else None
    return Score(value=value, earned=round(earned, 4), possible=round(possible, 4))


def fraction(numerator: int, denominator: int) -> Fraction:
    value = round(numerator / denominator, 4) if denominator else None
    return Fraction(numerator=numerator, denominator=denominator, value=value)


def completion(rules: Sequence[RuleResult]) -> Fraction:
    """Answered (any status, N/A included) ÷ rules in scope by profile."""
    by_profile = [r for r in rules if r.scope != "out_of_scope_profile"]
    answered = [r for r in by_profile if r.claimed_status != "unanswered"]
    return fraction(len(answered), len(by_profile))


def score_range(rules: Sequence[RuleResult], full_credit: float = 1.0) -> ScoreRange:
    """The score with every unanswered in-scope practice at no credit, and at full credit."""
    earned = possible = open_weight = 0.0
    for rule in rules:
        if rule.scope != "in_scope" or rule.credit is None:
            continue
        possible += rule.weight
        if rule.effective_status == "unanswered":
            open_weight += rule.weight
        else:
            earned += rule.weight * rule.credit
    if possible <= 0:
        return ScoreRange(low=None, high=None)
    return ScoreRange(low=round(100.0 * earned / possible, 1),
                      high=round(100.0 * (earned + open_weight * full_credit) / possible, 1))


def counts(rules: Sequence[RuleResult]) -> Counts:
    by_profile = [r for r in rules if r.scope != "out_of_scope_profile"]
    return Counts(
        in_pack=len(rules), apply_to_profile=len(by_profile),
        answered_not_applicable=sum(1 for r in by_profile if r.scope == "not_applicable"),
        scored=sum(1 for r in by_profile if r.scope == "in_scope"),
        answered=sum(1 for r in by_profile if r.claimed_status != "unanswered"))


def not_rated(base: Rating, done: Fraction, required: float) -> Rating:
    """Below the completion the pack requires there is no band, only the score and its
    range; otherwise the rating as scored, with the requirement recorded."""
    below = done.value is not None and done.value < required
    if not below:
        return Rating(band=base.band, description=base.description, score_band=base.score_band,
                      provisional=base.provisional, capped_by=base.capped_by,
                      not_rated=False, completion_required=required)
    return Rating(band=None,
                  description=f"not rated: {done.numerator} of {done.denominator} practices "
                              f"are answered, fewer than the {required:.0%} a rating needs",
                  score_band=base.score_band, provisional=True, capped_by=(),
                  not_rated=True, completion_required=required)


def evidence_coverage(rules: Sequence[RuleResult]) -> Fraction:
    claimed = [r for r in rules
               if r.scope == "in_scope" and r.claimed_status in CHECKED_CLAIMS]
    with_evidence = [r for r in claimed if r.evidence]
    return fraction(len(with_evidence), len(claimed))


def score_with_exceptions(rules: Sequence[RuleResult]) -> Score:
    return weighted_score(
        r for r in rules if not (r.exception is not None and r.exception.state == "active")
    )


def triggered_gates(gates: Sequence[Gate], rules: Sequence[RuleResult]) -> dict[str, list[str]]:
    """Gate id → ids of the in-scope rules that trigger it."""
    hits: dict[str, list[str]] = {}
    for gate in gates:
        ids = [r.id for r in rules
               if r.scope == "in_scope" and r.credit is not None
               and r.severity in gate.severities and r.credit <= gate.credit_at_most]
        if ids:
            hits[gate.id] = ids
    return hits


def rating(score: float | None, bands: Sequence[Band], gates: Sequence[Gate],
           triggered: dict[str, list[str]], complete: bool) -> Rating:
    ordered = sorted(bands, key=lambda b: b.minimum, reverse=True)
    if score is None:
        return Rating(band=None, description="no practice is in scope, so there is no rating",
                      score_band=None, provisional=not complete, capped_by=())
    # A bare next() would raise StopIteration, which silently ends any loop (such as a
    # worker pool's iterator) that it escapes into; fail loudly instead.
    if not math.isfinite(score):
        raise ValueError(f"the score {score} is not a finite number")
    rank = next((i for i, b in enumerate(ordered) if score >= b.minimum), None)
    if rank is None:
        raise ValueError(f"the score {score} is below every band of the pack")
    score_band = ordered[rank].name
    capped_by: list[str] = []
    for gate in gates:
        if gate.id not in triggered:
            continue
        cap_rank = next((i for i, b in enumerate(ordered) if b.name == gate.cap), None)
        if cap_rank is None:
            raise ValueError(f"gate '{gate.id}' caps at the unknown band '{gate.cap}'")
        if cap_rank > rank:
            rank = cap_rank
            capped_by = [gate.id]
        elif cap_rank == rank and capped_by:
            capped_by.append(gate.id)
    band = ordered[rank]
    return Rating(band=band.name, description=band.description, score_band=score_band,
                  provisional=not complete, capped_by=tuple(capped_by))


def gap_order(rules: Iterable[RuleResult]) -> list[Gap]:
    """In-scope rules with credit below 1, highest priority w × (1 − credit) first; ties
    put an overdue target first, then the more severe, then the lower id."""
    gaps: list[Gap] = []
    for r in rules:
        if r.scope != "in_scope" or r.credit is None or r.credit >= 1:
            continue
        assert r.priority is not None and r.effective_status is not None
        gaps.append(Gap(
            rule=r.id, domain=r.domain, title=r.title, severity=r.severity, weight=r.weight,
            credit=r.credit, priority=r.priority, effective_status=r.effective_status,
            owner=r.owner, target_date=r.target_date, target_overdue=r.target_overdue,
            remediation=r.remediation,
            under_active_exception=r.exception is not None and r.exception.state == "active",
        ))
    gaps.sort(key=lambda g: (-g.priority, not g.target_overdue, SEVERITY_ORDER[g.severity],
                            g.rule))
    return gaps
