"""Build plain Python data from a composed YAML node tree, recording where each part is.

Only what an assessment or pack file needs is built: plain scalars, lists and mappings.
Custom or ``!!python`` tags, merge keys, duplicate keys, YAML 1.1 sexagesimal and octal
numbers, numbers of absurd length and lone surrogates are refused or kept as written,
each with a problem at its line and column.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from checklist.load.problems import Problem
from checklist.load.yaml_compose import MAX_DEPTH, MAX_NODES, TOO_DEEP, TOO_MANY, Refused, alias_message
from checklist.load.yaml_document import PathKey, YamlDocument, node_position

# No count, weight or threshold needs more digits; past about 4,300 Python refuses to
# convert the number at all, with a message meant for programmers.
_MAX_DIGITS = 30
# YAML 1.1 readings no one means: sexagesimal (12:30, 1:02:03.5) and octal (0123, 0o17).
_YAML11_NUMBER = re.compile(r"^[-+]?([0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|0[0-7_]+|0o[0-7_]+)$")

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_TRUE_WORDS = {"yes", "true", "on"}  # YAML 1.1, as PyYAML's resolver reads them
_SEQ_TAG = "tag:yaml.org,2002:seq"
_SURROGATE = re.compile("[\ud800-\udfff]")


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class Builder:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.scalars = SafeConstructor()

    def fail(self, node: Node, message: str) -> None:
        pos = node_position(node)
        self.problems.append(Problem(self.doc.name, pos.line, pos.column, message))

    def build(self, node: Node, path: PathKey, depth: int) -> object:
        if id(node) in self.seen:  # libyaml's composer shares the anchored node
            raise Refused(node.start_mark, alias_message(None))
        if len(self.seen) >= MAX_NODES:
            raise Refused(node.start_mark, TOO_MANY)
        if depth > MAX_DEPTH:
            self.fail(node, TOO_DEEP)
            return None
        self.doc.values[path] = node
        self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self.fail(node, f"the tag {_short(node.tag)} is not allowed; remove it")
                return None
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != _MAP_TAG:
                self.fail(node, f"the tag {_short(node.tag)} is not allowed; remove it")
                return None
            return self._mapping(node, path, depth)
        self.fail(node, "unsupported YAML construct")
        return None

    def _scalar(self, node: ScalarNode, path: PathKey) -> object:
        if node.tag not in _PLAIN_TAGS:
            self.fail(node, f"the tag {_short(node.tag)} is not allowed; remove it")
            return None
        tag = node.tag
        if tag == _STR_TAG:  # most values: no conversion needed
            if _SURROGATE.search(node.value):  # "\ud800": half of a character, not text
                self.fail(node, "this value holds an escape for half of a character "
                          "(a lone surrogate such as \\ud800); remove it")
                return None
            return node.value
        if tag == _NULL_TAG:
            return None
        if tag == _BOOL_TAG:
            return node.value.lower() in _TRUE_WORDS
        if tag.endswith((":int", ":float")) and _YAML11_NUMBER.match(node.value):
            # 12:30 (base 60 → 750) and 0123 (octal → 83) are numbers only to YAML 1.1;
            # what the user wrote is text, and is kept exactly as written.
            return node.value
        digits = sum(ch.isdigit() for ch in node.value)
        if tag.endswith((":int", ":float")) and digits > _MAX_DIGITS:
            field = next((str(k) for k in reversed(path) if isinstance(k, str)), "value")
            self.fail(node, f"{field}: this number has {digits:,} digits; numbers have at most "
                      f"{_MAX_DIGITS} (no count, weight or threshold needs more)")
            return None
        try:
            value = self.scalars.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            if node.tag.endswith(":timestamp"):
                self.fail(node, f"'{node.value}' is not a real date ({exc}); "
                          "write dates as YYYY-MM-DD")
            else:
                self.fail(node, f"'{node.value[:40]}' cannot be read as a value ({exc})")
            return None
        if isinstance(value, dt.datetime):
            return value.date() if value.time() == dt.time(0) and value.tzinfo is None else value
        return value

    def _mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, "a key must be plain text, not a list or mapping")
                continue
            if key_node.tag == "tag:yaml.org,2002:merge" or key_node.value == "<<":
                self.fail(key_node, "merge keys (<<) are not allowed; write the values out")
                continue
            key = str(key_node.value)
            key_path = (*path, key)
            if key in result:
                self.fail(key_node, f"duplicate key '{key}' (first given on line "
                          f"{first_line[key]}); each key may appear only once here")
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.doc.keys[key_path] = key_node
            result[key] = self.build(value_node, key_path, depth + 1)
        return result
