"""Every presentation of every document: the gap report here, the comparison and the
roll-up in :mod:`checklist.render.portfolio`.

Which formats exist, which document is written in which, and which function renders it
is declared once, in :mod:`checklist.render.formats`. Renderers get their escaping and
number wording from :mod:`checklist.render.text`.
"""

from __future__ import annotations

from checklist.result import Result


def render(result: Result, fmt: str) -> bytes:
    """The gap report for ``result`` as ``fmt`` (a format name such as ``"pdf"``)."""
    from checklist.render.formats import render as render_document

    return render_document("report", result, fmt)
