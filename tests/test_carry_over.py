"""`checklist init --from`: next year's assessment started from last year's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from checklist.cli import main
from checklist.load.assessment import LoadedAssessment, load_assessment
from checklist.load.packs import PackError, load_pack
from checklist.load.problems import InputError, UsageError
from checklist.models.pack import Status

ROOT = Path(__file__).resolve().parent.parent
MINI = str(ROOT / "tests" / "packs" / "mini")
MINI_GOOD = ROOT / "tests" / "data" / "mini-good.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def carry(tmp_path: Path, previous: Path, as_of: str, *extra: str,
          pack: str | None = MINI) -> tuple[Result, Path]:
    out = tmp_path / "next.yaml"
    options = ["--pack", pack] if pack else []
    result = run("init", *options, "--from", str(previous), "-o", str(out),
                 "--as-of", as_of, *extra)
    return result, out


def loaded(out: Path, pack: str | None = MINI) -> LoadedAssessment:
    return load_assessment(out, pack)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_carries_what_still_holds_and_clears_what_must_be_answered_again(tmp_path: Path) -> None:
    result, out = carry(tmp_path, MINI_GOOD, "2027-01-15")
    assert result.exit_code == 0, result.output
    before = load_assessment(MINI_GOOD, MINI).assessment
    after = loaded(out).assessment
    assert after.as_of == dt.date(2027, 1, 15)
    assert after.agency == before.agency
    assert after.profile == {"runs_database": True, "size": "small", "programs": []}
    answers = {k: v for k, v in after.answers.items() if v is not None}
    assert all(a.status is None for a in answers.values())
    alp01, prev01 = answers["ALP-01"], before.answers["ALP-01"]
    assert prev01 is not None
    assert alp01.objectives == {"roles": False, "supervision": False, "term": False}
    # both facts are read by checks, so they are emptied to be confirmed again
    assert alp01.facts == {"expires_on": None, "last_reviewed": None}
    assert alp01.evidence == prev01.evidence
    assert alp01.owner == "Chief"
    assert alp01.target_date is None  # 2026-06-30 is past
    bet01 = answers["BET-01"]
    assert bet01.justification == "We publish nothing; the board decided so."
    assert [e.rule for e in after.exceptions] == ["ALP-02"]  # active until 2027-06-01
    text = out.read_text("utf-8")
    assert "status:                     # last assessment: implemented" in text
    assert "roles: false                # was true in the last assessment" in text
    assert "expires_on:                 # last assessment: 2027-01-01" in text
    assert "# was 2026-06-30, already past" in text
    assert "Started from the previous assessment mini-good.yaml (as of 2026-11-01)" in text


def test_summary_names_counts_and_rules(tmp_path: Path) -> None:
    result, _ = carry(tmp_path, MINI_GOOD, "2027-01-15")
    err = result.stderr
    assert "Carried over:" in err and "Cleared, to be answered again:" in err
    assert "4 practices with answers: ALP-01, ALP-02, ALP-03, BET-01" in err
    assert ("4 statuses; 2 were implemented: ALP-01, ALP-02; 1 were partial: ALP-03; "
            "1 were not_applicable: BET-01") in err
    assert "objective ticks: ALP-01 (roles, supervision)" in err
    assert ("4 facts to confirm again: ALP-01 (expires_on, last_reviewed), "
            "ALP-02 (completion_pct, roster_size)") in err
    assert "target dates already past: ALP-01 (2026-06-30)" in err
    assert "1 exception still in force: ALP-02 (until 2027-06-01)" in err
    assert "2 evidence items" in err
    assert "1 practice out of scope for the profile: BET-02" in err
    assert result.stdout == ""


def test_expired_exceptions_are_dropped(tmp_path: Path) -> None:
    result, out = carry(tmp_path, MINI_GOOD, "2027-06-01")
    assert result.exit_code == 0, result.output
    assert loaded(out).assessment.exceptions == []
    assert "1 expired exception dropped: ALP-02 (expired 2027-06-01)" in result.stderr


def test_background_facts_parameters_and_future_targets_are_kept(tmp_path: Path) -> None:
    previous = write(tmp_path, "prev.yaml", """pack: mini
agency: {name: Test Agency}
as_of: 2026-11-01
assessor: {name: Pat Doe, title: Auditor}
parameters: {review_days: 400}
answers:
  BET-01:
    status: partial
    facts: {published: false, summary: "Yearly report, draft"}
    owner: Comms
    target_date: 2027-09-30
    notes: "Draft exists."
""")
    result, out = carry(tmp_path, previous, "2027-03-01")
    assert result.exit_code == 0, result.output
    after = loaded(out).assessment
    bet01 = after.answers["BET-01"]
    assert bet01 is not None
    # published is read by a check: emptied; the summary text is background: kept
    assert bet01.facts == {"published": None, "summary": "Yearly report, draft"}
    assert bet01.target_date == dt.date(2027, 9, 30)
    assert (bet01.owner, bet01.notes) == ("Comms", "Draft exists.")
    assert after.parameters == {"review_days": 400}
    assert after.assessor is not None and after.assessor.name == "Pat Doe"
    assert "background facts: BET-01 (summary)" in result.stderr
    assert "target dates still ahead: BET-01 (2027-09-30)" in result.stderr


def test_new_date_must_follow_the_previous_one(tmp_path: Path) -> None:
    result, out = carry(tmp_path, MINI_GOOD, "2026-11-01")
    assert result.exit_code == 2
    assert "must be after the date of the previous assessment (2026-11-01)" in result.stderr
    assert not out.exists()


def test_the_previous_file_is_never_overwritten(tmp_path: Path) -> None:
    previous = write(tmp_path, "prev.yaml", MINI_GOOD.read_text("utf-8"))
    result = run("init", "--pack", MINI, "--from", str(previous), "-o", str(previous),
                 "--as-of", "2027-11-01", "--force")
    assert result.exit_code == 2
    assert "is a file this command reads" in result.stderr
    assert previous.read_text("utf-8") == MINI_GOOD.read_text("utf-8")


def test_a_broken_previous_file_is_reported_with_positions(tmp_path: Path) -> None:
    previous = write(tmp_path, "prev.yaml", "pack: mini\nagency: {name: X}\nas_of: soon\n")
    result, out = carry(tmp_path, previous, "2027-11-01")
    assert result.exit_code == 2
    assert f"{previous}:3:8: as_of:" in result.stderr
    assert not out.exists()


def test_what_the_pack_no_longer_has_is_dropped_and_reported(tmp_path: Path) -> None:
    previous = write(tmp_path, "prev.yaml", """pack: mini@0.2.0
agency: {name: Test Agency}
as_of: 2026-11-01
profile: {runs_database: true, headcount: "12", programs: [alpha, gamma]}
parameters: {review_days: 5, review_weeks: 52}
answers:
  ALP-01:
    status: implemented
    objectives: {roles: true, signed: true}
    facts: {expires_on: 2027-01-01, signed_on: 2020-01-01, last_reviewed: soon}
  ALP-09:
    status: implemented
exceptions:
  - {rule: ALP-77, justification: Old, approved_by: Chief, approved_on: 2026-06-01,
     expires: 2028-06-01}
""")
    result, out = carry(tmp_path, previous, "2027-11-01")
    assert result.exit_code == 0, result.output
    after = loaded(out).assessment
    assert after.pack == "mini@0.3.0"
    assert after.profile == {"runs_database": True, "size": "small", "programs": ["alpha"]}
    assert after.parameters == {}
    assert "ALP-09" not in after.answers
    assert after.exceptions == []
    err = result.stderr
    for expected in ("answers to rules the pack no longer has: ALP-09",
                     "ALP-01: objectives no longer in the rule: signed",
                     "ALP-01: fact signed_on (no longer a fact of the rule)",
                     "ALP-01: fact last_reviewed (not date)",
                     "profile answer headcount (no longer a question of the pack)",
                     "profile programs: gamma (no longer a choice)",
                     "parameter review_days = 5 (outside its range)",
                     "parameter review_weeks = 52 (no longer a parameter of the pack)",
                     "exception for ALP-77 (no longer a rule of the pack)",
                     "pack version updated from 0.2.0 to 0.3.0"):
        assert expected in err, expected


def test_profile_options_override_the_carried_profile(tmp_path: Path) -> None:
    result, out = carry(tmp_path, MINI_GOOD, "2027-11-01", "--profile", "size=large",
                        "--profile", "programs=beta")
    assert result.exit_code == 0, result.output
    after = loaded(out).assessment
    assert after.profile["size"] == "large" and after.profile["programs"] == ["beta"]
    assert "BET-02" in after.answers


def test_output_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "next.yaml").write_text("keep\n", "utf-8")
    result, out = carry(tmp_path, MINI_GOOD, "2027-11-01")
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert out.read_text("utf-8") == "keep\n"
    forced, _ = carry(tmp_path, MINI_GOOD, "2027-11-01", "--force")
    assert forced.exit_code == 0, forced.output


def _example_cases() -> list[tuple[Path, str | None]]:
    try:
        load_pack("task-force-coordination")
    except (PackError, UsageError, InputError):
        return [(MINI_GOOD, MINI)]
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    return [(p, None) for p in examples] + [(MINI_GOOD, MINI)]


@pytest.mark.parametrize(("previous", "pack"), _example_cases(),
                         ids=lambda v: v.name if isinstance(v, Path) else str(v))
def test_from_every_example(tmp_path: Path, previous: Path, pack: str | None) -> None:
    before = load_assessment(previous, pack).assessment
    as_of = before.as_of + dt.timedelta(days=365)
    result, out = carry(tmp_path, previous, as_of.isoformat(), pack=pack)
    assert result.exit_code == 0, result.output
    check = run("validate", *(["--pack", pack] if pack else []), str(out))
    assert check.exit_code == 0, check.output
    after = loaded(out, pack).assessment
    assert after.as_of == as_of and after.agency == before.agency
    assert all(a is None or a.status is None for a in after.answers.values())
    answered = [r for r, a in before.answers.items() if a is not None and a.status]
    assert f"{len(answered)} statuses" in result.stderr
    for rule_id in answered:
        assert rule_id in result.stderr
    carried_evidence = sum(len(a.evidence) for a in after.answers.values() if a)
    previous_evidence = sum(len(a.evidence) for r, a in before.answers.items()
                            if a and r in after.answers)
    assert carried_evidence == previous_evidence
    for grant in after.exceptions:
        assert grant.expires > as_of
    for answer in after.answers.values():
        assert answer is None or answer.target_date is None or answer.target_date >= as_of
    assert Status.IMPLEMENTED.value not in {str(a.status) for a in after.answers.values() if a}


def test_report_fields_keep_names_and_distribution_and_clear_signatures(tmp_path: Path) -> None:
    text = MINI_GOOD.read_text(encoding="utf-8").replace("\nanswers:", """
attestation:
  agency_head: {name: Pat Head, title: Sheriff, date: 2026-11-05}
  assessor: {name: Sam Assessor, date: 2026-11-04}
document: {version: "2.1", status: final, distribution: [County Board, Public]}
management_response: {overall: We accept the findings.}
report_language: en
answers:""", 1).replace("agency:\n", "agency:\n  id: ada-so\n", 1)
    previous = write(tmp_path, "previous.yaml", text)
    result, out = carry(tmp_path, previous, "2027-01-15")
    assert result.exit_code == 0, result.output
    after = loaded(out).assessment
    assert after.agency.id == "ada-so"
    assert after.attestation is not None and after.attestation.agency_head is not None
    assert (after.attestation.agency_head.name, after.attestation.agency_head.title,
            after.attestation.agency_head.date) == ("Pat Head", "Sheriff", None)
    assert after.document is not None
    assert after.document.distribution == ["County Board", "Public"]
    assert (after.document.version, after.document.status.value) == ("", "draft")
    assert after.management_response is not None and after.management_response.overall == ""
    assert after.report_language is not None and after.report_language.value == "en"


V1_COUNTY = ROOT / "tests" / "data" / "v1" / "county-sheriff.yaml"


def test_answers_follow_the_mapping_to_a_new_major_version(tmp_path: Path) -> None:
    out = tmp_path / "next.yaml"
    result = run("init", "--from", str(V1_COUNTY), "--as-of", "2027-11-01", "-o", str(out))
    assert result.exit_code == 0, result.output
    old = load_assessment(V1_COUNTY, "task-force-coordination@1.0.0").assessment.answers["TEC-04"]
    assert old is not None and old.evidence
    loaded = load_assessment(out)
    split = loaded.assessment.answers["TEC-10"]  # TEC-04 was split into TEC-04 and TEC-10
    assert split is not None and split.status is None and split.owner == old.owner
    assert [e.ref for e in split.evidence] == [e.ref for e in old.evidence]
    assert "To review (the rule changed in the new pack version):" in result.stderr
    assert "TEC-10: takes the place of TEC-04 in version 2.0.0" in result.stderr
    assert "PRF-01" not in result.stderr.split("Left out:")[1]  # merged, not dropped


def test_a_file_naming_its_version_lists_the_rules_changed_since(tmp_path: Path) -> None:
    named = tmp_path / "old.yaml"
    named.write_text(V1_COUNTY.read_text(encoding="utf-8").replace(
        "pack: task-force-coordination\n", "pack: task-force-coordination@1.0.0\n", 1),
        encoding="utf-8")
    result = run("init", "--from", str(named), "--pack", "task-force-coordination",
                 "--as-of", "2027-11-01", "-o", str(tmp_path / "next.yaml"))
    assert result.exit_code == 0, result.output
    review = result.stderr.split("To review (the rule changed in the new pack version):")[1]
    assert "CRP-07: the requirement, objectives or checks changed since version 1.0.0" in review
    assert "GOV-01:" not in review  # unchanged rules are not listed
