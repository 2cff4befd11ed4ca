"""Check an assessment against its rule pack: what the file models cannot know alone.

Rule ids, objectives, facts, profile answers and parameters must be the pack's; a fact's
value must be of its type; some statuses need a justification; and dates that fall after
the assessment date, or a target date already past, are warned about.
"""

from __future__ import annotations

import math

from checklist.load.fact_values import FACT_TYPE_WORDS, fact_value_ok
from checklist.load.loaded_pack import Pack
from checklist.load.problems import Problem, did_you_mean, quoted_list
from checklist.load.yaml_document import YamlDocument
from checklist.models.assessment import Answer, Assessment
from checklist.models.pack import ProfileQuestion, Rule, Status


def unknown_rule(doc: YamlDocument, pack: Pack, rule_id: str) -> Problem | None:
    if rule_id in pack.rules:
        return None
    successors = pack.manifest.replaces.get(rule_id)
    if successors is not None:
        # A rule of the previous version that was merged or removed: say where it went.
        where = (f"its practice is now covered by {', '.join(successors)}; move the answer "
                 f"there" if successors else "it was removed; delete the answer")
        return doc.problem(("answers", rule_id),
                           f"'{rule_id}' is not a rule of version {pack.version} of pack "
                           f"{pack.id}: {where}", key=True)
    return doc.problem(("answers", rule_id),
                       f"'{rule_id}' is not a rule of pack {pack.id}"
                       f"{did_you_mean(rule_id, pack.rules)}", key=True)


def check_against_pack(doc: YamlDocument, a: Assessment, pack: Pack,
                       pack_explicit: bool = False) -> list[Problem]:
    problems: list[Problem] = []
    if a.pack_id != pack.id and not pack_explicit:
        problems.append(doc.problem(("pack",), f"the file is for pack '{a.pack_id}' but "
                                    f"pack '{pack.id}' was loaded"))
    if a.pack_version and a.pack_version != pack.version:
        problems.append(doc.problem(
            ("pack",), f"the file asks for version {a.pack_version} of pack {pack.id}, "
            f"but version {pack.version} is installed; change the line to "
            f"'pack: {pack.id}' to use it, or install the version asked for"))
    problems.extend(_profile_problems(doc, a, pack))
    problems.extend(_parameter_problems(doc, a, pack))
    for rule_id, answer in a.answers.items():
        unknown = unknown_rule(doc, pack, rule_id)
        if unknown:
            problems.append(unknown)
        elif answer is not None:
            problems.extend(_answer_problems(doc, a, pack.rules[rule_id], answer))
    for index, grant in enumerate(a.exceptions):
        path = ("exceptions", index)
        if grant.rule not in pack.rules:
            problems.append(doc.problem((*path, "rule"), f"exception names '{grant.rule}', "
                                        f"which is not a rule of pack {pack.id}"
                                        f"{did_you_mean(grant.rule, pack.rules)}"))
        if grant.expires <= grant.approved_on:
            problems.append(doc.problem((*path, "expires"),
                                        f"the exception expires ({grant.expires}) on or before "
                                        f"the day it was approved ({grant.approved_on})"))
        if grant.approved_on > a.as_of:
            problems.append(doc.problem((*path, "approved_on"),
                                        f"approved on {grant.approved_on}, after the assessment "
                                        f"date {a.as_of}; it does not count for this assessment",
                                        level="warning"))
    return problems


def _profile_problems(doc: YamlDocument, a: Assessment, pack: Pack) -> list[Problem]:
    problems: list[Problem] = []
    for key, value in a.profile.items():
        question = pack.questions.get(key)
        if question is None:
            problems.append(doc.problem(("profile", key), f"'{key}' is not a profile question "
                                        f"of pack {pack.id}{did_you_mean(key, pack.questions)}",
                                        key=True))
            continue
        problems.extend(_profile_value_problems(doc, question, value))
    for question in pack.manifest.profile:
        if question.id not in a.profile and question.default is None:
            problems.append(doc.problem(("profile",), f"profile question '{question.id}' is not "
                                        f"answered ({question.question})"))
    return problems


def _profile_value_problems(doc: YamlDocument, q: ProfileQuestion,
                            value: bool | str | list[str]) -> list[Problem]:
    path = ("profile", q.id)
    if q.type == "boolean":
        if isinstance(value, bool):
            return []
        return [doc.problem(path, f"profile.{q.id}: answer true or false ({q.question})")]
    allowed = [c.value for c in q.choices]
    if q.type == "choice" and not isinstance(value, str):
        return [doc.problem(path, f"profile.{q.id}: give one of {quoted_list(allowed)}")]
    if q.type == "multi_choice" and not isinstance(value, list):
        return [doc.problem(path, f"profile.{q.id}: give a list, e.g. [{allowed[0]}], "
                            "or [] for none")]
    values = value if isinstance(value, list) else [value]
    problems = []
    for index, item in enumerate(values):
        if item not in allowed:
            item_path = (*path, index) if isinstance(value, list) else path
            problems.append(doc.problem(item_path, f"profile.{q.id}: '{item}' is not one of "
                                        f"{quoted_list(allowed)}{did_you_mean(str(item), allowed)}"))
    return problems


def _parameter_problems(doc: YamlDocument, a: Assessment, pack: Pack) -> list[Problem]:
    problems: list[Problem] = []
    for key, value in a.parameters.items():
        path = ("parameters", key)
        param = pack.parameters.get(key)
        if param is None:
            problems.append(doc.problem(path, f"'{key}' is not a parameter of pack {pack.id}"
                                        f"{did_you_mean(key, pack.parameters)}", key=True))
            continue
        if isinstance(value, bool) or not math.isfinite(value):
            problems.append(doc.problem(path, f"parameters.{key}: expected a number such as "
                                        f"{param.default:g}, found '{value}'"))
        elif param.type == "integer" and not float(value).is_integer():
            problems.append(doc.problem(path, f"parameters.{key}: expected a whole number"))
        elif param.minimum is not None and value < param.minimum:
            problems.append(doc.problem(path, f"parameters.{key}: {value} is below the lowest "
                                        f"allowed value {param.minimum} {param.unit}".rstrip()))
        elif param.maximum is not None and value > param.maximum:
            problems.append(doc.problem(path, f"parameters.{key}: {value} is above the highest "
                                        f"allowed value {param.maximum} {param.unit}".rstrip()))
    return problems


_GAP_CLAIMS = (Status.PARTIAL, Status.PLANNED, Status.NOT_IMPLEMENTED)


def _objective_and_fact_problems(doc: YamlDocument, rule: Rule,
                                 answer: Answer) -> list[Problem]:
    """Objectives and facts the rule does not have, and facts of the wrong type."""
    base = ("answers", rule.id)
    problems: list[Problem] = []
    objective_ids = [o.id for o in rule.objectives]
    for key in answer.objectives:
        if key not in objective_ids:
            listing = quoted_list(objective_ids) if objective_ids else "none"
            problems.append(doc.problem((*base, "objectives", key),
                                        f"{rule.id}: '{key}' is not an objective of this rule"
                                        f"{did_you_mean(key, objective_ids)} (objectives: "
                                        f"{listing})", key=True))
    facts = {f.id: f for f in rule.facts}
    for key, value in answer.facts.items():
        fact = facts.get(key)
        path = (*base, "facts", key)
        if fact is None:
            listing = quoted_list(facts) if facts else "none"
            problems.append(doc.problem(path, f"{rule.id}: '{key}' is not a fact of this rule"
                                        f"{did_you_mean(key, facts)} (facts: {listing})",
                                        key=True))
        elif value is not None and not fact_value_ok(fact.type, value):
            problems.append(doc.problem(path, f"{rule.id}: fact '{key}' should be "
                                        f"{FACT_TYPE_WORDS[fact.type]}, found '{value}'"))
    return problems


def _answer_problems(doc: YamlDocument, a: Assessment, rule: Rule,
                     answer: Answer) -> list[Problem]:
    base = ("answers", rule.id)
    problems = _objective_and_fact_problems(doc, rule, answer)
    status = answer.status
    if status == Status.NOT_APPLICABLE and not rule.allow_not_applicable:
        problems.append(doc.problem((*base, "status"), f"{rule.id} cannot be marked "
                                    "not_applicable: the pack says it applies to every agency "
                                    "whose profile brings it into scope"))
    if status in (Status.NOT_APPLICABLE, Status.ALTERNATIVE) and not answer.justification.strip():
        problems.append(doc.problem((*base, "status"), f"{rule.id}: status '{status}' needs a "
                                    "justification explaining why"))
    # Objectives left false and facts left empty are what `checklist init` writes for an
    # unanswered practice, so only a ticked objective, a given fact or evidence counts here.
    given = (any(answer.objectives.values())
             or any(v is not None for v in answer.facts.values()) or answer.evidence)
    if status is None and given:
        problems.append(doc.problem(base, f"{rule.id}: objectives, facts or evidence are given "
                                    "but no status; the practice counts as unanswered",
                                    key=True, level="warning"))
    if (status in _GAP_CLAIMS and answer.target_date is not None
            and answer.target_date < a.as_of):
        problems.append(doc.problem((*base, "target_date"),
                                    f"{rule.id}: target date {answer.target_date} is before the "
                                    f"assessment date {a.as_of} and the status is still "
                                    f"'{status}'; set a new target date or update the status",
                                    level="warning"))
    for index, item in enumerate(answer.evidence):
        if item.date and item.date > a.as_of:
            problems.append(doc.problem((*base, "evidence", index, "date"),
                                        f"{rule.id}: evidence dated {item.date} is after the "
                                        f"assessment date {a.as_of}", level="warning"))
    return problems
