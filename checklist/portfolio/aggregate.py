"""The roll-up's figures, from the file summaries in any order.

:class:`RollupAggregator` keeps one row and a few counters per file, never a full
result; :meth:`RollupAggregator.finish` computes every figure from the rows in a fixed
order, so the output does not depend on the order in which the files came back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checklist import __version__
from checklist.load.packs import Pack, load_pack
from checklist.load.problems import UsageError
from checklist.models.pack import SEVERITY_ORDER, Severity
from checklist.portfolio.file_summary import FileFailure, FileSummary, Outcome, pack_position
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
from checklist.result import BandEntry


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
                    error=f"{pack_position(Path(row.file))}: this file is for pack '{pid}', "
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
