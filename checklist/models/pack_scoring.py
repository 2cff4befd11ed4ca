"""How a pack scores and what an organisation may tailor: its parameters, rating bands,
gates, severity weights and the credit of each status (``pack.yaml``: ``parameters`` and
``scoring``). DESIGN.md section 4 says how evaluation uses them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from checklist.models.pack_types import MAX_DAYS, Name, Number, Severity, Strict, Text, Weight
from checklist.statuses import DEFAULT_CREDITS, ScoredStatus

__all__ = [
    "Band",
    "Gate",
    "Parameter",
    "ScoringPolicy",
]


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
