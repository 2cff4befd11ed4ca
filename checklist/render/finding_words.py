"""The words every report format prints for finding codes, exception states and how a
source was read, and the statement that a self-assessment is not an audit (message ids,
shown through ``_()``)."""

from __future__ import annotations

from collections.abc import Callable

from checklist.i18n import N_, _
from checklist.render.text import date
from checklist.result import ExceptionRecord

# The labels and sentences below are message ids: every format shows them through ``_()``.

VERIFICATION_LABELS: dict[str, str] = {
    "V1": N_("the primary text was read"),
    "V2": N_("a third-party copy of the primary text was read"),
    "V3": N_("only a summary was read"),
    "NV": N_("not verified"),
}

FINDING_LABELS: dict[str, str] = {
    "objectives_unmet": N_("Objectives not met"),
    "evidence_missing": N_("No evidence cited"),
    "evidence_undated": N_("Evidence undated"),
    "evidence_stale": N_("Evidence too old"),
    "fact_missing": N_("Fact missing"),
    "check_failed": N_("Check failed"),
    "unanswered": N_("Unanswered"),
    "target_overdue": N_("Target date passed"),
    "exception_active": N_("Approved exception"),
    "exception_expired": N_("Exception expired"),
}

FINDING_MEANINGS: dict[str, str] = {
    "objectives_unmet": N_("some objectives are not met (at most partial) or none is (at most "
                           "not implemented); not checked for an alternative measure"),
    "evidence_missing": N_("the practice requires evidence and none is cited (at most "
                           "partial)"),
    "evidence_undated": N_("the practice limits the age of evidence and no cited item has a "
                           "date (at most partial)"),
    "evidence_stale": N_("the newest cited evidence is older than the practice allows "
                         "(at most partial)"),
    "fact_missing": N_("a fact a check needs was not reported (at most the check's limit)"),
    "check_failed": N_("a reported fact fails a check, for example a review date too long "
                       "ago (at most the check's limit)"),
}

EXCEPTION_STATES: dict[str, str] = {
    "active": N_("Active"),
    "expired": N_("Expired"),
    "not_yet_approved": N_("Not yet in force"),
}

NOT_AN_AUDIT = N_(
    "This is a self-assessment, not an audit. The answers are the agency's own; the tool "
    "checked them for internal consistency (objectives, evidence dates, reported facts "
    "against thresholds); nobody inspected the evidence.")


def finding_label(code: str) -> str:
    return _(FINDING_LABELS.get(code, code))


def exception_state(state: str) -> str:
    return _(EXCEPTION_STATES.get(state, state))


def exception_summary(exception: ExceptionRecord, escape: Callable[[str], str] = str) -> str:
    """One line for a practice's exception, the same in every plain-text format;
    ``escape`` protects the approver's name in formats with markup."""
    return _("{state}, approved by {approved_by} on {approved_on}, expires {expires}").format(
        state=exception_state(exception.state), approved_by=escape(exception.approved_by),
        approved_on=date(exception.approved_on), expires=date(exception.expires))


def verification_label(level: str) -> str:
    label = VERIFICATION_LABELS.get(level)
    return _(label) if label else ""
