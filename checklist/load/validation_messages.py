"""The wording of one pydantic validation error, in the words of the file's reader.

Each message names the field as the file writes it (``answers.AGR-01.status``), says what
was found and what is accepted: the allowed keys or values, read from the file model, a
pattern in words, a limit. :mod:`checklist.load.validation` decides which errors to word
and where each problem is placed.
"""

from __future__ import annotations

import enum
import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from checklist.load.problems import did_you_mean, quoted_list
from checklist.load.yaml_document import PathKey

_DATE_HINT = "write dates as YYYY-MM-DD, for example 2026-11-01"


def _unwrap(annotation: Any) -> list[Any]:
    """The alternatives of an Optional/Union/Annotated annotation."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        out: list[Any] = []
        for arg in get_args(annotation):
            out.extend(_unwrap(arg))
        return out
    return [annotation]


def _type_at(model: type[BaseModel], path: PathKey) -> Any:
    """The annotation that governs ``path`` inside ``model``, if it can be followed."""
    current: Any = model
    for part in path:
        found: Any = None
        for alt in _unwrap(current):
            origin = get_origin(alt)
            if isinstance(alt, type) and issubclass(alt, BaseModel) and isinstance(part, str):
                field = alt.model_fields.get(part)
                if field is not None:
                    found = field.annotation
            elif origin is list and isinstance(part, int):
                found = get_args(alt)[0]
            elif origin is dict and isinstance(part, str):
                found = get_args(alt)[1]
            if found is not None:
                break
        if found is None:
            return None
        current = found
    return current


def _allowed_keys(model: type[BaseModel], path: PathKey) -> list[str]:
    for alt in _unwrap(_type_at(model, path)):
        if isinstance(alt, type) and issubclass(alt, BaseModel):
            return list(alt.model_fields)
    return []


def _enum_values(model: type[BaseModel], path: PathKey) -> list[str]:
    for alt in _unwrap(_type_at(model, path)):
        if isinstance(alt, type) and issubclass(alt, enum.Enum):
            return [str(m.value) for m in alt]
        if get_origin(alt) is typing.Literal:
            return [str(a) for a in get_args(alt)]
    return []


def found_words(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"the number {value}"
    text = str(value)
    return f"'{text[:60]}{'…' if len(text) > 60 else ''}'"


def field_label(path: PathKey) -> str:
    parts = [str(p) if isinstance(p, str) else f"[{p + 1}]" for p in path]
    label = ""
    for part in parts:
        label += part if part.startswith("[") or not label else f".{part}"
    return label or "the file"


# The forms the file models require, in words (a regular expression means nothing to
# most readers); an unknown pattern is shown as it is.
PATTERN_WORDS = {
    r"^[a-z0-9][a-z0-9-]*(@[0-9][0-9A-Za-z.]*)?$":
        "a pack name in lower-case letters, digits and hyphens, optionally followed by "
        "@ and a version, e.g. task-force-coordination or task-force-coordination@1.0.0",
    r"^[A-Z][A-Z0-9]*-[0-9]{2,3}$":
        "a rule id: capital letters, a hyphen and two or three digits, e.g. AGR-01",
    r"^[a-z][a-z0-9_]*$":
        "a name of lower-case letters, digits and underscores, starting with a letter, "
        "e.g. review_days",
    r"^[a-z0-9][a-z0-9_.-]*$": "lower-case letters, digits, '.', '_' and '-', e.g. 287g-jail",
    r"^[A-Z][A-Z0-9_]*$": "capital letters, digits and underscores, e.g. S01",
    r"^[A-Z][A-Z0-9]*$": "capital letters and digits, e.g. AGR",
    r"^[a-z0-9][a-z0-9-]*$": "lower-case letters, digits and hyphens, e.g. "
                             "task-force-coordination",
    r"^[0-9]+\.[0-9]+\.[0-9]+$": "three numbers separated by dots, e.g. 1.0.0",
    r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$": "up to 64 letters, digits, '.', '_' and '-', "
                                          "starting with a letter or digit, e.g. OK0550100",
    r"^[^\x00-\x1f\x7f]+$": "a file name without control characters or NUL bytes, "
                             "e.g. alpha.yaml",
    r"^Q[0-9]{1,2}$": "a seed question number: Q and one or two digits, e.g. Q8",
    r"^[0-9a-f]{12}$": "a fingerprint of 12 hexadecimal digits, in quotes, e.g. \"739cedcf7e81\" "
                       "(checklist rules translations --skeleton prints it)",
    r"^[a-z]{2,3}(_[A-Z]{2})?$": "a language code, e.g. es or es_US",
    r"^[A-Z0-9][A-Za-z0-9&()./-]{0,23}$": "an acronym as printed: a capital letter or digit, "
                                          "then up to 23 letters, digits or & ( ) . / -, "
                                          "e.g. MOU or 287(g)",
}


def error_message(model: type[BaseModel], path: PathKey, err: Any) -> tuple[str, bool]:
    """Return (message, point_at_key) for one pydantic error dictionary."""
    kind: str = err["type"]
    value = err.get("input")
    label = field_label(path)
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = _allowed_keys(model, path[:-1])
        hint = did_you_mean(key, allowed)
        listing = f" (allowed here: {quoted_list(allowed)})" if allowed and not hint else ""
        return f"unknown key '{key}'{hint}{listing}", True
    if kind == "missing":
        where = field_label(path[:-1])
        inside = f" in {where}" if path[:-1] else ""
        return f"required field '{path[-1]}' is missing{inside}", False
    if kind in ("enum", "literal_error"):
        allowed = list(err.get("ctx", {}).get("allowed", ())) or _enum_values(model, path)
        hint = did_you_mean(str(value), allowed)
        return (f"{label}: '{value}' is not one of the allowed values "
                f"({quoted_list(allowed)}){hint}"), False
    return _value_message(kind, label, value, err), False


def _value_message(kind: str, label: str, value: object, err: Any) -> str:
    """The message for an error about the value itself: its type, form, size or range."""
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{label}: {found_words(value)} is not a date; {_DATE_HINT}"
    if kind.startswith("bool"):
        return f"{label}: {found_words(value)} is not yes/no; write true or false"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{label}: expected a mapping (key: value lines) here, found {found_words(value)}"
    if kind == "list_type":
        return f"{label}: expected a list (lines starting with '- ') here, found {found_words(value)}"
    if kind == "string_type":
        return f"{label}: expected text here, found {found_words(value)}; put it in quotes"
    if kind == "string_too_short":
        return f"{label}: must not be empty"
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        form = PATTERN_WORDS.get(pattern, pattern)
        return f"{label}: {found_words(value)} does not have the expected form ({form})"
    if kind.startswith(("int", "float")):
        return f"{label}: expected a number here, found {found_words(value)}"
    if kind == "too_short":
        return f"{label}: needs at least one entry"
    if kind == "string_too_long":
        limit = err.get("ctx", {}).get("max_length", 0)
        return (f"{label}: this text has {len(str(value)):,} characters; at most {limit:,} "
                "are allowed here (shorten it, or keep the full text in a document and "
                "cite it as evidence)")
    if kind == "too_long":
        limit = err.get("ctx", {}).get("max_length", 0)
        count = len(value) if isinstance(value, list | dict) else limit + 1
        return f"{label}: has {count:,} entries; at most {limit:,} are allowed here"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"{label}: {err['msg'].lower()}, found {found_words(value)}"
    return f"{label}: {err['msg']}"


_KIND_WORDS = {"bool": "true or false", "int": "a whole number", "float": "a number",
               "date": "a date (YYYY-MM-DD)", "str": "text", "constrained-str": "text"}


def kind_words(tag: str) -> str:
    if tag in _KIND_WORDS:
        return _KIND_WORDS[tag]
    if tag.startswith("list"):
        return "a list"
    return "a mapping (key: value lines)"
