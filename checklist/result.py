"""The evaluation result: everything every renderer needs, and the JSON output's schema.

Plain frozen dataclasses: every value comes from models already validated, and building
pydantic models here cost more than the rest of the scoring (see bench/bench_evaluate.py).

Renderers read only this model, never the pack or the assessment, so all formats
show the same numbers. Field names are part of the JSON contract (docs/json-output.md):
add fields freely, never rename or remove one without a major version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from checklist.models.pack import Severity, Verification

RESULT_FORMAT_VERSION = "1.0"

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


@dataclass(frozen=True, slots=True)
class Score:
    """``value = 100 × earned / possible``; ``None`` when nothing is in scope."""

    value: float | None
    earned: float
    possible: float


@dataclass(frozen=True, slots=True)
class DomainResult:
    id: str
    title: str
    score: Score
    rules_in_scope: int
    rules_out_of_scope: int
    answered: int
    gaps: int
    critical_gaps: int


@dataclass(frozen=True, slots=True)
class Rating:
    band: str | None
    description: str
    score_band: str | None
    provisional: bool
    capped_by: tuple[str, ...]
    not_rated: bool = False
    """True below the completion needed for a rating: ``band`` is then ``None``."""
    completion_required: float = 0.8
    """Share of practices (in scope by profile) that must be answered for a rating."""


@dataclass(frozen=True, slots=True)
class Fraction:
    numerator: int
    denominator: int
    value: float | None


@dataclass(frozen=True, slots=True)
class ScoreRange:
    """Where the score could land once every unanswered practice is answered:
    ``low`` with each of them at no credit (today's score), ``high`` at full credit."""

    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class Counts:
    """The one counting line every format prints: pack → profile → N/A → scored."""

    in_pack: int
    apply_to_profile: int
    answered_not_applicable: int
    scored: int
    answered: int


@dataclass(frozen=True, slots=True)
class Summary:
    score: Score
    score_with_exceptions: Score
    rating: Rating
    completion: Fraction
    evidence_coverage: Fraction
    rules_total: int
    rules_in_scope: int
    rules_out_of_scope: int
    status_counts: dict[str, int]
    gaps: int
    critical_gaps: int
    overdue_targets: int
    active_exceptions: int
    score_range: ScoreRange
    counts: Counts


@dataclass(frozen=True, slots=True)
class Gap:
    rule: str
    domain: str
    title: str
    severity: Severity
    weight: float
    credit: float
    priority: float
    effective_status: EffectiveStatus
    owner: str
    target_date: dt.date | None
    target_overdue: bool
    remediation: str
    under_active_exception: bool


@dataclass(frozen=True, slots=True)
class ParameterValue:
    id: str
    title: str
    unit: str
    default: float
    value: float
    tailored: bool
    policy_choice: bool
    basis: str
    used_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceEntry:
    id: str
    title: str
    issuer: str
    date: str
    url: str
    location: str
    verification: Verification
    note: str
    cited_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BandEntry:
    name: str
    minimum: float
    description: str


@dataclass(frozen=True, slots=True)
class GateEntry:
    id: str
    description: str
    severities: tuple[Severity, ...]
    credit_at_most: float
    cap: str
    triggered_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Methodology:
    formula: str
    severity_weights: dict[str, float]
    credits: dict[str, float]
    bands: tuple[BandEntry, ...]
    gates: tuple[GateEntry, ...]
    parameters: tuple[ParameterValue, ...]


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    title: str
    email: str


@dataclass(frozen=True, slots=True)
class AgencyInfo:
    name: str
    jurisdiction: str
    type: str
    contact: Person | None


@dataclass(frozen=True, slots=True)
class ToolInfo:
    name: str
    version: str
    result_format: str


@dataclass(frozen=True, slots=True)
class PackInfo:
    id: str
    title: str
    version: str
    sha256: str


@dataclass(frozen=True, slots=True)
class InputInfo:
    name: str
    sha256: str


@dataclass(frozen=True, slots=True)
class LanguageInfo:
    """The language of the documents made from this result, and how much of the pack's
    own text they show in English for want of a current translation."""

    code: str = "en"
    texts: int = 0
    """Pack texts the documents show (in a language other than English)."""
    translated: int = 0
    fell_back: int = 0
    """Of those, shown in English: no translation (``missing``) or an out-of-date one."""
    stale: tuple[str, ...] = ()
    """Keys of the texts whose translation is out of date (the English changed)."""
    reviewed_by: str = ""
    """Who reviewed the pack's translation; empty while nobody has."""


@dataclass(frozen=True, slots=True)
class Signatory:
    """Someone who attests the report: ``role`` is ``agency_head`` or ``assessor``."""

    role: str
    name: str
    title: str
    date: dt.date | None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """Document control from the assessment file. ``stated`` is False when the file has no
    ``document`` section (the report is then shown as a draft)."""

    version: str = ""
    status: Literal["draft", "final"] = "draft"
    distribution: tuple[str, ...] = ()
    stated: bool = False


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """An acronym of the pack's glossary and what it stands for."""

    term: str
    stands_for: str
    meaning: str = ""


@dataclass(frozen=True, slots=True)
class ProfileQuestionInfo:
    """A profile question's words: documents quote the question and name each choice by
    its label, never by the ids ``profile`` holds."""

    id: str
    question: str
    choices: dict[str, str] = field(default_factory=dict)
    """Choice value → its label."""


@dataclass(frozen=True, slots=True)
class Result:
    tool: ToolInfo
    pack: PackInfo
    input: InputInfo
    report_id: str
    agency: AgencyInfo
    assessor: Person | None
    as_of: dt.date
    profile: dict[str, bool | str | list[str]]
    summary: Summary
    domains: tuple[DomainResult, ...]
    rules: tuple[RuleResult, ...]
    gaps: tuple[Gap, ...]
    exceptions: tuple[ExceptionRecord, ...]
    methodology: Methodology
    sources: tuple[SourceEntry, ...]
    language: LanguageInfo = LanguageInfo()
    document: DocumentInfo = DocumentInfo()
    attestation: tuple[Signatory, ...] = ()
    management_response: str = ""
    """The agency's overall response to the report, from the assessment file."""
    glossary: tuple[GlossaryTerm, ...] = ()
    """The pack's glossary, in pack order."""
    questions: tuple[ProfileQuestionInfo, ...] = ()
    """The pack's profile questions, in pack order, with their words."""
