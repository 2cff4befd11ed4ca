"""The rule-pack file format: ``pack.yaml`` plus one YAML file per domain.

These models describe the files as their authors write them. Cross-references
(sources, profile questions, facts, parameters) are checked after parsing by
:mod:`checklist.load.packs`, because they span several files.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from checklist.checks import CHECK_KINDS
from checklist.statuses import DEFAULT_CREDITS as DEFAULT_CREDITS
from checklist.statuses import ScoredStatus as ScoredStatus
from checklist.statuses import Status as Status

RULE_ID_PATTERN = r"^[A-Z][A-Z0-9]*-[0-9]{2,3}$"
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
TOPIC_PATTERN = r"^Q[0-9]{1,2}$"

RuleId = Annotated[str, StringConstraints(pattern=RULE_ID_PATTERN)]
Name = Annotated[str, StringConstraints(pattern=NAME_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class Strict(BaseModel):
    """Base for every file model: unknown keys are errors, values are not coerced loosely."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Severity(enum.StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


SEVERITY_ORDER: dict[Severity, int] = {
    Severity.CRITICAL: 0,
    Severity.HIGH: 1,
    Severity.MEDIUM: 2,
    Severity.LOW: 3,
}


class Verification(enum.StrEnum):
    """How directly a source's text was read; printed next to every citation."""

    V1 = "V1"  # primary text read
    V2 = "V2"  # third-party copy of the primary text
    V3 = "V3"  # summary only
    NV = "NV"  # not verified


class ParameterRef(Strict):
    """A threshold taken from a named, tailorable pack parameter."""

    parameter: Name


# Thresholds and weights must be real numbers: YAML's .nan compares false with
# everything and would silently switch a check off.
# Bounds keep every sum and ratio finite: a 400-digit threshold or weight would
# overflow a float, and an infinite total gives a NaN score.
MAX_MAGNITUDE = 10**12
MAX_WEIGHT = 1000
MAX_DAYS = 36_500


def _bounded(value: float) -> float:
    if not -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:
        raise ValueError(f"a number here must lie between -{MAX_MAGNITUDE:,} and "
                         f"{MAX_MAGNITUDE:,}")
    return value


Number = Annotated[int | Annotated[float, Field(allow_inf_nan=False)], AfterValidator(_bounded)]
Weight = Annotated[float, Field(gt=0, le=MAX_WEIGHT, allow_inf_nan=False)]
Threshold = Number | ParameterRef


class Parameter(Strict):
    """A policy choice with a default that an organisation may tailor."""

    id: Name
    title: Text
    type: Literal["integer", "number"] = "integer"
    default: Number
    unit: str = ""
    minimum: Number | None = None
    maximum: Number | None = None
    basis: Text = Field(
        description="Why this value: a source's requirement, or a policy choice and why."
    )
    policy_choice: bool = True

    @model_validator(mode="after")
    def _within_unit(self) -> Parameter:
        """A percentage lies in 0–100 and a day count in 0–36,500, whatever the pack says."""
        unit = self.unit.strip().lower()
        low, high = ((0, 100) if unit in ("%", "percent") else
                     (0, MAX_DAYS) if unit in ("day", "days") else (None, None))
        if low is None or high is None:
            return self
        for name in ("default", "minimum", "maximum"):
            value = getattr(self, name)
            if value is not None and not low <= value <= high:
                raise ValueError(f"{name} is {value}, but a value in {self.unit} must lie "
                                 f"between {low} and {high:,}")
        return self


class ProfileChoice(Strict):
    value: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
    label: Text


class ProfileQuestion(Strict):
    """A question answered once per assessment that decides which rules apply."""

    id: Name
    question: Text
    type: Literal["boolean", "choice", "multi_choice"]
    choices: list[ProfileChoice] = Field(default_factory=list)
    default: bool | str | list[str] | None = None
    help: str = ""


class SourceKind(enum.StrEnum):
    """What a source is, as a reader weighs it: only some kinds can bind an agency."""

    STATUTE = "statute"
    REGULATION = "regulation"
    COURT_DECISION = "court_decision"
    FEDERAL_POLICY = "federal_policy"
    AUDIT_REPORT = "audit_report"
    STANDARD = "standard"
    GUIDANCE = "guidance"
    ADVOCACY = "advocacy"
    SEED = "seed"


# Kinds whose text can oblige an agency (a standard binds through an agreement, such as
# the CJIS Security Policy through the user agreement).
BINDING_KINDS = frozenset({SourceKind.STATUTE, SourceKind.REGULATION, SourceKind.COURT_DECISION,
                           SourceKind.FEDERAL_POLICY, SourceKind.STANDARD})


class SourceStatus(enum.StrEnum):
    """Whether the source's text still has force; anything but in force needs a date."""

    IN_FORCE = "in_force"
    SUPERSEDED = "superseded"
    RESCINDED = "rescinded"
    ENJOINED = "enjoined"


# A source in one of these states may be cited only as history, never as a basis.
NO_LONGER_A_BASIS = frozenset({SourceStatus.SUPERSEDED, SourceStatus.RESCINDED})


class Source(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]*$")]
    title: Text = Field(description="The official title, as the publisher prints it.")
    issuer: Text = Field(description="The official publisher or issuing body.")
    date: str = Field(description="Publication or version date as printed by the issuer.")
    url: str = ""
    location: str = ""
    verification: Verification
    note: str = ""
    kind: SourceKind | None = None
    status: SourceStatus | None = None
    status_date: dt.date | None = Field(
        default=None, description="When the source was superseded, rescinded or enjoined "
                                  "(or, for one in force, when that was last confirmed).")


class Band(Strict):
    name: Text
    minimum: float = Field(ge=0, le=100)
    description: str = ""


class Gate(Strict):
    """Caps the rating when any in-scope rule of the listed severities has too little credit."""

    id: Name
    description: Text
    severities: list[Severity]
    credit_at_most: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.0
    cap: Text = Field(description="Name of the highest band the rating may reach.")




class ScoringPolicy(Strict):
    severity_weights: dict[Severity, Weight] = Field(
        default_factory=lambda: {
            Severity.CRITICAL: 10.0,
            Severity.HIGH: 5.0,
            Severity.MEDIUM: 3.0,
            Severity.LOW: 1.0,
        }
    )
    credits: dict[ScoredStatus, Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]] = Field(
        default_factory=lambda: dict(DEFAULT_CREDITS)
    )
    bands: list[Band]
    gates: list[Gate] = Field(default_factory=list)

    @field_validator("credits", mode="after")
    @classmethod
    def _fill_credits(cls, given: dict[ScoredStatus, float]) -> dict[ScoredStatus, float]:
        """A pack may set only some credits (``{partial: 0.4}``); the rest keep their defaults."""
        return {**DEFAULT_CREDITS, **given}


class DomainEntry(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*$")]
    title: Text
    file: Annotated[str, StringConstraints(min_length=1, strip_whitespace=True,
                                           pattern=r"^[^\x00-\x1f\x7f]+$")]
    description: str = ""


class PackManifest(Strict):
    """``pack.yaml``."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Text
    version: Annotated[str, StringConstraints(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")]
    description: str = ""
    publisher: str = ""
    released: dt.date | None = None
    profile: list[ProfileQuestion] = Field(default_factory=list)
    parameters: list[Parameter] = Field(default_factory=list)
    domains: list[DomainEntry]
    sources: list[Source]
    scoring: ScoringPolicy
    replaces: dict[RuleId, list[RuleId]] = Field(
        default_factory=dict,
        description="Rule ids of the previous major version and the rules of this version "
                    "that replace each (empty list: removed without a successor).")
    glossary: list[GlossaryEntry] = Field(
        default_factory=list,
        description="The acronyms and short terms the pack's texts use, each with what it "
                    "stands for: reports print them in a glossary and spell each out at its "
                    "first use on the Highlights page.")


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


# --------------------------------------------------------------- translations


class TranslationEntry(Strict):
    """One translated text, with the fingerprint of the English text it translates."""

    source: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")] = Field(
        description="Fingerprint of the English text translated (first 12 hex digits of the "
                    "SHA-256 of the text with its spaces collapsed); `checklist rules "
                    "translations --skeleton` prints it.")
    text: Text


class PackTranslation(Strict):
    """``translations/<language>.yaml`` in a pack folder: its texts in one language."""

    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")]
    reviewed_by: str = Field(default="", description="Who reviewed the translation (name, "
                             "qualification); empty until a qualified reviewer signs it off.")
    reviewed_on: dt.date | None = None
    entries: dict[Annotated[str, StringConstraints(min_length=1)], TranslationEntry] = Field(
        default_factory=dict)


# ------------------------------------------------------------------- glossary

class GlossaryEntry(Strict):
    """One entry of the pack's glossary: ``{term: MOU, stands_for: memorandum of
    understanding}``, with an optional longer ``meaning``."""

    # As printed: a capital or a digit, then letters, digits and marks ("FIPPs", "287(g)").
    term: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Za-z0-9&()./-]{0,23}$")] = Field(
        description="The acronym or term as the texts print it, e.g. MOU or 287(g).")
    stands_for: Text = Field(
        description="What the term stands for, written as it reads inside a sentence "
                    "(lower case unless it is a name): 'memorandum of understanding'. "
                    "Reports print 'memorandum of understanding (MOU)' at its first use.")
    meaning: str = Field(default="", description="Optional: a sentence saying what the "
                         "term means for the agency, printed in the glossary.")
