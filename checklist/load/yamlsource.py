"""Read a YAML file safely, keeping the position of every key and value.

PyYAML's composer gives us a node tree with marks; we build plain Python data from
it ourselves so that we can refuse what an assessment file never needs and what a
hostile file could abuse: aliases (memory blow-up), custom or ``!!python`` tags (code
execution in unsafe loaders), duplicate keys (silent overwrites), and deep nesting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, Event
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from checklist.load import inputs
from checklist.load.problems import InputError, Problem
from checklist.load.reading import MAX_FILE_BYTES, read_input_bytes  # noqa: F401 (re-export)

MAX_DEPTH = 40
# An assessment of a 40,000-rule pack holds about 120,000 values and a pack domain file of
# 10,000 rules about 230,000; this bound keeps a hostile file (millions of tiny values or
# aliases) from taking many seconds and gigabytes to read (docs/rule-packs.md, "Size").
MAX_NODES = 250_000

# No count, weight or threshold needs more digits; past about 4,300 Python refuses to
# convert the number at all, with a message meant for programmers.
_MAX_DIGITS = 30
# YAML 1.1 readings no one means: sexagesimal (12:30, 1:02:03.5) and octal (0123, 0o17).
_YAML11_NUMBER = re.compile(r"^[-+]?([0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?|0[0-7_]+|0o[0-7_]+)$")

PathKey = tuple[str | int, ...]

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


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class YamlDocument:
    """Parsed data plus where each part of it was written.

    ``values`` and ``keys`` map a path to the YAML node written there; positions are
    worked out from a node only when a problem needs one, which keeps reading fast.
    """

    name: str
    data: object
    values: dict[PathKey, Node] = field(default_factory=dict)
    keys: dict[PathKey, Node] = field(default_factory=dict)
    sha256: str = ""  # of the file's bytes, when read from a file

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        """Position of ``path`` (its key if asked and known), else of its nearest parent."""
        if key and path in self.keys:
            return _pos(self.keys[path])
        probe = path
        while probe:
            if probe in self.values:
                return _pos(self.values[probe])
            probe = probe[:-1]
        root = self.values.get(())
        return _pos(root) if root is not None else Position(1, 1)

    def problem(self, path: PathKey, message: str, *, key: bool = False,
                level: str = "error") -> Problem:
        pos = self.position(path, key=key)
        return Problem(self.name, pos.line, pos.column, message,
                       "warning" if level == "warning" else "error")


class _Refused(Exception):
    """Raised while composing, at the first construct a hostile file could abuse."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        self.message = message


def _alias_message(alias: str | None) -> str:
    """``alias`` is known at the alias itself; otherwise we point at the anchored value."""
    what = (f"'*{alias}' reuses a value written elsewhere" if alias
            else "the value anchored here is reused by an alias (*)")
    return f"anchors and aliases (& and *) are not allowed: {what}; write the value out each time"


_TOO_MANY = (f"the file holds more than {MAX_NODES:,} values, more than an assessment or a "
             "rule-pack file needs (an assessment of 40,000 practices holds about 120,000; "
             "a pack domain file of 10,000 rules about 230,000), so the file is refused; "
             "split a very large domain into several files")
_TOO_DEEP = f"the file is nested more than {MAX_DEPTH} levels deep"


class _Guard(Composer):
    """PyYAML's composer, stopping at the first alias, too deep nesting or too many values.

    Checking while composing (not afterwards) is what makes a billion-laughs file or a
    file of millions of values fail in a fraction of a second with one clear message.
    """

    _depth = 0
    _nodes = 0
    peek_event: Callable[[], Event]  # provided by the parser this is mixed with

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, _alias_message(event.anchor))
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _Refused(event.start_mark, _TOO_MANY)
        if self._depth > MAX_DEPTH:
            raise _Refused(event.start_mark, _TOO_DEEP)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_CParser: Any = getattr(yaml.cyaml, "CParser", None) if yaml.__with_libyaml__ else None
class _CachedResolver(Resolver):
    """PyYAML's resolver with a memo of plain scalars' tags.

    Resolving runs a regular expression per scalar and was the largest single cost of
    reading an assessment; the same words (statuses, true/false, dates) recur often.
    """

    _memo: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not ScalarNode or not implicit[0]:
            return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
        tag = self._memo.get(value)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            if len(self._memo) < 20_000 and len(value) < 64:
                self._memo[value] = tag
        return tag


_FastLoader: Any = None
if _CParser is not None:
    class _FastLoader(_CParser, SafeConstructor, _CachedResolver):  # type: ignore[no-redef,misc]
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            _CachedResolver.__init__(self)

if _CParser is not None:
    # libyaml's parser gives the same events and marks as the pure-Python one, faster.
    class _GuardedLoader(_Guard, _CachedResolver, _CParser):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            Composer.__init__(self)
            _CachedResolver.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    class _GuardedLoader(_Guard, yaml.SafeLoader):  # type: ignore[no-redef]
        pass

# libyaml's own composer is about twice as fast as _Guard but recurses in C with no
# depth limit (a file of 30,000 '[' crashes the process) and builds every node before
# we can count them. It is used only for texts that cannot hold either danger.
_FAST_MAX_CHARS = 256 * 1024
_FAST_MAX_DEPTH_BOUND = 2000


def _fast_path_is_safe(text: str) -> bool:
    """A cheap upper bound on nesting: each level needs an opening bracket, or in block
    style a column of indentation or a '- ' (at most two levels per column)."""
    if _FastLoader is None or len(text) > _FAST_MAX_CHARS:
        return False
    longest = max(len(line) for line in text.split("\n"))
    bound = 2 * longest + 2 * (text.count("[") + text.count("{")) + 2
    return bound <= _FAST_MAX_DEPTH_BOUND


def _compose(text: str) -> Node | None:
    loader = _FastLoader(text) if _fast_path_is_safe(text) else _GuardedLoader(text)
    try:
        node: Node | None = loader.get_single_node()
    finally:
        loader.dispose()
    return node


def _pos(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


_TAB_MESSAGE = ("a tab character is used for indentation; YAML needs spaces, "
                "so replace the tab with spaces")


def _friendly_yaml_error(err: yaml.MarkedYAMLError) -> str:
    problem = (err.problem or "").strip()
    context = (err.context or "").strip()
    if "'\\t'" in problem or "\t" in problem:
        return _TAB_MESSAGE
    if "maximum nesting depth" in problem:  # newer libyaml stops deep nesting itself
        return _TOO_DEEP
    if "mapping values are not allowed" in problem:
        return ("a colon (:) appears where a value was expected; if the text itself "
                "contains ': ', put the whole value in quotes")
    if "could not find expected ':'" in problem:
        return "a line is missing the colon after its key, or a quote is not closed"
    if "quoted scalar" in context:
        return "this quoted value is never closed; add the closing quote"
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "the file ends inside a quoted value; close the quote"
    opened = err.context_mark.line + 1 if err.context_mark else None
    for kind, start, end in (("list", "[", "]"), ("mapping", "{", "}")):
        if f"flow {'sequence' if kind == 'list' else kind}" in context and opened:
            return (f"the {kind} opened with '{start}' on line {opened} is not closed with "
                    f"'{end}', or a comma is missing between its items")
    if "expected a single document" in context or "but found another document" in problem:
        return "the file holds more than one YAML document ('---'); keep a single one"
    if "found undefined alias" in context or "undefined alias" in problem:
        return "an alias (*name) refers to an anchor that is not defined; aliases are not allowed"
    if "did not find expected key" in problem:
        return "the indentation is inconsistent here; keys at one level must line up"
    if "did not find expected '-' indicator" in problem:
        return "a list item is not lined up with the items before it"
    text = problem or context or "unknown syntax problem"
    return f"the file is not valid YAML: {text}"


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _Builder:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.scalars = SafeConstructor()

    def fail(self, node: Node, message: str) -> None:
        pos = _pos(node)
        self.problems.append(Problem(self.doc.name, pos.line, pos.column, message))

    def build(self, node: Node, path: PathKey, depth: int) -> object:
        if id(node) in self.seen:  # libyaml's composer shares the anchored node
            raise _Refused(node.start_mark, _alias_message(None))
        if len(self.seen) >= MAX_NODES:
            raise _Refused(node.start_mark, _TOO_MANY)
        if depth > MAX_DEPTH:
            self.fail(node, _TOO_DEEP)
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


def _decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        bad = raw[exc.start]
        raise InputError([Problem(
            name, line, column,
            f"the file is not UTF-8 text (byte 0x{bad:02X} here); "
            "save it as UTF-8 in your editor and try again",
        )]) from None
    if text.startswith("\ufeff"):
        raise InputError([Problem(name, 1, 1, "the file begins with more than one byte-order "
                                  "mark; save it again as UTF-8 in your editor")])
    return text


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _escape_message(problem: str) -> str | None:
    if "unknown escape" in problem:
        return ("a backslash in this double-quoted value starts an escape YAML does not know; "
                "write \\\\ for a backslash, or put the value in single quotes")
    if "escape code" in problem or "escape sequence" in problem:
        return ("this double-quoted value has an escape (\\u…, \\x…) that is not a valid "
                "character; remove it, or put the value in single quotes")
    return None


def _reader_problem(text: str, name: str, exc: yaml.reader.ReaderError) -> InputError:
    """A character YAML refuses (a raw control character), at its real line and column."""
    position = max(0, min(exc.position, len(text)))
    before = text[:position]
    line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return InputError([Problem(name, line, column,
                               f"the file contains the control character U+{code:04X} here, "
                               "which YAML does not allow; remove it")])


_SURROGATE = re.compile("[\ud800-\udfff]")


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
        root = _compose(text)
    except _Refused as exc:
        raise InputError([Problem(name, exc.position.line, exc.position.column,
                                  exc.message)]) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_problem(text, name, exc) from None
    except yaml.MarkedYAMLError as exc:
        escape = _escape_message(exc.problem or "")
        if escape and exc.problem_mark is not None:
            where = exc.problem_mark
            raise InputError([Problem(name, where.line + 1, where.column + 1, escape)]) from None
        # An unclosed quote is found at the end of the file; point at where it opens.
        at_start = "quoted scalar" in (exc.context or "") and exc.context_mark is not None
        mark = exc.context_mark if at_start else (exc.problem_mark or exc.context_mark)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = _friendly_yaml_error(exc)
        if _char_at(text, line, col) == "\t":
            message = _TAB_MESSAGE
        raise InputError([Problem(name, line, col, message)]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(name, 1, 1, f"the file is not valid YAML: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(name, 1, 1, "the file is nested too deeply to read")]) from None
    if root is None:
        raise InputError([Problem(name, 1, 1, f"the file is empty; {empty_hint}")])
    builder = _Builder(doc)
    try:
        doc.data = builder.build(root, (), 0)
    except _Refused as exc:
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
    doc = parse_yaml_text(_decode(raw, name), name, empty_hint=empty_hint)
    doc.sha256 = hashlib.sha256(raw).hexdigest()
    return doc
