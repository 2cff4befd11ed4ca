"""History rows as a terminal table, CSV, JSON or Markdown."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

FORMATS = ("table", "csv", "json", "md")
EXTENSIONS = {".csv": "csv", ".json": "json", ".md": "md", ".txt": "table"}


def _columns(rows: Sequence[dict[str, Any]]) -> list[str]:
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    return list(columns)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}" if not value.is_integer() or value > 1 else f"{value:g}"
    return " ".join(str(value).split())  # no line breaks or tabs inside a cell


def render(rows: Sequence[dict[str, Any]], fmt: str, *, title: str) -> str:
    columns = _columns(rows)
    if fmt == "json":
        from checklist.render.text import json_visible

        return json_visible(json.dumps({"view": title, "rows": list(rows)}, indent=2,
                                       ensure_ascii=False)) + "\n"
    if fmt == "csv":
        from checklist.render.text import csv_cell

        # As every CSV the tool writes: a byte-order mark, so spreadsheets read the
        # accents, and no cell that a spreadsheet would run as a formula.
        buf = io.StringIO()
        buf.write("\ufeff")
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([csv_cell(r.get(c)) for c in columns] for r in rows)
        return buf.getvalue()
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    if fmt == "md":
        from checklist.render.text import md

        def line(values: Sequence[str]) -> str:
            return "| " + " | ".join(md(v) for v in values) + " |"
        out = [f"# {md(title)}", "", line(columns), line(["---"] * len(columns))]
        return "\n".join([*out, *(line(c) for c in cells)]) + "\n"
    from checklist.terminal import visible_controls

    cells = [[visible_controls(v) for v in row] for row in cells]
    if not rows:
        return f"{title}: none\n"
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
              for r in cells]
    return "\n".join(lines) + "\n"
