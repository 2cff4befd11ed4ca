"""Recording a roll-up run in the history, and reusing what is already there.

One :class:`RunStore` is one transaction: the write lock is taken when the run opens
(another run waits up to the busy timeout, then is told plainly), every new
assessment is inserted as it arrives, and the transaction is committed only when the
command has finished its work. Anything that stops the run before that (an invalid
file, an error, Ctrl-C, a killed process) leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from checklist import __version__
from checklist.history import chains
from checklist.history.keys import Keys
from checklist.history.schema import _now, connect, database_error
from checklist.load.packs import load_pack
from checklist.load.problems import ChecklistError
from checklist.portfolio.file_summary import FileSummary, Outcome
from checklist.result import Fraction

# A rule result not stored as a row: in scope, implemented, full credit, no finding. Most
# rules of most assessments are like this; leaving them implicit keeps the file small.
PLAIN = (True, "implemented", 1.0, False, ())

# The columns of an assessment a reused summary needs, read with its key look-up.
_STORED = ("id, pack, agency_name, jurisdiction, as_of, score, rating, provisional, "
           "completion_answered, completion_total, completion, gaps, critical_gaps, report_id")


def agency_key(agency_id: str, name: str) -> str:
    """The agency's identity: its stable id, else its name (spaces and case folded)."""
    return f"id:{agency_id}" if agency_id else "name:" + " ".join(name.casefold().split())


class StoredHit(NamedTuple):
    """A file found in the history: its stored assessment row (``_STORED`` columns)."""

    row: tuple[Any, ...]
    name: str
    sha256: str


class RunStore:
    """The history side of one ``rollup --db`` run (see the module docstring)."""

    def __init__(self, path: Path, *, tool_version: str = __version__) -> None:
        self.path = path
        self.tool_version = tool_version
        self.conn = connect(path)
        self.reused = 0
        self.added = 0
        self.files = 0
        self.renamed: dict[str, tuple[str, str]] = {}
        self._pack_versions: dict[str, tuple[str, str] | None] = {}
        self._pack_rules: dict[str, tuple[str, ...]] = {}
        self._wanted: dict[str, str] = {}  # --pack → the folder it resolves to
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            cur = self.conn.execute(
                "INSERT INTO runs (started_at, tool_version, files, reused, added) "
                "VALUES (?, ?, 0, 0, 0)", (_now(), tool_version))
        except sqlite3.Error as exc:
            self.conn.close()
            raise database_error(path, exc) from exc
        self.run_id = cur.lastrowid
        self.keys = Keys(self.conn)
        self._gap_deltas: dict[chains.Contribution, int] = {}

    # -------------------------------------------------------------- lookup

    def _pack_now(self, pack_path: str) -> tuple[str, str] | None:
        """(id, version) of the pack at ``pack_path`` today, or None if it no longer loads."""
        if pack_path not in self._pack_versions:
            try:
                p = load_pack(pack_path)
                self._pack_versions[pack_path] = (p.id, p.version)
                self._pack_rules[pack_path] = tuple(p.rules)
            except ChecklistError:
                self._pack_versions[pack_path] = None
        return self._pack_versions[pack_path]

    def lookup(self, name: str, pack: str | None) -> StoredHit | None:
        """Whether this exact file (same bytes, pack and tool) is stored: its stored row.

        The file is only read and hashed here, never parsed: a known file costs a hash and
        one indexed look-up. :meth:`summary` then reads the rest of what is stored."""
        self.files += 1
        try:
            sha = hashlib.sha256(Path(name).read_bytes()).hexdigest()
        except OSError:
            return None  # the worker reports the unreadable file
        rows = self.conn.execute(
            f"SELECT {_STORED} FROM assessments WHERE sha256 = ? AND tool_version = ? "
            "ORDER BY id DESC", (sha, self.tool_version)).fetchall()
        if not rows:
            return None
        if pack and pack not in self._wanted:
            self._wanted[pack] = str(load_pack(pack).path)
        wanted = self._wanted[pack] if pack else None
        for row in rows:
            pack_id, pack_version, pack_path = self.keys.pack_of[row[1]]
            if wanted is not None and pack_path != wanted:
                continue
            if self._pack_now(pack_path) == (pack_id, pack_version):
                self.reused += 1
                return StoredHit(row, name, sha)
        return None

    def summary(self, hit: StoredHit) -> FileSummary:
        """The stored summary of a file that :meth:`lookup` found."""
        return self._summary(hit.row, hit.name, hit.sha256)

    def _summary(self, a: tuple[Any, ...], name: str, sha: str) -> FileSummary:
        """The summary from its ``_STORED`` columns, plus its domain scores and rule rows.

        This runs once for every unchanged file of a re-roll, so it does little: two
        indexed reads (cheaper than one ``UNION``) and no per-rule work for the rules
        stored as implemented at full credit."""
        pack_id, pack_version, pack_path = self.keys.pack_of[a[1]]
        names, outcome = self.keys.domain_names, self.keys.outcome_of
        rule_names = self.keys.rule_names
        domains = sorted(((names[d], v) for d, v in self.conn.execute(
            "SELECT domain, score FROM domain_scores WHERE assessment = ?", (a[0],))),
            key=lambda row: row[0][1])
        rules = self.conn.execute(
            "SELECT rule, outcome FROM rule_results WHERE assessment = ?", (a[0],)).fetchall()
        gaps = tuple(rule_names[r] for r, o in rules if outcome[o][3])
        out_of_scope = {rule_names[r] for r, o in rules if not outcome[o][0]}
        in_scope = self._pack_rules[pack_path]
        if out_of_scope:
            in_scope = tuple(r for r in in_scope if r not in out_of_scope)
        return FileSummary(
            file=name, pack_id=pack_id, pack_path=pack_path, agency=a[2], jurisdiction=a[3],
            as_of=dt.date.fromisoformat(a[4]), score=a[5], rating=a[6],
            provisional=bool(a[7]), completion=Fraction(a[8], a[9], a[10]), gaps=a[11],
            critical_gaps=a[12], domain_scores=tuple((d[0], v) for d, v in domains),
            report_id=a[13], gap_rules=gaps, in_scope_rules=in_scope, sha256=sha,
            pack_version=pack_version)

    # -------------------------------------------------------------- record

    def record(self, outcome: Outcome) -> None:
        """Insert a newly evaluated file (failures are not stored), keeping the agency's
        yearly assessments and its gaps' years open up to date (:mod:`.chains`)."""
        if not isinstance(outcome, FileSummary):
            return
        s = outcome
        pack = self.keys.pack(s.pack_id, s.pack_version, s.pack_path)
        if self.conn.execute(
                "SELECT COUNT(*) FROM assessments WHERE sha256 = ? AND pack = ? AND "
                "tool_version = ?", (s.sha256, pack, self.tool_version)).fetchone()[0]:
            return  # the same file named twice, or stored under another --pack
        agency = self._agency(s)
        year = s.as_of.year
        current = chains.chosen(self.conn, agency, year)
        becomes = current is None or s.as_of.isoformat() >= current[1]
        later = becomes and chains.has_later_year(self.conn, agency, year)
        before = {} if later else chains.open_before(self.conn, agency, year)
        cur = self.conn.execute(
            "INSERT INTO assessments (agency, run, sha256, pack, tool_version, file, "
            "agency_name, jurisdiction, as_of, year, score, rating, provisional, not_rated, "
            "completion_answered, completion_total, completion, gaps, critical_gaps, "
            "report_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (agency, self.run_id, s.sha256, pack, self.tool_version, s.file, s.agency,
             s.jurisdiction, s.as_of.isoformat(), year, s.score, s.rating,
             int(s.provisional), int(s.rating is None), s.completion.numerator,
             s.completion.denominator, s.completion.value, s.gaps, s.critical_gaps,
             s.report_id))
        ident = int(cur.lastrowid or 0)
        self.conn.executemany(
            "INSERT INTO domain_scores (assessment, domain, score) VALUES (?, ?, ?)",
            [(ident, self.keys.domain(pack, d, i), v)
             for i, (d, v) in enumerate(s.domain_scores)])
        self.conn.executemany(
            "INSERT INTO rule_results (assessment, rule, outcome, open_years) "
            "VALUES (?, ?, ?, ?)", self._rule_rows(ident, pack, s, before))
        if later:  # an earlier year arrived after later ones: recount the agency's gaps
            self._count(chains.contributions(self.conn, agency), -1)
            chains.rebuild(self.conn, agency)
            self._count(chains.contributions(self.conn, agency), +1)
        elif becomes:
            if current is not None:
                self._count(chains.of_assessment(self.conn, current[0], year), -1)
            chains.set_chosen(self.conn, agency, year, ident, replacing=current is not None)
            self._count(chains.of_assessment(self.conn, ident, year), +1)
        self.added += 1

    def _count(self, gaps: list[chains.Contribution], sign: int) -> None:
        for key in gaps:
            self._gap_deltas[key] = self._gap_deltas.get(key, 0) + sign

    def _rule_rows(self, ident: int, pack: int, s: FileSummary,
                   before: chains.OpenYears) -> list[tuple[int, int, int, int]]:
        rows = []
        for r, d, scope, st, cr, gap, codes in s.rule_rows:
            if (scope, st, cr, gap, codes) == PLAIN:
                continue
            rule = self.keys.rule(pack, r, d)
            outcome = self.keys.outcome((int(scope), None if st is None else str(st), cr,
                                         int(gap), " ".join(str(c) for c in codes)))
            rows.append((ident, rule, outcome, before.get(rule, 0) + 1 if gap else 0))
        return rows

    def _agency(self, s: FileSummary) -> int:
        key = agency_key(s.agency_id, s.agency)
        row = self.conn.execute("SELECT id, name FROM agencies WHERE agency_key = ?",
                                (key,)).fetchone()
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO agencies (agency_key, agency_id, name, jurisdiction) "
                "VALUES (?, ?, ?, ?)", (key, s.agency_id or None, s.agency, s.jurisdiction))
            return int(cur.lastrowid or 0)
        if s.agency_id and row[1] != s.agency:
            # The agency keeps the name of its newest assessment, whatever the file order.
            latest = self.conn.execute("SELECT MAX(as_of) FROM assessments WHERE agency = ?",
                                       (row[0],)).fetchone()[0]
            newer = latest is None or s.as_of.isoformat() >= latest
            if newer:
                first = self.renamed.get(s.agency_id, (row[1], ""))[0]
                self.renamed[s.agency_id] = (first, s.agency)
                self.conn.execute("UPDATE agencies SET name = ?, jurisdiction = ? "
                                  "WHERE id = ?", (s.agency, s.jurisdiction, row[0]))
            else:
                self.renamed[s.agency_id] = (s.agency, row[1])
        return int(row[0])

    # -------------------------------------------------------------- end

    def commit(self) -> None:
        chains.apply_counts(self.conn, self._gap_deltas)
        self.conn.execute("UPDATE runs SET finished_at = ?, files = ?, reused = ?, added = ? "
                          "WHERE id = ?",
                          (_now(), self.files, self.reused, self.added, self.run_id))
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            if kind is None:
                self.commit()
            else:
                self.rollback()
        finally:
            self.conn.close()
