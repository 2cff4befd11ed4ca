"""One practice's result: its scope, statuses, credit, findings and what the answer gave.

Part of the evaluation result (:mod:`checklist.result`); the field names are part of the
JSON contract like the rest of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from checklist.models.pack import Severity, Verification

__all__ = [
    "Citation",
    "ClaimedStatus",
    "EffectiveStatus",
    "EvidenceItem",
    "ExceptionRecord",
    "ExceptionState",
    "Finding",
    "FindingCode",
    "FindingParam",
    "ObjectiveResult",
    "RuleResult",
    "Scope",
]


FindingCode = Literal[
    "objectives_unmet",
    "evidence_missing",
    "evidence_undated",
    "evidence_stale",
    "fact_missing",
    "check_failed",
    "unanswered",
    "target_overdue",
    "exception_active",
    "exception_expired",
]


EffectiveStatus = Literal[
    "implemented", "alternative", "partial", "planned", "not_implemented", "unanswered"
]
ClaimedStatus = Literal[
    "implemented", "alternative", "partial", "planned", "not_implemented", "not_applicable",
    "unanswered",
]
Scope = Literal["in_scope", "out_of_scope_profile", "not_applicable"]
ExceptionState = Literal["active", "expired", "not_yet_approved"]


FindingParam = str | int | float | bool | dt.date | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check found: a stable ``code`` and its ``params`` (the numbers, dates,
    labels and limits involved, see :mod:`checklist.i18n.findings`). ``message`` is the
    English sentence made from them; a document in another language makes its own."""

    code: FindingCode
    message: str
    caps_at: EffectiveStatus | None = None
    params: Mapping[str, FindingParam] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ObjectiveResult:
    id: str
    text: str
    met: bool


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    title: str
    ref: str
    date: dt.date | None


@dataclass(frozen=True, slots=True)
class Citation:
    source: str
    locator: str
    verification: Verification


@dataclass(frozen=True, slots=True)
class ExceptionRecord:
    rule: str
    rule_title: str
    justification: str
    approved_by: str
    approved_on: dt.date
    expires: dt.date
    state: ExceptionState


@dataclass(frozen=True, slots=True)
class RuleResult:
    id: str
    domain: str
    title: str
    requirement: str
    severity: Severity
    weight: float
    scope: Scope
    scope_reason: str
    claimed_status: ClaimedStatus
    effective_status: EffectiveStatus | None
    credit: float | None
    priority: float | None
    findings: tuple[Finding, ...]
    objectives: tuple[ObjectiveResult, ...]
    evidence: tuple[EvidenceItem, ...]
    justification: str
    owner: str
    target_date: dt.date | None
    target_overdue: bool
    notes: str
    remediation: str
    references: tuple[Citation, ...]
    exception: ExceptionRecord | None
    management_response: str = ""
    """The agency's response to this gap, from the assessment file (printed under it)."""
