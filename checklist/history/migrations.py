"""The schema's versions: version 1 as first released, and each step forward.

A released step is never edited; a new version adds a step. Version 2 keys rules, domains,
packs and rule outcomes by small integers (the file is about half the size), keeps each
agency's assessment for each year in ``agency_years`` and stores with every gap how many
consecutive yearly assessments it has been open (``open_years``), and counts those gaps
by year, rule and years open (``gap_counts``), so the views read a year's rows through
indices, or a few hundred counts, instead of the whole history.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]

_V1 = [
    """CREATE TABLE agencies (
        id INTEGER PRIMARY KEY,
        agency_key VARCHAR(200) NOT NULL UNIQUE,
        agency_id VARCHAR(64),
        name TEXT NOT NULL,
        jurisdiction TEXT NOT NULL
    )""",
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at VARCHAR(32) NOT NULL,
        finished_at VARCHAR(32),
        tool_version VARCHAR(40) NOT NULL,
        files INTEGER NOT NULL,
        reused INTEGER NOT NULL,
        added INTEGER NOT NULL
    )""",
    """CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        agency INTEGER NOT NULL REFERENCES agencies(id),
        run INTEGER NOT NULL REFERENCES runs(id),
        sha256 CHAR(64) NOT NULL,
        pack_id VARCHAR(100) NOT NULL,
        pack_version VARCHAR(40) NOT NULL,
        tool_version VARCHAR(40) NOT NULL,
        pack_path TEXT NOT NULL,
        file TEXT NOT NULL,
        agency_name TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        as_of DATE NOT NULL,
        year INTEGER NOT NULL,
        score DOUBLE PRECISION,
        rating VARCHAR(100),
        provisional SMALLINT NOT NULL,
        not_rated SMALLINT NOT NULL,
        completion_answered INTEGER NOT NULL,
        completion_total INTEGER NOT NULL,
        completion DOUBLE PRECISION,
        gaps INTEGER NOT NULL,
        critical_gaps INTEGER NOT NULL,
        report_id VARCHAR(200) NOT NULL,
        UNIQUE (sha256, pack_id, pack_version, tool_version)
    )""",
    """CREATE TABLE domain_scores (
        assessment INTEGER NOT NULL REFERENCES assessments(id),
        position INTEGER NOT NULL,
        domain VARCHAR(100) NOT NULL,
        score DOUBLE PRECISION,
        PRIMARY KEY (assessment, domain)
    )""",
    """CREATE TABLE rule_results (
        assessment INTEGER NOT NULL REFERENCES assessments(id),
        position INTEGER NOT NULL,
        rule VARCHAR(100) NOT NULL,
        domain VARCHAR(100) NOT NULL,
        in_scope SMALLINT NOT NULL,
        status VARCHAR(40),
        credit DOUBLE PRECISION,
        is_gap SMALLINT NOT NULL,
        findings TEXT NOT NULL,
        PRIMARY KEY (assessment, rule)
    )""",
    "CREATE INDEX assessments_by_file ON assessments (sha256, tool_version)",
    "CREATE INDEX assessments_by_agency ON assessments (agency, year, as_of)",
    "CREATE INDEX assessments_by_year ON assessments (year, agency)",
]


_V2 = [
    """CREATE TABLE packs (
        id INTEGER PRIMARY KEY,
        pack_id VARCHAR(100) NOT NULL,
        version VARCHAR(40) NOT NULL,
        path TEXT NOT NULL,
        UNIQUE (pack_id, version)
    )""",
    """CREATE TABLE rules (
        id INTEGER PRIMARY KEY,
        pack INTEGER NOT NULL REFERENCES packs(id),
        rule VARCHAR(100) NOT NULL,
        domain VARCHAR(100) NOT NULL,
        UNIQUE (pack, rule)
    )""",
    """CREATE TABLE domains (
        id INTEGER PRIMARY KEY,
        pack INTEGER NOT NULL REFERENCES packs(id),
        domain VARCHAR(100) NOT NULL,
        position INTEGER NOT NULL,
        UNIQUE (pack, domain)
    )""",
    """CREATE TABLE outcomes (
        id INTEGER PRIMARY KEY,
        in_scope SMALLINT NOT NULL,
        status VARCHAR(40),
        credit DOUBLE PRECISION,
        is_gap SMALLINT NOT NULL,
        findings TEXT NOT NULL
    )""",
    """CREATE TABLE assessments_v2 (
        id INTEGER PRIMARY KEY,
        agency INTEGER NOT NULL REFERENCES agencies(id),
        run INTEGER NOT NULL REFERENCES runs(id),
        sha256 CHAR(64) NOT NULL,
        pack INTEGER NOT NULL REFERENCES packs(id),
        tool_version VARCHAR(40) NOT NULL,
        file TEXT NOT NULL,
        agency_name TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        as_of DATE NOT NULL,
        year INTEGER NOT NULL,
        score DOUBLE PRECISION,
        rating VARCHAR(100),
        provisional SMALLINT NOT NULL,
        not_rated SMALLINT NOT NULL,
        completion_answered INTEGER NOT NULL,
        completion_total INTEGER NOT NULL,
        completion DOUBLE PRECISION,
        gaps INTEGER NOT NULL,
        critical_gaps INTEGER NOT NULL,
        report_id VARCHAR(200) NOT NULL,
        UNIQUE (sha256, pack, tool_version)
    )""",
    """CREATE TABLE domain_scores_v2 (
        assessment INTEGER NOT NULL REFERENCES assessments_v2(id),
        domain INTEGER NOT NULL REFERENCES domains(id),
        score DOUBLE PRECISION,
        PRIMARY KEY (assessment, domain)
    )""",
    """CREATE TABLE rule_results_v2 (
        assessment INTEGER NOT NULL REFERENCES assessments_v2(id),
        rule INTEGER NOT NULL REFERENCES rules(id),
        outcome INTEGER NOT NULL REFERENCES outcomes(id),
        open_years INTEGER NOT NULL,
        PRIMARY KEY (assessment, rule)
    )""",
    """CREATE TABLE agency_years (
        agency INTEGER NOT NULL REFERENCES agencies(id),
        year INTEGER NOT NULL,
        assessment INTEGER NOT NULL REFERENCES assessments_v2(id),
        PRIMARY KEY (agency, year)
    )""",
    """CREATE TABLE gap_counts (
        year INTEGER NOT NULL,
        rule INTEGER NOT NULL REFERENCES rules(id),
        open_years INTEGER NOT NULL,
        agencies INTEGER NOT NULL,
        PRIMARY KEY (year, rule, open_years)
    )""",
]

_V1_DATA = [
    "INSERT INTO packs (pack_id, version, path) SELECT pack_id, pack_version, MIN(pack_path) "
    "FROM assessments GROUP BY pack_id, pack_version",
    "INSERT INTO rules (pack, rule, domain) SELECT p.id, r.rule, MIN(r.domain) "
    "FROM rule_results r JOIN assessments a ON a.id = r.assessment "
    "JOIN packs p ON p.pack_id = a.pack_id AND p.version = a.pack_version GROUP BY p.id, r.rule",
    "INSERT INTO domains (pack, domain, position) SELECT p.id, d.domain, MIN(d.position) "
    "FROM domain_scores d JOIN assessments a ON a.id = d.assessment "
    "JOIN packs p ON p.pack_id = a.pack_id AND p.version = a.pack_version "
    "GROUP BY p.id, d.domain",
    "INSERT INTO outcomes (in_scope, status, credit, is_gap, findings) "
    "SELECT DISTINCT in_scope, status, credit, is_gap, findings FROM rule_results",
    "INSERT INTO assessments_v2 SELECT a.id, a.agency, a.run, a.sha256, p.id, a.tool_version, "
    "a.file, a.agency_name, a.jurisdiction, a.as_of, a.year, a.score, a.rating, "
    "a.provisional, a.not_rated, a.completion_answered, a.completion_total, a.completion, "
    "a.gaps, a.critical_gaps, a.report_id FROM assessments a "
    "JOIN packs p ON p.pack_id = a.pack_id AND p.version = a.pack_version",
    "INSERT INTO domain_scores_v2 SELECT d.assessment, n.id, d.score FROM domain_scores d "
    "JOIN assessments_v2 a ON a.id = d.assessment "
    "JOIN domains n ON n.pack = a.pack AND n.domain = d.domain",
    # NULL never equals NULL with =, so status and credit are compared through COALESCE.
    "INSERT INTO rule_results_v2 SELECT r.assessment, n.id, o.id, 0 FROM rule_results r "
    "JOIN assessments_v2 a ON a.id = r.assessment "
    "JOIN rules n ON n.pack = a.pack AND n.rule = r.rule "
    "JOIN outcomes o ON o.in_scope = r.in_scope AND o.is_gap = r.is_gap "
    "AND o.findings = r.findings "
    "AND COALESCE(o.status, '') = COALESCE(r.status, '') "
    "AND COALESCE(o.credit, -1) = COALESCE(r.credit, -1)",
    "DROP TABLE rule_results",
    "DROP TABLE domain_scores",
    "DROP TABLE assessments",
    "ALTER TABLE assessments_v2 RENAME TO assessments",
    "ALTER TABLE domain_scores_v2 RENAME TO domain_scores",
    "ALTER TABLE rule_results_v2 RENAME TO rule_results",
    "CREATE INDEX assessments_by_agency ON assessments (agency, year, as_of)",
    "CREATE INDEX agency_years_by_year ON agency_years (year, agency)",
]


# The gaps of every agency's yearly assessment, counted by year, rule and years open: what
# ``gap_counts`` holds, kept up to date by each run (checklist.history.store).
COUNT_GAPS = ("SELECT y.year, r.rule, r.open_years, COUNT(*) FROM agency_years y "
              "JOIN rule_results r ON r.assessment = y.assessment WHERE r.open_years > 0 "
              "GROUP BY y.year, r.rule, r.open_years")


def to_version_1(conn: sqlite3.Connection) -> None:
    for statement in _V1:
        conn.execute(statement)


def to_version_2(conn: sqlite3.Connection) -> None:
    """Integer keys, the yearly assessments and each gap's years open (see above)."""
    from checklist.history.chains import rebuild

    for statement in [*_V2, *_V1_DATA]:
        conn.execute(statement)
    for (agency,) in conn.execute("SELECT id FROM agencies ORDER BY id").fetchall():
        rebuild(conn, agency)
    conn.execute(f"INSERT INTO gap_counts (year, rule, open_years, agencies) {COUNT_GAPS}")
