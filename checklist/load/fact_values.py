"""What a fact's value must be, by the type its rule gives it.

Only the pack knows which facts are dates or numbers, so these run once the pack is
known: the type check of a fact's value (also used by ``init --from``), its words in a
problem, and a date written in quotes read as the date it is.
"""

from __future__ import annotations

import datetime as dt
import math

from checklist.load.loaded_pack import Pack
from checklist.models.assessment import ISO_DATE, Answer, Assessment
from checklist.models.pack import FactType

FACT_TYPE_WORDS: dict[str, str] = {
    "date": "a date (YYYY-MM-DD)",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "text": "text",
}


def fact_value_ok(kind: FactType, value: object) -> bool:
    if kind == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":  # .nan and .inf are YAML numbers, but no check can use them
        return (isinstance(value, int | float) and not isinstance(value, bool)
                and math.isfinite(value))
    return isinstance(value, str)


def dates_in_facts(a: Assessment, pack: Pack) -> Assessment:
    """A date fact written in quotes (``"2026-03-01"``) is a date, as in every other date
    field; only the pack knows which facts are dates, so this happens here."""
    answers: dict[str, Answer | None] = {}
    for rule_id, answer in a.answers.items():
        rule = pack.rules.get(rule_id)
        if answer is None or rule is None:
            answers[rule_id] = answer
            continue
        kinds = {f.id: f.type for f in rule.facts}
        facts = {k: as_date(v) if kinds.get(k) == "date" else v
                 for k, v in answer.facts.items()}
        answers[rule_id] = answer if facts == answer.facts else answer.model_copy(
            update={"facts": facts})
    return a.model_copy(update={"answers": answers})


def as_date(value: object) -> object:
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return value
    return value
