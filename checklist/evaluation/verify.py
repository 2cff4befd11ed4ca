"""Per-rule steps of the scoring (DESIGN.md section 4, steps 1–3): applicability,
claimed status and the verification caps, each cap leaving a finding that names
the numbers involved. Pure functions: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from checklist.checks import check_kind
from checklist.evaluation.findings import finding
from checklist.i18n import Language
from checklist.models.assessment import Answer
from checklist.models.pack import (
    ExcludedChoices,
    ParameterRef,
    ProfileCondition,
    ProfileQuestion,
    Rule,
    Status,
    Threshold,
)
from checklist.result import (
    EffectiveStatus,
    Finding,
    FindingCode,
    FindingParam,
    ProfileQuestionInfo,
)
from checklist.statuses import CHECKED_CLAIMS, RANK

if TYPE_CHECKING:
    from checklist.i18n.methodology import ProfileWords

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


def condition_holds(answer: ProfileValue | None, condition: ProfileCondition) -> bool:
    if isinstance(condition, ExcludedChoices):
        # Out of scope when the answer is, or includes, one of the listed choices.
        return not condition_holds(answer, list(condition.none_of))
    if isinstance(condition, bool):
        return answer is condition
    wanted = set(condition) if isinstance(condition, list) else {condition}
    if isinstance(answer, list):
        return bool(wanted.intersection(answer))
    return isinstance(answer, str) and answer in wanted


def question_infos(questions: Mapping[str, ProfileQuestion]) -> tuple[ProfileQuestionInfo, ...]:
    """The profile questions' words, as the result records them for the documents."""
    return tuple(ProfileQuestionInfo(id=q.id, question=q.question,
                                     choices={c.value: c.label for c in q.choices})
                 for q in questions.values())


def applicability(rule: Rule, profile: Mapping[str, ProfileValue],
                  lang: Language | None = None, *,
                  questions: Mapping[str, ProfileQuestion] | None = None,
                  words: ProfileWords | None = None) -> tuple[bool, str]:
    """Whether the rule is in scope for the profile, and the reason in words (English,
    as the JSON records it, unless ``lang`` says otherwise). The reason quotes the
    questions and names the choices by their labels, from ``words`` or the pack's
    ``questions``."""
    from checklist.i18n import language
    from checklist.i18n.methodology import profile_words, scope_text

    if words is None and questions is not None:
        words = profile_words(question_infos(questions))
    unmet = [(qid, condition, profile.get(qid))
             for qid, condition in rule.applies_when.items()
             if not condition_holds(profile.get(qid), condition)]
    return not unmet, scope_text(unmet, rule.applies_when, lang or language("en"), words)


def resolve(threshold: Threshold | None, parameters: Mapping[str, float]) -> float | None:
    if isinstance(threshold, ParameterRef):
        return parameters[threshold.parameter]
    return threshold


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

    def _cap(self, code: FindingCode, cap: EffectiveStatus,
             **params: FindingParam) -> list[EffectiveStatus]:
        self.findings.append(finding(code, cap, **params))
        return [cap]

    def _objectives(self, claim: Status) -> list[EffectiveStatus]:
        objectives = self.rule.objectives
        if not objectives or claim == Status.ALTERNATIVE:
            return []
        unmet = [o for o in objectives if not self.answer.objectives.get(o.id, False)]
        if not unmet:
            return []
        met = len(objectives) - len(unmet)
        cap: EffectiveStatus = "partial" if met else "not_implemented"
        return self._cap("objectives_unmet", cap, met=met, total=len(objectives),
                         unmet=tuple(o.id for o in unmet),
                         unmet_texts=tuple(o.text for o in unmet))

    def _evidence(self) -> list[EffectiveStatus]:
        policy = self.rule.evidence
        items = self.answer.evidence
        max_age = resolve(policy.max_age_days, self.parameters)
        if not items and policy.required:
            return self._cap("evidence_missing", "partial",
                             example=policy.examples[0] if policy.examples else None)
        if max_age is None:
            return []
        dates = [item.date for item in items if item.date is not None]
        if not dates:
            return self._cap("evidence_undated", "partial", cited=len(items),
                             max_age_days=max_age, as_of=self.as_of)
        newest = max(dates)
        age = (self.as_of - newest).days
        if age > max_age:
            return self._cap("evidence_stale", "partial", newest=newest, age_days=age,
                             max_age_days=max_age, as_of=self.as_of)
        return []

    def _checks(self) -> list[EffectiveStatus]:
        facts = {f.id: f for f in self.rule.facts}
        caps: list[EffectiveStatus] = []
        for check in self.rule.checks:
            fact = facts[check.fact]
            value = self.answer.facts.get(check.fact)
            limit = resolve(check.value, self.parameters)
            common: dict[str, FindingParam] = {
                "fact": fact.id, "label": fact.shown_label, "test": check.test,
                "limit": limit, "unit": fact.unit, "as_of": self.as_of}
            if value is None:
                caps += self._cap("fact_missing", check.on_fail, **common,
                                  help=fact.help.rstrip("."), describe=check.describe or None)
                continue
            failure = check_kind(check.test).evaluate(value, limit, self.as_of)
            if failure is not None:
                caps += self._cap("check_failed", check.on_fail, **common, value=value,
                                  **failure)
        return caps
