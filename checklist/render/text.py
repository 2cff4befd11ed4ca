"""The one text toolkit of the renderers: escaping, control characters, CSV safety, numbers,
dates, plurals and status labels.

Every document type (gap report, comparison, roll-up, and the ones added later) writes user
text and numbers through these functions, so a hostile string is neutralised the same way
everywhere and a figure reads the same in every format.

Control characters: C0 (except tab, line feed and carriage return where the format allows them), DEL and C1
characters are shown as the replacement character U+FFFD (a glyph the bundled fonts have),
so a terminal escape or a NUL in an assessment can neither corrupt a file nor hide.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence

from markupsafe import Markup, escape

from checklist.i18n import N_, _, current
from checklist.statuses import LABELS

MINUS = "\u2212"
DASH = "\u2014"

STATUS_LABELS = LABELS

SEVERITY_LABELS: dict[str, str] = {
    "critical": N_("Critical"), "high": N_("High"), "medium": N_("Medium"), "low": N_("Low"),
}
"""Message ids: :func:`severity_label` gives them in the active language."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_NO_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


_REPLACEMENT = "\ufffd"


def visible(text: object, *, breaks: bool = True) -> str:
    """``text`` with control characters shown as U+FFFD; tab, line feed and carriage
    return kept when ``breaks``."""
    pattern = _CONTROL if breaks else _CONTROL_NO_BREAKS
    return pattern.sub(_REPLACEMENT, str(text))


_JSON_RAW_CONTROL = re.compile(r"[\x7f-\x9f]")


def json_visible(text: str) -> str:
    """JSON text with DEL and the C1 control characters written as ``\\u`` escapes.

    JSON writers escape C0 characters but copy DEL and C1 raw, and a terminal showing
    the file may act on them (U+009B starts an escape sequence). Outside strings JSON
    is ASCII, so the escapes land only inside strings and the data is unchanged."""
    return _JSON_RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# --- Markdown ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$&])")
_SPACE = re.compile(r"\s+")


def md(text: object) -> str:
    """``text`` as inline Markdown that renders literally, on one line: every character
    Markdown could read as markup (emphasis, links, tables, HTML, entities, code, strike,
    math) is backslash-escaped."""
    flat = _SPACE.sub(" ", visible(text)).strip()
    return _MD_SPECIAL.sub(r"\\\1", flat)


# --- HTML --------------------------------------------------------------------------------

def html(text: object) -> Markup:
    """``text`` escaped for HTML, control characters made visible."""
    if isinstance(text, Markup):
        return text
    return escape(visible(text))


def html_finalize(value: object) -> object:
    """Jinja ``finalize`` hook: every string printed by a template passes :func:`visible`
    before autoescaping, so no template can forget it."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


# --- CSV ---------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: control characters visible (line feeds kept),
    and an apostrophe before text that starts, after any spaces, like a formula
    (OWASP "CSV injection")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    cell = str(value)
    if cell.startswith(("\t", "\r")) or cell.lstrip(" ").startswith(_FORMULA_START):
        cell = "'" + cell
    return visible(cell)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file: UTF-8 with a byte-order mark (so Excel reads accents), CRLF line ends,
    every cell through :func:`csv_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(h) for h in header])
    for row in rows:
        writer.writerow([csv_cell(c) for c in row])
    return buffer.getvalue().encode("utf-8-sig")


# --- numbers, dates, words ---------------------------------------------------------------

def num(value: float) -> str:
    """A weight, credit or point count: at most two decimals, no trailing zeros, in the
    active language's conventions (the same digits in English and US Spanish)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    text = "0" if text in ("", "-0") else text
    lang = current()
    return text if lang.is_source else lang.number(float(text))


def score(value: float | None) -> str:
    """A score on 0–100 with one decimal; a dash when there is none."""
    return DASH if value is None else current().number(value, 1)


def signed(value: float | None) -> str:
    """``+3.2``, ``−1.0``, ``0.0``; a dash when there is nothing to compare."""
    if value is None:
        return DASH
    if value > 0:
        return f"+{value:.1f}"
    return f"{MINUS}{abs(value):.1f}" if value < 0 else "0.0"


def signed_int(value: int) -> str:
    if value > 0:
        return f"+{value}"
    return f"{MINUS}{abs(value)}" if value < 0 else "0"


def percent(value: float | None, decimals: int = 1) -> str:
    """A fraction (0–1) as a percentage."""
    return DASH if value is None else current().percent(value, decimals)


def date(value: dt.date | None) -> str:
    """English documents write dates ISO 8601 (2026-10-01), unambiguous in any country;
    other languages their long form ("1 de octubre de 2026")."""
    return DASH if value is None else current().date(value)


def short_date(value: dt.date | None) -> str:
    """A date in a narrow table column: ISO in English, "1 nov 2026" in Spanish."""
    return DASH if value is None else current().short_date(value)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 gap``, ``2 gaps``; ``many`` for irregular plurals."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def status_label(status: str | None) -> str:
    """A status for tables, in the active language."""
    label = STATUS_LABELS.get(status or "")
    return _(label) if label else (status or DASH)


def severity_label(severity: str) -> str:
    """A severity for tables, in the active language."""
    label = SEVERITY_LABELS.get(severity)
    return _(label) if label else severity


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")
