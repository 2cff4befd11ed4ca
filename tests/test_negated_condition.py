"""``applies_when: {question: {not: [choice, …]}}``: a rule that is out of scope when the
answer is, or includes, one of the listed choices. Scope in evaluation, in ``rules show``
and ``rules list``, in the file ``init`` writes, and refusal of a choice the question does
not offer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import pack_rule

from checklist.cli import main
from checklist.evaluation.verify import applicability, profile_answers
from checklist.load.packs import load_pack
from checklist.load.problems import PackError

PROFILE = [
    {"id": "size", "question": "How large?", "type": "choice", "default": "small",
     "choices": [{"value": "small", "label": "Small"}, {"value": "large", "label": "Large"}]},
    {"id": "state_law", "question": "What does state law require?", "type": "multi_choice",
     "default": [],
     "choices": [{"value": "approval", "label": "Approval"},
                 {"value": "mandated", "label": "Mandated"},
                 {"value": "reporting", "label": "Reporting"}]},
]


def negated_pack(make_pack: Any) -> Path:
    rules = [pack_rule("AAA-01", applies_when={"state_law": {"not": ["mandated"]}}),
             pack_rule("AAA-02", applies_when={"size": {"not": ["large"]},
                                               "state_law": {"not": ["mandated", "reporting"]}}),
             pack_rule("AAA-03")]
    return make_pack({"AAA": rules}, profile=PROFILE)


@pytest.mark.parametrize(("profile", "in_scope", "reason"), [
    ({}, True, "applies because the answer to “What does state law require?” is not Mandated"),
    ({"state_law": ["approval"]}, True,
     "applies because the answer to “What does state law require?” is not Mandated"),
    ({"state_law": ["mandated"]}, False,
     "applies only when the answer to “What does state law require?” is not Mandated (answered: Mandated)"),
    ({"state_law": ["approval", "mandated"]}, False,
     "applies only when the answer to “What does state law require?” is not Mandated "
     "(answered: Approval and Mandated)"),
])
def test_multi_choice_negation(make_pack: Any, profile: dict[str, Any], in_scope: bool,
                               reason: str) -> None:
    pack = load_pack(str(negated_pack(make_pack)))
    answers = profile_answers(pack.questions, profile)
    assert applicability(pack.rules["AAA-01"], answers,
                         questions=pack.questions) == (in_scope, reason)
    assert applicability(pack.rules["AAA-03"], answers)[0] is True


@pytest.mark.parametrize(("profile", "in_scope"), [
    ({}, True),
    ({"state_law": ["approval"]}, True),
    ({"size": "large"}, False),
    ({"state_law": ["reporting"]}, False),
    ({"size": "small", "state_law": ["mandated"]}, False),
])
def test_choice_negation_and_several_listed_choices(make_pack: Any, profile: dict[str, Any],
                                                     in_scope: bool) -> None:
    pack = load_pack(str(negated_pack(make_pack)))
    scope, reason = applicability(pack.rules["AAA-02"], profile_answers(pack.questions, profile),
                                  questions=pack.questions)
    assert scope is in_scope
    if in_scope:
        assert reason == ("applies because the answer to “How large?” is not Large and the "
                          "answer to “What does state law require?” is none of “Mandated” or “Reporting”")


def test_evaluation_puts_the_rule_out_of_scope(make_pack: Any, tmp_path: Path) -> None:
    folder = negated_pack(make_pack)
    for profile, expected in (("{}", "in_scope"), ("{state_law: [mandated]}",
                                                   "out_of_scope_profile")):
        file = tmp_path / "a.yaml"
        file.write_text("pack: gen\nas_of: 2026-11-01\n"
                        "agency: {name: Test agency, id: test}\n"
                        f"profile: {profile}\nanswers: {{}}\n", encoding="utf-8")
        result = CliRunner().invoke(main, ["evaluate", str(file), "--pack", str(folder), "-f", "json",
                                           "-o", str(tmp_path / "r.json")])
        assert result.exit_code == 0, result.output
        report = (tmp_path / "r.json").read_text(encoding="utf-8")
        rules = {r["id"]: r for r in json.loads(report)["rules"]}
        assert rules["AAA-01"]["scope"] == expected


def test_rules_show_and_list_say_not(make_pack: Any) -> None:
    folder = str(negated_pack(make_pack))
    shown = CliRunner().invoke(main, ["rules", "show", "AAA-02", "--pack", folder])
    assert shown.exit_code == 0, shown.output
    assert "Applies when: size≠large; state_law≠mandated, reporting" in shown.output
    listed = CliRunner().invoke(main, ["rules", "list", "--pack", folder])
    assert "[only when state_law≠mandated]" in listed.output


def test_init_scope_line_and_left_out_rules(make_pack: Any, tmp_path: Path) -> None:
    folder = str(negated_pack(make_pack))
    out = tmp_path / "a.yaml"
    result = CliRunner().invoke(main, ["init", "--pack", folder, "-o", str(out),
                                       "--as-of", "2026-11-01"])
    assert result.exit_code == 0, result.output
    assert "# Scope: applies when state_law is not mandated" in out.read_text(encoding="utf-8")
    out2 = tmp_path / "b.yaml"
    result = CliRunner().invoke(main, ["init", "--pack", folder, "-o", str(out2),
                                       "--as-of", "2026-11-01",
                                       "--profile", "state_law=mandated"])
    assert result.exit_code == 0, result.output
    text = out2.read_text(encoding="utf-8")
    assert "\n  AAA-01:\n" not in text and "\n  AAA-03:\n" in text


def test_a_misspelt_choice_is_refused_at_its_line(make_pack: Any) -> None:
    rule = pack_rule("AAA-01", applies_when={"state_law": {"not": ["mandatd"]}})
    with pytest.raises(PackError) as caught:
        load_pack(str(make_pack({"AAA": [rule]}, profile=PROFILE)))
    assert caught.value.problems == [
        "aaa.yaml:14:7: rule AAA-01: applies_when.state_law.not value 'mandatd' is not one of "
        "the question's choices; did you mean 'mandated'?"]


@pytest.mark.parametrize("condition", [{"not": []}, {"not": ["mandated"], "also": ["x"]},
                                       {"none": ["mandated"]}])
def test_a_malformed_negation_is_refused(make_pack: Any, condition: dict[str, Any]) -> None:
    rule = pack_rule("AAA-01", applies_when={"state_law": condition})
    with pytest.raises(PackError) as caught:
        load_pack(str(make_pack({"AAA": [rule]}, profile=PROFILE)))
    assert all(p.startswith("aaa.yaml:") for p in caught.value.problems), caught.value.problems
