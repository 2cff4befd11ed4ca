"""What every model of the pack files shares: the base model, the id and text types,
severities, verification labels, and the numbers a pack may give (bounded, never NaN).
"""

from __future__ import annotations

import enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "MAX_DAYS",
    "MAX_MAGNITUDE",
    "MAX_WEIGHT",
    "NAME_PATTERN",
    "RULE_ID_PATTERN",
    "SEVERITY_ORDER",
    "TOPIC_PATTERN",
    "Name",
    "Number",
    "ParameterRef",
    "RuleId",
    "Severity",
    "Strict",
    "Text",
    "Threshold",
    "Verification",
    "Weight",
]

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
