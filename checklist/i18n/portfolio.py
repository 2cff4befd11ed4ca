"""The roll-up with the pack's texts in the document's language.

A roll-up is made from many results in worker processes; rather than translate each,
the few pack texts it holds (pack title, band names, domain and practice titles) are
translated on the finished roll-up. The JSON output keeps the English one.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from checklist.i18n.pack_text import PackText
from checklist.portfolio.models import Rollup
from checklist.result import BandEntry

_NOTICES: contextvars.ContextVar[tuple[str, ...]] = contextvars.ContextVar(
    "notices", default=())


def localize_rollup(r: Rollup, text: PackText) -> Rollup:
    def band(name: str | None) -> str | None:
        return None if name is None else text.text(f"band.{name}.name", name)

    return r.model_copy(update={
        "pack": r.pack.model_copy(update={"title": text.text("pack.title", r.pack.title)}),
        "bands": tuple(BandEntry(name=band(b.name) or b.name, minimum=b.minimum,
                                 description=text.text(f"band.{b.name}.description",
                                                       b.description)) for b in r.bands),
        "summary": r.summary.model_copy(update={
            "ratings": {band(k) or k: v for k, v in r.summary.ratings.items()}}),
        "agencies": tuple(a.model_copy(update={"rating": band(a.rating)}) for a in r.agencies),
        "domains": tuple(d.model_copy(update={
            "title": text.text(f"domain.{d.id}.title", d.title)}) for d in r.domains),
        "common_gaps": tuple(g.model_copy(update={
            "title": text.text(f"rule.{g.rule}.title", g.title)}) for g in r.common_gaps),
    })


@contextmanager
def document_notices(lines: tuple[str, ...]) -> Iterator[None]:
    """Lines a document prints under its title (the translation notices)."""
    token = _NOTICES.set(lines)
    try:
        yield
    finally:
        _NOTICES.reset(token)


def notices() -> tuple[str, ...]:
    return _NOTICES.get()
