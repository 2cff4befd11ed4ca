"""Statewide roll-up: many assessment files → one :class:`Rollup`.

Each file is loaded and evaluated in a worker process and reduced there to a small
:class:`FileSummary` (a few hundred bytes); the parent keeps only those rows and a
few counters, never a full :class:`~checklist.result.Result`, so memory grows by a
row per agency however large the assessments are. Every number is computed from the
rows in a fixed order once all files are in, so the output does not depend on the
order in which workers finish.

The pieces: :mod:`~checklist.portfolio.inputs` finds the files,
:mod:`~checklist.portfolio.file_summary` reduces each one in a worker,
:mod:`~checklist.portfolio.aggregate` computes the figures; this module runs the workers
(and the history database's lookups) and feeds the aggregator.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from checklist.load.problems import ChecklistError
from checklist.portfolio.aggregate import RollupAggregator
from checklist.portfolio.file_summary import FileSummary, Outcome, summarise_file

DEFAULT_MAX_AGE_DAYS = 365


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
