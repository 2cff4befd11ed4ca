"""The JSON result: complete, stable, key order fixed (docs/json-output.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json

from checklist.render.text import json_visible
from checklist.result import Result

_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's field names in declaration order (empty for other types), memoised."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        is_data = dataclasses.is_dataclass(kind)
        names = tuple(f.name for f in dataclasses.fields(kind)) if is_data else ()
        _FIELD_NAMES[kind] = names
    return names


def jsonable(value: object) -> object:
    """Plain JSON data from result dataclasses: fields in declaration order, dates as
    YYYY-MM-DD, enums as their values, tuples as lists."""
    names = _field_names(type(value))
    if names:
        return {name: jsonable(getattr(value, name)) for name in names}
    if isinstance(value, str | int | float | None):  # bool is an int; str enums are str
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(jsonable(k)): jsonable(v) for k, v in value.items()}
    return value


def to_dict(result: Result) -> dict[str, object]:
    data = jsonable(result)
    assert isinstance(data, dict)
    return data


def render(result: Result) -> bytes:
    # allow_nan=False: NaN is not JSON; valid inputs cannot produce it, so fail loudly.
    text = json.dumps(to_dict(result), indent=2, ensure_ascii=False, allow_nan=False)
    return (json_visible(text) + "\n").encode("utf-8")
