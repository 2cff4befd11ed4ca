"""Words and number formats shared by the comparison and roll-up outputs.

One place decides how a score, a change or a status is written, so the HTML, PDF
and Markdown outputs read the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from checklist.portfolio.models import RuleChange
from checklist.render import report_view, text
from checklist.result import BandEntry, Fraction

STATUS_LABELS = text.STATUS_LABELS
MINUS, DASH = text.MINUS, text.DASH
score, signed, signed_int = text.score, text.signed, text.signed_int
md = text.md

DIRECTION_LABELS: dict[str, str] = {
    "up": "up", "down": "down", "same": "unchanged", "not_comparable": "not comparable",
}

# Pastel ramp from the best band to the worst, readable with black text in print.
_RAMP = ("#8fd18f", "#cdeaa5", "#fee08b", "#fdb56b", "#f4947c")


def status(value: str) -> str:
    return text.status_label(value)


def checked(verified: str, claimed: str | None) -> str:
    """The status after checks, with the claim beside it when the checks lowered it."""
    if claimed is None or claimed in (verified, "unanswered") or verified.startswith("out_of"):
        return status(verified)
    return f"{status(verified)} (claimed {status(claimed).lower()})"


CAUSE_LABELS: dict[str, str] = {
    "evidence_aged": "Evidence aged past its limit (same answer)",
    "practice_changed": "The practice changed (claim or objectives)",
}


def by_cause(rows: Sequence[RuleChange], cause: str) -> list[RuleChange]:
    return [r for r in rows if r.cause == cause]


def percent(value: Fraction | float | None) -> str:
    """A fraction (0–1) as a percentage with one decimal."""
    if isinstance(value, Fraction):
        value = value.value
    return text.percent(value)


def fraction(value: Fraction) -> str:
    return f"{value.numerator} of {value.denominator}"


def rating(band: str | None, provisional: bool) -> str:
    if band is None:
        return "No rating"
    return f"{band} (provisional)" if provisional else band


band_of = report_view.band_index


def band_colour(index: int, count: int) -> str:
    if count <= 1:
        return _RAMP[0]
    return _RAMP[round(index * (len(_RAMP) - 1) / (count - 1))]


def band_class(value: float | None, bands: Sequence[BandEntry]) -> str:
    """CSS class of a heat-map cell: ``b0`` for the best band …, ``bn`` for no score.

    Classes rather than inline styles: WeasyPrint lays out a class-styled cell faster,
    which matters in a PDF with thousands of rows."""
    index = band_of(value, bands)
    return "bn" if index is None else f"b{index}"


def band_css(bands: Sequence[BandEntry]) -> str:
    """The heat map's colour rules, one per band (colours only, no user text)."""
    return " ".join(f".heat td.b{i} {{ background: {colour}; }}"
                    for i, (colour, _, _) in enumerate(band_legend(bands)))


def band_legend(bands: Sequence[BandEntry]) -> list[tuple[str, str, str]]:
    """(colour, name, range) for each band, best first."""
    ordered = sorted(bands, key=lambda b: b.minimum, reverse=True)
    out = []
    upper: float | None = None
    for index, band in enumerate(ordered):
        span = (f"{band.minimum:g} or more" if upper is None
                else f"{band.minimum:g} to under {upper:g}")
        out.append((band_colour(index, len(ordered)), band.name, span))
        upper = band.minimum
    return out


def days(n: int) -> str:
    return text.plural(n, "day")
