"""Loading an assessment: every problem at once, each at its line and column, in words a
compliance officer can act on, with a did-you-mean for every misspelt name."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI, pack_rule

from checklist.cli import main
from checklist.load.assessment import LoadedAssessment, load_assessment_text
from checklist.load.problems import InputError, Problem

HEAD = """\
pack: mini
agency:
  name: Test Agency
as_of: 2026-11-01
"""


def load_text(text: str, pack: Path | str | None = MINI) -> LoadedAssessment:
    return load_assessment_text(text, "a.yaml", str(pack) if pack is not None else None)


def problems_of(text: str, pack: Path | str | None = MINI) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        load_text(text, pack)
    return caught.value.problems


def only(text: str, pack: Path | str | None = MINI) -> Problem:
    found = problems_of(text, pack)
    assert len(found) == 1, "\n".join(map(str, found))
    return found[0]


# --- every problem at once ---------------------------------------------------------------

MANY_PROBLEMS = HEAD + """\
profile:
  runs_databse: true
  size: lage
  programs: [alpa]
parameters:
  review_dayz: 400
answers:
  ALP-01:
    staus: implemented
    objectives: {roles: true, supervison: true}
  ALP-02:
    status: implmented
    facts: {completion_pct: high}
  ALP-1:
    status: planned
  BET-01:
    status: not_applicable
    facts: {publshed: true}
  BET-03:
    status: alternative
exceptions:
  - {rule: ALP-2, justification: j, approved_by: Chief, approved_on: 2026-01-01, expires: 2027-01-01}
"""

EXPECTED_MANY = [
    (6, 3, "'runs_databse' is not a profile question of pack mini; did you mean "
           "'runs_database'?"),
    (7, 9, "profile.size: 'lage' is not one of small, large; did you mean 'large'?"),
    (8, 14, "profile.programs: 'alpa' is not one of alpha, beta; did you mean 'alpha'?"),
    (10, 3, "'review_dayz' is not a parameter of pack mini; did you mean 'review_days'?"),
    (13, 5, "unknown key 'staus'; did you mean 'status'?"),
    (14, 31, "ALP-01: 'supervison' is not an objective of this rule; did you mean "
             "'supervision'? (objectives: roles, supervision, term)"),
    (16, 13, "answers.ALP-02.status: 'implmented' is not one of the allowed values "
             "(implemented, alternative, partial, planned, not_implemented, not_applicable); "
             "did you mean 'implemented'?"),
    (17, 29, "ALP-02: fact 'completion_pct' should be a number, found 'high'"),
    (18, 3, "'ALP-1' is not a rule of pack mini; did you mean 'ALP-01'?"),
    (21, 13, "BET-01: status 'not_applicable' needs a justification explaining why"),
    (22, 13, "BET-01: 'publshed' is not a fact of this rule; did you mean 'published'? "
             "(facts: published, summary)"),
    (24, 13, "BET-03: status 'alternative' needs a justification explaining why"),
    (26, 12, "exception names 'ALP-2', which is not a rule of pack mini; did you mean "
             "'ALP-02'?"),
]


def test_every_problem_is_reported_at_once_in_file_order() -> None:
    found = problems_of(MANY_PROBLEMS)
    assert [(p.line, p.column, p.message) for p in found] == EXPECTED_MANY
    assert all(p.file == "a.yaml" and p.level == "error" for p in found)


def test_validate_prints_every_problem_as_file_line_col(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text(MANY_PROBLEMS)
    result = CliRunner().invoke(main, ["validate", str(source), "--pack", str(MINI)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    expected = [f"{source}:{line}:{col}: {message}" for line, col, message in EXPECTED_MANY]
    assert lines[:len(expected)] == expected
    assert lines[-1] == f"{source}: invalid; 13 errors, 0 warnings"
    assert "Traceback" not in result.output


def test_shape_errors_do_not_hide_pack_errors() -> None:
    found = problems_of(HEAD + "answers:\n  ALP-01:\n    staus: implemented\n"
                               "    objectives: {rols: true}\n")
    messages = [p.message for p in found]
    assert any("'staus'" in m for m in messages)
    assert any("'rols' is not an objective" in m and "did you mean 'roles'" in m
               for m in messages)


# --- did-you-mean ----------------------------------------------------------------------


@pytest.mark.parametrize(("snippet", "line", "col", "message"), [
    ("asessor: {name: Sam}\n", 5, 1, "unknown key 'asessor'; did you mean 'assessor'?"),
    ("agency2: x\n", 5, 1, "unknown key 'agency2'; did you mean 'agency'?"),
    ("answers:\n  ALP-01:\n    evidense: []\n", 7, 5,
     "unknown key 'evidense'; did you mean 'evidence'?"),
    ("answers:\n  ALP-01:\n    status: implemented\n    evidence: [{titel: A}]\n", 8, 17,
     "unknown key 'titel'; did you mean 'title'?"),
    ("answers:\n  ALP-01:\n    status: partial\n    target: 2027-01-01\n", 8, 5,
     "unknown key 'target'; did you mean 'target_date'?"),
])
def test_misspelt_keys(snippet: str, line: int, col: int, message: str) -> None:
    found = problems_of(HEAD + snippet)
    assert (line, col, message) in [(p.line, p.column, p.message) for p in found]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    found = problems_of(HEAD + "colour: blue\n")
    assert found[0].message == ("unknown key 'colour' (allowed here: pack, agency, as_of, "
                                "assessor, profile, parameters, answers, exceptions, "
                                "attestation, document, management_response, report_language)")


@pytest.mark.parametrize(("status", "hint"), [
    ("implmented", "implemented"), ("Implemented", "implemented"), ("n/a", ""),
    ("not-implemented", "not_implemented"), ("partially", "partial"),
])
def test_misspelt_statuses(status: str, hint: str) -> None:
    problem = only(HEAD + f"answers:\n  ALP-02:\n    status: {status}\n")
    assert (problem.line, problem.column) == (7, 13)
    assert "is not one of the allowed values" in problem.message
    if hint:
        assert problem.message.endswith(f"did you mean '{hint}'?")
    else:
        assert "did you mean" not in problem.message


@pytest.mark.parametrize(("rule_id", "hint"), [
    ("ALP-1", "ALP-01"), ("alp-01", "ALP-01"), ("BET-4", "BET-03"), ("XYZ-99", None)])
def test_unknown_rule_ids(rule_id: str, hint: str | None) -> None:
    problem = only(HEAD + f"answers:\n  {rule_id}:\n    status: planned\n")
    assert (problem.line, problem.column) == (6, 3)
    assert problem.message.startswith(f"'{rule_id}' is not a rule of pack mini")
    if hint:
        assert f"did you mean '{hint}'" in problem.message


def test_profile_keys_and_values() -> None:
    found = problems_of(HEAD + "profile:\n  sise: large\n  programs: [alpha, gama]\n"
                               "  runs_database: maybe\n")
    assert [(p.line, p.column, p.message) for p in found] == [
        (6, 3, "'sise' is not a profile question of pack mini; did you mean 'size'?"),
        (7, 21, "profile.programs: 'gama' is not one of alpha, beta"),
        (8, 18, "profile.runs_database: answer true or false (Does the agency run its "
                "own database?)"),
    ]


@pytest.mark.parametrize(("snippet", "message"), [
    ("profile:\n  size: [small]\n", "profile.size: give one of small, large"),
    ("profile:\n  programs: alpha\n", "profile.programs: give a list, e.g. [alpha], or [] "
                                      "for none"),
])
def test_profile_value_of_the_wrong_kind(snippet: str, message: str) -> None:
    assert only(HEAD + snippet).message == message


def test_profile_question_without_default_must_be_answered(make_pack: object) -> None:
    folder = make_pack({"AAA": [pack_rule("AAA-01")]},  # type: ignore[operator]
                       profile=[{"id": "region", "question": "Which region?", "type": "choice",
                                 "choices": [{"value": "north", "label": "North"}]}])
    problem = only(HEAD.replace("pack: mini", "pack: gen"), folder)
    assert problem.message == "profile question 'region' is not answered (Which region?)"


def test_objective_ids() -> None:
    problem = only(HEAD + "answers:\n  ALP-01:\n    status: partial\n"
                          "    objectives: {role: true}\n")
    assert problem.message == ("ALP-01: 'role' is not an objective of this rule; did you "
                               "mean 'roles'? (objectives: roles, supervision, term)")
    assert (problem.line, problem.column) == (8, 18)


def test_objective_for_a_rule_without_objectives() -> None:
    problem = only(HEAD + "answers:\n  ALP-02:\n    status: partial\n"
                          "    objectives: {trained: true}\n")
    assert problem.message == ("ALP-02: 'trained' is not an objective of this rule "
                               "(objectives: none)")


def test_fact_ids() -> None:
    problem = only(HEAD + "answers:\n  ALP-01:\n    status: partial\n"
                          "    facts: {expiry: 2027-01-01}\n")
    assert problem.message == ("ALP-01: 'expiry' is not a fact of this rule; did you mean "
                               "'expires_on'? (facts: expires_on, last_reviewed)")


def test_parameter_names_and_values() -> None:
    found = problems_of(HEAD + "parameters:\n  review_dayz: 400\n  training_min: 120\n"
                               "  roster_cap: 2.5\n")
    assert [p.message for p in found] == [
        "'review_dayz' is not a parameter of pack mini; did you mean 'review_days'?",
        "parameters.training_min: 120 is above the highest allowed value 100 %",
        "parameters.roster_cap: expected a whole number",
    ]


def test_parameter_below_minimum() -> None:
    assert only(HEAD + "parameters:\n  review_days: 5\n").message == (
        "parameters.review_days: 5 is below the lowest allowed value 30 days")


# --- fact types --------------------------------------------------------------------------


@pytest.mark.parametrize(("rule", "facts", "message"), [
    ("ALP-02", "{completion_pct: ninety}", "ALP-02: fact 'completion_pct' should be a "
                                           "number, found 'ninety'"),
    ("ALP-02", "{roster_size: 20.5}", "ALP-02: fact 'roster_size' should be a whole number, "
                                      "found '20.5'"),
    ("ALP-01", "{expires_on: soon}", "ALP-01: fact 'expires_on' should be a date "
                                     "(YYYY-MM-DD), found 'soon'"),
    # A quoted ISO date is a date (one date rule everywhere); other spellings are not.
    ("ALP-01", "{expires_on: '01/01/2027'}", "ALP-01: fact 'expires_on' should be a date "
                                             "(YYYY-MM-DD), found '01/01/2027'"),
    ("BET-01", "{published: 1}", "BET-01: fact 'published' should be true or false, "
                                 "found '1'"),
    ("BET-01", "{summary: 2026-01-01}", "BET-01: fact 'summary' should be text, "
                                        "found '2026-01-01'"),
    ("BET-01", "{published: [yes]}", "answers.BET-01.facts.published: expected true or "
                                     "false, a number, a date (YYYY-MM-DD) or text here, "
                                     "found a list"),
])
def test_wrong_fact_types(rule: str, facts: str, message: str) -> None:
    problem = only(HEAD + f"answers:\n  {rule}:\n    status: partial\n    facts: {facts}\n")
    assert problem.message == message
    assert problem.line == 8


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_not_a_number_and_infinity_are_refused(value: str) -> None:
    # NaN compares false with everything, so it would pass every at_least/at_most check
    found = problems_of(HEAD + f"parameters:\n  training_min: {value}\nanswers:\n  ALP-02:\n"
                               f"    status: implemented\n    facts: {{completion_pct: {value}}}\n")
    shown = value.replace(".", "")
    assert [p.message for p in found] == [
        f"parameters.training_min: expected a number such as 90, found '{shown}'",
        f"ALP-02: fact 'completion_pct' should be a number, found '{shown}'",
    ]


def test_integer_fact_accepts_a_whole_number_and_number_fact_accepts_an_integer() -> None:
    loaded = load_text(HEAD + "answers:\n  ALP-02:\n    status: partial\n"
                              "    facts: {completion_pct: 95, roster_size: 20}\n")
    assert loaded.assessment.answers["ALP-02"] is not None


# --- statuses that need a justification ------------------------------------------------------


@pytest.mark.parametrize("status", ["not_applicable", "alternative"])
def test_status_needs_a_justification(status: str) -> None:
    problem = only(HEAD + f"answers:\n  ALP-02:\n    status: {status}\n")
    assert problem.message == (f"ALP-02: status '{status}' needs a justification "
                               "explaining why")
    assert (problem.line, problem.column) == (7, 13)


def test_blank_justification_counts_as_none() -> None:
    problem = only(HEAD + "answers:\n  ALP-02:\n    status: alternative\n"
                          "    justification: '   '\n")
    assert "needs a justification" in problem.message


@pytest.mark.parametrize("status", ["not_applicable", "alternative"])
def test_justified_status_loads(status: str) -> None:
    load_text(HEAD + f"answers:\n  ALP-02:\n    status: {status}\n"
                     "    justification: The state academy trains our staff.\n")


def test_not_applicable_refused_where_the_pack_forbids_it() -> None:
    problem = only(HEAD + "answers:\n  BET-02:\n    status: not_applicable\n"
                          "    justification: We disagree.\n")
    assert problem.message.startswith("BET-02 cannot be marked not_applicable")


# --- pack name and version ---------------------------------------------------------------------


def test_pack_version_pin_mismatch() -> None:
    problem = only(HEAD.replace("pack: mini", "pack: mini@9.9.9"))
    assert (problem.line, problem.column) == (1, 7)
    assert problem.message == (
        "the file asks for version 9.9.9 of pack mini, but version 0.3.0 is installed; "
        "change the line to 'pack: mini' to use it, or install the version asked for")


def test_pack_version_pin_that_matches_loads() -> None:
    loaded = load_text(HEAD.replace("pack: mini", "pack: mini@0.3.0"))
    assert loaded.pack.version == "0.3.0"


def test_unknown_pack_name_in_the_file_is_a_positioned_problem() -> None:
    problem = only(HEAD.replace("pack: mini", "pack: task-force-cordination"), pack=None)
    assert (problem.line, problem.column) == (1, 7)
    assert problem.message.startswith("there is no rule pack named 'task-force-cordination'; "
                                      "did you mean 'task-force-coordination'?")
    assert "--pack" in problem.message


def test_unknown_pack_name_is_reported_with_the_shape_errors() -> None:
    found = problems_of(HEAD.replace("pack: mini", "pack: nosuchpack") + "colour: blue\n",
                        pack=None)
    assert [p.line for p in found] == [1, 5]


def test_pack_name_of_the_wrong_form() -> None:
    problem = only(HEAD.replace("pack: mini", "pack: Mini Pack"))
    assert (problem.line, problem.column) == (1, 7)
    assert problem.message == (
        "pack: 'Mini Pack' does not have the expected form (a pack name in lower-case "
        "letters, digits and hyphens, optionally followed by @ and a version, e.g. "
        "task-force-coordination or task-force-coordination@1.0.0)")


def test_unknown_pack_on_the_command_line(tmp_path: Path) -> None:
    source = tmp_path / "a.yaml"
    source.write_text(HEAD)
    result = CliRunner().invoke(main, ["validate", str(source), "--pack", "mni"])
    assert result.exit_code == 2
    assert "no rule pack named 'mni'" in result.output
    assert "Traceback" not in result.output


# --- required fields and other errors ---------------------------------------------------------


def test_missing_required_fields() -> None:
    found = problems_of("pack: mini\nagency:\n  jurisdiction: Testland\n")
    assert [(p.line, p.column, p.message) for p in found] == [
        (1, 1, "required field 'as_of' is missing"),
        (3, 3, "required field 'name' is missing in agency"),
    ]


def test_empty_agency_name() -> None:
    problem = only(HEAD.replace("name: Test Agency", "name: ''"))
    assert problem.message == "agency.name: must not be empty"


def test_evidence_without_title() -> None:
    problem = only(HEAD + "answers:\n  ALP-01:\n    status: partial\n"
                          "    evidence:\n      - {ref: a.pdf, date: 2026-01-01}\n")
    assert problem.message == "required field 'title' is missing in answers.ALP-01.evidence[1]"
    assert (problem.line, problem.column) == (9, 9)


def test_exception_that_expires_before_it_was_approved() -> None:
    problem = only(HEAD + "exceptions:\n  - rule: ALP-02\n    justification: j\n"
                          "    approved_by: Chief\n    approved_on: 2026-06-01\n"
                          "    expires: 2026-01-01\n")
    assert problem.message == ("the exception expires (2026-01-01) on or before the day it "
                               "was approved (2026-06-01)")
    assert problem.line == 10


# --- warnings ----------------------------------------------------------------------------------


def test_evidence_dated_after_as_of_is_a_warning() -> None:
    loaded = load_text(HEAD + "answers:\n  BET-03:\n    status: implemented\n"
                              "    evidence: [{title: Audit, date: 2026-12-01}]\n")
    assert [w.message for w in loaded.warnings] == [
        "BET-03: evidence dated 2026-12-01 is after the assessment date 2026-11-01"]
    assert loaded.warnings[0].level == "warning"


def test_exception_approved_after_as_of_is_a_warning() -> None:
    loaded = load_text(HEAD + "exceptions:\n  - {rule: ALP-02, justification: j, "
                              "approved_by: C, approved_on: 2026-12-01, expires: 2027-12-01}\n")
    assert len(loaded.warnings) == 1
    assert "after the assessment date 2026-11-01" in loaded.warnings[0].message


def test_warnings_are_printed_with_errors_when_both_exist() -> None:
    found = problems_of(HEAD + "answers:\n  BET-03:\n    status: implemented\n"
                               "    evidence: [{title: Audit, date: 2026-12-01}]\n"
                               "  ALP-02:\n    status: alternative\n")
    assert sorted(p.level for p in found) == ["error", "warning"]
    assert str(found[0]).startswith("a.yaml:8:37: warning: BET-03: evidence dated")
    assert str(found[1]).startswith("a.yaml:10:13: ALP-02: status 'alternative'")
