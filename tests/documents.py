"""One sample of every document type, built from the test data, optionally with hostile text.

``sample(document, agency=...)`` gives the data the format registry renders: a gap report
(:class:`~checklist.result.Result`), a comparison, a roll-up, a pack (for the catalog) or
an agency's trend.
``agency`` replaces the agency's name, jurisdiction and the owners (the pack's title, for a
catalog), the free text that reaches every document type.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import MINI, ROOT

from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment
from checklist.result import Result

PORTFOLIO = ROOT / "tests" / "data" / "portfolio"


def _copy(source: Path, folder: Path, agency: str | None, notes: str | None) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if agency is not None:
        data["agency"] = {"name": agency, "jurisdiction": agency}
        for answer in data.get("answers", {}).values():
            if isinstance(answer, dict) and "owner" in answer:
                answer["owner"] = agency  # the gap list (CSV) names owners, not the agency
    if notes is not None:
        for answer in data.get("answers", {}).values():
            if isinstance(answer, dict):
                answer["notes"] = notes
    target = folder / source.name
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def _result(path: Path) -> Result:
    loaded = load_assessment(path, str(MINI))
    return evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                    input_sha256=loaded.sha256)


def sample(document: str, folder: Path, agency: str | None = None,
           notes: str | None = None) -> Any:
    """A document of type ``document``, its input files written under ``folder``."""
    if document == "report":
        return _result(_copy(ROOT / "tests" / "data" / "mini-mixed.yaml", folder, agency,
                             notes))
    if document == "comparison":
        from checklist.portfolio.compare import compare

        old = _result(_copy(PORTFOLIO / "compare" / "old.yaml", folder, agency, notes))
        new = _result(_copy(PORTFOLIO / "compare" / "new.yaml", folder, agency, notes))
        return compare(old, new)
    if document == "rollup":
        from checklist.portfolio.rollup import run_rollup

        paths = [_copy(p, folder, agency, notes)
                 for p in sorted((PORTFOLIO / "rollup").glob("[a-d]*.yaml"))]
        return run_rollup(paths, pack=str(MINI), jobs=1).finish(as_of=None, max_age_days=365)
    if document == "catalog":
        return _pack(folder, agency)
    if document == "trend":
        return _trend(agency, notes)
    raise AssertionError(f"no sample for the document type {document!r}; add one here")


def _pack(folder: Path, title: str | None) -> Any:
    """The mini pack, its title replaced: the free text every catalog carries."""
    import shutil

    from checklist.load.packs import load_pack

    target = folder / "pack"
    shutil.copytree(MINI, target)
    if title is not None:
        meta = yaml.safe_load((target / "pack.yaml").read_text(encoding="utf-8"))
        meta["title"] = title
        (target / "pack.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True),
                                          encoding="utf-8")
    return load_pack(str(target))


def _trend(agency: str | None, notes: str | None) -> Any:
    """Three years of one agency (the score dips, then rises; no score in the middle year
    for one domain); ``notes`` is put where a file name goes."""
    from checklist.history.trend import Trend, TrendDomain, TrendPoint

    name = agency if agency is not None else "Ada County Sheriff"
    points = tuple(
        TrendPoint(year=year, agency=name, as_of=f"{year}-03-01", score=score, rating=rating,
                   provisional=False, completion=1.0, gaps=gaps, critical_gaps=0,
                   file=notes if notes is not None else f"ada-{year}.yaml", pack="mini 1.0",
                   domain_scores={"ALP": score, "BRV": bravo})
        for year, score, rating, gaps, bravo in [(2024, 52.5, "Developing", 3, 40.0),
                                                 (2025, 48.0, "Developing", 4, None),
                                                 (2026, 71.0, "Strong", 1, 80.0)])
    return Trend(agency=name, agency_id="ada-so", jurisdiction=name,
                 domains=(TrendDomain("ALP", "Alpha domain"), TrendDomain("BRV", "Bravo")),
                 points=points)
