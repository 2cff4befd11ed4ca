"""The rule pack as an OSCAL catalog: domains as groups, rules as controls (docs/interchange.md).

Assessment results name the same ids (a finding's target is the rule's control id) and
list this file in their back matter.
"""

from __future__ import annotations

import datetime as dt

from checklist.load.packs import Pack
from checklist.models.pack import Parameter, Rule
from checklist.render.oscal.common import (
    OSCAL_VERSION,
    Json,
    dumps,
    props,
    stable_uuid,
    text,
    timestamp,
)


def _source_uuid(pack: Pack, source_id: str) -> str:
    return stable_uuid("catalog", pack.id, pack.version, "source", source_id)


def _param(parameter: Parameter) -> Json:
    return {"id": parameter.id, "label": parameter.title,
            "props": props([("unit", parameter.unit), ("type", parameter.type),
                            ("minimum", "" if parameter.minimum is None else parameter.minimum),
                            ("maximum", "" if parameter.maximum is None else parameter.maximum),
                            ("policy-choice", str(parameter.policy_choice).lower())]),
            "values": [f"{parameter.default:g}"],
            "remarks": text(parameter.basis, "Default of the rule pack.")}


def _parts(rule: Rule) -> list[Json]:
    parts: list[Json] = [
        {"id": f"{rule.id}_smt", "name": "statement", "prose": rule.requirement},
        {"id": f"{rule.id}_gdn", "name": "guidance", "prose": rule.rationale},
    ]
    if rule.objectives:
        parts.append({"id": f"{rule.id}_obj", "name": "assessment-objective",
                      "parts": [{"id": f"{rule.id}_obj.{o.id}", "name": "assessment-objective",
                                 "prose": o.text} for o in rule.objectives]})
    parts.append({"id": f"{rule.id}_rem", "name": "remediation", "ns": "urn:checklist:oscal",
                  "prose": rule.remediation})
    return parts


def _control(pack: Pack, rule: Rule) -> Json:
    links = [{"href": f"#{_source_uuid(pack, ref.source)}", "rel": "reference",
              "text": ref.locator} for ref in rule.references]
    return {"id": rule.id, "title": rule.title,
            "props": props([("severity", rule.severity), ("weight", f"{pack.weight(rule):g}"),
                            ("evidence-required", str(rule.evidence.required).lower())]),
            "links": links, "parts": _parts(rule)}


def _resources(pack: Pack) -> list[Json]:
    """Each source once; the locator of each citation is on the control's link."""
    found: list[Json] = []
    for source in pack.manifest.sources:
        entry: Json = {"uuid": _source_uuid(pack, source.id), "title": source.title,
                       "citation": {"text": f"{source.issuer}, {source.title}"
                                            + (f" ({source.date})" if source.date.strip() else "")},
                       "props": props([("source-id", source.id),
                                       ("verification", source.verification),
                                       ("location", source.location)])}
        if source.url.strip():
            entry["rlinks"] = [{"href": source.url.strip()}]
        if source.note.strip():
            entry["remarks"] = source.note.strip()
        found.append(entry)
    return found


def build(pack: Pack) -> Json:
    released = pack.manifest.released or dt.date(1970, 1, 1)
    groups = [{"id": d.id, "title": d.title,
               "parts": ([{"id": f"{d.id}_overview", "name": "overview",
                           "prose": d.entry.description.strip()}]
                         if d.entry.description.strip() else []),
               "controls": [_control(pack, rule) for rule in d.rules]} for d in pack.domains]
    return {"catalog": {
        "uuid": stable_uuid("catalog", pack.id, pack.version),
        "metadata": {"title": pack.manifest.title, "last-modified": timestamp(released),
                     "version": pack.version, "oscal-version": OSCAL_VERSION,
                     "props": props([("pack-id", pack.id), ("pack-sha256", pack.sha256),
                                     ("publisher", pack.manifest.publisher)])},
        "params": [_param(p) for p in pack.manifest.parameters],
        "groups": groups,
        "back-matter": {"resources": _resources(pack)},
    }}


def render(pack: Pack) -> bytes:
    return dumps(build(pack))
