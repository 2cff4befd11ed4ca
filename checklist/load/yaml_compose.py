"""Compose YAML text into a node tree, stopping at what a hostile file could abuse.

The limits live here: an alias (memory blow-up), nesting deeper than :data:`MAX_DEPTH`
and more than :data:`MAX_NODES` values are refused while composing, at the first
offending construct. libyaml's parser is used when PyYAML has it, and libyaml's own
(faster, unguarded) composer only for texts too small and shallow to hold either danger.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, Event
from yaml.nodes import Node, ScalarNode
from yaml.resolver import Resolver

from checklist.load.yaml_document import Position

MAX_DEPTH = 40
# An assessment of a 40,000-rule pack holds about 120,000 values and a pack domain file of
# 10,000 rules about 230,000; this bound keeps a hostile file (millions of tiny values or
# aliases) from taking many seconds and gigabytes to read (docs/rule-packs.md, "Size").
MAX_NODES = 250_000


class Refused(Exception):
    """Raised while composing, at the first construct a hostile file could abuse."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        self.message = message


def alias_message(alias: str | None) -> str:
    """``alias`` is known at the alias itself; otherwise we point at the anchored value."""
    what = (f"'*{alias}' reuses a value written elsewhere" if alias
            else "the value anchored here is reused by an alias (*)")
    return f"anchors and aliases (& and *) are not allowed: {what}; write the value out each time"


TOO_MANY = (f"the file holds more than {MAX_NODES:,} values, more than an assessment or a "
            "rule-pack file needs (an assessment of 40,000 practices holds about 120,000; "
            "a pack domain file of 10,000 rules about 230,000), so the file is refused; "
            "split a very large domain into several files")
TOO_DEEP = f"the file is nested more than {MAX_DEPTH} levels deep"


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
            raise Refused(event.start_mark, alias_message(event.anchor))
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise Refused(event.start_mark, TOO_MANY)
        if self._depth > MAX_DEPTH:
            raise Refused(event.start_mark, TOO_DEEP)
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


def compose(text: str) -> Node | None:
    loader = _FastLoader(text) if _fast_path_is_safe(text) else _GuardedLoader(text)
    try:
        node: Node | None = loader.get_single_node()
    finally:
        loader.dispose()
    return node
