"""OSCAL assessment results: one result, one finding per in-scope rule (docs/interchange.md)."""

from __future__ import annotations

from checklist.render.oscal.common import (
    Json,
    back_matter,
    dumps,
    metadata,
    props,
    stable_uuid,
    text,
    timestamp,
)
from checklist.render.oscal.parts import (
    implementation_state,
    in_scope,
    observations,
    risk_uuid,
    risks,
    rules_with_risk,
)
from checklist.result import Result, RuleResult


def _finding(result: Result, rule: RuleResult, has_risk: bool) -> Json:
    """The rule is "satisfied" only at full credit; anything less is "not-satisfied"."""
    satisfied = rule.credit is not None and rule.credit >= 1.0
    target: Json = {"type": "objective-id", "target-id": rule.id,
                    "title": rule.title,
                    "status": {"state": "satisfied" if satisfied else "not-satisfied"}}
    state = implementation_state(rule)
    if state is not None:
        target["implementation-status"] = {"state": state}
    entry: Json = {
        "uuid": stable_uuid(result.report_id, "finding", rule.id),
        "title": f"{rule.id}: {rule.title}",
        "description": text(rule.requirement, rule.title),
        "props": props([("domain", rule.domain), ("severity", rule.severity),
                        ("weight", f"{rule.weight:g}"),
                        ("credit", "" if rule.credit is None else f"{rule.credit:g}")]),
        "target": target,
        "related-observations": [{"observation-uuid": o["uuid"]}
                                 for o in observations(result, rule)],
    }
    if has_risk:
        entry["related-risks"] = [{"risk-uuid": risk_uuid(result, rule.id)}]
    return entry


def _score_props(result: Result) -> list[Json]:
    s = result.summary
    return props([
        ("score", "" if s.score.value is None else f"{s.score.value:.1f}"),
        ("score-with-exceptions",
         "" if s.score_with_exceptions.value is None else f"{s.score_with_exceptions.value:.1f}"),
        ("rating", s.rating.band or ""), ("provisional", str(s.rating.provisional).lower()),
        ("gaps", s.gaps), ("critical-gaps", s.critical_gaps),
    ])


def build(result: Result) -> Json:
    rules = in_scope(result)
    found_risks = risks(result)
    with_risk = rules_with_risk(result)
    matter, input_uuid = back_matter(result)
    excluded = [{"control-id": r.id} for r in result.rules if r.scope != "in_scope"]
    selection: Json = {"description": "Every rule of the pack that is in scope for this "
                                      "agency's profile.", "include-all": {}}
    if excluded:
        selection["exclude-controls"] = excluded
    one: Json = {
        "uuid": stable_uuid(result.report_id, "result"),
        "title": f"Self-assessment of {text(result.agency.name, 'the agency')}",
        "description": f"Scored with rule pack {result.pack.id} {result.pack.version} as of "
                       f"{result.as_of.isoformat()}.",
        "start": timestamp(result.as_of), "end": timestamp(result.as_of),
        "props": _score_props(result),
        "reviewed-controls": {"control-selections": [selection]},
        "observations": [o for rule in rules for o in observations(result, rule)],
        "findings": [_finding(result, rule, rule.id in with_risk) for rule in rules],
    }
    if found_risks:
        one["risks"] = found_risks
    return {"assessment-results": {
        "uuid": stable_uuid(result.report_id, "assessment-results"),
        "metadata": metadata(result, f"Assessment results: {text(result.agency.name, 'agency')}"
                                     f" — {result.pack.title}"),
        "import-ap": {"href": f"#{input_uuid}",
                      "remarks": "The assessment file, listed in the back matter."},
        "results": [one],
        "back-matter": matter,
    }}


def render(result: Result) -> bytes:
    return dumps(build(result))
