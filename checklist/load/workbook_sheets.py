"""Read each sheet of an assessment workbook into the data an assessment file holds.

One method per sheet (agency and profile, answers, objectives, facts, evidence, exceptions,
parameters), each writing the same keys the YAML file has, so that validation and the
pack checks run unchanged. The pack, when known, gives each fact and parameter its type.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from checklist.load import sheetlayout as L
from checklist.load.loaded_pack import Pack
from checklist.load.problems import did_you_mean
from checklist.load.sheetdoc import Place, SheetDocument
from checklist.load.workbook_rows import RowReader


class AssessmentSheets(RowReader):
    """Every sheet of an assessment workbook, read into ``doc``."""

    def __init__(self, doc: SheetDocument, book: Any, pack: Pack | None) -> None:
        super().__init__(doc, book)
        self.pack = pack

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
