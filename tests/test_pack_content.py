"""Content checks for the shipped rule pack ``task-force-coordination``.

The engine's own pack validation (ids, cross-references, types) runs when the pack
loads. These tests check the editorial promises of the pack: coverage of every seed
practice, honest citations, declared and explained thresholds, and applicability gates.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment_text
from checklist.load.packs import Pack, load_pack
from checklist.load.problems import InputError
from checklist.models.pack import (
    BINDING_KINDS,
    NO_LONGER_A_BASIS,
    ExcludedChoices,
    ParameterRef,
    Rule,
    Source,
    SourceKind,
    Verification,
)
from checklist.result import Result, RuleResult

PACK_ID = "task-force-coordination"
PACK_DIR = Path(__file__).resolve().parent.parent / "rules" / PACK_ID

# Seed practice keys and the seed questions that name them (rule-sources.md, table 0.3).
PRACTICE_QUESTIONS: dict[str, set[int]] = {
    "P1": {3, 6, 7, 8, 20},    # written agreements defining roles, responsibilities, jurisdiction
    "P2": {3, 9, 20},          # regular meetings and joint trainings
    "P3": {3, 11},             # cross-designated task-force officers
    "P4": {1, 2, 4, 13},       # information-sharing protocols and secure data platforms
    "P5": {13},                # encrypted communications
    "P6": {1, 6, 12},          # resource and funding agreements
    "P7": {5, 11, 17, 20},     # training
    "P8": {8, 18},             # accountability and oversight
    "P9": {14, 17},            # civil rights and privacy protection
    "P10": {16, 17},           # community engagement and transparency
    "P11": {18},               # legislative oversight
    "P12": {15, 19},           # performance measurement
    "P13": {20},               # dedicated liaison officer
}
PRACTICE_NAMING_QUESTIONS = set().union(*PRACTICE_QUESTIONS.values())

# Profile questions that gate the program-specific rules, and the values that must gate
# at least one rule each.
GATES: dict[str, object] = {
    "accesses_cji": True,
    "criminal_intelligence_system": True,
    "federal_programs": ["287g-task-force", "287g-jail", "287g-warrant-service",
                         "human-trafficking-task-force"],
}

SEED = "SEED"
EXTERNAL_SOURCE = re.compile(r"^S\d{2}[A-Z0-9]*$")
Q_NUMBER = re.compile(r"\bQ(\d{1,2})\b")
P_KEY = re.compile(r"\b(P\d{1,2})\b")


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(PACK_ID)


@pytest.fixture(scope="module")
def rules(pack: Pack) -> list[Rule]:
    return list(pack.rules.values())


def effective_verification(pack: Pack, rule: Rule) -> list[tuple[str, Verification]]:
    return [(ref.source, ref.verification or pack.sources[ref.source].verification)
            for ref in rule.references]


def seed_citations(rule: Rule) -> list[tuple[int, set[str]]]:
    """(question number, practice keys named in the note) for each seed reference, and
    (question number, no keys) for each topic: 2.0 moves the seed from citations to topics."""
    cited = [(int(topic[1:]), set()) for topic in rule.topics]
    for ref in rule.references:
        if ref.source != SEED:
            continue
        for number in Q_NUMBER.findall(ref.locator):
            cited.append((int(number), set(P_KEY.findall(ref.note))))
    return cited


# ---- loading -------------------------------------------------------------------------

def test_pack_loads_by_name(pack: Pack) -> None:
    assert pack.id == PACK_ID
    assert pack.version == "2.0.0"


def test_pack_loads_by_path() -> None:
    by_path = load_pack(str(PACK_DIR))
    assert by_path.id == PACK_ID
    assert set(by_path.rules) == set(load_pack(PACK_ID).rules)


def test_pack_folder_holds_only_pack_files(pack: Pack) -> None:
    # The change log travels with the pack: it says what changed since the last version;
    # translations/ holds its texts in other languages.
    listed = {"pack.yaml", "CHANGELOG.md", "translations",
              *(d.entry.file for d in pack.domains)}
    present = {p.name for p in PACK_DIR.iterdir()}
    assert present == listed


def test_rule_count_in_range(rules: list[Rule]) -> None:
    assert 60 <= len(rules) <= 120


def test_every_domain_has_rules_and_sequential_ids(pack: Pack) -> None:
    """Ids run 1, 2, 3 ... in each domain; the only gaps are ids of the previous version
    that were merged or removed, which the pack maps to their successors."""
    assert len(pack.domains) >= 10
    retired = set(pack.manifest.replaces) - set(pack.rules)
    for domain in pack.domains:
        numbers = [int(r.id.split("-")[1]) for r in domain.rules]
        expected = [n for n in range(1, max(numbers) + 1)
                    if f"{domain.id}-{n:02d}" not in retired]
        assert numbers == expected, domain.id


# ---- seed coverage -------------------------------------------------------------------

def test_seed_source_is_a_topic_list(pack: Pack) -> None:
    seed = pack.sources[SEED]
    assert "topic list" in seed.note.lower()
    assert "never" in seed.note.lower() and "evidence" in seed.note.lower()


def test_every_rule_names_its_seed_questions(rules: list[Rule]) -> None:
    missing = [r.id for r in rules if not seed_citations(r)]
    assert not missing, f"rules with neither a seed reference nor topics: {missing}"


def test_seed_questions_exist(rules: list[Rule]) -> None:
    for rule in rules:
        for number, _ in seed_citations(rule):
            assert 1 <= number <= 20, (rule.id, number)


def test_practice_keys_match_their_questions(rules: list[Rule]) -> None:
    """A seed reference that names a practice key cites one of that key's questions."""
    for rule in rules:
        for number, keys in seed_citations(rule):
            for key in keys:
                assert key in PRACTICE_QUESTIONS, (rule.id, key)
                assert number in PRACTICE_QUESTIONS[key], (
                    f"{rule.id}: Q{number} does not name practice {key}")


@pytest.mark.parametrize("key", sorted(PRACTICE_QUESTIONS, key=lambda k: int(k[1:])))
def test_every_practice_key_is_covered(rules: list[Rule], key: str) -> None:
    covering = [r.id for r in rules
                if any(key in keys and number in PRACTICE_QUESTIONS[key]
                       for number, keys in seed_citations(r))]
    assert covering, f"no rule covers practice {key}"


def test_every_practice_naming_question_is_cited(rules: list[Rule]) -> None:
    cited = {number for r in rules for number, _ in seed_citations(r)}
    missing = sorted(PRACTICE_NAMING_QUESTIONS - cited)
    assert not missing, f"seed questions never cited: {missing}"


# ---- citations -----------------------------------------------------------------------

def test_every_rule_has_an_external_reference(rules: list[Rule]) -> None:
    for rule in rules:
        external = [ref for ref in rule.references if ref.source != SEED]
        assert external, f"{rule.id} cites only the seed"
        assert all(EXTERNAL_SOURCE.match(ref.source) for ref in external), rule.id
        assert all(len(ref.locator) >= 8 for ref in external), rule.id


def test_no_unverified_citation(pack: Pack, rules: list[Rule]) -> None:
    """Nothing labelled not-verified is cited; good-practice rules say so in words instead."""
    assert all(s.verification != Verification.NV for s in pack.manifest.sources)
    for rule in rules:
        for source, label in effective_verification(pack, rule):
            assert label != Verification.NV, f"{rule.id} cites {source} as not verified"


def test_every_rule_has_a_citation_read_beyond_summary(pack: Pack, rules: list[Rule]) -> None:
    """Each rule rests on at least one external citation read as primary text or a copy
    (V1/V2), unless its rationale says plainly that the point rests on a summary."""
    for rule in rules:
        labels = [label for source, label in effective_verification(pack, rule)
                  if source != SEED]
        if not any(label in (Verification.V1, Verification.V2) for label in labels):
            assert "not read" in rule.rationale or "not verified" in rule.rationale, rule.id


def test_every_declared_source_is_cited(pack: Pack, rules: list[Rule]) -> None:
    cited = {ref.source for r in rules for ref in r.references}
    assert set(pack.sources) == cited


def test_sources_say_where_they_were_read(pack: Pack) -> None:
    for source in pack.manifest.sources:
        assert source.url or source.location, source.id
        assert source.date, source.id


# ---- parameters and checks -----------------------------------------------------------

def parameters_used(rules: list[Rule]) -> set[str]:
    used: set[str] = set()
    for rule in rules:
        if isinstance(rule.evidence.max_age_days, ParameterRef):
            used.add(rule.evidence.max_age_days.parameter)
        for check in rule.checks:
            if isinstance(check.value, ParameterRef):
                used.add(check.value.parameter)
    return used


def test_every_parameter_used_is_declared(pack: Pack, rules: list[Rule]) -> None:
    assert parameters_used(rules) <= set(pack.parameters)


def test_every_declared_parameter_is_used(pack: Pack, rules: list[Rule]) -> None:
    assert set(pack.parameters) <= parameters_used(rules)


def test_parameters_are_explained(pack: Pack) -> None:
    for param in pack.manifest.parameters:
        assert param.unit, param.id
        assert param.minimum is not None and param.maximum is not None, param.id
        assert len(param.basis) >= 40, param.id
        if param.policy_choice:
            assert "policy choice" in param.basis.lower(), param.id
        else:
            # A source requirement names its source and how directly it was read.
            assert re.search(r"\(V[12]\b|, V[12]\)", param.basis), param.id


def test_max_age_thresholds_come_from_parameters(rules: list[Rule]) -> None:
    for rule in rules:
        assert rule.evidence.max_age_days is None or isinstance(
            rule.evidence.max_age_days, ParameterRef), rule.id


def test_checks_are_widely_used(rules: list[Rule]) -> None:
    with_checks = [r for r in rules if r.checks]
    assert len(with_checks) >= 25
    kinds = {c.test for r in rules for c in r.checks}
    assert kinds == {"within_days", "after_as_of", "at_least", "at_most", "is_true"}
    for rule in with_checks:
        for check in rule.checks:
            assert check.describe and check.describe[0].islower(), rule.id


def test_fixed_thresholds_are_definitional(rules: list[Rule]) -> None:
    """Literal numbers are only 0 (none allowed), 1 (at least one) or 100 % (every);
    anything else must be a tailorable parameter."""
    for rule in rules:
        for check in rule.checks:
            if check.value is not None and not isinstance(check.value, ParameterRef):
                assert check.value in (0, 1, 100), (rule.id, check.fact, check.value)


# ---- applicability -------------------------------------------------------------------

def test_profile_questions_have_defaults(pack: Pack, rules: list[Rule]) -> None:
    """Every default is the answer that switches rules off: no, none, or (for the state)
    a value that no rule is gated on."""
    for question in pack.manifest.profile:
        assert question.default is not None, question.id
        if question.type == "choice":
            gated_on = {v for r in rules for v in _as_list(r.applies_when.get(question.id))}
            assert question.default not in gated_on, question.id
        else:
            assert question.default in (False, []), question.id


def test_gated_rules_name_declared_questions(pack: Pack, rules: list[Rule]) -> None:
    for rule in rules:
        for question_id, condition in rule.applies_when.items():
            question = pack.questions.get(question_id)
            assert question is not None, (rule.id, question_id)
            if question.type != "boolean":
                values = (condition.none_of if isinstance(condition, ExcludedChoices)
                          else condition if isinstance(condition, list) else [condition])
                allowed = {c.value for c in question.choices}
                assert set(values) <= allowed, rule.id


@pytest.mark.parametrize("question_id", sorted(GATES))
def test_program_specific_rules_are_gated(rules: list[Rule], question_id: str) -> None:
    wanted = GATES[question_id]
    if isinstance(wanted, list):
        for value in wanted:
            gated = [r.id for r in rules
                     if value in _as_list(r.applies_when.get(question_id))]
            assert gated, f"no rule applies only when {question_id} includes {value}"
    else:
        assert any(r.applies_when.get(question_id) == wanted for r in rules), question_id


def _as_list(condition: object) -> list[object]:
    if condition is None:
        return []
    return condition if isinstance(condition, list) else [condition]


def test_cjis_and_part23_rules_are_gated(rules: list[Rule]) -> None:
    """Rules that rest only on the CJIS Security Policy apply only to agencies with CJI;
    rules that rest only on 28 CFR Part 23 apply only to criminal intelligence systems."""
    for rule in rules:
        external = {ref.source for ref in rule.references if ref.source != SEED}
        if external <= {"S07", "S07V6"}:
            assert rule.applies_when.get("accesses_cji") is True, rule.id
        if external <= {"S08", "S08G"}:
            assert rule.applies_when.get("criminal_intelligence_system") is True, rule.id


# ---- wording -------------------------------------------------------------------------

SENTENCE_BREAK = re.compile(r"(?<!U\.S)(?<!e\.g)(?<!i\.e)(?<!\bv)\.\s+[A-Z(]")
LOADED_TERMS = ("illegal alien", "sanctuary", "crackdown", "invasion", "amnesty")


def test_split_rules_ask_one_thing_each(pack: Pack) -> None:
    for rule_id in ("TEC-04", "TEC-05", "TEC-10", "TEC-11"):
        assert len(pack.rules[rule_id].checks) == 1, rule_id


def test_requirements_are_single_sentences(rules: list[Rule]) -> None:
    for rule in rules:
        text = rule.requirement.strip()
        assert text.endswith("."), rule.id
        assert not SENTENCE_BREAK.search(text), f"{rule.id}: more than one sentence"


def test_wording_is_neutral(pack: Pack, rules: list[Rule]) -> None:
    texts = [pack.manifest.description]
    for rule in rules:
        texts += [rule.title, rule.requirement, rule.rationale, rule.remediation]
    for text in texts:
        lowered = text.lower()
        for term in LOADED_TERMS:
            assert term not in lowered, (term, text[:60])


def test_every_rule_has_a_concrete_remediation(rules: list[Rule]) -> None:
    for rule in rules:
        assert len(rule.remediation.split()) >= 8, rule.id


# ---- sources as a reader weighs them ----------------------------------------------------

# Rules of 2.0.0 that still rest only on guidance, audit reports or the seed and do not yet
# say that they are a good practice with no binding source. The set must only shrink: a rule
# fixed is taken off, a rule that loses its binding source makes the test fail.
NOT_YET_GROUNDED: set[str] = set()


def _basis(pack: Pack, rule: Rule) -> list[Source]:
    """The sources a rule rests on: every citation not marked as history."""
    return [pack.sources[ref.source] for ref in rule.references if not ref.history]


def test_every_source_has_a_kind_except_those_not_yet_classed(pack: Pack) -> None:
    unclassed = {s.id for s in pack.manifest.sources if s.kind is None}
    assert unclassed <= {"S17"}, unclassed


def test_rules_rest_on_a_binding_source_or_say_they_are_good_practice(rules: list[Rule],
                                                                      pack: Pack) -> None:
    ungrounded = {r.id for r in rules
                  if not any(s.kind in BINDING_KINDS for s in _basis(pack, r))
                  and "good practice" not in r.rationale.lower()}
    assert ungrounded == NOT_YET_GROUNDED


def test_no_rescinded_or_superseded_source_is_a_basis(rules: list[Rule], pack: Pack) -> None:
    # Pack validation refuses it already; this pins the shipped pack to that promise.
    assert not [(r.id, s.id) for r in rules for s in _basis(pack, r)
                if s.status in NO_LONGER_A_BASIS]


def test_no_advocacy_source_is_the_only_support(rules: list[Rule], pack: Pack) -> None:
    alone = [r.id for r in rules
             if all(s.kind in (SourceKind.ADVOCACY, SourceKind.SEED) for s in _basis(pack, r))]
    assert not alone


# ---- neutral wording ----------------------------------------------------------------------

# Words that mark a side in the debate over local participation in federal immigration
# enforcement, taken from both directions: terms used by advocates of stricter enforcement
# and terms used by its critics, plus evaluative words about other agencies. The pack's
# own text (what a report prints for each rule) must use neither; a source's title may.
LOADED_WORDS = (
    # from advocates of stricter enforcement
    "illegal alien", "illegals", "criminal alien", "amnesty", "open borders", "invasion",
    "sanctuary", "catch and release", "anchor bab",
    # from its critics
    "deportation machine", "mass deportation", "raid", "terroriz", "racist", "xenophob",
    "nativist", "abolish", "kidnap", "gestapo", "snatch",
    # evaluative words about other agencies
    "rogue", "abusive", "lawless", "rubber-stamp",
)


def _printed_text(rule: Rule) -> str:
    parts = [rule.title, rule.requirement, rule.rationale, rule.remediation,
             *(o.text for o in rule.objectives), *(f.help for f in rule.facts),
             *(c.describe for c in rule.checks)]
    return " ".join(parts).lower()


def test_rule_text_has_no_loaded_words(rules: list[Rule]) -> None:
    found = [(r.id, word) for r in rules for word in LOADED_WORDS
             if re.search(r"\b" + re.escape(word), _printed_text(r))]
    assert not found


def test_the_loaded_words_check_can_fail() -> None:
    assert re.search(r"\b" + re.escape("sanctuary"), "a sanctuary policy")


# ---- detainer holds -------------------------------------------------------------------------

def test_detainer_holds_are_critical_and_gated_on_holding_people(pack: Pack) -> None:
    rule = pack.rules["CRP-08"]
    assert rule.severity == "critical"
    assert rule.applies_when == {"holds_detainees": True}
    assert pack.questions["holds_detainees"].default is False
    # No log at all is an absent practice, not a partial one.
    log_check = next(c for c in rule.checks if c.fact == "hold_log_kept")
    assert log_check.on_fail == "not_implemented"
    assert {c.fact for c in rule.checks} >= {"holds_past_limit",
                                              "citizenship_claims_unresolved"}
    assert any(pack.sources[r.source].kind == "regulation" for r in rule.references)


# ---- behaviour of the 2.0 corrections and new practices ----------------------------------
#
# Each test scores a realistic assessment (one of the shipped examples) with one answer or
# profile value changed, and checks what the rule and the rating do.

EXAMPLES = PACK_DIR.parent.parent / "examples"
STATE = EXAMPLES / "state-public-safety.yaml"     # complete, no detainees, not in Oklahoma
COUNTY = EXAMPLES / "county-sheriff.yaml"         # in Oklahoma, holds detainees


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _score(path: Path, change: Callable[[dict[str, Any]], None]) -> Result:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    text = yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True)
    loaded = load_assessment_text(text, path.name)
    return evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                    input_sha256=loaded.sha256)


def _rule(result: Result, rule_id: str) -> RuleResult:
    return next(r for r in result.rules if r.id == rule_id)


def _answer(data: dict[str, Any], rule_id: str, answer: dict[str, Any]) -> None:
    data["answers"][rule_id] = answer


def _hold_answer(**facts: object) -> dict[str, Any]:
    base: dict[str, object] = {"hold_log_kept": True, "holds_in_period": 12,
                               "holds_past_limit": 0, "citizenship_claims_unresolved": 0}
    base.update(facts)
    return {"status": "implemented", "facts": base,
            "objectives": {"basis_document": True, "notice_given": True,
                           "citizenship_resolved": True, "hours_recorded": True},
            "evidence": [{"title": "Detainer hold log", "ref": "Jail/Logs/holds.xlsx",
                          "date": dt.date(2026, 10, 31)}]}


def _with_detainees(data: dict[str, Any], **facts: object) -> None:
    # The state example's one critical gap (MFA on 97 % of accounts) is closed first, so
    # the rating shows only what the detainer log does.
    data["answers"]["TEC-03"]["facts"]["accounts_with_mfa_percent"] = 100
    data["profile"]["holds_detainees"] = True
    _answer(data, "CRP-08", _hold_answer(**facts))


def test_an_honest_hold_log_keeps_the_detainer_practice_implemented() -> None:
    result = _score(STATE, lambda d: _with_detainees(d))
    assert _rule(result, "CRP-08").effective_status == "implemented"
    assert result.summary.rating.capped_by == ()
    assert result.summary.rating.band == "Strong"


def test_a_hold_past_48_hours_caps_the_rating_at_established() -> None:
    result = _score(STATE, lambda d: _with_detainees(d, holds_past_limit=1))
    assert _rule(result, "CRP-08").effective_status == "partial"
    assert "critical_partial" in result.summary.rating.capped_by
    assert result.summary.rating.band == "Established"


def test_no_hold_log_is_an_absent_critical_practice() -> None:
    result = _score(STATE, lambda d: _with_detainees(d, hold_log_kept=False))
    assert _rule(result, "CRP-08").effective_status == "not_implemented"
    assert "critical_gap" in result.summary.rating.capped_by


def test_security_awareness_training_after_access_is_a_gap() -> None:
    def late(data: dict[str, Any]) -> None:
        data["answers"]["TRN-04"]["facts"]["trained_before_access_percent"] = 90
    assert _rule(_score(STATE, late), "TRN-04").effective_status == "partial"
    assert _rule(_score(STATE, lambda d: None), "TRN-04").effective_status == "implemented"


def test_the_superseded_two_year_training_cycle_cannot_be_tailored_back() -> None:
    with pytest.raises(InputError, match="security_awareness_days"):
        _score(STATE, lambda d: d.setdefault("parameters", {}).update(
            security_awareness_days=730))


def test_mfa_missing_on_cji_systems_is_an_absent_critical_practice() -> None:
    def no_mfa(data: dict[str, Any]) -> None:
        data["answers"]["TEC-03"]["facts"]["mfa_enforced"] = False
    result = _score(STATE, no_mfa)
    assert _rule(result, "TEC-03").effective_status == "not_implemented"
    assert "critical_gap" in result.summary.rating.capped_by


@pytest.mark.parametrize(("years", "status"), [(4, "implemented"), (6, "partial")])
def test_intelligence_kept_past_five_years_without_revalidation_fails(years: int,
                                                                      status: str) -> None:
    def oldest(data: dict[str, Any]) -> None:
        as_of = data["as_of"]
        data["answers"]["INF-06"] = {
            "status": "implemented",
            "objectives": {"review_recorded": True, "recipients_told": True},
            "facts": {"oldest_validation": as_of.replace(year=as_of.year - years)},
            "evidence": [{"title": "Review and purge log", "ref": "Intel/purge-log.xlsx",
                          "date": as_of}]}
    assert _rule(_score(STATE, oldest), "INF-06").effective_status == status


@pytest.mark.parametrize(("mandates", "scope"), [
    ([], "in_scope"),
    (["governing-body-approval"], "in_scope"),
    (["governing-body-approval", "mandated-agreement"], "out_of_scope_profile"),
])
def test_the_continuation_decision_does_not_apply_where_state_law_mandates_the_agreement(
        mandates: list[str], scope: str) -> None:
    def profile(data: dict[str, Any]) -> None:
        data["profile"]["state_law_requirements"] = mandates
    prf6 = _rule(_score(STATE, profile), "PRF-06")
    assert prf6.scope == scope
    question = load_pack(PACK_ID).questions["state_law_requirements"]
    label = next(c.label for c in question.choices if c.value == "mandated-agreement")
    assert label in prf6.scope_reason  # the choice is named by its label, not its value


@pytest.mark.parametrize(("without", "status"), [(0, "implemented"), (1, "not_implemented")])
def test_an_agreement_that_lists_no_delegated_functions_is_an_absent_critical_practice(
        without: int, status: str) -> None:
    def count(data: dict[str, Any]) -> None:
        data["answers"]["AGR-04"]["facts"]["agreements_without_functions_listed"] = without
    result = _score(STATE, count)
    assert _rule(result, "AGR-04").effective_status == status
    assert ("critical_gap" in result.summary.rating.capped_by) is (without > 0)


def test_every_critical_rule_has_a_check_that_can_make_it_not_implemented(
        rules: list[Rule]) -> None:
    """A critical practice is decided by a fact, not only by the assessor's own claim."""
    undecided = [r.id for r in rules if r.severity == "critical"
                 and not any(c.on_fail == "not_implemented" for c in r.checks)]
    assert undecided == []


@pytest.mark.parametrize(("rule_id", "fact", "value", "failing", "other"), [
    ("AGR-06", "earliest_expiry", dt.date(2026, 6, 30), "not_implemented", "AGR-11"),
    ("AGR-11", "last_review", dt.date(2022, 6, 30), "partial", "AGR-06"),
    ("TRN-06", "last_joint_exercise", dt.date(2025, 1, 31), "partial", "TRN-07"),
    ("TRN-07", "longest_days_to_briefing", 90, "partial", "TRN-06"),
    ("TRN-02", "refresher_current_percent", 90, "partial", "TRN-08"),
    ("TRN-08", "earliest_authorization_expiry", dt.date(2026, 10, 1), "partial", "TRN-02"),
    ("TEC-09", "last_cjis_audit", dt.date(2022, 1, 31), "partial", "TEC-12"),
    ("TEC-12", "findings_past_due", 2, "partial", "TEC-09"),
    ("CMP-01", "procedure_published", False, "partial", "CMP-07"),
    ("CMP-07", "languages_available", 1, "partial", "CMP-01"),
])
def test_each_part_of_a_split_requirement_is_decided_on_its_own(
        rule_id: str, fact: str, value: object, failing: str, other: str) -> None:
    """1.0.0's AGR-06, TRN-02, TRN-06, TEC-09 and CMP-01 asked two things in one
    sentence; a gap in one part no longer marks the other."""
    def change(data: dict[str, Any]) -> None:
        data["answers"]["TRN-07"]["facts"]["longest_days_to_briefing"] = 20   # on time
        data["answers"][rule_id]["facts"][fact] = value
        data["exceptions"] = []
    result = _score(STATE, change)
    assert _rule(result, rule_id).effective_status == failing
    assert _rule(result, other).effective_status == "implemented"


def test_the_late_briefing_exception_covers_the_briefing_rule_only() -> None:
    result = _score(STATE, lambda d: None)
    assert _rule(result, "TRN-07").effective_status == "partial"
    assert _rule(result, "TRN-06").effective_status == "implemented"
    assert [e.rule for e in result.exceptions] == ["TRN-07"]


def test_the_five_year_retention_is_a_source_requirement(pack: Pack) -> None:
    param = pack.parameters["intelligence_revalidation_days"]
    assert param.policy_choice is False and param.maximum == 1826
    with pytest.raises(InputError, match="intelligence_revalidation_days"):
        _score(STATE, lambda d: d.setdefault("parameters", {}).update(
            intelligence_revalidation_days=2555))


def test_part23_locators_use_the_current_lettering(rules: list[Rule]) -> None:
    """Dissemination is (e)–(g) and review and purge is (h); (a)–(c) alone is the old text."""
    cited = {r.id: " ".join(ref.locator for ref in r.references if ref.source == "S08")
             for r in rules}
    assert "23.20(h)" in cited["INF-06"]
    assert "(e)" in cited["INF-05"] and "(g)" in cited["INF-05"]
    assert "(c)" in cited["INF-04"] and "(d)" in cited["INF-04"]


def test_cjis_rules_carry_v6_control_ids(pack: Pack, rules: list[Rule]) -> None:
    assert pack.sources["S07"].status == "superseded"
    control = re.compile(r"\b[A-Z]{2}-\d+\b")
    for rule in rules:
        if any(ref.source == "S07" for ref in rule.references):
            assert all(ref.history for ref in rule.references if ref.source == "S07"), rule.id
            assert any(ref.source == "S07V6" and control.search(ref.locator)
                       for ref in rule.references), rule.id


@pytest.mark.parametrize("rule_id", ["AGR-01", "AGR-03", "AGR-04", "AGR-05", "TRN-01",
                                     "SUP-01", "AGR-10"])
def test_287g_rules_cite_the_statute(pack: Pack, rule_id: str) -> None:
    assert any(ref.source == "S21" and "1357(g)" in ref.locator
               for ref in pack.rules[rule_id].references)


def test_race_guidance_rule_is_current_and_high(pack: Pack) -> None:
    rule = pack.rules["CRP-01"]
    assert rule.severity == "high"
    basis = [pack.sources[r.source] for r in rule.references if not r.history]
    assert any(s.id == "S22" and "2014" in s.date for s in basis)
    result = _score(STATE, lambda d: d["profile"].update(federal_programs=[]))
    assert _rule(result, "CRP-01").scope == "out_of_scope_profile"


@pytest.mark.parametrize(("rule_id", "model"), [("STF-06", "287g-task-force"),
                                                ("STF-07", "287g-jail"),
                                                ("STF-08", "287g-warrant-service")])
def test_287g_model_controls_apply_only_to_their_model(pack: Pack, rule_id: str,
                                                       model: str) -> None:
    assert pack.rules[rule_id].applies_when == {"federal_programs": model}
    others = [m for m in ("287g-task-force", "287g-jail", "287g-warrant-service") if m != model]
    result = _score(STATE, lambda d: d["profile"].update(federal_programs=others))
    assert _rule(result, rule_id).scope == "out_of_scope_profile"


def test_model_control_outside_its_terms_is_a_gap() -> None:
    def outside(data: dict[str, Any]) -> None:
        data["answers"]["STF-06"]["facts"]["field_actions_outside_terms"] = 2
    assert _rule(_score(STATE, outside), "STF-06").effective_status == "partial"


def test_consular_notification_missed_is_a_gap_and_no_booking_field_is_absent() -> None:
    def missed(data: dict[str, Any]) -> None:
        data["answers"]["CRP-10"]["facts"]["mandatory_notifications_missed"] = 1
    def no_field(data: dict[str, Any]) -> None:
        data["answers"]["CRP-10"]["facts"]["notice_recorded_at_booking"] = False
    assert _rule(_score(STATE, missed), "CRP-10").effective_status == "partial"
    assert _rule(_score(STATE, no_field), "CRP-10").effective_status == "not_implemented"


def test_certification_requests_waiting_too_long_are_a_gap() -> None:
    def slow(data: dict[str, Any]) -> None:
        data["answers"]["CRP-09"]["facts"]["longest_pending_days"] = 200
    assert _rule(_score(STATE, slow), "CRP-09").effective_status == "partial"


def test_unlogged_federal_access_to_local_systems_is_absent_practice() -> None:
    def unlogged(data: dict[str, Any]) -> None:
        data["answers"]["INF-10"]["facts"]["accesses_unlogged"] = 1
    assert _rule(_score(STATE, unlogged), "INF-10").effective_status == "not_implemented"


def test_new_practices_are_each_one_checkable_requirement(pack: Pack) -> None:
    for rule_id in ("SUP-08", "INF-10", "CRP-09", "CRP-10", "CEN-05", "STF-06", "STF-07",
                    "STF-08", "GOV-08", "AGR-10", "LEG-05", "OKL-01", "OKL-02", "OKL-03"):
        rule = pack.rules[rule_id]
        assert rule.checks and rule.evidence.required, rule_id
        assert rule.topics, rule_id


# ---- Oklahoma overlay -----------------------------------------------------------------------

OKLAHOMA_RULES = ("OKL-01", "OKL-02", "OKL-03")


def test_the_overlay_applies_only_in_oklahoma(pack: Pack) -> None:
    for rule_id in OKLAHOMA_RULES:
        assert pack.rules[rule_id].applies_when.get("state") == "ok", rule_id
    county = _score(COUNTY, lambda d: None)
    assert all(_rule(county, r).scope == "in_scope" for r in OKLAHOMA_RULES)
    elsewhere = _score(COUNTY, lambda d: d["profile"].update(state="other"))
    assert all(_rule(elsewhere, r).scope == "out_of_scope_profile" for r in OKLAHOMA_RULES)


def test_holding_a_citizen_after_proof_is_an_absent_critical_practice() -> None:
    def held(data: dict[str, Any]) -> None:
        data["answers"]["OKL-01"]["facts"]["citizens_held_after_proof"] = 1
    result = _score(COUNTY, held)
    assert _rule(result, "OKL-01").severity == "critical"
    assert _rule(result, "OKL-01").effective_status == "not_implemented"
    assert _rule(result, "OKL-01").credit == 0


def test_the_overlay_states_the_law_and_its_court_status(pack: Pack) -> None:
    assert pack.sources["S31"].status == "enjoined"
    assert pack.sources["S31"].status_date is not None
    hb4156 = pack.rules["OKL-02"]
    assert {"S31", "S32"} <= {r.source for r in hb4156.references}
    # It asks what officers are told, never whether to enforce.
    text = _printed_text(hb4156)
    assert "does not tell the agency whether to enforce" in text
    assert not re.search(r"\b(shall|must|should) (not )?enforce\b", text)


def test_unverified_oklahoma_law_is_worded_as_counsel_advice(pack: Pack) -> None:
    rule = pack.rules["OKL-03"]
    assert pack.sources["S33"].verification == Verification.V3
    assert rule.requirement.lower().startswith("counsel has advised")
    assert "not verified" in rule.rationale


# ---- severities, gates and the id mapping ---------------------------------------------------

def test_high_is_used_for_fewer_than_half_the_rules(rules: list[Rule]) -> None:
    high = [r for r in rules if r.severity == "high"]
    assert len(high) < len(rules) / 2


def test_criticals_are_not_mostly_it_controls(rules: list[Rule]) -> None:
    critical = [r for r in rules if r.severity == "critical"]
    cjis_only = [r.id for r in critical
                 if {ref.source for ref in r.references if ref.source != SEED}
                 <= {"S07", "S07V6", "S23"}]
    assert len(cjis_only) < len(critical) / 2
    assert {"CRP-08", "OKL-01"} <= {r.id for r in critical}


def test_critical_checks_fail_to_not_implemented(rules: list[Rule]) -> None:
    for rule in rules:
        if rule.severity == "critical" and rule.checks:
            assert any(c.on_fail == "not_implemented" for c in rule.checks), rule.id


def test_merged_rules_map_to_their_successor(pack: Pack) -> None:
    assert pack.manifest.replaces == {
        "PRF-01": ["AGR-02"], "TEC-04": ["TEC-04", "TEC-10"], "TEC-05": ["TEC-05", "TEC-11"],
        "AGR-06": ["AGR-06", "AGR-11"], "TRN-02": ["TRN-02", "TRN-08"],
        "TRN-06": ["TRN-06", "TRN-07"], "TEC-09": ["TEC-09", "TEC-12"],
        "CMP-01": ["CMP-01", "CMP-07"]}
    assert "PRF-01" not in pack.rules
    old = load_pack("task-force-coordination@1.0.0")
    assert set(pack.manifest.replaces) <= set(old.rules)
    # A split keeps the old id for one part and gives every other part its own rule.
    for old_id, new_ids in pack.manifest.replaces.items():
        assert all(new in pack.rules for new in new_ids), old_id


def test_an_answer_to_a_merged_rule_says_where_it_went() -> None:
    def old_answer(data: dict[str, Any]) -> None:
        data["answers"]["PRF-01"] = {"status": "implemented"}
    with pytest.raises(InputError, match=r"PRF-01.*now covered by AGR-02"):
        _score(STATE, old_answer)


def test_printed_locators_quote_no_criticism_of_other_agencies(rules: list[Rule]) -> None:
    """What a report prints under each rule includes its locators."""
    quoted = ("speeding", "minor crimes", "criminal alien")
    found = [(r.id, q) for r in rules for ref in r.references for q in quoted
             if q in ref.locator.lower() or q in _printed_text(r)]
    assert not found


# ---- the coverage table in the docs ---------------------------------------------------------

COVERAGE_DOC = PACK_DIR.parent.parent / "docs" / "seed-coverage.md"


def coverage_table(pack: Pack) -> str:
    """docs/seed-coverage.md as it should read for the shipped pack."""
    covering: dict[int, list[str]] = {n: [] for n in range(1, 21)}
    for rule in pack.rules.values():
        for number in {n for n, _ in seed_citations(rule)}:
            covering[number].append(rule.id)
    lines = [
        "# Seed questions and the rules that answer them", "",
        "The pack began from a public question-and-answer page on state coordination with federal",
        "task forces in Oklahoma (questions Q1–Q20). That page is a topic list, not an authority:",
        "no report prints it as a citation. Each rule records the questions it answers (its",
        "`topics`, or a seed reference in rules kept from 1.0.0); this table is generated from the",
        f"shipped pack (version {pack.version}), and `tests/test_pack_content.py` checks that it "
        "is current.", "",
        "| Question | Rules |", "|---|---|",
        *(f"| Q{n} | {', '.join(sorted(ids)) or '—'} |" for n, ids in covering.items()),
    ]
    return "\n".join(lines) + "\n"


def test_the_coverage_table_in_the_docs_is_current(pack: Pack) -> None:
    expected = coverage_table(pack)
    if os.environ.get("UPDATE_GOLDEN"):
        COVERAGE_DOC.write_text(expected, encoding="utf-8")
    assert COVERAGE_DOC.read_text(encoding="utf-8") == expected, (
        "regenerate with: UPDATE_GOLDEN=1 pytest tests/test_pack_content.py -k coverage")
    assert "| — |" not in expected, "a seed question is answered by no rule"
