"""Results of ``checklist compare`` and ``checklist rollup``; the JSON outputs' schema.

Field names are part of the JSON contract (docs/portfolio.md): add fields freely,
never rename or remove one without changing ``format_version``.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from checklist.models.pack import Severity
from checklist.result import BandEntry, Fraction

PORTFOLIO_FORMAT_VERSION = "1.1"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

# What a rule was on one side of a comparison: its effective status when in scope,
# else why it was not scored, or that the pack version had no such rule.
SideStatus = Literal[
    "implemented", "alternative", "partial", "planned", "not_implemented", "unanswered",
    "out_of_scope_profile", "not_applicable", "not_in_pack",
]


class ToolStamp(Frozen):
    name: str
    version: str
    format_version: str


class PackStamp(Frozen):
    id: str
    title: str
    version: str


# ----------------------------------------------------------------- compare


class Side(Frozen):
    """One of the two assessments being compared, in summary."""

    file: str
    sha256: str
    report_id: str
    agency: str
    jurisdiction: str
    as_of: dt.date
    pack_version: str
    pack_sha256: str
    score: float | None
    score_with_exceptions: float | None
    rating: str | None
    provisional: bool
    capped_by: tuple[str, ...]
    completion: Fraction
    evidence_coverage: Fraction
    rules_in_scope: int
    gaps: int
    critical_gaps: int
    overdue_targets: int


class Change(Frozen):
    """``change = new − old`` (rounded to 0.1); ``None`` when either side has no value."""

    old: float | None
    new: float | None
    change: float | None


class CountChange(Frozen):
    old: int
    new: int
    change: int


class DomainChange(Frozen):
    id: str
    title: str
    score: Change
    old_gaps: int | None
    new_gaps: int | None


class RatingChange(Frozen):
    old: str | None
    new: str | None
    old_provisional: bool
    new_provisional: bool
    direction: Literal["up", "down", "same", "not_comparable"]
    old_not_rated: bool = False
    new_not_rated: bool = False
    """Too few answers for a rating on that date; the direction is then not comparable."""


class RuleChange(Frozen):
    rule: str
    domain: str
    title: str
    severity: Severity
    weight: float
    old_status: SideStatus
    new_status: SideStatus
    old_credit: float | None
    new_credit: float | None
    owner: str
    reasons: tuple[str, ...] = ()
    old_claimed: str | None = None
    """The status the agency claimed, before the checks (None: not in that pack version)."""
    new_claimed: str | None = None
    cause: Literal["evidence_aged", "practice_changed"] | None = None
    """For a lower status: ``evidence_aged`` when the answer (claim and objectives) is the
    same and only the age of evidence or dated facts changed; else ``practice_changed``."""


class MissedTarget(Frozen):
    """A gap still open at the new date whose target date had passed by then."""

    rule: str
    domain: str
    title: str
    severity: Severity
    status: SideStatus
    old_target_date: dt.date | None
    new_target_date: dt.date | None
    missed_date: dt.date
    days_late: int
    rescheduled: bool
    owner: str


class PackRule(Frozen):
    rule: str
    domain: str
    title: str
    severity: Severity
    status: SideStatus


class Reweighted(Frozen):
    rule: str
    title: str
    old_weight: float
    new_weight: float


class MappedRule(Frozen):
    """An old rule and the new rule that takes its place (the new pack's ``replaces``)."""

    old_rule: str
    new_rule: str
    title: str
    compared: bool
    """True when the new rule exists only in the new version, so it is compared with the
    old rule; False when it already has an old counterpart of its own (a merge)."""


class PackChange(Frozen):
    """Present when the two were scored with different pack versions or contents."""

    old_version: str
    new_version: str
    same_content: bool
    added: tuple[PackRule, ...]
    removed: tuple[PackRule, ...]
    reweighted: tuple[Reweighted, ...]
    mapped: tuple[MappedRule, ...] = ()


class Comparison(Frozen):
    kind: Literal["comparison"] = "comparison"
    tool: ToolStamp
    pack: PackStamp
    old: Side
    new: Side
    days_between: int
    same_agency: bool
    notes: tuple[str, ...]
    score: Change
    score_with_exceptions: Change
    completion: Change
    evidence_coverage: Change
    gaps: CountChange
    critical_gaps: CountChange
    rating: RatingChange
    domains: tuple[DomainChange, ...]
    gaps_closed: tuple[RuleChange, ...]
    new_gaps: tuple[RuleChange, ...]
    regressed: tuple[RuleChange, ...]
    improved: tuple[RuleChange, ...]
    scope_changes: tuple[RuleChange, ...]
    targets_missed: tuple[MissedTarget, ...]
    pack_change: PackChange | None
    bands: tuple[BandEntry, ...]


# ----------------------------------------------------------------- rollup


class AgencyRow(Frozen):
    agency: str
    jurisdiction: str
    file: str
    as_of: dt.date
    age_days: int
    stale: bool
    score: float | None
    rating: str | None
    provisional: bool
    completion: Fraction
    gaps: int
    critical_gaps: int
    domain_scores: dict[str, float | None]
    report_id: str
    not_rated: bool = False
    """Too few answers for a rating (below the pack's rating_completion_percent): left out
    of the roll-up's statistics and listed apart."""


class InvalidInput(Frozen):
    file: str
    error: str
    errors: int


class CommonGap(Frozen):
    rule: str
    domain: str
    title: str
    severity: Severity
    agencies: int
    in_scope: int
    share: float | None
    share_of_all: float | None


class StaleAgency(Frozen):
    agency: str
    file: str
    as_of: dt.date
    age_days: int


class DomainColumn(Frozen):
    id: str
    title: str
    agencies_scored: int
    median: float | None


class DuplicateAgency(Frozen):
    agency: str
    files: tuple[str, ...]


class RollupSummary(Frozen):
    agencies: int
    files: int
    invalid: int
    median_score: float | None
    mean_score: float | None
    ratings: dict[str, int]
    provisional: int
    no_score: int
    not_rated: int
    with_critical_gaps: int
    stale: int


class Rollup(Frozen):
    kind: Literal["rollup"] = "rollup"
    tool: ToolStamp
    pack: PackStamp
    as_of: dt.date
    as_of_source: Literal["option", "newest_input"]
    max_age_days: int
    summary: RollupSummary
    bands: tuple[BandEntry, ...]
    domains: tuple[DomainColumn, ...]
    agencies: tuple[AgencyRow, ...]
    common_gaps: tuple[CommonGap, ...]
    stale: tuple[StaleAgency, ...]
    duplicates: tuple[DuplicateAgency, ...]
    invalid: tuple[InvalidInput, ...]
