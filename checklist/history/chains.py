"""Each agency's assessment for each year, and how long each of its gaps has been open.

"An agency's assessment for a year" is its latest one dated in that year (by date, then
by the order it was stored); ``agency_years`` names it. A gap's ``open_years`` is the
number of consecutive yearly assessments of the agency, up to and including this one, in
which the same rule is a gap (years without an assessment do not break the run). Both
are kept up to date as assessments are stored, and so are the counts of those gaps by
year, rule and years open (``gap_counts``), so the views never walk the whole history.
"""

from __future__ import annotations

import sqlite3

OpenYears = dict[int, int]  # rule key → consecutive yearly assessments open


def chosen(conn: sqlite3.Connection, agency: int, year: int) -> tuple[int, str] | None:
    """(assessment, as_of) of the agency's assessment for ``year``, if any."""
    row = conn.execute(
        "SELECT y.assessment, a.as_of FROM agency_years y JOIN assessments a "
        "ON a.id = y.assessment WHERE y.agency = ? AND y.year = ?", (agency, year)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


def has_later_year(conn: sqlite3.Connection, agency: int, year: int) -> bool:
    row = conn.execute("SELECT COUNT(*) FROM agency_years WHERE agency = ? AND year > ?",
                       (agency, year)).fetchone()
    return int(row[0]) > 0


def open_before(conn: sqlite3.Connection, agency: int, year: int) -> OpenYears:
    """The gaps of the agency's last yearly assessment before ``year``, with years open."""
    rows = conn.execute(
        "SELECT r.rule, r.open_years FROM rule_results r JOIN agency_years y "
        "ON y.assessment = r.assessment WHERE y.agency = ? AND r.open_years > 0 AND y.year = "
        "(SELECT MAX(year) FROM agency_years WHERE agency = ? AND year < ?)",
        (agency, agency, year))
    return {int(rule): int(n) for rule, n in rows}


def set_chosen(conn: sqlite3.Connection, agency: int, year: int, assessment: int,
               replacing: bool) -> None:
    if replacing:
        conn.execute("UPDATE agency_years SET assessment = ? WHERE agency = ? AND year = ?",
                     (assessment, agency, year))
    else:
        conn.execute("INSERT INTO agency_years (agency, year, assessment) VALUES (?, ?, ?)",
                     (agency, year, assessment))


def rebuild(conn: sqlite3.Connection, agency: int) -> None:
    """Recompute the agency's yearly assessments and every ``open_years`` from scratch
    (after an assessment arrives for a year before one already on file, or a migration)."""
    conn.execute("DELETE FROM agency_years WHERE agency = ?", (agency,))
    latest: dict[int, int] = {}
    for ident, year in conn.execute(
            "SELECT id, year FROM assessments WHERE agency = ? ORDER BY year, as_of, id",
            (agency,)).fetchall():
        latest[int(year)] = int(ident)  # later rows win
    gaps: dict[int, list[int]] = {}
    for ident, rule in conn.execute(
            "SELECT a.id, r.rule FROM assessments a JOIN rule_results r ON r.assessment = a.id "
            "JOIN outcomes o ON o.id = r.outcome WHERE a.agency = ? AND o.is_gap = ?",
            (agency, 1)).fetchall():
        gaps.setdefault(int(ident), []).append(int(rule))
    previous: OpenYears = {}
    for year in sorted(latest):
        conn.execute("INSERT INTO agency_years (agency, year, assessment) VALUES (?, ?, ?)",
                     (agency, year, latest[year]))
        # Every assessment dated in this year counts from the previous year's chosen one.
        current: OpenYears = {}
        for (ident,) in conn.execute("SELECT id FROM assessments WHERE agency = ? AND year = ?",
                                     (agency, year)).fetchall():
            counted = {rule: previous.get(rule, 0) + 1 for rule in gaps.get(int(ident), [])}
            conn.executemany("UPDATE rule_results SET open_years = ? WHERE assessment = ? "
                             "AND rule = ?", [(n, ident, rule) for rule, n in counted.items()])
            if int(ident) == latest[year]:
                current = counted
        previous = current


Contribution = tuple[int, int, int]  # (year, rule key, years open): one agency's gap


def contributions(conn: sqlite3.Connection, agency: int) -> list[Contribution]:
    """What the agency's yearly assessments add to ``gap_counts``."""
    return [(int(y), int(r), int(n)) for y, r, n in conn.execute(
        "SELECT y.year, r.rule, r.open_years FROM agency_years y JOIN rule_results r "
        "ON r.assessment = y.assessment WHERE y.agency = ? AND r.open_years > 0", (agency,))]


def of_assessment(conn: sqlite3.Connection, assessment: int, year: int) -> list[Contribution]:
    return [(year, int(r), int(n)) for r, n in conn.execute(
        "SELECT rule, open_years FROM rule_results WHERE assessment = ? AND open_years > 0",
        (assessment,))]


def apply_counts(conn: sqlite3.Connection, deltas: dict[Contribution, int]) -> None:
    """Add a run's changes to ``gap_counts`` (one statement per changed count)."""
    for (year, rule, years_open), delta in sorted(deltas.items()):
        if delta == 0:
            continue
        cur = conn.execute("UPDATE gap_counts SET agencies = agencies + ? WHERE year = ? AND "
                           "rule = ? AND open_years = ?", (delta, year, rule, years_open))
        if cur.rowcount == 0:
            conn.execute("INSERT INTO gap_counts (year, rule, open_years, agencies) "
                         "VALUES (?, ?, ?, ?)", (year, rule, years_open, delta))
