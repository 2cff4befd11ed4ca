"""The command line (DESIGN.md section 6): every exit code, where output goes, what is
never written, and help that shows examples."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import MINI, MINI_GOOD, ROOT, assessment, full_answers, to_yaml

import checklist.commands.evaluate as evaluate_command
from checklist import __version__
from checklist.cli import main
from checklist.load.problems import RenderError


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A copy of tests/data/mini-good.yaml: score 43.2, 4 gaps (1 critical), no warnings."""
    path = tmp_path / "assessment.yaml"
    shutil.copy(MINI_GOOD, path)
    return path


def evaluate(source: Path, *args: str) -> Result:
    return cli("evaluate", str(source), "--pack", str(MINI), *args)


def assert_no_output(folder: Path, *names: str) -> None:
    for name in names:
        assert not (folder / name).exists(), name
    assert not list(folder.glob(".*.part")), "a temporary file was left behind"


# --- exit 0 --------------------------------------------------------------------------


def test_evaluate_to_json(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = evaluate(good, "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["summary"]["score"]["value"] == 43.2
    assert data["input"]["name"] == "assessment.yaml"
    assert result.stderr.startswith(f"Wrote {out}: score 43.2 of 100 (Initial, provisional); "
                                     "4 gaps (1 critical); 4 of 5 practices answered")


def test_evaluate_without_output_prints_the_summary(good: Path) -> None:
    result = evaluate(good)
    assert result.exit_code == 0
    assert result.stdout == ("score 43.2 of 100 (Initial, provisional); 4 gaps (1 critical); "
                             "4 of 5 practices answered\n")


def test_output_to_stdout(good: Path) -> None:
    result = evaluate(good, "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["score"]["value"] == 43.2
    assert "score 43.2" in result.stderr and "Wrote" not in result.stderr


@pytest.mark.parametrize(("fmt", "check"), [
    ("json", lambda text: json.loads(text)["pack"]["id"] == "mini"),
    ("md", lambda text: "Test Agency" in text),
    ("csv", lambda text: "ALP-01" in text and "," in text.splitlines()[0]),
])
def test_format_option_to_stdout(good: Path, fmt: str, check: Any) -> None:
    result = evaluate(good, "--format", fmt, "-o", "-")
    assert result.exit_code == 0, result.output
    assert check(result.stdout)


def test_format_option_overrides_the_extension(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.txt"
    result = evaluate(good, "-f", "json", "-o", str(out))
    assert result.exit_code == 0
    assert json.loads(out.read_text())["pack"]["id"] == "mini"


def test_pack_option_takes_a_folder(good: Path, tmp_path: Path) -> None:
    copy = tmp_path / "my-pack"
    shutil.copytree(MINI, copy)
    result = cli("evaluate", str(good), "--pack", str(copy), "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["pack"]["version"] == "0.3.0"


def test_existing_output_is_replaced_whole(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("old " * 100_000)
    assert evaluate(good, "-o", str(out)).exit_code == 0
    json.loads(out.read_text())


def test_validate_exit_codes(good: Path, tmp_path: Path) -> None:
    result = cli("validate", str(good), "--pack", str(MINI))
    assert result.exit_code == 0
    assert result.stderr == f"{good}: valid; 4 of 5 practices answered, 0 errors, 0 warnings\n"
    warned = tmp_path / "warned.yaml"
    warned.write_text(good.read_text().replace("date: 2026-10-01", "date: 2026-12-01"))
    assert cli("validate", str(warned), "--pack", str(MINI)).exit_code == 0
    strict = cli("validate", "--strict", str(warned), "--pack", str(MINI))
    assert strict.exit_code == 2
    assert "warning: ALP-03: evidence dated 2026-12-01" in strict.stderr


# --- exit 1: gates asked for on the command line ---------------------------------------------


def test_fail_under_exits_1_and_still_writes_the_report(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = evaluate(good, "-o", str(out), "--fail-under", "50")
    assert result.exit_code == 1
    assert "Gate failed: the score 43.2 is below --fail-under 50" in result.stderr
    assert json.loads(out.read_text())["summary"]["score"]["value"] == 43.2


def test_fail_under_met_exits_0(good: Path) -> None:
    assert evaluate(good, "--fail-under", "43.2").exit_code == 0


def test_max_critical_gaps(good: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = evaluate(good, "-o", str(out), "--max-critical-gaps", "0")
    assert result.exit_code == 1
    assert "Gate failed: 1 critical gaps exceed --max-critical-gaps 0" in result.stderr
    assert out.exists()
    assert evaluate(good, "--max-critical-gaps", "1").exit_code == 0


def test_fail_under_with_no_score_fails(tmp_path: Path) -> None:
    answers = {rid: {"status": "not_applicable", "justification": "n/a"}
               for rid in ("ALP-01", "ALP-02", "BET-01", "BET-03")}
    source = tmp_path / "na.yaml"
    source.write_text(to_yaml(assessment(answers)))
    result = evaluate(source, "--fail-under", "10")
    assert result.exit_code == 1
    assert "no practice is in scope" in result.stdout
    assert "no score is below --fail-under 10" in result.stderr


def test_both_gates_are_reported(good: Path) -> None:
    result = evaluate(good, "--fail-under", "90", "--max-critical-gaps", "0")
    assert result.exit_code == 1
    assert result.stderr.count("Gate failed") == 2


# --- exit 2: invalid input or usage -------------------------------------------------------------


def test_invalid_input_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text(to_yaml(assessment({"ALP-01": {"status": "implmented"}})))
    out = tmp_path / "report.json"
    result = evaluate(source, "-o", str(out))
    assert result.exit_code == 2
    assert f"{source}:7:13: answers.ALP-01.status: 'implmented'" in result.stderr
    assert result.stderr.endswith("1 error, 0 warnings; nothing was written\n")
    assert_no_output(tmp_path, "report.json")


def test_invalid_input_leaves_an_existing_report_alone(tmp_path: Path) -> None:
    source = tmp_path / "bad.yaml"
    source.write_text("pack: mini\n")
    out = tmp_path / "report.json"
    out.write_text("last year's report")
    assert evaluate(source, "-o", str(out)).exit_code == 2
    assert out.read_text() == "last year's report"


def test_missing_input_file(tmp_path: Path) -> None:
    result = evaluate(tmp_path / "nope.yaml", "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'nope.yaml'}:1:1: file not found" in result.stderr
    assert_no_output(tmp_path, "r.json")


def test_unknown_output_extension(good: Path, tmp_path: Path) -> None:
    result = evaluate(good, "-o", str(tmp_path / "report.odt"))
    assert result.exit_code == 2
    assert "cannot tell the format of" in result.stderr and "--format" in result.stderr
    assert_no_output(tmp_path, "report.odt")


def test_unknown_format_option(good: Path) -> None:
    result = evaluate(good, "--format", "odt", "-o", "-")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink"])
def test_output_that_is_the_input_is_refused(good: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             spelling: str) -> None:
    before = good.read_bytes()
    monkeypatch.chdir(tmp_path)
    target = {"same": str(good), "dotted": f"./{good.name}", "symlink": "link.yaml"}[spelling]
    if spelling == "symlink":
        (tmp_path / "link.yaml").symlink_to(good)
    result = evaluate(good, "--format", "json", "-o", target)
    assert result.exit_code == 2
    assert "is a file this command reads" in result.stderr
    assert good.read_bytes() == before


def test_output_folder_that_does_not_exist(good: Path, tmp_path: Path) -> None:
    result = evaluate(good, "-o", str(tmp_path / "missing" / "report.json"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_output_place_that_cannot_be_written(good: Path) -> None:
    result = evaluate(good, "-o", "/proc/checklist-report.json")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: cannot write /proc/checklist-report.json")
    assert "Internal error" not in result.stderr


def test_unknown_option_and_missing_argument() -> None:
    assert cli("evaluate").exit_code == 2
    assert cli("evaluate", "x.yaml", "--no-such-option").exit_code == 2
    assert cli("no-such-command").exit_code == 2


def test_fail_under_out_of_range(good: Path) -> None:
    result = evaluate(good, "--fail-under", "150")
    assert result.exit_code == 2
    assert "150" in result.output


# --- exit 3: internal or rendering failure ------------------------------------------------------


def test_render_error_exits_3_with_a_plain_message_and_no_file(
        good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> bytes:
        raise RenderError("the font DejaVu Sans is missing")

    monkeypatch.setattr(evaluate_command, "render", broken)
    result = evaluate(good, "-o", str(tmp_path / "report.pdf"))
    assert result.exit_code == 3
    assert result.stderr == ("Error: the report could not be produced: the font DejaVu Sans "
                             "is missing\n")
    assert_no_output(tmp_path, "report.pdf")


def test_unexpected_exception_exits_3_without_traceback(
        good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> bytes:
        raise ZeroDivisionError("division by zero")

    monkeypatch.delenv("CHECKLIST_DEBUG", raising=False)
    monkeypatch.setattr(evaluate_command, "render", broken)
    result = evaluate(good, "-o", str(tmp_path / "report.json"))
    assert result.exit_code == 3
    assert result.stderr.startswith("Internal error (ZeroDivisionError: division by zero). "
                                    "This is a fault in checklist, not in your file")
    assert "Traceback" not in result.output
    assert_no_output(tmp_path, "report.json")


def test_failure_while_writing_leaves_no_partial_file(
        good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_replace(src: Any, dst: Any) -> None:
        raise RuntimeError("disk went away")

    evaluate(good)  # load and cache the pack before os.replace breaks
    monkeypatch.setattr(os, "replace", failing_replace)
    result = evaluate(good, "-o", str(tmp_path / "report.json"))
    monkeypatch.undo()
    assert result.exit_code == 3
    assert_no_output(tmp_path, "report.json")


# --- version and help -------------------------------------------------------------------------


def test_version() -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.output == f"checklist {__version__}\n"


def test_help_shows_examples_and_exit_codes() -> None:
    result = cli("--help")
    assert result.exit_code == 0
    assert "checklist evaluate assessment.yaml -o report.pdf" in result.output
    assert "Exit codes" in result.output
    for command in ("evaluate", "validate", "rules"):
        assert command in result.output


@pytest.mark.parametrize(("command", "example"), [
    (["evaluate"], "checklist evaluate assessment.yaml -o report.pdf"),
    (["validate"], "checklist validate assessment.yaml"),
    (["rules", "list"], "checklist rules list --domain"),
    (["rules", "show"], "checklist rules show"),
])
def test_command_help_shows_examples(command: list[str], example: str) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert example in result.output


# --- rules ---------------------------------------------------------------------------------


def test_rules_list_shows_every_rule() -> None:
    result = cli("rules", "list", "--pack", str(MINI))
    assert result.exit_code == 0
    assert result.output.startswith("Mini test pack (pack mini 0.3.0): 6 rules")
    for rule_id in ("ALP-01", "ALP-02", "ALP-03", "BET-01", "BET-02", "BET-03"):
        assert rule_id in result.output
    assert "[only when runs_database=true]" in result.output


def test_rules_list_one_domain_and_a_misspelt_domain() -> None:
    result = cli("rules", "list", "--pack", str(MINI), "--domain", "BET")
    assert result.exit_code == 0
    assert "BET-01" in result.output and "ALP-01" not in result.output
    typo = cli("rules", "list", "--pack", str(MINI), "--domain", "BTE")
    assert typo.exit_code == 2
    assert "no domain 'BTE' in pack mini; did you mean 'BET'?" in typo.stderr


def test_rules_show() -> None:
    result = cli("rules", "show", "ALP-01", "--pack", str(MINI))
    assert result.exit_code == 0
    assert result.output.startswith("ALP-01  Written agreement")
    assert "Signed agreement" in result.output


def test_rules_show_accepts_lower_case() -> None:
    assert cli("rules", "show", "alp-02", "--pack", str(MINI)).exit_code == 0


def test_rules_show_did_you_mean() -> None:
    result = cli("rules", "show", "ALP-1", "--pack", str(MINI))
    assert result.exit_code == 2
    assert result.stderr == "Error: no rule 'ALP-1' in pack mini; did you mean 'ALP-01'?\n"


# --- start-up cost --------------------------------------------------------------------------


def test_evaluating_to_json_does_not_import_weasyprint(good: Path, tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from checklist.cli import main\n"
        f"main(['evaluate', {str(good)!r}, '--pack', {str(MINI)!r}, '-o', "
        f"{str(tmp_path / 'r.json')!r}], standalone_mode=False)\n"
        "print('weasyprint' in sys.modules, 'checklist.render.pdf' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False False"
    assert (tmp_path / "r.json").exists()


def test_full_answers_evaluate_to_100(tmp_path: Path) -> None:
    source = tmp_path / "full.yaml"
    source.write_text(to_yaml(assessment(full_answers())))
    result = evaluate(source, "--fail-under", "100")
    assert result.exit_code == 0
    assert result.stdout.startswith("score 100.0 of 100 (Strong)")
