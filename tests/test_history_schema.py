"""The history schema's later versions: migrating a version-1 file, and gaps' years open
kept right whatever order the assessments arrive in."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from checklist.history import queries, schema
from checklist.history.migrations import COUNT_GAPS
from checklist.history.store import RunStore
from tests.test_history import summary


def _version_1(db: Path) -> None:
    """A file as the first release wrote it: one agency, R1 open in 2025 and 2026."""
    conn = sqlite3.connect(db, isolation_level=None)
    schema.migrate(conn, db, target=1)
    conn.execute("INSERT INTO agencies VALUES (1, 'name:ada', NULL, 'Ada', '')")
    conn.execute("INSERT INTO runs VALUES (1, 't', 't', '0.1', 2, 0, 2)")
    for ident, as_of, score in ((1, "2025-03-01", 40.0), (2, "2026-03-01", 55.5)):
        conn.execute(
            "INSERT INTO assessments VALUES (?, 1, 1, ?, 'mini', '1.0', '0.1', '/p', "
            "'ada.yaml', 'Ada', '', ?, ?, ?, 'Developing', 0, 0, 3, 3, 1.0, 1, 0, 'r')",
            (ident, f"sha{ident}", as_of, int(as_of[:4]), score))
        conn.execute("INSERT INTO domain_scores VALUES (?, 0, 'ALP', ?)", (ident, score))
        conn.execute("INSERT INTO rule_results VALUES (?, 0, 'R1', 'ALP', 1, 'partial', 0.5, "
                     "1, 'evidence_missing')", (ident,))
    conn.execute("INSERT INTO rule_results VALUES (2, 1, 'R2', 'ALP', 0, NULL, NULL, 0, '')")
    conn.close()


def test_a_version_1_history_is_migrated_with_its_data(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    _version_1(db)
    conn = schema.connect(db)
    assert schema.current_version(conn, db) == schema.SCHEMA_VERSION
    [gap] = queries.gaps(conn)
    assert (gap["rule"], gap["agencies"], gap["longest_open_years"]) == ("R1", 1, 2)
    assert [(r["year"], r["score"], r["domain ALP"], r["pack"])
            for r in queries.agency(conn, "Ada")] == [
        (2025, 40.0, 40.0, "mini 1.0"), (2026, 55.5, 55.5, "mini 1.0")]
    rules = queries.export(conn, "rule_results")
    assert [(r["assessment"], r["rule"], r["status"], r["credit"], r["findings"],
             r["open_years"]) for r in rules] == [
        (1, "R1", "partial", 0.5, "evidence_missing", 1),
        (2, "R1", "partial", 0.5, "evidence_missing", 2),
        (2, "R2", None, None, "", 0)]
    assert queries.agencies(conn)[0]["trend"] == "up 15.5"
    conn.close()


def test_years_open_do_not_depend_on_the_order_assessments_arrive_in(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    with RunStore(db) as store:  # newest first, then a replacement dated later in 2025
        for row in [summary("Late", "2026-02-01", 30.0, ("R1",)),
                    summary("Late", "2024-02-01", 30.0, ("R1", "R2")),
                    summary("Late", "2025-02-01", 30.0, ("R2",)),
                    summary("Late", "2025-09-01", 30.0, ("R1",)),
                    summary("Late", "2025-01-01", 30.0, ())]:  # earlier in 2025: not counted
            store.record(row)
    conn = schema.connect(db)
    assert {r["rule"]: r["longest_open_years"] for r in queries.gaps(conn)} == {"R1": 3}
    conn.close()
    with RunStore(db) as store:  # a second run: another agency, and a 2025 replacement
        for row in [summary("Other", "2026-05-01", 60.0, ("R1", "R3")),
                    summary("Late", "2025-12-01", 30.0, ("R2",))]:
            store.record(row)
    conn = schema.connect(db)
    stored = sorted(conn.execute("SELECT year, rule, open_years, agencies FROM gap_counts "
                                 "WHERE agencies > 0"))
    assert stored == sorted(conn.execute(COUNT_GAPS))  # the kept counts are the true counts
    assert {r["rule"]: (r["agencies"], r["longest_open_years"])
            for r in queries.gaps(conn)} == {"R1": (2, 1), "R3": (1, 1)}
    assert {r["rule"]: r["longest_open_years"] for r in queries.gaps(conn, 2025)} == {"R2": 2}
    assert [r["as_of"] for r in queries.agency(conn, "Late")] == [
        "2024-02-01", "2025-12-01", "2026-02-01"]
    conn.close()
