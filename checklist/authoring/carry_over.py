"""Start next year's assessment from last year's (``checklist init --from``).

What is kept and what must be answered again:

* **Carried:** agency, assessor, profile answers, tailored parameters, and for each
  practice its evidence list, owner, justification, notes, facts that no check
  reads (background such as a signing date or a text summary) and target dates
  that are still ahead of the new assessment date.
* **Cleared:** every status (a status is a claim about the assessment date, so it
  is made again); objective ticks (all set back to false); every fact a check reads
  (expiry and review dates, counts and percentages, yes/no checks: they describe
  the state on the old date and decide the score, so they are confirmed and entered
  again); target dates already past on the new date. The old values are written as
  comments next to the emptied fields.
* **Report fields:** see :mod:`checklist.authoring.report_fields` (names, distribution
  and language kept; signing dates, version, status and management responses cleared).
* **Exceptions:** those expired on the new date (``expires`` on or before it) are
  dropped; active and not-yet-started ones are kept.
* **Mapped, to review:** for a file of an earlier major version of the pack (named in its
  ``pack:``, or, when it names none, shown by an answer to a rule the pack no longer has),
  an answer to a rule that the new version merged, split or replaces (its ``replaces``
  mapping) is carried to each successor rule that has no answer of its own: evidence,
  owner, justification, notes and target dates still ahead, never a status, objective or
  fact. The summary lists these, and any rule whose requirement,
  objectives or checks changed since the version the old file names, as answers to review.
* **Dropped with a note:** anything the current pack no longer has (a rule, an
  objective, a fact, a profile question or choice, a parameter or a value outside
  its range), which happens when the pack was updated between the two assessments.

This module reads the previous file and puts the draft together, mapping answers across
pack versions; what each part becomes is decided in :mod:`checklist.authoring.carried_parts`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, StringConstraints, TypeAdapter, ValidationError

from checklist.authoring.carried_parts import (
    CarryReport,
    Tally,
    carry_answer,
    carry_exceptions,
    carry_parameters,
    carry_profile,
    counted,
    has_content,
    id_list,
)
from checklist.authoring.draft import Draft, Hints, ProfileValue, scoped_rules
from checklist.authoring.report_fields import carried
from checklist.load.packs import Pack
from checklist.load.problems import InputError, UsageError
from checklist.load.validation import problems_from_validation
from checklist.models.assessment import Answer, Assessment


def read_previous(path: Path) -> Assessment:
    """Read last year's file. Its shape must be right; pack differences are handled later."""
    from checklist.load.assessment import read_document

    doc = read_document(path)
    read_errors = [p for p in getattr(doc, "read_problems", ()) if p.level == "error"]
    if read_errors:
        raise InputError(read_errors)
    if not isinstance(doc.data, dict):
        raise InputError([doc.problem((), "the file must be a mapping of fields (pack:, "
                                      "agency:, as_of:, answers: ...)")])
    try:
        previous = Assessment.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(doc, Assessment, exc)) from None
    exact = as_written(previous, doc.data)
    assert isinstance(exact, Assessment)
    return exact


def as_written(value: Any, raw: object) -> Any:
    """``value`` with every text as the file has it, to the character.

    The file models strip the spaces and line breaks around names and titles (a block
    scalar such as ``name: |`` ends with a line break); the next year's file must carry
    what the agency wrote, not what the report prints."""
    if isinstance(value, BaseModel) and isinstance(raw, dict):
        return value.model_copy(update={
            name: as_written(getattr(value, name), raw[name])
            for name in type(value).model_fields if name in raw})
    if isinstance(value, dict) and isinstance(raw, dict):
        return {k: as_written(v, raw[k]) if k in raw else v for k, v in value.items()}
    if isinstance(value, list) and isinstance(raw, list) and len(value) == len(raw):
        return [as_written(v, r) for v, r in zip(value, raw, strict=True)]
    if type(value) is str and isinstance(raw, str) and _model_strip(raw) == value:
        return raw
    return value


_STRIPPED = TypeAdapter(Annotated[str, StringConstraints(strip_whitespace=True)])


def _model_strip(text: str) -> str:
    """``text`` stripped as the file models strip it: pydantic strips Unicode white space
    only, while ``str.strip`` also takes control characters such as U+001F, so comparing
    with ``str.strip`` would drop a line break the agency wrote after one."""
    return str(_STRIPPED.validate_python(text))


def carry_over(previous: Assessment, pack: Pack, as_of: dt.date, *,
               profile_options: dict[str, ProfileValue] | None = None,
               previous_name: str = "") -> tuple[Draft, CarryReport]:
    """The draft for the next assessment and a report of what was carried and cleared."""
    if as_of <= previous.as_of:
        raise UsageError(f"the new assessment date {as_of} must be after the date of the "
                         f"previous assessment ({previous.as_of}); give it with --as-of "
                         "YYYY-MM-DD")
    report = CarryReport()
    profile = carry_profile(pack, previous, report)
    profile.update(profile_options or {})
    parameters = carry_parameters(pack, previous, report)
    report.carried.append("agency" + (" and assessor" if previous.assessor else "")
                          + f"; profile ({counted(len(profile), 'answer')}); "
                          f"tailored parameters ({len(parameters)})")
    answers, tally = _carry_answers(previous, pack, as_of, report)
    in_scope, out_of_scope = scoped_rules(pack, profile)
    included = [r for r in pack.rules if r in answers or r in in_scope]
    left_out = [(r, why) for r, why in out_of_scope if r not in answers]
    _summarise_answers(report, answers, tally)
    if left_out:
        report.dropped.append(f"{counted(len(left_out), 'practice')} out of scope for the "
                              f"profile: {id_list([r for r, _ in left_out])}")
    exceptions = carry_exceptions(pack, previous, as_of, report)
    ref = pack.id + (f"@{pack.version}" if previous.pack_version else "")
    if previous.pack_version and previous.pack_version != pack.version:
        report.carried.append(f"pack version updated from {previous.pack_version} to "
                              f"{pack.version}")
    draft = Draft(
        pack=pack, as_of=as_of, pack_ref=ref, agency=previous.agency,
        assessor=previous.assessor, profile=profile, parameters=parameters, answers=answers,
        exceptions=exceptions, rule_ids=included, left_out=left_out,
        hints=Hints(status=tally.status, ticked=tally.ticked, facts=tally.fact_values,
                    target_dates=tally.past_targets),
        started_from=f"{previous_name} (as of {previous.as_of})" if previous_name else None,
        report=carried(previous.attestation, previous.document,
                       previous.report_language.value if previous.report_language else ""),
    )
    return draft, report


def _carry_answers(previous: Assessment, pack: Pack, as_of: dt.date, report: CarryReport
                   ) -> tuple[dict[str, Answer], Tally]:
    """Each answer that still has a rule (or a successor, across major versions), carried."""
    tally = Tally()
    answers: dict[str, Answer] = {}
    unknown_rules: list[str] = []
    mapping = _mapping_applies(previous, pack)
    for rule_id, answer in previous.answers.items():
        rule = pack.rules.get(rule_id)
        if rule is None and not (mapping and rule_id in pack.manifest.replaces):
            unknown_rules.append(rule_id)
        elif rule is not None and answer is not None and has_content(answer):
            answers[rule_id] = carry_answer(rule, answer, as_of, tally)
    if mapping:
        _carry_mapped(previous, pack, as_of, answers, report)
    report.review.extend(_changed_since(previous, pack, answers))
    if unknown_rules:
        report.dropped.append(f"answers to rules the pack no longer has: {id_list(unknown_rules)}")
    report.dropped.extend(tally.dropped)
    return answers, tally


def _major(version: str) -> int:
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


def _mapping_applies(previous: Assessment, pack: Pack) -> bool:
    """The pack's ``replaces`` maps ids of earlier major versions. It applies to a file that
    names an earlier major version; for a file that names no version, only when it answers
    a rule that this version no longer has, which shows it was written for an earlier one."""
    replaces = pack.manifest.replaces
    if not replaces:
        return False
    named = previous.pack_version
    if named is not None:
        return _major(named) < _major(pack.version)
    return any(rule_id in replaces and rule_id not in pack.rules
               for rule_id in previous.answers)


def _carry_mapped(previous: Assessment, pack: Pack, as_of: dt.date,
                  answers: dict[str, Answer], report: CarryReport) -> None:
    """Each mapped old answer's evidence, owner and notes, to successors left unanswered."""
    for old_id, successors in pack.manifest.replaces.items():
        old = previous.answers.get(old_id)
        if old is None or not has_content(old):
            continue
        for new_id in successors:
            rule = pack.rules.get(new_id)
            if rule is None or new_id == old_id or new_id in previous.answers:
                continue
            target = old.target_date if old.target_date and old.target_date >= as_of else None
            answers[new_id] = Answer.model_validate({
                "objectives": {o.id: False for o in rule.objectives},
                "evidence": old.evidence, "owner": old.owner, "notes": old.notes,
                "justification": old.justification, "target_date": target})
            report.review.append(f"{new_id}: takes the place of {old_id} in version "
                                 f"{pack.version}; its evidence, owner and notes came from "
                                 f"{old_id}: check that they fit, then answer it")


def _changed_since(previous: Assessment, pack: Pack, answers: dict[str, Answer]) -> list[str]:
    """Carried rules whose requirement, objectives or checks differ from the version the
    old file names (when that version still ships)."""
    named = previous.pack_version
    if named is None or named == pack.version:
        return []
    from checklist.load.packs import load_pack
    from checklist.load.problems import PackError

    try:
        before = load_pack(f"{pack.id}@{named}")
    except (UsageError, PackError):  # that version does not ship: nothing to compare with
        return []
    changed = []
    for rule_id in answers:
        old, new = before.rules.get(rule_id), pack.rules.get(rule_id)
        if old is None or new is None:
            continue
        if (old.requirement != new.requirement
                or [o.id for o in old.objectives] != [o.id for o in new.objectives]
                or old.checks != new.checks):
            changed.append(f"{rule_id}: the requirement, objectives or checks changed since "
                           f"version {named}; read it again before answering")
    return changed


def _summarise_answers(report: CarryReport, answers: dict[str, Answer], tally: Tally) -> None:
    carried_ids = list(answers)
    evidence = sum(len(a.evidence) for a in answers.values())
    with_text = [r for r, a in answers.items() if a.owner or a.notes or a.justification]
    report.carried.append(f"{counted(len(carried_ids), 'practice')} with answers: "
                          f"{id_list(carried_ids) or 'none'}")
    report.carried.append(f"{counted(evidence, 'evidence item')}; owners, notes or "
                          f"justifications for {counted(len(with_text), 'practice')}")
    if tally.facts_kept:
        report.carried.append("background facts: " + id_list(
            [f"{r} ({', '.join(keys)})" for r, keys in tally.facts_kept.items()]))
    kept_targets = [f"{r} ({a.target_date})" for r, a in answers.items() if a.target_date]
    if kept_targets:
        report.carried.append("target dates still ahead: " + id_list(kept_targets))
    by_status: dict[str, list[str]] = {}
    for rule_id, status in tally.status.items():
        by_status.setdefault(status, []).append(rule_id)
    report.cleared.append(f"{counted(len(tally.status), 'status', 'statuses')}"
                          + "".join(f"; {len(ids)} were {status}: {id_list(ids)}"
                                    for status, ids in by_status.items()))
    if tally.ticked:
        report.cleared.append("objective ticks: " + id_list(
            [f"{r} ({', '.join(ids)})" for r, ids in tally.ticked.items()]))
    if tally.facts_cleared:
        count = sum(len(v) for v in tally.facts_cleared.values())
        report.cleared.append(f"{counted(count, 'fact')} to confirm again: " + id_list(
            [f"{r} ({', '.join(keys)})" for r, keys in tally.facts_cleared.items()]))
    if tally.past_targets:
        report.cleared.append("target dates already past: " + id_list(
            [f"{r} ({d})" for r, d in tally.past_targets.items()]))
