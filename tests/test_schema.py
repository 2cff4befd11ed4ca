"""`checklist schema`, and agreement between the JSON Schema and `checklist validate`.

Every file here goes through both the pack's JSON Schema (with date format checking)
and checklist's own loader; both must give the same verdict, except for the cases
listed below with the reason one side cannot see the problem.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from checklist.authoring.schema import build_schema, json_compatible, load_yaml_for_schema
from checklist.cli import main
from checklist.load.assessment import load_assessment, load_assessment_text
from checklist.load.packs import Pack, load_pack
from checklist.load.problems import InputError, PackError, UsageError

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "packs" / "mini"
BAD = ROOT / "tests" / "data" / "bad"
MINI_GOOD = ROOT / "tests" / "data" / "mini-good.yaml"
REAL_PACK = "task-force-coordination"

# Files whose YAML cannot be read at all: a schema never sees them.
YAML_ONLY = {
    "tab-indentation.yaml": "YAML refuses tabs for indentation before any schema can run",
    "yaml-syntax.yaml": "an unclosed quote is a YAML syntax error, not a schema matter",
}
# Problems only checklist's loader reports.
ONLY_LOADER = {
    "duplicate-key.yaml": "YAML readers keep the last of two equal keys, so the schema sees "
                          "one answer; checklist refuses the file",
    "anchor-alias.yaml": "YAML readers expand aliases before a schema sees the data; "
                         "checklist refuses anchors and aliases",
    "exception-expires-before-approval.yaml": "comparing two dates of one entry is beyond "
                                              "JSON Schema",
    "date-in-text-field.yaml": "an unquoted date where text belongs: editors (YAML 1.2) read "
                               "it as text and so does the schema after dates become text; "
                               "checklist's YAML 1.1 reader sees a date and asks for quotes",
    "decimal-in-whole-number-fact.yaml": "JSON Schema counts 20.0 as a whole number; "
                                         "checklist asks for 20",
}
# Problems only the schema reports: none; the file models read yes/no answers and numbers
# as strictly as the schema does.
ONLY_SCHEMA: dict[str, str] = {}


def _validator(pack: Pack) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        build_schema(pack), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_verdict(pack: Pack, text: str) -> str:
    try:
        data = load_yaml_for_schema(text)
    except yaml.YAMLError:
        return "unreadable"
    return "invalid" if any(True for _ in _validator(pack).iter_errors(data)) else "valid"


def loader_verdict(path: Path, pack_override: str | None) -> str:
    try:
        load_assessment(path, pack_override)
    except InputError:
        return "invalid"
    return "valid"


def _real_pack() -> Pack | None:
    try:
        return load_pack(REAL_PACK)
    except (PackError, UsageError, InputError):
        return None


def _examples() -> list[Path]:
    return sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def mini() -> Pack:
    return load_pack(str(MINI))


# --- the command ------------------------------------------------------------------

def test_schema_command_prints_a_valid_draft_2020_12_schema() -> None:
    result = CliRunner().invoke(main, ["schema", "--pack", str(MINI)])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    answers = schema["properties"]["answers"]["properties"]
    assert sorted(answers) == ["ALP-01", "ALP-02", "ALP-03", "BET-01", "BET-02", "BET-03"]


def test_schema_command_writes_the_file_asked_for(tmp_path: Path) -> None:
    out = tmp_path / "mini.schema.json"
    result = CliRunner().invoke(main, ["schema", "--pack", str(MINI), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text("utf-8"))["title"].startswith("Assessment file for Mini")
    assert result.stdout == ""


def test_schema_command_unknown_pack_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["schema", "--pack", "no-such-pack"])
    assert result.exit_code == 2
    assert "no rule pack named 'no-such-pack'" in result.stderr
    assert "Traceback" not in result.output


def test_schema_describes_the_pack(mini: Pack) -> None:
    schema = build_schema(mini)
    props = schema["properties"]
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["pack", "agency", "as_of"]
    alp01 = props["answers"]["properties"]["ALP-01"]
    assert alp01["additionalProperties"] is False
    assert alp01["properties"]["objectives"]["properties"]["roles"]["type"] == "boolean"
    assert alp01["properties"]["objectives"]["additionalProperties"] is False
    expires = alp01["properties"]["facts"]["properties"]["expires_on"]["anyOf"][0]
    assert expires["format"] == "date"
    assert expires["pattern"] == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    alp02_facts = props["answers"]["properties"]["ALP-02"]["properties"]["facts"]["properties"]
    assert alp02_facts["completion_pct"]["type"] == ["number", "null"]
    assert alp02_facts["roster_size"]["type"] == ["integer", "null"]
    bet02_status = props["answers"]["properties"]["BET-02"]["properties"]["status"]["enum"]
    assert "not_applicable" not in bet02_status and None in bet02_status
    review = props["parameters"]["properties"]["review_days"]
    assert (review["type"], review["minimum"], review["maximum"]) == ("integer", 30, 1095)
    assert props["profile"]["properties"]["size"]["enum"] == ["small", "large"]
    assert props["profile"]["properties"]["programs"]["items"]["enum"] == ["alpha", "beta"]
    assert props["as_of"]["format"] == "date"


# --- the date helpers -------------------------------------------------------------

def test_json_compatible_turns_dates_into_iso_text() -> None:
    data = {"as_of": dt.date(2026, 11, 1), "list": [dt.datetime(2026, 1, 2, 0, 0)],
            "late": dt.datetime(2026, 1, 2, 10, 30), "n": 3, "t": "x"}
    assert json_compatible(data) == {"as_of": "2026-11-01", "list": ["2026-01-02"],
                                     "late": "2026-01-02T10:30:00", "n": 3, "t": "x"}


def test_yaml_for_schema_keeps_impossible_dates_as_text() -> None:
    data = load_yaml_for_schema("a: 2026-11-01\nb: 2026-02-30\nc: 2026-1-5\n")
    assert data == {"a": "2026-11-01", "b": "2026-02-30", "c": "2026-1-5"}


# --- agreement with checklist validate --------------------------------------------

def test_every_bad_file_is_classified() -> None:
    names = {p.name for p in BAD.glob("*.yaml")}
    assert len(names) >= 40
    for listed in (YAML_ONLY, ONLY_LOADER, ONLY_SCHEMA):
        assert set(listed) <= names


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.name)
def test_bad_files_get_the_same_verdict_from_schema_and_validate(path: Path, mini: Pack) -> None:
    text = path.read_text("utf-8")
    loader = loader_verdict(path, str(MINI))
    schema = schema_verdict(mini, text)
    if path.name in YAML_ONLY:
        assert (loader, schema) == ("invalid", "unreadable")
    elif path.name in ONLY_LOADER:
        assert (loader, schema) == ("invalid", "valid")
    elif path.name in ONLY_SCHEMA:
        assert (loader, schema) == ("valid", "invalid")
    else:
        assert (loader, schema) == ("invalid", "invalid")


def test_bad_files_fail_checklist_validate_with_positions() -> None:
    for name in ("misspelt-status.yaml", "wrong-rule-id.yaml", "bad-date.yaml"):
        path = BAD / name
        result = CliRunner().invoke(main, ["validate", "--pack", str(MINI), str(path)])
        assert result.exit_code == 2, name
        assert f"{path}:" in result.stderr and "invalid" in result.stderr


def test_good_mini_file_is_valid_for_both(mini: Pack) -> None:
    assert loader_verdict(MINI_GOOD, str(MINI)) == "valid"
    assert schema_verdict(mini, MINI_GOOD.read_text("utf-8")) == "valid"


@pytest.mark.parametrize("path", _examples(), ids=lambda p: p.name)
def test_examples_agree(path: Path) -> None:
    pack = _real_pack()
    if pack is None:
        pytest.skip("the shipped pack does not load yet")
    loader = loader_verdict(path, None)
    assert loader == "valid"
    assert schema_verdict(pack, path.read_text("utf-8")) == loader


def test_templates_written_by_init_agree(tmp_path: Path, mini: Pack) -> None:
    packs = [(str(MINI), mini)]
    real = _real_pack()
    if real is not None:
        packs.append((REAL_PACK, real))
    for index, (name, pack) in enumerate(packs):
        out = tmp_path / f"a{index}.yaml"
        result = CliRunner().invoke(main, ["init", "--pack", name, "-o", str(out),
                                           "--as-of", "2026-11-01"])
        assert result.exit_code == 0, result.output
        assert loader_verdict(out, name) == "valid"
        assert schema_verdict(pack, out.read_text("utf-8")) == "valid"
        written = json.loads((tmp_path / f"a{index}.schema.json").read_text("utf-8"))
        assert written == build_schema(pack)


# --- warnings are not schema matters; --strict turns them into errors -------------

_WARN_BASE = """pack: mini
agency: {name: Test Agency}
as_of: 2026-11-01
answers:
"""
WARNINGS = {
    "evidence dated after the assessment date":
        ("  ALP-03:\n    status: partial\n    evidence:\n"
         "      - {title: Policy, date: 2026-12-01}\n", "is after the assessment date"),
    "target date already past while the status is a gap":
        ("  ALP-03:\n    status: planned\n    target_date: 2026-06-30\n",
         "target date 2026-06-30 is before the assessment date"),
    "objectives answered but no status":
        ("  ALP-01:\n    objectives: {roles: true}\n", "but no status"),
    "exception approved after the assessment date":
        ("exceptions:\n  - {rule: ALP-02, justification: Leave, approved_by: Chief, "
         "approved_on: 2026-12-01, expires: 2027-06-01}\n", "after the assessment date"),
}


@pytest.mark.parametrize("case", sorted(WARNINGS))
def test_warnings_pass_the_schema_and_fail_only_strict_validate(case: str, tmp_path: Path,
                                                               mini: Pack) -> None:
    body, message = WARNINGS[case]
    text = _WARN_BASE + body if not body.startswith("exceptions") else (
        _WARN_BASE.replace("answers:\n", "answers: {}\n") + body)
    loaded = load_assessment_text(text, "w.yaml", str(MINI))
    assert [w for w in loaded.warnings if message in w.message], loaded.warnings
    assert schema_verdict(mini, text) == "valid"
    path = tmp_path / "w.yaml"
    path.write_text(text, "utf-8")
    runner = CliRunner()
    relaxed = runner.invoke(main, ["validate", "--pack", str(MINI), str(path)])
    assert relaxed.exit_code == 0, relaxed.output
    assert "warning:" in relaxed.stderr and "valid; " in relaxed.stderr
    strict = runner.invoke(main, ["validate", "--strict", "--pack", str(MINI), str(path)])
    assert strict.exit_code == 2
    assert "invalid" in strict.stderr


def test_gap_with_future_target_or_implemented_with_past_target_is_not_warned() -> None:
    future = _WARN_BASE + "  ALP-03:\n    status: planned\n    target_date: 2027-06-30\n"
    done = _WARN_BASE + ("  ALP-03:\n    status: implemented\n    target_date: 2026-06-30\n"
                         "    evidence: [{title: Policy}]\n")
    for text in (future, done):
        assert load_assessment_text(text, "w.yaml", str(MINI)).warnings == ()


# --- editors that implement draft-07 read the schema the same way ----------------

_DRAFT7_KEYWORDS = {
    "$schema", "$id", "title", "description", "type", "properties", "additionalProperties",
    "required", "enum", "const", "pattern", "format", "anyOf", "allOf", "if", "then", "items",
    "minimum", "maximum", "maxLength", "maxItems",
}


def _keywords(node: object, inside_properties: bool = False) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if not inside_properties:
                found.add(key)
            found |= _keywords(value, inside_properties=(key == "properties"
                                                         and not inside_properties))
    elif isinstance(node, list):
        for item in node:
            found |= _keywords(item)
    return found


def test_schema_uses_only_keywords_that_mean_the_same_in_draft_7(mini: Pack) -> None:
    # The YAML extension for VS Code implements draft-07; these keywords read the same there.
    assert _keywords(build_schema(mini)) <= _DRAFT7_KEYWORDS


def test_draft_7_validation_gives_the_same_verdicts(mini: Pack) -> None:
    schema = {k: v for k, v in build_schema(mini).items() if k != "$schema"}
    draft7 = jsonschema.Draft7Validator(schema,
                                        format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    for path in [*sorted(BAD.glob("*.yaml")), MINI_GOOD]:
        if path.name in YAML_ONLY:
            continue
        data = load_yaml_for_schema(path.read_text("utf-8"))
        verdict = "invalid" if any(True for _ in draft7.iter_errors(data)) else "valid"
        assert verdict == schema_verdict(mini, path.read_text("utf-8")), path.name


REPORT_FIELDS = """
attestation:
  agency_head: {name: Pat Head, title: Sheriff, date: 2026-11-05}
  assessor: {name: Sam Assessor}
document: {version: "1.0", status: final, distribution: [County Board]}
management_response: {overall: We accept the findings.}
report_language: es
"""


@pytest.mark.parametrize(("extra", "valid"), [
    (REPORT_FIELDS, True),
    ("document: {status: published}\n", False),
    ("attestation: {agency_head: {title: Sheriff}}\n", False),
    ("report_language: fr\n", False),
])
def test_report_fields_get_the_same_verdict_from_schema_and_validate(
        extra: str, valid: bool, mini: Pack) -> None:
    text = MINI_GOOD.read_text("utf-8").replace("agency:\n", "agency:\n  id: ada-so\n", 1)
    text = text.replace("\nanswers:", "\n" + extra + "answers:", 1)
    errors = list(jsonschema.Draft202012Validator(build_schema(mini)).iter_errors(
        load_yaml_for_schema(text)))
    assert (errors == []) == valid
    if valid:
        load_assessment_text(text, "a.yaml", str(MINI))
    else:
        with pytest.raises(InputError):
            load_assessment_text(text, "a.yaml", str(MINI))
