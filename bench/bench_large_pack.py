"""Benchmark a large generated pack: load it, then load and evaluate one assessment.

Run:  python bench/bench_large_pack.py [--rules 5000] [--runs 5]

Packs of RULES/5 and RULES rules are generated (domains of 500 rules, every rule citing
one of a few sources, so a source is cited by thousands of rules), each loaded cold
(fresh folder, empty cache) and one assessment answering every rule loaded and
evaluated. The figure that matters is the ratio of the large to the small pack's
median time: about 5 for a cost linear in the number of rules, far more if quadratic.

This is a measurement script, not a test: figures vary with the machine's load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ["CHECKLIST_CACHE_DIR"] = tempfile.mkdtemp(prefix="bench-large-pack-cache-")

from checklist.evaluation import evaluate  # noqa: E402
from checklist.load.assessment import load_assessment_text  # noqa: E402
from checklist.load.packs import load_pack  # noqa: E402

PER_DOMAIN = 500
SOURCES = 4


def _domain_id(index: int) -> str:
    return "D" + "".join(chr(ord("A") + int(d)) for d in f"{index:02d}")


def write_pack(folder: Path, rules: int) -> list[str]:
    """Write a pack of ``rules`` rules; return the rule ids."""
    folder.mkdir(parents=True)
    domains, ids = [], []
    for d in range(-(-rules // PER_DOMAIN)):
        did = _domain_id(d)
        count = min(PER_DOMAIN, rules - d * PER_DOMAIN)
        domain_rules = []
        for r in range(1, count + 1):
            rid = f"{did}-{r:03d}"
            ids.append(rid)
            domain_rules.append({
                "id": rid, "title": f"Practice {rid}", "requirement": "It is in place.",
                "rationale": "It matters.", "severity": ("critical", "high", "medium",
                                                         "low")[r % 4],
                "remediation": "Put it in place.",
                "references": [{"source": f"S{r % SOURCES + 1}", "locator": f"§ {r}"}]})
        (folder / f"{did.lower()}.yaml").write_text(
            yaml.safe_dump({"domain": did, "rules": domain_rules}, sort_keys=False))
        domains.append({"id": did, "title": f"Domain {did}", "file": f"{did.lower()}.yaml"})
    manifest = {
        "id": "large", "title": "Generated large pack", "version": "1.0.0",
        "domains": domains,
        "sources": [{"id": f"S{i}", "title": f"Source {i}", "issuer": "Issuer",
                     "date": "2020", "verification": "V1"} for i in range(1, SOURCES + 1)],
        "scoring": {"bands": [{"name": "Strong", "minimum": 85},
                              {"name": "Initial", "minimum": 0}]},
    }
    (folder / "pack.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    return ids


def assessment_text(ids: list[str]) -> str:
    statuses = ("implemented", "partial", "not_implemented", "implemented")
    return yaml.safe_dump({
        "pack": "large", "agency": {"name": "Bench Agency"}, "as_of": "2026-11-01",
        "answers": {rid: {"status": statuses[i % 4]} for i, rid in enumerate(ids)}},
        sort_keys=False)


def one_run(root: Path, rules: int, run: int) -> tuple[float, float]:
    folder = root / f"pack-{rules}-{run}"
    ids = write_pack(folder, rules)
    text = assessment_text(ids)
    start = time.perf_counter()
    load_pack(str(folder))
    loaded_at = time.perf_counter()
    loaded = load_assessment_text(text, "bench.yaml", str(folder))
    result = evaluate(loaded.pack, loaded.assessment, input_name="bench.yaml",
                      input_sha256=loaded.sha256)
    done = time.perf_counter()
    assert len(result.rules) == rules
    return loaded_at - start, done - loaded_at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    small, large = args.rules // 5, args.rules
    figures: dict[int, list[tuple[float, float]]] = {small: [], large: []}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):  # interleaved, so machine noise hits both alike
            for rules in (small, large):
                figures[rules].append(one_run(Path(tmp), rules, run))
    medians = {}
    for rules, runs in figures.items():
        load = statistics.median(r[0] for r in runs)
        ev = statistics.median(r[1] for r in runs)
        medians[rules] = load + ev
        print(f"{rules:>6} rules: pack load {load:.3f} s, assessment load + evaluate "
              f"{ev:.3f} s (medians of {args.runs})")
    print(f"ratio {large} to {small} rules: {medians[large] / medians[small]:.2f} "
          "(5.0 = linear)")


if __name__ == "__main__":
    main()
