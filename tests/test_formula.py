"""The printed formula follows the pack's scoring policy (credits and severity weights)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from conftest import MINI, ROOT

from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment
from checklist.render import render

CREDITS = {"implemented": 1, "alternative": 0.9, "partial": 0.25, "planned": 0,
           "not_implemented": 0, "unanswered": 0}
WEIGHTS = {"critical": 8, "high": 4, "medium": 2, "low": 0.5}


def custom_pack(folder: Path) -> Path:
    pack = folder / "mini"
    shutil.copytree(MINI, pack)
    manifest = yaml.safe_load((pack / "pack.yaml").read_text(encoding="utf-8"))
    manifest["scoring"]["credits"] = CREDITS
    manifest["scoring"]["severity_weights"] = WEIGHTS
    (pack / "pack.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True),
                                    encoding="utf-8")
    return pack


def test_formula_states_the_packs_credits_and_weights(tmp_path: Path) -> None:
    path = ROOT / "tests" / "data" / "mini-mixed.yaml"
    loaded = load_assessment(path, str(custom_pack(tmp_path)))
    result = evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                      input_sha256=loaded.sha256)
    formula = result.methodology.formula
    assert "1 for implemented, 0.9 for alternative, 0.25 for partial and 0 for planned, " \
           "not implemented or unanswered" in formula
    assert "0.5 for" not in formula
    assert "(critical 8, high 4, medium 2, low 0.5)" in formula
    for fmt in ("md", "html"):
        page = render(result, fmt).decode("utf-8")
        assert "0.25 for partial" in page and "0.5 for partial" not in page


def test_default_policy_formula(tmp_path: Path) -> None:
    path = ROOT / "tests" / "data" / "mini-mixed.yaml"
    loaded = load_assessment(path, str(MINI))
    result = evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                      input_sha256=loaded.sha256)
    assert ("credit is 1 for implemented or alternative, 0.5 for partial and 0 for planned, "
            "not implemented or unanswered" in result.methodology.formula)
