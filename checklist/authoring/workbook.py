"""Write an assessment as a workbook (.xlsx) to fill in with an office suite.

The writer takes the same plain data a YAML assessment holds (``init`` prepares it as
YAML first, so the workbook starts from exactly what the YAML file would hold). Every
text cell is stored as text, never as a formula. Rule ids and titles are locked (the
sheets are protected without a password); answer cells are not. The file is the same
bytes for the same input: fixed document dates and zip timestamps.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from checklist.authoring.xlsx_sheet import FIXED, Sheet, fit_for_reading, fixed_timestamps
from checklist.i18n import _, using
from checklist.load import sheetlayout as L
from checklist.load.packs import Pack
from checklist.models.pack import Fact, Rule, Status
from checklist.statuses import MEANINGS

_YES_NO = '"yes,no"'


def _yes_no(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


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
    sheet = Sheet(book, L.INSTRUCTIONS, None)
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
    sheet = Sheet(book, L.AGENCY, L.HEADERS[L.AGENCY])
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
    sheet = Sheet(book, L.ANSWERS, L.HEADERS[L.ANSWERS])
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
    sheet = Sheet(book, L.OBJECTIVES, L.HEADERS[L.OBJECTIVES])
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


def _fact_about(fact: Fact) -> str:
    """What the fact is: its label first, where the pack gives one (the Fact column keeps
    the id, by which the workbook is read back)."""
    about = " ".join(fact.help.split())
    label = fact.label.strip()
    return f"{label[:1].upper()}{label[1:]} — {about}" if label else about


def _facts(book: Any, rules: list[Rule], answers: Mapping[str, Any]) -> None:
    sheet = Sheet(book, L.FACTS, L.HEADERS[L.FACTS])
    by_type: dict[str, list[int]] = {}
    for rule in rules:
        given = (answers.get(rule.id) or {}).get("facts") or {}
        for fact in rule.facts:
            row = sheet.add({"Rule id": rule.id, "Fact": fact.id,
                             "Value": _yes_no(given.get(fact.id)), "Type": fact.type,
                             "Unit": fact.unit, "About": _fact_about(fact)},
                            ["Value"])
            by_type.setdefault(fact.type, []).append(row)
    for kind, rows in by_type.items():
        if kind in _FACT_CHECKS:
            check, formula = _FACT_CHECKS[kind]
            sheet.dropdown("Value", formula, rows, kind=check)
    sheet.protect()


def _evidence(book: Any, rules: list[Rule], answers: Mapping[str, Any]) -> None:
    sheet = Sheet(book, L.EVIDENCE, L.HEADERS[L.EVIDENCE])
    everything = L.HEADERS[L.EVIDENCE]
    for rule in rules:
        for item in (answers.get(rule.id) or {}).get("evidence") or []:
            sheet.add({"Rule id": rule.id, "Title": item.get("title"),
                       "Reference": item.get("ref"), "Date": item.get("date")}, everything)


def _exceptions(book: Any, data: Mapping[str, Any]) -> None:
    sheet = Sheet(book, L.EXCEPTIONS, L.HEADERS[L.EXCEPTIONS])
    for grant in data.get("exceptions") or []:
        sheet.add({"Rule id": grant.get("rule"), "Justification": grant.get("justification"),
                   "Approved by": grant.get("approved_by"),
                   "Approved on": grant.get("approved_on"), "Expires": grant.get("expires")},
                  L.HEADERS[L.EXCEPTIONS])


def _parameters(book: Any, pack: Pack, data: Mapping[str, Any]) -> None:
    sheet = Sheet(book, L.PARAMETERS, L.HEADERS[L.PARAMETERS])
    given = data.get("parameters") or {}
    for param in pack.parameters.values():
        sheet.add({"Parameter": param.id, "Value": given.get(param.id), "Unit": param.unit,
                   "Default": param.default, "About": param.title}, ["Value"])
    sheet.protect()


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
        fit_for_reading(sheet)
    book.properties.created = book.properties.modified = FIXED
    book.properties.creator = "checklist"
    buffer = io.BytesIO()
    book.save(buffer)
    return fixed_timestamps(buffer.getvalue())
