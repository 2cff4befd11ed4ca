"""The cell values of an .xlsx workbook, read straight from its XML.

An assessment workbook is read often (every validate, evaluate and roll-up member), and only
its values matter. openpyxl builds a full object for every cell and every shared string;
for a filled 79-practice workbook that cost about eight times the reading of the same
answers from YAML. This reader keeps what the assessment reader needs: sheet names in
order, each sheet's claimed size, and each row's values (text, numbers, yes/no, dates by
their number format, and a formula's last saved value). openpyxl still writes workbooks
and checks formulas.

The XML is parsed with defusedxml, so no entity is ever expanded; the caller has already
refused archives with a document type declaration, macros or an absurd unpacked size.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_RANGE_END = re.compile(r"(?:[A-Z]{1,3}[0-9]+:)?([A-Z]{1,3})([0-9]+)$")
# Number formats 14-22 and 45-47 are Excel's built-in date and time formats.
_BUILTIN_DATES = frozenset(range(14, 23)) | {45, 46, 47}
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


_COLUMNS: dict[str, int] = {}


def _column_of(ref: str) -> int:
    """The column number of a cell reference such as ``AB12``."""
    letters = ref.rstrip("0123456789")
    number = _COLUMNS.get(letters)
    if number is None:
        number = _COLUMNS[letters] = _column_number(letters) if letters.isalpha() else 0
    return number


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _parse(archive: zipfile.ZipFile, member: str) -> Any:
    from defusedxml import ElementTree

    return ElementTree.fromstring(archive.read(member))


def _is_date_format(code: str) -> bool:
    # Quoted text and bracketed parts ([Red], [$-409]) are not date tokens.
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return bool(re.search(r"[dmyhs]", bare)) and "general" not in bare


class DeclarationRefused(ValueError):
    """The XML declares a document type or an entity, which no workbook needs."""


def _refuse(*_: object) -> None:
    raise DeclarationRefused("the workbook's XML declares a document type or entity")


def _expat(start: Any, end: Any, chars: Any) -> Any:
    """An expat parser (C speed) that refuses any DTD or entity declaration."""
    from xml.parsers import expat

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.buffer_text = True
    return parser


def _local(name: str) -> str:
    return name if ":" not in name else name.rpartition(":")[2]


class _StringsReader:
    """The shared strings: each <si> is its <t> text, or its runs' texts joined; phonetic
    hints (<rPh>) are left out."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._parts: list[str] = []
        self._in_text = False
        self._in_phonetic = False

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag == "si":
            self._parts = []
        elif tag == "rPh":
            self._in_phonetic = True
        elif tag == "t" and not self._in_phonetic:
            self._in_text = True

    def end(self, name: str) -> None:
        tag = _local(name)
        if tag == "si":
            self.strings.append("".join(self._parts))
        elif tag == "rPh":
            self._in_phonetic = False
        elif tag == "t":
            self._in_text = False

    def chars(self, text: str) -> None:
        if self._in_text:
            self._parts.append(text)


class _SheetReader:
    """One pass over a worksheet's XML: its claimed dimension and each cell's raw parts."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.dimension = ""
        self.rows: dict[int, dict[int, object]] = {}
        self._row = 0
        self._next_col = 1
        self._cell: dict[str, str] = {}
        self._text: list[str] | None = None
        self._value: str | None = None
        self._inline: list[str] | None = None
        self._in_phonetic = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name if ":" not in name else name.rpartition(":")[2]
        if tag == "c":
            self._cell = attrs
            self._value = None
            self._inline = None
        elif tag == "v":
            self._text = []
        elif tag == "t":
            if self._inline is not None and not self._in_phonetic:
                self._text = []
        elif tag == "is":
            self._inline = []
        elif tag == "row":
            self._row = int(attrs.get("r") or self._row + 1)
            self._next_col = 1
        elif tag == "rPh":
            self._in_phonetic = True
        elif tag == "dimension":
            self.dimension = attrs.get("ref", "")

    def end(self, name: str) -> None:
        tag = name if ":" not in name else name.rpartition(":")[2]
        if tag == "c":
            ref = self._cell.get("r")
            col = (_column_of(ref) if ref else 0) or self._next_col
            self._next_col = col + 1
            inline = "".join(self._inline) if self._inline is not None else None
            value = self.book.value(self._cell, self._value, inline)
            if value is not None:
                self.rows.setdefault(self._row, {})[col] = value
        elif tag == "v":
            if self._text is not None:
                self._value = "".join(self._text)
                self._text = None
        elif tag == "t":
            if self._text is not None and self._inline is not None:
                self._inline.append("".join(self._text))
                self._text = None
        elif tag == "rPh":
            self._in_phonetic = False

    def chars(self, text: str) -> None:
        if self._text is not None:
            self._text.append(text)


class Sheet:
    """One worksheet: its claimed size and its rows of values."""

    def __init__(self, book: Book, member: str) -> None:
        reader = _SheetReader(book)
        _expat(reader.start, reader.end, reader.chars).Parse(book.archive.read(member), True)
        self._rows = reader.rows
        match = _RANGE_END.match(reader.dimension)
        if match:
            self.max_column = _column_number(match[1])
            self.max_row = int(match[2])
        else:
            self.max_row = max(self._rows, default=0)
            self.max_column = max((max(r, default=0) for r in self._rows.values()), default=0)

    def iter_rows(self, values_only: bool = True, max_row: int | None = None,
                  max_col: int | None = None) -> Iterator[tuple[object, ...]]:
        """Rows 1 … the last one holding a value, as tuples; empty rows included, so that
        a row's position is its row number."""
        last_row = max(self._rows, default=0)
        if max_row is not None:
            last_row = min(last_row, max_row)
        width = max((max(r) for r in self._rows.values()), default=0)
        if max_col is not None:
            width = min(width, max_col)
        for number in range(1, last_row + 1):
            cells = self._rows.get(number, {})
            yield tuple(cells.get(col) for col in range(1, width + 1))


class Book:
    """The sheets of a workbook by name, in the workbook's order."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        names = set(archive.namelist())
        workbook = _parse(archive, "xl/workbook.xml")
        props = workbook.find(f"{_MAIN}workbookPr")
        self._epoch = (_EPOCH_1904 if props is not None
                       and props.get("date1904") in ("1", "true") else _EPOCH_1900)
        targets = self._relationships("xl/_rels/workbook.xml.rels")
        self._members: dict[str, str] = {}
        for sheet in workbook.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(f"{_REL}id") or "", "")
            member = (target.lstrip("/") if target.startswith("/")
                      else posixpath.normpath(posixpath.join("xl", target)))
            if member in names:
                self._members[sheet.get("name") or ""] = member
        self.sheetnames = list(self._members)
        self._strings: list[str] = []
        if "xl/sharedStrings.xml" in names:
            strings = _StringsReader()
            _expat(strings.start, strings.end, strings.chars).Parse(
                archive.read("xl/sharedStrings.xml"), True)
            self._strings = strings.strings
        self._date_styles = self._read_date_styles() if "xl/styles.xml" in names else set()
        # Every sheet is read now, so that a damaged or hostile one is refused while the
        # workbook is opened, as one problem, and never half-way through the answers.
        self._sheets = {name: Sheet(self, member) for name, member in self._members.items()}

    def _relationships(self, member: str) -> dict[str, str]:
        if member not in self.archive.namelist():
            return {}
        return {rel.get("Id") or "": rel.get("Target") or ""
                for rel in _parse(self.archive, member).iter(f"{_PKG_REL}Relationship")}

    def _read_date_styles(self) -> set[int]:
        styles = _parse(self.archive, "xl/styles.xml")
        custom = {int(f.get("numFmtId") or -1): f.get("formatCode") or ""
                  for f in styles.iter(f"{_MAIN}numFmt")}
        xfs = styles.find(f"{_MAIN}cellXfs")
        dates: set[int] = set()
        for index, xf in enumerate(xfs.iterfind(f"{_MAIN}xf") if xfs is not None else ()):
            fmt = int(xf.get("numFmtId") or 0)
            if fmt in _BUILTIN_DATES or (fmt in custom and _is_date_format(custom[fmt])):
                dates.add(index)
        return dates

    def value(self, cell: dict[str, str], saved: str | None, inline: str | None) -> object:
        """The value a spreadsheet shows: for a formula, the value last saved with it."""
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            return inline
        if not saved:  # no value saved, e.g. a formula never calculated
            return None
        if kind == "s":
            index = int(saved)
            return self._strings[index] if 0 <= index < len(self._strings) else None
        if kind in ("str", "e"):
            return saved
        if kind == "b":
            return saved.strip() in ("1", "true")
        if kind == "d":
            return dt.datetime.fromisoformat(saved)
        try:
            number: int | float = (int(saved) if re.fullmatch(r"-?[0-9]+", saved)
                                   else float(saved))
        except ValueError:  # not a number after all: shown as the text it is
            return saved
        if int(cell.get("s") or 0) in self._date_styles:
            return self._epoch + dt.timedelta(seconds=round(float(number) * 86400))
        return number

    def __getitem__(self, name: str) -> Sheet:
        return self._sheets[name]

    def close(self) -> None:
        self.archive.close()
