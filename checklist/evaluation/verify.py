"""Per-rule steps of the scoring (DESIGN.md section 4, steps 1–3): applicability,
claimed status and the verification caps, each cap leaving a finding that names
the numbers involved. Pure functions: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from checklist.models.assessment import Answer
from checklist.models.pack import (
    Check,
    Fact,
    ParameterRef,
    ProfileQuestion,
    Rule,
    Status,
    Threshold,
)
from checklist.result import EffectiveStatus, Finding, FindingCode
from checklist.statuses import CHECKED_CLAIMS, RANK

ProfileValue = bool | str | list[str]



def profile_answers(questions: Mapping[str, ProfileQuestion],
                    given: Mapping[str, ProfileValue]) -> dict[str, ProfileValue]:
    """The assessment's profile with each question's default filled in."""
    answers: dict[str, ProfileValue] = {}
    for qid, question in questions.items():
        if qid in given:
            answers[qid] = given[qid]
        elif question.default is not None:
            answers[qid] = question.default
    return answers


def condition_holds(answer: ProfileValue | None, condition: ProfileValue) -> bool:
    if isinstance(condition, bool):
        return answer is condition
    wanted = set(condition) if isinstance(condition, list) else {condition}
    if isinstance(answer, list):
        return bool(wanted.intersection(answer))
    return isinstance(answer, str) and answer in wanted


def applicability(rule: Rule, profile: Mapping[str, ProfileValue]) -> tuple[bool, str]:
    """Whether the rule is in scope for the profile, and the reason in words."""
    unmet: list[str] = []
    for qid, condition in rule.applies_when.items():
        answer = profile.get(qid)
        if not condition_holds(answer, condition):
            unmet.append(f"applies only when {qid} is {_describe(condition)} "
                         f"(answered: {_describe(answer)})")
    if unmet:
        return False, "; ".join(unmet)
    if rule.applies_when:
        met = ", ".join(f"{q} is {_describe(c)}" for q, c in rule.applies_when.items())
        return True, f"applies because {met}"
    return True, "applies to every agency"


def _describe(value: ProfileValue | None) -> str:
    if value is None:
        return "not answered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "one of " + ", ".join(value) if len(value) > 1 else (value[0] if value else "none")
    return value


def resolve(threshold: Threshold | None, parameters: Mapping[str, float]) -> float | None:
    if isinstance(threshold, ParameterRef):
        return parameters[threshold.parameter]
    return threshold


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _with_unit(value: float, unit: str) -> str:
    if not unit:
        return _num(value)
    return f"{_num(value)}{unit}" if unit == "%" else f"{_num(value)} {unit}"


def expectation(check: Check, fact: Fact, limit: float | None, as_of: str) -> str:
    """What a check expects, in words: the pack's own ``describe`` if it has one."""
    if check.describe:
        return check.describe
    name = f"'{fact.id}'"
    if check.test == "within_days":
        return f"{name} is no more than {_num(limit or 0)} days before {as_of}"
    if check.test == "after_as_of":
        return f"{name} is after {as_of}"
    if check.test == "at_least":
        return f"{name} is at least {_with_unit(limit or 0, fact.unit)}"
    if check.test == "at_most":
        return f"{name} is at most {_with_unit(limit or 0, fact.unit)}"
    return f"{name} is yes"


class Verifier:
    """Applies step 3 to one answer of one rule."""

    def __init__(self, rule: Rule, answer: Answer, as_of: dt.date,
                 parameters: Mapping[str, float]) -> None:
        self.rule = rule
        self.answer = answer
        self.as_of = as_of
        self.parameters = parameters
        self.findings: list[Finding] = []

    def run(self) -> tuple[EffectiveStatus, list[Finding]]:
        claim = self.answer.status
        assert claim is not None and claim != Status.NOT_APPLICABLE
        effective: EffectiveStatus = claim.value  # type: ignore[assignment]
        if claim in CHECKED_CLAIMS:
            caps = [*self._objectives(claim), *self._evidence(), *self._checks()]
            for cap in caps:
                if RANK[cap] < RANK[effective]:
                    effective = cap
        return effective, self.findings

    def _cap(self, code: FindingCode, cap: EffectiveStatus, message: str) -> list[EffectiveStatus]:
        self.findings.append(Finding(code=code, message=message, caps_at=cap))
        return [cap]

    def _objectives(self, claim: Status) -> list[EffectiveStatus]:
        objectives = self.rule.objectives
        if not objectives or claim == Status.ALTERNATIVE:
            return []
        unmet = [o.id for o in objectives if not self.answer.objectives.get(o.id, False)]
        if not unmet:
            return []
        met = len(objectives) - len(unmet)
        cap: EffectiveStatus = "partial" if met else "not_implemented"
        return self._cap("objectives_unmet", cap,
                         f"{met} of {len(objectives)} objectives met; not met: "
                         f"{', '.join(unmet)}")

    def _evidence(self) -> list[EffectiveStatus]:
        policy = self.rule.evidence
        items = self.answer.evidence
        max_age = resolve(policy.max_age_days, self.parameters)
        if not items and policy.required:
            example = f" (for example: {policy.examples[0]})" if policy.examples else ""
            return self._cap("evidence_missing", "partial",
                             f"no evidence is cited; this practice requires evidence{example}")
        if max_age is None:
            return []
        dates = [item.date for item in items if item.date is not None]
        if not dates:
            what = "the cited evidence has no dates" if items else "no dated evidence is cited"
            return self._cap("evidence_undated", "partial",
                             f"{what}; this practice needs evidence no older than "
                             f"{_num(max_age)} days before {self.as_of}")
        newest = max(dates)
        age = (self.as_of - newest).days
        if age > max_age:
            return self._cap("evidence_stale", "partial",
                             f"newest evidence is dated {newest}, {age} days before "
                             f"{self.as_of}; this practice needs evidence no older than "
                             f"{_num(max_age)} days")
        return []

    def _checks(self) -> list[EffectiveStatus]:
        facts = {f.id: f for f in self.rule.facts}
        caps: list[EffectiveStatus] = []
        for check in self.rule.checks:
            fact = facts[check.fact]
            value = self.answer.facts.get(check.fact)
            limit = resolve(check.value, self.parameters)
            if value is None:
                caps += self._cap("fact_missing", check.on_fail,
                                  f"'{fact.id}' ({fact.help.rstrip('.')}) is not given; it is "
                                  f"needed to check that {expectation(check, fact, limit, str(self.as_of))}")
                continue
            failure = self._failure(check, fact, value, limit)
            if failure:
                caps += self._cap("check_failed", check.on_fail, failure)
        return caps

    def _failure(self, check: Check, fact: Fact, value: object,
                 limit: float | None) -> str | None:
        name = f"'{fact.id}'"
        if check.test in ("within_days", "after_as_of"):
            assert isinstance(value, dt.date)
            days = (self.as_of - value).days
            if check.test == "after_as_of":
                if value > self.as_of:
                    return None
                when = "the same day as" if days == 0 else f"{days} days before"
                return (f"{name} is {value}, {when} the assessment date {self.as_of}; "
                        f"it must be after it (not expired)")
            assert limit is not None
            if days < 0:
                return (f"{name} is {value}, after the assessment date {self.as_of}; "
                        f"a date on or before it is expected")
            if days > limit:
                return (f"{name} is {value}, {days} days before {self.as_of}; "
                        f"it must be no more than {_num(limit)} days before")
            return None
        if check.test == "is_true":
            return None if value is True else f"{name} is no; it must be yes"
        assert isinstance(value, int | float) and limit is not None
        shown, bound = _with_unit(float(value), fact.unit), _with_unit(limit, fact.unit)
        if check.test == "at_least" and value < limit:
            return f"{name} is {shown}, below the minimum of {bound}"
        if check.test == "at_most" and value > limit:
            return f"{name} is {shown}, above the maximum of {bound}"
        return None
