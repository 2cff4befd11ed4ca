"""What each part of the previous assessment becomes in the next one (``init --from``).

One function per part (a practice's answer, the profile, the parameters, the exceptions)
decides what is carried, what is cleared and what is dropped, and records it in the
:class:`CarryReport` or the :class:`Tally` for the summary and the file's comments.
:mod:`checklist.authoring.carry_over` puts the parts together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from checklist.authoring.draft import ParameterValue, ProfileValue
from checklist.load.assessment import fact_value_ok
from checklist.load.packs import Pack
from checklist.models.assessment import Answer, Assessment, ExceptionGrant
from checklist.models.pack import Rule


@dataclass
class CarryReport:
    """What happened to each part of the previous assessment, for the summary."""

    carried: list[str] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out: list[str] = []
        for title, items in (("Carried over:", self.carried),
                             ("Cleared, to be answered again:", self.cleared),
                             ("Left out:", self.dropped)):
            out.append(title)
            out += [f"  {item}" for item in items] or ["  nothing"]
        if self.review:
            out.append("To review (the rule changed in the new pack version):")
            out += [f"  {item}" for item in self.review]
        return out


def id_list(ids: Sequence[str]) -> str:
    """Every id, never "and N more": the summary is the record of what changed."""
    return ", ".join(ids)


def counted(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


@dataclass
class Tally:
    """Last assessment's values that were cleared or dropped, rule by rule."""

    status: dict[str, str] = field(default_factory=dict)
    ticked: dict[str, list[str]] = field(default_factory=dict)
    facts_cleared: dict[str, list[str]] = field(default_factory=dict)
    fact_values: dict[tuple[str, str], object] = field(default_factory=dict)
    facts_kept: dict[str, list[str]] = field(default_factory=dict)
    past_targets: dict[str, dt.date] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)


def has_content(answer: Answer) -> bool:
    return bool(answer.status or any(answer.objectives.values())
                or any(v is not None for v in answer.facts.values()) or answer.evidence
                or answer.owner or answer.justification or answer.notes or answer.target_date)


def carry_answer(rule: Rule, answer: Answer, as_of: dt.date, tally: Tally) -> Answer:
    if answer.status:
        tally.status[rule.id] = answer.status.value
    objective_ids = {o.id for o in rule.objectives}
    ticked = [k for k, v in answer.objectives.items() if v and k in objective_ids]
    if ticked:
        tally.ticked[rule.id] = ticked
    unknown = [k for k in answer.objectives if k not in objective_ids]
    if unknown:
        tally.dropped.append(f"{rule.id}: objectives no longer in the rule: {id_list(unknown)}")
    checked = {c.fact for c in rule.checks}
    facts = {f.id: f for f in rule.facts}
    kept: dict[str, object] = {}
    for key, value in answer.facts.items():
        fact = facts.get(key)
        if fact is None or (value is not None and not fact_value_ok(fact.type, value)):
            why = "no longer a fact of the rule" if fact is None else f"not {fact.type}"
            tally.dropped.append(f"{rule.id}: fact {key} ({why})")
        elif value is None:
            continue
        elif key in checked:
            tally.facts_cleared.setdefault(rule.id, []).append(key)
            tally.fact_values[(rule.id, key)] = value
        else:
            kept[key] = value
            tally.facts_kept.setdefault(rule.id, []).append(key)
    target = answer.target_date
    if target is not None and target < as_of:
        tally.past_targets[rule.id] = target
        target = None
    return Answer.model_validate({
        "objectives": {o.id: False for o in rule.objectives},
        "facts": kept,
        "evidence": answer.evidence,
        "justification": answer.justification,
        "owner": answer.owner,
        "target_date": target,
        "notes": answer.notes,
    })


def carry_profile(pack: Pack, previous: Assessment, report: CarryReport
                   ) -> dict[str, ProfileValue]:
    profile: dict[str, ProfileValue] = {}
    for key, value in previous.profile.items():
        question = pack.questions.get(key)
        if question is None:
            report.dropped.append(f"profile answer {key} (no longer a question of the pack)")
            continue
        allowed = {c.value for c in question.choices}
        single_ok = (isinstance(value, bool) if question.type == "boolean"
                     else isinstance(value, str) and value in allowed)
        if question.type != "multi_choice" and single_ok:
            profile[key] = value
        elif question.type == "multi_choice" and isinstance(value, list):
            kept = [v for v in value if v in allowed]
            if len(kept) < len(value):
                gone = [v for v in value if v not in allowed]
                report.dropped.append(f"profile {key}: {id_list(gone)} (no longer a choice)")
            profile[key] = kept
        else:
            report.dropped.append(f"profile answer {key} (not an allowed answer any more)")
    return profile


def carry_parameters(pack: Pack, previous: Assessment, report: CarryReport
                      ) -> dict[str, ParameterValue]:
    kept: dict[str, ParameterValue] = {}
    for key, value in previous.parameters.items():
        param = pack.parameters.get(key)
        out_of_range = param is not None and (
            isinstance(value, bool)
            or (param.type == "integer" and not float(value).is_integer())
            or (param.minimum is not None and value < param.minimum)
            or (param.maximum is not None and value > param.maximum))
        if param is None or out_of_range:
            why = "no longer a parameter of the pack" if param is None else "outside its range"
            report.dropped.append(f"parameter {key} = {value} ({why})")
        else:
            kept[key] = value
    return kept


def carry_exceptions(pack: Pack, previous: Assessment, as_of: dt.date,
                      report: CarryReport) -> list[ExceptionGrant]:
    kept: list[ExceptionGrant] = []
    expired: list[str] = []
    for grant in previous.exceptions:
        if grant.rule not in pack.rules:
            report.dropped.append(f"exception for {grant.rule} (no longer a rule of the pack)")
        elif grant.expires <= as_of:
            expired.append(f"{grant.rule} (expired {grant.expires})")
        else:
            kept.append(grant)
    if kept:
        report.carried.append(f"{counted(len(kept), 'exception')} still in force: " + id_list(
            [f"{g.rule} (until {g.expires})" for g in kept]))
    if expired:
        report.cleared.append(f"{counted(len(expired), 'expired exception')} dropped: "
                              + id_list(expired))
    return kept
