"""``checklist history DB agency NAME -o FILE``: the trend report and its chart."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_history import INJECTION, make_history, run

from checklist.history import chart


@pytest.fixture()
def history_db(tmp_path: Path) -> Path:
    return make_history(tmp_path / "h.sqlite")


def test_the_trend_report_in_each_format(history_db: Path, tmp_path: Path) -> None:
    for ext in ("json", "csv", "md", "html"):
        result = run("history", history_db, "agency", "Improver", "-o", tmp_path / f"t.{ext}")
        assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "t.json").read_text())
    assert [(y["year"], y["score"]) for y in data["years"]] == [
        (2024, 50.0), (2025, 60.0), (2026, 75.0)]
    assert data["score_change"] == 25.0 and data["agency"]["name"] == "Improver"
    csv_lines = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    assert csv_lines[0].startswith("Agency,Agency id,Jurisdiction,Year,Date,Score")
    assert [line.split(",")[3] for line in csv_lines[1:]] == ["2024", "2025", "2026"]
    md = (tmp_path / "t.md").read_text()
    assert "score 50.0 in 2024, 75.0 in 2026 (up 25.0 points)" in md
    assert "| 2025 | 2025-03-01 | 60.0 | Developing |" in md
    html = (tmp_path / "t.html").read_text()
    assert 'role="img"' in html and "<title id=\"chart-title\">" in html
    assert "Score by year: 2024 50.0, 2025 60.0, 2026 75.0." in html  # the alternative text


def test_the_pdf_has_the_figures_and_the_chart(history_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.pdf"
    result = run("history", history_db, "agency", "Improver", "-o", out)
    assert result.exit_code == 0, result.output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    words = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Improver" in words and "Score and domain scores by year" in words
    assert "up 25.0 points" in words and "2026-03-01" in words
    assert "trend.json" in reader.attachments


def test_the_chart_draws_each_series_and_breaks_at_a_missing_score() -> None:
    series = chart.series_for(["Score", "Alpha"], [[50.0, None, 70.0, 80.0],
                                                    [10.0, 20.0, 30.0, 40.0]])
    svg = chart.svg([2023, 2024, 2025, 2026], series, title="T <b>", description="D & more")
    lines = re.findall(r'<polyline points="([^"]+)"', svg)
    assert len(lines) == 2  # Alpha: one line of 4 points; Score: only 2025-2026 joined
    assert sorted(len(p.split()) for p in lines) == [2, 4]
    assert svg.count("<circle") == 7  # every point with a value is marked
    assert "<title id=\"chart-title\">T &lt;b&gt;</title>" in svg and "D &amp; more" in svg
    ys = [float(p.split(",")[1]) for p in lines[0].split()]
    assert ys == sorted(ys, reverse=True)  # rising values go up the page


def test_table_on_the_terminal_and_unknown_formats(history_db: Path, tmp_path: Path) -> None:
    table = run("history", history_db, "agency", "improver")
    assert table.exit_code == 0 and "2026-03-01" in table.stdout
    bad = run("history", history_db, "agency", "Improver", "-o", tmp_path / "t.oscal.json")
    assert bad.exit_code == 2 and ("the trend report cannot be written as OSCAL assessment "
                                   "results") in bad.stderr
    assert not (tmp_path / "t.oscal.json").exists()
    same = run("history", history_db, "agency", "Improver", "-o", history_db, "-f", "csv")
    assert same.exit_code == 2 and "is a file this command reads" in same.stderr
    export = run("history", history_db, "export", "-o", history_db, "-f", "csv")
    assert export.exit_code == 2 and "is a file this command reads" in export.stderr
    assert run("history", history_db, "agencies").exit_code == 0  # the database is intact


def test_an_injection_name_is_escaped_in_the_trend(history_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.html"
    assert run("history", history_db, "agency", INJECTION, "-o", out).exit_code == 0
    html = out.read_text()
    assert "Robert&#39;); DROP TABLE agencies; --" in html


def test_json_writes_del_and_c1_characters_as_escapes(tmp_path: Path) -> None:
    from test_history import summary

    from checklist.history.store import RunStore

    db = tmp_path / "h.sqlite"
    with RunStore(db) as store:
        store.record(summary("Odd\x85Name\x9b[31m\x7f", "2026-01-01", 50.0, ()))
    for args in (["agency", "Odd\x85Name\x9b[31m\x7f", "-f", "json"],
                 ["agencies", "-f", "json", "-o", "-"]):
        out = run("history", db, *args)
        assert out.exit_code == 0, out.output
        assert "Odd\\u0085Name\\u009b[31m\\u007f" in out.stdout
        assert not any(c in out.stdout for c in "\x85\x9b\x7f")


def test_the_markdown_trend_has_a_mermaid_line_chart(history_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.md"
    assert run("history", history_db, "agency", "Improver", "-o", out).exit_code == 0
    md = out.read_text(encoding="utf-8")
    block = md.split("```mermaid\n", 1)[1].split("\n```", 1)[0].splitlines()
    assert block[1] == "xychart-beta"
    assert "    x-axis [2024, 2025, 2026]" in block
    assert block.count("    line [50.0, 60.0, 75.0]") == 2  # the score and its one domain
    assert "Lines, out of 100 by year: Score (black), Alpha domain (dark blue)." in md


def test_mermaid_labels_cannot_break_out_of_the_chart() -> None:
    title = 'Ada "County" `x` [a]; {b} %%{init}%% #1 <b>&amp;\n```\nline [0]'
    block, _ = chart.mermaid([2024], chart.series_for(["Score"], [[1.0]]), title=title)
    line = next(x for x in block.splitlines() if x.startswith("    title "))
    inner = line[len('    title "'):-1]
    assert line.endswith('"') and not any(c in inner for c in '"`[]{};%#<>&\n')
    assert block.count("```") == 2 and block.count("    line [") == 1


def test_a_series_with_a_missing_year_is_not_drawn_in_markdown() -> None:
    series = chart.series_for(["Score", "Beta"], [[50.0, 60.0], [None, 40.0]])
    block, shown = chart.mermaid([2024, 2025], series, title="t")
    assert [s.label for s in shown] == ["Score"] and block.count("    line [") == 1


def _pixels(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and the RGB rows (filter bytes dropped) of the encoder's PNGs."""
    import struct
    import zlib

    width, height = struct.unpack(">II", png[16:24])
    data, pos = b"", 8
    while pos < len(png):
        (size,), kind = struct.unpack(">I", png[pos:pos + 4]), png[pos + 4:pos + 8]
        if kind == b"IDAT":
            data += png[pos + 8:pos + 8 + size]
        pos += 12 + size
    raw = zlib.decompress(data)
    rows = b"".join(raw[y * (width * 3 + 1) + 1:(y + 1) * (width * 3 + 1)] for y in range(height))
    return width, height, rows


def test_the_word_trend_report(history_db: Path, tmp_path: Path) -> None:
    import zipfile

    import docx

    out = tmp_path / "t.docx"
    assert run("history", history_db, "agency", "Improver", "-o", out).exit_code == 0
    document = docx.Document(str(out))
    figures, legend = document.tables
    assert [c.text for c in figures.rows[0].cells] == ["Year", "2024", "2025", "2026"]
    assert [c.text for c in figures.rows[2].cells] == ["Score", "50.0", "60.0", "75.0"]
    assert [c.text for c in legend.columns[0].cells] == ["Line", "Score", "Alpha domain"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Score by year: 2024 50.0, 2025 60.0, 2026 75.0." in text
    shape = document.inline_shapes[0]._inline.docPr
    assert shape.get("descr").startswith("Score by year: 2024 50.0")
    with zipfile.ZipFile(out) as package:
        (png_name,) = [n for n in package.namelist() if n.endswith(".png")]
        png = package.read(png_name)
    width, height, rows = _pixels(png)
    assert (width, height) == (chart.WIDTH * 2, chart.HEIGHT * 2)
    # The score (black) is drawn at the first year's point, 50 on the scale, and nowhere at 90.
    at = round(chart.x_of(0, 3) * 2), round(chart.y_of(50) * 2)
    assert rows[(at[1] * width + at[0]) * 3:(at[1] * width + at[0]) * 3 + 3] == b"\x11\x11\x11"
    top = round(chart.y_of(90) * 2)
    assert b"\x11\x11\x11" not in rows[top * width * 3:(top + 1) * width * 3]
    again = tmp_path / "again.docx"
    assert run("history", history_db, "agency", "Improver", "-o", again).exit_code == 0
    assert again.read_bytes() == out.read_bytes()  # the same history, the same bytes


def test_python_docx_is_imported_only_for_word(history_db: Path) -> None:
    code = ("import sys; from checklist.cli import main\n"
            "try:\n main(['history', sys.argv[1], 'agency', 'Improver', '-o', '-', '-f', 'md'])\n"
            "except SystemExit: pass\n"
            "assert 'docx' not in sys.modules, 'docx imported'")
    done = subprocess.run([sys.executable, "-c", code, str(history_db)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
