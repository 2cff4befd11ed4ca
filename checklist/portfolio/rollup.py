"""Statewide roll-up: many assessment files → one :class:`Rollup`.

Each file is loaded and evaluated in a worker process and reduced there to a small
:class:`FileSummary` (a few hundred bytes); the parent keeps only those rows and a
few counters, never a full :class:`~checklist.result.Result`, so memory grows by a
row per agency however large the assessments are. Every number is computed from the
rows in a fixed order once all files are in, so the output does not depend on the
order in which workers finish.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import multiprocessing
import os
import signal
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from checklist import __version__
from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment, read_document
from checklist.load.packs import Pack, load_pack
from checklist.load.problems import ChecklistError, InputError, PackError, UsageError
from checklist.load.sheetdoc import SheetDocument
from checklist.models.pack import SEVERITY_ORDER, Severity
from checklist.portfolio.models import (
    PORTFOLIO_FORMAT_VERSION,
    AgencyRow,
    CommonGap,
    DomainColumn,
    DuplicateAgency,
    InvalidInput,
    PackStamp,
    Rollup,
    RollupSummary,
    StaleAgency,
    ToolStamp,
)
from checklist.result import BandEntry, Fraction

ASSESSMENT_SUFFIXES = (".yaml", ".yml", ".xlsx")
DEFAULT_MAX_AGE_DAYS = 365


# ------------------------------------------------------------------ inputs


def collect_inputs(args: Iterable[Path], *, recursive: bool = False) -> list[Path]:
    """Files named, plus every ``*.yaml``/``*.yml`` inside each folder named.

    Folders are read in sorted order, and only one level deep unless ``recursive``.
    Hidden files (name starting with a dot: editor backups, half-written outputs) are
    skipped. A file named twice is read once.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for arg in args:
        if arg.is_dir():
            members, unreadable = _members(arg, recursive)
            members = sorted((p for p in [*(m for m in members if m.suffix.lower() in
                                            ASSESSMENT_SUFFIXES and not m.is_dir()),
                                          *unreadable]
                              if not any(part.startswith(".") for part in
                                         p.relative_to(arg).parts)),
                             key=lambda p: p.as_posix())
            if not members:
                how = "in it or its subfolders" if recursive else "directly in it"
                hint = "" if recursive else " (use --recursive to read subfolders)"
                raise UsageError(f"the folder {arg} has no .yaml, .yml or .xlsx files {how}{hint}")
        else:
            members = [arg]
        for path in members:
            try:
                key = path.resolve()
            except (OSError, RuntimeError):  # a symlink loop: reported when it is read
                key = path.absolute()
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def _members(folder: Path, recursive: bool) -> tuple[list[Path], list[Path]]:
    """Everything in the folder, and the subfolders that could not be read.

    Anything named like an assessment that is not a folder is kept, even a pipe or a
    broken link, so that it is listed as invalid, not skipped. A subfolder that cannot be
    read is listed as invalid too (``Path.rglob`` would skip it without a word)."""
    from checklist.load.reading import os_error_message

    def refused(exc: OSError) -> None:
        if exc.filename is None or Path(exc.filename) == folder:
            raise UsageError(f"the folder {folder} cannot be read: "
                             f"{os_error_message(exc)}") from None
        unreadable.append(Path(exc.filename))

    unreadable: list[Path] = []
    if not recursive:
        try:
            return list(folder.iterdir()), unreadable
        except OSError as exc:
            refused(exc)
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, onerror=refused):
        found += [Path(root, name) for name in (*dirs, *files)]
    return found, unreadable


# ------------------------------------------------------------------ worker


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


def _pack_position(path: Path) -> str:
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
        return FileFailure(file=name, error=f"{_pack_position(path)}: {exc}", errors=1)
    except PackError as exc:
        first = str(exc).splitlines()[0].rstrip(":")
        return FileFailure(file=name, error=f"{_pack_position(path)}: {first} "
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


# ------------------------------------------------------------------ aggregate


@dataclass
class _PackTally:
    pack_path: str
    rows: list[FileSummary] = field(default_factory=list)
    gap_count: Counter[str] = field(default_factory=Counter)
    scope_count: Counter[str] = field(default_factory=Counter)


class RollupAggregator:
    """Takes outcomes in any order; keeps rows and counters only."""

    def __init__(self) -> None:
        self._packs: dict[str, _PackTally] = {}
        self._failures: list[FileFailure] = []
        self.files = 0

    @property
    def valid(self) -> int:
        return sum(len(t.rows) for t in self._packs.values())

    @property
    def failures(self) -> list[FileFailure]:
        return sorted(self._failures, key=lambda f: f.file)

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        if isinstance(outcome, FileFailure):
            self._failures.append(outcome)
            return
        tally = self._packs.setdefault(outcome.pack_id, _PackTally(outcome.pack_path))
        if not _not_rated(outcome):  # the common gaps are statistics over rated agencies
            tally.gap_count.update(outcome.gap_rules)
            tally.scope_count.update(outcome.in_scope_rules)
        # Drop the rule lists: they are counted, and keeping them would grow memory.
        tally.rows.append(dataclasses.replace(outcome, gap_rules=(), in_scope_rules=(),
                                              rule_rows=()))

    def chosen_pack(self) -> str:
        """The pack most valid files are for (ties: alphabetical)."""
        return min(self._packs, key=lambda pid: (-len(self._packs[pid].rows), pid))

    def excluded(self) -> list[FileFailure]:
        """Valid files for a pack other than the chosen one, as failures."""
        if len(self._packs) < 2:
            return []
        chosen = self.chosen_pack()
        n, total = len(self._packs[chosen].rows), self.valid
        out = []
        for pid, tally in self._packs.items():
            if pid == chosen:
                continue
            for row in tally.rows:
                out.append(FileFailure(
                    file=row.file, errors=1,
                    error=f"{_pack_position(Path(row.file))}: this file is for pack '{pid}', "
                          f"but the roll-up covers pack '{chosen}' (named by {n} of {total} "
                          f"valid files); roll up the '{pid}' files separately"))
        return out

    def finish(self, *, as_of: dt.date | None, max_age_days: int) -> Rollup:
        """Build the roll-up. Needs at least one valid file."""
        if not self._packs:
            raise UsageError("none of the files is a valid assessment")
        chosen = self.chosen_pack()
        tally = self._packs[chosen]
        pack = load_pack(tally.pack_path)
        invalid = sorted([*self._failures, *self.excluded()], key=lambda f: f.file)
        reference = as_of or max(r.as_of for r in tally.rows)
        rows = sorted((_row(r, reference, max_age_days) for r in tally.rows),
                      key=lambda r: (r.agency.casefold(), r.agency, r.file))
        bands = tuple(BandEntry(name=b.name, minimum=b.minimum, description=b.description)
                      for b in sorted(pack.manifest.scoring.bands,
                                      key=lambda b: b.minimum, reverse=True))
        stale = sorted((StaleAgency(agency=r.agency, file=r.file, as_of=r.as_of,
                                    age_days=r.age_days) for r in rows if r.stale),
                       key=lambda s: (-s.age_days, s.agency.casefold(), s.file))
        return Rollup(
            tool=ToolStamp(name="checklist", version=__version__,
                           format_version=PORTFOLIO_FORMAT_VERSION),
            pack=PackStamp(id=pack.id, title=pack.manifest.title, version=pack.version),
            as_of=reference, as_of_source="option" if as_of else "newest_input",
            max_age_days=max_age_days,
            summary=_summary(rows, bands, files=self.files, invalid=len(invalid)),
            bands=bands,
            domains=tuple(_domain_columns(pack, [r for r in rows if not r.not_rated])),
            agencies=tuple(rows),
            common_gaps=tuple(_common_gaps(pack, tally,
                                           sum(1 for r in rows if not r.not_rated))),
            stale=tuple(stale),
            duplicates=tuple(_duplicates(rows)),
            invalid=tuple(InvalidInput(file=f.file, error=f.error, errors=f.errors)
                          for f in invalid),
        )


def _not_rated(s: FileSummary) -> bool:
    """A score but no rating: the evaluation withholds the band below the completion a
    rating needs (every pack's bands start at 0, so a rated score always has one)."""
    return s.score is not None and s.rating is None


def _row(s: FileSummary, reference: dt.date, max_age_days: int) -> AgencyRow:
    age = (reference - s.as_of).days
    return AgencyRow(
        agency=s.agency, jurisdiction=s.jurisdiction, file=s.file, as_of=s.as_of,
        age_days=age, stale=age > max_age_days, score=s.score, rating=s.rating,
        provisional=s.provisional, completion=s.completion, gaps=s.gaps,
        critical_gaps=s.critical_gaps, domain_scores=dict(s.domain_scores),
        report_id=s.report_id, not_rated=_not_rated(s))


def _median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _summary(rows: Sequence[AgencyRow], bands: Sequence[BandEntry], *, files: int,
             invalid: int) -> RollupSummary:
    # Agencies not rated (too few answers) are listed, but kept out of every statistic.
    scores = [r.score for r in rows if r.score is not None and not r.not_rated]
    ratings = Counter(r.rating for r in rows if r.rating is not None)
    return RollupSummary(
        agencies=len(rows), files=files, invalid=invalid,
        median_score=_median(scores),
        # fsum is exact, so the mean does not depend on the order of the rows.
        mean_score=round(math.fsum(scores) / len(scores), 1) if scores else None,
        ratings={b.name: ratings.get(b.name, 0) for b in bands},
        provisional=sum(1 for r in rows if r.provisional and r.rating is not None),
        no_score=sum(1 for r in rows if r.score is None),
        not_rated=sum(1 for r in rows if r.not_rated),
        with_critical_gaps=sum(1 for r in rows if r.critical_gaps > 0),
        stale=sum(1 for r in rows if r.stale),
    )


def _domain_columns(pack: Pack, rows: Sequence[AgencyRow]) -> list[DomainColumn]:
    out = []
    for domain in pack.domains:
        values = [v for r in rows if (v := r.domain_scores.get(domain.id)) is not None]
        out.append(DomainColumn(id=domain.id, title=domain.title,
                                agencies_scored=len(values), median=_median(values)))
    return out


def _common_gaps(pack: Pack, tally: _PackTally, agencies: int) -> list[CommonGap]:
    out = []
    for rule_id, count in tally.gap_count.items():
        rule = pack.rules.get(rule_id)
        in_scope = tally.scope_count[rule_id]
        out.append(CommonGap(
            rule=rule_id, domain=pack.rule_domain.get(rule_id, ""),
            title=rule.title if rule else "",
            severity=rule.severity if rule else Severity.LOW,
            agencies=count, in_scope=in_scope,
            share=round(count / in_scope, 4) if in_scope else None,
            share_of_all=round(count / agencies, 4) if agencies else None))
    out.sort(key=lambda g: (-g.agencies, -(g.share or 0), SEVERITY_ORDER[g.severity], g.rule))
    return out


def _duplicates(rows: Sequence[AgencyRow]) -> list[DuplicateAgency]:
    groups: dict[tuple[str, str], list[AgencyRow]] = {}
    for r in rows:
        key = (" ".join(r.agency.casefold().split()), " ".join(r.jurisdiction.casefold().split()))
        groups.setdefault(key, []).append(r)
    return [DuplicateAgency(agency=g[0].agency, files=tuple(sorted(r.file for r in g)))
            for g in groups.values() if len(g) > 1]


# ------------------------------------------------------------------ run


class _Recording(RollupAggregator):
    """An aggregator that also records each new outcome in the history."""

    def __init__(self, history: History) -> None:
        super().__init__()
        self.history = history

    def add(self, outcome: Outcome) -> None:
        self.history.record(outcome)
        super().add(outcome)


def chunk_size(files: int, jobs: int) -> int:
    """Big enough to keep the inter-process traffic low, small enough to balance load."""
    return max(1, min(64, files // (jobs * 8)))


class History(Protocol):
    """Stored summaries (``rollup --db``): see :mod:`checklist.history.store`."""

    def lookup(self, name: str, pack: str | None) -> Any: ...
    def summary(self, hit: Any) -> FileSummary: ...
    def record(self, outcome: Outcome) -> None: ...


def run_rollup(paths: Sequence[Path], *, pack: str | None, jobs: int,
               on_progress: Callable[[int], None] | None = None,
               history: History | None = None) -> RollupAggregator:
    """Evaluate every file, ``jobs`` at a time, summarising as results arrive.

    With ``history``, a file whose key is already stored is not evaluated again: its
    stored summary is used; every new outcome is recorded.
    """
    aggregator = RollupAggregator() if history is None else _Recording(history)
    tasks = [(str(p), pack) for p in paths]
    hits: list[Any] = []
    if history is not None:
        # Only hashed and looked up now; the stored summaries are read below, while the
        # workers evaluate the files that are new or changed.
        found = [(t, history.lookup(*t)) for t in tasks]
        tasks = [t for t, hit in found if hit is None]
        hits = [hit for _, hit in found if hit is not None]
    if jobs <= 1 or len(tasks) <= 1:
        _add_stored(history, aggregator, hits, on_progress)
        _add_all(aggregator, map(summarise_file, tasks), on_progress)
        _check_complete(aggregator, len(paths))
        return aggregator
    # Leaving the with-block, normally or by a signal in the parent, terminates the workers.
    with multiprocessing.get_context().Pool(processes=min(jobs, len(tasks)),
                                            initializer=_worker_signals) as pool:
        outcomes = pool.imap_unordered(summarise_file, tasks,
                                       chunksize=chunk_size(len(tasks), jobs))
        _add_stored(history, aggregator, hits, on_progress)
        _add_all(aggregator, outcomes, on_progress)
    _check_complete(aggregator, len(paths))
    return aggregator


def _add_stored(history: History | None, aggregator: RollupAggregator, hits: list[Any],
                on_progress: Callable[[int], None] | None) -> None:
    """The stored summaries, counted like evaluated files but not recorded again."""
    if history is None:
        return
    for hit in hits:
        RollupAggregator.add(aggregator, history.summary(hit))
        if on_progress:
            on_progress(1)


def _add_all(aggregator: RollupAggregator, outcomes: Iterable[Outcome],
             on_progress: Callable[[int], None] | None) -> None:
    for outcome in outcomes:
        aggregator.add(outcome)
        if on_progress:
            on_progress(1)


def _worker_signals() -> None:
    """Workers leave Ctrl-C to the parent, which stops them, and die at once on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _check_complete(aggregator: RollupAggregator, expected: int) -> None:
    """Every file is a row or an invalid file, evaluated now or taken from the history."""
    if aggregator.files != expected:
        raise ChecklistError(f"only {aggregator.files} of {expected} files came back from "
                             "the evaluation; nothing was written (a fault in checklist)")
