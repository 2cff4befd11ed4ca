"""Pieces every OSCAL document here shares: stable UUIDs, dates, properties, metadata."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence

from checklist.result import Result

OSCAL_VERSION = "1.2.1"
# Properties that are this tool's own, not OSCAL's, carry this namespace.
NAMESPACE = "urn:checklist:oscal"
# Fixed namespace for uuid5: the same report id and rule id always give the same UUID.
_UUID_NAMESPACE = uuid.UUID("6f1c3a52-8f0e-5b7e-9a43-2d6c1e0b7f15")

Json = dict[str, object]


def stable_uuid(*parts: str) -> str:
    """A UUID derived from the parts (report id, kind, rule id...), so re-runs give the same."""
    return str(uuid.uuid5(_UUID_NAMESPACE, "/".join(parts)))


def timestamp(day: dt.date) -> str:
    """OSCAL date-times need a time zone: midnight UTC of the day."""
    return f"{day.isoformat()}T00:00:00Z"


def prop(name: str, value: object, own: bool = True) -> Json:
    """One property; empty values are never written (OSCAL forbids them)."""
    entry: Json = {"name": name, "value": str(value).strip()}
    if own:
        entry["ns"] = NAMESPACE
    return entry


def props(pairs: Sequence[tuple[str, object]]) -> list[Json]:
    return [prop(name, value) for name, value in pairs if str(value).strip()]


def text(value: str, fallback: str) -> str:
    """OSCAL strings may not be empty or start/end with spaces."""
    return value.strip() or fallback


def provenance_props(result: Result) -> list[Json]:
    """Tool and pack versions and the input's hash: what the numbers were computed from."""
    return props([
        ("tool", result.tool.name), ("tool-version", result.tool.version),
        ("result-format", result.tool.result_format),
        ("pack-id", result.pack.id), ("pack-version", result.pack.version),
        ("pack-sha256", result.pack.sha256),
        ("input-name", result.input.name), ("input-sha256", result.input.sha256),
        ("report-id", result.report_id), ("as-of", result.as_of.isoformat()),
    ])


def parties(result: Result) -> list[Json]:
    agency: Json = {"uuid": stable_uuid(result.report_id, "party", "agency"),
                    "type": "organization", "name": text(result.agency.name, "Agency")}
    contact = result.agency.contact
    if contact is not None and contact.email.strip():
        agency["email-addresses"] = [contact.email.strip()]
    found = [agency]
    if result.assessor is not None and result.assessor.name.strip():
        found.append({"uuid": stable_uuid(result.report_id, "party", "assessor"),
                      "type": "person", "name": result.assessor.name.strip()})
    return found


def metadata(result: Result, title: str) -> Json:
    return {
        "title": title,
        "published": timestamp(result.as_of),
        "last-modified": timestamp(result.as_of),
        "version": result.report_id,
        "oscal-version": OSCAL_VERSION,
        "props": provenance_props(result),
        "parties": parties(result),
    }


def catalog_file_name(pack_id: str, pack_version: str) -> str:
    """The name ``checklist rules export --format oscal-catalog`` suggests for the pack."""
    return f"{pack_id}-{pack_version}.catalog.oscal.json"


def back_matter(result: Result) -> tuple[Json, str]:
    """Resources for the pack's catalog and the assessment file; returns the matter and the
    assessment file's resource UUID (the documents' import points at it)."""
    catalog_uuid = stable_uuid(result.report_id, "resource", "catalog")
    input_uuid = stable_uuid(result.report_id, "resource", "input")
    resources: list[Json] = [
        {"uuid": catalog_uuid,
         "title": f"Rule pack {result.pack.id} {result.pack.version} as an OSCAL catalog",
         "props": props([("pack-sha256", result.pack.sha256)]),
         "rlinks": [{"href": catalog_file_name(result.pack.id, result.pack.version),
                     "media-type": "application/oscal.catalog+json"}]},
        {"uuid": input_uuid,
         "title": f"Assessment file {result.input.name}",
         "description": "The agency's answers; it plays the part of the assessment plan.",
         "rlinks": [{"href": result.input.name, "media-type": "application/yaml",
                     "hashes": [{"algorithm": "SHA-256", "value": result.input.sha256}]}]},
    ]
    return {"resources": resources}, input_uuid


def compact(value: object) -> object:
    """Drop empty lists: OSCAL arrays, when present, hold at least one item."""
    if isinstance(value, dict):
        return {k: compact(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [compact(item) for item in value]
    return value


def dumps(document: Json) -> bytes:
    from checklist.render.text import json_visible

    text_ = json.dumps(compact(document), indent=2, ensure_ascii=False, allow_nan=False)
    return (json_visible(text_) + "\n").encode("utf-8")
