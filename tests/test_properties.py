"""Properties of the scoring over generated assessments (for the mini pack and for
generated packs): bounds, monotonicity, independence from out-of-scope rules and from
the order of the file.

Monotonicity in the claimed status holds for the default credits (planned and
not_implemented both earn 0): a cap to not_implemented may take a claim of partial
below a claim of planned, which only matters where a pack gives planned some credit.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from conftest import AS_OF, MINI, to_yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment_text
from checklist.load.packs import Domain, Pack, cross_check, load_pack
from checklist.models.assessment import Assessment
from checklist.models.pack import DomainFile, PackManifest
from checklist.render.json_output import render as render_json
from checklist.result import Result

PACK = load_pack(str(MINI))
ORDER = ["not_implemented", "planned", "partial", "implemented"]
SHA = "0" * 64

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

dates = st.integers(min_value=-1500, max_value=200).map(lambda d: AS_OF + dt.timedelta(days=d))
evidence_item = st.fixed_dictionaries(
    {"title": st.sampled_from(["Record", "Minutes", "Policy"])},
    optional={"date": dates, "ref": st.just("records/x.pdf")})


def _fact_values(pack: Pack, rule_id: str) -> st.SearchStrategy[dict[str, Any]]:
    by_type: dict[str, st.SearchStrategy[Any]] = {
        "date": dates,
        "number": st.floats(min_value=0, max_value=120, allow_nan=False).map(
            lambda x: round(x, 1)),
        "integer": st.integers(min_value=0, max_value=60),
        "boolean": st.booleans(),
        "text": st.sampled_from(["yes", "draft", "n/a"]),
    }
    facts = pack.rules[rule_id].facts
    return st.fixed_dictionaries({}, optional={f.id: by_type[f.type] for f in facts})


@st.composite
def answer_for(draw: st.DrawFn, pack: Pack, rule_id: str) -> dict[str, Any]:
    rule = pack.rules[rule_id]
    statuses = [*ORDER, "alternative"] + (["not_applicable"] if rule.allow_not_applicable
                                          else [])
    answer: dict[str, Any] = {"status": draw(st.sampled_from(statuses))}
    if answer["status"] in ("alternative", "not_applicable"):
        answer["justification"] = "Explained."
    if rule.objectives:
        answer["objectives"] = draw(st.fixed_dictionaries(
            {}, optional={o.id: st.booleans() for o in rule.objectives}))
    answer["facts"] = draw(_fact_values(pack, rule_id))
    answer["evidence"] = draw(st.lists(evidence_item, max_size=3))
    if draw(st.booleans()):
        answer["target_date"] = draw(dates)
    return answer


@st.composite
def exceptions_for(draw: st.DrawFn, pack: Pack) -> list[dict[str, Any]]:
    grants = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        # few distinct dates, so that equal dates (and ties in any ordering) are common
        start = draw(st.sampled_from([-400, -30, 0, 1, 60]))
        length = draw(st.sampled_from([1, 30, 365]))
        grants.append({
            "rule": draw(st.sampled_from(sorted(pack.rules))),
            "justification": draw(st.sampled_from(["Leave", "Budget"])),
            "approved_by": draw(st.sampled_from(["Chief", "Board"])),
            "approved_on": AS_OF + dt.timedelta(days=start),
            "expires": AS_OF + dt.timedelta(days=start + length),
        })
    return grants


@st.composite
def mini_assessments(draw: st.DrawFn) -> dict[str, Any]:
    answers: dict[str, dict[str, Any] | None] = {}
    for rule_id in sorted(PACK.rules):
        choice = draw(st.sampled_from(["answer", "answer", "answer", "none", "null"]))
        if choice == "answer":
            answers[rule_id] = draw(answer_for(PACK, rule_id))
        elif choice == "null":
            answers[rule_id] = None
    data: dict[str, Any] = {
        "pack": "mini",
        "agency": {"name": "Generated"},
        "as_of": AS_OF,
        "profile": draw(st.fixed_dictionaries({}, optional={
            "runs_database": st.booleans(),
            "size": st.sampled_from(["small", "large"]),
            "programs": st.lists(st.sampled_from(["alpha", "beta"]), unique=True),
        })),
        "parameters": draw(st.fixed_dictionaries({}, optional={
            "review_days": st.integers(min_value=30, max_value=1095),
            "training_min": st.integers(min_value=0, max_value=100),
            "roster_cap": st.integers(min_value=1, max_value=60),
        })),
        "answers": answers,
        "exceptions": draw(exceptions_for(PACK)),
    }
    return data


def run(data: dict[str, Any], pack: Pack = PACK) -> Result:
    return evaluate(pack, Assessment.model_validate(data), input_name="generated.yaml",
                    input_sha256=SHA)


def scores(result: Result) -> list[float | None]:
    """Overall, with exceptions, and each domain's score."""
    return [result.summary.score.value, result.summary.score_with_exceptions.value,
            *[d.score.value for d in result.domains]]


def assert_not_lower(before: Result, after: Result) -> None:
    for old, new in zip(scores(before), scores(after), strict=True):
        assert (old is None) == (new is None)
        if old is not None and new is not None:
            assert new >= old, (scores(before), scores(after))


# --- bounds ------------------------------------------------------------------------------


@FAST
@given(mini_assessments())
def test_scores_are_within_0_and_100_or_none(data: dict[str, Any]) -> None:
    result = run(data)
    for value in scores(result):
        assert value is None or 0 <= value <= 100
    s = result.summary
    assert (s.score.value is None) == (s.rules_in_scope == 0)
    assert (s.rating.band is None) == (s.score.value is None or s.rating.not_rated)
    completion = s.completion.value
    assert s.rating.not_rated == (completion is not None
                                  and completion < s.rating.completion_required)
    low, high = s.score_range.low, s.score_range.high
    assert (low is None) == (s.score.value is None)
    if low is not None and high is not None and s.score.value is not None:
        # Unanswered practices earn nothing today, so today's score is the low end.
        assert low == s.score.value <= high <= 100
        if s.completion.numerator == s.completion.denominator:
            assert high == low
    c = s.counts
    assert c.in_pack == s.rules_total and c.scored == s.rules_in_scope
    assert c.apply_to_profile - c.answered_not_applicable == c.scored
    assert (c.answered, c.apply_to_profile) == (s.completion.numerator,
                                               s.completion.denominator)
    for rule in result.rules:
        assert (rule.credit is None) == (rule.scope != "in_scope")
        assert rule.credit is None or 0 <= rule.credit <= 1
    for fraction in (s.completion, s.evidence_coverage):
        assert fraction.value is None or 0 <= fraction.value <= 1
    priorities = [g.priority for g in result.gaps]
    assert priorities == sorted(priorities, reverse=True)


RANK = {"implemented": 4, "alternative": 4, "partial": 3, "planned": 2, "not_implemented": 1,
        "unanswered": 0}


@FAST
@given(mini_assessments())
def test_effective_status_is_the_lowest_of_the_claim_and_every_cap(
        data: dict[str, Any]) -> None:
    for rule in run(data).rules:
        if rule.scope != "in_scope":
            continue
        caps = [f.caps_at for f in rule.findings if f.caps_at is not None]
        if rule.claimed_status in ("planned", "not_implemented", "unanswered"):
            assert caps == []
        lowest = min([RANK[rule.claimed_status], *(RANK[c] for c in caps)])
        assert rule.effective_status is not None
        assert RANK[rule.effective_status] == lowest


# --- monotonicity ------------------------------------------------------------------------


@FAST
@given(mini_assessments(), st.data())
def test_raising_the_claimed_status_never_lowers_a_score(data: dict[str, Any],
                                                         draw: st.DataObject) -> None:
    rule_id = draw.draw(st.sampled_from(sorted(PACK.rules)))
    low, high = sorted(draw.draw(st.lists(st.sampled_from(ORDER), min_size=2, max_size=2,
                                          unique=True)), key=ORDER.index)
    lower = copy.deepcopy(data)
    answer = lower["answers"].get(rule_id) or {}
    answer.pop("justification", None)
    lower["answers"][rule_id] = {**answer, "status": low}
    higher = copy.deepcopy(lower)
    higher["answers"][rule_id]["status"] = high
    assert_not_lower(run(lower), run(higher))


@FAST
@given(mini_assessments(), st.data())
def test_adding_evidence_never_lowers_a_score(data: dict[str, Any],
                                              draw: st.DataObject) -> None:
    answered = sorted(rid for rid, a in data["answers"].items() if a)
    assume(answered)
    rule_id = draw.draw(st.sampled_from(answered))
    more = copy.deepcopy(data)
    more["answers"][rule_id]["evidence"].append(draw.draw(evidence_item))
    assert_not_lower(run(data), run(more))


@FAST
@given(mini_assessments(), st.data())
def test_newer_evidence_never_lowers_a_score(data: dict[str, Any],
                                             draw: st.DataObject) -> None:
    dated = [(rid, i) for rid, a in sorted(data["answers"].items()) if a
             for i, item in enumerate(a["evidence"]) if "date" in item]
    assume(dated)
    rule_id, index = draw.draw(st.sampled_from(dated))
    newer = copy.deepcopy(data)
    item = newer["answers"][rule_id]["evidence"][index]
    item["date"] += dt.timedelta(days=draw.draw(st.integers(min_value=1, max_value=1500)))
    assert_not_lower(run(data), run(newer))


@FAST
@given(mini_assessments(), st.data())
def test_meeting_an_objective_never_lowers_a_score(data: dict[str, Any],
                                                   draw: st.DataObject) -> None:
    answer = data["answers"].get("ALP-01")
    assume(answer)
    objective = draw.draw(st.sampled_from(["roles", "supervision", "term"]))
    met = copy.deepcopy(data)
    met["answers"]["ALP-01"]["objectives"][objective] = True
    assert_not_lower(run(data), run(met))


# --- out-of-scope rules do not count -------------------------------------------------------


def without_rules(pack: Pack, removed: set[str]) -> Pack:
    return Pack(manifest=pack.manifest, path=pack.path, sha256=pack.sha256,
                domains=tuple(Domain(d.entry, tuple(r for r in d.rules if r.id not in removed))
                              for d in pack.domains))


def assert_same_scoring_without_out_of_scope(data: dict[str, Any], pack: Pack) -> None:
    full = run(data, pack)
    removed = {r.id for r in full.rules if r.scope != "in_scope"}
    reduced_data = copy.deepcopy(data)
    reduced_data["answers"] = {k: v for k, v in data["answers"].items() if k not in removed}
    reduced_data["exceptions"] = [e for e in data["exceptions"] if e["rule"] not in removed]
    reduced = run(reduced_data, without_rules(pack, removed))
    assert scores(full) == scores(reduced)
    assert full.summary.score == reduced.summary.score
    assert [r for r in full.rules if r.id not in removed] == list(reduced.rules)
    assert full.gaps == reduced.gaps
    assert full.summary.rating.score_band == reduced.summary.rating.score_band
    # Completion counts an answer of not applicable as answered, so dropping those rules
    # can move a result below the completion a rating needs; compare bands when both rate.
    if not (full.summary.rating.not_rated or reduced.summary.rating.not_rated):
        assert (full.summary.rating.band, full.summary.rating.capped_by) == (
            reduced.summary.rating.band, reduced.summary.rating.capped_by)


@FAST
@given(mini_assessments())
def test_not_applicable_and_out_of_scope_rules_never_change_the_others(
        data: dict[str, Any]) -> None:
    assert_same_scoring_without_out_of_scope(data, PACK)


@FAST
@given(mini_assessments(), st.data())
def test_marking_a_rule_not_applicable_changes_only_that_rule(data: dict[str, Any],
                                                              draw: st.DataObject) -> None:
    rule_id = draw.draw(st.sampled_from(sorted(r for r in PACK.rules
                                               if PACK.rules[r].allow_not_applicable)))
    na = copy.deepcopy(data)
    na["answers"][rule_id] = {"status": "not_applicable", "justification": "Not ours."}
    before, after = run(data), run(na)
    for old, new in zip(before.rules, after.rules, strict=True):
        if old.id != rule_id:
            assert old == new


# --- the order of the file does not matter -------------------------------------------------------


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mini_assessments(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_the_order_of_answers_and_exceptions(
        data: dict[str, Any], rnd: Any) -> None:
    shuffled = copy.deepcopy(data)
    items = list(shuffled["answers"].items())
    rnd.shuffle(items)
    shuffled["answers"] = dict(items)
    rnd.shuffle(shuffled["exceptions"])
    outputs = []
    for variant in (data, shuffled):
        loaded = load_assessment_text(to_yaml(variant), "generated.yaml", str(MINI))
        result = evaluate(loaded.pack, loaded.assessment, input_name="generated.yaml",
                          input_sha256=SHA)
        outputs.append(render_json(result))
    assert outputs[0] == outputs[1]


# --- generated packs ------------------------------------------------------------------------------

SEVERITIES = ["critical", "high", "medium", "low"]
CHECKS = [("within_days", "date"), ("after_as_of", "date"), ("at_least", "number"),
          ("at_most", "integer"), ("is_true", "boolean")]


@st.composite
def generated_rule(draw: st.DrawFn, rule_id: str) -> dict[str, Any]:
    rule: dict[str, Any] = {
        "id": rule_id, "title": "T", "requirement": "R.", "rationale": "R.",
        "severity": draw(st.sampled_from(SEVERITIES)), "remediation": "R.",
        "references": [{"source": "S1", "locator": "p. 1"}],
    }
    if draw(st.booleans()):
        rule["weight"] = draw(st.integers(min_value=1, max_value=20))
    if draw(st.booleans()):
        rule["applies_when"] = {"has_db": draw(st.booleans())}
    rule["objectives"] = [{"id": f"o{i}", "text": "O."}
                          for i in range(draw(st.integers(min_value=0, max_value=3)))]
    rule["evidence"] = {"required": draw(st.booleans())}
    if draw(st.booleans()):
        rule["evidence"]["max_age_days"] = draw(st.integers(min_value=30, max_value=800))
    chosen = draw(st.lists(st.sampled_from(CHECKS), max_size=3, unique=True))
    rule["facts"] = [{"id": f"f{i}", "type": kind, "help": "F"}
                     for i, (_, kind) in enumerate(chosen)]
    rule["checks"] = []
    for i, (test, _) in enumerate(chosen):
        check: dict[str, Any] = {"fact": f"f{i}", "test": test,
                                 "on_fail": draw(st.sampled_from(["partial", "planned",
                                                                  "not_implemented"]))}
        if test in ("within_days", "at_least", "at_most"):
            check["value"] = draw(st.integers(min_value=1, max_value=400))
        rule["checks"].append(check)
    return rule


@st.composite
def generated_packs(draw: st.DrawFn) -> Pack:
    domain_ids = ["AAA", "BBB", "CCC"][:draw(st.integers(min_value=1, max_value=3))]
    domains = {d: [draw(generated_rule(f"{d}-{n:02d}"))
                   for n in range(1, draw(st.integers(min_value=1, max_value=4)) + 1)]
               for d in domain_ids}
    manifest = PackManifest.model_validate({
        "id": "gen", "title": "Generated", "version": "1.0.0",
        "profile": [{"id": "has_db", "question": "Database?", "type": "boolean",
                     "default": False}],
        "domains": [{"id": d, "title": d, "file": f"{d}.yaml"} for d in domain_ids],
        "sources": [{"id": "S1", "title": "S", "issuer": "I", "date": "2020",
                     "verification": "V1"}],
        "scoring": {"bands": [{"name": "Good", "minimum": 60}, {"name": "Poor", "minimum": 0}],
                    "gates": [{"id": "crit", "description": "d", "severities": ["critical"],
                               "cap": "Poor"}]},
    })
    pack = Pack(manifest=manifest, path=MINI, sha256=SHA, domains=tuple(
        Domain(entry, tuple(DomainFile.model_validate({"domain": entry.id,
                                                       "rules": domains[entry.id]}).rules))
        for entry in manifest.domains))
    assert cross_check(pack) == []
    return pack


@st.composite
def pack_and_assessment(draw: st.DrawFn) -> tuple[Pack, dict[str, Any]]:
    pack = draw(generated_packs())
    answers = {rid: draw(answer_for(pack, rid)) for rid in sorted(pack.rules)
               if draw(st.integers(min_value=0, max_value=4))}
    data = {"pack": "gen", "agency": {"name": "G"}, "as_of": AS_OF,
            "profile": {"has_db": draw(st.booleans())}, "answers": answers,
            "exceptions": draw(exceptions_for(pack))}
    return pack, data


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pack_and_assessment(), st.data())
def test_generated_packs_bounds_monotonicity_and_scope(case: tuple[Pack, dict[str, Any]],
                                                       draw: st.DataObject) -> None:
    pack, data = case
    result = run(data, pack)
    for value in scores(result):
        assert value is None or 0 <= value <= 100
    assert_same_scoring_without_out_of_scope(data, pack)
    rule_id = draw.draw(st.sampled_from(sorted(pack.rules)))
    low, high = sorted(draw.draw(st.lists(st.sampled_from(ORDER), min_size=2, max_size=2,
                                          unique=True)), key=ORDER.index)
    lower = copy.deepcopy(data)
    answer = lower["answers"].get(rule_id) or {}
    answer.pop("justification", None)
    lower["answers"][rule_id] = {**answer, "status": low}
    higher = copy.deepcopy(lower)
    higher["answers"][rule_id]["status"] = high
    assert_not_lower(run(lower, pack), run(higher, pack))
