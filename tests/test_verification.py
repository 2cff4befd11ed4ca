"""Verification caps and findings, DESIGN.md section 4 step 3: every finding code, the
numbers its message names, the cap it sets, and that caps only ever lower a claim.

The baseline (conftest.full_answers) verifies as implemented everywhere; each test
breaks one thing. as_of is 2026-11-01 throughout.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import assessment, codes, day, finding, full_answers, result_of, rule_of

from checklist.result import RuleResult


def _rule(rule_id: str, change: dict[str, Any] | None = None, *,
          facts: dict[str, Any] | None = None, **fields: Any) -> RuleResult:
    answers = full_answers()
    answer = answers.setdefault(rule_id, {})
    answer.update(change or {})
    if facts is not None:
        answer.setdefault("facts", {}).update(facts)
    return rule_of(result_of(assessment(answers, **fields)), rule_id)


def test_baseline_has_no_findings() -> None:
    result = result_of(assessment(full_answers()))
    assert all(r.findings == () for r in result.rules)


# --- objectives_unmet -----------------------------------------------------------------


def test_some_objectives_unmet_caps_at_partial() -> None:
    rule = _rule("ALP-01", {"objectives": {"roles": True, "supervision": True, "term": False}})
    assert rule.effective_status == "partial"
    assert finding(rule, "objectives_unmet") == (
        "2 of 3 objectives met; not met: “The agreement states its term”")
    assert rule.findings[0].caps_at == "partial"
    assert [o.met for o in rule.objectives] == [True, True, False]


def test_objective_not_listed_counts_as_unmet() -> None:
    rule = _rule("ALP-01", {"objectives": {"roles": True}})
    assert finding(rule, "objectives_unmet") == (
        "1 of 3 objectives met; not met: “The agreement says who supervises whom”; "
        "“The agreement states its term”")
    assert rule.effective_status == "partial"


def test_no_objective_met_caps_at_not_implemented() -> None:
    rule = _rule("ALP-01", {"objectives": {"roles": False, "supervision": False}})
    assert rule.effective_status == "not_implemented"
    assert rule.credit == 0
    assert finding(rule, "objectives_unmet") == (
        "0 of 3 objectives met; not met: “The agreement defines each party's roles”; "
        "“The agreement says who supervises whom”; “The agreement states its term”")


def test_objectives_do_not_cap_an_alternative() -> None:
    rule = _rule("ALP-01", {"status": "alternative", "objectives": {},
                            "justification": "A state statute covers the same ground."})
    assert "objectives_unmet" not in codes(rule)
    assert rule.effective_status == "alternative"
    assert rule.credit == 1


# --- evidence -------------------------------------------------------------------------


def test_evidence_missing_caps_at_partial_and_names_an_example() -> None:
    rule = _rule("ALP-01", {"evidence": []})
    assert codes(rule) == ["evidence_missing"]
    assert finding(rule, "evidence_missing") == ("no evidence is cited; this practice "
                                                 "requires evidence (for example: Signed "
                                                 "agreement)")
    assert rule.effective_status == "partial"


def test_evidence_undated_caps_at_partial() -> None:
    rule = _rule("ALP-01", {"evidence": [{"title": "Agreement"}]})
    assert finding(rule, "evidence_undated") == (
        "the cited evidence has no dates; this practice needs evidence no older than "
        "365 days before 2026-11-01")
    assert rule.effective_status == "partial"


def test_no_evidence_for_a_rule_with_max_age_but_not_required_is_undated() -> None:
    rule = _rule("BET-03", {"evidence": []})
    assert codes(rule) == ["evidence_undated"]
    assert finding(rule, "evidence_undated").startswith("no dated evidence is cited")
    assert "400 days" in finding(rule, "evidence_undated")


def test_evidence_stale_names_the_date_the_age_and_the_limit() -> None:
    rule = _rule("ALP-01", {"evidence": [{"title": "Agreement", "date": day("2024-01-10")}]})
    assert finding(rule, "evidence_stale") == (
        "newest evidence is dated 2024-01-10, 1026 days before 2026-11-01; this practice "
        "needs evidence no older than 365 days")
    assert rule.effective_status == "partial"


def test_newest_evidence_date_counts() -> None:
    rule = _rule("ALP-01", {"evidence": [{"title": "Old", "date": day("2020-01-01")},
                                         {"title": "Undated"},
                                         {"title": "New", "date": day("2026-10-01")}]})
    assert rule.findings == ()


@pytest.mark.parametrize(("date", "stale"), [("2025-11-01", False), ("2025-10-31", True)])
def test_evidence_exactly_max_age_days_old_is_not_stale(date: str, stale: bool) -> None:
    rule = _rule("ALP-01", {"evidence": [{"title": "Agreement", "date": day(date)}]})
    assert ("evidence_stale" in codes(rule)) is stale


# --- facts and checks ------------------------------------------------------------------------


def test_fact_missing_caps_at_the_checks_on_fail() -> None:
    rule = _rule("ALP-02", {"facts": {"roster_size": 20}})
    assert finding(rule, "fact_missing") == (
        "“share of staff trained” (Share of assigned staff trained) is not given; it is needed to "
        "check that “share of staff trained” is at least 90%")
    assert rule.effective_status == "partial"


def test_fact_missing_with_on_fail_not_implemented() -> None:
    rule = _rule("ALP-01", {"facts": {"last_reviewed": day("2026-05-01")}})
    assert rule.effective_status == "not_implemented"
    assert "“expiry date of the agreement” is after 2026-11-01" in finding(rule, "fact_missing")


def test_empty_fact_value_counts_as_missing() -> None:
    rule = _rule("ALP-02", facts={"completion_pct": None})
    assert "fact_missing" in codes(rule)


def test_within_days_too_old() -> None:
    rule = _rule("ALP-01", facts={"last_reviewed": day("2025-01-01")})
    assert finding(rule, "check_failed") == (
        "“date of the last review” is 2025-01-01, 669 days before 2026-11-01; it must be no more than "
        "365 days before")
    assert rule.findings[0].caps_at == "partial"
    assert rule.effective_status == "partial"


def test_within_days_in_the_future() -> None:
    rule = _rule("ALP-01", facts={"last_reviewed": day("2026-12-01")})
    assert finding(rule, "check_failed") == (
        "“date of the last review” is 2026-12-01, after the assessment date 2026-11-01; a date on or "
        "before it is expected")


@pytest.mark.parametrize(("date", "fails"), [
    ("2025-11-01", False), ("2025-10-31", True), ("2026-11-01", False)])
def test_within_days_boundaries(date: str, fails: bool) -> None:
    rule = _rule("ALP-01", facts={"last_reviewed": day(date)})
    assert ("check_failed" in codes(rule)) is fails


def test_after_as_of_expired() -> None:
    rule = _rule("ALP-01", facts={"expires_on": day("2026-10-01")})
    assert finding(rule, "check_failed") == (
        "“expiry date of the agreement” is 2026-10-01, 31 days before the assessment date "
        "2026-11-01; it must be after it (not expired)")
    assert rule.effective_status == "not_implemented"


def test_after_as_of_same_day_is_expired() -> None:
    rule = _rule("ALP-01", facts={"expires_on": day("2026-11-01")})
    assert finding(rule, "check_failed") == (
        "“expiry date of the agreement” is 2026-11-01, the same day as the assessment date 2026-11-01; it "
        "must be after it (not expired)")


def test_after_as_of_next_day_passes() -> None:
    assert _rule("ALP-01", facts={"expires_on": day("2026-11-02")}).findings == ()


@pytest.mark.parametrize(("value", "fails"), [(82, True), (89.9, True), (90, False),
                                              (100, False)])
def test_at_least(value: float, fails: bool) -> None:
    rule = _rule("ALP-02", facts={"completion_pct": value})
    assert ("check_failed" in codes(rule)) is fails
    if fails:
        assert finding(rule, "check_failed") == (
            f"“share of staff trained” is {value:g}%, below the minimum of 90%")
        assert rule.effective_status == "partial"


@pytest.mark.parametrize(("value", "fails"), [(25, False), (26, True)])
def test_at_most_with_on_fail_planned(value: int, fails: bool) -> None:
    rule = _rule("ALP-02", facts={"roster_size": value})
    assert ("check_failed" in codes(rule)) is fails
    if fails:
        assert finding(rule, "check_failed") == (
            "“roster size” is 26 people, above the maximum of 25 people")
        assert rule.effective_status == "planned"
        assert rule.credit == 0


def test_is_true() -> None:
    rule = _rule("BET-01", facts={"published": False})
    assert finding(rule, "check_failed") == "“published” is no; it must be yes"
    assert rule.effective_status == "partial"


def test_tailored_parameter_changes_check_thresholds() -> None:
    rule = _rule("ALP-02", facts={"completion_pct": 82}, parameters={"training_min": 80})
    assert rule.findings == ()


# --- caps only lower; the lowest wins ---------------------------------------------------------


def test_effective_status_is_the_lowest_of_claim_and_caps() -> None:
    rule = _rule("ALP-01", {"evidence": [{"title": "Old", "date": day("2024-01-10")}]},
                 facts={"expires_on": day("2026-01-01")})
    assert sorted(codes(rule)) == ["check_failed", "evidence_stale"]
    assert {f.code: f.caps_at for f in rule.findings} == {
        "evidence_stale": "partial", "check_failed": "not_implemented"}
    assert rule.effective_status == "not_implemented"


def test_a_later_milder_cap_does_not_undo_an_earlier_stricter_one() -> None:
    # objectives: none met → not_implemented; then evidence stale → partial
    rule = _rule("ALP-01", {"objectives": {},
                            "evidence": [{"title": "Old", "date": day("2024-01-10")}]})
    assert codes(rule) == ["objectives_unmet", "evidence_stale"]
    assert rule.effective_status == "not_implemented"


def test_every_failing_cap_leaves_its_own_finding() -> None:
    broken = {"status": "implemented", "objectives": {"roles": True},
              "facts": {"last_reviewed": day("2020-01-01")}, "evidence": []}
    rule = _rule("ALP-01", broken)
    assert codes(rule) == ["objectives_unmet", "evidence_missing", "fact_missing",
                           "check_failed"]


@pytest.mark.parametrize("claim", ["planned", "not_implemented"])
def test_planned_and_not_implemented_claims_get_no_verification_findings(claim: str) -> None:
    broken = {"status": claim, "objectives": {}, "evidence": [],
              "facts": {"expires_on": day("2020-01-01")}}
    rule = _rule("ALP-01", broken)
    assert rule.findings == ()
    assert rule.effective_status == claim


def test_caps_never_raise_a_claim() -> None:
    rule = _rule("ALP-02", {"status": "partial"})
    assert rule.findings == ()
    assert rule.effective_status == "partial"


def test_partial_claim_is_lowered_by_a_stricter_cap() -> None:
    rule = _rule("ALP-02", {"status": "partial"}, facts={"roster_size": 30})
    assert rule.effective_status == "planned"


def test_claimed_status_is_kept_next_to_the_effective_one() -> None:
    rule = _rule("ALP-02", facts={"completion_pct": 50})
    assert (rule.claimed_status, rule.effective_status) == ("implemented", "partial")


# --- findings without a score effect ----------------------------------------------------------


def test_unanswered_finding() -> None:
    answers = full_answers()
    del answers["BET-01"]
    rule = rule_of(result_of(assessment(answers)), "BET-01")
    assert finding(rule, "unanswered") == "no answer given yet"
    assert rule.findings[0].caps_at is None


def test_target_overdue_for_a_gap() -> None:
    rule = _rule("ALP-02", {"status": "partial", "target_date": day("2026-01-01")})
    assert finding(rule, "target_overdue") == (
        "target date 2026-01-01 passed 304 days before 2026-11-01 and the gap is still open")
    assert rule.target_overdue is True


def test_overdue_targets_are_counted() -> None:
    answers = full_answers()
    answers["ALP-02"].update(status="partial", target_date=day("2026-01-01"))
    result = result_of(assessment(answers))
    assert result.summary.overdue_targets == 1
    assert result.gaps[0].target_overdue is True


@pytest.mark.parametrize(("status", "target"), [
    ("implemented", "2026-01-01"),   # not a gap
    ("partial", "2026-11-01"),       # due today, not overdue
    ("partial", "2027-01-01"),       # in the future
])
def test_no_target_overdue(status: str, target: str) -> None:
    rule = _rule("ALP-02", {"status": status, "target_date": day(target)})
    assert "target_overdue" not in codes(rule)
    assert rule.target_overdue is False


def test_target_overdue_for_an_unanswered_rule_with_only_a_target() -> None:
    answers = full_answers()
    answers["BET-01"] = {"target_date": day("2026-02-01"), "owner": "Records"}
    rule = rule_of(result_of(assessment(answers)), "BET-01")
    assert codes(rule) == ["unanswered", "target_overdue"]


def _exception(approved_on: str, expires: str, rule: str = "ALP-02") -> dict[str, Any]:
    return {"rule": rule, "justification": "Trainer on leave", "approved_by": "Chief",
            "approved_on": day(approved_on), "expires": day(expires)}


def test_exception_active() -> None:
    rule = _rule("ALP-02", {"status": "partial"},
                 exceptions=[_exception("2026-06-01", "2027-06-01")])
    assert finding(rule, "exception_active") == (
        "approved exception by Chief from 2026-06-01 until 2027-06-01 (212 days left); the "
        "score with approved exceptions leaves this practice out")
    assert rule.exception is not None and rule.exception.state == "active"


@pytest.mark.parametrize(("approved_on", "expires", "state"), [
    ("2026-11-01", "2027-01-01", "active"),      # approved on the assessment date
    ("2025-01-01", "2026-11-02", "active"),      # expires the day after
    ("2025-01-01", "2026-11-01", "expired"),     # expires on the assessment date
])
def test_exception_window_boundaries(approved_on: str, expires: str, state: str) -> None:
    rule = _rule("ALP-02", {"status": "partial"}, exceptions=[_exception(approved_on, expires)])
    assert rule.exception is not None and rule.exception.state == state
    assert f"exception_{state}" in codes(rule)


def test_exception_expired_message() -> None:
    rule = _rule("ALP-02", {"status": "partial"},
                 exceptions=[_exception("2025-01-01", "2026-01-01")])
    assert finding(rule, "exception_expired") == (
        "the exception approved by Chief expired on 2026-01-01, 304 days before 2026-11-01; "
        "it no longer changes any score")


def test_exception_not_yet_approved_does_nothing() -> None:
    answers = full_answers()
    answers["ALP-02"]["status"] = "partial"
    result = result_of(assessment(answers, exceptions=[_exception("2026-12-01", "2027-12-01")]))
    rule = rule_of(result, "ALP-02")
    assert rule.exception is None
    assert not [c for c in codes(rule) if c.startswith("exception")]
    assert result.exceptions[0].state == "not_yet_approved"
    assert result.summary.active_exceptions == 0


def test_active_exception_wins_over_an_expired_one_for_the_same_rule() -> None:
    rule = _rule("ALP-02", {"status": "partial"},
                 exceptions=[_exception("2024-01-01", "2025-01-01"),
                             _exception("2026-06-01", "2027-06-01")])
    assert rule.exception is not None and rule.exception.expires == dt.date(2027, 6, 1)
    assert "exception_active" in codes(rule) and "exception_expired" not in codes(rule)


def test_exception_on_a_rule_out_of_scope_has_no_effect() -> None:
    result = result_of(assessment(full_answers(),
                                  exceptions=[_exception("2026-01-01", "2027-01-01", "ALP-03")]))
    assert rule_of(result, "ALP-03").exception is None
    assert result.summary.score_with_exceptions == result.summary.score
