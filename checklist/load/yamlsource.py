"""Read a YAML file safely, keeping the position of every key and value.

PyYAML's composer gives us a node tree with marks; we build plain Python data from
it ourselves so that we can refuse what an assessment file never needs and what a
hostile file could abuse: aliases (memory blow-up), custom or ``!!python`` tags (code
execution in unsafe loaders), duplicate keys (silent overwrites), and deep nesting.

This module is the entry point; the work is done by :mod:`~checklist.load.yaml_compose`
(text to nodes, with the limits), :mod:`~checklist.load.yaml_build` (nodes to data, with
positions), :mod:`~checklist.load.yaml_errors` (what went wrong, in words) and
:mod:`~checklist.load.yaml_document` (the data with its positions).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from checklist.load import inputs
from checklist.load.problems import InputError, Problem
from checklist.load.reading import MAX_FILE_BYTES, read_input_bytes
from checklist.load.yaml_build import Builder
from checklist.load.yaml_compose import MAX_DEPTH, MAX_NODES, Refused, compose
from checklist.load.yaml_document import PathKey, Position, YamlDocument
from checklist.load.yaml_errors import decode, reader_problem, syntax_problem

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "PathKey",
    "Position",
    "YamlDocument",
    "load_yaml_file",
    "parse_yaml_text",
    "read_input_bytes",
]

_ASSESSMENT_HINT = "it should hold the assessment's fields (pack, agency, as_of, answers)"


def parse_yaml_text(text: str, name: str, *, empty_hint: str = _ASSESSMENT_HINT) -> YamlDocument:
    """Parse YAML text into a :class:`YamlDocument`, or raise :class:`InputError`."""
    doc = YamlDocument(name=name, data=None)
    if "\x00" in text:
        before = text[: text.index("\x00")]
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
        raise InputError([Problem(name, line, column,
                                  "the file contains NUL bytes; it is not a text file")])
    try:
        root = compose(text)
    except Refused as exc:
        raise InputError([Problem(name, exc.position.line, exc.position.column,
                                  exc.message)]) from None
    except yaml.reader.ReaderError as exc:
        raise reader_problem(text, name, exc) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError([syntax_problem(text, name, exc)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, 1, 1, f"the file is not valid YAML: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(name, 1, 1, "the file is nested too deeply to read")]) from None
    if root is None:
        raise InputError([Problem(name, 1, 1, f"the file is empty; {empty_hint}")])
    builder = Builder(doc)
    try:
        doc.data = builder.build(root, (), 0)
    except Refused as exc:
        raise InputError([Problem(name, exc.position.line, exc.position.column,
                                  exc.message)]) from None
    if builder.problems:
        raise InputError(builder.problems)
    return doc


def load_yaml_file(path: Path, display_name: str | None = None, *,
                   empty_hint: str = _ASSESSMENT_HINT) -> YamlDocument:
    """Read and parse a YAML file from disk with the safety limits above."""
    name = display_name or str(path)
    raw = read_input_bytes(path, name)
    inputs.record(path)
    doc = parse_yaml_text(decode(raw, name), name, empty_hint=empty_hint)
    doc.sha256 = hashlib.sha256(raw).hexdigest()
    return doc
