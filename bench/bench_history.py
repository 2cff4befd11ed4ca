"""Benchmark the history database (``rollup --db`` and ``checklist history``).

    python bench/bench_history.py                       # 18,000 x 3 years; re-roll 2,000 files
    python bench/bench_history.py --reroll-files 18000  # the re-roll at full size (slow)

Part 1 loads ``--agencies`` x 3 years of generated assessment summaries (for the shipped
pack's rules, seeded) into a new database in one run, as ``rollup --db`` stores them,
and reports the load time, the file size and each history view's time (median of
``--runs``). Part 2 writes ``--reroll-files`` assessment files (bench_rollup's
generator), stores them with one ``rollup --db``, changes 1 % of them, and times the
re-roll with the database (median of ``--runs``, each from the same stored state) against
a full roll-up of the same files without it (median of ``--full-runs``), both measured in
the same way (fresh process, wall and cpu time) in this run. On a shared machine the cpu
ratio is the steadier figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_rollup import _RUNNER, choose_pack, generate, measure  # noqa: E402

from checklist.history import queries  # noqa: E402
from checklist.history.schema import connect  # noqa: E402
from checklist.history.store import RunStore  # noqa: E402
from checklist.load.packs import Pack  # noqa: E402
from checklist.portfolio.file_summary import FileSummary  # noqa: E402
from checklist.result import Fraction  # noqa: E402

YEARS = (2024, 2025, 2026)


def summary(pack: Pack, agency: int, year: int, rng: random.Random) -> FileSummary:
    rules = list(pack.rules.values())
    rows = []
    for rule in rules:
        credit = rng.choices([1.0, 0.5, 0.0], [70, 20, 10])[0]
        rows.append((rule.id, pack.rule_domain.get(rule.id, ""), True,
                     "implemented" if credit == 1 else "partial", credit, credit < 1,
                     () if credit == 1 else ("evidence_missing",)))
    score = round(rng.uniform(20, 98), 1)
    gaps = tuple(r[0] for r in rows if r[5])
    return FileSummary(
        file=f"agency-{agency:05d}-{year}.yaml", pack_id=pack.id, pack_path=str(pack.path),
        agency=f"Agency {agency:05d}", jurisdiction=f"County {agency % 77}",
        as_of=dt.date(year, 1 + agency % 12, 1 + agency % 28), score=score,
        rating="Strong" if score >= 80 else "Developing", provisional=False,
        completion=Fraction(len(rules), len(rules), 1.0), gaps=len(gaps), critical_gaps=0,
        domain_scores=tuple((d.id, round(rng.uniform(0, 100), 1)) for d in pack.domains),
        report_id=f"{pack.id}-{year}-{agency:05d}", gap_rules=gaps,
        in_scope_rules=tuple(r[0] for r in rows),
        sha256=hashlib.sha256(f"{agency:05d}-{year}".encode()).hexdigest(),
        agency_id=f"ag-{agency:05d}", pack_version=pack.version, rule_rows=tuple(rows))


def timed(runs: int, func: Callable[[], object]) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def load_and_query(pack: Pack, folder: Path, agencies: int, runs: int) -> None:
    db = folder / "statewide.sqlite"
    rng = random.Random(7)
    start = time.perf_counter()
    with RunStore(db) as store:
        for year in YEARS:
            for agency in range(agencies):
                # Every 50th agency has not filed in the last year.
                if year == YEARS[-1] and agency % 50 == 0:
                    continue
                store.record(summary(pack, agency, year, rng))
    load = time.perf_counter() - start
    size = sum(p.stat().st_size for p in folder.glob("statewide.sqlite*")) / 1e6
    print(f"load: {store.added:,} assessments ({agencies:,} agencies x {len(YEARS)} years, "
          f"{len(pack.rules)} rules each) in {load:.1f} s; database {size:.1f} MB")
    conn = connect(db)
    views: dict[str, Callable[[], object]] = {
        "agencies": lambda: queries.agencies(conn),
        "agency NAME": lambda: queries.agency(conn, f"Agency {agencies // 2:05d}"),
        "gaps": lambda: queries.gaps(conn),
        f"missing --year {YEARS[-1]}": lambda: queries.missing(conn, YEARS[-1]),
        "export (assessments)": lambda: queries.export(conn),
    }
    for name, func in views.items():
        print(f"  history {name}: {timed(runs, func):.2f} s (median of {runs})")
    conn.close()


def reroll(pack: Pack, pack_arg: str, folder: Path, files: int, jobs: int, runs: int,
           full_runs: int) -> None:
    inputs = folder / "files"
    generate(pack, inputs, files, seed=11)
    db = folder / "reroll.sqlite"
    base = ["rollup", str(inputs), "--pack", pack_arg, "--allow-invalid", "--jobs", str(jobs),
            "-o", str(folder / "out.json")]
    first = measure(_RUNNER, [*base, "--db", str(db)])
    saved = folder / "saved.sqlite"
    shutil.copyfile(db, saved)  # closed and checkpointed: the one file holds everything
    paths = sorted(inputs.iterdir())
    for path in paths[:: 100]:  # 1 % changed
        path.write_text(path.read_text(encoding="utf-8") + "# revised\n", encoding="utf-8")
    again = []
    for _ in range(runs):  # each time from the database as the first run left it
        shutil.copyfile(saved, db)
        again.append(measure(_RUNNER, [*base, "--db", str(db)]))
    full = [measure(_RUNNER, base) for _ in range(full_runs)]
    with_db = {k: statistics.median(m[k] for m in again) for k in ("wall_s", "cpu_s")}
    without = {k: statistics.median(m[k] for m in full) for k in ("wall_s", "cpu_s")}
    print(f"re-roll of {files:,} files, {len(paths[::100])} changed (--jobs {jobs}): with --db "
          f"{with_db['wall_s']:.1f} s wall, {with_db['cpu_s']:.1f} s cpu (median of {runs}); "
          f"full roll-up without it {without['wall_s']:.1f} s wall, {without['cpu_s']:.1f} s "
          f"cpu (median of {full_runs}); {without['wall_s'] / with_db['wall_s']:.1f}x faster "
          f"by wall time, {without['cpu_s'] / with_db['cpu_s']:.1f}x by cpu time; first run "
          f"with --db {first['wall_s']:.1f} s wall")
    print(f"load average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=18_000)
    parser.add_argument("--reroll-files", type=int, default=2_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--full-runs", type=int, default=1,
                        help="Full roll-ups without the database (each takes minutes).")
    args = parser.parse_args()
    pack, pack_arg = choose_pack()
    folder = Path(tempfile.mkdtemp(prefix="bench-history-"))
    try:
        load_and_query(pack, folder, args.agencies, args.runs)
        if args.reroll_files:
            reroll(pack, pack_arg, folder, args.reroll_files, args.jobs, args.runs,
                   args.full_runs)
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
