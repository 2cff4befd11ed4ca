"""The assessment's exceptions as the result records them, and the one that governs a
practice (printed under it as a finding)."""

from __future__ import annotations

import datetime as dt

from checklist.evaluation.findings import finding
from checklist.load.packs import Pack
from checklist.models.assessment import Assessment, ExceptionGrant
from checklist.result import ExceptionRecord, ExceptionState, Finding

__all__ = ["exception_finding", "exception_records", "governing_exception"]


def _exception_state(grant: ExceptionGrant, as_of: dt.date) -> ExceptionState:
    if grant.approved_on > as_of:
        return "not_yet_approved"
    return "active" if as_of < grant.expires else "expired"


def exception_records(pack: Pack, assessment: Assessment) -> list[ExceptionRecord]:
    records = []
    for grant in assessment.exceptions:
        rule = pack.rules.get(grant.rule)
        records.append(ExceptionRecord(
            rule=grant.rule, rule_title=rule.title if rule else "",
            justification=grant.justification, approved_by=grant.approved_by,
            approved_on=grant.approved_on, expires=grant.expires,
            state=_exception_state(grant, assessment.as_of),
        ))
    # Every field is in the key, so that the order of the file's list never matters.
    records.sort(key=lambda e: (e.rule, e.approved_on, e.expires, e.approved_by,
                                e.justification, e.state))
    return records


def governing_exception(records: list[ExceptionRecord], rule_id: str) -> ExceptionRecord | None:
    """The active exception for a rule if any, else its most recently expired one."""
    mine = [e for e in records if e.rule == rule_id and e.state != "not_yet_approved"]
    active = [e for e in mine if e.state == "active"]
    if active:
        return max(active, key=lambda e: e.expires)
    return max(mine, key=lambda e: e.expires) if mine else None


def exception_finding(record: ExceptionRecord, as_of: dt.date) -> Finding:
    if record.state == "active":
        return finding("exception_active", approved_by=record.approved_by,
                       approved_on=record.approved_on, expires=record.expires,
                       days_left=(record.expires - as_of).days)
    return finding("exception_expired", approved_by=record.approved_by,
                   expires=record.expires, days=(as_of - record.expires).days, as_of=as_of)
