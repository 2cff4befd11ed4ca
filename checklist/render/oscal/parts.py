"""Observations and risks from a result: shared by assessment results and the POA&M."""

from __future__ import annotations

from checklist.render.oscal.common import Json, props, stable_uuid, text, timestamp
from checklist.result import ExceptionRecord, Gap, Result, RuleResult

# The tool's statuses that OSCAL's implementation-status can say; the others (not
# implemented, unanswered) are carried in the "effective-status" property only.
_IMPLEMENTATION_STATE = {"implemented": "implemented", "alternative": "alternative",
                         "partial": "partial", "planned": "planned"}


def in_scope(result: Result) -> list[RuleResult]:
    return [rule for rule in result.rules if rule.scope == "in_scope"]


def observation_uuids(result: Result, rule: RuleResult) -> list[str]:
    count = 1 + len(rule.findings)
    return [stable_uuid(result.report_id, "observation", rule.id, str(n)) for n in range(count)]


def risk_uuid(result: Result, rule_id: str) -> str:
    return stable_uuid(result.report_id, "risk", rule_id)


def implementation_state(rule: RuleResult) -> str | None:
    return _IMPLEMENTATION_STATE.get(rule.effective_status or "")


def _status_description(rule: RuleResult) -> str:
    credit = "no credit" if rule.credit is None else f"credit {rule.credit:g}"
    lines = [f"Claimed status: {rule.claimed_status.replace('_', ' ')}; after verification: "
             f"{(rule.effective_status or 'not rated').replace('_', ' ')} ({credit})."]
    lines += [f"Objective {o.id} {'met' if o.met else 'not met'}: {o.text}"
              for o in rule.objectives]
    if rule.justification.strip():
        lines.append(f"Justification: {rule.justification.strip()}")
    if rule.notes.strip():
        lines.append(f"Notes: {rule.notes.strip()}")
    return "\n\n".join(lines)


def _evidence(rule: RuleResult) -> list[Json]:
    """Evidence as text: the reference is written down, never turned into a link."""
    items: list[Json] = []
    for item in rule.evidence:
        dated = item.date.isoformat() if item.date else "undated"
        items.append({"description": text(f"{item.title} ({dated})", "Evidence item"),
                      "props": props([("reference", item.ref), ("evidence-date", dated)])})
    return items


def observations(result: Result, rule: RuleResult) -> list[Json]:
    """The implementation status with its evidence, then one observation per message."""
    ids = observation_uuids(result, rule)
    status: Json = {
        "uuid": ids[0], "title": f"{rule.id} implementation status",
        "description": _status_description(rule), "methods": ["EXAMINE"],
        "types": ["control-objective"],
        "props": props([("rule", rule.id), ("claimed-status", rule.claimed_status),
                        ("effective-status", rule.effective_status or "not-rated")]),
        "collected": timestamp(result.as_of),
    }
    evidence = _evidence(rule)
    if evidence:
        status["relevant-evidence"] = evidence
    found = [status]
    for uid, finding in zip(ids[1:], rule.findings, strict=True):
        found.append({"uuid": uid, "title": f"{rule.id}: {finding.code.replace('_', ' ')}",
                      "description": text(finding.message, finding.code),
                      "methods": ["EXAMINE"], "types": ["finding"],
                      "props": props([("rule", rule.id), ("finding-code", finding.code)]),
                      "collected": timestamp(result.as_of)})
    return found


def _deviation_log(result: Result, record: ExceptionRecord) -> Json:
    """An exception is an approved deviation from its approval until it expires."""
    state = {"active": "deviation-approved", "expired": "open",
             "not_yet_approved": "deviation-requested"}[record.state]
    entry: Json = {
        "uuid": stable_uuid(result.report_id, "deviation", record.rule),
        "title": f"Exception for {record.rule} ({record.state.replace('_', ' ')})",
        "description": text(f"{record.justification} Approved by "
                            f"{text(record.approved_by, 'an unnamed approver')}.", "Exception"),
        "start": timestamp(record.approved_on), "end": timestamp(record.expires),
        "props": props([("exception-state", record.state),
                        ("approved-on", record.approved_on.isoformat()),
                        ("expires", record.expires.isoformat())]),
        "status-change": state,
    }
    return {"entries": [entry]}


def _risk_status(gap: Gap | None, record: ExceptionRecord | None) -> str:
    if record is not None and record.state == "active":
        return "deviation-approved"
    if record is not None and record.state == "not_yet_approved":
        return "deviation-requested"
    return "open" if gap is not None else "closed"


def risk(result: Result, rule: RuleResult, gap: Gap | None) -> Json:
    """A gap as a risk; an exception on the rule becomes a deviation in the risk's log."""
    record = rule.exception
    status = (rule.effective_status or "not rated").replace("_", " ")
    entry: Json = {
        "uuid": risk_uuid(result, rule.id),
        "title": f"{rule.id}: {rule.title}",
        "description": text(rule.requirement, rule.title),
        "statement": f"The practice is {status}, earning {rule.credit or 0:g} of its credit.",
        "status": _risk_status(gap, record),
        "related-observations": [{"observation-uuid": uid}
                                 for uid in observation_uuids(result, rule)],
    }
    extra = [("severity", rule.severity), ("domain", rule.domain)]
    if gap is not None:
        extra += [("priority", f"{gap.priority:g}"), ("owner", gap.owner),
                  ("target-overdue", str(gap.target_overdue).lower())]
    entry["props"] = props(extra)
    if gap is not None and gap.target_date is not None:
        entry["deadline"] = timestamp(gap.target_date)
    if gap is not None and gap.remediation.strip():
        entry["remediations"] = [{
            "uuid": stable_uuid(result.report_id, "remediation", rule.id),
            "lifecycle": "planned", "title": f"Remediation for {rule.id}",
            "description": gap.remediation.strip(),
            "props": props([("owner", gap.owner)])}]
    if record is not None:
        entry["risk-log"] = _deviation_log(result, record)
    return entry


def rules_with_risk(result: Result) -> set[str]:
    """In-scope rules that have a gap or an exception."""
    gaps = {gap.rule for gap in result.gaps}
    return {rule.id for rule in in_scope(result) if rule.id in gaps or rule.exception}


def risks(result: Result) -> list[Json]:
    """Every in-scope gap, and every in-scope rule with an exception, as a risk."""
    gaps = {gap.rule: gap for gap in result.gaps}
    chosen = rules_with_risk(result)
    return [risk(result, rule, gaps.get(rule.id)) for rule in in_scope(result)
            if rule.id in chosen]


