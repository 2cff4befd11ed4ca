"""The JSON result is pinned for the test pack and the shipped examples.

Regenerate after a deliberate change with ``UPDATE_GOLDEN=1 pytest tests/test_golden_json.py``
and review the diff: every changed number must be explainable.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment
from checklist.render import render

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "json"
MINI = str(ROOT / "tests" / "packs" / "mini")

CASES = [
    ("mini-good", ROOT / "tests" / "data" / "mini-good.yaml", MINI),
    ("mini-mixed", ROOT / "tests" / "data" / "mini-mixed.yaml", MINI),
    *[(f"example-{p.stem}", p, None) for p in sorted((ROOT / "examples").glob("*.yaml"))],
]


def result_json(path: Path, pack: str | None) -> bytes:
    loaded = load_assessment(path, pack)
    result = evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                      input_sha256=loaded.sha256)
    # The pack's hash is part of the pinned output on purpose: a changed pack must
    # show up here and be reviewed.
    return render(result, "json")


@pytest.mark.parametrize(("name", "path", "pack"), CASES, ids=[c[0] for c in CASES])
def test_json_matches_golden(name: str, path: Path, pack: str | None) -> None:
    actual = result_json(path, pack)
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(actual)
    assert golden.exists(), f"missing {golden}; run with UPDATE_GOLDEN=1 to create it"
    assert actual.decode() == golden.read_text(encoding="utf-8")
