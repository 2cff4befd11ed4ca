"""Cross-checks of a rule pack: what spans several of its files.

Every reference inside the pack must resolve (sources, parameters, profile questions,
facts a check uses, bands a gate caps at), ids must be unique, and each check must suit
its fact. The file models check each file on its own; this runs once all are read.
"""

from __future__ import annotations

from checklist.checks import check_kind
from checklist.load.loaded_pack import Domain, Pack
from checklist.load.pack_folders import MANIFEST
from checklist.load.pack_glossary import glossary_problems
from checklist.load.problems import did_you_mean
from checklist.load.yaml_document import YamlDocument
from checklist.models.pack import (
    NO_LONGER_A_BASIS,
    ExcludedChoices,
    ParameterRef,
    ProfileCondition,
    ProfileQuestion,
    Rule,
    Severity,
    Threshold,
)


def _threshold_problems(where: str, value: Threshold | None, pack: Pack) -> list[str]:
    if isinstance(value, ParameterRef) and value.parameter not in pack.parameters:
        hint = did_you_mean(value.parameter, pack.parameters)
        return [f"{where}: parameter '{value.parameter}' is not declared in pack.yaml{hint}"]
    return []


def cross_check(pack: Pack, docs: dict[str, YamlDocument] | None = None) -> list[str]:
    """Every reference inside the pack must resolve; ids must be unique. ``docs`` (the
    domain files as read, by file name) lets a problem of scope name its line."""
    problems: list[str] = []
    m = pack.manifest
    for label, ids in (
        ("domain", [d.id for d in m.domains]),
        ("source", [s.id for s in m.sources]),
        ("parameter", [p.id for p in m.parameters]),
        ("profile question", [q.id for q in m.profile]),
        ("band", [b.name for b in m.scoring.bands]),
        ("rule", [r.id for d in pack.domains for r in d.rules]),
    ):
        seen: set[str] = set()
        for item in ids:
            if item in seen:
                problems.append(f"{label} id '{item}' is declared more than once")
            seen.add(item)
    for severity in Severity:
        if severity not in m.scoring.severity_weights:
            problems.append(f"scoring.severity_weights has no weight for '{severity}'")
    bands = [b.name for b in m.scoring.bands]
    if not any(b.minimum == 0 for b in m.scoring.bands):
        problems.append("scoring.bands needs a band with minimum 0 so every score has a rating")
    for gate in m.scoring.gates:
        if gate.cap not in bands:
            problems.append(f"gate '{gate.id}' caps at '{gate.cap}', which is not a band"
                            f"{did_you_mean(gate.cap, bands)}")
    for param in m.parameters:
        lo, hi = param.minimum, param.maximum
        if (lo is not None and param.default < lo) or (hi is not None and param.default > hi):
            problems.append(f"parameter '{param.id}': default {param.default} is outside "
                            f"its own range")
    for q in m.profile:
        values = [c.value for c in q.choices]
        if q.type != "boolean" and not values:
            problems.append(f"profile question '{q.id}' has no choices")
    problems.extend(_source_problems(pack))
    problems.extend(glossary_problems(m, (docs or {}).get(MANIFEST)))
    for domain in pack.domains:
        for index, rule in enumerate(domain.rules):
            problems.extend(_rule_problems(pack, domain, rule))
            problems.extend(_scope_problems(pack, domain, rule, (docs or {}).get(
                domain.entry.file), index))
    return problems


def _source_problems(pack: Pack) -> list[str]:
    """A source's status needs its date; the id mapping must point at rules of this pack."""
    problems = [f"source '{s.id}' is marked {s.status.replace('_', ' ')} but gives no "
                f"status_date; say when" for s in pack.manifest.sources
                if s.status is not None and s.status != "in_force" and s.status_date is None]
    for old, new_ids in pack.manifest.replaces.items():
        for new in new_ids:
            if new not in pack.rules:
                problems.append(f"replaces: '{old}' is mapped to '{new}', which is not a rule "
                                f"of this pack{did_you_mean(new, pack.rules)}")
    return problems


def _rule_problems(pack: Pack, domain: Domain, rule: Rule) -> list[str]:
    where = f"{domain.entry.file}: rule {rule.id}"
    problems: list[str] = []
    if not rule.id.startswith(domain.id + "-"):
        problems.append(f"{where}: the id must start with its domain '{domain.id}-'")
    for ref in rule.references:
        source = pack.sources.get(ref.source)
        if source is None:
            problems.append(f"{where}: cites source '{ref.source}', which pack.yaml does not "
                            f"declare{did_you_mean(ref.source, pack.sources)}")
        elif source.status in NO_LONGER_A_BASIS and not ref.history:
            problems.append(f"{where}: rests on source '{ref.source}', which was "
                            f"{source.status} on {source.status_date}; a requirement cannot "
                            f"rest on it: cite a source in force, and keep this one only "
                            f"as history (history: true)")
    if rule.references and all(ref.history for ref in rule.references):
        problems.append(f"{where}: every reference is marked history; the rule needs at least "
                        f"one source it rests on")
    fact_types = {f.id: f.type for f in rule.facts}
    for label, ids in (("objective", [o.id for o in rule.objectives]),
                       ("fact", [f.id for f in rule.facts])):
        if len(set(ids)) != len(ids):
            problems.append(f"{where}: {label} ids are not unique")
    problems.extend(_threshold_problems(f"{where}: evidence.max_age_days",
                                        rule.evidence.max_age_days, pack))
    for check in rule.checks:
        kind = fact_types.get(check.fact)
        if kind is None:
            problems.append(f"{where}: a check uses fact '{check.fact}', which the rule does "
                            f"not declare{did_you_mean(check.fact, fact_types)}")
            continue
        test = check_kind(check.test)
        if kind not in test.fact_types:
            problems.append(f"{where}: check '{check.test}' needs a "
                            f"{' or '.join(test.fact_types)} fact, but '{check.fact}' is {kind}")
        if test.needs_value and check.value is None:
            problems.append(f"{where}: check '{check.test}' on '{check.fact}' needs a value")
        if not test.needs_value and check.value is not None:
            problems.append(f"{where}: check '{check.test}' on '{check.fact}' takes no value")
        problems.extend(_threshold_problems(f"{where}: check on '{check.fact}'",
                                            check.value, pack))
    return problems


def _scope_problems(pack: Pack, domain: Domain, rule: Rule, doc: YamlDocument | None,
                    index: int) -> list[str]:
    """Each ``applies_when`` entry must name a declared question and valid values; a
    problem names the file, and the line when the file as read is at hand."""
    problems: list[str] = []
    for question_id, condition in rule.applies_when.items():
        question = pack.questions.get(question_id)
        where = f"{domain.entry.file}: rule {rule.id}"
        if doc is not None:
            pos = doc.position(("rules", index, "applies_when", question_id),
                               key=question is None)
            where = f"{domain.entry.file}:{pos.line}:{pos.column}: rule {rule.id}"
        if question is None:
            problems.append(f"{where}: applies_when names profile question '{question_id}', "
                            f"which pack.yaml does not declare"
                            f"{did_you_mean(question_id, pack.questions)}")
            continue
        problems.extend(_condition_problems(where, question, condition))
    return problems


def _condition_problems(where: str, question: ProfileQuestion,
                        condition: ProfileCondition) -> list[str]:
    if question.type == "boolean":
        if isinstance(condition, ExcludedChoices):
            return [f"{where}: applies_when.{question.id} is a yes/no question: write true "
                    f"or false instead of 'not'"]
        if not isinstance(condition, bool):
            return [f"{where}: applies_when.{question.id} must be true or false"]
        return []
    allowed = [c.value for c in question.choices]
    negated = isinstance(condition, ExcludedChoices)
    key = f"{question.id}.not" if negated else question.id
    values = (condition.none_of if isinstance(condition, ExcludedChoices)
              else condition if isinstance(condition, list) else [condition])
    problems = []
    for value in values:
        if not isinstance(value, str) or value not in allowed:
            problems.append(f"{where}: applies_when.{key} value '{value}' is not one "
                            f"of the question's choices{did_you_mean(str(value), allowed)}")
    return problems
