"""Scoring, DESIGN.md section 4, steps 1, 2 and 4 and the aggregates: applicability,
claimed status, credit, weights, score, completion, evidence coverage, score with
approved exceptions, rating, gates and the gap order. The verification caps of step 3
are in test_verification.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    AS_OF,
    MINI_GOOD,
    assessment,
    codes,
    full_answers,
    pack_rule,
    result_of,
    rule_of,
)

from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment
from checklist.result import Result

# --- step 1: applicability ---------------------------------------------------------


def test_full_answers_score_100_with_the_default_profile() -> None:
    result = result_of(assessment(full_answers()))
    assert result.summary.score.value == 100.0
    assert result.summary.rules_in_scope == 4
    assert {r.id for r in result.rules if r.scope == "in_scope"} == {
        "ALP-01", "ALP-02", "BET-01", "BET-03"}


def test_profile_defaults_are_used_and_reported() -> None:
    result = result_of(assessment(full_answers()))
    assert result.profile == {"runs_database": False, "size": "small", "programs": []}


def test_boolean_condition_false_puts_the_rule_out_of_scope_with_its_reason() -> None:
    result = result_of(assessment(full_answers()))
    alp3 = rule_of(result, "ALP-03")
    assert alp3.scope == "out_of_scope_profile"
    assert alp3.scope_reason == ("applies only when the answer to “Does the agency run its own "
                                 "database?” is yes (answered: no)")
    assert alp3.credit is None and alp3.effective_status is None
    assert "ALP-03" not in [g.rule for g in result.gaps]


def test_boolean_condition_true_brings_the_rule_into_scope() -> None:
    result = result_of(assessment(full_answers(), profile={"runs_database": True}))
    alp3 = rule_of(result, "ALP-03")
    assert alp3.scope == "in_scope"
    assert alp3.scope_reason == ("applies because the answer to “Does the agency run its own "
                               "database?” is yes")
    assert alp3.claimed_status == "unanswered"
    # ALP-03 (weight 4) unanswered: 19 of 23
    assert result.summary.score.value == round(100 * 19 / 23, 1)


@pytest.mark.parametrize(("profile", "in_scope", "reason_part"), [
    ({"size": "large", "programs": ["beta"]}, True,
     "applies because the answer to “How large is the agency?” is 50 staff or more"),
    ({"size": "large", "programs": ["alpha", "beta"]}, True,
     "“Which programs does the agency take part in?” is one of “Program Alpha” or “Program Beta”"),
    ({"size": "large"}, False, "applies only when the answer to “Which programs does the "
                               "agency take part in?” is one of “Program Alpha” or “Program Beta” "
                               "(answered: none)"),
    ({"size": "small", "programs": ["alpha"]}, False,
     "applies only when the answer to “How large is the agency?” is 50 staff or more "
     "(answered: Fewer than 50 staff)"),
    ({}, False, "is 50 staff or more (answered: Fewer than 50 staff)"),
])
def test_choice_and_multi_choice_conditions(profile: dict[str, Any], in_scope: bool,
                                            reason_part: str) -> None:
    result = result_of(assessment(full_answers(), profile=profile))
    bet2 = rule_of(result, "BET-02")
    assert (bet2.scope == "in_scope") is in_scope
    assert reason_part in bet2.scope_reason


def test_out_of_scope_rule_is_listed_but_its_answer_never_scores() -> None:
    answers = full_answers()
    answers["ALP-03"] = {"status": "not_implemented"}
    answers["BET-02"] = {"status": "planned"}
    result = result_of(assessment(answers))
    assert result.summary.score.value == 100.0
    out = {r.id: r for r in result.rules if r.scope == "out_of_scope_profile"}
    assert set(out) == {"ALP-03", "BET-02"}
    assert all(r.credit is None for r in out.values())
    assert result.summary.rules_out_of_scope == 2
    assert result.summary.rules_total == 6


# --- step 2: claimed status ----------------------------------------------------------


def test_rule_without_an_answer_is_unanswered_with_credit_zero() -> None:
    answers = full_answers()
    del answers["ALP-02"]
    result = result_of(assessment(answers))
    alp2 = rule_of(result, "ALP-02")
    assert (alp2.claimed_status, alp2.effective_status, alp2.credit) == (
        "unanswered", "unanswered", 0.0)
    assert codes(alp2) == ["unanswered"]
    assert result.summary.score.value == round(100 * 14 / 19, 1)


def test_empty_answer_counts_as_unanswered() -> None:
    answers: dict[str, Any] = full_answers()
    answers["ALP-02"] = None
    result = result_of(assessment(answers))
    assert rule_of(result, "ALP-02").claimed_status == "unanswered"


def test_not_applicable_is_out_of_scope_with_its_justification() -> None:
    answers = full_answers()
    answers["ALP-02"] = {"status": "not_applicable", "justification": "No staff assigned."}
    result = result_of(assessment(answers))
    alp2 = rule_of(result, "ALP-02")
    assert alp2.scope == "not_applicable"
    assert alp2.scope_reason == "No staff assigned."
    assert alp2.credit is None and alp2.findings == ()
    assert result.summary.score.possible == 14.0
    assert result.summary.rules_in_scope == 3


# --- step 4: credit and weights -------------------------------------------------------


@pytest.mark.parametrize(("status", "credit"), [
    ("implemented", 1.0), ("partial", 0.5), ("planned", 0.0), ("not_implemented", 0.0),
])
def test_credit_per_status(status: str, credit: float) -> None:
    answers = full_answers()
    answers["ALP-02"]["status"] = status
    result = result_of(assessment(answers))
    alp2 = rule_of(result, "ALP-02")
    assert alp2.effective_status == status
    assert alp2.credit == credit
    assert result.summary.score.earned == 14 + 5 * credit
    assert alp2.priority == 5 * (1 - credit)


def test_alternative_with_justification_earns_full_credit() -> None:
    answers = full_answers()
    answers["ALP-02"].update(status="alternative", justification="The state trains them.")
    alp2 = rule_of(result_of(assessment(answers)), "ALP-02")
    assert (alp2.effective_status, alp2.credit) == ("alternative", 1.0)


def test_severity_weights_and_rule_weight_override() -> None:
    result = result_of(assessment(full_answers(), profile={"runs_database": True}))
    weights = {r.id: r.weight for r in result.rules}
    # critical 10, high 5, low 1, medium 3; ALP-03 is medium but declares weight 4
    assert weights == {"ALP-01": 10, "ALP-02": 5, "ALP-03": 4, "BET-01": 1, "BET-02": 5,
                       "BET-03": 3}
    assert result.methodology.severity_weights == {"critical": 10, "high": 5, "medium": 3,
                                                   "low": 1}


def test_pack_scoring_policy_changes_weights_and_credits(make_pack: Any) -> None:
    folder = make_pack(
        {"AAA": [pack_rule("AAA-01", "high"), pack_rule("AAA-02", "low")]},
        scoring={
            "severity_weights": {"critical": 8, "high": 6, "medium": 2, "low": 2},
            "credits": {"implemented": 1, "alternative": 1, "partial": 0.25, "planned": 0.1,
                        "not_implemented": 0, "unanswered": 0},
            "bands": [{"name": "Any", "minimum": 0}],
        })
    data = assessment({"AAA-01": {"status": "partial"}, "AAA-02": {"status": "planned"}},
                      pack="gen")
    result = result_of(data, folder)
    # (6 × 0.25 + 2 × 0.1) / 8 = 1.7 / 8
    assert result.summary.score.value == round(100 * 1.7 / 8, 1)
    assert result.methodology.credits["partial"] == 0.25
    assert rule_of(result, "AAA-01").weight == 6


# --- the score -------------------------------------------------------------------------


def test_overall_score_is_over_all_rules_not_an_average_of_domains() -> None:
    answers = full_answers()
    answers["ALP-02"]["status"] = "not_implemented"   # ALP: 10 of 15
    del answers["BET-03"]                              # BET: 1 of 4
    result = result_of(assessment(answers))
    domains = {d.id: d.score.value for d in result.domains}
    assert domains == {"ALP": 66.7, "BET": 25.0}
    assert result.summary.score.value == round(100 * 11 / 19, 1) == 57.9
    assert result.summary.score.earned == 11 and result.summary.score.possible == 19


def test_domain_counts() -> None:
    answers = full_answers()
    answers["ALP-01"]["status"] = "planned"
    result = result_of(assessment(answers, profile={"size": "large", "programs": ["alpha"]}))
    alp, bet = result.domains
    assert (alp.rules_in_scope, alp.rules_out_of_scope, alp.answered, alp.gaps,
            alp.critical_gaps) == (2, 1, 2, 1, 1)
    assert (bet.rules_in_scope, bet.rules_out_of_scope, bet.answered, bet.gaps,
            bet.critical_gaps) == (3, 0, 2, 1, 0)


def test_no_rule_in_scope_means_no_score_and_no_rating() -> None:
    answers = {rid: {"status": "not_applicable", "justification": "Not our work."}
               for rid in ("ALP-01", "ALP-02", "BET-01", "BET-03")}
    result = result_of(assessment(answers))
    s = result.summary
    assert s.score.value is None and s.score_with_exceptions.value is None
    assert s.rating.band is None and s.rating.score_band is None
    assert all(d.score.value is None for d in result.domains)
    assert s.completion.value == 1.0
    assert s.evidence_coverage.value is None
    assert result.gaps == ()


# --- completion and evidence coverage ------------------------------------------------------


def _mini_good() -> Result:
    loaded = load_assessment(MINI_GOOD, str(Path(__file__).parent / "packs" / "mini"))
    return evaluate(loaded.pack, loaded.assessment, input_name="mini-good.yaml",
                    input_sha256=loaded.sha256)


def test_completion_counts_not_applicable_and_excludes_out_of_scope_by_profile() -> None:
    # mini-good: runs_database true; BET-02 out of scope by profile; BET-01 N/A;
    # BET-03 unanswered → 4 answered of 5
    c = _mini_good().summary.completion
    assert (c.numerator, c.denominator, c.value) == (4, 5, 0.8)


def test_evidence_coverage_is_over_claims_of_implemented_alternative_partial() -> None:
    # mini-good: ALP-01 (evidence), ALP-02 (none), ALP-03 (evidence) claimed; BET-01 N/A
    e = _mini_good().summary.evidence_coverage
    assert (e.numerator, e.denominator) == (2, 3)


def test_evidence_coverage_ignores_planned_and_out_of_scope_claims() -> None:
    answers = full_answers()
    answers["ALP-02"]["status"] = "planned"
    answers["ALP-03"] = {"status": "implemented"}      # out of scope by profile
    e = result_of(assessment(answers)).summary.evidence_coverage
    # in scope and claimed: ALP-01 (evidence), BET-01 (none), BET-03 (evidence)
    assert (e.numerator, e.denominator) == (2, 3)


# --- score with approved exceptions -------------------------------------------------------


def test_mini_good_scores() -> None:
    s = _mini_good().summary
    # ALP-01 10×0.5 + ALP-02 5×0.5 + ALP-03 4×0.5 + BET-03 3×0 = 9.5 of 22
    assert (s.score.earned, s.score.possible, s.score.value) == (9.5, 22, 43.2)
    # the active exception on ALP-02 leaves it out: 7 of 17
    assert (s.score_with_exceptions.earned, s.score_with_exceptions.possible) == (7, 17)
    assert s.score_with_exceptions.value == 41.2
    assert s.active_exceptions == 1


def _with_exception(approved_on: str, expires: str) -> Result:
    answers = full_answers()
    answers["ALP-02"]["status"] = "not_implemented"
    grant = {"rule": "ALP-02", "justification": "Trainer on leave", "approved_by": "Chief",
             "approved_on": dt.date.fromisoformat(approved_on),
             "expires": dt.date.fromisoformat(expires)}
    return result_of(assessment(answers, exceptions=[grant]))


def test_active_exception_leaves_the_rule_out_of_the_score_with_exceptions() -> None:
    s = _with_exception("2026-06-01", "2027-06-01").summary
    assert s.score.value == round(100 * 14 / 19, 1)
    assert s.score_with_exceptions.value == 100.0


@pytest.mark.parametrize(("approved_on", "expires"), [
    ("2025-01-01", "2026-01-01"),   # expired long ago
    ("2025-11-01", "2026-11-01"),   # expires on the assessment date: no longer active
    ("2026-11-02", "2027-11-02"),   # approved after the assessment date
])
def test_expired_or_future_exceptions_change_nothing(approved_on: str, expires: str) -> None:
    s = _with_exception(approved_on, expires).summary
    assert s.score_with_exceptions == s.score
    assert s.active_exceptions == 0


# --- rating, gates, provisional -------------------------------------------------------------


def _two_rule_result(make_pack: Any, statuses: dict[str, str], weights: tuple[float, float],
                     severities: tuple[str, str] = ("high", "high"),
                     **manifest: Any) -> Result:
    folder = make_pack({"AAA": [pack_rule("AAA-01", severities[0], weight=weights[0]),
                                pack_rule("AAA-02", severities[1], weight=weights[1])]},
                       **manifest)
    answers = {rid: {"status": st} for rid, st in statuses.items()}
    return result_of(assessment(answers, pack="gen"), folder)


@pytest.mark.parametrize(("weights", "band"), [
    ((17, 3), "Strong"),        # exactly 85.0
    ((16.9, 3.1), "Established"),  # 84.5
    ((7, 3), "Established"),    # exactly 70.0
    ((1, 1), "Developing"),     # exactly 50.0
    ((49, 51), "Initial"),      # 49.0
])
def test_rating_is_the_highest_band_whose_minimum_the_score_reaches(
        make_pack: Any, weights: tuple[float, float], band: str) -> None:
    result = _two_rule_result(make_pack, {"AAA-01": "implemented",
                                          "AAA-02": "not_implemented"}, weights)
    rating = result.summary.rating
    assert (rating.band, rating.score_band, rating.capped_by) == (band, band, ())
    assert rating.provisional is False


def test_gate_caps_the_rating_and_names_the_rules_that_trigger_it(make_pack: Any) -> None:
    # a light critical rule at credit 0 next to a heavy implemented one: 95.2 → Strong,
    # capped at Developing by the critical_gap gate
    result = _two_rule_result(make_pack, {"AAA-01": "not_implemented",
                                          "AAA-02": "implemented"}, (1, 20),
                              severities=("critical", "high"))
    rating = result.summary.rating
    assert result.summary.score.value == 95.2
    assert (rating.score_band, rating.band, rating.capped_by) == (
        "Strong", "Developing", ("critical_gap",))
    gate = result.methodology.gates[0]
    assert (gate.id, gate.cap, gate.triggered_by) == ("critical_gap", "Developing",
                                                      ("AAA-01",))


def test_gate_triggered_below_its_cap_does_not_count_as_capping(make_pack: Any) -> None:
    result = _two_rule_result(make_pack, {"AAA-01": "not_implemented",
                                          "AAA-02": "implemented"}, (20, 1),
                              severities=("critical", "high"))
    rating = result.summary.rating
    assert (rating.band, rating.capped_by) == ("Initial", ())
    assert result.methodology.gates[0].triggered_by == ("AAA-01",)


def test_gate_not_triggered_when_the_critical_rule_has_partial_credit(make_pack: Any) -> None:
    result = _two_rule_result(make_pack, {"AAA-01": "partial", "AAA-02": "implemented"},
                              (1, 20), severities=("critical", "high"))
    assert result.summary.rating.capped_by == ()
    assert result.methodology.gates[0].triggered_by == ()


def test_unanswered_critical_rule_triggers_the_gate_in_the_mini_pack() -> None:
    answers = full_answers()
    del answers["ALP-01"]
    result = result_of(assessment(answers))
    assert result.methodology.gates[0].triggered_by == ("ALP-01",)


def test_the_lowest_cap_of_several_gates_wins(make_pack: Any) -> None:
    gates = [
        {"id": "high_gap", "description": "d", "severities": ["high"], "credit_at_most": 0,
         "cap": "Established"},
        {"id": "critical_gap", "description": "d", "severities": ["critical"],
         "credit_at_most": 0, "cap": "Developing"},
    ]
    folder = make_pack({"AAA": [pack_rule("AAA-01", "critical", weight=1),
                                pack_rule("AAA-02", "high", weight=1),
                                pack_rule("AAA-03", "low", weight=98)]},
                       scoring={"bands": [{"name": "Strong", "minimum": 85},
                                          {"name": "Established", "minimum": 70},
                                          {"name": "Developing", "minimum": 50},
                                          {"name": "Initial", "minimum": 0}],
                                "gates": gates})
    answers = {"AAA-01": {"status": "planned"}, "AAA-02": {"status": "planned"},
               "AAA-03": {"status": "implemented"}}
    rating = result_of(assessment(answers, pack="gen"), folder).summary.rating
    assert (rating.score_band, rating.band, rating.capped_by) == (
        "Strong", "Developing", ("critical_gap",))


def test_rating_is_provisional_while_completion_is_below_100_percent() -> None:
    answers = full_answers()
    assert result_of(assessment(answers)).summary.rating.provisional is False
    del answers["BET-03"]
    result = result_of(assessment(answers))
    assert result.summary.completion.value == 0.75
    assert result.summary.rating.provisional is True


def test_rating_with_no_score_is_none_but_still_reported() -> None:
    answers = {rid: {"status": "not_applicable", "justification": "n/a"}
               for rid in ("ALP-01", "ALP-02", "BET-01", "BET-03")}
    rating = result_of(assessment(answers)).summary.rating
    assert rating.band is None
    assert "no practice is in scope" in rating.description


# --- gaps ---------------------------------------------------------------------------------


def test_gaps_are_ordered_by_priority_then_severity_then_id() -> None:
    answers = full_answers()
    answers["ALP-01"]["status"] = "partial"            # critical: 10 × 0.5 = 5
    answers["ALP-02"]["status"] = "not_implemented"    # high: 5 × 1 = 5
    answers["BET-01"]["status"] = "partial"            # low: 1 × 0.5 = 0.5
    del answers["BET-03"]                              # medium: 3 × 1 = 3
    result = result_of(assessment(answers))
    assert [(g.rule, g.priority) for g in result.gaps] == [
        ("ALP-01", 5.0), ("ALP-02", 5.0), ("BET-03", 3.0), ("BET-01", 0.5)]
    assert result.summary.gaps == 4 and result.summary.critical_gaps == 1


def test_gaps_with_equal_priority_and_severity_are_ordered_by_id(make_pack: Any) -> None:
    folder = make_pack({"AAA": [pack_rule("AAA-03"), pack_rule("AAA-01"),
                                pack_rule("AAA-02", "high")]})
    answers = {"AAA-03": {"status": "planned"}, "AAA-01": {"status": "planned"},
               "AAA-02": {"status": "implemented"}}
    result = result_of(assessment(answers, pack="gen"), folder)
    assert [g.rule for g in result.gaps] == ["AAA-01", "AAA-03"]


def test_gaps_are_only_in_scope_rules_below_full_credit() -> None:
    answers = full_answers()
    answers["BET-01"] = {"status": "not_applicable", "justification": "n/a"}
    result = result_of(assessment(answers))
    assert result.gaps == ()
    assert result.summary.gaps == 0


def test_gap_carries_owner_target_and_exception() -> None:
    answers = full_answers()
    answers["ALP-02"].update(status="partial", owner="Training unit",
                             target_date=dt.date(2027, 3, 31))
    grant = {"rule": "ALP-02", "justification": "j", "approved_by": "Chief",
             "approved_on": dt.date(2026, 1, 1), "expires": dt.date(2027, 1, 1)}
    gap = result_of(assessment(answers, exceptions=[grant])).gaps[0]
    assert (gap.rule, gap.owner, gap.target_date, gap.target_overdue,
            gap.under_active_exception) == ("ALP-02", "Training unit", dt.date(2027, 3, 31),
                                            False, True)


# --- tailored parameters ----------------------------------------------------------------------


def test_tailored_parameter_changes_the_threshold_and_is_reported() -> None:
    answers = full_answers()
    answers["ALP-01"]["facts"]["last_reviewed"] = dt.date(2025, 1, 1)     # 669 days
    answers["ALP-01"]["evidence"][0]["date"] = dt.date(2025, 1, 1)
    default = result_of(assessment(answers))
    assert rule_of(default, "ALP-01").effective_status == "partial"
    tailored = result_of(assessment(answers, parameters={"review_days": 700}))
    assert rule_of(tailored, "ALP-01").effective_status == "implemented"
    params = {p.id: p for p in tailored.methodology.parameters}
    assert (params["review_days"].value, params["review_days"].default,
            params["review_days"].tailored) == (700, 365, True)
    assert params["training_min"].tailored is False
    assert params["roster_cap"].policy_choice is False


def test_tailored_value_appears_in_the_finding_message() -> None:
    answers = full_answers()
    answers["ALP-01"]["facts"]["last_reviewed"] = dt.date(2025, 1, 1)
    result = result_of(assessment(answers, parameters={"review_days": 200}))
    messages = [f.message for f in rule_of(result, "ALP-01").findings]
    assert any("no more than 200 days before" in m for m in messages)


def test_parameter_set_to_its_default_is_not_tailored() -> None:
    result = result_of(assessment(full_answers(), parameters={"training_min": 90}))
    params = {p.id: p for p in result.methodology.parameters}
    assert params["training_min"].tailored is False


def test_as_of_is_the_only_clock() -> None:
    answers = full_answers()
    early = result_of(assessment(answers))
    late = result_of(assessment(answers, as_of=AS_OF + dt.timedelta(days=400)))
    assert early.summary.score.value == 100.0
    assert late.summary.score.value is not None and late.summary.score.value < 100.0


# --- not rated below the completion threshold, the possible range, the counting line --


def test_the_municipal_example_is_not_rated_and_gives_its_possible_range() -> None:
    import yaml
    path = Path(__file__).parent.parent / "examples" / "municipal-police.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    s = result_of(data, pack=data["pack"]).summary
    assert s.completion.value is not None and s.completion.value < 0.8
    assert s.rating.not_rated and s.rating.band is None
    assert s.rating.score_band is not None  # the band the score alone would reach
    assert s.score_range.low == s.score.value
    assert s.score_range.high is not None and s.score_range.high > s.score_range.low


def test_the_completion_threshold_is_a_tailorable_parameter() -> None:
    answers = full_answers()
    answers.pop("ALP-01")  # 3 of 4 answered: 75 %
    below = result_of(assessment(answers)).summary.rating
    assert below.not_rated and below.band is None
    from checklist.evaluation import rating_threshold
    assert rating_threshold({"rating_completion_percent": 70.0}) == pytest.approx(0.7)
    assert rating_threshold({}) == pytest.approx(0.8)


def test_complete_answers_are_rated_with_an_empty_range() -> None:
    s = result_of(assessment(full_answers())).summary
    assert not s.rating.not_rated and s.rating.band is not None
    assert s.score_range.low == s.score_range.high == s.score.value


def test_counting_line_reconciles_pack_profile_na_and_scored() -> None:
    answers = full_answers()
    answers["BET-03"] = {"status": "not_applicable", "justification": "no such system"}
    c = result_of(assessment(answers)).summary.counts
    assert (c.in_pack, c.apply_to_profile, c.answered_not_applicable, c.scored,
            c.answered) == (6, 4, 1, 3, 4)
