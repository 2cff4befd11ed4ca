"""A JSON Schema (draft 2020-12) for the assessment files of one rule pack.

Editors use it to complete keys, list allowed values and flag mistakes while the
file is being typed (the ``# yaml-language-server: $schema=…`` line that
``checklist init`` writes). The schema mirrors what ``checklist validate`` reports
as errors; warnings are not schema matters. What a schema cannot express is listed
in ``tests/test_schema.py`` with the reason.

YAML reads ``2026-11-01`` as a date while JSON has no dates, so data read by a YAML
library must go through :func:`json_compatible` (or be read with
:func:`load_yaml_for_schema`) before a JSON Schema validator sees it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import yaml

from checklist.load.packs import Pack
from checklist.models.assessment import (
    AGENCY_ID_PATTERN,
    EVIDENCE_MAX,
    EXCEPTIONS_MAX,
    FACT_TEXT_MAX,
    LIST_MAX,
    LONG_TEXT_MAX,
    NAME_MAX,
    REFERENCE_MAX,
)
from checklist.models.pack import Fact, Parameter, ProfileQuestion, Rule, Status
from checklist.statuses import MEANINGS

DRAFT = "https://json-schema.org/draft/2020-12/schema"

JsonObject = dict[str, Any]

_DATE: JsonObject = {
    "type": "string",
    "format": "date",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": "A date written YYYY-MM-DD, for example 2026-11-01 (quotes optional; "
                   "a number is not a date).",
}
# Length limits are those of the file models (docs/filling-in.md, "Limits").
_TEXT: JsonObject = {"type": "string", "pattern": "\\S", "maxLength": NAME_MAX,
                     "description": "Text; must not be empty."}
_STRING: JsonObject = {"type": "string", "maxLength": NAME_MAX}
_LONG: JsonObject = {"type": "string", "maxLength": LONG_TEXT_MAX}
_LONG_TEXT: JsonObject = {**_TEXT, "maxLength": LONG_TEXT_MAX}

_FACT_TYPES: dict[str, JsonObject] = {
    "number": {"type": "number"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "text": {"type": "string", "maxLength": FACT_TEXT_MAX},
}


def _obj(properties: JsonObject, *, required: list[str] | None = None,
         nullable: bool = False, **extra: Any) -> JsonObject:
    """An object schema that, like the file models, refuses keys it does not list."""
    schema: JsonObject = {"type": ["object", "null"] if nullable else "object", **extra,
                          "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


def _date(description: str, *, nullable: bool = False) -> JsonObject:
    if not nullable:
        return {**_DATE, "description": description}
    return {"anyOf": [_DATE, {"type": "null"}], "description": description}


def _person(description: str, *, nullable: bool) -> JsonObject:
    return _obj({
        "name": {**_TEXT, "description": "Full name."},
        "title": {**_STRING, "description": "Job title."},
        "email": _STRING,
        "phone": _STRING,
    }, required=["name"], nullable=nullable, description=description)


def _question(q: ProfileQuestion) -> JsonObject:
    described = {"title": q.question, "description": q.help or q.question}
    if q.type == "boolean":
        return {"type": "boolean", **described}
    values = [c.value for c in q.choices]
    labels = "; ".join(f"{c.value} = {c.label}" for c in q.choices)
    described["description"] = f"{described['description']} Allowed: {labels}".strip()
    if q.type == "choice":
        return {"type": "string", "enum": values, **described}
    return {"type": "array", "items": {"type": "string", "enum": values}, **described}


def _parameter(p: Parameter) -> JsonObject:
    schema: JsonObject = {"type": p.type, "title": p.title,
                          "description": f"{p.title} (default {p.default:g}"
                                         f"{' ' + p.unit if p.unit else ''}). {p.basis}"}
    if p.minimum is not None:
        schema["minimum"] = p.minimum
    if p.maximum is not None:
        schema["maximum"] = p.maximum
    return schema


def _fact(f: Fact) -> JsonObject:
    unit = f" ({f.unit})" if f.unit else ""
    description = f"{f.help}{unit}. Leave empty if not known."
    if f.type == "date":
        return _date(f"{f.help}. A date written YYYY-MM-DD; leave empty if not known.",
                     nullable=True)
    kind = _FACT_TYPES[f.type]
    return {**kind, "type": [kind["type"], "null"], "description": description}


def _needs_justification(status: Status) -> JsonObject:
    return {
        "if": {"properties": {"status": {"const": status.value}}, "required": ["status"]},
        "then": {"properties": {"justification": {
            **_LONG_TEXT, "description": f"Required when the status is {status.value}."}},
            "required": ["justification"]},
    }


def _answer(rule: Rule) -> JsonObject:
    statuses = [s for s in Status if s != Status.NOT_APPLICABLE or rule.allow_not_applicable]
    status_help = "; ".join(f"{s.value}: {MEANINGS[s]}" for s in statuses)
    objectives = _obj({o.id: {"type": "boolean", "description": f"{o.text} "
                              "true when in place, false when not."}
                       for o in rule.objectives},
                      description="Tick each element of the practice that is in place.")
    facts = _obj({f.id: _fact(f) for f in rule.facts},
                 description="The figures and dates this practice is checked against.")
    evidence_item = _obj({
        "title": {**_TEXT, "description": "What the record is."},
        "ref": {**_STRING, "maxLength": REFERENCE_MAX,
                "description": "Where the record is kept (never opened or fetched)."},
        "date": _date("Date of the record, YYYY-MM-DD.", nullable=True),
    }, required=["title"])
    examples = "; ".join(rule.evidence.examples)
    schema = _obj({
        "status": {"enum": [*(s.value for s in statuses), None],
                   "description": f"Leave empty until answered. {status_help}."},
        "objectives": objectives,
        "facts": facts,
        "evidence": {"type": "array", "items": evidence_item, "maxItems": EVIDENCE_MAX,
                     "description": "Records that show the practice"
                                    + (f", for example: {examples}" if examples else "") + "."},
        "justification": {**_LONG, "description": "Why the practice does not apply, or how "
                                                    "the alternative meets its aim."},
        "owner": {**_STRING, "description": "Who is responsible for closing the gap."},
        "target_date": _date("When the gap will be closed, YYYY-MM-DD.", nullable=True),
        "notes": _LONG,
        "management_response": {**_LONG, "description": "The agency's response to this gap, "
                                                          "printed under its finding."},
    }, nullable=True, title=f"{rule.id} {rule.title}", description=rule.requirement)
    conditions = [_needs_justification(Status.ALTERNATIVE)]
    if rule.allow_not_applicable:
        conditions.insert(0, _needs_justification(Status.NOT_APPLICABLE))
    schema["allOf"] = conditions
    return schema


def _signatory(description: str) -> JsonObject:
    return _obj({"name": {**_TEXT, "description": "Printed under the signature line."},
                 "title": {**_STRING, "description": "Job title."},
                 "date": _date("Date signed, YYYY-MM-DD.", nullable=True)},
                required=["name"], nullable=True, description=description)


def _report_fields() -> JsonObject:
    """The optional report-wide fields: who signs, document control, the agency's
    response and the report's language."""
    return {
        "attestation": _obj({"agency_head": _signatory("The head of the agency."),
                             "assessor": _signatory("Who carried out the assessment.")},
                            nullable=True, description="Who signs the report."),
        "document": _obj({
            "version": {**_STRING, "description": "Document version, e.g. 1.0."},
            "status": {"enum": ["draft", "final"], "description": "draft or final."},
            "distribution": {"type": "array", "items": _STRING, "maxItems": LIST_MAX,
                             "description": "Who receives the report."},
        }, nullable=True, description="Document control, printed on the cover."),
        "management_response": _obj(
            {"overall": {**_LONG, "description": "The agency's overall response."}},
            nullable=True, description="The agency's response to the findings."),
        "report_language": {"enum": ["en", "es", None], "description": "en or es."},
    }


def _pack_pattern(pack: Pack) -> str:
    return f"^{_escape(pack.id)}(@{_escape(pack.version)})?$"


def _escape(text: str) -> str:
    return "".join(f"\\{c}" if c in ".^$*+?()[]{}|\\-" else c for c in text)


def build_schema(pack: Pack) -> JsonObject:
    """The JSON Schema for assessment files of ``pack``; plain data, ready for ``json.dumps``."""
    questions = pack.manifest.profile
    profile = _obj({q.id: _question(q) for q in questions},
                   required=[q.id for q in questions if q.default is None],
                   description="Answers to the pack's questions that decide which practices "
                               "apply.")
    exception = _obj({
        "rule": {"type": "string", "enum": list(pack.rules), "description": "Rule id."},
        "justification": _LONG_TEXT,
        "approved_by": _TEXT,
        "approved_on": _date("Day the exception was approved, YYYY-MM-DD."),
        "expires": _date("Day the exception ends, YYYY-MM-DD."),
    }, required=["rule", "justification", "approved_by", "approved_on", "expires"])
    return {
        "$schema": DRAFT,
        "$id": f"urn:checklist:assessment:{pack.id}:{pack.version}",
        "title": f"Assessment file for {pack.manifest.title} (pack {pack.id} {pack.version})",
        **_obj({
            "pack": {"type": "string", "pattern": _pack_pattern(pack),
                     "description": f"The rule pack: {pack.id}, optionally "
                                    f"{pack.id}@{pack.version}."},
            "agency": _obj({
                "name": {**_TEXT, "description": "The agency's name, printed on the report."},
                "id": {"type": ["string", "null"], "pattern": AGENCY_ID_PATTERN,
                       "description": "A stable identifier kept from year to year."},
                "jurisdiction": _STRING,
                "type": _STRING,
                "contact": _person("Who answers questions about this assessment.",
                                   nullable=True),
            }, required=["name"]),
            "as_of": _date("The assessment date; all ages are measured from it."),
            "assessor": _person("Who carried out the assessment.", nullable=True),
            "profile": profile,
            "parameters": _obj({p.id: _parameter(p) for p in pack.manifest.parameters},
                               description="Tailored thresholds; leave out to use the "
                                           "pack's defaults."),
            "answers": _obj({rule.id: _answer(rule) for rule in pack.rules.values()},
                            description="One entry per practice, by rule id."),
            **_report_fields(),
            "exceptions": {"type": "array", "items": exception, "maxItems": EXCEPTIONS_MAX,
                           "description": "Approved, time-limited deviations from one rule."},
        }, required=["pack", "agency", "as_of"]),
    }


def json_compatible(data: object) -> object:
    """``data`` with every date turned into its YYYY-MM-DD text, as JSON would carry it.

    A date-time at midnight counts as the date (as the assessment reader does); any
    other date-time becomes ISO text, which the schema's date pattern refuses.
    """
    if isinstance(data, dict):
        return {str(k): json_compatible(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [json_compatible(v) for v in data]
    if isinstance(data, dt.datetime):
        if data.time() == dt.time(0) and data.tzinfo is None:
            return data.date().isoformat()
        return data.isoformat()
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


class _SchemaLoader(yaml.SafeLoader):
    """Safe YAML reading where dates stay text, as they do in an editor."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return json_compatible(loader.construct_yaml_timestamp(node))
    except ValueError:
        return str(node.value)  # e.g. 2026-02-30: left as text for the date format to refuse


_SchemaLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def load_yaml_for_schema(text: str) -> object:
    """Read YAML text into JSON-compatible data for a JSON Schema validator.

    Raises ``yaml.YAMLError`` when the text is not YAML at all.
    """
    return yaml.load(text, Loader=_SchemaLoader)  # a SafeLoader subclass: builds plain data only


def schema_text(pack: Pack) -> str:
    """The schema as the JSON text ``checklist schema`` prints and ``checklist init`` writes."""
    return json.dumps(build_schema(pack), indent=2, ensure_ascii=False) + "\n"
