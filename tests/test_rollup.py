"""``checklist rollup``: many assessments into one statewide report.

The golden file pins the JSON for tests/data/portfolio/rollup; regenerate it after a
deliberate change with ``UPDATE_GOLDEN=1 pytest tests/test_rollup.py`` and review the diff.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from checklist.cli import main
from checklist.portfolio.aggregate import RollupAggregator
from checklist.portfolio.file_summary import FileFailure, FileSummary
from checklist.portfolio.rollup import chunk_size
from checklist.result import Fraction

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "packs" / "mini"
DATA = ROOT / "tests" / "data" / "portfolio"
GOLDEN = ROOT / "tests" / "golden" / "portfolio" / "rollup.json"
EXAMPLES = ROOT / "examples"
VALID = ["ada-county.yaml", "bell-city.yaml", "cedar-police.yaml", "dover-sheriff.yaml"]


@pytest.fixture(autouse=True)
def in_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """File names in the output are as given; run from one folder so they are stable."""
    monkeypatch.chdir(DATA)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def rollup_json(*args: str | Path) -> dict[str, object]:
    result = run("rollup", *args, "--pack", MINI, "--allow-invalid", "-o", "-")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def pinned(data: dict[str, object]) -> str:
    data["tool"] = {**data["tool"], "version": "<version>"}  # type: ignore[dict-item]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_json_matches_golden() -> None:
    actual = pinned(rollup_json("rollup"))
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(actual, encoding="utf-8")
    assert GOLDEN.exists(), f"missing {GOLDEN}; run with UPDATE_GOLDEN=1 to create it"
    assert actual == GOLDEN.read_text(encoding="utf-8")


def test_rows_heat_map_common_gaps_and_stale() -> None:
    r = rollup_json("rollup")
    rows = r["agencies"]
    assert [a["agency"] for a in rows] == [  # type: ignore[attr-defined]
        "Ada County Sheriff", "Bell City Police Department", "Cedar Police Department",
        "Dover County Sheriff's Office"]
    bell = rows[1]  # type: ignore[index]
    assert (bell["score"], bell["rating"], bell["provisional"], bell["critical_gaps"]) == (
        5.3, None, True, 1)  # 3 of 4 answered: below the 80 % a rating needs
    assert bell["completion"] == {"numerator": 3, "denominator": 4, "value": 0.75}
    assert bell["domain_scores"] == {"ALP": 0.0, "BET": 25.0}
    assert [d["id"] for d in r["domains"]] == ["ALP", "BET"]  # type: ignore[attr-defined]
    assert bell["not_rated"] is True
    # Bell City is not rated, so its gaps and scores stay out of the statistics: ALP-01 is
    # a gap at one of the three rated agencies and in scope at all three.
    top = r["common_gaps"][0]  # type: ignore[index]
    assert (top["rule"], top["agencies"], top["in_scope"], top["share"]) == (
        "BET-01", 2, 3, 0.6667)
    alp01 = next(g for g in r["common_gaps"] if g["rule"] == "ALP-01")  # type: ignore[attr-defined]
    assert (alp01["agencies"], alp01["in_scope"]) == (1, 3)
    assert [(d["id"], d["agencies_scored"]) for d in r["domains"]] == [  # type: ignore[attr-defined]
        ("ALP", 3), ("BET", 3)]
    committee = next(g for g in r["common_gaps"] if g["rule"] == "BET-02")  # type: ignore[attr-defined]
    assert (committee["agencies"], committee["in_scope"], committee["share"]) == (1, 1, 1.0)
    # Reference date: the newest as_of among the inputs, not the clock.
    assert (r["as_of"], r["as_of_source"]) == ("2026-10-01", "newest_input")
    assert [(s["agency"], s["age_days"]) for s in r["stale"]] == [  # type: ignore[attr-defined]
        ("Cedar Police Department", 426)]
    s = r["summary"]
    # Median and mean of the rated agencies only (91.3, 68.4, 58.3).
    assert s == {"agencies": 4, "files": 5, "invalid": 1, "median_score": 68.4,
                 "mean_score": 72.7,
                 "ratings": {"Strong": 1, "Established": 0, "Developing": 2, "Initial": 0},
                 "provisional": 0, "no_score": 0, "not_rated": 1, "with_critical_gaps": 2,
                 "stale": 1}


def test_an_agency_not_rated_is_listed_apart_in_every_format() -> None:
    html = run("rollup", "rollup/ada-county.yaml", "rollup/bell-city.yaml", "--pack", MINI,
               "--format", "html", "-o", "-").stdout
    section = html.split('<section id="not-rated">', 1)[1].split("</section>", 1)[0]
    assert "Bell City Police Department" in section and "Ada County" not in section
    assert "3 of 4 (75.0%)" in section
    md = run("rollup", "rollup/ada-county.yaml", "rollup/bell-city.yaml", "--pack", MINI,
             "--format", "md", "-o", "-").stdout
    assert "| Bell City Police Department | South District | 5.3 | Not rated: incomplete |" in md
    assert "Not rated: incomplete (left out of these figures) | 1 |" in md
    assert "| Median score | 91.3 |" in md  # Ada alone


def test_invalid_file_is_listed_with_its_first_error() -> None:
    invalid = rollup_json("rollup")["invalid"]
    assert invalid == [{"file": "rollup/zz-broken.yaml", "errors": 2,
                        "error": "rollup/zz-broken.yaml:7:13: answers.ALP-01.status: "
                                 "'implementd' is not one of the allowed values (implemented, "
                                 "alternative, partial, planned, not_implemented, "
                                 "not_applicable); did you mean 'implemented'?"}]


def test_invalid_files_stop_the_write_unless_allowed(tmp_path: Path) -> None:
    out = tmp_path / "statewide.json"
    result = run("rollup", "rollup", "--pack", MINI, "-o", out)
    assert result.exit_code == 2
    assert "rollup/zz-broken.yaml:7:13:" in result.stderr
    assert "1 of 5 files could not be evaluated" in result.stderr
    assert "--allow-invalid" in result.stderr and "nothing was written" in result.stderr
    assert not out.exists()
    allowed = run("rollup", "rollup", "--pack", MINI, "-o", out, "--allow-invalid")
    assert allowed.exit_code == 0, allowed.output
    assert "1 of 5 files left out" in allowed.stderr
    assert json.loads(out.read_text())["summary"]["agencies"] == 4


def test_no_valid_file_is_exit_2_even_when_allowed(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = run("rollup", "rollup/zz-broken.yaml", "--pack", MINI, "--allow-invalid",
                 "-o", out)
    assert result.exit_code == 2
    assert "none of the 1 file is a valid assessment" in result.stderr
    assert not out.exists()


def test_output_does_not_depend_on_input_order_or_jobs() -> None:
    files = [f"rollup/{name}" for name in [*VALID, "zz-broken.yaml"]]
    expected = run("rollup", *files, "--pack", MINI, "--allow-invalid", "-o", "-", "--jobs", "1")
    assert expected.exit_code == 0, expected.output
    for seed in range(3):
        shuffled = files[:]
        random.Random(seed).shuffle(shuffled)
        again = run("rollup", *shuffled, "--pack", MINI, "--allow-invalid", "-o", "-",
                    "--jobs", "2")
        assert again.exit_code == 0, again.output
        assert again.stdout == expected.stdout


def test_aggregator_is_order_independent() -> None:
    outcomes: list[FileSummary | FileFailure] = [
        FileSummary(file=f"f{i}.yaml", pack_id="mini", pack_path=str(MINI), agency=f"A{i % 4}",
                    jurisdiction="J", as_of=dt.date(2026, 1, 1 + i),
                    score=0.1 * i + 1 / 3, rating="Initial", provisional=bool(i % 2),
                    completion=Fraction(numerator=1, denominator=2, value=0.5), gaps=i,
                    critical_gaps=i % 3, domain_scores=(("ALP", i / 7), ("BET", None)),
                    report_id=f"r{i}", gap_rules=("ALP-01",) if i % 2 else ("BET-01",),
                    in_scope_rules=("ALP-01", "BET-01"))
        for i in range(25)] + [FileFailure(file="bad.yaml", error="bad.yaml:1:1: x", errors=1)]
    dumps = set()
    for seed in range(5):
        random.Random(seed).shuffle(outcomes)
        aggregator = RollupAggregator()
        for outcome in outcomes:
            aggregator.add(outcome)
        dumps.add(aggregator.finish(as_of=None, max_age_days=10).model_dump_json())
    assert len(dumps) == 1


def test_files_for_another_pack_are_left_out_with_a_reason() -> None:
    aggregator = RollupAggregator()
    common = dict(jurisdiction="", as_of=dt.date(2026, 1, 1), score=50.0, rating="Developing",
                  provisional=False, completion=Fraction(numerator=1, denominator=1, value=1.0),
                  gaps=0, critical_gaps=0, domain_scores=(), report_id="r")
    for name in ("rollup/ada-county.yaml", "rollup/bell-city.yaml"):
        aggregator.add(FileSummary(file=name, pack_id="mini", pack_path=str(MINI),
                                   agency=name, **common))  # type: ignore[arg-type]
    aggregator.add(FileSummary(file="rollup/cedar-police.yaml", pack_id="other",
                               pack_path=str(MINI), agency="Other", **common))  # type: ignore[arg-type]
    report = aggregator.finish(as_of=None, max_age_days=365)
    assert report.pack.id == "mini" and report.summary.agencies == 2
    assert [f.error for f in report.invalid] == [
        "rollup/cedar-police.yaml:1:7: this file is for pack 'other', but the roll-up covers "
        "pack 'mini' (named by 2 of 3 valid files); roll up the 'other' files separately"]


def test_max_age_and_reference_date_options() -> None:
    assert rollup_json("rollup", "--max-age-days", "426")["stale"] == []
    r = rollup_json("rollup", "--as-of", "2027-01-01", "--max-age-days", "90")
    assert (r["as_of"], r["as_of_source"]) == ("2027-01-01", "option")
    assert [s["age_days"] for s in r["stale"]] == [518, 108, 92, 92]  # type: ignore[attr-defined]


def test_folder_is_read_one_level_deep_unless_recursive(tmp_path: Path) -> None:
    top = tmp_path / "state"
    (top / "south").mkdir(parents=True)
    shutil.copy(DATA / "rollup" / "ada-county.yaml", top / "ada.yaml")
    shutil.copy(DATA / "rollup" / "bell-city.yaml", top / "south" / "bell.yml")
    shutil.copy(DATA / "rollup" / "dover-sheriff.yaml", top / ".hidden.yaml")
    (top / "notes.txt").write_text("not an assessment")
    flat = rollup_json(top)
    assert [a["agency"] for a in flat["agencies"]] == ["Ada County Sheriff"]  # type: ignore[attr-defined]
    deep = rollup_json(top, "--recursive")
    assert [a["file"] for a in deep["agencies"]] == [  # type: ignore[attr-defined]
        str(top / "ada.yaml"), str(top / "south" / "bell.yml")]


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("rollup", tmp_path, "--pack", MINI)
    assert result.exit_code == 2
    assert "has no .yaml, .yml or .xlsx files" in result.stderr and "--recursive" in result.stderr


def test_same_agency_twice_is_flagged(tmp_path: Path) -> None:
    shutil.copy(DATA / "rollup" / "ada-county.yaml", tmp_path / "ada-2026.yaml")
    data = yaml.safe_load((DATA / "rollup" / "ada-county.yaml").read_text())
    data["as_of"] = dt.date(2025, 10, 1)
    (tmp_path / "ada-2025.yaml").write_text(yaml.safe_dump(data))
    r = rollup_json(tmp_path)
    assert r["duplicates"] == [{"agency": "Ada County Sheriff", "files": [
        str(tmp_path / "ada-2025.yaml"), str(tmp_path / "ada-2026.yaml")]}]


def test_csv_has_a_row_per_file_and_a_column_per_domain(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA / "rollup" / "ada-county.yaml").read_text())
    data["agency"]["name"] = "=HYPERLINK(\"http://x\")"
    (tmp_path / "evil.yaml").write_text(yaml.safe_dump(data))
    result = run("rollup", "rollup", tmp_path / "evil.yaml", "--pack", MINI, "--allow-invalid",
                 "--format", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")  # Excel reads accents right
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert [r["status"] for r in rows] == ["evaluated"] * 5 + ["left_out"]
    assert rows[0]["agency"].startswith("'=")  # never a live spreadsheet formula
    bell = next(r for r in rows if r["agency"] == "Bell City Police Department")
    assert (bell["score"], bell["domain_ALP"], bell["domain_BET"], bell["provisional"]) == (
        "5.3", "0.0", "25.0", "true")
    assert rows[-1]["error"].startswith("rollup/zz-broken.yaml:7:13:")


def test_html_escapes_and_colours_the_heat_map(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA / "rollup" / "ada-county.yaml").read_text())
    data["agency"]["name"] = "<img src=x onerror=alert(1)>"
    (tmp_path / "evil.yaml").write_text(yaml.safe_dump(data))
    result = run("rollup", tmp_path / "evil.yaml", "rollup/bell-city.yaml", "--pack", MINI,
                 "--format", "html", "-o", "-")
    assert result.exit_code == 0, result.output
    html = result.stdout
    assert "<img" not in html and "&lt;img src=x" in html
    # Bell City's ALP score 0.0 is in the lowest band; Ada's 100.0 BET in the highest. The
    # band is written in the cell too (I = Initial, S = Strong), not shown by colour alone.
    assert '<td class="b3">0.0 <span class="mark">I</span></td>' in html
    assert ".heat td.b3 { background: #fc8d59; }" in html
    assert '<td class="b0">100.0 <span class="mark">S</span></td>' in html
    assert ".heat td.b0 { background: #91bfdb; }" in html
    assert "S = Strong" in html and "E = Established" in html


def test_the_overall_cell_follows_the_rating_not_the_score(tmp_path: Path) -> None:
    result = run("rollup", "rollup/ada-county.yaml", "rollup/bell-city.yaml", "--pack", MINI,
                 "--format", "html", "-o", "-")
    assert result.exit_code == 0, result.output
    rows = re.findall(r'<tr><td class="agency">([^<]+)</td>(.*?)</tr>', result.stdout)
    overall = {name: re.findall(r'<td class="(b\w)">', cells)[-1] for name, cells in rows
               if name != "Median"}
    # Ada is rated Strong (91.3). Bell City's 5.3 would reach the lowest band, but with
    # too few answers it is not rated, so its overall cell carries no band.
    assert overall == {"Ada County Sheriff": "b0", "Bell City Police Department": "bn"}


def test_pdf_has_names_scores_pages_and_the_json(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "statewide.pdf"
    result = run("rollup", "rollup", "--pack", MINI, "--allow-invalid", "-o", out)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in ("Ada County Sheriff", "Bell City Police Department", "91.3", "5.3",
                     "Page 1 of", "Most common gaps", "rollup/zz-broken.yaml"):
        assert expected in text
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in text
    assert json.loads(reader.attachments["rollup.json"][0]) == rollup_json("rollup")


def test_no_progress_text_when_stderr_is_not_a_terminal() -> None:
    result = run("rollup", "rollup", "--pack", MINI, "--allow-invalid", "-o", "-", "--jobs", "2")
    assert result.exit_code == 0
    assert "Evaluating" not in result.stderr and "Evaluating" not in result.stdout
    json.loads(result.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "checklist", "rollup", "rollup", "--pack", str(MINI),
         "--allow-invalid", "-o", str(tmp_path / "s.json")],
        stderr=follower, stdout=subprocess.PIPE, env=env, timeout=120, check=False)
    os.close(follower)
    seen = b""
    try:
        while chunk := os.read(leader, 4096):
            seen += chunk
    except OSError:  # the terminal is closed once everything was read
        pass
    os.close(leader)
    assert proc.returncode == 0
    assert b"Evaluating" in seen and b"5/5" in seen


def test_chunk_size_balances_work() -> None:
    assert chunk_size(1, 2) == 1
    assert chunk_size(1000, 2) == 62
    assert chunk_size(18000, 2) == 64


@pytest.mark.skipif(not list(EXAMPLES.glob("*.yaml")), reason="no example assessments yet")
def test_examples_roll_up(tmp_path: Path) -> None:
    result = run("rollup", EXAMPLES, "-o", "-", "--jobs", "2")
    if result.exit_code != 0:
        pytest.skip(f"the examples do not all load yet: {result.stderr[-300:]}")
    r = json.loads(result.stdout)
    names = sorted(yaml.safe_load(p.read_text())["agency"]["name"]
                   for p in EXAMPLES.glob("*.yaml"))
    assert sorted(a["agency"] for a in r["agencies"]) == names
    assert r["pack"]["id"] == "task-force-coordination"
    assert len(r["domains"]) >= 2
    for row in r["agencies"]:
        single = run("evaluate", row["file"], "-o", "-")
        summary = json.loads(single.stdout)["summary"]
        assert row["score"] == summary["score"]["value"]
        assert row["critical_gaps"] == summary["critical_gaps"]
    broken = tmp_path / "broken.yaml"
    broken.write_text("pack: no-such-pack\nagency: {name: X}\nas_of: 2026-01-01\n")
    mixed = run("rollup", EXAMPLES, broken, "--allow-invalid", "-o", "-")
    assert mixed.exit_code == 0
    left_out = json.loads(mixed.stdout)["invalid"]
    assert left_out[0]["error"].startswith(f"{broken}:1:7: ")  # the pack: line
    assert "'no-such-pack'" in left_out[0]["error"]
