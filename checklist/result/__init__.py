"""The evaluation result: everything every renderer needs, and the JSON output's schema.

Plain frozen dataclasses: every value comes from models already validated, and building
pydantic models here cost more than the rest of the scoring (see bench/bench_evaluate.py).

Renderers read only this model, never the pack or the assessment, so all formats
show the same numbers. Field names are part of the JSON contract (docs/json-output.md):
add fields freely, never rename or remove one without a major version.

The parts are in modules of their own: one practice's result in :mod:`checklist.result.rule`,
the figures in :mod:`checklist.result.summary`, how they were computed in
:mod:`checklist.result.methodology`. Every name is importable from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from checklist.result.methodology import (
    BandEntry,
    GateEntry,
    Methodology,
    ParameterValue,
    SourceEntry,
)
from checklist.result.rule import (
    Citation,
    ClaimedStatus,
    EffectiveStatus,
    EvidenceItem,
    ExceptionRecord,
    ExceptionState,
    Finding,
    FindingCode,
    FindingParam,
    ObjectiveResult,
    RuleResult,
    Scope,
)
from checklist.result.summary import (
    Counts,
    DomainResult,
    Fraction,
    Gap,
    Rating,
    Score,
    ScoreRange,
    Summary,
)

__all__ = [
    "RESULT_FORMAT_VERSION",
    "AgencyInfo",
    "BandEntry",
    "Citation",
    "ClaimedStatus",
    "Counts",
    "DocumentInfo",
    "DomainResult",
    "EffectiveStatus",
    "EvidenceItem",
    "ExceptionRecord",
    "ExceptionState",
    "Finding",
    "FindingCode",
    "FindingParam",
    "Fraction",
    "Gap",
    "GateEntry",
    "GlossaryTerm",
    "InputInfo",
    "LanguageInfo",
    "Methodology",
    "ObjectiveResult",
    "PackInfo",
    "ParameterValue",
    "Person",
    "ProfileQuestionInfo",
    "Rating",
    "Result",
    "RuleResult",
    "Scope",
    "Score",
    "ScoreRange",
    "Signatory",
    "SourceEntry",
    "Summary",
    "ToolInfo",
]

RESULT_FORMAT_VERSION = "1.0"


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
