"""Every kind of check a rule may make on a fact, in one place.

A check compares one fact of an answer with the assessment date or with a limit
(``checks: [{fact: last_reviewed, test: within_days, value: 365}]`` in a pack). Each kind
is one :class:`CheckKind` entry in :data:`CHECK_KINDS`: the fact types it accepts, whether
it takes a limit (a number or a ``{parameter: name}``), how it reads in words and how it is
decided. Every other module reads the entry and keeps no list of its own:

- the pack model accepts exactly these names (``Check.test``, and its JSON Schema enum);
- the pack cross-checks (:mod:`checklist.load.pack_checks`) ask for the fact types and the limit;
- verification (:mod:`checklist.evaluation.verify`) calls :attr:`CheckKind.evaluate`;
- the finding sentences (:mod:`checklist.i18n.findings`) pick the sentence the entry names;
- ``checklist init`` writes :attr:`CheckKind.init` beside the fact, and ``rules show``
  prints the :attr:`CheckKind.expect` sentence.

The sentences of findings stay in the one catalog of finding sentences
(:data:`checklist.i18n.findings.TEMPLATES`), where translators find them all; an entry
names its keys there. ``tests/test_check_kinds.py`` fails when an entry lacks a part or
names a sentence the catalog does not have.

This module sits below load, evaluate and render: like :mod:`checklist.statuses`, the only
module it imports, it depends on nothing else of the package, so the file models can read it
and every later step can too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from checklist.statuses import N_

FactValue = dt.date | int | float | bool | str
"""What an answer may give for a fact (the types of ``Fact.type``)."""

Failure = dict[str, int]
"""What a failed check adds to its finding's parameters (``days`` for date checks)."""


@dataclass(frozen=True)
class CheckKind:
    """One kind of check: what it accepts, how it reads, how it is decided.

    ``evaluate(value, limit, as_of)`` returns ``None`` when the check holds, else the
    parameters its ``check_failed`` finding adds; ``failed_sentence(params)`` names the
    catalog sentence that states that finding (one of ``failed``).
    """

    name: str
    fact_types: tuple[str, ...]
    """The fact types (``Fact.type``) the check can be made on."""
    needs_value: bool
    """Whether the check takes a limit (``value``: a number or ``{parameter: name}``)."""
    quantity: bool
    """Whether the limit is a quantity in the fact's unit (shown as ``90%``, ``5 cases``)."""
    meaning: str
    """What the check means, for pack authors (``docs/rule-packs.md`` says the same)."""
    init: str
    """The ``init`` comment's words, a catalog message with ``{n}`` (the limit), ``{unit}``
    (the fact's unit, with its leading space) and ``{parameter}`` (" (parameter NAME)" or
    nothing) wherever the words need them."""
    expect: str
    """The catalog sentence of what the check expects (``rules show``, ``fact_missing``)."""
    failed: tuple[str, ...]
    """Every catalog sentence its ``check_failed`` findings can take."""
    evaluate: Callable[[FactValue, float | None, dt.date], Failure | None]
    failed_sentence: Callable[[Mapping[str, object]], str]


def _days(value: FactValue, as_of: dt.date) -> int:
    assert isinstance(value, dt.date), "a date check gets a date (the pack checks the type)"
    return (as_of - value).days


def _number(value: FactValue) -> float:
    assert isinstance(value, int | float), "a number check gets a number (the pack checks it)"
    return value


def _limit(limit: float | None) -> float:
    assert limit is not None, "a check that needs a value has one (the pack checks it)"
    return limit


def _within_days(value: FactValue, limit: float | None, as_of: dt.date) -> Failure | None:
    days = _days(value, as_of)
    return {"days": days} if days < 0 or days > _limit(limit) else None


def _after_as_of(value: FactValue, _limit_: float | None, as_of: dt.date) -> Failure | None:
    days = _days(value, as_of)
    return None if days < 0 else {"days": days}


def _at_least(value: FactValue, limit: float | None, _as_of: dt.date) -> Failure | None:
    return {} if _number(value) < _limit(limit) else None


def _at_most(value: FactValue, limit: float | None, _as_of: dt.date) -> Failure | None:
    return {} if _number(value) > _limit(limit) else None


def _is_true(value: FactValue, _limit_: float | None, _as_of: dt.date) -> Failure | None:
    return None if value is True else {}


def _sentence(key: str) -> Callable[[Mapping[str, object]], str]:
    return lambda _params: key


def _within_days_sentence(params: Mapping[str, object]) -> str:
    days = params.get("days")
    future = isinstance(days, int) and days < 0
    return "check_failed.within_days.future" if future else "check_failed.within_days"


def _after_as_of_sentence(params: Mapping[str, object]) -> str:
    same_day = params.get("days") == 0
    return "check_failed.after_as_of.same_day" if same_day else "check_failed.after_as_of"


_KINDS = (
    CheckKind(
        name="within_days", fact_types=("date",), needs_value=True, quantity=False,
        meaning="the date is at most `value` days before as_of and not after it",
        init=N_("no more than {n} days before the assessment date{parameter}"),
        expect="expect.within_days",
        failed=("check_failed.within_days", "check_failed.within_days.future"),
        evaluate=_within_days, failed_sentence=_within_days_sentence),
    CheckKind(
        name="after_as_of", fact_types=("date",), needs_value=False, quantity=False,
        meaning="the date is after as_of, e.g. not expired",
        init=N_("after the assessment date (not expired)"),
        expect="expect.after_as_of",
        failed=("check_failed.after_as_of", "check_failed.after_as_of.same_day"),
        evaluate=_after_as_of, failed_sentence=_after_as_of_sentence),
    CheckKind(
        name="at_least", fact_types=("number", "integer"), needs_value=True, quantity=True,
        meaning="a number is at least `value`",
        init=N_("at least {n}{unit}{parameter}"),
        expect="expect.at_least", failed=("check_failed.at_least",),
        evaluate=_at_least, failed_sentence=_sentence("check_failed.at_least")),
    CheckKind(
        name="at_most", fact_types=("number", "integer"), needs_value=True, quantity=True,
        meaning="a number is at most `value`",
        init=N_("at most {n}{unit}{parameter}"),
        expect="expect.at_most", failed=("check_failed.at_most",),
        evaluate=_at_most, failed_sentence=_sentence("check_failed.at_most")),
    CheckKind(
        # "true" is the YAML word the answer writes, the same in every language.
        name="is_true", fact_types=("boolean",), needs_value=False, quantity=False,
        meaning="a yes/no fact is yes",
        init="true",
        expect="expect.is_true", failed=("check_failed.is_true",),
        evaluate=_is_true, failed_sentence=_sentence("check_failed.is_true")),
)

CHECK_KINDS: dict[str, CheckKind] = {kind.name: kind for kind in _KINDS}
"""Every check kind by name, in the order packs and documents list them."""


def check_kind(name: str) -> CheckKind:
    """The entry of a kind the pack model has accepted."""
    return CHECK_KINDS[name]
