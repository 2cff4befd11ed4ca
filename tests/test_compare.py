"""``checklist compare``: progress between two assessments.

The golden file pins the JSON for the test pair; regenerate it after a deliberate change
with ``UPDATE_GOLDEN=1 pytest tests/test_compare.py`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from checklist.cli import main
from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment
from checklist.portfolio.compare import compare

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "packs" / "mini"
PAIR = ROOT / "tests" / "data" / "portfolio" / "compare"
GOLDEN = ROOT / "tests" / "golden" / "portfolio" / "compare.json"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def pinned(data: dict[str, object]) -> str:
    """The JSON with the tool version blanked, so a version bump alone changes nothing."""
    data["tool"] = {**data["tool"], "version": "<version>"}  # type: ignore[dict-item]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def compare_json(*extra: str | Path) -> dict[str, object]:
    result = run("compare", PAIR / "old.yaml", PAIR / "new.yaml", "--pack", MINI,
                 "-o", "-", *extra)
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def write_yaml(path: Path, data: dict[str, object]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def load(path: Path) -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_json_matches_golden() -> None:
    actual = pinned(compare_json())
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
    assert GOLDEN.exists(), f"missing {GOLDEN}; run with UPDATE_GOLDEN=1 to create it"
    assert actual == GOLDEN.read_text(encoding="utf-8")


def test_lists_each_kind_of_change() -> None:
    c = compare_json()
    rules = {key: [r["rule"] for r in c[key]]  # type: ignore[attr-defined]
             for key in ("gaps_closed", "new_gaps", "regressed", "improved", "scope_changes")}
    assert rules == {"gaps_closed": ["ALP-02"], "new_gaps": ["ALP-01", "ALP-03"],
                     "regressed": [], "improved": ["BET-01"],
                     "scope_changes": ["ALP-03"]}  # ALP-01 is listed once, as a new gap
    alp01 = c["new_gaps"][0]  # type: ignore[index]
    assert (alp01["cause"], alp01["new_claimed"], alp01["new_status"]) == (
        "evidence_aged", "implemented", "partial")  # same answer, evidence now too old
    assert c["rating"] == {"old": "Established", "new": "Developing", "old_provisional": False,
                           "new_provisional": False, "direction": "down",
                           "old_not_rated": False, "new_not_rated": False}
    missed = c["targets_missed"]
    assert [(m["rule"], m["missed_date"], m["days_late"], m["rescheduled"])  # type: ignore[index]
            for m in missed] == [("BET-01", "2026-03-31", 184, False)]  # type: ignore[attr-defined]
    # ALP-01's target (2026-12-31) is after the new date: not missed although it is a gap.
    assert c["pack_change"] is None and c["notes"] == [] and c["same_agency"] is True


def test_changes_are_new_minus_old_and_match_evaluate() -> None:
    c = compare_json()
    for side in ("old", "new"):
        out = run("evaluate", PAIR / f"{side}.yaml", "--pack", MINI, "-o", "-")
        summary = json.loads(out.stdout)["summary"]
        assert c[side]["score"] == summary["score"]["value"]  # type: ignore[index]
        assert c[side]["gaps"] == summary["gaps"]  # type: ignore[index]
    score = c["score"]
    assert score["change"] == round(score["new"] - score["old"], 1)  # type: ignore[index]
    for d in c["domains"]:  # type: ignore[attr-defined]
        assert d["score"]["change"] == round(d["score"]["new"] - d["score"]["old"], 1)


def test_lowered_rules_carry_the_findings_that_lowered_them() -> None:
    regressed = compare_json()["new_gaps"][0]  # type: ignore[index]
    assert any("487 days before 2026-10-01" in m for m in regressed["reasons"])


def test_new_dated_before_old_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "progress.json"
    result = run("compare", PAIR / "new.yaml", PAIR / "old.yaml", "--pack", MINI, "-o", out)
    assert result.exit_code == 2
    assert "before the old one" in result.stderr and "give the older file first" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_same_date_is_compared_with_a_note() -> None:
    result = run("compare", PAIR / "new.yaml", PAIR / "new.yaml", "--pack", MINI, "-o", "-")
    assert result.exit_code == 0, result.output
    c = json.loads(result.stdout)
    assert c["score"]["change"] == 0.0 and c["days_between"] == 0
    assert not c["gaps_closed"] and not c["new_gaps"] and not c["regressed"]
    assert any("Both assessments are dated 2026-10-01" in n for n in c["notes"])


def test_different_packs_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(MINI, other)
    manifest = other / "pack.yaml"
    manifest.write_text(manifest.read_text().replace("id: mini", "id: other-pack"))
    out = tmp_path / "p.json"
    result = run("compare", PAIR / "old.yaml", PAIR / "new.yaml", "--old-pack", MINI,
                 "--new-pack", other, "-o", out)
    assert result.exit_code == 2
    assert "pack 'mini'" in result.stderr and "pack 'other-pack'" in result.stderr
    assert not out.exists()


def test_different_agencies_warn_but_compare(tmp_path: Path) -> None:
    data = load(PAIR / "new.yaml")
    data["agency"] = {"name": "Another Agency", "jurisdiction": "Elsewhere"}
    new = write_yaml(tmp_path / "new.yaml", data)
    result = run("compare", PAIR / "old.yaml", new, "--pack", MINI, "-o", "-")
    assert result.exit_code == 0, result.output
    assert "warning: the two files are for different agencies" in result.stderr
    c = json.loads(result.stdout)
    assert c["same_agency"] is False
    assert any("different agencies" in n for n in c["notes"])


def _next_version(tmp_path: Path) -> Path:
    """The mini pack, version 0.4.0: BET-03 removed, ALP-04 added, ALP-02 reweighted."""
    pack = tmp_path / "mini-next"
    shutil.copytree(MINI, pack)
    manifest = pack / "pack.yaml"
    manifest.write_text(manifest.read_text().replace("version: 0.3.0", "version: 0.4.0"))
    beta = load(pack / "beta.yaml")
    beta["rules"] = [r for r in beta["rules"] if r["id"] != "BET-03"]  # type: ignore[attr-defined]
    write_yaml(pack / "beta.yaml", beta)
    alpha = load(pack / "alpha.yaml")
    rules = alpha["rules"]
    rules[1]["weight"] = 7  # type: ignore[index]
    rules.append({"id": "ALP-04", "title": "New practice", "requirement": "Do the new thing.",  # type: ignore[attr-defined]
                  "rationale": "It matters.", "severity": "high", "remediation": "Start.",
                  "references": [{"source": "S1", "locator": "Section 12"}]})
    write_yaml(pack / "alpha.yaml", alpha)
    return pack


def test_different_pack_versions_list_added_and_removed_rules(tmp_path: Path) -> None:
    pack = _next_version(tmp_path)
    data = load(PAIR / "new.yaml")
    del data["answers"]["BET-03"]  # type: ignore[attr-defined]
    new = write_yaml(tmp_path / "new.yaml", data)
    result = run("compare", PAIR / "old.yaml", new, "--old-pack", MINI, "--new-pack", pack,
                 "-o", "-")
    assert result.exit_code == 0, result.output
    c = json.loads(result.stdout)
    change = c["pack_change"]
    assert (change["old_version"], change["new_version"]) == ("0.3.0", "0.4.0")
    assert [r["rule"] for r in change["added"]] == ["ALP-04"]
    assert change["added"][0]["status"] == "unanswered"
    assert [r["rule"] for r in change["removed"]] == ["BET-03"]
    assert [(r["rule"], r["old_weight"], r["new_weight"]) for r in change["reweighted"]] == [
        ("ALP-02", 5.0, 7.0)]
    listed = {r["rule"] for key in ("gaps_closed", "new_gaps", "regressed", "improved",
                                    "scope_changes") for r in c[key]}
    assert not listed & {"ALP-04", "BET-03"}  # listed separately, never compared
    assert any("version 0.3.0" in n and "version 0.4.0" in n for n in c["notes"])


def test_invalid_file_lists_problems_of_both_files(tmp_path: Path) -> None:
    data = load(PAIR / "old.yaml")
    data["answers"]["ALP-01"]["status"] = "done"  # type: ignore[index]
    old = write_yaml(tmp_path / "old.yaml", data)
    new_data = load(PAIR / "new.yaml")
    new_data["answers"]["ALP-09"] = {"status": "planned"}  # type: ignore[index]
    new = write_yaml(tmp_path / "new.yaml", new_data)
    out = tmp_path / "p.pdf"
    result = run("compare", old, new, "--pack", MINI, "-o", out)
    assert result.exit_code == 2
    assert re.search(r"old\.yaml:\d+:\d+: .*'done'", result.stderr)
    assert re.search(r"new\.yaml:\d+:\d+: .*'ALP-09'", result.stderr)
    assert not out.exists()


def test_output_must_not_overwrite_an_input(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    shutil.copy(PAIR / "old.yaml", old)
    result = run("compare", old, PAIR / "new.yaml", "--pack", MINI, "-o", old,
                 "--format", "json")
    assert result.exit_code == 2
    assert old.read_text() == (PAIR / "old.yaml").read_text()


def test_summary_line_without_output() -> None:
    result = run("compare", PAIR / "old.yaml", PAIR / "new.yaml", "--pack", MINI)
    assert result.exit_code == 0
    assert "score 81.6 → 56.5 (−25.1)" in result.stdout
    assert "rating Established → Developing" in result.stdout


def test_unknown_extension_is_a_usage_error(tmp_path: Path) -> None:
    result = run("compare", PAIR / "old.yaml", PAIR / "new.yaml", "--pack", MINI,
                 "-o", tmp_path / "p.odt")
    assert result.exit_code == 2 and "--format" in result.stderr


def test_a_report_only_format_names_the_formats_a_comparison_has(tmp_path: Path) -> None:
    result = run("compare", PAIR / "old.yaml", PAIR / "new.yaml", "--pack", MINI,
                 "-o", tmp_path / "p.docx")
    assert result.exit_code == 2
    assert "the comparison cannot be written as Word; it can be written as json" in result.stderr
    assert not (tmp_path / "p.docx").exists()


def test_markdown_and_html_escape_user_text(tmp_path: Path) -> None:
    old_data, new_data = load(PAIR / "old.yaml"), load(PAIR / "new.yaml")
    for data in (old_data, new_data):
        data["agency"]["name"] = "<script>x</script> | A*B"  # type: ignore[index]
    old = write_yaml(tmp_path / "old.yaml", old_data)
    new = write_yaml(tmp_path / "new.yaml", new_data)
    html = run("compare", old, new, "--pack", MINI, "--format", "html", "-o", "-").stdout
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    markdown = run("compare", old, new, "--pack", MINI, "--format", "md", "-o", "-").stdout
    assert "\\<script\\>x\\</script\\> \\| A\\*B" in markdown


def test_markdown_lists_each_section() -> None:
    result = run("compare", PAIR / "old.yaml", PAIR / "new.yaml", "--pack", MINI,
                 "--format", "md", "-o", "-")
    text = result.stdout
    for heading in ("## Gaps closed (1)", "## New gaps (2)",
                    "## Practices that regressed: the practice changed (0)",
                    "## Practices that regressed: evidence aged past its limit (0)",
                    "## Target dates missed (1)", "## Changes of scope (1)"):
        assert heading in text
    assert "| Score (0–100) | 81.6 | 56.5 | −25.1 |" in text


def test_pdf_has_the_numbers_pages_and_the_json(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "progress.pdf"
    result = run("compare", PAIR / "old.yaml", PAIR / "new.yaml", "--pack", MINI, "-o", out)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Test Agency", "81.6", "56.5", "Progress report", "Page 1 of",
                     "Training completion"):
        assert expected in text
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in text
    attached = reader.attachments["comparison.json"][0]
    assert json.loads(attached) == compare_json()
    again = tmp_path / "again.pdf"
    run("compare", PAIR / "old.yaml", PAIR / "new.yaml", "--pack", MINI, "-o", again)
    assert again.read_bytes() == out.read_bytes()  # same inputs, same bytes


def _year_later(source: Path, tmp_path: Path) -> Path:
    """The same answers one year later: dated evidence and reviews age by a year."""
    data = load(source)
    as_of = data["as_of"]
    assert isinstance(as_of, dt.date)
    data["as_of"] = as_of.replace(year=as_of.year + 1)
    return write_yaml(tmp_path / f"{source.stem}-next.yaml", data)


@pytest.mark.skipif(not EXAMPLES, reason="no example assessments yet")
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_compare_with_themselves_a_year_later(example: Path, tmp_path: Path) -> None:
    try:
        loaded = load_assessment(example)
    except Exception as exc:  # the shipped pack or example is still being written
        pytest.skip(f"{example.name} does not load yet: {exc}")
    later = _year_later(example, tmp_path)
    result = run("compare", example, later, "-o", "-")
    assert result.exit_code == 0, result.output
    c = json.loads(result.stdout)
    assert c["pack"]["id"] == loaded.pack.id and c["days_between"] in (365, 366)
    # Nothing was done in the year: nothing can close or improve; ageing can only lower.
    assert not c["gaps_closed"] and not c["improved"]
    assert c["score"]["change"] is None or c["score"]["change"] <= 0
    opened = {r["rule"] for r in c["new_gaps"]}
    for r in c["regressed"]:
        assert r["old_status"] not in ("implemented", "alternative") or r["rule"] in opened
    old = evaluate(loaded.pack, loaded.assessment, input_name=example.name,
                   input_sha256=loaded.sha256)
    new_loaded = load_assessment(later)
    new = evaluate(new_loaded.pack, new_loaded.assessment, input_name=later.name,
                   input_sha256=new_loaded.sha256)
    direct = compare(old, new).model_dump(mode="json")
    assert direct == c


def test_a_changed_claim_is_a_changed_practice_not_ageing(tmp_path: Path) -> None:
    data = yaml.safe_load((PAIR / "new.yaml").read_text(encoding="utf-8"))
    data["answers"]["ALP-02"] = {"status": "planned", "owner": "Training Lead"}
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    old, new = (load_assessment(p, str(MINI)) for p in (PAIR / "old.yaml", tmp_path / "new.yaml"))
    c = compare(*(evaluate(x.pack, x.assessment, input_name="f.yaml", input_sha256=x.sha256)
                  for x in (old, new)))
    assert [(r.rule, r.cause, r.old_claimed, r.new_claimed) for r in c.regressed] == [
        ("ALP-02", "practice_changed", "partial", "planned")]
    assert "ALP-02" not in [r.rule for r in c.new_gaps]


def test_a_side_not_rated_is_said_and_ratings_are_not_compared(tmp_path: Path) -> None:
    old = ROOT / "tests" / "data" / "portfolio" / "rollup" / "bell-city.yaml"
    text = old.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["as_of"] = "2026-10-15"
    data["answers"]["BET-03"] = {"status": "planned", "owner": "Chief", "target_date": "2027-01-31"}
    new = tmp_path / "bell-later.yaml"
    new.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run("compare", old, new, "--pack", MINI, "--format", "json", "-o", "-")
    assert result.exit_code == 0, result.output
    c = json.loads(result.stdout)
    assert (c["rating"]["old_not_rated"], c["rating"]["new_not_rated"]) == (True, False)
    assert c["rating"]["direction"] == "not_comparable"
    assert any(n.startswith("The old assessment (2026-09-15) is not rated: it answers 3 of 4")
               for n in c["notes"])
    md = run("compare", old, new, "--pack", MINI, "--format", "md", "-o", "-").stdout
    assert "Not rated: incomplete" in md


def test_each_domain_has_a_slope_chart_that_says_its_change(tmp_path: Path) -> None:
    html = run("compare", PAIR / "old.yaml", PAIR / "new.yaml", "--pack", MINI,
               "--format", "html", "-o", "-").stdout
    charts = re.findall(r'<svg class="slope" role="img" aria-label="([^"]+)"(.*?)</svg>', html)
    assert [label for label, _ in charts] == ["from 83.3 to 52.6 of 100",
                                              "from 75.0 to 75.0 of 100"]
    falling = charts[0][1]
    old_x, new_x = (float(v) for v in re.findall(r'<circle cx="([0-9.]+)"', falling))
    assert new_x < old_x and 'stroke="#b3261e"' in falling  # a fall is drawn leftwards, red
