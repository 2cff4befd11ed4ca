"""The pack's parameters as one assessment tailors them, and which rules use each."""

from __future__ import annotations

from collections.abc import Mapping

from checklist.load.packs import Pack
from checklist.models.assessment import Assessment
from checklist.models.pack import ParameterRef

__all__ = [
    "DEFAULT_RATING_THRESHOLD",
    "RATING_THRESHOLD_PARAMETER",
    "parameter_users",
    "parameter_values",
    "rating_threshold",
]


def parameter_values(pack: Pack, assessment: Assessment) -> dict[str, float]:
    """Each pack parameter's value: the assessment's tailoring, else the default."""
    return {pid: float(assessment.parameters.get(pid, p.default))
            for pid, p in pack.parameters.items()}


RATING_THRESHOLD_PARAMETER = "rating_completion_percent"
"""A pack may declare this parameter (percent, tailorable); without it 80 % applies."""
DEFAULT_RATING_THRESHOLD = 80.0


def rating_threshold(parameters: Mapping[str, float]) -> float:
    """The share of practices that must be answered before the result gets a rating."""
    return parameters.get(RATING_THRESHOLD_PARAMETER, DEFAULT_RATING_THRESHOLD) / 100.0


def parameter_users(pack: Pack) -> dict[str, tuple[str, ...]]:
    """Parameter id → ids of the rules whose evidence age or checks use it, in pack order."""
    users: dict[str, list[str]] = {}
    for rule in pack.rules.values():
        thresholds = [rule.evidence.max_age_days, *(c.value for c in rule.checks)]
        for name in dict.fromkeys(t.parameter for t in thresholds if isinstance(t, ParameterRef)):
            users.setdefault(name, []).append(rule.id)
    return {name: tuple(ids) for name, ids in users.items()}
