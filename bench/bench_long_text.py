"""Benchmark: the PDF render of the worst files the length limits accept, against the
example's render in the same run.

Run:  python bench/bench_long_text.py [--runs 3]

The worst accepted files start from ``examples/county-sheriff.yaml`` and fill it up to
the limit on all the text of a file (docs/filling-in.md, "Limits") with notes at their
own limit of 20,000 characters each:

* ``prose``: ordinary words;
* ``one-word``: each note a single unbroken 20,000-letter run, the case that took the
  layout minutes before long runs got break opportunities;
* ``every-field``: every name, title, owner and reference at its own limit too, and
  the rest of the budget in notes.

Each file is first checked to be accepted (else the script stops: it would measure
nothing). Then each variant is rendered ``--runs`` times in this process (load,
evaluate, PDF), interleaved with the example so that machine load hits all alike, and
the medians and their ratio to the example's median are printed. This is a
measurement, not a test: figures vary with the machine's load.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CHECKLIST_CACHE_DIR", tempfile.mkdtemp(prefix="bench-long-text-"))

from checklist.evaluation import evaluate  # noqa: E402
from checklist.load.assessment import load_assessment_text  # noqa: E402
from checklist.models.assessment import (  # noqa: E402
    LONG_TEXT_MAX,
    NAME_MAX,
    REFERENCE_MAX,
    TEXT_TOTAL_MAX,
)
from checklist.render.pdf import render  # noqa: E402

EXAMPLE = ROOT / "examples" / "county-sheriff.yaml"
WORDS = "the agency keeps a record of every meeting and review held under the agreement "


def _prose(n: int) -> str:
    return (WORDS * (n // len(WORDS) + 1))[:n - 1].rstrip() + "."


def _word(n: int) -> str:
    return "x" * n


def _size(data: Any) -> int:
    if isinstance(data, dict):
        return sum(_size(v) for v in data.values())
    if isinstance(data, list):
        return sum(_size(v) for v in data)
    return len(data) if isinstance(data, str) else 0


def _fill_notes(data: dict[str, Any], make: Callable[[int], str]) -> None:
    """Notes at their limit, practice after practice, while the file's budget allows."""
    margin = 1_000  # keys and dates are not text, but leave room for rounding
    for answer in data["answers"].values():
        if answer is None:
            continue
        left = TEXT_TOTAL_MAX - margin - _size(data) + len(answer.get("notes", ""))
        if left <= 0:
            return
        answer["notes"] = make(min(LONG_TEXT_MAX, left))


def _every_field(data: dict[str, Any]) -> None:
    data["agency"]["name"] = _prose(NAME_MAX)
    data["agency"]["jurisdiction"] = _prose(NAME_MAX)
    for answer in data["answers"].values():
        if answer is None:
            continue
        if answer.get("owner"):
            answer["owner"] = _prose(NAME_MAX)
        for item in answer.get("evidence", []):
            item["title"] = _prose(NAME_MAX)
            item["ref"] = _word(REFERENCE_MAX)
    _fill_notes(data, _prose)


def variants() -> dict[str, str]:
    base = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    out = {"example": EXAMPLE.read_text("utf-8")}
    for name, fill in (("prose", lambda d: _fill_notes(d, _prose)),
                       ("one-word", lambda d: _fill_notes(d, _word)),
                       ("every-field", _every_field)):
        data = copy.deepcopy(base)
        fill(data)
        out[name] = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=2**31)
    return out


def render_once(text: str, name: str) -> tuple[float, int]:
    start = time.perf_counter()
    loaded = load_assessment_text(text, name)
    result = evaluate(loaded.pack, loaded.assessment, input_name=name,
                      input_sha256=loaded.sha256)
    pdf = render(result)
    return time.perf_counter() - start, len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    texts = variants()
    for name, text in texts.items():
        load_assessment_text(text, name + ".yaml")  # raises if the limits refuse it
    times: dict[str, list[float]] = {name: [] for name in texts}
    sizes: dict[str, int] = {}
    for i in range(args.runs):
        order = list(texts) if i % 2 == 0 else list(reversed(texts))
        for name in order:
            seconds, sizes[name] = render_once(texts[name], name + ".yaml")
            times[name].append(seconds)
    base = statistics.median(times["example"])
    print(f"runs: {args.runs} per file, interleaved, in one process; text budget "
          f"{TEXT_TOTAL_MAX:,} characters, notes at most {LONG_TEXT_MAX:,}")
    print(f"{'file':<12} {'text chars':>11} {'median s':>9} {'min s':>7} {'max s':>7} "
          f"{'PDF KiB':>8} {'ratio':>6}")
    for name, t in times.items():
        median = statistics.median(t)
        chars = _size(yaml.safe_load(texts[name]))
        print(f"{name:<12} {chars:>11,} {median:>9.2f} {min(t):>7.2f} {max(t):>7.2f} "
              f"{sizes[name] / 1024:>8.0f} {median / base:>6.2f}")


if __name__ == "__main__":
    main()
