"""Benchmark the engine: CLI start-up to JSON, and in-process throughput.

Run:  python bench/bench_evaluate.py [--runs 15] [--count 1000]

1. Median wall time of ``checklist evaluate EXAMPLE -o out.json`` in a fresh process,
   as a ratio to ``python -c "import pydantic, yaml, click"`` measured in the same run
   (runs interleaved, so machine noise hits both alike). Goal: at most 1.3x.
2. In-process throughput over COUNT generated assessments of 80 answers each, YAML
   parsing included, on one core. Goal: at least 200 assessments per second.

This is a measurement script, not a test: figures vary with the machine's load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from checklist.evaluation import evaluate  # noqa: E402
from checklist.load.assessment import load_assessment_text  # noqa: E402
from checklist.load.packs import Pack, load_pack  # noqa: E402

AS_OF = dt.date(2026, 11, 1)
STATUSES = ["implemented", "implemented", "implemented", "alternative", "partial", "planned",
            "not_implemented", "not_applicable"]


# What any tool pays that validates its input with pydantic models: the baseline's
# imports plus 40 small models defined and one validation (checklist has about 40).
PYDANTIC_FLOOR = (
    "import pydantic, yaml, click\n"
    "from pydantic import BaseModel, ConfigDict\n"
    "class B(BaseModel):\n"
    "    model_config = ConfigDict(extra='forbid', frozen=True)\n"
    "ms = [type(f'M{i}', (B,), {'__annotations__': {'a': int, 'b': str, 'c': 'list[int] | None'},"
    " 'c': None}) for i in range(40)]\n"
    "ms[0].model_validate({'a': 1, 'b': 'x'})\n"
)


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=REPO)
    return time.perf_counter() - start


def startup(example: Path, pack: str, runs: int) -> None:
    out = Path(tempfile.mkdtemp()) / "out.json"
    ours = [sys.executable, "-m", "checklist", "evaluate", str(example), "--pack", pack,
            "-o", str(out)]
    base = [sys.executable, "-c", "import pydantic, yaml, click"]
    floor = [sys.executable, "-c", PYDANTIC_FLOOR]
    for cmd in (ours, base, floor):  # warm the OS file cache
        _time(cmd)
    ours_t, base_t, floor_t = [], [], []
    for _ in range(runs):
        ours_t.append(_time(ours))
        base_t.append(_time(base))
        floor_t.append(_time(floor))
    o, b, f = (statistics.median(t) for t in (ours_t, base_t, floor_t))
    print(f"start-up, {runs} interleaved runs each (median):")
    print(f"  baseline  python -c 'import pydantic, yaml, click'   {b * 1000:7.0f} ms")
    print(f"  floor     the same, defining 40 small pydantic models {f * 1000:7.0f} ms "
          f"({f / b:.2f}x)")
    print(f"  checklist evaluate {example.name} -o out.json   {o * 1000:7.0f} ms")
    print(f"  ratio {o / b:.2f}x (goal <= 1.30x)")


def generated_assessment(pack: Pack, rng: random.Random, answers: int) -> str:
    rules = list(pack.rules.values())
    rng.shuffle(rules)
    data: dict[str, object] = {
        "pack": pack.id,
        "agency": {"name": f"Agency {rng.randrange(10**6)}", "jurisdiction": "Benchmark"},
        "as_of": AS_OF,
        "answers": {},
    }
    chosen: dict[str, object] = {}
    for index in range(answers):
        rule = rules[index % len(rules)]
        if rule.id in chosen:
            break
        status = rng.choice(STATUSES)
        if status == "not_applicable" and not rule.allow_not_applicable:
            status = "planned"
        answer: dict[str, object] = {"status": status, "owner": "Benchmark owner"}
        if status in ("not_applicable", "alternative"):
            answer["justification"] = "Generated for the benchmark."
        if rule.objectives:
            answer["objectives"] = {o.id: rng.random() < 0.8 for o in rule.objectives}
        facts: dict[str, object] = {}
        for fact in rule.facts:
            if fact.type == "date":
                facts[fact.id] = AS_OF + dt.timedelta(days=rng.randint(-1500, 400))
            elif fact.type in ("number", "integer"):
                facts[fact.id] = rng.randint(0, 100)
            elif fact.type == "boolean":
                facts[fact.id] = rng.random() < 0.7
            else:
                facts[fact.id] = "text"
        if facts:
            answer["facts"] = facts
        answer["evidence"] = [{"title": "Record", "ref": f"records/{rule.id}.pdf",
                               "date": AS_OF - dt.timedelta(days=rng.randint(0, 1200))}]
        chosen[rule.id] = answer
    data["answers"] = chosen
    return yaml.safe_dump(data, sort_keys=False)


def throughput(pack_name: str, count: int, answers: int) -> None:
    pack = load_pack(pack_name)
    rng = random.Random(20261101)
    texts = [generated_assessment(pack, rng, answers) for _ in range(count)]
    n_answers = statistics.median(len(yaml.safe_load(t)["answers"]) for t in texts[:20])
    start = time.perf_counter()
    for index, text in enumerate(texts):
        loaded = load_assessment_text(text, f"gen-{index}.yaml", pack_name)
        evaluate(loaded.pack, loaded.assessment, input_name=loaded.name,
                 input_sha256=loaded.sha256)
    elapsed = time.perf_counter() - start
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.perf_counter()
    for text in texts:
        yaml.load(text, Loader=loader)  # a safe loader: builds plain data only
    parse_only = time.perf_counter() - start
    size = statistics.median(len(t) for t in texts) / 1024
    print(f"throughput: {count} generated assessments of {n_answers:.0f} answers, about "
          f"{size:.0f} KB each (pack {pack.id}, {len(pack.rules)} rules), YAML parsing "
          "included, one core:")
    print(f"  {elapsed:.2f} s, {count / elapsed:.0f} assessments/s (goal >= 200/s)")
    print(f"  ceiling: PyYAML's {loader.__name__} alone reads {count / parse_only:.0f} "
          "of these files per second, with no checks at all")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--answers", type=int, default=80)
    parser.add_argument("--example", type=Path, default=REPO / "examples" / "county-sheriff.yaml")
    parser.add_argument("--pack", default="task-force-coordination")
    args = parser.parse_args()
    startup(args.example, args.pack, args.runs)
    throughput(args.pack, args.count, args.answers)


if __name__ == "__main__":
    main()
