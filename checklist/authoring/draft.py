"""What ``checklist init`` writes: the draft, last time's hints, and the profile it is scoped by."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from checklist.authoring.report_fields import ReportFields
from checklist.evaluation.verify import applicability, profile_answers
from checklist.load.packs import Pack, builtin_packs
from checklist.load.problems import UsageError, did_you_mean, quoted_list
from checklist.models.assessment import Agency, Answer, ExceptionGrant, Person
from checklist.models.pack import ProfileQuestion

ProfileValue = bool | str | list[str]
ParameterValue = int | float


@dataclass(frozen=True)
class Hints:
    """Last assessment's values for fields that were cleared; written as comments."""

    status: Mapping[str, str] = field(default_factory=dict)
    ticked: Mapping[str, Sequence[str]] = field(default_factory=dict)
    facts: Mapping[tuple[str, str], object] = field(default_factory=dict)
    target_dates: Mapping[str, dt.date] = field(default_factory=dict)


@dataclass(frozen=True)
class Draft:
    """Everything :func:`render_draft` writes. Empty fields become placeholders."""

    pack: Pack
    as_of: dt.date
    pack_ref: str = ""
    agency: Agency | None = None
    assessor: Person | None = None
    profile: Mapping[str, ProfileValue] = field(default_factory=dict)
    parameters: Mapping[str, ParameterValue] = field(default_factory=dict)
    answers: Mapping[str, Answer] = field(default_factory=dict)
    exceptions: Sequence[ExceptionGrant] = ()
    rule_ids: Sequence[str] | None = None
    left_out: Sequence[tuple[str, str]] = ()
    hints: Hints = field(default_factory=Hints)
    schema_ref: str | None = None
    started_from: str | None = None
    report: ReportFields = field(default_factory=ReportFields)


def parse_profile_options(pack: Pack, options: Sequence[str]) -> dict[str, ProfileValue]:
    """``--profile KEY=VALUE`` options, checked against the pack's questions."""
    answers: dict[str, ProfileValue] = {}
    for option in options:
        key, sep, raw = option.partition("=")
        key, raw = key.strip(), raw.strip()
        question = pack.questions.get(key)
        if not sep or question is None:
            known = quoted_list(pack.questions) or "none"
            hint = did_you_mean(key, pack.questions) if sep else ""
            raise UsageError(f"--profile {option}: give QUESTION=VALUE, where QUESTION is "
                             f"one of the pack's profile questions{hint} ({known})")
        if key in answers:
            raise UsageError(f"--profile {key} is given twice; give each question once")
        answers[key] = _profile_value(question, raw, option)
    return answers


def _profile_value(q: ProfileQuestion, raw: str, option: str) -> ProfileValue:
    if q.type == "boolean":
        words = {"true": True, "yes": True, "false": False, "no": False}
        if raw.lower() not in words:
            raise UsageError(f"--profile {option}: answer {q.id}=true or {q.id}=false "
                             f"({q.question})")
        return words[raw.lower()]
    allowed = [c.value for c in q.choices]
    values = [v.strip() for v in raw.split(",") if v.strip()] if q.type == "multi_choice" else [raw]
    for value in values:
        if value not in allowed:
            raise UsageError(f"--profile {option}: '{value}' is not one of {quoted_list(allowed)}"
                             f"{did_you_mean(value, allowed)}")
    if q.type == "choice":
        return values[0]
    return values


def fallback_answer(q: ProfileQuestion) -> ProfileValue:
    """What to write for a question with no default: a value that validates, flagged."""
    if q.type == "boolean":
        return False
    if q.type == "choice":
        return q.choices[0].value
    return []


def scoped_rules(pack: Pack, profile: Mapping[str, ProfileValue]
                 ) -> tuple[list[str], list[tuple[str, str]]]:
    """Rule ids in scope for ``profile`` (defaults filled in), and those left out with why."""
    answers = profile_answers(pack.questions, profile)
    kept: list[str] = []
    left_out: list[tuple[str, str]] = []
    for rule in pack.rules.values():
        applies, reason = applicability(rule, answers, questions=pack.questions)
        if applies:
            kept.append(rule.id)
        else:
            left_out.append((rule.id, reason))
    return kept, left_out


def is_shipped(pack: Pack) -> bool:
    shipped = builtin_packs().get(pack.id)
    return shipped is not None and shipped.resolve() == pack.path
