"""Read a workbook sheet's rows by their headers and turn cells into values.

Columns are found by their header, so they may be moved or hidden and rows may be
sorted. Each value keeps its cell (:class:`~checklist.load.sheetdoc.Place`), and a value
that cannot be read as what it should be (a date, yes or no, a number) is a problem at
that cell. :mod:`~checklist.load.workbook_sheets` reads each sheet with this.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from checklist.load import sheetlayout as L
from checklist.load.problems import did_you_mean, quoted_list
from checklist.load.sheetdoc import Place, SheetDocument

_US_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TRUE = {"yes", "true", "y", "x"}
_FALSE = {"no", "false", "n"}

Row = tuple[int, dict[str, tuple[object, Place]]]


def header(text: object) -> str:
    return " ".join(str(text).split()).lower() if text is not None else ""


class RowReader:
    """The rows of a workbook's sheets, read into ``doc`` with each value's cell."""

    def __init__(self, doc: SheetDocument, book: Any) -> None:
        self.doc = doc
        self.book = book
        self.order = {n: i + 1 for i, n in enumerate(book.sheetnames)}

    def fail(self, where: Place, message: str) -> None:
        self.doc.read_problems.append(self.doc.problem_at(where, message))

    def rows(self, sheet: str, wanted: tuple[str, ...]) -> Iterator[Row]:
        """Each non-empty data row of ``sheet`` as {header: (value, place)}."""
        if sheet not in self.order:
            return
        ws = self.book[sheet]
        order = self.order[sheet]
        if (ws.max_row or 0) > L.MAX_ROWS or (ws.max_column or 0) > L.MAX_COLUMNS:
            self.fail(Place(sheet, order, 0, 0),
                      f"the sheet claims {ws.max_row:,} rows and {ws.max_column:,} columns; "
                      f"at most {L.MAX_ROWS:,} rows and {L.MAX_COLUMNS} columns are read, "
                      "so the file is refused")
            return
        it = ws.iter_rows(values_only=True)
        head = next(it, ())
        columns = {header(v): i for i, v in enumerate(head) if header(v)}
        missing = [h for h in wanted if h.lower() not in columns]
        for h in missing:
            self.fail(Place(sheet, order, 1, 0),
                      f"no column headed '{h}' in row 1; keep the headers as written "
                      f"({quoted_list(wanted)}){did_you_mean(h.lower(), columns)}")
        if missing:
            return
        for number, values in enumerate(it, start=2):
            if number > L.MAX_ROWS:
                break
            cells: dict[str, tuple[object, Place]] = {}
            for h in wanted:
                index = columns[h.lower()]
                value = values[index] if index < len(values) else None
                if isinstance(value, str):
                    value = value.strip() or None
                if value is not None:
                    cells[h] = (value, Place(sheet, order, number, index + 1))
            if cells:
                yield number, cells

    # --- value conversion -------------------------------------------------------------

    def text(self, value: object) -> str:
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)

    def date(self, value: object, where: Place, label: str) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = self.text(value)
        try:
            if _ISO_DATE.fullmatch(text):
                return dt.date.fromisoformat(text)
            if m := _US_DATE.fullmatch(text):
                return dt.date(int(m[3]), int(m[1]), int(m[2]))
        except ValueError:
            pass
        self.fail(where, f"{label}: '{text}' is not a date; {L.DATE_FORMS}")
        return None

    def yes_no(self, value: object, where: Place, label: str) -> bool | None:
        if isinstance(value, bool):
            return value
        word = self.text(value).lower()
        if word in _TRUE or word == "1":
            return True
        if word in _FALSE or word == "0":
            return False
        self.fail(where, f"{label}: '{self.text(value)}' is not yes or no; choose yes or no")
        return None

    def number(self, value: object, where: Place, label: str, whole: bool) -> int | float | None:
        if isinstance(value, str):
            plain = value.replace(",", "")
            try:
                value = int(plain) if re.fullmatch(r"-?[0-9]+", plain) else float(plain)
            except ValueError:
                self.fail(where, f"{label}: '{value}' is not a number")
                return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(where, f"{label}: '{self.text(value)}' is not a number")
            return None
        if whole and isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    def put(self, path: tuple[str | int, ...], value: object, where: Place) -> None:
        target: Any = self.doc.data
        for part in path[:-1]:
            target = target[part] if isinstance(part, int) else target.setdefault(part, {})
        target[path[-1]] = value
        self.doc.place(path, value, where)
