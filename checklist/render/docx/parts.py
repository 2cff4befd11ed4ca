"""Word pieces: tables and bullet lists as the report uses them, and what python-docx has no
call for: repeating header rows, the page number field, a simple bar chart picture, and a
zip with fixed timestamps."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from collections.abc import Sequence
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

from checklist.render.text import visible

# By report_view.tone: 0 the best band (green) … 3 the lowest (red), 4 no score (grey).
_TONES = [(0x2E, 0x7D, 0x32), (0x5A, 0x9E, 0x4B), (0xD9, 0x8C, 0x1F), (0xB0, 0x3A, 0x2E),
          (0x99, 0x99, 0x99)]


def repeat_header(table: Any) -> None:
    """Mark the first row as a header row that Word repeats on every page."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def page_number(paragraph: Any) -> None:
    """Append a PAGE field: Word and LibreOffice fill in the page number."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def encode_png(width: int, height: int, pixels: list[bytearray]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def bar_chart(values: Sequence[tuple[float | None, int]]) -> bytes:
    """One horizontal bar per domain (score 0–100, coloured by band tone) on a grey track."""
    width, bar, gap = 600, 18, 8
    height = max(1, len(values)) * (bar + gap) + gap
    pixels = [bytearray(b"\xff" * (width * 3)) for _ in range(height)]
    for i, (value, tone) in enumerate(values):
        top = gap + i * (bar + gap)
        filled = 0 if value is None else round(width * value / 100)
        colour = _TONES[min(max(tone, 0), len(_TONES) - 1)]
        for y in range(top, top + bar):
            row = pixels[y]
            for x in range(width):
                row[x * 3:x * 3 + 3] = bytes(colour if x < filled else (0xE6, 0xE6, 0xE6))
    return encode_png(width, height, pixels)


def fixed_zip(data: bytes, day: dt.date) -> bytes:
    """The same package with every member dated ``day``, so equal inputs give equal bytes."""
    out = io.BytesIO()
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[str]],
          widths: Sequence[float] = ()) -> None:
    """A table whose header row repeats on each page; ``widths`` in inches, if given."""
    grid = doc.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = visible(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    repeat_header(grid)
    for row in rows:
        for cell, text in zip(grid.add_row().cells, row, strict=True):
            cell.text = visible(text)
    if widths:
        grid.autofit = False
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = Inches(width)
        for row_ in grid.rows:
            for cell, width in zip(row_.cells, widths, strict=True):
                cell.width = Inches(width)
    doc.add_paragraph()


def bullets(doc: Any, lines: Sequence[str]) -> None:
    for line in lines:
        doc.add_paragraph(line, style="List Bullet")
