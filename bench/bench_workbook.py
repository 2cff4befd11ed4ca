"""Benchmark reading an assessment workbook against reading the same answers from YAML.

Run:  python bench/bench_workbook.py [--runs 15]

A filled assessment of all 79 practices of the default pack (every status given, every
objective ticked, owners and notes filled in) is written once as YAML and once as a
workbook. Each run loads and checks both files in this process (``load_assessment``:
reading, validation, pack checks), interleaved so that machine noise hits both alike.
Prints the medians and their ratio. Goal: the workbook at most 3x the YAML time.

This is a measurement script, not a test: figures vary with the machine's load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checklist.authoring.draft import Draft  # noqa: E402
from checklist.authoring.scaffold import render_draft  # noqa: E402
from checklist.authoring.workbook import workbook_bytes  # noqa: E402
from checklist.load.assessment import load_assessment  # noqa: E402
from checklist.load.packs import DEFAULT_PACK, load_pack  # noqa: E402
from checklist.load.yamlsource import parse_yaml_text  # noqa: E402

STATUSES = ("implemented", "partial", "planned", "not_implemented", "implemented")


def filled(folder: Path) -> tuple[Path, Path]:
    import datetime as dt

    pack = load_pack(DEFAULT_PACK)
    data = parse_yaml_text(render_draft(Draft(pack=pack, as_of=dt.date(2026, 11, 1))),
                           "draft").data
    assert isinstance(data, dict)
    for index, (rule_id, rule) in enumerate(pack.rules.items()):
        data["answers"][rule_id] = {
            "status": STATUSES[index % len(STATUSES)],
            "objectives": {o.id: True for o in rule.objectives},
            "owner": "Records Manager", "notes": f"Reviewed for {rule.title}",
            "target_date": dt.date(2027, 6, 30)}
    source = folder / "filled.yaml"
    source.write_text(yaml.safe_dump(data, sort_keys=False))
    book = folder / "filled.xlsx"
    book.write_bytes(workbook_bytes(data, pack))
    return source, book


def timed(path: Path) -> float:
    start = time.perf_counter()
    load_assessment(path)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source, book = filled(Path(tmp))
        assert load_assessment(source).assessment.answers == \
            load_assessment(book).assessment.answers
        timed(source), timed(book)  # warm-up: imports and the pack cache
        yaml_times, book_times = [], []
        for _ in range(args.runs):
            yaml_times.append(timed(source))
            book_times.append(timed(book))
    y, b = statistics.median(yaml_times), statistics.median(book_times)
    print(f"79 answers from YAML:     median {y * 1000:7.1f} ms over {args.runs} runs")
    print(f"79 answers from workbook: median {b * 1000:7.1f} ms over {args.runs} runs")
    print(f"ratio workbook/YAML: {b / y:.2f}x (goal: at most 3x)")


if __name__ == "__main__":
    main()
