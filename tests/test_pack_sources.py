"""Source kinds and statuses, history-only citations, topics and the id mapping."""

from __future__ import annotations

from typing import Any

import pytest

from checklist.load.packs import load_pack
from checklist.load.problems import PackError
from tests.conftest import pack_rule

IN_FORCE = {"id": "S1", "title": "Act", "issuer": "Legislature", "date": "2020",
            "verification": "V1", "kind": "statute", "status": "in_force"}
RESCINDED = {"id": "S2", "title": "Guidance", "issuer": "Department", "date": "2002",
             "verification": "V1", "kind": "guidance", "status": "rescinded",
             "status_date": "2025-04-15"}


def _problems(make_pack: Any, rules: list[dict[str, Any]], **manifest: Any) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(str(make_pack({"AAA": rules}, **manifest)))
    return caught.value.problems


def test_a_rescinded_source_cannot_be_the_basis(make_pack: Any) -> None:
    rule = pack_rule("AAA-01", references=[{"source": "S1", "locator": "s. 1"},
                                           {"source": "S2", "locator": "p. 3"}])
    problems = _problems(make_pack, [rule], sources=[IN_FORCE, RESCINDED])
    assert problems == ["aaa.yaml: rule AAA-01: rests on source 'S2', which was rescinded on "
                        "2025-04-15; a requirement cannot rest on it: cite a source in force, "
                        "and keep this one only as history (history: true)"]


def test_a_rescinded_source_may_be_cited_as_history(make_pack: Any) -> None:
    rule = pack_rule("AAA-01", topics=["Q8", "Q14"],
                     references=[{"source": "S1", "locator": "s. 1"},
                                 {"source": "S2", "locator": "p. 3", "history": True}])
    pack = load_pack(str(make_pack({"AAA": [rule]}, sources=[IN_FORCE, RESCINDED])))
    assert pack.rules["AAA-01"].topics == ["Q8", "Q14"]
    assert pack.sources["S2"].status == "rescinded"


def test_history_alone_is_no_basis(make_pack: Any) -> None:
    rule = pack_rule("AAA-01", references=[{"source": "S2", "locator": "p. 3",
                                            "history": True}])
    assert _problems(make_pack, [rule], sources=[IN_FORCE, RESCINDED]) == [
        "aaa.yaml: rule AAA-01: every reference is marked history; the rule needs at least "
        "one source it rests on"]


def test_a_status_other_than_in_force_needs_its_date(make_pack: Any) -> None:
    undated = {**RESCINDED, "status": "enjoined"}
    del undated["status_date"]
    problems = _problems(make_pack, [pack_rule("AAA-01")], sources=[IN_FORCE, undated])
    assert problems == ["source 'S2' is marked enjoined but gives no status_date; say when"]


def test_replaces_must_point_at_rules_of_the_pack(make_pack: Any) -> None:
    problems = _problems(make_pack, [pack_rule("AAA-01")], sources=[IN_FORCE],
                         replaces={"OLD-01": ["AAA-01"], "OLD-02": ["AAA-02"]})
    assert problems == ["replaces: 'OLD-02' is mapped to 'AAA-02', which is not a rule of "
                        "this pack; did you mean 'AAA-01'?"]


def test_a_topic_has_the_seed_question_form(make_pack: Any) -> None:
    problems = _problems(make_pack, [pack_rule("AAA-01", topics=["question 8"])],
                         sources=[IN_FORCE])
    assert any("seed question number" in p for p in problems), problems
