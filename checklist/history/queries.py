"""The history views: agencies, one agency over time, shared gaps, missing filers, export.

Each view reads plain rows with parameterised SQL and reduces them in Python, so the
queries stay portable. "An agency's assessment for a year" is its latest one dated in
that year (by date, then by the order it was stored); ``agency_years`` names it and
``gap_counts`` counts its gaps (both kept by each run, :mod:`checklist.history.chains`).
"""

from __future__ import annotations

import sqlite3
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from checklist.load.problems import UsageError, did_you_mean

Row = dict[str, Any]
NOT_RATED = "not rated"  # the rating cell of an assessment that has none, as in the trend


@dataclass(frozen=True)
class Filing:
    id: int
    agency: int
    year: int
    as_of: str


def yearly(conn: sqlite3.Connection,
           agency: int | None = None) -> dict[int, dict[int, Filing]]:
    """agency → year → that year's assessment (the latest dated in it); one agency's only
    when ``agency`` is given."""
    out: dict[int, dict[int, Filing]] = defaultdict(dict)
    where, args = ("WHERE y.agency = ? ", (agency,)) if agency is not None else ("", ())
    for row in conn.execute("SELECT y.assessment, y.agency, y.year, a.as_of FROM agency_years y "
                            "JOIN assessments a ON a.id = y.assessment " + where, args):
        f = Filing(*row)
        out[f.agency][f.year] = f
    return out


def _agency_names(conn: sqlite3.Connection) -> dict[int, tuple[str, str, str]]:
    return {r[0]: (r[1], r[2] or "", r[3]) for r in
            conn.execute("SELECT id, name, agency_id, jurisdiction FROM agencies")}


def _trend(previous: float | None, latest: float | None, years: int) -> str:
    if years < 2:
        return "first year on file"
    if previous is None or latest is None:
        return "not comparable (no score)"
    change = round(latest - previous, 1)
    return "same" if change == 0 else f"{'up' if change > 0 else 'down'} {abs(change):.1f}"


def agencies(conn: sqlite3.Connection) -> list[Row]:
    """Each agency: years on file, latest score and rating, change since the year before.

    One pass over the yearly assessments, in agency then year order."""
    rows: list[Row] = []
    years: list[str] = []
    previous: Any = None
    last: Any = None
    for row in conn.execute(
            "SELECT y.agency, y.year, a.as_of, a.score, a.rating, g.name, g.agency_id, "
            "g.jurisdiction FROM agency_years y JOIN assessments a ON a.id = y.assessment "
            "JOIN agencies g ON g.id = y.agency ORDER BY y.agency, y.year"):
        if last is not None and row[0] != last[0]:
            rows.append(_agency_row(last, previous, years))
            years, previous = [], None
        elif last is not None:
            previous = last
        years.append(str(row[1]))
        last = row
    if last is not None:
        rows.append(_agency_row(last, previous, years))
    rows.sort(key=lambda r: (r["agency"].casefold(), r["agency"]))
    return rows


def _agency_row(latest: Any, previous: Any, years: list[str]) -> Row:
    _, _, as_of, score, rating, name, ident, jurisdiction = latest
    before = None if previous is None else previous[3]
    return {"agency": name, "agency_id": ident or "", "jurisdiction": jurisdiction,
            "years": ", ".join(years), "latest_as_of": as_of, "score": score,
            "rating": rating or NOT_RATED, "previous_score": before,
            "trend": _trend(before, score, len(years))}


def find_agency(conn: sqlite3.Connection, name: str) -> int:
    """The agency called ``name`` (or with that id), case and spacing aside."""
    wanted = " ".join(name.casefold().split())
    names = _agency_names(conn)
    for ident, (agency, agency_id, _) in names.items():
        if wanted in (" ".join(agency.casefold().split()), agency_id.casefold()):
            return ident
    hint = did_you_mean(name, [n for n, _, _ in names.values()])
    raise UsageError(f"no agency named '{name}' in the history{hint} "
                     "(`checklist history DB agencies` lists them)")


def agency(conn: sqlite3.Connection, name: str) -> list[Row]:
    """The ``agency NAME`` view: :func:`agency_years`, an unrated year reading "not rated"."""
    return [{**row, "rating": row["rating"] or NOT_RATED} for row in agency_years(conn, name)]


def agency_years(conn: sqlite3.Connection, name: str) -> list[Row]:
    """One agency's assessment for each year, with its domain scores (rating None when the
    assessment is not rated)."""
    ident = find_agency(conn, name)
    filings = yearly(conn, ident).get(ident, {})
    rows: list[Row] = []
    for year in sorted(filings):
        a = conn.execute(
            "SELECT agency_name, as_of, score, rating, provisional, completion, gaps, "
            "critical_gaps, file, p.pack_id, p.version FROM assessments a JOIN packs p "
            "ON p.id = a.pack WHERE a.id = ?", (filings[year].id,)).fetchone()
        domains = conn.execute(
            "SELECT d.domain, s.score FROM domain_scores s JOIN domains d ON d.id = s.domain "
            "WHERE s.assessment = ? ORDER BY d.position", (filings[year].id,)).fetchall()
        rows.append({"year": year, "agency": a[0], "as_of": a[1], "score": a[2],
                     "rating": a[3], "provisional": bool(a[4]), "completion": a[5],
                     "gaps": a[6], "critical_gaps": a[7], "file": a[8],
                     "pack": f"{a[9]} {a[10]}", **{f"domain {d}": s for d, s in domains}})
    return rows


def latest_year(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT MAX(year) FROM assessments").fetchone()
    if row[0] is None:
        raise UsageError("the history has no assessments yet (add some with "
                         "`checklist rollup DIR --db FILE`)")
    return int(row[0])


def gaps(conn: sqlite3.Connection, year: int | None = None) -> list[Row]:
    """The rules most agencies have as a gap in ``year``, and for how many years in a row.

    Each run keeps ``gap_counts`` (agencies by year, rule and years open) up to date
    (:mod:`checklist.history.chains`), so this reads a few hundred counts."""
    year = year or latest_year(conn)
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    domain_of: dict[str, str] = {}
    for rule, domain, open_years, agencies in conn.execute(
            "SELECT n.rule, n.domain, g.open_years, g.agencies FROM gap_counts g "
            "JOIN rules n ON n.id = g.rule WHERE g.year = ? AND g.agencies > 0 "
            "ORDER BY n.id, g.open_years", (year,)):
        counts[rule][int(open_years)] += int(agencies)
        domain_of.setdefault(rule, domain)
    rows: list[Row] = []
    for rule, by_length in counts.items():
        lengths = sorted(by_length.elements())
        rows.append({"rule": rule, "domain": domain_of[rule], "agencies": len(lengths),
                     "longest_open_years": lengths[-1],
                     "median_open_years": statistics.median(lengths),
                     "open_3_years_or_more": sum(n for y, n in by_length.items() if y >= 3)})
    rows.sort(key=lambda r: (-r["agencies"], -r["longest_open_years"], r["rule"]))
    return rows


def missing(conn: sqlite3.Connection, year: int) -> list[Row]:
    """Agencies with an assessment before ``year`` and none dated in it."""
    rows: list[Row] = []
    for name, ident, jurisdiction, last, as_of in conn.execute(
            "SELECT g.name, g.agency_id, g.jurisdiction, y.year, a.as_of FROM agency_years y "
            "JOIN agencies g ON g.id = y.agency JOIN assessments a ON a.id = y.assessment "
            "WHERE y.year = (SELECT MAX(z.year) FROM agency_years z WHERE z.agency = y.agency "
            "AND z.year < ?) AND NOT EXISTS (SELECT 1 FROM agency_years w "
            "WHERE w.agency = y.agency AND w.year = ?)", (year, year)):
        rows.append({"agency": name, "agency_id": ident or "", "jurisdiction": jurisdiction,
                     "last_year": last, "last_as_of": as_of})
    rows.sort(key=lambda r: (r["agency"].casefold(), r["agency"]))
    return rows


# Each table as the office reads it: integer keys resolved to the pack, rule and domain.
EXPORTS = {
    "assessments": "SELECT a.id, a.agency, a.run, a.sha256, p.pack_id, p.version AS "
                   "pack_version, a.tool_version, p.path AS pack_path, a.file, a.agency_name, "
                   "a.jurisdiction, a.as_of, a.year, a.score, a.rating, a.provisional, "
                   "a.not_rated, a.completion_answered, a.completion_total, a.completion, "
                   "a.gaps, a.critical_gaps, a.report_id FROM assessments a "
                   "JOIN packs p ON p.id = a.pack ORDER BY a.id",
    "domain_scores": "SELECT s.assessment, d.domain, s.score FROM domain_scores s "
                     "JOIN domains d ON d.id = s.domain ORDER BY s.assessment, d.position",
    "rule_results": "SELECT r.assessment, n.rule, n.domain, o.in_scope, o.status, o.credit, "
                    "o.is_gap, o.findings, r.open_years FROM rule_results r "
                    "JOIN rules n ON n.id = r.rule JOIN outcomes o ON o.id = r.outcome "
                    "ORDER BY r.assessment, n.id",
    "agencies": "SELECT id, agency_key, agency_id, name, jurisdiction FROM agencies ORDER BY id",
    "runs": "SELECT id, started_at, finished_at, tool_version, files, reused, added FROM runs "
            "ORDER BY id",
}
EXPORT_TABLES = tuple(EXPORTS)


def export(conn: sqlite3.Connection, table: str = "assessments") -> list[Row]:
    """Every stored row of one table (the SQL is from a fixed list, never from input)."""
    if table not in EXPORTS:
        raise UsageError(f"no table '{table}' (tables: {', '.join(EXPORT_TABLES)})")
    cur = conn.execute(EXPORTS[table])
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, r, strict=True)) for r in cur]
