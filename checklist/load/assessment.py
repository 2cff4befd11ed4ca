"""Load an assessment file and check it against its rule pack.

Every problem is collected and reported at once, each at its own line and column.
Errors stop the run (exit code 2); warnings are printed and, with ``--strict``,
count as errors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from checklist.load.packs import Pack, builtin_packs, load_pack
from checklist.load.problems import InputError, Problem, UsageError, did_you_mean, quoted_list
from checklist.load.validation import _found, problems_from_validation
from checklist.load.yamlsource import YamlDocument, load_yaml_file, parse_yaml_text
from checklist.models.assessment import (
    ISO_DATE,
    TEXT_TOTAL_MAX,
    Agency,
    Answer,
    Assessment,
    ExceptionGrant,
)
from checklist.models.pack import FactType, ProfileQuestion, Rule, Status


@dataclass(frozen=True)
class LoadedAssessment:
    assessment: Assessment
    pack: Pack
    sha256: str
    name: str
    warnings: tuple[Problem, ...]


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def read_document(path: Path, pack_override: str | None = None) -> YamlDocument:
    """The file's data with its positions: YAML, or a workbook (.xlsx) by its extension."""
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return load_yaml_file(path)
    from checklist.load.workbook import read_workbook_file

    return read_workbook_file(path, lambda name: _pack_or_none(pack_override or name))


def _pack_or_none(name: str) -> Pack | None:
    try:
        return load_pack(name) if name else None
    except Exception:  # reported later, at the pack's cell
        return None


def load_assessment(path: Path, pack_override: str | None = None) -> LoadedAssessment:
    """Read ``path``; raise :class:`InputError` with every error found."""
    doc = read_document(path, pack_override)
    return _finish(doc, doc.sha256, pack_override)


def load_assessment_text(text: str, name: str,
                         pack_override: str | None = None) -> LoadedAssessment:
    """As :func:`load_assessment`, for text already in memory (tests, benchmarks)."""
    doc = parse_yaml_text(text, name)
    return _finish(doc, hashlib.sha256(text.encode()).hexdigest(), pack_override)


def _finish(doc: YamlDocument, sha: str, pack_override: str | None) -> LoadedAssessment:
    read_problems: list[Problem] = list(getattr(doc, "read_problems", ()))
    try:
        loaded = _check(doc, sha, pack_override)
    except InputError as exc:
        raise InputError([*read_problems, *exc.problems]) from None
    if any(p.level == "error" for p in read_problems):
        raise InputError([*read_problems, *loaded.warnings])
    if read_problems:
        loaded = dataclasses.replace(
            loaded, warnings=tuple(sorted([*read_problems, *loaded.warnings])))
    return loaded


def _check(doc: YamlDocument, sha: str, pack_override: str | None) -> LoadedAssessment:
    if doc.data is None:
        raise InputError([doc.problem((), "the file is empty; it should hold the assessment's "
                                      "fields (pack, agency, as_of, answers)")])
    if not isinstance(doc.data, dict):
        raise InputError([doc.problem((), "the file must be a mapping of fields (pack:, "
                                      f"agency:, as_of:, answers: …); found {_found(doc.data)}")])
    try:
        assessment = Assessment.model_validate(doc.data)
    except ValidationError as exc:
        problems = problems_from_validation(doc, Assessment, exc)
        problems.extend(_early_pack_problems(doc, pack_override))
        raise InputError(dict.fromkeys(problems)) from None
    too_much = _text_over_budget(doc)
    if too_much is not None:
        raise InputError([too_much])
    pack = _chosen_pack(doc, assessment.pack, pack_override)
    assessment = _dates_in_facts(assessment, pack)
    problems = check_against_pack(doc, assessment, pack, pack_explicit=pack_override is not None)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise InputError(problems)
    return LoadedAssessment(assessment, pack, sha, doc.name,
                            tuple(sorted(p for p in problems if p.level == "warning")))


def _text_over_budget(doc: YamlDocument) -> Problem | None:
    """A problem at the field where the file's text passes :data:`TEXT_TOTAL_MAX`.

    Each field has its own limit; this one bounds their sum, so that every accepted
    file prints in bounded time (docs/filling-in.md, "Limits")."""
    total = 0
    stack: list[tuple[tuple[str | int, ...], object]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            total += len(value)
            if total > TEXT_TOTAL_MAX:
                return doc.problem(path, f"the text of this file adds up to more than "
                                   f"{TEXT_TOTAL_MAX:,} characters by this field; shorten "
                                   "notes and justifications, or keep long texts in "
                                   "documents and cite them as evidence")
        elif isinstance(value, dict):
            stack.extend(((*path, str(k)), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in reversed(list(enumerate(value))))
    return None


def _dates_in_facts(a: Assessment, pack: Pack) -> Assessment:
    """A date fact written in quotes (``"2026-03-01"``) is a date, as in every other date
    field; only the pack knows which facts are dates, so this happens here."""
    answers: dict[str, Answer | None] = {}
    for rule_id, answer in a.answers.items():
        rule = pack.rules.get(rule_id)
        if answer is None or rule is None:
            answers[rule_id] = answer
            continue
        kinds = {f.id: f.type for f in rule.facts}
        facts = {k: _as_date(v) if kinds.get(k) == "date" else v
                 for k, v in answer.facts.items()}
        answers[rule_id] = answer if facts == answer.facts else answer.model_copy(
            update={"facts": facts})
    return a.model_copy(update={"answers": answers})


def _as_date(value: object) -> object:
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value


def _chosen_pack(doc: YamlDocument, name: str, pack_override: str | None) -> Pack:
    """The pack given on the command line, else the one the file names.

    An unknown name written in the file is a problem of the file, reported at its line.
    """
    if pack_override:
        return load_pack(pack_override)
    try:
        return load_pack(name)
    except UsageError as exc:
        if "@" in name and name.split("@", 1)[0] in builtin_packs():
            raise InputError([doc.problem(("pack",), str(exc))]) from None
        shipped = list(builtin_packs())
        raise InputError([doc.problem(
            ("pack",), f"there is no rule pack named '{name.split('@', 1)[0]}'"
            f"{did_you_mean(name.split('@', 1)[0], shipped)} "
            f"(installed packs: {quoted_list(shipped) or 'none'}); to use a pack of your own, "
            "give its folder with --pack")]) from None


def _early_pack_problems(doc: YamlDocument, pack_override: str | None) -> list[Problem]:
    """When the file's shape is wrong, still check its well-formed parts against the pack,
    so that one run lists every error (unknown rule ids, objectives, facts, profile …)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    name = pack_override or str(data.get("pack", ""))
    if not name:
        return []
    try:
        pack = _chosen_pack(doc, name, pack_override)
    except InputError as exc:  # an unknown pack named in the file
        return list(exc.problems)
    except Exception:  # a broken --pack is reported once the file's shape is right
        return []
    answers = data.get("answers")
    problems = [p for rule_id in (answers if isinstance(answers, dict) else {})
                if (p := _unknown_rule(doc, pack, str(rule_id)))]
    # Warnings are left out: they may depend on fields that are themselves malformed.
    problems += [p for p in check_against_pack(doc, _well_formed_parts(data, pack), pack,
                                               pack_explicit=True) if p.level == "error"]
    return problems


def _salvage(model: type[Answer] | type[ExceptionGrant], value: object) -> Any:
    """``value`` validated, after dropping its fields that are wrong; None if it still fails."""
    if not isinstance(value, dict):
        return None
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        errors = exc.errors()
        wrong = {err["loc"][0] for err in errors if err["loc"]}
        # Text that is only too long stays, cut to its limit, so that a check needing it
        # (a justification, say) does not also report it missing.
        cut = {err["loc"][0]: str(err["input"])[:err.get("ctx", {}).get("max_length", 0)]
               for err in errors if len(err["loc"]) == 1 and err["type"] == "string_too_long"}
    try:
        return model.model_validate({**{k: v for k, v in value.items() if k not in wrong},
                                     **cut})
    except ValidationError:
        return None


def _well_formed_parts(data: dict[str, object], pack: Pack) -> Assessment:
    """An assessment built from the parts of ``data`` that are valid on their own."""
    raw_answers = data.get("answers")
    answers: dict[str, Answer | None] = {}
    if isinstance(raw_answers, dict):
        for rule_id, raw in raw_answers.items():
            if (answer := _salvage(Answer, raw)) is not None:
                answers[str(rule_id)] = answer
    raw_exceptions = data.get("exceptions")
    exceptions = [grant for raw in raw_exceptions
                  if (grant := _salvage(ExceptionGrant, raw)) is not None
                  ] if isinstance(raw_exceptions, list) else []
    raw_profile = data.get("profile")
    profile: dict[str, bool | str | list[str]] = {}
    if isinstance(raw_profile, dict):
        for key, value in raw_profile.items():
            well_formed = isinstance(value, bool | str) or (
                isinstance(value, list) and all(isinstance(i, str) for i in value))
            if well_formed or key not in pack.questions:  # an unknown question is named
                profile[str(key)] = value
    raw_parameters = data.get("parameters")
    parameters: dict[str, int | float] = {}
    if isinstance(raw_parameters, dict):
        parameters = {str(k): v for k, v in raw_parameters.items() if isinstance(v, int | float)}
    pack_ref = data.get("pack")
    as_of = data.get("as_of")
    return Assessment.model_construct(
        pack=pack_ref if isinstance(pack_ref, str) and _PACK_REF.fullmatch(pack_ref) else pack.id,
        agency=Agency.model_construct(name="-"),
        as_of=_a_date(as_of) or dt.date.max,
        profile=profile, parameters=parameters, answers=answers, exceptions=exceptions)


def _a_date(value: object) -> dt.date | None:
    """``value`` as a date if it is one by the date rule (a date-time is not)."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    converted = _as_date(value)
    return converted if isinstance(converted, dt.date) else None


_PACK_REF = re.compile(r"[a-z0-9][a-z0-9-]*(@[0-9][0-9A-Za-z.]*)?")


def _unknown_rule(doc: YamlDocument, pack: Pack, rule_id: str) -> Problem | None:
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
        unknown = _unknown_rule(doc, pack, rule_id)
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


_FACT_TYPE_WORDS: dict[str, str] = {
    "date": "a date (YYYY-MM-DD)",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "text": "text",
}


def fact_value_ok(kind: FactType, value: object) -> bool:
    if kind == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":  # .nan and .inf are YAML numbers, but no check can use them
        return (isinstance(value, int | float) and not isinstance(value, bool)
                and math.isfinite(value))
    return isinstance(value, str)


_GAP_CLAIMS = (Status.PARTIAL, Status.PLANNED, Status.NOT_IMPLEMENTED)


def _answer_problems(doc: YamlDocument, a: Assessment, rule: Rule,
                     answer: Answer) -> list[Problem]:
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
                                        f"{_FACT_TYPE_WORDS[fact.type]}, found '{value}'"))
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
