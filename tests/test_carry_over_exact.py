"""`init --from` carries every text exactly as last year's file has it: block scalars
with lines starting with '#', spaces and line breaks around a name, quotes, backslashes,
tabs and every kind of line break."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checklist.cli import main

ROOT = Path(__file__).resolve().parent.parent
MINI = str(ROOT / "tests" / "packs" / "mini")

PREVIOUS = """\
pack: mini
agency:
  name: |
    Harlan Ridge
    # not a comment
      indented # still text
  jurisdiction: "  Testland  "
  contact: {name: "Terry\\tVance ", title: 'It''s "quoted"'}
as_of: 2026-11-01
assessor:
  name: >-
    Jordan
    # Pike
profile:
  runs_database: true
answers:
  ALP-01:
    status: implemented
    evidence:
      - {title: " Signed\\u2028agreement ", ref: "C:\\\\records\\\\a.pdf\\r\\n# b"}
    owner: "# Chief"
    notes: |+
      line one
      # line two

  BET-01:
    status: not_applicable
    justification: "We publish nothing;\\n# the board decided so.\\u0085NEL"
"""


def _texts(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [t for k in sorted(data, key=str) for t in _texts(data[k])]
    if isinstance(data, list):
        return [t for item in data for t in _texts(item)]
    return [data] if isinstance(data, str) else []


def _carried(tmp_path: Path, text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    before = tmp_path / "previous.yaml"
    before.write_text(text, "utf-8")
    after = tmp_path / "next.yaml"
    result = CliRunner().invoke(main, ["init", "--pack", MINI, "--from", str(before), "-o",
                                       str(after), "--as-of", "2027-11-01", "--force"])
    assert result.exit_code == 0, result.output
    return yaml.safe_load(text), yaml.safe_load(after.read_text("utf-8"))


def _filled(data: Any) -> Any:
    """``data`` without the empty fields init writes for the user to fill in."""
    if isinstance(data, dict):
        return {k: _filled(v) for k, v in data.items() if v not in ("", None)}
    return data


def _kept(old: dict[str, Any], new: dict[str, Any]) -> None:
    assert _filled(new["agency"]) == old["agency"]
    assert _filled(new["assessor"]) == old["assessor"]
    for rule_id in ("ALP-01", "BET-01"):
        for key in ("owner", "notes", "justification", "evidence"):
            if key in old["answers"][rule_id]:
                assert _filled(new["answers"][rule_id][key]) == old["answers"][rule_id][key]


def test_every_text_is_carried_to_the_character(tmp_path: Path) -> None:
    old, new = _carried(tmp_path, PREVIOUS)
    _kept(old, new)
    assert old["agency"]["name"].endswith("\n")  # the block scalar's final line break
    assert "# not a comment" in new["agency"]["name"]


_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff"),
                min_size=1, max_size=40).filter(lambda t: t.strip() != "")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_TEXT, notes=_TEXT, owner=_TEXT, style=st.sampled_from(['"', "|", ">", "'"]))
# A control character that str.strip() takes and the file models keep, before a line break.
@example(name="0\x1f\r", notes="0", owner="0", style='"')
def test_any_text_in_any_style_is_carried(tmp_path: Path, name: str, notes: str, owner: str,
                                          style: str) -> None:
    data = {"pack": "mini", "agency": {"name": name}, "as_of": "2026-11-01",
            "profile": {"runs_database": True},
            "answers": {"ALP-01": {"status": "implemented", "owner": owner, "notes": notes}}}
    try:
        text = yaml.safe_dump(data, default_style=style, allow_unicode=True)
    except yaml.YAMLError:
        return
    text = text.replace('"as_of": "2026-11-01"', '"as_of": 2026-11-01').replace(
        "'as_of': '2026-11-01'", "'as_of': 2026-11-01")
    result = CliRunner().invoke(main, ["validate", "--pack", MINI, "-"], input=text)
    if result.exit_code == 2:  # a text the reader refuses (a raw control character ...)
        return
    old, new = _carried(tmp_path, text)
    assert new["agency"]["name"] == old["agency"]["name"]
    assert new["answers"]["ALP-01"]["owner"] == old["answers"]["ALP-01"]["owner"]
    assert new["answers"]["ALP-01"]["notes"] == old["answers"]["ALP-01"]["notes"]
