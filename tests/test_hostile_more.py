"""More hostile input: date-times where a date belongs, and DEL or C1 control characters
in every JSON output (JSON writers escape C0 characters only)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checklist.cli import main
from tests.conftest import MINI, MINI_GOOD

_RAW_CONTROL = re.compile(r"[\x7f-\x9f]")
HOSTILE_NAME = "Agency \x85\x9b31m\x7f end"


def _file(tmp_path: Path, old: str, new: str, name: str = "a.yaml") -> Path:
    text = MINI_GOOD.read_text("utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


@pytest.mark.parametrize("written", ["2026-11-01 10:00:00", "2026-11-01 00:00:00+05:00",
                                     "'2026-11-01 10:00'"])
def test_a_date_and_time_as_of_is_a_located_error_not_a_fault(tmp_path: Path,
                                                              written: str) -> None:
    path = _file(tmp_path, "as_of: 2026-11-01", f"as_of: {written}")
    result = CliRunner().invoke(main, ["validate", "--pack", str(MINI), str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}:5:" in result.stderr and "as_of" in result.stderr
    assert "fault" not in result.stderr


def _hostile(tmp_path: Path, name: str = "a.yaml") -> Path:
    escaped = json.dumps(HOSTILE_NAME)  # \u escapes, as a double-quoted YAML value
    return _file(tmp_path, "name: Test Agency", f"name: {escaped}", name)


def _assert_escaped(data: bytes) -> None:
    text = data.decode("utf-8")
    assert not _RAW_CONTROL.search(text)
    assert "\\u0085" in text and "\\u009b" in text and "\\u007f" in text


@pytest.mark.parametrize("fmt", ["json", "oscal-ar"])
def test_report_json_escapes_c1_and_del(tmp_path: Path, fmt: str) -> None:
    path = _hostile(tmp_path)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["evaluate", "--pack", str(MINI), str(path), "-f", fmt,
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    _assert_escaped(out.read_bytes())
    if fmt == "json":
        assert json.loads(out.read_bytes())["agency"]["name"] == HOSTILE_NAME


def test_rollup_and_compare_json_escape_c1_and_del(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    first = _hostile(folder, "a.yaml")
    runner = CliRunner()
    out = tmp_path / "r.json"
    result = runner.invoke(main, ["rollup", str(folder), "--pack", str(MINI), "-o", str(out)])
    assert result.exit_code == 0, result.output
    _assert_escaped(out.read_bytes())
    later = _file(tmp_path, "name: Test Agency", f"name: {json.dumps(HOSTILE_NAME)}", "b.yaml")
    later.write_text(later.read_text("utf-8").replace("as_of: 2026-11-01", "as_of: 2027-11-01"))
    out = tmp_path / "c.json"
    result = runner.invoke(main, ["compare", "--pack", str(MINI), str(first), str(later),
                                  "-o", str(out)])
    assert result.exit_code == 0, result.output
    _assert_escaped(out.read_bytes())


@pytest.mark.parametrize("command", ["validate", "evaluate"])
def test_a_file_name_of_thousands_of_characters_is_shown_clipped(tmp_path: Path,
                                                                 command: str) -> None:
    name = "n" * 5000 + ".yaml"
    if command == "validate":
        args = ["validate", name]
    else:
        args = ["evaluate", "--pack", str(MINI), str(MINI_GOOD), "-o", "o" * 5000 + ".json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "too long" in result.stderr
    assert len(result.stderr) < 1000
    assert "more characters]" in result.stderr
