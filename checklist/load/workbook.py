"""Read an assessment workbook (.xlsx) into the plain data the YAML reader produces.

Columns are found by their header, so they may be moved or hidden and rows may be
sorted. Every value remembers its cell, so problems read
``assessment.xlsx: sheet Answers, cell C14: …``. Formulas are never evaluated: the
value the office suite saved with the file is read. openpyxl parses the XML with
defusedxml when it is installed (it is a dependency), so entities are not expanded.

This module reads a workbook file in order; the parts are :mod:`~checklist.load.workbook_archive`
(what is refused before opening), :mod:`~checklist.load.workbook_rows` (rows by header, cells
as values), :mod:`~checklist.load.workbook_sheets` (each sheet into the assessment's data) and
:mod:`~checklist.load.workbook_formulas` (formulas with no saved value).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from checklist.load import inputs
from checklist.load import sheetlayout as L
from checklist.load.problems import quoted_list
from checklist.load.sheetdoc import Place, SheetDocument
from checklist.load.workbook_archive import MAX_UNPACKED_BYTES, open_book, refuse
from checklist.load.workbook_formulas import formula_problems, has_formulas
from checklist.load.workbook_rows import header
from checklist.load.workbook_sheets import AssessmentSheets

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_UNPACKED_BYTES",
    "is_workbook",
    "read_workbook",
    "read_workbook_file",
]

MAX_FILE_BYTES = 20 * 1024 * 1024


def _pack_name(book: Any) -> str:
    """The pack named on the agency sheet, read before the rest to type the values."""
    if L.AGENCY not in book.sheetnames:
        return ""
    for row in book[L.AGENCY].iter_rows(values_only=True, max_row=200, max_col=2):
        if row and header(row[0]) == "pack" and len(row) > 1 and row[1]:
            return str(row[1]).strip().split("@")[0]
    return ""


def read_workbook(raw: bytes, name: str, pack_for: Any) -> SheetDocument:
    """``raw`` (the file's bytes) as a document; ``pack_for(name)`` gives the pack or None."""
    if len(raw) > MAX_FILE_BYTES:
        raise refuse(name, f"the file is larger than {MAX_FILE_BYTES // 2**20} MB; an "
                     "assessment workbook is far smaller, so the file is refused")
    book = open_book(raw, name)
    try:
        doc = SheetDocument(name=name, data={}, sha256=hashlib.sha256(raw).hexdigest())
        if L.AGENCY not in book.sheetnames or L.ANSWERS not in book.sheetnames:
            raise refuse(name, f"the workbook needs the sheets '{L.AGENCY}' and "
                         f"'{L.ANSWERS}' (found: {quoted_list(book.sheetnames)}); start "
                         "from one written by checklist init")
        doc.default_place = Place(L.AGENCY, book.sheetnames.index(L.AGENCY) + 1, 0, 0)
        reader = AssessmentSheets(doc, book, pack_for(_pack_name(book)))
        reader.agency()
        reader.answers()
        reader.objectives()
        reader.facts()
        reader.evidence()
        reader.exceptions()
        reader.parameters()
        reader.extra_sheets()
        if has_formulas(raw):
            formula_problems(raw, doc, list(book.sheetnames))
        answers = doc.data["answers"]  # type: ignore[index]
        for rule, answer in answers.items():  # a row with nothing filled in: unanswered
            if answer == {}:
                answers[rule] = None
        return doc
    finally:
        book.close()


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def read_workbook_file(path: Path, pack_for: Any) -> SheetDocument:
    name = str(path)
    if path.suffix.lower() == ".xlsm":
        raise refuse(name, "macro-enabled workbooks (.xlsm) are not read, so that no macro "
                     "can travel with an assessment; save it as an Excel workbook (.xlsx)")
    from checklist.load.reading import read_input_bytes

    raw = read_input_bytes(path, name, limit=MAX_FILE_BYTES)
    inputs.record(path)  # so that no output of this run can replace it
    return read_workbook(raw, name, pack_for)
