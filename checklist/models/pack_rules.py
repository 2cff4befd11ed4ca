"""One domain's rule file and the rules in it: objectives, evidence, facts, checks,
citations and the profile conditions that decide where a rule applies.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from checklist.checks import CHECK_KINDS
from checklist.models.pack_types import (
    MAX_DAYS,
    TOPIC_PATTERN,
    Name,
    RuleId,
    Severity,
    Strict,
    Text,
    Threshold,
    Verification,
    Weight,
)

__all__ = [
    "Check",
    "CheckTest",
    "DomainFile",
    "EvidencePolicy",
    "ExcludedChoices",
    "Fact",
    "FactType",
    "Objective",
    "ProfileCondition",
    "Reference",
    "Rule",
]


class Objective(Strict):
    id: Name
    text: Text


class EvidencePolicy(Strict):
    required: bool = False
    examples: list[Text] = Field(default_factory=list)
    max_age_days: Threshold | None = None

    @field_validator("max_age_days", mode="after")
    @classmethod
    def _day_count(cls, value: Threshold | None) -> Threshold | None:
        if isinstance(value, int | float) and not 0 <= value <= MAX_DAYS:
            raise ValueError(f"a day count must lie between 0 and {MAX_DAYS:,}, found {value}")
        return value


FactType = Literal["date", "number", "integer", "boolean", "text"]


class Fact(Strict):
    id: Name
    type: FactType
    label: str = Field(
        default="",
        description="What the fact is, in a few words a reader understands (for example "
                    "\"share of accounts with multi-factor authentication\"). Reports, "
                    "findings and the answer file name the fact by this label, never by its "
                    "id. Without one, the id is shown with spaces for underscores.")
    unit: str = ""
    help: Text

    @property
    def shown_label(self) -> str:
        """The label readers see: the pack's label, else the id in words."""
        return self.label.strip() or self.id.replace("_", " ")


def _check_kind(value: object) -> object:
    """A check's ``test`` must name a kind of :data:`checklist.checks.CHECK_KINDS`, read when
    the pack is read, so a kind added there is accepted here without another edit."""
    if not isinstance(value, str) or value not in CHECK_KINDS:
        raise PydanticCustomError("literal_error", "Input should be one of {expected}",
                                  {"expected": ", ".join(CHECK_KINDS),
                                   "allowed": tuple(CHECK_KINDS)})
    return value


def _check_kinds_enum(schema: dict[str, object]) -> None:
    schema["enum"] = list(CHECK_KINDS)
    schema["description"] = "; ".join(f"{k.name}: {k.meaning}" for k in CHECK_KINDS.values())


CheckTest = Annotated[str, BeforeValidator(_check_kind),
                      Field(json_schema_extra=_check_kinds_enum)]
"""The name of a check kind (``within_days``, ``at_least``, …: :mod:`checklist.checks`)."""


class Check(Strict):
    """A condition on one fact of the answer; ``test`` names its kind, which says what
    the condition is (:data:`checklist.checks.CHECK_KINDS`)."""

    fact: Name
    test: CheckTest
    value: Threshold | None = None
    on_fail: Literal["partial", "planned", "not_implemented"] = "partial"
    describe: str = ""


class Reference(Strict):
    source: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]*$")]
    locator: Text
    verification: Verification | None = Field(
        default=None, description="Overrides the source's label for this citation."
    )
    note: str = ""
    history: bool = Field(
        default=False, description="Cited only as history (what the rule used to rest on), "
                                   "not as a basis of the requirement.")


class ExcludedChoices(Strict):
    """``{not: [choice, …]}``: the rule is out of scope when the answer is one of the listed
    choices (for a multi-choice question: when it includes any of them). It says what
    ``applies_when`` cannot say otherwise, for example "unless state law mandates the
    agreement"."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True,
                              populate_by_name=True)

    none_of: tuple[str, ...] = Field(alias="not", min_length=1)


ProfileCondition = bool | str | list[str] | ExcludedChoices


class Rule(Strict):
    id: RuleId
    title: Text
    requirement: Text
    rationale: Text
    severity: Severity
    weight: Weight | None = None
    applies_when: dict[Name, ProfileCondition] = Field(default_factory=dict)
    objectives: list[Objective] = Field(default_factory=list)
    evidence: EvidencePolicy = Field(default_factory=EvidencePolicy)
    facts: list[Fact] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    allow_not_applicable: bool = True
    remediation: Text
    references: list[Reference] = Field(min_length=1)
    topics: list[Annotated[str, StringConstraints(pattern=TOPIC_PATTERN)]] = Field(
        default_factory=list,
        description="The seed questions the rule answers (Q1 … Q20): metadata for coverage, "
                    "not a citation.")


class DomainFile(Strict):
    """One domain's rule file."""

    domain: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*$")]
    rules: list[Rule] = Field(min_length=1)
