"""Write an assessment as a workbook (.xlsx) to fill in with an office suite.

The writer takes the same plain data a YAML assessment holds (``init`` prepares it as
YAML first, so the workbook starts from exactly what the YAML file would hold). Every
text cell is stored as text, never as a formula. Rule ids and titles are locked (the
sheets are protected without a password); answer cells are not. The file is the same
bytes for the same input: fixed document dates and zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from typing import Any

from checklist.i18n import _, using
from checklist.load import sheetlayout as L
from checklist.load.packs import Pack
from checklist.models.pack import Rule, Status
from checklist.statuses import MEANINGS

_FIXED = dt.datetime(2000, 1, 1)
_WIDTHS = {"Rule id": 10, "Title": 40, "Status": 17, "Owner": 22, "Target date": 13,
           "Justification": 36, "Notes": 36, "Management response": 36, "Requirement": 70,
           "Remediation": 50, "Objective": 22, "Met": 8, "Objective text": 70, "Fact": 26,
           "Value": 34, "Type": 9, "Unit": 10, "About": 70, "Field": 32, "Reference": 40,
           "Date": 13, "Approved by": 24, "Approved on": 13, "Expires": 13, "Parameter": 30,
           "Default": 10}
_YES_NO = '"yes,no"'


def _yes_no(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


class _Sheet:
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


def _dig(data: Mapping[str, Any], dotted: str) -> object:
    value: Any = data
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _status_meanings() -> list[str]:
    """The status meanings, naming the workbook's columns instead of the YAML fields."""
    columns = {"owner and target_date": "Owner and Target date",
               "owner y target_date": "Owner y Target date",
               "justification": "Justification"}
    lines = []
    for status, meaning in MEANINGS.items():
        meaning = _(meaning)
        for field, column in columns.items():
            meaning = meaning.replace(field, column)
        lines.append(f"  {status}: {meaning}")
    return lines


def _instructions(book: Any, pack: Pack) -> None:
    """The Instructions sheet, in the file's ``report_language``. The sheet names, the
    column headers and the values of the drop-down lists stay as they are in every
    language: the workbook is read back by them."""
    sheet = _Sheet(book, L.INSTRUCTIONS, None)
    sheet.ws.column_dimensions["A"].width = 100
    lines = [
        _("Assessment workbook for the rule pack {pack} {version}").format(
            pack=pack.id, version=pack.version),
        "",
        _("Fill in the sheets 'Agency & profile', 'Answers', 'Objectives', 'Facts', "
          "'Evidence', 'Exceptions' and 'Parameters'. Grey columns are shown for reference "
          "and are not read."),
        _("Keep the header row of each sheet as it is: columns are found by their header, so "
          "they may be moved, hidden or widened, and rows may be sorted."),
        _("Dates: use a date cell, or write 2026-11-01 (YYYY-MM-DD) or 11/01/2026 "
          "(MM/DD/YYYY)."),
        _("Yes/no cells: yes or no. Formulas are not evaluated; the value last calculated by "
          "your office suite is read."),
        _("Then run: checklist validate FILE.xlsx, and checklist evaluate FILE.xlsx -o "
          "report.pdf"),
        "",
        _("Status meanings:"),
        *_status_meanings(),
        "  " + _("(empty): not answered yet"),
        "",
        _("What the checks verify: some practices state facts (on the Facts sheet), such as "
          "a date or a count; checklist compares them with the requirement and reports a "
          "claim the facts do not support. Evidence is listed in the report; it is never "
          "opened."),
    ]
    for line in lines:
        sheet.put(sheet.row, 1, line).alignment = sheet.wrap
        sheet.row += 1


def _agency(book: Any, pack: Pack, data: Mapping[str, Any]) -> None:
    sheet = _Sheet(book, L.AGENCY, L.HEADERS[L.AGENCY])
    for key, about in L.AGENCY_FIELDS:
        value = _dig(data, key)
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        row = sheet.add({"Field": key, "Value": value, "About": about}, ["Value"])
        if key == "document.status":
            sheet.dropdown("Value", '"draft,final"', [row])
        if key == "report_language":
            sheet.dropdown("Value", '"en,es"', [row])
    profile = data.get("profile") or {}
    for q in pack.manifest.profile:
        value = profile.get(q.id)
        if isinstance(value, list):
            value = ", ".join(value) if value else "none"
        choices = [c.value for c in q.choices]
        about = q.question + (f" Choices: {', '.join(choices)}." if choices else "")
        if q.type == "multi_choice":
            about += " Several may be given, separated by commas; 'none' for none."
        row = sheet.add({"Field": f"profile.{q.id}", "Value": _yes_no(value), "About": about},
                        ["Value"])
        if q.type == "boolean":
            sheet.dropdown("Value", _YES_NO, [row])
        elif q.type == "choice" and len(",".join(choices)) < 250:
            sheet.dropdown("Value", '"' + ",".join(choices) + '"', [row])
    sheet.protect()


def _answers(book: Any, rules: list[Rule], answers: Mapping[str, Any]) -> None:
    sheet = _Sheet(book, L.ANSWERS, L.HEADERS[L.ANSWERS])
    editable = ("Status", "Owner", "Target date", "Justification", "Notes",
                "Management response")
    rows = []
    for rule in rules:
        a = answers.get(rule.id) or {}
        rows.append(sheet.add({
            "Rule id": rule.id, "Title": rule.title, "Status": a.get("status"),
            "Owner": a.get("owner"), "Target date": a.get("target_date"),
            "Justification": a.get("justification"), "Notes": a.get("notes"),
            "Management response": a.get("management_response"),
            "Requirement": " ".join(rule.requirement.split()),
            "Remediation": " ".join(rule.remediation.split())}, editable))
    sheet.dropdown("Status", '"' + ",".join(s.value for s in Status) + '"', rows)
    sheet.dropdown("Target date", "36526", rows, kind="date")
    sheet.protect()


def _objectives(book: Any, rules: list[Rule], answers: Mapping[str, Any]) -> None:
    sheet = _Sheet(book, L.OBJECTIVES, L.HEADERS[L.OBJECTIVES])
    rows = []
    for rule in rules:
        ticks = (answers.get(rule.id) or {}).get("objectives") or {}
        for objective in rule.objectives:
            rows.append(sheet.add({"Rule id": rule.id, "Objective": objective.id,
                                   "Met": _yes_no(ticks.get(objective.id)),
                                   "Objective text": " ".join(objective.text.split())},
                                  ["Met"]))
    sheet.dropdown("Met", _YES_NO, rows)
    sheet.protect()


_FACT_CHECKS = {"date": ("date", "1"), "number": ("decimal", "-100000000"),
                "integer": ("whole", "-100000000"), "boolean": ("list", _YES_NO)}


def _facts(book: Any, rules: list[Rule], answers: Mapping[str, Any]) -> None:
    sheet = _Sheet(book, L.FACTS, L.HEADERS[L.FACTS])
    by_type: dict[str, list[int]] = {}
    for rule in rules:
        given = (answers.get(rule.id) or {}).get("facts") or {}
        for fact in rule.facts:
            row = sheet.add({"Rule id": rule.id, "Fact": fact.id,
                             "Value": _yes_no(given.get(fact.id)), "Type": fact.type,
                             "Unit": fact.unit, "About": " ".join(fact.help.split())},
                            ["Value"])
            by_type.setdefault(fact.type, []).append(row)
    for kind, rows in by_type.items():
        if kind in _FACT_CHECKS:
            check, formula = _FACT_CHECKS[kind]
            sheet.dropdown("Value", formula, rows, kind=check)
    sheet.protect()


def _evidence(book: Any, rules: list[Rule], answers: Mapping[str, Any]) -> None:
    sheet = _Sheet(book, L.EVIDENCE, L.HEADERS[L.EVIDENCE])
    everything = L.HEADERS[L.EVIDENCE]
    for rule in rules:
        for item in (answers.get(rule.id) or {}).get("evidence") or []:
            sheet.add({"Rule id": rule.id, "Title": item.get("title"),
                       "Reference": item.get("ref"), "Date": item.get("date")}, everything)


def _exceptions(book: Any, data: Mapping[str, Any]) -> None:
    sheet = _Sheet(book, L.EXCEPTIONS, L.HEADERS[L.EXCEPTIONS])
    for grant in data.get("exceptions") or []:
        sheet.add({"Rule id": grant.get("rule"), "Justification": grant.get("justification"),
                   "Approved by": grant.get("approved_by"),
                   "Approved on": grant.get("approved_on"), "Expires": grant.get("expires")},
                  L.HEADERS[L.EXCEPTIONS])


def _parameters(book: Any, pack: Pack, data: Mapping[str, Any]) -> None:
    sheet = _Sheet(book, L.PARAMETERS, L.HEADERS[L.PARAMETERS])
    given = data.get("parameters") or {}
    for param in pack.parameters.values():
        sheet.add({"Parameter": param.id, "Value": given.get(param.id), "Unit": param.unit,
                   "Default": param.default, "About": param.title}, ["Value"])
    sheet.protect()


_LINE_POINTS = 15.0


def _fit_for_reading(ws: Any) -> None:
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


def workbook_bytes(data: Mapping[str, Any], pack: Pack) -> bytes:
    """The workbook for ``data`` (plain assessment data); one Answers row per answered rule."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    answers = data.get("answers") or {}
    rules = [rule for rule in pack.rules.values() if rule.id in answers]
    with using(str(data.get("report_language") or "en")):
        _instructions(book, pack)
    _agency(book, pack, data)
    _answers(book, rules, answers)
    _objectives(book, rules, answers)
    _facts(book, rules, answers)
    _evidence(book, rules, answers)
    _exceptions(book, data)
    _parameters(book, pack, data)
    for sheet in book.worksheets:
        _fit_for_reading(sheet)
    book.properties.created = book.properties.modified = _FIXED
    book.properties.creator = "checklist"
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_timestamps(buffer.getvalue())


def _fixed_timestamps(raw: bytes) -> bytes:
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
