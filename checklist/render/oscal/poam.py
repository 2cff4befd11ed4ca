"""OSCAL plan of action and milestones: each gap as an item (docs/interchange.md)."""

from __future__ import annotations

from checklist.render.oscal.common import (
    Json,
    back_matter,
    dumps,
    metadata,
    props,
    stable_uuid,
    text,
)
from checklist.render.oscal.parts import in_scope, observations, risk_uuid, risks
from checklist.result import Gap, Result


def _item(result: Result, gap: Gap) -> Json:
    """Owner, target date, status and remediation of one gap; the risk carries the deadline."""
    rule = next(r for r in result.rules if r.id == gap.rule)
    status = "under exception" if gap.under_active_exception else (
        "overdue" if gap.target_overdue else "open")
    return {
        "uuid": stable_uuid(result.report_id, "poam-item", gap.rule),
        "title": f"{gap.rule}: {gap.title}",
        "description": text(gap.remediation, f"Bring {gap.rule} to full credit."),
        "props": props([
            ("rule", gap.rule), ("domain", gap.domain), ("severity", gap.severity),
            ("priority", f"{gap.priority:g}"), ("owner", gap.owner or "unassigned"),
            ("target-date", gap.target_date.isoformat() if gap.target_date else "none"),
            ("status", status), ("effective-status", gap.effective_status)]),
        "related-observations": [{"observation-uuid": o["uuid"]}
                                 for o in observations(result, rule)],
        "related-risks": [{"risk-uuid": risk_uuid(result, gap.rule)}],
    }


def build(result: Result) -> Json:
    scoped = {rule.id for rule in in_scope(result)}
    gaps = [gap for gap in result.gaps if gap.rule in scoped]
    gap_rules = {gap.rule for gap in gaps}
    matter, _ = back_matter(result)
    document: Json = {
        "uuid": stable_uuid(result.report_id, "poam"),
        "metadata": metadata(result, f"Plan of action and milestones: "
                                     f"{text(result.agency.name, 'agency')} — {result.pack.title}"),
        "system-id": {"identifier-type": "http://ietf.org/rfc/rfc4122",
                      "id": stable_uuid(result.report_id, "party", "agency")},
        "observations": [o for rule in in_scope(result) if rule.id in gap_rules
                         for o in observations(result, rule)],
        "risks": [r for r in risks(result) if r["uuid"] in
                  {risk_uuid(result, rule_id) for rule_id in gap_rules}],
        "poam-items": [_item(result, gap) for gap in gaps],
        "back-matter": matter,
    }
    return {"plan-of-action-and-milestones": document}


def render(result: Result) -> bytes:
    return dumps(build(result))
