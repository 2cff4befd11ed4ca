"""Pack validation (DESIGN.md section 2): a broken pack fails loudly, listing every
problem at once; a good pack loads. tests/packs/broken holds one of every mistake."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import MINI, ROOT, pack_rule

from checklist.cli import main
from checklist.load.packs import builtin_packs, load_pack
from checklist.load.problems import PackError, UsageError

BROKEN = ROOT / "tests" / "packs" / "broken"

BROKEN_PROBLEMS = [
    "bbb.yaml:2:8: rules: needs at least one entry",
    "ccc.yaml:1:1: the file is empty; it should hold 'domain:' and the domain's 'rules:'",
    "rule id 'AAA-01' is declared more than once",
    "gate 'critical_gap' caps at 'Goood', which is not a band; did you mean 'Good'?",
    "aaa.yaml: rule AAA-01: cites source 'S9', which pack.yaml does not declare",
    "aaa.yaml:22:20: rule AAA-02: applies_when names profile question 'has_dbb', which pack.yaml "
    "does not declare; did you mean 'has_db'?",
    "aaa.yaml:30:26: rule AAA-03: applies_when.size value 'medium' is not one of the question's "
    "choices",
    "aaa.yaml: rule AAA-04: a check uses fact 'signed', which the rule does not declare; "
    "did you mean 'signed_on'?",
    "aaa.yaml: rule AAA-05: check 'at_least' needs a number or integer fact, but "
    "'signed_on' is date",
    "aaa.yaml: rule AAA-06: evidence.max_age_days: parameter 'review_weeks' is not declared "
    "in pack.yaml; did you mean 'review_days'?",
]


def test_broken_pack_lists_every_problem_at_once() -> None:
    with pytest.raises(PackError) as caught:
        load_pack(str(BROKEN))
    assert sorted(caught.value.problems) == sorted(BROKEN_PROBLEMS)


def test_broken_pack_on_the_command_line_is_exit_2_without_traceback() -> None:
    result = CliRunner().invoke(main, ["rules", "list", "--pack", str(BROKEN)])
    assert result.exit_code == 2
    assert "rule pack" in result.output and "is invalid" in result.output
    for problem in BROKEN_PROBLEMS:
        assert f"  - {problem}" in result.output
    assert "Traceback" not in result.output


def test_mini_pack_loads() -> None:
    pack = load_pack(str(MINI))
    assert list(pack.rules) == ["ALP-01", "ALP-02", "ALP-03", "BET-01", "BET-02", "BET-03"]
    assert pack.version == "0.3.0"


def test_pack_can_be_named_by_its_pack_yaml() -> None:
    assert load_pack(str(MINI / "pack.yaml")).id == "mini"


def test_every_shipped_pack_loads() -> None:
    for name in builtin_packs():
        assert load_pack(name).rules, name


def test_unknown_pack_name() -> None:
    with pytest.raises(UsageError, match="no rule pack named 'task-force-cordination'; did "
                                         "you mean 'task-force-coordination'"):
        load_pack("task-force-cordination")


# --- one mistake at a time, in small generated packs --------------------------------------


def _problems(make_pack: Any, domains: dict[str, list[dict[str, Any]]],
              **manifest: Any) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(str(make_pack(domains, **manifest)))
    return caught.value.problems


def test_generated_good_pack_loads(make_pack: Any) -> None:
    pack = load_pack(str(make_pack({"AAA": [pack_rule("AAA-01")],
                                    "BBB": [pack_rule("BBB-01")]})))
    assert list(pack.rules) == ["AAA-01", "BBB-01"]


def test_duplicate_rule_ids_across_domains(make_pack: Any) -> None:
    problems = _problems(make_pack, {"AAA": [pack_rule("AAA-01")],
                                     "BBB": [pack_rule("AAA-01")]})
    assert "rule id 'AAA-01' is declared more than once" in problems


def test_rule_id_must_start_with_its_domain(make_pack: Any) -> None:
    assert _problems(make_pack, {"AAA": [pack_rule("BBB-01")]}) == [
        "aaa.yaml: rule BBB-01: the id must start with its domain 'AAA-'"]


def test_rule_id_of_the_wrong_form(make_pack: Any) -> None:
    problems = _problems(make_pack, {"AAA": [pack_rule("AAA-1")]})
    assert len(problems) == 1
    assert problems[0] == ("aaa.yaml:3:7: rules[1].id: 'AAA-1' does not have the expected "
                           "form (a rule id: capital letters, a hyphen and two or three "
                           "digits, e.g. AGR-01)")


def test_every_pattern_of_the_file_models_is_described_in_words() -> None:
    import inspect
    import re

    from checklist.load.validation_messages import PATTERN_WORDS
    from checklist.models import assessment, pack

    source = inspect.getsource(pack) + inspect.getsource(assessment)
    patterns = set(re.findall(r'pattern=r"([^"]+)"', source))
    patterns |= {pack.RULE_ID_PATTERN, pack.NAME_PATTERN, pack.TOPIC_PATTERN}
    assert patterns <= set(PATTERN_WORDS)


def test_duplicate_source_and_parameter_ids(make_pack: Any) -> None:
    source = {"id": "S1", "title": "T", "issuer": "I", "date": "2020", "verification": "V1"}
    param = {"id": "p", "title": "P", "default": 1, "basis": "B"}
    problems = _problems(make_pack, {"AAA": [pack_rule("AAA-01")]},
                         sources=[source, dict(source)], parameters=[param, dict(param)])
    assert "source id 'S1' is declared more than once" in problems
    assert "parameter id 'p' is declared more than once" in problems


def test_reference_to_an_undeclared_source(make_pack: Any) -> None:
    rule = pack_rule("AAA-01", references=[{"source": "S2", "locator": "p. 1"}])
    assert _problems(make_pack, {"AAA": [rule]}) == [
        "aaa.yaml: rule AAA-01: cites source 'S2', which pack.yaml does not declare"]


def test_applies_when_on_an_undeclared_question(make_pack: Any) -> None:
    rule = pack_rule("AAA-01", applies_when={"sizes": "large"})
    assert _problems(make_pack, {"AAA": [rule]}) == [
        "aaa.yaml:13:5: rule AAA-01: applies_when names profile question 'sizes', which "
        "pack.yaml does not declare; did you mean 'size'?"]


@pytest.mark.parametrize(("condition", "problem"), [
    ({"size": "huge"}, "13:11: rule AAA-01: applies_when.size value 'huge' is not one of the "
                       "question's choices"),
    ({"size": ["small", "larg"]}, "14:5: rule AAA-01: applies_when.size value 'larg' is not "
                                  "one of the question's choices; did you mean 'large'?"),
    ({"has_db": "yes please"}, "13:13: rule AAA-01: applies_when.has_db must be true or false"),
    ({"size": {"not": ["larj"]}}, "14:7: rule AAA-01: applies_when.size.not value 'larj' is "
                                  "not one of the question's choices; did you mean 'large'?"),
    ({"has_db": {"not": ["yes"]}}, "14:7: rule AAA-01: applies_when.has_db is a yes/no "
                                  "question: write true or false instead of 'not'"),
])
def test_applies_when_with_an_invalid_value(make_pack: Any, condition: dict[str, Any],
                                            problem: str) -> None:
    """Each problem names the file and the line and column of the condition."""
    rule = pack_rule("AAA-01", applies_when=condition)
    assert _problems(make_pack, {"AAA": [rule]}) == [f"aaa.yaml:{problem}"]


def test_check_on_an_undeclared_fact(make_pack: Any) -> None:
    rule = pack_rule("AAA-01", facts=[{"id": "count", "type": "integer", "help": "How many"}],
                     checks=[{"fact": "cnt", "test": "at_least", "value": 1}])
    assert _problems(make_pack, {"AAA": [rule]}) == [
        "aaa.yaml: rule AAA-01: a check uses fact 'cnt', which the rule does not declare; "
        "did you mean 'count'?"]


@pytest.mark.parametrize(("fact_type", "test", "wanted"), [
    ("date", "at_least", "number or integer"),
    ("number", "within_days", "date"),
    ("text", "after_as_of", "date"),
    ("integer", "is_true", "boolean"),
    ("boolean", "at_most", "number or integer"),
])
def test_check_kind_and_fact_type_mismatch(make_pack: Any, fact_type: str, test: str,
                                           wanted: str) -> None:
    check: dict[str, Any] = {"fact": "f", "test": test}
    if test in ("at_least", "at_most", "within_days"):
        check["value"] = 5
    rule = pack_rule("AAA-01", facts=[{"id": "f", "type": fact_type, "help": "F"}],
                     checks=[check])
    assert _problems(make_pack, {"AAA": [rule]}) == [
        f"aaa.yaml: rule AAA-01: check '{test}' needs a {wanted} fact, but 'f' is "
        f"{fact_type}"]


def test_check_value_missing_or_superfluous(make_pack: Any) -> None:
    rule = pack_rule("AAA-01",
                     facts=[{"id": "n", "type": "number", "help": "N"},
                            {"id": "d", "type": "date", "help": "D"}],
                     checks=[{"fact": "n", "test": "at_least"},
                             {"fact": "d", "test": "after_as_of", "value": 3}])
    assert _problems(make_pack, {"AAA": [rule]}) == [
        "aaa.yaml: rule AAA-01: check 'at_least' on 'n' needs a value",
        "aaa.yaml: rule AAA-01: check 'after_as_of' on 'd' takes no value"]


@pytest.mark.parametrize("where", ["check", "evidence"])
def test_undeclared_parameter(make_pack: Any, where: str) -> None:
    if where == "check":
        rule = pack_rule("AAA-01", facts=[{"id": "d", "type": "date", "help": "D"}],
                         checks=[{"fact": "d", "test": "within_days",
                                  "value": {"parameter": "review_dayz"}}])
        prefix = "check on 'd'"
    else:
        rule = pack_rule("AAA-01", evidence={"max_age_days": {"parameter": "review_dayz"}})
        prefix = "evidence.max_age_days"
    assert _problems(make_pack, {"AAA": [rule]}) == [
        f"aaa.yaml: rule AAA-01: {prefix}: parameter 'review_dayz' is not declared in "
        "pack.yaml; did you mean 'review_days'?"]


def test_empty_domain_file(make_pack: Any) -> None:
    folder = make_pack({"AAA": [pack_rule("AAA-01")], "BBB": [pack_rule("BBB-01")]})
    (folder / "bbb.yaml").write_text("domain: BBB\nrules: []\n")
    with pytest.raises(PackError) as caught:
        load_pack(str(folder))
    assert caught.value.problems == ["bbb.yaml:2:8: rules: needs at least one entry"]


def test_missing_domain_file(make_pack: Any) -> None:
    folder = make_pack({"AAA": [pack_rule("AAA-01")], "BBB": [pack_rule("BBB-01")]})
    (folder / "bbb.yaml").unlink()
    with pytest.raises(PackError) as caught:
        load_pack(str(folder))
    assert caught.value.problems == ["bbb.yaml:1:1: file not found"]


def test_domain_file_declaring_another_domain(make_pack: Any) -> None:
    folder = make_pack({"AAA": [pack_rule("AAA-01")]})
    (folder / "aaa.yaml").write_text((folder / "aaa.yaml").read_text().replace(
        "domain: AAA", "domain: AAB"))
    with pytest.raises(PackError) as caught:
        load_pack(str(folder))
    assert ("aaa.yaml: declares domain 'AAB' but pack.yaml lists this file for domain 'AAA'"
            in caught.value.problems)


@pytest.mark.parametrize("file", ["/etc/hostname", "../outside.yaml"])
def test_domain_file_outside_the_pack_folder_is_refused(make_pack: Any, file: str) -> None:
    folder = make_pack({"AAA": [pack_rule("AAA-01")]})
    (folder.parent / "outside.yaml").write_text("domain: AAA\nrules: []\n")
    manifest = folder / "pack.yaml"
    manifest.write_text(manifest.read_text().replace("file: aaa.yaml", f"file: {file}"))
    with pytest.raises(PackError) as caught:
        load_pack(str(folder))
    assert caught.value.problems == [
        f"pack.yaml: domain 'AAA' names the file '{file}', which is outside the pack folder; "
        "keep domain files inside it"]


def test_gate_capping_at_an_unknown_band(make_pack: Any) -> None:
    scoring = {"bands": [{"name": "Strong", "minimum": 80}, {"name": "Weak", "minimum": 0}],
               "gates": [{"id": "g", "description": "d", "severities": ["critical"],
                          "cap": "Strnog"}]}
    assert _problems(make_pack, {"AAA": [pack_rule("AAA-01")]}, scoring=scoring) == [
        "gate 'g' caps at 'Strnog', which is not a band; did you mean 'Strong'?"]


def test_bands_need_a_minimum_of_zero(make_pack: Any) -> None:
    scoring = {"bands": [{"name": "Strong", "minimum": 80}]}
    assert _problems(make_pack, {"AAA": [pack_rule("AAA-01")]}, scoring=scoring) == [
        "scoring.bands needs a band with minimum 0 so every score has a rating"]


def test_parameter_default_outside_its_own_range(make_pack: Any) -> None:
    param = {"id": "p", "title": "P", "default": 5, "minimum": 10, "basis": "B"}
    assert _problems(make_pack, {"AAA": [pack_rule("AAA-01")]}, parameters=[param]) == [
        "parameter 'p': default 5 is outside its own range"]


def test_choice_question_without_choices(make_pack: Any) -> None:
    question = {"id": "kind", "question": "Which kind?", "type": "choice"}
    assert _problems(make_pack, {"AAA": [pack_rule("AAA-01")]}, profile=[question]) == [
        "profile question 'kind' has no choices"]


def test_unknown_key_in_a_rule_has_a_did_you_mean(make_pack: Any) -> None:
    rule = pack_rule("AAA-01", severty="high")
    problems = _problems(make_pack, {"AAA": [rule]})
    assert any("unknown key 'severty'; did you mean 'severity'?" in p for p in problems)


def test_pack_yaml_with_a_syntax_error(make_pack: Any) -> None:
    folder = make_pack({"AAA": [pack_rule("AAA-01")]})
    (folder / "pack.yaml").write_text("id: gen\ntitle: [unclosed\n")
    with pytest.raises(PackError) as caught:
        load_pack(str(folder))
    assert caught.value.problems == [
        "pack.yaml:3:1: the list opened with '[' on line 2 is not closed with ']', or a comma "
        "is missing between its items"]


def test_folder_without_pack_yaml(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"give a folder that holds pack\.yaml"):
        load_pack(str(tmp_path))


def test_a_threshold_that_is_not_a_number_is_refused(make_pack: Any) -> None:
    rule = pack_rule("AAA-01")
    rule["evidence"] = {"max_age_days": float("nan")}
    problems = _problems(make_pack, {"AAA": [rule]})
    assert len(problems) == 1
    assert "aaa.yaml" in problems[0] and "evidence.max_age_days" in problems[0]


def test_glossary_term_declared_twice_is_refused_with_its_line(make_pack: Any) -> None:
    glossary = [{"term": "MOU", "stands_for": "memorandum of understanding"},
                {"term": "CJI", "stands_for": "criminal justice information"},
                {"term": "MOU", "stands_for": "memo of understanding"}]
    problems = _problems(make_pack, {"AAA": [pack_rule("AAA-01")]}, glossary=glossary)
    assert len(problems) == 1
    assert re.fullmatch(r"pack\.yaml:\d+:\d+: glossary entry 3: the term 'MOU' is already "
                        r"declared \(line \d+\); keep one entry per term", problems[0])
    line = int(problems[0].split(":")[1])
    first = int(problems[0].split("(line ")[1].rstrip(")").split(")")[0])
    assert line > first


def test_glossary_entry_that_repeats_its_term_and_a_bad_term(make_pack: Any) -> None:
    problems = _problems(make_pack, {"AAA": [pack_rule("AAA-01")]},
                         glossary=[{"term": "MOU", "stands_for": "mou"}])
    assert len(problems) == 1 and "stands_for only repeats the term 'MOU'" in problems[0]
    problems = _problems(make_pack, {"AAA": [pack_rule("AAA-01")]},
                         glossary=[{"term": "m o u", "stands_for": "memo"}])
    assert "e.g. MOU or 287(g)" in problems[0] and problems[0].startswith("pack.yaml:")


def test_shipped_pack_glossary_covers_its_acronyms() -> None:
    pack = load_pack("task-force-coordination")
    terms = {e.term for e in pack.manifest.glossary}
    for term in ("MOU", "MOA", "CJIS", "CJI", "GAO", "DOJ", "FBI", "HIDTA", "287(g)", "ICE"):
        assert term in terms
