"""Find formulas whose value was never saved: checklist never calculates one.

A workbook's cells are read as the office suite saved them; a formula written by another
program (or typed and never saved by an office suite) has no saved value, which would read
as an empty cell. Each such cell is a problem at its place.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile

from checklist.load import sheetlayout as L
from checklist.load.sheetdoc import Place, SheetDocument


def has_formulas(raw: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return any(re.search(rb"<(?:\w+:)?f[ >/]", archive.read(m))
                   for m in archive.namelist() if m.startswith("xl/worksheets/"))


def formula_problems(raw: bytes, doc: SheetDocument, names: list[str]) -> None:
    """A formula whose value was never saved cannot be read: checklist never evaluates one."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        formulas = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
        values = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        for order, name in enumerate(names, start=1):
            pairs = zip(formulas[name].iter_rows(max_row=L.MAX_ROWS, max_col=L.MAX_COLUMNS),
                        values[name].iter_rows(max_row=L.MAX_ROWS, max_col=L.MAX_COLUMNS,
                                               values_only=True), strict=False)
            for number, (cells, saved) in enumerate(pairs, start=1):
                for index, cell in enumerate(cells):
                    text = cell.value
                    if (isinstance(text, str) and text.startswith("=")
                            and (index >= len(saved) or saved[index] is None)):
                        doc.read_problems.append(doc.problem_at(
                            Place(name, order, number, index + 1),
                            f"the cell holds the formula {text[:40]} with no saved value; "
                            "formulas are never calculated here: type the value itself, or "
                            "open and save the file in your office suite"))
    finally:
        formulas.close()
        values.close()
