"""The result's figures: scores, the rating, the counts, each domain and the gap list.

Part of the evaluation result (:mod:`checklist.result`); the field names are part of the
JSON contract like the rest of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from checklist.models.pack import Severity
from checklist.result.rule import EffectiveStatus

__all__ = [
    "Counts",
    "DomainResult",
    "Fraction",
    "Gap",
    "Rating",
    "Score",
    "ScoreRange",
    "Summary",
]


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
