"""`checklist init`: the commented, fillable assessment file."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from checklist.authoring.yaml_lines import comment, yaml_key, yaml_scalar
from checklist.cli import main
from checklist.load.assessment import load_assessment, load_assessment_text
from checklist.load.packs import PackError, load_pack
from checklist.load.problems import InputError, UsageError
from checklist.load.yamlsource import parse_yaml_text

ROOT = Path(__file__).resolve().parent.parent
MINI = str(ROOT / "tests" / "packs" / "mini")
AS_OF = "2026-11-01"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def init(tmp_path: Path, *extra: str, name: str = "a.yaml") -> tuple[Result, Path]:
    out = tmp_path / name
    return run("init", "--pack", MINI, "-o", str(out), "--as-of", AS_OF, *extra), out


def set_status(text: str, rule_id: str, status: str) -> str:
    pattern = f"\n  {rule_id}:\n    status:\n"
    assert pattern in text
    return text.replace(pattern, f"\n  {rule_id}:\n    status: {status}\n")


def block(text: str, rule_id: str) -> str:
    start = text.index(f"\n  {rule_id}:\n")
    end = text.find("\n\n", start + 1)
    return text[start:end]


def replace_in_block(text: str, rule_id: str, old: str, new: str) -> str:
    part = block(text, rule_id)
    assert old in part, (rule_id, old)
    return text.replace(part, part.replace(old, new, 1))


# --- the file ---------------------------------------------------------------------

def test_init_writes_a_commented_file_that_validates_strictly(tmp_path: Path) -> None:
    result, out = init(tmp_path)
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=./a.schema.json"
    assert (tmp_path / "a.schema.json").is_file()
    assert "pack: mini" in lines
    assert f"as_of: {AS_OF}" in text
    for rule_id in ("ALP-01", "ALP-02", "ALP-03", "BET-01", "BET-02", "BET-03"):
        assert f"\n  {rule_id}:\n    status:\n" in text
    alp01 = block(text, "ALP-01")
    assert "roles: false" in alp01 and "supervision: false" in alp01
    assert "# The agreement defines each party's roles." in text
    flat = re.sub(r"\n *#  *", " ", text)  # comment lines joined, as a reader sees them
    assert "Requirement: Each partnership is covered by a signed written agreement." in flat
    assert "Checked: no more than 365 days before the assessment date" in flat
    assert "for example: Signed agreement" in flat
    assert "# Status: implemented | alternative | partial | planned | not_implemented\n" in text
    assert "Share of assigned staff trained: a number (%)" in flat
    strict = run("validate", "--strict", "--pack", MINI, str(out))
    assert strict.exit_code == 0, strict.output
    assert "0 errors, 0 warnings" in strict.stderr
    loaded = load_assessment(out, MINI)
    assert all(a is not None and a.status is None for a in loaded.assessment.answers.values())
    assert loaded.assessment.agency.name == "Your agency's name"
    assert loaded.assessment.as_of == dt.date(2026, 11, 1)


def test_init_lists_profile_questions_with_their_allowed_values(tmp_path: Path) -> None:
    _, out = init(tmp_path)
    text = out.read_text("utf-8")
    profile = text[text.index("\nprofile:"):text.index("# --- Parameters")]
    assert "# How large is the agency?" in profile
    assert re.search(r"#\s+small\s+Fewer than 50 staff", profile)
    assert re.search(r"#\s+beta\s+Program Beta", profile)
    assert "  size: small" in profile and "  programs: []" in profile
    assert "#   review_days: 365" in text  # tailoring is offered, commented out


def test_as_of_defaults_to_today(tmp_path: Path) -> None:
    out = tmp_path / "today.yaml"
    result = run("init", "--pack", MINI, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"as_of: {dt.date.today().isoformat()}" in out.read_text("utf-8")


def test_bad_as_of_is_refused(tmp_path: Path) -> None:
    result, out = init(tmp_path, "--as-of", "2026-02-30")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr
    assert not out.exists()


# --- overwriting ------------------------------------------------------------------

def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    out.write_text("my answers\n", "utf-8")
    result, _ = init(tmp_path)
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.output
    assert out.read_text("utf-8") == "my answers\n"
    assert not (tmp_path / "a.schema.json").exists()


def test_an_existing_schema_file_is_also_protected(tmp_path: Path) -> None:
    schema = tmp_path / "a.schema.json"
    schema.write_text("{}", "utf-8")
    result, out = init(tmp_path)
    assert result.exit_code == 2
    assert "a.schema.json" in result.stderr
    assert not out.exists() and schema.read_text("utf-8") == "{}"


def test_force_replaces_both_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("old\n", "utf-8")
    (tmp_path / "a.schema.json").write_text("{}", "utf-8")
    result, out = init(tmp_path, "--force")
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith("# yaml-language-server:")
    assert json.loads((tmp_path / "a.schema.json").read_text("utf-8"))["properties"]


def test_standard_output_is_refused(tmp_path: Path) -> None:
    result = run("init", "--pack", MINI, "-o", "-")
    assert result.exit_code == 2
    assert "give its name with -o" in result.stderr


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("init", "--pack", MINI, "-o", str(tmp_path / "nowhere" / "a.yaml"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


# --- --profile --------------------------------------------------------------------

def test_profile_leaves_out_rules_that_do_not_apply(tmp_path: Path) -> None:
    result, out = init(tmp_path, "--profile", "runs_database=no",
                       "--profile", "size=large", "--profile", "programs=alpha, beta")
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "\n  ALP-03:\n" not in text  # needs runs_database
    assert "\n  BET-02:\n" in text      # large agency in alpha/beta
    flat = re.sub(r"\n#\s+", " ", text)
    assert ("ALP-03: applies only when the answer to “Does the agency run its own "
            "database?” is yes (answered: no)") in flat
    loaded = load_assessment(out, MINI).assessment
    assert loaded.profile == {"runs_database": False, "size": "large",
                              "programs": ["alpha", "beta"]}
    assert "1 left out by the profile" in result.stderr


def test_profile_defaults_gate_rules_once_a_profile_is_given(tmp_path: Path) -> None:
    result, out = init(tmp_path, "--profile", "runs_database=true")
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "\n  ALP-03:\n" in text and "\n  BET-02:\n" not in text
    assert ("BET-02: applies only when the answer to “How large is the agency?” is 50 staff "
            "or more (answered: Fewer than 50 staff)") in re.sub(r"\n#\s+", " ", text)


def test_without_profile_every_rule_is_written(tmp_path: Path) -> None:
    _, out = init(tmp_path)
    answers = load_assessment(out, MINI).assessment.answers
    assert sorted(answers) == sorted(load_pack(MINI).rules)


@pytest.mark.parametrize(("option", "message"), [
    ("sise=large", "did you mean 'size'"),
    ("size=huge", "'huge' is not one of small, large"),
    ("programs=alpha,gamma", "'gamma' is not one of alpha, beta"),
    ("runs_database=maybe", "runs_database=true or runs_database=false"),
    ("size", "give QUESTION=VALUE"),
])
def test_bad_profile_options_are_usage_errors(tmp_path: Path, option: str, message: str) -> None:
    result, out = init(tmp_path, "--profile", option)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not out.exists()


def test_profile_given_twice_is_refused(tmp_path: Path) -> None:
    result, _ = init(tmp_path, "--profile", "size=small", "--profile", "size=large")
    assert result.exit_code == 2 and "given twice" in result.stderr


# --- round trip -------------------------------------------------------------------

def test_round_trip_init_fill_validate_evaluate(tmp_path: Path) -> None:
    _, out = init(tmp_path, "--profile", "runs_database=true")
    text = out.read_text("utf-8")
    text = set_status(text, "ALP-01", "implemented")
    for objective in ("roles", "supervision", "term"):
        text = replace_in_block(text, "ALP-01", f"{objective}: false", f"{objective}: true")
    text = replace_in_block(text, "ALP-01", "expires_on:", "expires_on: 2027-06-01")
    text = replace_in_block(text, "ALP-01", "last_reviewed:", "last_reviewed: 2026-09-01")
    text = replace_in_block(text, "ALP-01", "evidence: []",
                            'evidence:\n      - {title: "Signed MOA", ref: "moa.pdf", '
                            "date: 2026-09-01}\n    #")
    text = set_status(text, "ALP-02", "partial")
    text = replace_in_block(text, "ALP-02", 'owner: ""', 'owner: "Training unit"')
    text = set_status(text, "ALP-03", "planned")
    text = replace_in_block(text, "ALP-03", "target_date:", "target_date: 2027-03-31")
    text = set_status(text, "BET-01", "not_applicable")
    text = replace_in_block(text, "BET-01", 'justification: ""',
                            'justification: "No yearly report: the board decided so."')
    text = set_status(text, "BET-03", "not_implemented")
    text = text.replace('name: "Your agency\'s name"', 'name: "Test County: Sheriff # 1"')
    out.write_text(text, "utf-8")
    checked = run("validate", "--strict", "--pack", MINI, str(out))
    assert checked.exit_code == 0, checked.output
    assert "5 of 5 practices answered" in checked.stderr
    report = tmp_path / "result.json"
    evaluated = run("evaluate", "--pack", MINI, str(out), "-o", str(report))
    assert evaluated.exit_code == 0, evaluated.output
    result = json.loads(report.read_text("utf-8"))
    rules = {r["id"]: r for r in result["rules"]}
    assert rules["ALP-01"]["effective_status"] == "implemented"
    assert rules["ALP-02"]["claimed_status"] == "partial"
    assert rules["ALP-02"]["owner"] == "Training unit"
    assert rules["ALP-03"]["target_date"] == "2027-03-31"
    assert rules["BET-01"]["scope"] == "not_applicable"
    assert rules["BET-02"]["scope"] == "out_of_scope_profile"
    assert result["agency"]["name"] == "Test County: Sheriff # 1"
    assert result["summary"]["completion"]["numerator"] == 5


# --- real pack --------------------------------------------------------------------

def test_init_with_the_shipped_pack_validates(tmp_path: Path) -> None:
    try:
        pack = load_pack("task-force-coordination")
    except (PackError, UsageError, InputError):
        pytest.skip("the shipped pack does not load yet")
    out = tmp_path / "assessment.yaml"
    result = run("init", "--pack", "task-force-coordination", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"{len(pack.rules)} practices to answer" in result.stderr
    checked = run("validate", "--strict", str(out))
    assert checked.exit_code == 0, checked.output
    assert "This pack is not shipped" not in out.read_text("utf-8")


# --- writing values and comments safely -------------------------------------------

_texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_any_text_value_reads_back_unchanged(value: str) -> None:
    doc = parse_yaml_text(f"key: {yaml_scalar(value)}\nother: 1\n", "t.yaml")
    assert doc.data == {"key": value, "other": 1}


@settings(max_examples=200, deadline=None)
@given(_texts)
def test_any_text_in_a_comment_stays_a_comment(value: str) -> None:
    lines = comment(value, 4)
    doc = parse_yaml_text("a: 1\n" + "\n".join(lines) + "\nb: 2\n", "t.yaml")
    assert doc.data == {"a": 1, "b": 2}
    assert all(line.lstrip().startswith("#") for line in lines)


@pytest.mark.parametrize("key", ["on", "yes", "null", "true", "1", "a b", "ALP-01"])
def test_keys_read_back_as_text(key: str) -> None:
    import yaml

    assert yaml.safe_load(f"{yaml_key(key)}: 1") == {key: 1}


def test_pack_text_with_line_breaks_cannot_change_the_file(tmp_path: Path) -> None:
    pack_dir = tmp_path / "pack"
    pack_dir.mkdir()
    for name in ("pack.yaml", "alpha.yaml", "beta.yaml"):
        (pack_dir / name).write_text((Path(MINI) / name).read_text("utf-8"), "utf-8")
    alpha = pack_dir / "alpha.yaml"
    alpha.write_text(alpha.read_text("utf-8").replace(
        "requirement: Each partnership is covered by a signed written agreement.",
        'requirement: "Covered.\\nstatus: implemented\\r\\u2028pack: other\\u0085x"'), "utf-8")
    out = tmp_path / "a.yaml"
    result = run("init", "--pack", str(pack_dir), "-o", str(out), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    loaded = load_assessment_text(out.read_text("utf-8"), "a.yaml", str(pack_dir))
    assert loaded.assessment.pack == "mini"
    assert loaded.assessment.answers["ALP-01"] is not None
    assert loaded.assessment.answers["ALP-01"].status is None
