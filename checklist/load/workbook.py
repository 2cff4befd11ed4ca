"""Read an assessment workbook (.xlsx) into the plain data the YAML reader produces.

Columns are found by their header, so they may be moved or hidden and rows may be
sorted. Every value remembers its cell, so problems read
``assessment.xlsx: sheet Answers, cell C14: …``. Formulas are never evaluated: the
value the office suite saved with the file is read. openpyxl parses the XML with
defusedxml when it is installed (it is a dependency), so entities are not expanded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from checklist.load import inputs
from checklist.load import sheetlayout as L
from checklist.load.packs import Pack
from checklist.load.problems import InputError, Problem, did_you_mean, quoted_list
from checklist.load.sheetdoc import Place, SheetDocument

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_US_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TRUE = {"yes", "true", "y", "x"}
_FALSE = {"no", "false", "n"}

Row = tuple[int, dict[str, tuple[object, Place]]]


def _refuse(name: str, message: str) -> InputError:
    return InputError([Problem(name, 1, 1, message, "error", "the workbook")])


def _check_archive(raw: bytes, name: str) -> None:
    """Refuse what is not a plain workbook before openpyxl unpacks anything."""
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise _refuse(name, "the file is protected with a password (or is an old .xls "
                          "file); save it without a password as an Excel workbook (.xlsx)")
        raise _refuse(name, "the file is not a readable .xlsx workbook (it may be damaged); "
                      "open it in your office suite and save it again as .xlsx")
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise _refuse(name, "the workbook unpacks to more than "
                          f"{MAX_UNPACKED_BYTES // 2**20} MB; an assessment is far smaller, "
                          "so the file is refused")
        if any(re.search(rb"<!(?:DOCTYPE|ENTITY)", archive.open(m).read(4096))
               for m in members if m.filename.endswith((".xml", ".rels"))):
            raise _refuse(name, _DECLARATION)
        if any(m.filename.lower().endswith("vbaproject.bin") for m in members):
            raise _refuse(name, "the workbook contains macros, which checklist never runs or "
                          "reads; save it as a plain Excel workbook (.xlsx) without macros")


_DECLARATION = ("the workbook's XML declares entities or a document type, which an office "
                "suite never writes and which can be used to attack XML readers; the file is "
                "refused")


def _open(raw: bytes, name: str) -> Any:
    from checklist.load.xlsx_cells import Book, DeclarationRefused

    _check_archive(raw, name)
    try:
        return Book(zipfile.ZipFile(io.BytesIO(raw)))
    except DeclarationRefused:
        raise _refuse(name, _DECLARATION) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _refuse(name, "the file is not a readable .xlsx workbook "
                      f"({type(exc).__name__}); open it in your office suite and save it "
                      "again as .xlsx") from None


def _header(text: object) -> str:
    return " ".join(str(text).split()).lower() if text is not None else ""


class _Reader:
    def __init__(self, doc: SheetDocument, book: Any, pack: Pack | None) -> None:
        self.doc = doc
        self.book = book
        self.pack = pack
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
        columns = {_header(v): i for i, v in enumerate(head) if _header(v)}
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

    # --- sheets ---------------------------------------------------------------------

    def put(self, path: tuple[str | int, ...], value: object, where: Place) -> None:
        target: Any = self.doc.data
        for part in path[:-1]:
            target = target[part] if isinstance(part, int) else target.setdefault(part, {})
        target[path[-1]] = value
        self.doc.place(path, value, where)

    def agency(self) -> None:
        known = {key for key, _ in L.AGENCY_FIELDS}
        questions = self.pack.questions if self.pack else {}
        for _, cells in self.rows(L.AGENCY, ("Field", "Value")):
            if "Field" not in cells:
                continue
            key_value, key_place = cells["Field"]
            key = self.text(key_value)
            if "Value" not in cells:
                continue
            value, where = cells["Value"]
            if key.startswith("profile."):
                self.profile(key.removeprefix("profile."), value, where, questions)
            elif key not in known:
                self.fail(key_place, f"'{key}' is not a field of this sheet"
                          f"{did_you_mean(key, known)}")
            elif key in L.DATE_FIELDS:
                if (day := self.date(value, where, key)) is not None:
                    self.put(tuple(key.split(".")), day, where)
            elif key in L.LIST_FIELDS:
                items = [i.strip() for i in self.text(value).split(";") if i.strip()]
                self.put(tuple(key.split(".")), items, where)
            else:
                self.put(tuple(key.split(".")), self.text(value), where)

    def profile(self, key: str, value: object, where: Place, questions: Any) -> None:
        q = questions.get(key)
        label = f"profile.{key}"
        answer: object
        if q is not None and q.type == "boolean":
            answer = self.yes_no(value, where, label)
            if answer is None:
                return
        elif q is not None and q.type == "multi_choice":
            text = self.text(value)
            answer = [] if text.lower() == "none" else [
                i.strip() for i in re.split(r"[,;]", text) if i.strip()]
        else:
            answer = self.text(value)
        self.put(("profile", key), answer, where)

    def rule_id(self, cells: dict[str, tuple[object, Place]], sheet: str,
                number: int) -> str | None:
        if "Rule id" not in cells:
            self.fail(Place(sheet, self.order[sheet], number, 1),
                      "this row has no rule id; fill it in or delete the row")
            return None
        return self.text(cells["Rule id"][0])

    def answers(self) -> None:
        fields = {"Status": "status", "Owner": "owner", "Justification": "justification",
                  "Notes": "notes", "Management response": "management_response"}
        self.doc.data["answers"] = {}  # type: ignore[index]
        for number, cells in self.rows(L.ANSWERS, ("Rule id", *fields, "Target date")):
            rule = self.rule_id(cells, L.ANSWERS, number)
            if rule is None:
                continue
            if rule in self.doc.data["answers"]:  # type: ignore[index]
                self.fail(cells["Rule id"][1], f"{rule} has a second row; keep one row per rule")
                continue
            self.put(("answers", rule), {}, cells["Rule id"][1])
            for header, key in fields.items():
                if header in cells:
                    value, where = cells[header]
                    text = self.text(value)
                    self.put(("answers", rule, key), text.lower() if key == "status" else text,
                             where)
            if "Target date" in cells:
                value, where = cells["Target date"]
                if (day := self.date(value, where, f"{rule}: target date")) is not None:
                    self.put(("answers", rule, "target_date"), day, where)

    def answer_of(self, rule: str, where: Place, sheet: str) -> bool:
        answers = self.doc.data["answers"]  # type: ignore[index]
        if rule not in answers:
            self.fail(where, f"{rule} is not on the Answers sheet; add a row for it there "
                      f"before giving its {sheet.lower()}")
            return False
        return True

    def objectives(self) -> None:
        for number, cells in self.rows(L.OBJECTIVES, ("Rule id", "Objective", "Met")):
            rule = self.rule_id(cells, L.OBJECTIVES, number)
            if rule is None or "Met" not in cells or "Objective" not in cells:
                continue
            if not self.answer_of(rule, cells["Rule id"][1], L.OBJECTIVES):
                continue
            key = self.text(cells["Objective"][0])
            value, where = cells["Met"]
            met = self.yes_no(value, where, f"{rule}: objective {key}")
            if met is not None:
                self.put(("answers", rule, "objectives", key), met, where)

    def fact_type(self, rule: str, key: str) -> str:
        if self.pack and rule in self.pack.rules:
            for fact in self.pack.rules[rule].facts:
                if fact.id == key:
                    return fact.type
        return ""

    def facts(self) -> None:
        for number, cells in self.rows(L.FACTS, ("Rule id", "Fact", "Value")):
            rule = self.rule_id(cells, L.FACTS, number)
            if rule is None or "Value" not in cells or "Fact" not in cells:
                continue
            if not self.answer_of(rule, cells["Rule id"][1], L.FACTS):
                continue
            key = self.text(cells["Fact"][0])
            value, where = cells["Value"]
            label = f"{rule}: fact {key}"
            kind = self.fact_type(rule, key)
            converted: object
            if kind == "date":
                converted = self.date(value, where, label)
            elif kind == "boolean":
                converted = self.yes_no(value, where, label)
            elif kind in ("number", "integer"):
                converted = self.number(value, where, label, kind == "integer")
            elif kind == "text":
                converted = self.text(value)
            else:
                converted = value.date() if isinstance(value, dt.datetime) else value
            if converted is not None:
                self.put(("answers", rule, "facts", key), converted, where)

    def evidence(self) -> None:
        for number, cells in self.rows(L.EVIDENCE, ("Rule id", "Title", "Reference", "Date")):
            rule = self.rule_id(cells, L.EVIDENCE, number)
            if rule is None or not self.answer_of(rule, cells["Rule id"][1], L.EVIDENCE):
                continue
            answer = self.doc.data["answers"][rule]  # type: ignore[index]
            index = len(answer.setdefault("evidence", []))
            base = ("answers", rule, "evidence", index)
            item: dict[str, object] = {}
            answer["evidence"].append(item)
            self.doc.place(base, item, cells["Rule id"][1])
            if "Title" in cells:
                self.put((*base, "title"), self.text(cells["Title"][0]), cells["Title"][1])
            if "Reference" in cells:
                self.put((*base, "ref"), self.text(cells["Reference"][0]),
                         cells["Reference"][1])
            if "Date" in cells:
                value, where = cells["Date"]
                if (day := self.date(value, where, f"{rule}: evidence date")) is not None:
                    self.put((*base, "date"), day, where)

    def exceptions(self) -> None:
        headers = ("Rule id", "Justification", "Approved by", "Approved on", "Expires")
        grants: list[dict[str, object]] = []
        for number, cells in self.rows(L.EXCEPTIONS, headers):
            rule = self.rule_id(cells, L.EXCEPTIONS, number)
            if rule is None:
                continue
            index = len(grants)
            grants.append({})
            self.doc.data["exceptions"] = grants  # type: ignore[index]
            self.doc.place(("exceptions", index), grants[-1], cells["Rule id"][1])
            for header, key in zip(headers, ("rule", "justification", "approved_by",
                                             "approved_on", "expires"), strict=True):
                if header not in cells:
                    continue
                value, where = cells[header]
                if key in ("approved_on", "expires"):
                    if (day := self.date(value, where, f"exception for {rule}: "
                                         f"{header.lower()}")) is not None:
                        self.put(("exceptions", index, key), day, where)
                else:
                    self.put(("exceptions", index, key), self.text(value), where)

    def parameters(self) -> None:
        params = self.pack.parameters if self.pack else {}
        for _, cells in self.rows(L.PARAMETERS, ("Parameter", "Value")):
            if "Parameter" not in cells or "Value" not in cells:
                continue
            key = self.text(cells["Parameter"][0])
            value, where = cells["Value"]
            param = params.get(key)
            whole = param is not None and param.type == "integer"
            number = self.number(value, where, f"parameters.{key}", whole)
            if number is not None:
                self.put(("parameters", key), number, where)

    def extra_sheets(self) -> None:
        for name in self.book.sheetnames:
            if name not in L.HEADERS and name != L.INSTRUCTIONS:
                self.doc.read_problems.append(self.doc.problem_at(
                    Place(name, self.order[name], 0, 0),
                    f"the sheet '{name}' is not part of an assessment workbook and is ignored",
                    level="warning"))


def _has_formulas(raw: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return any(re.search(rb"<(?:\w+:)?f[ >/]", archive.read(m))
                   for m in archive.namelist() if m.startswith("xl/worksheets/"))


def _formula_problems(raw: bytes, doc: SheetDocument, names: list[str]) -> None:
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


def _pack_name(book: Any) -> str:
    """The pack named on the agency sheet, read before the rest to type the values."""
    if L.AGENCY not in book.sheetnames:
        return ""
    for row in book[L.AGENCY].iter_rows(values_only=True, max_row=200, max_col=2):
        if row and _header(row[0]) == "pack" and len(row) > 1 and row[1]:
            return str(row[1]).strip().split("@")[0]
    return ""


def read_workbook(raw: bytes, name: str, pack_for: Any) -> SheetDocument:
    """``raw`` (the file's bytes) as a document; ``pack_for(name)`` gives the pack or None."""
    if len(raw) > MAX_FILE_BYTES:
        raise _refuse(name, f"the file is larger than {MAX_FILE_BYTES // 2**20} MB; an "
                      "assessment workbook is far smaller, so the file is refused")
    book = _open(raw, name)
    try:
        doc = SheetDocument(name=name, data={}, sha256=hashlib.sha256(raw).hexdigest())
        if L.AGENCY not in book.sheetnames or L.ANSWERS not in book.sheetnames:
            raise _refuse(name, f"the workbook needs the sheets '{L.AGENCY}' and "
                          f"'{L.ANSWERS}' (found: {quoted_list(book.sheetnames)}); start "
                          "from one written by checklist init")
        doc.default_place = Place(L.AGENCY, book.sheetnames.index(L.AGENCY) + 1, 0, 0)
        reader = _Reader(doc, book, pack_for(_pack_name(book)))
        reader.agency()
        reader.answers()
        reader.objectives()
        reader.facts()
        reader.evidence()
        reader.exceptions()
        reader.parameters()
        reader.extra_sheets()
        if _has_formulas(raw):
            _formula_problems(raw, doc, list(book.sheetnames))
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
        raise _refuse(name, "macro-enabled workbooks (.xlsm) are not read, so that no macro "
                      "can travel with an assessment; save it as an Excel workbook (.xlsx)")
    from checklist.load.reading import read_input_bytes

    raw = read_input_bytes(path, name, limit=MAX_FILE_BYTES)
    inputs.record(path)  # so that no output of this run can replace it
    return read_workbook(raw, name, pack_for)
