"""One practice's result: where it stands (scope, effective status, credit), what was
found, and what the answer and the pack say about it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from checklist.evaluation.exception_records import exception_finding, governing_exception
from checklist.evaluation.findings import finding
from checklist.evaluation.verify import Verifier, applicability
from checklist.load.packs import Pack
from checklist.models.assessment import Answer
from checklist.models.pack import Reference, Rule, Status
from checklist.result import (
    Citation,
    ClaimedStatus,
    EffectiveStatus,
    EvidenceItem,
    ExceptionRecord,
    Finding,
    ObjectiveResult,
    RuleResult,
    Scope,
)

__all__ = ["rule_result"]

Judgement = tuple[Scope, str, EffectiveStatus | None, list[Finding]]
"""Scope, the reason for it, the effective status (None out of scope) and the findings."""


def _judgement(pack: Pack, rule: Rule, answer: Answer,
               profile: Mapping[str, bool | str | list[str]],
               as_of: dt.date, parameters: Mapping[str, float]) -> Judgement:
    """Whether the practice is in scope and, if it is, what its answer is worth."""
    in_profile, reason = applicability(rule, profile, questions=pack.questions)
    claim = answer.status
    if not in_profile:
        return "out_of_scope_profile", reason, None, []
    if claim == Status.NOT_APPLICABLE:
        return "not_applicable", answer.justification, None, []
    if claim is None:
        return "in_scope", reason, "unanswered", [finding("unanswered")]
    effective, findings = Verifier(rule, answer, as_of, parameters).run()
    return "in_scope", reason, effective, findings


def rule_result(pack: Pack, rule: Rule, domain_id: str, answer: Answer | None,
                profile: Mapping[str, bool | str | list[str]], as_of: dt.date,
                parameters: Mapping[str, float],
                exceptions: list[ExceptionRecord]) -> RuleResult:
    weight = pack.weight(rule)
    answer = answer or Answer()
    claimed: ClaimedStatus = answer.status.value if answer.status else "unanswered"
    scope, reason, effective, findings = _judgement(pack, rule, answer, profile, as_of, parameters)
    credit: float | None = None
    if effective is not None:
        credit = pack.manifest.scoring.credits[effective]  # type: ignore[index]
    is_gap = credit is not None and credit < 1
    overdue = bool(is_gap and answer.target_date and answer.target_date < as_of)
    if overdue and answer.target_date:
        findings.append(finding("target_overdue", target_date=answer.target_date,
                                days=(as_of - answer.target_date).days, as_of=as_of))
    exception = governing_exception(exceptions, rule.id)
    if exception and scope == "in_scope":
        findings.append(exception_finding(exception, as_of))
    return RuleResult(
        id=rule.id, domain=domain_id, title=rule.title, requirement=rule.requirement,
        severity=rule.severity, weight=weight, scope=scope,
        scope_reason=reason, claimed_status=claimed, effective_status=effective,
        credit=credit, priority=round(weight * (1 - credit), 4) if credit is not None else None,
        findings=tuple(findings),
        objectives=tuple(ObjectiveResult(id=o.id, text=o.text,
                                         met=bool(answer.objectives.get(o.id, False)))
                         for o in rule.objectives),
        evidence=tuple(EvidenceItem(title=e.title, ref=e.ref, date=e.date)
                       for e in answer.evidence),
        justification=answer.justification, owner=answer.owner,
        target_date=answer.target_date, target_overdue=overdue, notes=answer.notes,
        remediation=rule.remediation,
        references=tuple(_citation(pack, r) for r in rule.references),
        exception=exception if scope == "in_scope" else None,
        management_response=answer.management_response,
    )


def _citation(pack: Pack, ref: Reference) -> Citation:
    return Citation(source=ref.source, locator=_locator(pack, ref),
                    verification=ref.verification or pack.sources[ref.source].verification)


def _locator(pack: Pack, ref: Reference) -> str:
    """The locator as printed; a history-only citation says so, and why, in words."""
    if not ref.history:
        return ref.locator
    from checklist.i18n import language
    from checklist.i18n.methodology import history_locator

    source = pack.sources[ref.source]
    return history_locator(ref.locator, source.status, source.status_date, language("en"))
