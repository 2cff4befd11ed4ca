"""Words and number formats shared by the comparison and roll-up outputs.

One place decides how a score, a change or a status is written, so the HTML, PDF
and Markdown outputs read the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from checklist.render import report_view
from checklist.result import BandEntry, Fraction

MINUS = "\u2212"
DASH = "\u2014"

# The gap report's labels, plus the states only a comparison has.
STATUS_LABELS: dict[str, str] = {
    **report_view.STATUS_LABELS,
    "out_of_scope_profile": "Out of scope (profile)",
    "not_in_pack": "Not in that pack version",
}

DIRECTION_LABELS: dict[str, str] = {
    "up": "up", "down": "down", "same": "unchanged", "not_comparable": "not comparable",
}

# Pastel ramp from the best band to the worst, readable with black text in print.
_RAMP = ("#8fd18f", "#cdeaa5", "#fee08b", "#fdb56b", "#f4947c")


def status(value: str) -> str:
    return STATUS_LABELS.get(value, value)


def score(value: float | None) -> str:
    return DASH if value is None else f"{value:.1f}"


def signed(value: float | None) -> str:
    """``+3.2``, ``−1.0``, ``0.0``; a dash when there is nothing to compare."""
    if value is None:
        return DASH
    if value > 0:
        return f"+{value:.1f}"
    if value < 0:
        return f"{MINUS}{abs(value):.1f}"
    return "0.0"


def signed_int(value: int) -> str:
    if value > 0:
        return f"+{value}"
    return f"{MINUS}{abs(value)}" if value < 0 else "0"


def percent(value: Fraction | float | None) -> str:
    """A fraction (0–1) as a percentage with one decimal."""
    if isinstance(value, Fraction):
        value = value.value
    return DASH if value is None else f"{100 * value:.1f}%"


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
    return f"{n} day" if n == 1 else f"{n} days"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#&"})


def md(text: object) -> str:
    """Text for a Markdown table cell: special characters escaped, one line."""
    return " ".join(str(text).split()).translate(_MD_SPECIAL)
