"""The parts of a malformed assessment that are valid on their own.

When the file's shape is wrong, validation stops before the pack checks; so that one run
still lists every error, the well-formed answers, exceptions, profile answers and
parameters are salvaged into an assessment the pack checks can read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import ValidationError

from checklist.load.fact_values import as_date
from checklist.load.loaded_pack import Pack
from checklist.models.assessment import Agency, Answer, Assessment, ExceptionGrant


def _salvage(model: type[Answer] | type[ExceptionGrant], value: object) -> Any:
    """``value`` validated, after dropping its fields that are wrong; None if it still fails."""
    if not isinstance(value, dict):
        return None
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        errors = exc.errors()
        wrong = {err["loc"][0] for err in errors if err["loc"]}
        # Text that is only too long stays, cut to its limit, so that a check needing it
        # (a justification, say) does not also report it missing.
        cut = {err["loc"][0]: str(err["input"])[:err.get("ctx", {}).get("max_length", 0)]
               for err in errors if len(err["loc"]) == 1 and err["type"] == "string_too_long"}
    try:
        return model.model_validate({**{k: v for k, v in value.items() if k not in wrong},
                                     **cut})
    except ValidationError:
        return None


def well_formed_parts(data: dict[str, object], pack: Pack) -> Assessment:
    """An assessment built from the parts of ``data`` that are valid on their own."""
    raw_answers = data.get("answers")
    answers: dict[str, Answer | None] = {}
    if isinstance(raw_answers, dict):
        for rule_id, raw in raw_answers.items():
            if (answer := _salvage(Answer, raw)) is not None:
                answers[str(rule_id)] = answer
    raw_exceptions = data.get("exceptions")
    exceptions = [grant for raw in raw_exceptions
                  if (grant := _salvage(ExceptionGrant, raw)) is not None
                  ] if isinstance(raw_exceptions, list) else []
    raw_profile = data.get("profile")
    profile: dict[str, bool | str | list[str]] = {}
    if isinstance(raw_profile, dict):
        for key, value in raw_profile.items():
            well_formed = isinstance(value, bool | str) or (
                isinstance(value, list) and all(isinstance(i, str) for i in value))
            if well_formed or key not in pack.questions:  # an unknown question is named
                profile[str(key)] = value
    raw_parameters = data.get("parameters")
    parameters: dict[str, int | float] = {}
    if isinstance(raw_parameters, dict):
        parameters = {str(k): v for k, v in raw_parameters.items() if isinstance(v, int | float)}
    pack_ref = data.get("pack")
    as_of = data.get("as_of")
    return Assessment.model_construct(
        pack=pack_ref if isinstance(pack_ref, str) and _PACK_REF.fullmatch(pack_ref) else pack.id,
        agency=Agency.model_construct(name="-"),
        as_of=_a_date(as_of) or dt.date.max,
        profile=profile, parameters=parameters, answers=answers, exceptions=exceptions)


def _a_date(value: object) -> dt.date | None:
    """``value`` as a date if it is one by the date rule (a date-time is not)."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    converted = as_date(value)
    return converted if isinstance(converted, dt.date) else None


_PACK_REF = re.compile(r"[a-z0-9][a-z0-9-]*(@[0-9][0-9A-Za-z.]*)?")
