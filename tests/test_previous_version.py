"""Earlier shipped pack versions stay loadable by ``id@version``.

Last year's assessments must evaluate exactly as they did: the example files as they
stood at pack 1.0.0 (``tests/data/v1``) still give the JSON pinned at that time
(``tests/golden/json/v1``) when scored with ``task-force-coordination@1.0.0``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment
from checklist.load.packs import load_pack
from checklist.load.problems import InputError, UsageError
from checklist.render import render

ROOT = Path(__file__).resolve().parent.parent
V1_DATA = ROOT / "tests" / "data" / "v1"
V1_GOLDEN = ROOT / "tests" / "golden" / "json" / "v1"
OLD = "task-force-coordination@1.0.0"


@pytest.mark.parametrize("path", sorted(V1_DATA.glob("*.yaml")), ids=lambda p: p.stem)
def test_old_assessments_evaluate_as_before(path: Path) -> None:
    loaded = load_assessment(path, OLD)
    assert loaded.pack.version == "1.0.0"
    result = evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                      input_sha256=loaded.sha256)
    golden = V1_GOLDEN / f"example-{path.stem}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(render(result, "json"))
    assert render(result, "json") == golden.read_bytes()


def test_file_naming_a_version_gets_that_version(tmp_path: Path) -> None:
    text = (V1_DATA / "municipal-police.yaml").read_text(encoding="utf-8")
    old = tmp_path / "old.yaml"
    old.write_text(text.replace("pack: task-force-coordination\n", f"pack: {OLD}\n", 1),
                   encoding="utf-8")
    assert load_assessment(old).pack.version == "1.0.0"


def test_unknown_version_is_named_with_the_shipped_ones(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"no version 0\.9\.0 \(shipped versions: 1\.0\.0"):
        load_pack("task-force-coordination@0.9.0")
    bad = tmp_path / "bad.yaml"
    text = (V1_DATA / "municipal-police.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("pack: task-force-coordination\n",
                                "pack: task-force-coordination@0.9.0\n", 1), encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.yaml:\d+:\d+.*no version 0\.9\.0"):
        load_assessment(bad)


def test_compare_across_versions_follows_the_mapping() -> None:
    import json

    from click.testing import CliRunner

    from checklist.cli import main

    result = CliRunner().invoke(main, [
        "compare", str(V1_DATA / "county-sheriff.yaml"),
        str(ROOT / "examples" / "county-sheriff.yaml"), "--old-pack", OLD,
        "--format", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    change = json.loads(result.stdout)["pack_change"]
    mapped = {(m["old_rule"], m["new_rule"]): m["compared"] for m in change["mapped"]}
    assert mapped[("TEC-04", "TEC-10")] is True  # split: the new half is compared with TEC-04
    assert mapped[("PRF-01", "AGR-02")] is False  # merged into a rule that already existed
    added = {r["rule"] for r in change["added"]}
    removed = {r["rule"] for r in change["removed"]}
    assert "TEC-10" not in added and "TEC-11" not in added and "CRP-08" in added
    assert "PRF-01" not in removed
