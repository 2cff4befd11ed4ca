"""The check-kind registry (checklist/checks.py): every kind has every part, everything
that knows about checks reads the registry, and a new kind is one entry (plus its
sentences in the finding catalog)."""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, pack_rule, to_yaml

from checklist.authoring.draft import Draft
from checklist.authoring.scaffold import render_draft
from checklist.checks import CHECK_KINDS, CheckKind, FactValue, Failure
from checklist.cli import main
from checklist.evaluation import evaluate
from checklist.i18n import language, read_catalog
from checklist.i18n.findings import TEMPLATES, finding_text, template_key
from checklist.load.assessment import load_assessment_text
from checklist.load.packs import load_pack
from checklist.load.problems import PackError
from checklist.models.pack import Check, FactType

AS_OF = dt.date(2026, 11, 1)
LIMITS = (0.0, 30.0, 365.0)


def _samples(fact_type: str, limit: float | None) -> list[FactValue]:
    """Values of a fact type on both sides of a limit and of the assessment date."""
    if fact_type == "date":
        return [AS_OF + dt.timedelta(days=d) for d in (-400, -366, -365, -31, -30, -1, 0, 1, 400)]
    if fact_type in ("number", "integer"):
        base = limit or 0
        return [base - 1, base - 0.5, base, base + 0.5, base + 1]
    if fact_type == "boolean":
        return [True, False]
    return ["", "text"]


def _runs(kind: CheckKind) -> Iterator[tuple[FactValue, float | None, Failure | None]]:
    for fact_type in kind.fact_types:
        for limit in LIMITS if kind.needs_value else (None,):
            for value in _samples(fact_type, limit):
                yield value, limit, kind.evaluate(value, limit, AS_OF)


def _failed_params(kind: CheckKind, value: FactValue, limit: float | None,
                   failure: Failure) -> dict[str, Any]:
    return {"fact": "f", "test": kind.name, "value": value, "limit": limit, "unit": "",
            "as_of": AS_OF, **failure}


@pytest.mark.parametrize("name", list(CHECK_KINDS))
def test_every_kind_has_every_part(name: str) -> None:
    kind = CHECK_KINDS[name]
    assert kind.name == name
    assert kind.fact_types and set(kind.fact_types) <= set(typing.get_args(FactType))
    assert kind.meaning.strip() and kind.init.strip()
    assert callable(kind.evaluate) and callable(kind.failed_sentence)
    assert kind.expect in TEMPLATES, f"{name}: no catalog sentence {kind.expect!r}"
    assert kind.failed and set(kind.failed) <= set(TEMPLATES), (
        f"{name}: missing catalog sentences {set(kind.failed) - set(TEMPLATES)}")
    placeholders = set(re.findall(r"\{(\w+)\}", kind.init))
    assert placeholders <= {"n", "unit", "parameter"}
    assert ("n" in placeholders) is kind.needs_value, "the init words show the limit"


@pytest.mark.parametrize("name", list(CHECK_KINDS))
def test_init_words_are_translated(name: str) -> None:
    """Words with a placeholder are sentences and need Spanish; a bare YAML word such as
    ``true`` reads the same in every language."""
    init = CHECK_KINDS[name].init
    spanish = {m.id: m.string for m in read_catalog("es") if isinstance(m.id, str)}
    if re.search(r"[{ ]", init):
        assert spanish.get(init), f"{name}: no Spanish for {init!r}"


@pytest.mark.parametrize("name", list(CHECK_KINDS))
def test_every_failure_an_evaluator_gives_has_its_sentence(name: str) -> None:
    """The evaluator can pass and fail; each failure picks one of the kind's declared
    sentences, every declared sentence is reachable, and each reads in English and Spanish
    with every placeholder filled."""
    kind = CHECK_KINDS[name]
    runs = list(_runs(kind))
    assert any(f is None for _, _, f in runs) and any(f is not None for _, _, f in runs)
    reached = set()
    for value, limit, failure in runs:
        if failure is None:
            continue
        params = _failed_params(kind, value, limit, failure)
        key = template_key("check_failed", params)
        assert key in kind.failed, f"{name}: {value!r} gave {key!r}"
        reached.add(key)
        for lang in (language("en"), language("es")):
            assert "{" not in finding_text("check_failed", params, lang)
    assert reached == set(kind.failed), f"{name}: never used {set(kind.failed) - reached}"


def test_documents_and_the_schema_name_every_kind() -> None:
    test = Check.model_json_schema()["properties"]["test"]
    assert test["enum"] == list(CHECK_KINDS)
    assert all(f"{k.name}: {k.meaning}" in test["description"] for k in CHECK_KINDS.values())
    guide = (ROOT / "docs" / "rule-packs.md").read_text(encoding="utf-8")
    assert [k for k in CHECK_KINDS if f"`{k}`" not in guide] == []


def test_an_unknown_kind_is_refused_with_the_list_from_the_registry(make_pack: Any) -> None:
    rule = pack_rule("AAA-01", facts=[{"id": "n", "type": "number", "help": "N"}],
                     checks=[{"fact": "n", "test": "at_lest", "value": 1}])
    with pytest.raises(PackError) as caught:
        load_pack(str(make_pack({"AAA": [rule]})))
    assert caught.value.problems == [
        "aaa.yaml:18:11: rules[1].checks[1].test: 'at_lest' is not one of the allowed values "
        f"({', '.join(CHECK_KINDS)}); did you mean 'at_least'?"]


# --- a new kind is one entry ---------------------------------------------------------


def _is_false(value: FactValue, _limit: float | None, _as_of: dt.date) -> Failure | None:
    return None if value is False else {}


IS_FALSE = CheckKind(
    name="is_false", fact_types=("boolean",), needs_value=False, quantity=False,
    meaning="a yes/no fact is no", init="false", expect="expect.is_false",
    failed=("check_failed.is_false",), evaluate=_is_false,
    failed_sentence=lambda _params: "check_failed.is_false")


@pytest.fixture
def is_false(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registers a throwaway kind the way a new one is added: its entry, and its two
    sentences in the finding catalog."""
    monkeypatch.setitem(CHECK_KINDS, "is_false", IS_FALSE)
    monkeypatch.setitem(TEMPLATES, "expect.is_false", "“{label}” is no")
    monkeypatch.setitem(TEMPLATES, "check_failed.is_false", "“{label}” is yes; it must be no")


def _pack_with(make_pack: Any, fact_type: str = "boolean", **check: Any) -> Path:
    rule = pack_rule("AAA-01", facts=[{"id": "uses_quotas", "type": fact_type,
                                       "help": "Arrest quotas are used"}],
                     checks=[{"fact": "uses_quotas", "test": "is_false", **check}])
    return Path(make_pack({"AAA": [rule]}))


def _rule_result(pack: Path, facts: dict[str, Any]) -> Any:
    data = {"pack": "gen", "agency": {"name": "Test Agency"}, "as_of": AS_OF,
            "answers": {"AAA-01": {"status": "implemented", "facts": facts}}}
    loaded = load_assessment_text(to_yaml(data), "assessment.yaml", str(pack))
    result = evaluate(loaded.pack, loaded.assessment, input_name="assessment.yaml",
                      input_sha256=loaded.sha256)
    return next(r for r in result.rules if r.id == "AAA-01")


@pytest.mark.usefixtures("is_false")
def test_a_registered_kind_is_validated_verified_and_written(make_pack: Any) -> None:
    pack = _pack_with(make_pack)
    load_pack(str(pack))
    assert "is_false" in Check.model_json_schema()["properties"]["test"]["enum"]

    assert _rule_result(pack, {"uses_quotas": False}).findings == ()
    failed = _rule_result(pack, {"uses_quotas": True})
    assert [(f.code, f.message) for f in failed.findings] == [
        ("check_failed", "“uses quotas” is yes; it must be no")]
    assert failed.effective_status == "partial"
    missing = _rule_result(pack, {}).findings[0]
    assert missing.message == ("“uses quotas” (Arrest quotas are used) is not given; it is "
                               "needed to check that “uses quotas” is no")

    text = render_draft(Draft(pack=load_pack(str(pack)), as_of=AS_OF))
    assert "Checked: false." in re.sub(r"\n *#  *", " ", text)
    shown = CliRunner().invoke(main, ["rules", "show", "AAA-01", "--pack", str(pack)])
    assert shown.exit_code == 0
    assert "  - “uses quotas” is no (if not: at most partial)" in shown.output


@pytest.mark.usefixtures("is_false")
def test_a_registered_kind_brings_its_own_pack_checks(make_pack: Any) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(str(_pack_with(make_pack, "date", value=3)))
    assert caught.value.problems == [
        "aaa.yaml: rule AAA-01: check 'is_false' needs a boolean fact, but 'uses_quotas' "
        "is date",
        "aaa.yaml: rule AAA-01: check 'is_false' on 'uses_quotas' takes no value"]


def test_without_its_entry_the_kind_is_refused(make_pack: Any) -> None:
    with pytest.raises(PackError) as caught:
        load_pack(str(_pack_with(make_pack)))
    assert "'is_false' is not one of the allowed values" in caught.value.problems[0]
