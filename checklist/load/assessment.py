"""Load an assessment file and check it against its rule pack.

Every problem is collected and reported at once, each at its own line and column.
Errors stop the run (exit code 2); warnings are printed and, with ``--strict``,
count as errors.

This module reads the file (YAML or workbook), validates its shape, chooses the pack and
gathers the problems; the checks against the pack are in
:mod:`~checklist.load.assessment_checks`, the salvage of a malformed file's valid parts in
:mod:`~checklist.load.well_formed_parts`, and fact typing in :mod:`~checklist.load.fact_values`.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from checklist.load.assessment_checks import check_against_pack, unknown_rule
from checklist.load.fact_values import dates_in_facts, fact_value_ok
from checklist.load.loaded_pack import Pack
from checklist.load.pack_folders import builtin_packs
from checklist.load.packs import load_pack
from checklist.load.problems import InputError, Problem, UsageError, did_you_mean, quoted_list
from checklist.load.validation import problems_from_validation
from checklist.load.validation_messages import found_words
from checklist.load.well_formed_parts import well_formed_parts
from checklist.load.yaml_document import YamlDocument
from checklist.load.yamlsource import load_yaml_file, parse_yaml_text
from checklist.models.assessment import TEXT_TOTAL_MAX, Assessment

__all__ = [
    "WORKBOOK_SUFFIXES",
    "LoadedAssessment",
    "check_against_pack",
    "fact_value_ok",
    "load_assessment",
    "load_assessment_text",
    "read_document",
]


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
                                      f"agency:, as_of:, answers: …); found {found_words(doc.data)}")])
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
    assessment = dates_in_facts(assessment, pack)
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
                if (p := unknown_rule(doc, pack, str(rule_id)))]
    # Warnings are left out: they may depend on fields that are themselves malformed.
    problems += [p for p in check_against_pack(doc, well_formed_parts(data, pack), pack,
                                               pack_explicit=True) if p.level == "error"]
    return problems
