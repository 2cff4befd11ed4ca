"""One agency's assessments over the years: the data of the trend report.

Built from the history by :func:`load_trend`; rendered by :mod:`.trend_outputs` in every
format the ``trend`` document declares (``checklist.render.formats``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from checklist import __version__
from checklist.history import queries


@dataclass(frozen=True)
class TrendDomain:
    id: str
    title: str


@dataclass(frozen=True)
class TrendPoint:
    """The agency's assessment for one year (the latest dated in it)."""

    year: int
    agency: str  # the name as filed that year
    as_of: str
    score: float | None
    rating: str | None
    provisional: bool
    completion: float | None
    gaps: int
    critical_gaps: int
    file: str
    pack: str
    domain_scores: dict[str, float | None]


@dataclass(frozen=True)
class Trend:
    agency: str
    agency_id: str
    jurisdiction: str
    domains: tuple[TrendDomain, ...]
    points: tuple[TrendPoint, ...]
    tool_version: str = __version__

    @property
    def as_of(self) -> str:
        """The date of the newest assessment: the report's date (no clock is read)."""
        return self.points[-1].as_of

    def change(self) -> float | None:
        """Score change from the first year on file to the last, when both have a score."""
        first, last = self.points[0].score, self.points[-1].score
        if len(self.points) < 2 or first is None or last is None:
            return None
        return round(last - first, 1)


def load_trend(conn: sqlite3.Connection, name: str) -> Trend:
    """The trend of the agency called ``name`` (or with that agency id)."""
    ident = queries.find_agency(conn, name)
    agency, agency_id, jurisdiction = conn.execute(
        "SELECT name, agency_id, jurisdiction FROM agencies WHERE id = ?", (ident,)).fetchone()
    points = []
    for row in queries.agency_years(conn, name):
        points.append(TrendPoint(
            year=row["year"], agency=row["agency"], as_of=row["as_of"], score=row["score"],
            rating=row["rating"],
            provisional=row["provisional"], completion=row["completion"], gaps=row["gaps"],
            critical_gaps=row["critical_gaps"], file=row["file"], pack=row["pack"],
            domain_scores={k[len("domain "):]: v for k, v in row.items()
                           if k.startswith("domain ")}))
    return Trend(agency=agency, agency_id=agency_id or "", jurisdiction=jurisdiction,
                 domains=tuple(_domains(conn, ident, points)), points=tuple(points))


def _domains(conn: sqlite3.Connection, agency: int,
             points: list[TrendPoint]) -> list[TrendDomain]:
    """Every domain scored in any year, in pack order, titled from the newest pack that
    still loads (else by its id)."""
    order: dict[str, None] = {}
    for p in points:
        order.update(dict.fromkeys(p.domain_scores))
    titles: dict[str, str] = {}
    for (path,) in conn.execute(
            "SELECT DISTINCT p.path FROM assessments a JOIN packs p ON p.id = a.pack "
            "WHERE a.agency = ?", (agency,)).fetchall():
        titles.update(_titles(path))
    return [TrendDomain(id=d, title=titles.get(d, d)) for d in order]


def _titles(path: str) -> dict[str, str]:
    from checklist.load.packs import load_pack
    from checklist.load.problems import ChecklistError

    try:
        return {d.id: d.title for d in load_pack(path).domains}
    except ChecklistError:
        return {}
