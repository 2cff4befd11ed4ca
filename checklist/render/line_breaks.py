"""Break opportunities in long unbroken runs of text, for the PDF layout.

A run of characters with no place to break a line (a reference such as
``records/2026/…`` written without spaces, or a hostile value of thousands of letters)
is laid out by WeasyPrint one overflowing line at a time, at a cost that grows with
the square of the run's length: 20,000 such characters took minutes. An invisible
zero-width space (U+200B) every :data:`CHUNK` characters inside such a run gives the
layout ordinary break points; nothing changes on the page except where lines end.

Only text between tags is touched, never tags, attribute values, entities or the
content of ``<style>`` and ``<script>`` elements.
"""

from __future__ import annotations

import re

CHUNK = 20  # characters between break opportunities inside a long run
LONG_RUN = 30  # runs at least this long get them; shorter ones fit a line as they are
ZWSP = "\u200b"

_TAG = re.compile(r"(<[^>]*>)")
_RAW_OPEN = re.compile(r"<(style|script)\b", re.IGNORECASE)
_RAW_CLOSE = re.compile(r"</(style|script)\s*>", re.IGNORECASE)
# A run: characters that are neither white space nor a zero-width space, entities
# counted as one character each.
_RUN = re.compile(r"(?:&#?\w+;|[^\s\u200b&]|&)" + f"{{{LONG_RUN},}}")
_UNIT = re.compile(r"&#?\w+;|.", re.DOTALL)


def _split_run(match: re.Match[str]) -> str:
    units = _UNIT.findall(match.group(0))
    return ZWSP.join("".join(units[i:i + CHUNK]) for i in range(0, len(units), CHUNK))


def breakable(html: str) -> str:
    """``html`` with a break opportunity every :data:`CHUNK` characters of long runs."""
    parts = _TAG.split(html)
    raw = False
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if _RAW_OPEN.match(part):
                raw = True
            elif _RAW_CLOSE.match(part):
                raw = False
        elif not raw and len(part) >= LONG_RUN:
            parts[index] = _RUN.sub(_split_run, part)
    return "".join(parts)
