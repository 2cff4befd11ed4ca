"""GitHub-flavoured Markdown tables, shared by the report and the other Markdown documents."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def table(header: Sequence[str], rows: Iterable[Sequence[str]],
          align: str = "") -> list[str]:
    """A GFM table; cells must already be escaped. ``align`` has one l/r per column."""
    marks = [("---:" if a == "r" else "---") for a in align.ljust(len(header), "l")]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(c if c else " " for c in r) + " |" for r in rows]
    return [*lines, ""]
