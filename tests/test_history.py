"""The statewide history: ``rollup --db`` and ``checklist history``."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from checklist.cli import main
from checklist.history import queries, schema
from checklist.history.store import RunStore
from checklist.load.problems import UsageError
from checklist.portfolio.file_summary import FileSummary
from checklist.result import Fraction

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "packs" / "mini"
DATA = ROOT / "tests" / "data" / "portfolio" / "rollup"
VALID = ["ada-county.yaml", "bell-city.yaml", "cedar-police.yaml", "dover-sheriff.yaml"]
INJECTION = "Robert'); DROP TABLE agencies; --"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture()
def state(tmp_path: Path) -> Path:
    folder = tmp_path / "state"
    folder.mkdir()
    for name in VALID:
        shutil.copy(DATA / name, folder / name)
    return folder


def rollup(folder: Path, out: Path, *extra: str | Path) -> Result:
    result = run("rollup", folder, "--pack", MINI, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return result


def count(db: Path, table: str = "assessments") -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


# ------------------------------------------------------------------ rollup --db


def test_incremental_run_equals_full_run(state: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    for ext in ("json", "md", "csv", "html"):
        rollup(state, tmp_path / f"full.{ext}")
        rollup(state, tmp_path / f"db.{ext}", "--db", db)
        assert (tmp_path / f"db.{ext}").read_bytes() == (tmp_path / f"full.{ext}").read_bytes()
    assert count(db) == 4
    data = yaml.safe_load((state / "ada-county.yaml").read_text())
    data["as_of"] = dt.date(2026, 11, 1)
    (state / "ada-county.yaml").write_text(yaml.safe_dump(data))
    result = rollup(state, tmp_path / "again.json", "--db", db)
    assert "1 assessments added, 3 already stored" in result.stderr
    rollup(state, tmp_path / "full2.json")
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "full2.json").read_bytes()
    assert count(db) == 5  # the changed file is a new row; the old one is kept
    assert sorted(r[0] for r in sqlite3.connect(db).execute(
        "SELECT as_of FROM assessments WHERE agency_name = 'Ada County Sheriff'")) == [
        "2026-10-01", "2026-11-01"]
    beside = {p.name for p in tmp_path.iterdir() if p.name.startswith("h.")}
    assert beside <= {"h.sqlite", "h.sqlite-wal", "h.sqlite-shm"}


def test_stored_files_are_not_evaluated_again(state: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.sqlite"
    rollup(state, tmp_path / "a.json", "--db", db, "--jobs", "1")

    def no_evaluation(task: object) -> None:
        raise AssertionError("evaluated again")
    monkeypatch.setattr("checklist.portfolio.rollup.summarise_file", no_evaluation)
    rollup(state, tmp_path / "b.json", "--db", db, "--jobs", "1")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_a_run_that_fails_halfway_leaves_the_database_as_it_was(
        state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.sqlite"
    rollup(state, tmp_path / "a.json", "--db", db)
    before = db.read_bytes(), count(db), count(db, "runs")
    (state / "new.yaml").write_text((DATA / "ada-county.yaml").read_text() + "\n# changed\n")
    (state / "newer.yaml").write_text((DATA / "bell-city.yaml").read_text() + "\n# changed\n")
    real = RunStore.record
    calls = []

    def fail_on_second(self: RunStore, outcome: object) -> None:
        calls.append(outcome)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        real(self, outcome)  # type: ignore[arg-type]
    monkeypatch.setattr(RunStore, "record", fail_on_second)
    result = run("rollup", state, "--pack", MINI, "-o", tmp_path / "b.json", "--db", db,
                 "--jobs", "1")
    assert result.exit_code == 3
    assert (count(db), count(db, "runs")) == before[1:]
    assert not (tmp_path / "b.json").exists()


def test_invalid_files_without_allow_invalid_store_nothing(state: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    shutil.copy(DATA / "zz-broken.yaml", state)
    result = run("rollup", state, "--pack", MINI, "-o", tmp_path / "a.json", "--db", db)
    assert result.exit_code == 2
    assert count(db) == 0 and count(db, "runs") == 0


def test_a_second_run_waits_for_the_first_or_is_told_plainly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.sqlite"
    first = RunStore(db)
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 200)
    with pytest.raises(UsageError, match="another checklist run is writing to"):
        RunStore(db)
    first.commit()
    first.conn.close()
    with RunStore(db):
        pass
    assert count(db, "runs") == 2


def test_two_concurrent_runs(state: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    procs = [subprocess.Popen(
        [sys.executable, "-m", "checklist", "rollup", str(state), "--pack", str(MINI),
         "-o", str(tmp_path / f"{i}.json"), "--db", str(db), "--jobs", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(2)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert (tmp_path / "0.json").read_bytes() == (tmp_path / "1.json").read_bytes()
    assert count(db) == 4 and count(db, "runs") == 2
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_not_a_database_and_newer_schema_are_exit_2(state: Path, tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite"
    bad.write_text("these are my notes\n")
    result = run("rollup", state, "--pack", MINI, "--db", bad)
    assert result.exit_code == 2 and "not a checklist history database" in result.stderr
    assert bad.read_text() == "these are my notes\n"
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (x)")
    result = run("history", other, "agencies")
    assert result.exit_code == 2 and "not a checklist history" in result.stderr
    newer = tmp_path / "newer.sqlite"
    schema.connect(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, ?)", (schema.SCHEMA_VERSION + 1, ""))
    result = run("rollup", state, "--pack", MINI, "--db", newer)
    assert result.exit_code == 2 and "written by a newer checklist" in result.stderr


def test_output_cannot_be_the_database(state: Path, tmp_path: Path) -> None:
    result = run("rollup", state, "--pack", MINI, "-o", tmp_path / "h.json",
                 "--db", tmp_path / "h.json")
    assert result.exit_code == 2 and "is the history database" in result.stderr


# ------------------------------------------------------------------ migrations


def test_migrations_run_forward_from_an_empty_file_and_keep_data(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.sqlite"
    db.touch()  # version 0: an empty file
    conn = schema.connect(db)
    assert schema.current_version(conn, db) == schema.SCHEMA_VERSION
    conn.execute("INSERT INTO agencies (agency_key, name, jurisdiction) VALUES ('k', 'A', '')")

    def add_region(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE agencies ADD COLUMN region TEXT")
        c.execute("UPDATE agencies SET region = ?", ("unknown",))
    latest = schema.SCHEMA_VERSION
    monkeypatch.setitem(schema.MIGRATIONS, latest, add_region)
    assert schema.migrate(conn, db, target=latest + 1) == latest + 1
    assert conn.execute("SELECT name, region FROM agencies").fetchall() == [("A", "unknown")]
    assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")] == [
        *range(1, latest + 2)]
    conn.close()


def test_a_failing_migration_changes_nothing(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "h.sqlite"
    schema.connect(db).close()

    def broken(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE agencies ADD COLUMN region TEXT")
        raise sqlite3.OperationalError("no space")
    latest = schema.SCHEMA_VERSION
    monkeypatch.setitem(schema.MIGRATIONS, latest, broken)
    conn = sqlite3.connect(db, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        schema.migrate(conn, db, target=latest + 1)
    assert schema.current_version(conn, db) == latest
    assert "region" not in [r[1] for r in conn.execute("PRAGMA table_info(agencies)")]
    conn.close()


# ------------------------------------------------------------------ views


def summary(agency: str, as_of: str, score: float | None, gaps: tuple[str, ...],
            agency_id: str = "") -> FileSummary:
    rules = ("R1", "R2", "R3")
    return FileSummary(
        file=f"{agency}-{as_of}.yaml", pack_id="mini", pack_path=str(MINI), agency=agency,
        jurisdiction="", as_of=dt.date.fromisoformat(as_of), score=score,
        rating=None if score is None else ("Strong" if score >= 70 else "Developing"),
        provisional=False, completion=Fraction(3, 3, 1.0), gaps=len(gaps),
        critical_gaps=0, domain_scores=(("ALP", score),), report_id=f"r-{agency}-{as_of}",
        gap_rules=gaps, in_scope_rules=rules, sha256=f"{agency}{as_of}", agency_id=agency_id,
        pack_version="1.0",
        rule_rows=tuple((r, "ALP", True, "partial" if r in gaps else "implemented",
                         0.5 if r in gaps else 1.0, r in gaps, ()) for r in rules))


@pytest.fixture()
def history_db(tmp_path: Path) -> Path:
    return make_history(tmp_path / "h.sqlite")


def make_history(db: Path) -> Path:
    """Improver rises 50→60→75; Quitter files 2024 and 2025 only; the injection-named
    agency has R1 open three years running; Improver closed R1 in 2026."""
    with RunStore(db) as store:
        for row in [
            summary("Improver", "2024-03-01", 50.0, ("R1", "R2")),
            summary("Improver", "2025-03-01", 60.0, ("R1",)),
            summary("Improver", "2026-03-01", 75.0, ("R2",)),
            summary("Quitter", "2024-05-01", 80.0, ()),
            summary("Quitter", "2025-05-01", 70.0, ("R3",)),
            summary(INJECTION, "2024-06-01", 40.0, ("R1",)),
            summary(INJECTION, "2025-06-01", 45.0, ("R1", "R2")),
            summary(INJECTION, "2026-06-01", 30.0, ("R1", "R2")),
        ]:
            store.record(row)
    return db


def view(db: Path, *args: str) -> list[dict[str, Any]]:
    result = run("history", db, *args, "-o", "-", "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows: list[dict[str, Any]] = data["rows"] if "rows" in data else data["years"]
    return rows


def test_agencies_show_who_improved(history_db: Path) -> None:
    rows = {r["agency"]: r for r in view(history_db, "agencies")}
    assert rows["Improver"]["trend"] == "up 15.0"
    assert rows["Improver"]["years"] == "2024, 2025, 2026"
    assert rows[INJECTION]["trend"] == "down 15.0"
    assert rows["Quitter"]["score"] == 70.0 and rows["Quitter"]["trend"] == "down 10.0"
    table = run("history", history_db, "agencies")
    assert table.exit_code == 0 and "up 15.0" in table.stdout


def test_gaps_count_agencies_and_consecutive_years(history_db: Path) -> None:
    rows = {r["rule"]: r for r in view(history_db, "gaps")}
    assert set(rows) == {"R1", "R2"}  # 2026; Quitter did not file and Improver closed R1
    assert rows["R1"]["agencies"] == 1 and rows["R1"]["longest_open_years"] == 3
    assert rows["R2"]["agencies"] == 2 and rows["R2"]["longest_open_years"] == 2
    assert rows["R2"]["median_open_years"] == 1.5
    r2025 = {r["rule"]: r for r in view(history_db, "gaps", "--year", "2025")}
    assert r2025["R1"]["agencies"] == 2 and r2025["R3"]["agencies"] == 1


def test_missing_lists_who_has_not_filed(history_db: Path) -> None:
    assert [r["agency"] for r in view(history_db, "missing", "--year", "2026")] == ["Quitter"]
    assert view(history_db, "missing", "--year", "2025") == []
    assert view(history_db, "missing", "--year", "2024") == []  # nobody on file before


def test_agency_trend_and_export(history_db: Path, tmp_path: Path) -> None:
    rows: list[dict[str, Any]] = view(history_db, "agency", "improver")
    assert [(r["year"], r["score"], r["domain_scores"]["ALP"]) for r in rows] == [
        (2024, 50.0, 50.0), (2025, 60.0, 60.0), (2026, 75.0, 75.0)]
    missing = run("history", history_db, "agency", "Improvr")
    assert missing.exit_code == 2 and "did you mean 'Improver'" in missing.stderr
    out = tmp_path / "all.csv"
    assert run("history", history_db, "export", "-o", out).exit_code == 0
    assert len(out.read_text().splitlines()) == 9
    rules = run("history", history_db, "export", "--table", "rule_results")
    # Only results other than "implemented at full credit, no finding" are rows: the 10 gaps.
    assert len(rules.stdout.splitlines()) == 11


def test_injection_names_are_just_names(history_db: Path) -> None:
    rows = view(history_db, "agency", INJECTION)
    assert [r["agency"] for r in rows] == [INJECTION] * 3
    assert count(history_db, "agencies") == 3
    md = run("history", history_db, "agencies", "-f", "md")
    assert INJECTION in md.stdout


def test_renamed_agency_under_one_id_is_warned_about(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    with RunStore(db) as store:
        store.record(summary("Old Name PD", "2025-01-01", 50.0, (), agency_id="pd-7"))
        store.record(summary("New Name PD", "2026-01-01", 60.0, (), agency_id="pd-7"))
    assert store.renamed == {"pd-7": ("Old Name PD", "New Name PD")}
    rows = view(db, "agencies")
    assert [(r["agency"], r["years"]) for r in rows] == [("New Name PD", "2025, 2026")]


def test_history_of_a_missing_file_is_exit_2(tmp_path: Path) -> None:
    result = run("history", tmp_path / "none.sqlite", "agencies")
    assert result.exit_code == 2 and "no history database" in result.stderr
    assert not (tmp_path / "none.sqlite").exists()


def test_queries_module_rejects_unknown_tables(history_db: Path) -> None:
    conn = schema.connect(history_db)
    with pytest.raises(UsageError):
        queries.export(conn, "agencies; DROP TABLE runs")
    conn.close()


def test_a_rename_under_one_id_is_warned_about_by_rollup(tmp_path: Path) -> None:
    folder = tmp_path / "years"
    folder.mkdir()
    for name, agency, as_of in (("b-2025.yaml", "Ada County Sheriff", dt.date(2025, 10, 1)),
                                ("a-2026.yaml", "Ada County Sheriff's Office",
                                 dt.date(2026, 10, 1))):
        data = yaml.safe_load((DATA / "ada-county.yaml").read_text())
        data["agency"].update(name=agency, id="ada-so")
        data["as_of"] = as_of
        (folder / name).write_text(yaml.safe_dump(data))
    db = tmp_path / "h.sqlite"
    result = rollup(folder, tmp_path / "out.json", "--db", db, "--jobs", "1")
    assert ("warning: agency id 'ada-so' was named 'Ada County Sheriff' and is now "
            "'Ada County Sheriff's Office'") in result.stderr
    assert [(r["agency"], r["years"]) for r in view(db, "agencies")] == [
        ("Ada County Sheriff's Office", "2025, 2026")]


def test_the_pdf_is_the_same_with_and_without_the_database(state: Path, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    rollup(state, tmp_path / "full.pdf")
    rollup(state, tmp_path / "first.pdf", "--db", db)
    rollup(state, tmp_path / "again.pdf", "--db", db)  # every file from the database
    full = (tmp_path / "full.pdf").read_bytes()
    assert (tmp_path / "first.pdf").read_bytes() == full
    assert (tmp_path / "again.pdf").read_bytes() == full


def test_the_views_read_while_a_run_is_writing(history_db: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    writer = RunStore(history_db)  # holds the write lock until it commits
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 200)
    try:
        assert {r["agency"] for r in view(history_db, "agencies")} >= {"Improver"}
        assert view(history_db, "missing", "--year", "2026")[0]["agency"] == "Quitter"
    finally:
        writer.rollback()
        writer.conn.close()


def test_agency_text_is_neutralised_in_every_history_format(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    folder.mkdir()
    data = yaml.safe_load((DATA / "ada-county.yaml").read_text(encoding="utf-8"))
    data["agency"]["name"] = '=HYPERLINK("http://x.invalid") \x1b[31mred *b*'
    (folder / "ada.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    db = tmp_path / "h.sqlite"
    rollup(folder, tmp_path / "r.json", "--db", db)
    out = tmp_path / "agencies.csv"
    assert run("history", db, "agencies", "-o", out).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # accents survive a spreadsheet
    text = raw.decode("utf-8-sig")
    assert "\x1b" not in text and '\'=HYPERLINK("' in text.replace('""', '"')
    table = run("history", db, "agencies").stdout
    assert "\x1b" not in table and "\\x1b[31mred" in table
    md = run("history", db, "agencies", "-f", "md").stdout
    assert "\x1b" not in md and "\\*b\\*" in md


def test_an_unrated_agency_reads_not_rated_in_every_format(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    unrated = dataclasses.replace(summary("Unrated", "2026-02-01", 20.4, ("R1",)), rating=None)
    with RunStore(db) as store:
        store.record(summary("Rated", "2026-02-01", 75.0, ()))
        store.record(unrated)
    rows = {r["agency"]: r for r in view(db, "agencies")}
    assert rows["Unrated"]["rating"] == "not rated" and rows["Rated"]["rating"] == "Strong"
    table = run("history", db, "agencies").stdout.splitlines()
    assert "not rated" in next(line for line in table if line.startswith("Unrated"))
    md = run("history", db, "agencies", "-f", "md").stdout
    assert "| not rated |" in next(line for line in md.splitlines() if "Unrated" in line)
    out = tmp_path / "agencies.csv"
    assert run("history", db, "agencies", "-o", out).exit_code == 0
    csv_rows = {r[0]: r for r in csv.reader(out.read_text(encoding="utf-8-sig").splitlines())}
    assert csv_rows["Unrated"][csv_rows["agency"].index("rating")] == "not rated"
    agency_table = run("history", db, "agency", "Unrated").stdout
    assert "not rated" in agency_table
    # The trend's JSON keeps the structured value: no rating.
    trend = run("history", db, "agency", "Unrated", "-o", "-", "-f", "json")
    assert json.loads(trend.stdout)["years"][0]["rating"] is None
