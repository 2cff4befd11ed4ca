"""Turn pydantic validation errors into positioned, plain-language problems.

This module decides which errors become problems and where each is placed (the union
members pydantic inserts into locations are dropped, and a union's errors collapse into
one); :mod:`checklist.load.validation_messages` words each one.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from checklist.load.problems import InputError, Problem
from checklist.load.validation_messages import error_message, field_label, found_words, kind_words
from checklist.load.yaml_document import PathKey, YamlDocument

M = TypeVar("M", bound=BaseModel)


def validated(doc: YamlDocument, model: type[M]) -> M:
    """``doc.data`` as ``model``, or :class:`InputError` with every problem at its place."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(doc, model, exc)) from None


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
        message, at_key = error_message(model, path, err)
        problems.setdefault((path, message), doc.problem(path, message, key=at_key))
    for site, errors in union_errors.items():
        deeper = [(path, err) for path, _, err in errors if len(path) > len(site)]
        if deeper:
            for path, err in deeper:
                message, at_key = error_message(model, path, err)
                problems.setdefault((path, message), doc.problem(path, message, key=at_key))
            continue
        too_long = [err for _, _, err in errors if err["type"] == "string_too_long"]
        if too_long:  # text of the right kind, only too long: say so
            message, _ = error_message(model, site, too_long[0])
            problems.setdefault((site, message), doc.problem(site, message))
            continue
        kinds = list(dict.fromkeys(kind_words(tag) for _, tag, _ in errors))
        if "a number" in kinds and "a whole number" in kinds:
            kinds.remove("a whole number")
        if len(kinds) == 1:
            message, _ = error_message(model, site, errors[0][2])
        else:
            wanted = ", ".join(kinds[:-1]) + " or " + kinds[-1]
            message = (f"{field_label(site)}: expected {wanted} here, "
                       f"found {found_words(errors[0][2].get('input'))}")
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
