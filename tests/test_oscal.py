"""OSCAL outputs: content from the result, stable UUIDs, and validation by a third party.

Validation uses compliance-trestle (the ``oscal-check`` extra): its pydantic models and its
``trestle validate`` command. CI installs the extra; without it those tests are skipped.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment
from checklist.render import render
from checklist.render.formats import FORMATS, format_for_path
from checklist.render.oscal.common import OSCAL_VERSION
from checklist.result import Result

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
HAS_TRESTLE = importlib.util.find_spec("trestle") is not None
needs_trestle = pytest.mark.skipif(
    not HAS_TRESTLE, reason="compliance-trestle is not installed: pip install -e '.[oscal-check]'")
ROOT_KEY = {"oscal-ar": "assessment-results",
            "oscal-poam": "plan-of-action-and-milestones"}
_RESULTS: dict[Path, Result] = {}


def result_for(path: Path) -> Result:
    if path not in _RESULTS:
        loaded = load_assessment(path, None)
        _RESULTS[path] = evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                                  input_sha256=loaded.sha256)
    return _RESULTS[path]


def document(path: Path, fmt: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render(result_for(path), fmt))
    return data


def the_result(path: Path) -> dict[str, Any]:
    results: list[dict[str, Any]] = document(path, "oscal-ar")[
        "assessment-results"]["results"]
    assert len(results) == 1
    return results[0]


def test_file_names_pick_the_oscal_formats() -> None:
    assert format_for_path(Path("results.oscal.json")) is FORMATS["oscal-ar"]
    assert format_for_path(Path("plan.poam.oscal.json")) is FORMATS["oscal-poam"]
    assert format_for_path(Path("results.json")) is FORMATS["json"]


@pytest.mark.parametrize("fmt", list(ROOT_KEY))
def test_same_input_gives_same_bytes_and_uuids_are_uuid5(fmt: str) -> None:
    path = EXAMPLES[0]
    first = render(result_for(path), fmt)
    assert first == render(result_for(path), fmt)
    data = json.loads(first)[ROOT_KEY[fmt]]
    assert uuid.UUID(data["uuid"]).version == 5
    assert data["metadata"]["oscal-version"] == OSCAL_VERSION


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_findings_are_satisfied_only_at_full_credit(path: Path) -> None:
    result = result_for(path)
    scoped = {r.id: r for r in result.rules if r.scope == "in_scope"}
    findings = the_result(path)["findings"]
    assert [f["target"]["target-id"] for f in findings] == list(scoped)
    for f in findings:
        rule = scoped[f["target"]["target-id"]]
        expected = "satisfied" if rule.credit == 1.0 else "not-satisfied"
        assert f["target"]["status"]["state"] == expected, rule.id
    assert any(f["target"]["status"]["state"] == "not-satisfied" for f in findings)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_gaps_are_risks_and_messages_observations(path: Path) -> None:
    result = result_for(path)
    one = the_result(path)
    titles = {r["title"].split(":")[0] for r in one.get("risks", [])}
    assert {g.rule for g in result.gaps} <= titles
    observed = {o["uuid"]: o for o in one["observations"]}
    messages = [f.message for r in result.rules if r.scope == "in_scope" for f in r.findings]
    texts = {o["description"] for o in observed.values()}
    assert all(m.strip() in texts for m in messages if m.strip())
    for f in one["findings"]:
        assert all(ref["observation-uuid"] in observed for ref in f["related-observations"])


def test_evidence_is_text_only_and_exceptions_are_dated_deviations() -> None:
    path = ROOT / "examples" / "county-sheriff.yaml"
    result = result_for(path)
    one = the_result(path)
    evidence = [e for o in one["observations"] for e in o.get("relevant-evidence", [])]
    assert evidence and all("href" not in e for e in evidence)
    risks = {r["title"].split(":")[0]: r for r in one["risks"]}
    assert result.exceptions
    for record in result.exceptions:
        entry = risks[record.rule]["risk-log"]["entries"][0]
        assert entry["start"].startswith(record.approved_on.isoformat())
        assert entry["end"].startswith(record.expires.isoformat())
        if record.state == "active":
            assert risks[record.rule]["status"] == "deviation-approved"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_poam_has_one_item_per_gap_with_owner_date_and_remediation(path: Path) -> None:
    result = result_for(path)
    items = document(path, "oscal-poam")["plan-of-action-and-milestones"]["poam-items"]
    assert [i["title"].split(":")[0] for i in items] == [g.rule for g in result.gaps]
    for item, gap in zip(items, result.gaps, strict=True):
        shown = {p["name"]: p["value"] for p in item["props"]}
        assert shown["owner"] == (gap.owner.strip() or "unassigned")
        target = gap.target_date.isoformat() if gap.target_date else "none"
        assert shown["target-date"] == target
        assert "status" in shown
        assert item["description"] == (gap.remediation.strip() or item["description"])


def test_provenance_is_in_the_metadata() -> None:
    path = EXAMPLES[0]
    result = result_for(path)
    meta = document(path, "oscal-ar")["assessment-results"]["metadata"]
    shown = {p["name"]: p["value"] for p in meta["props"]}
    assert shown["input-sha256"] == result.input.sha256
    assert shown["pack-version"] == result.pack.version
    assert shown["tool-version"] == result.tool.version


# --- validation by compliance-trestle -------------------------------------------------

def trestle_model(fmt: str) -> Any:
    if fmt == "oscal-ar":
        from trestle.oscal.assessment_results import AssessmentResults
        return AssessmentResults
    from trestle.oscal.poam import PlanOfActionAndMilestones
    return PlanOfActionAndMilestones


def trestle_validate(tmp_path: Path, files: dict[str, dict[str, Any]]) -> subprocess.CompletedProcess[str]:
    """Import the documents into a new trestle workspace and validate them all."""
    exe = shutil.which("trestle", path=str(Path(sys.executable).parent)) or "trestle"
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    subprocess.run([exe, "init"], cwd=workspace, check=True, capture_output=True, text=True)
    for name, data in files.items():
        source = tmp_path / f"{name}.json"
        source.write_text(json.dumps(data), encoding="utf-8")
        imported = subprocess.run([exe, "import", "-f", str(source), "-o", name],
                                  cwd=workspace, capture_output=True, text=True)
        if imported.returncode != 0:
            return imported
    return subprocess.run([exe, "validate", "-a"], cwd=workspace, capture_output=True, text=True)


@needs_trestle
@pytest.mark.parametrize("fmt", list(ROOT_KEY))
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_trestle_models_load_every_output(path: Path, fmt: str) -> None:
    data = document(path, fmt)[ROOT_KEY[fmt]]
    trestle_model(fmt).model_validate(data)


@needs_trestle
def test_trestle_validate_accepts_every_output(tmp_path: Path) -> None:
    files = {f"{p.stem}-{fmt}": document(p, fmt) for p in EXAMPLES for fmt in ROOT_KEY}
    done = trestle_validate(tmp_path, files)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("VALID:") == len(files)


def broken(kind: str) -> dict[str, Any]:
    data = copy.deepcopy(document(EXAMPLES[0], "oscal-ar"))
    root = data["assessment-results"]
    if kind == "missing-title":
        del root["metadata"]["title"]
    else:
        root["results"][0]["findings"][0]["uuid"] = "not-a-uuid"
    return data


@needs_trestle
@pytest.mark.parametrize("kind", ["missing-title", "invalid-uuid"])
def test_the_same_validator_rejects_broken_documents(tmp_path: Path, kind: str) -> None:
    from pydantic import ValidationError
    data = broken(kind)
    with pytest.raises(ValidationError):
        trestle_model("oscal-ar").model_validate(data["assessment-results"])
    done = trestle_validate(tmp_path, {"broken": data})
    assert done.returncode != 0


# --- the pack as a catalog ------------------------------------------------------------

def catalog_of(path: Path) -> dict[str, Any]:
    from checklist.load.packs import load_pack
    from checklist.render.oscal.catalog import render as render_catalog

    result = result_for(path)
    data: dict[str, Any] = json.loads(render_catalog(load_pack(result.pack.id)))
    return data


def controls(catalog: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for g in catalog["catalog"]["groups"] for c in g["controls"]}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_findings_target_controls_of_the_catalog_the_results_name(path: Path) -> None:
    catalog = catalog_of(path)
    known = controls(catalog)
    assert all(f["target"]["target-id"] in known for f in the_result(path)["findings"])
    resources = document(path, "oscal-ar")["assessment-results"]["back-matter"]
    hrefs = [link["href"] for r in resources["resources"] for link in r.get("rlinks", [])]
    result = result_for(path)
    assert f"{result.pack.id}-{result.pack.version}.catalog.oscal.json" in hrefs


def test_catalog_has_params_objectives_and_located_references() -> None:
    from checklist.load.packs import DEFAULT_PACK, load_pack

    pack = load_pack(DEFAULT_PACK)
    catalog = catalog_of(EXAMPLES[0])
    params = {p["id"]: p for p in catalog["catalog"].get("params", [])}
    for parameter in pack.manifest.parameters:
        assert params[parameter.id]["values"] == [f"{parameter.default:g}"]
    resources = {r["uuid"] for r in catalog["catalog"]["back-matter"]["resources"]}
    for rule_id, control in controls(catalog).items():
        rule = pack.rules[rule_id]
        assert [link["text"] for link in control["links"]] == [r.locator for r in rule.references]
        assert all(link["href"][1:] in resources for link in control["links"])
        objectives = [p for p in control["parts"] if p["name"] == "assessment-objective"]
        assert len(objectives[0]["parts"] if objectives else []) == len(rule.objectives)


def test_rules_export_writes_the_catalog(tmp_path: Path) -> None:
    target = tmp_path / "catalog.oscal.json"
    done = subprocess.run([sys.executable, "-m", "checklist", "rules", "export", "--format",
                           "oscal-catalog", "-o", str(target)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == catalog_of(EXAMPLES[0])


@needs_trestle
def test_trestle_validate_accepts_the_catalog(tmp_path: Path) -> None:
    from trestle.oscal.catalog import Catalog

    catalog = catalog_of(EXAMPLES[0])
    Catalog.model_validate(catalog["catalog"])
    done = trestle_validate(tmp_path, {"pack": catalog})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "VALID:" in done.stdout
