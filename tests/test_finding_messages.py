"""Findings are data (a stable code and its parameters); the sentence is made from a
message catalog, in English for the JSON ``message`` and in the report's language for
the documents."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from conftest import assessment, day, full_answers, result_of, rule_of

from checklist.i18n import language
from checklist.i18n.findings import TEMPLATES, finding_text, template_key
from checklist.render import render
from checklist.result import Finding, RuleResult


def _rule(rule_id: str, change: dict[str, Any] | None = None, *,
          facts: dict[str, Any] | None = None, **fields: Any) -> RuleResult:
    answers = full_answers()
    answer = answers.setdefault(rule_id, {})
    answer.update(change or {})
    if facts is not None:
        answer.setdefault("facts", {}).update(facts)
    return rule_of(result_of(assessment(answers, **fields)), rule_id)


def _one(rule: RuleResult, code: str) -> Finding:
    found = [f for f in rule.findings if f.code == code]
    assert len(found) == 1, rule.findings
    return found[0]


def test_objectives_unmet_carries_counts_and_ids() -> None:
    f = _one(_rule("ALP-01", {"objectives": {"roles": True}}), "objectives_unmet")
    assert dict(f.params) == {
        "met": 1, "total": 3, "unmet": ("supervision", "term"),
        "unmet_texts": ("The agreement says who supervises whom.",
                        "The agreement states its term.")}


def test_check_failed_carries_value_limit_and_days() -> None:
    f = _one(_rule("ALP-01", facts={"last_reviewed": day("2025-01-01")}), "check_failed")
    assert f.params["fact"] == "last_reviewed"
    assert f.params["test"] == "within_days"
    assert f.params["value"] == dt.date(2025, 1, 1)
    assert f.params["limit"] == 365
    assert f.params["days"] == 669
    assert f.params["as_of"] == dt.date(2026, 11, 1)


def test_numeric_check_carries_unit() -> None:
    f = _one(_rule("ALP-02", facts={"roster_size": 26}), "check_failed")
    assert (f.params["value"], f.params["limit"], f.params["unit"]) == (26, 25, "people")
    assert f.params["test"] == "at_most"


def test_message_is_the_catalog_sentence_of_code_and_params() -> None:
    result = result_of(assessment({}))
    findings = [f for r in result.rules for f in r.findings]
    assert findings
    for f in findings:
        assert f.message == finding_text(f.code, f.params)


def test_json_has_params_beside_the_english_message() -> None:
    rule = _rule("ALP-01", facts={"last_reviewed": day("2025-01-01")})
    data = json.loads(render(result_of(assessment(full_answers() | {
        "ALP-01": {**full_answers()["ALP-01"], "facts": {
            **full_answers()["ALP-01"].get("facts", {}), "last_reviewed": day("2025-01-01")}}})),
        "json"))
    alp = next(r for r in data["rules"] if r["id"] == "ALP-01")
    found = next(f for f in alp["findings"] if f["code"] == "check_failed")
    assert found["message"] == _one(rule, "check_failed").message
    assert found["params"]["value"] == "2025-01-01"
    assert found["params"]["days"] == 669


def test_every_code_and_variant_has_a_template() -> None:
    cases = {
        "objectives_unmet": {"met": 1, "total": 2, "unmet": ("a",)},
        "evidence_missing": {"example": None},
        "evidence_undated": {"cited": 0, "max_age_days": 30.0, "as_of": dt.date(2026, 1, 1)},
        "check_failed": {"test": "after_as_of", "days": 0, "fact": "x",
                         "value": dt.date(2026, 1, 1), "as_of": dt.date(2026, 1, 1)},
    }
    for code, params in cases.items():
        assert template_key(code, params) in TEMPLATES
    used = {template_key("check_failed", {"test": t, "days": d})
            for t in ("within_days", "after_as_of", "at_least", "at_most", "is_true")
            for d in (-1, 0, 5)}
    assert used <= set(TEMPLATES)


def test_english_dates_stay_iso_and_numbers_plain() -> None:
    en = language("en")
    text = finding_text("evidence_stale", {"newest": dt.date(2025, 1, 2), "age_days": 668,
                                           "max_age_days": 365.0,
                                           "as_of": dt.date(2026, 11, 1)}, en)
    assert text == ("newest evidence is dated 2025-01-02, 668 days before 2026-11-01; "
                    "this practice needs evidence no older than 365 days")


# --- the same findings in Spanish ---------------------------------------------------------


def test_spanish_messages_name_the_same_numbers_and_dates() -> None:
    es = language("es")
    rule = _rule("ALP-01", facts={"last_reviewed": day("2025-01-01")})
    f = _one(rule, "check_failed")
    assert finding_text(f.code, f.params, es) == (
        "“date of the last review” es el 1 de enero de 2025, 669 días antes del 1 de noviembre de "
        "2026; no debe ser anterior en más de 365 días")


def test_spanish_numeric_check_keeps_the_unit_and_us_decimals() -> None:
    es = language("es")
    f = _one(_rule("ALP-02", facts={"completion_pct": 89.5}), "check_failed")
    assert finding_text(f.code, f.params, es) == (
        "“share of staff trained” es 89.5%, por debajo del mínimo de 90%")


def test_spanish_objectives_and_unanswered() -> None:
    es = language("es")
    f = _one(_rule("ALP-01", {"objectives": {"roles": True}}), "objectives_unmet")
    assert finding_text(f.code, f.params, es) == (
        "1 de 3 objetivos cumplidos; sin cumplir: “The agreement says who supervises whom”; "
        "“The agreement states its term”")
    assert finding_text("unanswered", {}, es) == "todavía no hay respuesta"


def test_every_finding_of_an_example_reads_in_spanish() -> None:
    from conftest import MINI, ROOT

    from checklist.evaluation import evaluate
    from checklist.load.assessment import load_assessment

    loaded = load_assessment(ROOT / "tests" / "data" / "mini-mixed.yaml", str(MINI))
    result = evaluate(loaded.pack, loaded.assessment, input_name="x", input_sha256="0" * 64)
    es = language("es")
    findings = [f for r in result.rules for f in r.findings]
    assert len({f.code for f in findings}) >= 5
    for f in findings:
        text = finding_text(f.code, f.params, es)
        assert text != f.message
        assert not {"before", "evidence", "objectives", "days", "answer"} & set(
            text.replace(",", " ").replace(";", " ").split())
