"""Shared fixtures for the engine tests: the mini test pack, building assessments and
small packs in memory or on disk, and evaluating them.

The mini pack (tests/packs/mini) has six rules:

========  ========  ======  =====================================================
rule      severity  weight  what it exercises
========  ========  ======  =====================================================
ALP-01    critical  10      objectives, required evidence with max age
                            (parameter review_days = 365), after_as_of check with
                            on_fail not_implemented, within_days check
ALP-02    high      5       at_least (training_min = 90 %), at_most (roster_cap =
                            25 people, on_fail planned)
ALP-03    medium    4       rule weight overrides severity; applies when
                            runs_database (default false); evidence required
BET-01    low       1       is_true check
BET-02    high      5       applies when size is large and programs include alpha
                            or beta; not_applicable not allowed
BET-03    medium    3       evidence max age 400 days, evidence not required
========  ========  ======  =====================================================
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from checklist.evaluation import evaluate
from checklist.load.assessment import LoadedAssessment, load_assessment_text
from checklist.load.packs import Pack, load_pack
from checklist.result import Result, RuleResult

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "packs" / "mini"
MINI_GOOD = ROOT / "tests" / "data" / "mini-good.yaml"
AS_OF = dt.date(2026, 11, 1)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def full_answers() -> dict[str, dict[str, Any]]:
    """Answers under which every in-scope rule of the mini pack (default profile)
    verifies as implemented: credit 1 everywhere, score 100."""
    return {
        "ALP-01": {
            "status": "implemented",
            "objectives": {"roles": True, "supervision": True, "term": True},
            "facts": {"expires_on": day("2027-06-01"), "last_reviewed": day("2026-05-01")},
            "evidence": [{"title": "Signed agreement", "ref": "a.pdf",
                          "date": day("2026-05-01")}],
        },
        "ALP-02": {"status": "implemented",
                   "facts": {"completion_pct": 95, "roster_size": 20}},
        "BET-01": {"status": "implemented", "facts": {"published": True}},
        "BET-03": {"status": "implemented",
                   "evidence": [{"title": "Audit", "date": day("2026-01-01")}]},
    }


def assessment(answers: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """An assessment for the mini pack as plain data (what the YAML file holds)."""
    data: dict[str, Any] = {
        "pack": "mini",
        "agency": {"name": "Test Agency"},
        "as_of": AS_OF,
        "answers": copy.deepcopy(answers) if answers is not None else {},
    }
    data.update(fields)
    return data


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def load(data: dict[str, Any], pack: Path | str = MINI) -> LoadedAssessment:
    """Load ``data`` the way a file is loaded: YAML text, positions, pack checks."""
    return load_assessment_text(to_yaml(data), "assessment.yaml", str(pack))


def result_of(data: dict[str, Any], pack: Path | str = MINI) -> Result:
    loaded = load(data, pack)
    return evaluate(loaded.pack, loaded.assessment, input_name="assessment.yaml",
                    input_sha256=loaded.sha256)


def rule_of(result: Result, rule_id: str) -> RuleResult:
    return next(r for r in result.rules if r.id == rule_id)


def codes(rule: RuleResult) -> list[str]:
    return [f.code for f in rule.findings]


def finding(rule: RuleResult, code: str) -> str:
    """The message of the one finding with ``code``."""
    found = [f.message for f in rule.findings if f.code == code]
    assert len(found) == 1, f"{rule.id}: expected one '{code}' finding, got {rule.findings}"
    return found[0]


# --- small packs written to disk -------------------------------------------------

def pack_rule(rule_id: str, severity: str = "medium", **fields: Any) -> dict[str, Any]:
    """A minimal valid rule; ``fields`` add or replace keys."""
    rule: dict[str, Any] = {
        "id": rule_id,
        "title": f"Practice {rule_id}",
        "requirement": "The practice is in place.",
        "rationale": "It matters.",
        "severity": severity,
        "remediation": "Put it in place.",
        "references": [{"source": "S1", "locator": "Section 1"}],
    }
    rule.update(fields)
    return rule


def pack_manifest(domains: dict[str, list[dict[str, Any]]], **fields: Any) -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "id": "gen",
        "title": "Generated test pack",
        "version": "1.0.0",
        "profile": [
            {"id": "has_db", "question": "Runs a database?", "type": "boolean",
             "default": False},
            {"id": "size", "question": "How large?", "type": "choice",
             "choices": [{"value": "small", "label": "Small"},
                         {"value": "large", "label": "Large"}], "default": "small"},
        ],
        "parameters": [
            {"id": "review_days", "title": "Review period", "default": 365, "unit": "days",
             "minimum": 30, "maximum": 1000, "basis": "Policy choice."},
        ],
        "domains": [{"id": d, "title": f"Domain {d}", "file": f"{d.lower()}.yaml"}
                    for d in domains],
        "sources": [{"id": "S1", "title": "Source", "issuer": "Issuer", "date": "2020",
                     "verification": "V1"}],
        "scoring": {
            "bands": [
                {"name": "Strong", "minimum": 85},
                {"name": "Established", "minimum": 70},
                {"name": "Developing", "minimum": 50},
                {"name": "Initial", "minimum": 0},
            ],
            "gates": [{"id": "critical_gap", "description": "A critical gap caps the rating.",
                       "severities": ["critical"], "credit_at_most": 0,
                       "cap": "Developing"}],
        },
    }
    manifest.update(fields)
    return manifest


def write_pack(folder: Path, domains: dict[str, list[dict[str, Any]]],
               **manifest_fields: Any) -> Path:
    """Write a pack folder: pack.yaml plus one file per domain. Returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = pack_manifest(domains, **manifest_fields)
    (folder / "pack.yaml").write_text(to_yaml(manifest), encoding="utf-8")
    for domain, rules in domains.items():
        (folder / f"{domain.lower()}.yaml").write_text(
            to_yaml({"domain": domain, "rules": rules}), encoding="utf-8")
    return folder


@pytest.fixture
def make_pack(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """``make_pack({"AAA": [pack_rule("AAA-01")]}, **manifest_fields)`` → pack folder.

    Each call writes a fresh folder (packs are cached by folder)."""
    count = 0

    def make(domains: dict[str, list[dict[str, Any]]], **manifest_fields: Any) -> Path:
        nonlocal count
        count += 1
        return write_pack(tmp_path / f"pack{count}", domains, **manifest_fields)

    yield make


@pytest.fixture(scope="session")
def mini() -> Pack:
    return load_pack(str(MINI))


_SAVED_CACHE_DIR = os.environ.get("CHECKLIST_CACHE_DIR")


def pytest_configure(config: pytest.Config) -> None:
    """Keep the tests' pack and template caches out of the user's own cache folder.

    Set before collection (some test modules load packs at import) and in the
    environment, so that commands run in subprocesses use it too."""
    os.environ["CHECKLIST_CACHE_DIR"] = tempfile.mkdtemp(prefix="checklist-test-cache-")


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = os.environ.pop("CHECKLIST_CACHE_DIR", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
    if _SAVED_CACHE_DIR is not None:
        os.environ["CHECKLIST_CACHE_DIR"] = _SAVED_CACHE_DIR
