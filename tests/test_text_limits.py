"""Length limits on what an agency writes: a value at its limit passes, one character (or
item) more is a located error naming the field and the limit, and the JSON Schema agrees.
The whole file's text has a limit of its own, which only `checklist validate` checks."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from checklist.authoring.schema import build_schema, json_compatible
from checklist.load.assessment import load_assessment_text
from checklist.load.packs import load_pack
from checklist.load.problems import InputError
from checklist.models.assessment import (
    EVIDENCE_MAX,
    EXCEPTIONS_MAX,
    FACT_TEXT_MAX,
    LIST_MAX,
    LONG_TEXT_MAX,
    NAME_MAX,
    REFERENCE_MAX,
    TEXT_TOTAL_MAX,
)

ROOT = Path(__file__).resolve().parent.parent
MINI = str(ROOT / "tests" / "packs" / "mini")
GOOD: dict[str, Any] = yaml.safe_load((ROOT / "tests" / "data" / "mini-good.yaml").read_text())

Edit = Callable[[dict[str, Any], int], None]


def _set(*path: str | int) -> Callable[[Callable[[int], Any]], Edit]:
    """An edit that puts ``make(n)`` at ``path`` in the data."""
    def wrap(make: Callable[[int], Any]) -> Edit:
        def edit(data: dict[str, Any], n: int) -> None:
            node: Any = data
            for part in path[:-1]:
                node = node.setdefault(part, {}) if isinstance(part, str) else node[part]
            node[path[-1]] = make(n)
        return edit
    return wrap


def _text(n: int) -> str:
    return ("word " * (n // 5 + 1))[:n - 1] + "x"


def _evidence(n: int) -> list[dict[str, str]]:
    return [{"title": f"Record {i}"} for i in range(n)]


def _exceptions(n: int) -> list[dict[str, object]]:
    grant = GOOD["exceptions"][0]
    return [dict(grant) for _ in range(n)]


# (field shown in the message, edit, limit)
CASES: list[tuple[str, Edit, int]] = [
    ("agency.name", _set("agency", "name")(_text), NAME_MAX),
    ("agency.jurisdiction", _set("agency", "jurisdiction")(_text), NAME_MAX),
    ("assessor.title", _set("assessor", "title")(_text), NAME_MAX),
    ("answers.ALP-01.owner", _set("answers", "ALP-01", "owner")(_text), NAME_MAX),
    ("answers.ALP-01.evidence[1].title",
     _set("answers", "ALP-01", "evidence", 0, "title")(_text), NAME_MAX),
    ("answers.ALP-01.evidence[1].ref",
     _set("answers", "ALP-01", "evidence", 0, "ref")(_text), REFERENCE_MAX),
    ("answers.BET-01.facts.summary", _set("answers", "BET-01", "facts", "summary")(_text),
     FACT_TEXT_MAX),
    ("answers.ALP-01.notes", _set("answers", "ALP-01", "notes")(_text), LONG_TEXT_MAX),
    ("answers.BET-01.justification", _set("answers", "BET-01", "justification")(_text),
     LONG_TEXT_MAX),
    ("answers.ALP-03.management_response",
     _set("answers", "ALP-03", "management_response")(_text), LONG_TEXT_MAX),
    ("management_response.overall", _set("management_response", "overall")(_text),
     LONG_TEXT_MAX),
    ("exceptions[1].justification", _set("exceptions", 0, "justification")(_text),
     LONG_TEXT_MAX),
    ("answers.ALP-03.evidence", _set("answers", "ALP-03", "evidence")(_evidence), EVIDENCE_MAX),
    ("document.distribution", _set("document", "distribution")(lambda n: ["Board"] * n),
     LIST_MAX),
    ("exceptions", _set("exceptions")(_exceptions), EXCEPTIONS_MAX),
]


def _file(edit: Edit, n: int) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    data.setdefault("assessor", {"name": "Assessor"})
    edit(data, n)
    return data


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _loader_errors(data: dict[str, Any]) -> list[str]:
    text = yaml.dump(data, Dumper=_NoAliases, sort_keys=False, width=2**31)
    try:
        load_assessment_text(text, "a.yaml", MINI)
    except InputError as exc:
        return [str(p) for p in exc.problems if p.level == "error"]
    return []


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(build_schema(load_pack(MINI)))


def _schema_ok(validator: jsonschema.Draft202012Validator, data: dict[str, Any]) -> bool:
    return not any(True for _ in validator.iter_errors(json_compatible(data)))


@pytest.mark.parametrize(("field", "edit", "limit"), CASES, ids=[c[0] for c in CASES])
def test_at_the_limit_is_accepted_and_one_more_is_a_located_error(
        field: str, edit: Edit, limit: int, validator: jsonschema.Draft202012Validator) -> None:
    at_limit = _file(edit, limit)
    assert _loader_errors(at_limit) == []
    assert _schema_ok(validator, at_limit)
    over = _file(edit, limit + 1)
    errors = _loader_errors(over)
    assert len(errors) == 1, errors
    assert f": {field}: " in errors[0] and f"at most {limit:,}" in errors[0]
    assert f"{limit + 1:,}" in errors[0]
    assert not _schema_ok(validator, over)


def test_the_message_never_quotes_the_long_value() -> None:
    errors = _loader_errors(_file(_set("agency", "name")(_text), 1_000_000))
    assert len(errors) == 1 and len(errors[0]) < 300


def test_all_the_text_together_has_a_limit_located_where_it_is_passed(
        validator: jsonschema.Draft202012Validator) -> None:
    per_note = LONG_TEXT_MAX
    notes = TEXT_TOTAL_MAX // per_note + 1  # just over the total, each note within its limit
    data = copy.deepcopy(GOOD)
    data["answers"] = {"ALP-01": GOOD["answers"]["ALP-01"]}
    data["answers"]["ALP-01"]["evidence"] = [
        {"title": "Record", "ref": "x" * REFERENCE_MAX} for _ in range(EVIDENCE_MAX)]
    data["answers"]["ALP-01"]["notes"] = "n" * per_note
    data["exceptions"] = [dict(GOOD["exceptions"][0], justification="j" * per_note)
                          for _ in range(notes)]
    errors = _loader_errors(data)
    assert len(errors) == 1, errors
    assert "adds up to more than 500,000 characters" in errors[0]
    line = int(errors[0].split(":")[1])
    assert line > 1  # at the field where the total is passed, not at the top of the file
    assert _schema_ok(validator, data)  # each field is within its own limit


def test_schema_limits_are_the_model_limits() -> None:
    text = json.dumps(build_schema(load_pack(MINI)))
    for limit in (NAME_MAX, REFERENCE_MAX, FACT_TEXT_MAX, LONG_TEXT_MAX):
        assert f'"maxLength": {limit}' in text
    for limit in (EVIDENCE_MAX, LIST_MAX, EXCEPTIONS_MAX):
        assert f'"maxItems": {limit}' in text
