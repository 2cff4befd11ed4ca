"""The finding messages: a stable code and its parameters in, a sentence out.

The engine records what it found as data (``Finding.code`` and ``Finding.params``: the
numbers, dates, labels and limits involved); this module turns them into a sentence in a
language. The English templates below are the gettext message ids, so the Spanish (or any
other) catalog translates them like every other fixed text.

Parameters, by code (dates are ``datetime.date``, limits and values numbers):

- ``objectives_unmet``: ``met``, ``total``, ``unmet`` (objective ids), ``unmet_texts``
  (their texts, which the sentence quotes)
- ``evidence_missing``: ``example`` (the pack's first evidence example, or ``None``)
- ``evidence_undated``: ``cited`` (evidence items cited), ``max_age_days``, ``as_of``
- ``evidence_stale``: ``newest``, ``age_days``, ``max_age_days``, ``as_of``
- ``fact_missing``: ``fact``, ``label``, ``help``, ``test``, ``limit``, ``unit``, ``as_of``,
  ``describe`` (the pack's own wording of the check, or ``None``)
- ``check_failed``: ``fact``, ``label``, ``test``, ``value``, ``limit``, ``unit``, ``as_of``,
  ``days`` (days from the fact's date to ``as_of``, for date tests)
- ``unanswered``: none
- ``target_overdue``: ``target_date``, ``days``, ``as_of``
- ``exception_active``: ``approved_by``, ``approved_on``, ``expires``, ``days_left``
- ``exception_expired``: ``approved_by``, ``expires``, ``days``, ``as_of``

``fact`` is the fact's id (stable, for machines); the sentences name the fact by its
``label`` (the pack's label, else the id in words), never by the id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from checklist.checks import CHECK_KINDS, check_kind
from checklist.i18n import N_, Language, current, language

ParamValue = str | int | float | bool | dt.date | tuple[str, ...] | None


YES, NO = N_("yes"), N_("no")

TEMPLATES: dict[str, str] = {
    "objectives_unmet": N_("{met} of {total} objectives met; not met: {objectives}"),
    "evidence_missing": N_("no evidence is cited; this practice requires evidence"),
    "evidence_missing.example": N_("no evidence is cited; this practice requires evidence "
                                   "(for example: {example})"),
    "evidence_undated.cited": N_("the cited evidence has no dates; this practice needs "
                                 "evidence no older than {max_age_days} days before {as_of}"),
    "evidence_undated.none": N_("no dated evidence is cited; this practice needs evidence "
                                "no older than {max_age_days} days before {as_of}"),
    "evidence_stale": N_("newest evidence is dated {newest}, {age_days} days before {as_of}; "
                         "this practice needs evidence no older than {max_age_days} days"),
    "fact_missing": N_("“{label}” ({help}) is not given; it is needed to check that "
                       "{expectation}"),
    "expect.within_days": N_("“{label}” is no more than {limit} days before {as_of}"),
    "expect.after_as_of": N_("“{label}” is after {as_of}"),
    "expect.at_least": N_("“{label}” is at least {limit}"),
    "expect.at_most": N_("“{label}” is at most {limit}"),
    "expect.is_true": N_("“{label}” is yes"),
    "check_failed.after_as_of.same_day": N_("“{label}” is {value}, the same day as the "
                                            "assessment date {as_of}; it must be after it "
                                            "(not expired)"),
    "check_failed.after_as_of": N_("“{label}” is {value}, {days} days before the assessment "
                                   "date {as_of}; it must be after it (not expired)"),
    "check_failed.within_days.future": N_("“{label}” is {value}, after the assessment date "
                                          "{as_of}; a date on or before it is expected"),
    "check_failed.within_days": N_("“{label}” is {value}, {days} days before {as_of}; it must "
                                   "be no more than {limit} days before"),
    "check_failed.is_true": N_("“{label}” is no; it must be yes"),
    "check_failed.at_least": N_("“{label}” is {value}, below the minimum of {limit}"),
    "check_failed.at_most": N_("“{label}” is {value}, above the maximum of {limit}"),
    "unanswered": N_("no answer given yet"),
    "target_overdue": N_("target date {target_date} passed {days} days before {as_of} and "
                         "the gap is still open"),
    "exception_active": N_("approved exception by {approved_by} from {approved_on} until "
                           "{expires} ({days_left} days left); the score with approved "
                           "exceptions leaves this practice out"),
    "exception_expired": N_("the exception approved by {approved_by} expired on {expires}, "
                            "{days} days before {as_of}; it no longer changes any score"),
}


def template_key(code: str, params: Mapping[str, ParamValue]) -> str:
    """Which template states a finding: the code, refined by the parameters."""
    if code == "evidence_missing" and params.get("example"):
        return "evidence_missing.example"
    if code == "evidence_undated":
        return "evidence_undated.cited" if params.get("cited") else "evidence_undated.none"
    if code == "check_failed":
        return check_kind(str(params.get("test"))).failed_sentence(params)
    return code


def _with_unit(lang: Language, value: object, unit: object) -> str:
    shown = lang.number(float(value)) if isinstance(value, int | float) else str(value)
    unit = str(unit or "")
    if not unit:
        return shown
    return f"{shown}{unit}" if unit == "%" else f"{shown} {unit}"


def _shown(lang: Language, value: ParamValue) -> str:
    if isinstance(value, dt.date):
        return lang.date(value)
    if isinstance(value, bool):
        return lang.gettext(YES if value else NO)
    if isinstance(value, int | float):
        return lang.number(value)
    if isinstance(value, tuple):
        return ", ".join(value)
    return "" if value is None else str(value)


def id_in_words(name: object) -> str:
    """An id as a reader may see it when the pack gives no words for it."""
    return str(name or "").replace("_", " ")


def quoted(texts: object) -> str:
    """Texts a sentence quotes, each between typographic quotes, without its full stop."""
    items = texts if isinstance(texts, tuple) else (texts,)
    return "; ".join(f"“{str(t).strip().rstrip('.')}”" for t in items)


def _names(params: Mapping[str, ParamValue]) -> dict[str, str]:
    """The words that name the fact and the unmet objectives, never their ids (findings
    recorded before labels existed name them by their ids in words)."""
    names = {"label": str(params.get("label") or id_in_words(params.get("fact")))}
    unmet = params.get("unmet_texts") or params.get("unmet")
    if unmet:
        texts = unmet if isinstance(unmet, tuple) else (str(unmet),)
        if not params.get("unmet_texts"):
            texts = tuple(id_in_words(t) for t in texts)
        names["objectives"] = quoted(texts)
    return names


def _values(lang: Language, code: str, params: Mapping[str, ParamValue]) -> dict[str, str]:
    """The parameters as a sentence shows them: dates and numbers in ``lang``, quantities
    with their unit, the fact and objectives by their words."""
    values = {name: _shown(lang, value) for name, value in params.items()}
    values.update(_names(params))
    kind = CHECK_KINDS.get(str(params.get("test")))
    if code == "check_failed" and kind is not None and kind.quantity:
        for name in ("limit", "value"):
            if params.get(name) is not None:
                values[name] = _with_unit(lang, params[name], params.get("unit"))
    return values


def finding_text(code: str, params: Mapping[str, ParamValue],
                 lang: Language | None = None) -> str:
    """The finding's sentence in ``lang`` (English by default)."""
    lang = lang or language()
    values = _values(lang, code, params)
    unit = params.get("unit")
    if code == "fact_missing":
        limit = params.get("limit")
        values["expectation"] = (
            str(params["describe"]) if params.get("describe") else expectation_text(
                str(params.get("test")), values["label"],
                limit if isinstance(limit, int | float) else None, str(unit or ""),
                values["as_of"], lang))
    return _format(lang, template_key(code, params), values)


def expectation_text(test: str, label: str, limit: float | None, unit: str, as_of: str,
                     lang: Language | None = None) -> str:
    """What a check expects, in words (``label`` names the fact; ``as_of`` as shown, e.g.
    "the assessment date")."""
    lang = lang or language()
    values = {"label": label, "as_of": as_of, "limit": _shown(lang, limit)}
    if check_kind(test).quantity and limit is not None:
        values["limit"] = _with_unit(lang, limit, unit)
    return _format(lang, check_kind(test).expect, values)


def _format(lang: Language, key: str, values: Mapping[str, str]) -> str:
    return lang.gettext(TEMPLATES[key]).format_map(values)


SHORT_TEMPLATES: dict[str, str] = {
    "evidence_missing": N_("No evidence is cited"),
    "evidence_missing.example": N_("No evidence is cited"),
    "evidence_undated.cited": N_("The cited evidence has no dates"),
    "evidence_undated.none": N_("No dated evidence is cited"),
    "evidence_stale": N_("Newest evidence is {age_days} days old; the limit is {max_age_days} "
                         "days"),
    "check_failed.within_days": N_("“{label}” is {days} days old; the limit is {limit} days"),
}
"""Shorter sentences for the remediation plan's one line, where the full sentence would
need three. The dates they leave out stay in the finding under the practice."""


def _brief(templates: Mapping[str, str], code: str, params: Mapping[str, ParamValue],
           lang: Language | None) -> str | None:
    key = template_key(code, params)
    if key not in templates:
        return None
    lang = lang or current()
    return lang.gettext(templates[key]).format_map(_values(lang, code, params))


def short_finding_text(code: str, params: Mapping[str, ParamValue],
                       lang: Language | None = None) -> str:
    """The finding in a few words for a one-line summary; the full sentence where no
    shorter one is declared (its first letter raised)."""
    brief = _brief(SHORT_TEMPLATES, code, params, lang)
    if brief is not None:
        return brief
    text = finding_text(code, params, lang or current())
    return text[:1].upper() + text[1:]


UNLABELLED_TEMPLATES: dict[str, str] = {
    "check_failed.at_least": N_("{value}, below the minimum of {limit}"),
    "check_failed.at_most": N_("{value}, above the maximum of {limit}"),
    "check_failed.within_days": N_("{days} days old; the limit is {limit} days"),
    "check_failed.after_as_of": N_("expired on {value}, {days} days before {as_of}"),
    "check_failed.after_as_of.same_day": N_("expires on the assessment date {as_of}"),
}
"""The shortest form, without the fact's label, for a line that follows the practice's
title (which says what the figure is about)."""


def unlabelled_finding_text(code: str, params: Mapping[str, ParamValue],
                            lang: Language | None = None) -> str | None:
    """The finding's figures without the fact's label, or None where none is declared."""
    return _brief(UNLABELLED_TEMPLATES, code, params, lang)
