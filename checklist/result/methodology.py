"""How the result was computed: the formula, weights, credits, bands, gates, parameters
and the sources cited, as the report's methodology part prints them.

Part of the evaluation result (:mod:`checklist.result`); the field names are part of the
JSON contract like the rest of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from checklist.models.pack import Severity, Verification

__all__ = [
    "BandEntry",
    "GateEntry",
    "Methodology",
    "ParameterValue",
    "SourceEntry",
]


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
