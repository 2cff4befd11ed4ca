"""Benchmark ``checklist rollup``: wall time and peak memory over many assessments.

    python bench/bench_rollup.py                      # 1,000 files, --jobs 1 and 2, 3 runs each
    python bench/bench_rollup.py --files 250 --files 1000 --jobs 2 --runs 3
    python bench/bench_rollup.py --pdf                # also time one PDF of the largest roll-up

Assessments are generated at random but seeded (``--seed``), for the shipped pack
``task-force-coordination`` when it loads, else for the test pack ``tests/packs/mini``
(the script says which). Every run is a fresh process, measured from outside (wall
time, including interpreter start-up); the process reports its own peak resident set
(``ru_maxrss`` of itself: the parent that aggregates) and the largest of its worker
processes (``ru_maxrss`` of its children). A baseline measured in the same way, the
interpreter importing pydantic, yaml and click and nothing else, is printed first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checklist.evaluation.verify import applicability, profile_answers  # noqa: E402
from checklist.load.packs import Pack, load_pack  # noqa: E402

SHIPPED = "task-force-coordination"
MINI = ROOT / "tests" / "packs" / "mini"

# A measured run: the rollup command in this process, then its own and its children's peaks.
_RUNNER = """
import json, resource, sys
from checklist.cli import main
try:
    main(sys.argv[1:], prog_name="checklist")
except SystemExit as exc:
    code = exc.code or 0
else:
    code = 0
kb = 1 if sys.platform != "darwin" else 1024
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": code, "self_kb": me.ru_maxrss // kb, "children_kb": kids.ru_maxrss // kb,
                  "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime}),
      file=sys.stderr)
"""

_BASELINE = """
import json, resource, sys
import pydantic, yaml, click
me = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"code": 0, "self_kb": me.ru_maxrss, "children_kb": 0,
                  "cpu_s": me.ru_utime + me.ru_stime}), file=sys.stderr)
"""

TOWNS = ["Ashford", "Bramble", "Cedar", "Dunmore", "Elkhart", "Fairview", "Glenwood", "Harlow",
         "Ironton", "Juniper", "Kingsley", "Lakemont", "Marlow", "Northgate", "Oakridge",
         "Pinecrest", "Quarry", "Riverside", "Stanton", "Thornbury", "Upton", "Valemont",
         "Westbrook", "Yarrow"]
KINDS = ["County Sheriff's Office", "Police Department", "Department of Public Safety",
         "Marshal's Office", "Campus Police"]
STATUSES = ["implemented", "partial", "planned", "not_implemented", "alternative",
            "not_applicable"]
STATUS_WEIGHTS = [50, 20, 10, 10, 4, 6]


def _spin(_: int) -> int:
    total = 0
    for i in range(5_000_000):
        total += i
    return total


def parallel_capacity(jobs: int) -> float:
    """Speed-up of a pure CPU loop on ``jobs`` processes over one: what the machine gives."""
    import multiprocessing

    times = []
    for n in (1, jobs):
        start = time.perf_counter()
        with multiprocessing.get_context().Pool(n) as pool:
            pool.map(_spin, range(2 * jobs))
        times.append(time.perf_counter() - start)
    return times[0] / times[1]


def choose_pack() -> tuple[Pack, str]:
    try:
        return load_pack(SHIPPED), SHIPPED
    except Exception as exc:
        print(f"note: the shipped pack does not load ({str(exc).splitlines()[0]}); "
              "using the test pack tests/packs/mini", file=sys.stderr)
        return load_pack(str(MINI)), str(MINI)


def _profile(pack: Pack, rng: random.Random) -> dict[str, object]:
    out: dict[str, object] = {}
    for q in pack.manifest.profile:
        values = [c.value for c in q.choices]
        if q.type == "boolean":
            out[q.id] = rng.random() < 0.6
        elif q.type == "choice":
            out[q.id] = rng.choice(values)
        else:
            out[q.id] = sorted(rng.sample(values, rng.randint(0, min(3, len(values)))))
    return out


def _fact(kind: str, as_of: dt.date, rng: random.Random) -> object:
    if kind == "date":
        return as_of + dt.timedelta(days=rng.randint(-700, 400))
    if kind == "boolean":
        return rng.random() < 0.8
    if kind == "integer":
        return rng.randint(0, 40)
    if kind == "number":
        return round(rng.uniform(0, 100), 1)
    return "as recorded in the file"


def assessment(pack: Pack, index: int, rng: random.Random) -> dict[str, object]:
    as_of = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 670))
    profile = _profile(pack, rng)
    answered = profile_answers(pack.questions, profile)  # type: ignore[arg-type]
    answers: dict[str, object] = {}
    for rule in pack.rules.values():
        if not applicability(rule, answered)[0] or rng.random() < 0.06:
            continue
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        if status == "not_applicable" and not rule.allow_not_applicable:
            status = "partial"
        answer: dict[str, object] = {"status": status}
        if rule.objectives:
            answer["objectives"] = {o.id: rng.random() < 0.85 for o in rule.objectives}
        if rule.facts:
            answer["facts"] = {f.id: _fact(f.type, as_of, rng) for f in rule.facts}
        if status in ("implemented", "partial", "alternative") and rng.random() < 0.9:
            answer["evidence"] = [
                {"title": f"Record {rule.id}-{n}", "ref": f"records/{rule.id.lower()}/{n}.pdf",
                 "date": as_of - dt.timedelta(days=rng.randint(0, 600))}
                for n in range(rng.randint(1, 2))]
        if status in ("not_applicable", "alternative"):
            answer["justification"] = "Handled under the county's own written procedure."
        if status in ("partial", "planned", "not_implemented"):
            answer["owner"] = rng.choice(["Chief Deputy", "Records Manager", "Training Lead"])
            answer["target_date"] = as_of + dt.timedelta(days=rng.randint(-120, 365))
        answers[rule.id] = answer
    town = TOWNS[index % len(TOWNS)]
    return {
        "pack": pack.id,
        "agency": {"name": f"{town} {rng.choice(KINDS)} {index:05d}",
                   "jurisdiction": f"{town} County"},
        "as_of": as_of,
        "profile": profile,
        "answers": answers,
    }


def generate(pack: Pack, folder: Path, count: int, seed: int) -> float:
    """Write ``count`` files; return the mean number of answers per file."""
    import yaml

    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for index in range(count):
        data = assessment(pack, index, rng)
        total += len(data["answers"])  # type: ignore[arg-type]
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        (folder / f"agency-{index:05d}.yaml").write_text(text, encoding="utf-8")
    return total / count


def measure(code: str, args: list[str]) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                          text=True, check=False)
    wall = time.perf_counter() - start
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    if report["code"] != 0:
        raise SystemExit(f"the run failed ({report['code']}):\n{proc.stderr[-2000:]}")
    return {"wall_s": wall, "cpu_s": report["cpu_s"], "parent_mb": report["self_kb"] / 1024,
            "worker_mb": report["children_kb"] / 1024}


def median_of(runs: int, code: str, args: list[str]) -> dict[str, float]:
    samples = [measure(code, args) for _ in range(runs)]
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, action="append",
                        help="number of assessments (repeatable; default 1000)")
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values")
    parser.add_argument("--runs", type=int, default=3, help="runs per case (median)")
    parser.add_argument("--seed", type=int, default=20261101)
    parser.add_argument("--pdf", action="store_true", help="also time one PDF of the largest")
    options = parser.parse_args()
    sizes = sorted(options.files or [1000])
    jobs = [int(j) for j in options.jobs.split(",")]
    pack, pack_arg = choose_pack()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.system()} {platform.release()}")
    print(f"pack: {pack.id} {pack.version} ({len(pack.rules)} rules)")
    print("load average at start (other work on the machine slows the runs): "
          + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    if max(jobs) > 1:
        print(f"calibration: a pure CPU loop runs {parallel_capacity(max(jobs)):.2f}× as fast "
              f"on {max(jobs)} processes as on 1 (the most --jobs {max(jobs)} can gain here)")
    base = median_of(options.runs, _BASELINE, [])
    print(f"baseline (python -c 'import pydantic, yaml, click'): {base['wall_s']:.2f} s, "
          f"{base['parent_mb']:.0f} MB")
    print("wall: elapsed, start-up included; cpu: user+system time of the process and its "
          "workers (does not depend on other work on the machine)")
    print(f"{'files':>6} {'jobs':>4} {'wall s':>8} {'cpu s':>8} {'cpu ms/file':>12} "
          f"{'parent MB':>10} {'worker MB':>10} {'parent+jobs×worker MB':>22}")
    with tempfile.TemporaryDirectory(prefix="bench-rollup-") as tmp:
        largest = Path()
        for size in sizes:
            folder = Path(tmp) / f"n{size}"
            mean_answers = generate(pack, folder, size, options.seed)
            largest = folder
            print(f"# {size} files, {mean_answers:.1f} answers per file on average")
            out = Path(tmp) / f"out-{size}.json"
            args = ["rollup", str(folder), "-o", str(out), "--allow-invalid"]
            if pack_arg != SHIPPED:
                args += ["--pack", pack_arg]
            for j in jobs:
                m = median_of(options.runs, _RUNNER, [*args, "--jobs", str(j)])
                total = m["parent_mb"] + (j * m["worker_mb"] if j > 1 else 0)
                print(f"{size:>6} {j:>4} {m['wall_s']:>8.2f} {m['cpu_s']:>8.2f} "
                      f"{1000 * m['cpu_s'] / size:>12.2f} {m['parent_mb']:>10.0f} "
                      f"{m['worker_mb']:>10.0f} {total:>22.0f}")
            summary = json.loads(out.read_text())["summary"]
            print(f"#   roll-up: {summary['agencies']} agencies, {summary['invalid']} left out, "
                  f"median score {summary['median_score']}")
        if options.pdf:
            pdf = Path(tmp) / "out.pdf"
            args = ["rollup", str(largest), "-o", str(pdf), "--allow-invalid", "--jobs",
                    str(max(jobs))]
            if pack_arg != SHIPPED:
                args += ["--pack", pack_arg]
            m = measure(_RUNNER, args)
            print(f"PDF of {sizes[-1]} agencies (one run): {m['wall_s']:.1f} s wall, "
                  f"{m['cpu_s']:.1f} s cpu, parent "
                  f"{m['parent_mb']:.0f} MB, {pdf.stat().st_size / 1e6:.1f} MB file")


    print("load average at end: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
