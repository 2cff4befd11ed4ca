"""Roll-up members and subfolders that cannot be read are listed as invalid, never
skipped and never the end of the run. Permissions mean nothing to root, so the real
permission tests are skipped there; the others simulate the refusal (EACCES)."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from checklist.cli import main
from checklist.portfolio.inputs import collect_inputs
from tests.conftest import MINI, assessment, full_answers, to_yaml

as_user = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                             reason="root reads files whatever their permissions")


def _members(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(to_yaml(assessment(full_answers(),
                                                      agency={"name": name})))


def _rollup(*args: str) -> tuple[int, dict[str, object], str]:
    result = CliRunner().invoke(main, ["rollup", *args, "--pack", str(MINI), "--jobs", "1",
                                       "-o", "-"])
    return result.exit_code, json.loads(result.stdout) if result.exit_code == 0 else {}, \
        result.stderr


def _refuse(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """os.open and os.scandir refuse ``name``, as for a file or folder of mode 000."""
    real_open, real_scandir = os.open, os.scandir

    def fake_open(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)).name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def fake_scandir(path: object = ".") -> object:
        if Path(str(path)).name == name:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)


def _invalid_files(data: dict[str, object]) -> list[str]:
    invalid = data["invalid"]
    assert isinstance(invalid, list)
    return [str(item["file"]) for item in invalid]


def test_an_unreadable_member_is_listed_as_invalid(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _members(tmp_path / "in", ["a.yaml", "b.yaml", "locked.yaml"])
    _refuse(monkeypatch, "locked.yaml")
    code, data, stderr = _rollup(str(tmp_path / "in"), "--allow-invalid")
    assert code == 0, stderr
    assert len(data["agencies"]) == 2  # type: ignore[arg-type]
    [locked] = data["invalid"]  # type: ignore[misc]
    assert locked["file"].endswith("locked.yaml") and "permission denied" in locked["error"]


def test_without_allow_invalid_an_unreadable_member_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _members(tmp_path / "in", ["a.yaml", "locked.yaml"])
    _refuse(monkeypatch, "locked.yaml")
    code, _, stderr = _rollup(str(tmp_path / "in"))
    assert code == 2 and "locked.yaml" in stderr and "Traceback" not in stderr


def test_an_unreadable_subfolder_is_listed_not_skipped(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    _members(tmp_path / "in", ["a.yaml"])
    _members(tmp_path / "in" / "region", ["b.yaml"])
    _members(tmp_path / "in" / "locked", ["c.yaml", "d.yaml"])
    _refuse(monkeypatch, "locked")
    found = collect_inputs([tmp_path / "in"], recursive=True)
    assert [p.relative_to(tmp_path / "in").as_posix() for p in found] == [
        "a.yaml", "locked", "region/b.yaml"]
    code, data, stderr = _rollup(str(tmp_path / "in"), "--recursive", "--allow-invalid")
    assert code == 0, stderr
    assert len(data["agencies"]) == 2  # type: ignore[arg-type]
    assert [Path(f).name for f in _invalid_files(data)] == ["locked"]


def test_an_unreadable_folder_given_is_a_usage_error(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _members(tmp_path / "locked", ["a.yaml"])
    _refuse(monkeypatch, "locked")
    code, _, stderr = _rollup(str(tmp_path / "locked"), "--recursive", "--allow-invalid")
    assert code == 2 and "cannot be read" in stderr and "locked" in stderr


@as_user
def test_mode_000_member_and_subfolder_are_listed(tmp_path: Path) -> None:
    _members(tmp_path / "in", ["a.yaml", "locked.yaml"])
    _members(tmp_path / "in" / "shut", ["b.yaml"])
    (tmp_path / "in" / "locked.yaml").chmod(0)
    (tmp_path / "in" / "shut").chmod(0)
    try:
        code, data, stderr = _rollup(str(tmp_path / "in"), "--recursive", "--allow-invalid")
    finally:
        (tmp_path / "in" / "shut").chmod(0o755)
    assert code == 0, stderr
    assert sorted(Path(f).name for f in _invalid_files(data)) == ["locked.yaml", "shut"]
