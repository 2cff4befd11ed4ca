"""Benchmark: the PDF report end to end versus a bare WeasyPrint render of the same HTML.

Not a test. Each run is a fresh process, as a user would run it:

* ``checklist``: ``python -m checklist evaluate EXAMPLE -o report.pdf`` (imports, YAML
  loading, evaluation, templating, PDF/A-3b with tags and the embedded JSON);
* ``bare``: ``python -c "import weasyprint; HTML(string=saved_html).write_pdf()"`` on the
  very HTML the report uses (saved once beforehand), with default options.

Runs are interleaved (and the order alternates) so that machine noise hits both alike.
Usage::

    python bench/bench_pdf.py [examples/state-public-safety.yaml] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE = """
import sys, weasyprint
html = open(sys.argv[1], encoding="utf-8").read()
weasyprint.HTML(string=html, base_url=sys.argv[2]).write_pdf(sys.argv[3])
"""


def default_example() -> Path:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    if not examples:
        sys.exit("no examples/*.yaml to benchmark; pass an assessment file")
    return examples[0]


def save_html(example: Path, pack: str | None, target: Path) -> None:
    from checklist.assessment_loader import load_assessment
    from checklist.evaluation import evaluate
    from checklist.render.html import report_html

    loaded = load_assessment(example, pack)
    result = evaluate(loaded.pack, loaded.assessment, input_name=example.name,
                      input_sha256=loaded.sha256)
    target.write_text(report_html(result, "pdf"), encoding="utf-8")


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("example", nargs="?", type=Path)
    parser.add_argument("--pack", help="rule pack, if not the one the file names")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    example = (args.example or default_example()).resolve()

    from checklist.resources import templates_dir

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        work = Path(tmp)
        html = work / "report.html"
        save_html(example, args.pack, html)
        ours_pdf, bare_pdf = work / "report.pdf", work / "bare.pdf"
        ours_cmd = [sys.executable, "-m", "checklist", "evaluate", str(example), "-o",
                    str(ours_pdf)] + (["--pack", args.pack] if args.pack else [])
        bare_cmd = [sys.executable, "-c", BARE, str(html), templates_dir().as_uri() + "/",
                    str(bare_pdf)]
        times: dict[str, list[float]] = {"checklist": [], "bare": []}
        for i in range(args.runs):
            order = [("checklist", ours_cmd, ours_pdf), ("bare", bare_cmd, bare_pdf)]
            for name, cmd, out in order if i % 2 == 0 else reversed(order):
                out.unlink(missing_ok=True)
                times[name].append(timed(cmd))
        n_ours, n_bare = pages(ours_pdf), pages(bare_pdf)
        html_kib = html.stat().st_size / 1024
        pdf_kib = ours_pdf.stat().st_size / 1024

    ours = statistics.median(times["checklist"])
    bare = statistics.median(times["bare"])
    print(f"example: {example.relative_to(ROOT) if example.is_relative_to(ROOT) else example}")
    print(f"runs: {args.runs} per variant, interleaved, fresh process each; "
          f"HTML {html_kib:.0f} KiB; PDF {pdf_kib:.0f} KiB")
    print()
    print(f"{'variant':<10} {'median s':>9} {'min s':>7} {'max s':>7} {'pages':>6} {'s/page':>7}")
    for name, median, count in (("checklist", ours, n_ours), ("bare", bare, n_bare)):
        t = times[name]
        print(f"{name:<10} {median:>9.2f} {min(t):>7.2f} {max(t):>7.2f} {count:>6} "
              f"{median / count:>7.3f}")
    print()
    print(f"ratio checklist / bare: {ours / bare:.3f} (overhead {100 * (ours / bare - 1):+.1f}%; "
          "goal at most +10%)")


if __name__ == "__main__":
    main()
