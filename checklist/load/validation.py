"""Turn pydantic validation errors into positioned, plain-language problems."""

from __future__ import annotations

import enum
import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from checklist.load.problems import Problem, did_you_mean, quoted_list
from checklist.load.yaml_document import PathKey, YamlDocument

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


def _found(value: object) -> str:
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


def _field_label(path: PathKey) -> str:
    parts = [str(p) if isinstance(p, str) else f"[{p + 1}]" for p in path]
    label = ""
    for part in parts:
        label += part if part.startswith("[") or not label else f".{part}"
    return label or "the file"


# The forms the file models require, in words (a regular expression means nothing to
# most readers); an unknown pattern is shown as it is.
_PATTERN_WORDS = {
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


def _message(model: type[BaseModel], path: PathKey, err: Any) -> tuple[str, bool]:
    """Return (message, point_at_key) for one pydantic error dictionary."""
    kind: str = err["type"]
    value = err.get("input")
    label = _field_label(path)
    if kind == "extra_forbidden":
        key = str(path[-1])
        allowed = _allowed_keys(model, path[:-1])
        hint = did_you_mean(key, allowed)
        listing = f" (allowed here: {quoted_list(allowed)})" if allowed and not hint else ""
        return f"unknown key '{key}'{hint}{listing}", True
    if kind == "missing":
        where = _field_label(path[:-1])
        inside = f" in {where}" if path[:-1] else ""
        return f"required field '{path[-1]}' is missing{inside}", False
    if kind in ("enum", "literal_error"):
        allowed = list(err.get("ctx", {}).get("allowed", ())) or _enum_values(model, path)
        hint = did_you_mean(str(value), allowed)
        return (f"{label}: '{value}' is not one of the allowed values "
                f"({quoted_list(allowed)}){hint}"), False
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"{label}: {_found(value)} is not a date; {_DATE_HINT}", False
    if kind.startswith("bool"):
        return f"{label}: {_found(value)} is not yes/no; write true or false", False
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{label}: expected a mapping (key: value lines) here, found {_found(value)}", False
    if kind == "list_type":
        return f"{label}: expected a list (lines starting with '- ') here, found {_found(value)}", False
    if kind == "string_type":
        return f"{label}: expected text here, found {_found(value)}; put it in quotes", False
    if kind == "string_too_short":
        return f"{label}: must not be empty", False
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        form = _PATTERN_WORDS.get(pattern, pattern)
        return f"{label}: {_found(value)} does not have the expected form ({form})", False
    if kind.startswith(("int", "float")):
        return f"{label}: expected a number here, found {_found(value)}", False
    if kind == "too_short":
        return f"{label}: needs at least one entry", False
    if kind == "string_too_long":
        limit = err.get("ctx", {}).get("max_length", 0)
        return (f"{label}: this text has {len(str(value)):,} characters; at most {limit:,} "
                "are allowed here (shorten it, or keep the full text in a document and "
                "cite it as evidence)"), False
    if kind == "too_long":
        limit = err.get("ctx", {}).get("max_length", 0)
        count = len(value) if isinstance(value, list | dict) else limit + 1
        return f"{label}: has {count:,} entries; at most {limit:,} are allowed here", False
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return f"{label}: {err['msg'].lower()}, found {_found(value)}", False
    return f"{label}: {err['msg']}", False


def problems_from_validation(doc: YamlDocument, model: type[BaseModel],
                             exc: ValidationError) -> list[Problem]:
    """One positioned problem per distinct error; union noise is collapsed.

    A value that fits none of a union's alternatives (e.g. a fact, which may be yes/no,
    a number, a date or text) gives pydantic one error per alternative; the user gets
    one message naming what is accepted. If one alternative got further (a mapping
    with a wrong field inside), only its deeper errors are reported.
    """
    problems: dict[tuple[PathKey, str], Problem] = {}
    union_errors: dict[PathKey, list[tuple[PathKey, str, Any]]] = {}
    for err in exc.errors():
        loc: PathKey = tuple(p for p in err["loc"] if isinstance(p, str | int))
        path = _data_path(doc, loc)
        site = _union_site(doc, loc)
        if site is not None:
            union_errors.setdefault(site, []).append((path, _union_tag(doc, loc), err))
            continue
        message, at_key = _message(model, path, err)
        problems.setdefault((path, message), doc.problem(path, message, key=at_key))
    for site, errors in union_errors.items():
        deeper = [(path, err) for path, _, err in errors if len(path) > len(site)]
        if deeper:
            for path, err in deeper:
                message, at_key = _message(model, path, err)
                problems.setdefault((path, message), doc.problem(path, message, key=at_key))
            continue
        too_long = [err for _, _, err in errors if err["type"] == "string_too_long"]
        if too_long:  # text of the right kind, only too long: say so
            message, _ = _message(model, site, too_long[0])
            problems.setdefault((site, message), doc.problem(site, message))
            continue
        kinds = list(dict.fromkeys(_kind_words(tag) for _, tag, _ in errors))
        if "a number" in kinds and "a whole number" in kinds:
            kinds.remove("a whole number")
        if len(kinds) == 1:
            message, _ = _message(model, site, errors[0][2])
        else:
            wanted = ", ".join(kinds[:-1]) + " or " + kinds[-1]
            message = (f"{_field_label(site)}: expected {wanted} here, "
                       f"found {_found(errors[0][2].get('input'))}")
        problems.setdefault((site, message), doc.problem(site, message))
    return list(problems.values())


def _union_index(doc: YamlDocument, loc: PathKey) -> int | None:
    """Index in ``loc`` of the first union-member name pydantic inserted, if any."""
    path: list[str | int] = []
    for index, part in enumerate(loc):
        candidate = (*path, part)
        if candidate in doc.values or candidate in doc.keys or isinstance(part, int):
            path.append(part)
        elif _is_union_tag(part):
            return index
        else:
            path.append(part)
    return None


def _union_site(doc: YamlDocument, loc: PathKey) -> PathKey | None:
    index = _union_index(doc, loc)
    return None if index is None else _data_path(doc, loc[:index])


def _union_tag(doc: YamlDocument, loc: PathKey) -> str:
    index = _union_index(doc, loc)
    return str(loc[index]) if index is not None else ""


_KIND_WORDS = {"bool": "true or false", "int": "a whole number", "float": "a number",
               "date": "a date (YYYY-MM-DD)", "str": "text", "constrained-str": "text"}


def _kind_words(tag: str) -> str:
    if tag in _KIND_WORDS:
        return _KIND_WORDS[tag]
    if tag.startswith("list"):
        return "a list"
    return "a mapping (key: value lines)"


def _data_path(doc: YamlDocument, loc: PathKey) -> PathKey:
    """Drop the union-member names pydantic inserts into locations (e.g. ``'int'``).

    A part is kept when the file has it, when it is a list index, or when it is the
    last part (a missing field); anything else is a union tag.
    """
    path: list[str | int] = []
    for index, part in enumerate(loc):
        candidate = (*path, part)
        present = candidate in doc.values or candidate in doc.keys
        is_last = index == len(loc) - 1
        if present or isinstance(part, int) or (is_last and not _is_union_tag(part)):
            path.append(part)
    return tuple(path)


def _is_union_tag(part: str) -> bool:
    return (part in {"int", "float", "bool", "str", "constrained-str", "date"} or "[" in part
            or part[:1].isupper())
