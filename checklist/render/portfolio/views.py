"""Words and number formats shared by the comparison and roll-up outputs.

One place decides how a score, a change or a status is written, so the HTML, PDF
and Markdown outputs read the same, in the active language (:func:`checklist.i18n.using`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from markupsafe import Markup

from checklist.i18n import N_, _, current, ngettext
from checklist.portfolio.models import RuleChange
from checklist.render import report_view, text
from checklist.result import BandEntry, Fraction

STATUS_LABELS = text.STATUS_LABELS
MINUS, DASH = text.MINUS, text.DASH
md = text.md

DIRECTION_LABELS: dict[str, str] = {
    "up": N_("up"), "down": N_("down"), "same": N_("unchanged"),
    "not_comparable": N_("not comparable"),
}
_SEVERITY_WORDS = (N_("critical"), N_("high"), N_("medium"), N_("low"))


def score(value: float | None) -> str:
    """A score on 0–100 with one decimal; a dash when there is none."""
    return DASH if value is None else current().number(value, 1)


def signed(value: float | None) -> str:
    """``+3.2``, ``−1.0``, ``0.0``; a dash when there is nothing to compare."""
    if value is None:
        return DASH
    shown = current().number(abs(value), 1)
    return f"+{shown}" if value > 0 else (f"{MINUS}{shown}" if value < 0 else shown)


def signed_int(value: int) -> str:
    shown = current().number(abs(value), 0)
    return f"+{shown}" if value > 0 else (f"{MINUS}{shown}" if value < 0 else shown)


def date(value: dt.date | None) -> str:
    return DASH if value is None else current().date(value)


def severity(value: str) -> str:
    return _(str(value))


def direction(value: str) -> str:
    return _(DIRECTION_LABELS[value])


def cause(value: str) -> str:
    return _(CAUSE_LABELS[value])

# Light blue (best) through pale yellow to orange (worst), after ColorBrewer's RdYlBu: the
# steps stay apart under deuteranopia and protanopia, and black text on each keeps a
# contrast of at least 7:1. The band is also written in each cell, so no one needs colour.
_RAMP = ("#91bfdb", "#d8ecf3", "#ffffbf", "#fee090", "#fc8d59")


def status(value: str) -> str:
    return _(text.status_label(value))


def checked(verified: str, claimed: str | None) -> str:
    """The status after checks, with the claim beside it when the checks lowered it."""
    if claimed is None or claimed in (verified, "unanswered") or verified.startswith("out_of"):
        return status(verified)
    return _("{status} (claimed {claim})").format(status=status(verified),
                                                  claim=status(claimed).lower())


CAUSE_LABELS: dict[str, str] = {
    "evidence_aged": N_("Evidence aged past its limit (same answer)"),
    "practice_changed": N_("The practice changed (claim or objectives)"),
}


def by_cause(rows: Sequence[RuleChange], cause: str) -> list[RuleChange]:
    return [r for r in rows if r.cause == cause]


def percent(value: Fraction | float | None) -> str:
    """A fraction (0–1) as a percentage with one decimal."""
    if isinstance(value, Fraction):
        value = value.value
    return current().percent(value)


def fraction(value: Fraction) -> str:
    return _("{n} of {total}").format(n=value.numerator, total=value.denominator)


NOT_RATED = N_("Not rated: incomplete")


def rating(band: str | None, provisional: bool, not_rated: bool = False) -> str:
    if not_rated:
        return _(NOT_RATED)
    if band is None:
        return _("No rating")
    return _("{band} (provisional)").format(band=band) if provisional else band


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


def not_rated_label() -> str:
    return _(NOT_RATED)


def rating_class(band_name: str | None, bands: Sequence[BandEntry]) -> str:
    """CSS class of an agency's overall cell: the band of its rating, gates included, so
    the cell always agrees with the rating in the agency table."""
    ordered = sorted(bands, key=lambda b: b.minimum, reverse=True)
    index = next((i for i, b in enumerate(ordered) if b.name == band_name), None)
    return "bn" if index is None else f"b{index}"


def band_marks(bands: Sequence[BandEntry]) -> dict[str, str]:
    """A short mark for each band name (its shortest prefix no other band shares), written
    in heat-map cells beside the score so the band is readable without colour."""
    names = [b.name for b in bands]
    marks = {}
    for name in names:
        others = [n for n in names if n != name]
        length = next((k for k in range(1, len(name) + 1)
                       if not any(o[:k].lower() == name[:k].lower() for o in others)), len(name))
        marks[name] = name[:length]
    return marks


def band_mark(value: float | None, bands: Sequence[BandEntry],
              marks: dict[str, str]) -> str:
    """The mark (from :func:`band_marks`, worked out once per document) of the band
    ``value`` reaches; empty for no score."""
    index = band_of(value, bands)
    if index is None:
        return ""
    ordered = sorted(bands, key=lambda b: b.minimum, reverse=True)
    return marks[ordered[index].name]


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
        low = current().number(band.minimum)
        span = (_("{low} or more").format(low=low) if upper is None else
                _("{low} to under {high}").format(low=low, high=current().number(upper)))
        out.append((band_colour(index, len(ordered)), band.name, span))
        upper = band.minimum
    return out


def days(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=current().number(n))


def number(value: float) -> str:
    """A weight or a band minimum: no trailing zeros."""
    return current().number(value)


def lang() -> str:
    """The document's language code, for ``<html lang>``."""
    return current().code


def notices() -> tuple[str, ...]:
    """The translation notices the document prints under its title."""
    from checklist.i18n.portfolio import notices as current_notices

    return current_notices()


_SLOPE_WIDTH, _SLOPE_HEIGHT, _SLOPE_PAD = 150, 14, 5


def slope(old: float | None, new: float | None) -> Markup:
    """A domain's change as a small chart on a 0–100 scale: a hollow dot at the old score,
    a filled dot at the new one, joined by a line; the alternative text says the same in
    words. Only numbers reach the SVG, so nothing in it needs escaping."""
    span = _SLOPE_WIDTH - 2 * _SLOPE_PAD

    def x(value: float) -> float:
        return round(_SLOPE_PAD + span * max(0.0, min(100.0, value)) / 100, 1)

    mid = _SLOPE_HEIGHT / 2
    parts = [f'<line x1="{_SLOPE_PAD}" y1="{mid}" x2="{_SLOPE_WIDTH - _SLOPE_PAD}" '
             f'y2="{mid}" stroke="#c8ccd2" stroke-width="1"/>']
    if old is not None and new is not None:
        colour = "#1f5fa8" if new > old else ("#b3261e" if new < old else "#555555")
        parts.append(f'<line x1="{x(old)}" y1="{mid}" x2="{x(new)}" y2="{mid}" '
                     f'stroke="{colour}" stroke-width="2.5"/>')
    if old is not None:
        parts.append(f'<circle cx="{x(old)}" cy="{mid}" r="3.5" fill="#ffffff" '
                     'stroke="#555555" stroke-width="1.2"/>')
    if new is not None:
        parts.append(f'<circle cx="{x(new)}" cy="{mid}" r="3.5" fill="#1b1f24"/>')
    words = _("from {old} to {new} of 100").format(old=score(old), new=score(new))
    return Markup(f'<svg class="slope" role="img" aria-label="{words}" '
                  f'width="{_SLOPE_WIDTH}" height="{_SLOPE_HEIGHT}" '
                  f'viewBox="0 0 {_SLOPE_WIDTH} {_SLOPE_HEIGHT}"><title>{words}</title>'
                  + "".join(parts) + "</svg>")


def page_counter() -> Markup:
    """The CSS ``content`` of the page number ("Page 1 of 4"), in the active language."""
    def css_string(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    words = _("Page {page} of {pages}")
    before, _sep, rest = words.partition("{page}")
    middle, _sep, after = rest.partition("{pages}")
    parts = [css_string(before), "counter(page)", css_string(middle), "counter(pages)"]
    if after:
        parts.append(css_string(after))
    return Markup(" ".join(p for p in parts if p != '""'))


def short_date(value: dt.date | None) -> str:
    """A date in a narrow table column: ISO in English, "1 nov 2026" in Spanish."""
    return DASH if value is None else current().short_date(value)
