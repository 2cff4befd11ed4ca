"""Benchmark: the PDF report end to end versus a bare WeasyPrint render of the same HTML.

Not a test. Each run is a fresh process, as a user would run it:

* ``checklist``: ``python -m checklist evaluate EXAMPLE -o report.pdf`` (imports, YAML
  loading, evaluation, templating, PDF/A-3b with tags and the embedded JSON);
* ``bare``: ``python -c "import weasyprint; HTML(string=saved_html).write_pdf()"`` on the
  very HTML the report uses (saved once beforehand), with default options;
* ``bare-pdfa``: the same with the report's PDF options (PDF/A-3b, tagged), which shows
  how much of the difference is the archival format rather than the tool.

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
options = {"pdf_variant": "pdf/a-3b", "pdf_tags": True} if sys.argv[4] == "archival" else {}
weasyprint.HTML(string=html, base_url=sys.argv[2]).write_pdf(sys.argv[3], **options)
"""


def default_example() -> Path:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    if not examples:
        sys.exit("no examples/*.yaml to benchmark; pass an assessment file")
    return examples[0]


def save_html(example: Path, pack: str | None, target: Path) -> None:
    from checklist.evaluation import evaluate
    from checklist.load.assessment import load_assessment
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
        ours_pdf, bare_pdf, pdfa_pdf = work / "report.pdf", work / "bare.pdf", work / "a.pdf"
        ours_cmd = [sys.executable, "-m", "checklist", "evaluate", str(example), "-o",
                    str(ours_pdf)] + (["--pack", args.pack] if args.pack else [])
        base = templates_dir().as_uri() + "/"
        bare_cmd = [sys.executable, "-c", BARE, str(html), base, str(bare_pdf), "default"]
        pdfa_cmd = [sys.executable, "-c", BARE, str(html), base, str(pdfa_pdf), "archival"]
        times: dict[str, list[float]] = {"checklist": [], "bare": [], "bare-pdfa": []}
        for i in range(args.runs):
            order = [("checklist", ours_cmd, ours_pdf), ("bare", bare_cmd, bare_pdf),
                     ("bare-pdfa", pdfa_cmd, pdfa_pdf)]
            for name, cmd, out in order if i % 2 == 0 else reversed(order):
                out.unlink(missing_ok=True)
                times[name].append(timed(cmd))
        counts = {"checklist": pages(ours_pdf), "bare": pages(bare_pdf),
                  "bare-pdfa": pages(pdfa_pdf)}
        html_kib = html.stat().st_size / 1024
        pdf_kib = ours_pdf.stat().st_size / 1024

    medians = {name: statistics.median(t) for name, t in times.items()}
    ours, bare, pdfa = medians["checklist"], medians["bare"], medians["bare-pdfa"]
    print(f"example: {example.relative_to(ROOT) if example.is_relative_to(ROOT) else example}")
    print(f"runs: {args.runs} per variant, interleaved, fresh process each; "
          f"HTML {html_kib:.0f} KiB; PDF {pdf_kib:.0f} KiB")
    print()
    print(f"{'variant':<10} {'median s':>9} {'min s':>7} {'max s':>7} {'pages':>6} {'s/page':>7}")
    for name, t in times.items():
        print(f"{name:<10} {medians[name]:>9.2f} {min(t):>7.2f} {max(t):>7.2f} "
              f"{counts[name]:>6} {medians[name] / counts[name]:>7.3f}")
    print()
    print(f"ratio checklist / bare: {ours / bare:.3f} (overhead {100 * (ours / bare - 1):+.1f}%; "
          "goal at most +10%)")
    print(f"ratio checklist / bare-pdfa: {ours / pdfa:.3f} "
          f"(overhead {100 * (ours / pdfa - 1):+.1f}%: the tool itself, same PDF options)")


if __name__ == "__main__":
    main()
