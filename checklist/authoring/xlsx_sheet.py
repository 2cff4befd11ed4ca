"""Workbook mechanics for the assessment workbook: sheets, cells, fit and fixed bytes.

:class:`Sheet` writes one sheet so that text always stays text (never a formula),
dates show as dates, answer cells are left unlocked, drop-down lists check values and
the sheet is protected without a password. :func:`fit_for_reading` gives wrapped rows
their height and pages their print setup; :func:`fixed_timestamps` makes the saved
archive the same bytes for the same input. What goes on each sheet is
:mod:`checklist.authoring.workbook`'s job. openpyxl is imported only when a sheet is made.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from checklist.load import sheetlayout as L

FIXED = dt.datetime(2000, 1, 1)
_WIDTHS = {"Rule id": 10, "Title": 40, "Status": 17, "Owner": 22, "Target date": 13,
           "Justification": 36, "Notes": 36, "Management response": 36, "Requirement": 70,
           "Remediation": 50, "Objective": 22, "Met": 8, "Objective text": 70, "Fact": 26,
           "Value": 34, "Type": 9, "Unit": 10, "About": 70, "Field": 32, "Reference": 40,
           "Date": 13, "Approved by": 24, "Approved on": 13, "Expires": 13, "Parameter": 30,
           "Default": 10}


class Sheet:
    """One sheet being written, with helpers that keep text as text."""

    def __init__(self, book: Any, title: str, headers: tuple[str, ...] | None) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.ws = book.create_sheet(title)
        self.row = 1
        self.headers = headers or ()
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.shown = PatternFill("solid", fgColor="EEEEEE")
        if headers:
            for col, head in enumerate(headers, start=1):
                cell = self.put(1, col, head)
                cell.font = Font(bold=True)
                letter = cell.column_letter
                self.ws.column_dimensions[letter].width = _WIDTHS.get(head, 20)
            self.ws.freeze_panes = "A2"
            self.row = 2

    def put(self, row: int, col: int, value: object) -> Any:
        cell = self.ws.cell(row=row, column=col)
        if value is None or value == "":
            return cell
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, even when the text starts with '='
        elif isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        return cell

    def add(self, values: Mapping[str, object], editable: Iterable[str]) -> int:
        from openpyxl.styles import Protection

        open_cells = set(editable)
        for col, head in enumerate(self.headers, start=1):
            cell = self.put(self.row, col, values.get(head))
            cell.alignment = self.wrap
            if head in open_cells:
                cell.protection = Protection(locked=False)
            elif head in L.SHOWN_ONLY:
                cell.fill = self.shown
        self.row += 1
        return self.row - 1

    def column(self, head: str) -> str:
        from openpyxl.utils import get_column_letter

        return str(get_column_letter(self.headers.index(head) + 1))

    def dropdown(self, head: str, formula: str, rows: Iterable[int],
                 kind: str = "list") -> None:
        from openpyxl.worksheet.datavalidation import DataValidation

        cells = [f"{self.column(head)}{r}" for r in rows]
        if not cells:
            return
        check = DataValidation(type=kind, formula1=formula, allow_blank=True,
                               showErrorMessage=True)
        if kind != "list":
            check.operator = "between"
            check.formula2 = "100000000" if kind != "date" else "2958465"
        check.error = "This value is not accepted here; see the Instructions sheet."
        self.ws.add_data_validation(check)
        for ref in cells:
            check.add(ref)

    def protect(self) -> None:
        self.ws.protection.sheet = True
        self.ws.protection.formatColumns = False
        self.ws.protection.formatRows = False
        self.ws.protection.sort = False
        self.ws.protection.autoFilter = False


_LINE_POINTS = 15.0


def fit_for_reading(ws: Any) -> None:
    """Row heights that show every wrapped line, and pages one sheet wide in landscape.

    A spreadsheet program sizes a wrapped row only when it is edited; without a stored
    height, a long requirement prints over the row below it."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, float] = {}
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            if cell.column not in widths:
                width = ws.column_dimensions[get_column_letter(cell.column)].width
                widths[cell.column] = float(width or 10)
            per_line = max(int(widths[cell.column] * 1.1), 1)
            needed = sum(max(1, -(-len(part) // per_line)) for part in cell.value.split("\n"))
            lines = max(lines, needed)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = lines * _LINE_POINTS
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1" if ws.freeze_panes == "A2" else None


def fixed_timestamps(raw: bytes) -> bytes:
    """The same archive with fixed member dates, so the same input gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z",
                              body)
            dst.writestr(fixed, body)
    return out.getvalue()
