"""One assessment file reduced to what a roll-up keeps of it, in a worker process.

:func:`summarise_file` loads and evaluates one file and returns a small
:class:`FileSummary` (a few hundred bytes), or a :class:`FileFailure` naming the file
and its first error; it never raises, so every input ends up in the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment, read_document
from checklist.load.problems import InputError, PackError, UsageError
from checklist.load.sheetdoc import SheetDocument
from checklist.result import Fraction


@dataclass(frozen=True)
class FileSummary:
    """What the parent keeps of one valid assessment (plus its rule lists, counted once)."""

    file: str
    pack_id: str
    pack_path: str
    agency: str
    jurisdiction: str
    as_of: dt.date
    score: float | None
    rating: str | None
    provisional: bool
    completion: Fraction
    gaps: int
    critical_gaps: int
    domain_scores: tuple[tuple[str, float | None], ...]
    report_id: str
    gap_rules: tuple[str, ...] = ()
    in_scope_rules: tuple[str, ...] = ()
    # For the history database (rollup --db): the file's key and each rule's result.
    sha256: str = ""
    agency_id: str = ""
    pack_version: str = ""
    rule_rows: tuple[RuleRow, ...] = ()


# (rule, domain, in scope, status after checks, credit, gap, finding codes)
RuleRow = tuple[str, str, bool, str | None, float | None, bool, tuple[str, ...]]


@dataclass(frozen=True)
class FileFailure:
    file: str
    error: str
    errors: int
    fault: bool = False  # a fault in checklist rather than in the file


Outcome = FileSummary | FileFailure


def pack_position(path: Path) -> str:
    """``file:line:col`` of the file's ``pack:`` line, for messages about its pack."""
    try:
        doc = read_document(path)
        if isinstance(doc, SheetDocument):
            return f"{doc.name}: {doc.place_of(('pack',)).words()}"
        pos = doc.position(("pack",))
        return f"{doc.name}:{pos.line}:{pos.column}"
    except InputError:
        return f"{path}:1:1"


def summarise_file(task: tuple[str, str | None]) -> Outcome:
    """Load, evaluate and reduce one file. Runs in a worker process.

    Never raises: whatever goes wrong becomes a :class:`FileFailure` naming the file, so
    every input ends up in the report or in its list of invalid files. (An exception
    escaping into the pool's iterator, StopIteration above all, could end the loop early
    and drop files without a word.)
    """
    try:
        return _summarise(task)
    except OSError as exc:
        from checklist.load.reading import os_error_message
        return FileFailure(file=task[0], error=f"{task[0]}:1:1: {os_error_message(exc)}",
                           errors=1)
    except Exception as exc:  # reported in the list of invalid files, never swallowed
        return FileFailure(
            file=task[0], errors=1, fault=True,
            error=f"{task[0]}:1:1: checklist could not evaluate this file because of a fault "
                  f"in checklist ({type(exc).__name__}: {str(exc)[:200]}); please report it")


def _summarise(task: tuple[str, str | None]) -> Outcome:
    name, pack = task
    path = Path(name)
    try:
        loaded = load_assessment(path, pack)
    except InputError as exc:
        errors = [p for p in exc.problems if p.level == "error"] or list(exc.problems)
        return FileFailure(file=name, error=str(errors[0]), errors=len(errors))
    except UsageError as exc:
        return FileFailure(file=name, error=f"{pack_position(path)}: {exc}", errors=1)
    except PackError as exc:
        first = str(exc).splitlines()[0].rstrip(":")
        return FileFailure(file=name, error=f"{pack_position(path)}: {first} "
                           f"({len(exc.problems)} problems)", errors=1)
    result = evaluate(loaded.pack, loaded.assessment, input_name=name,
                      input_sha256=loaded.sha256)
    s = result.summary
    gap_ids = {g.rule for g in result.gaps}
    return FileSummary(
        file=name, pack_id=result.pack.id, pack_path=str(loaded.pack.path),
        agency=result.agency.name, jurisdiction=result.agency.jurisdiction,
        as_of=result.as_of, score=s.score.value, rating=s.rating.band,
        provisional=s.rating.provisional, completion=s.completion, gaps=s.gaps,
        critical_gaps=s.critical_gaps,
        domain_scores=tuple((d.id, d.score.value) for d in result.domains),
        report_id=result.report_id,
        gap_rules=tuple(g.rule for g in result.gaps),
        in_scope_rules=tuple(r.id for r in result.rules if r.scope == "in_scope"),
        sha256=loaded.sha256, agency_id=loaded.assessment.agency.id or "",
        pack_version=result.pack.version,
        rule_rows=tuple((r.id, r.domain, r.scope == "in_scope", r.effective_status, r.credit,
                         r.id in gap_ids, tuple(f.code for f in r.findings))
                        for r in result.rules),
    )
