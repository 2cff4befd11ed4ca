"""A YAML file's data together with where each part of it was written.

:class:`YamlDocument` is what every reader hands on: the YAML reader fills it from the
node tree, the workbook reader (:mod:`checklist.load.sheetdoc`) from cells. Validation and
the pack checks ask it for the position of a path, to place each problem they find.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yaml.nodes import Node

from checklist.load.problems import Problem

PathKey = tuple[str | int, ...]


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
            return node_position(self.keys[path])
        probe = path
        while probe:
            if probe in self.values:
                return node_position(self.values[probe])
            probe = probe[:-1]
        root = self.values.get(())
        return node_position(root) if root is not None else Position(1, 1)

    def problem(self, path: PathKey, message: str, *, key: bool = False,
                level: str = "error") -> Problem:
        pos = self.position(path, key=key)
        return Problem(self.name, pos.line, pos.column, message,
                       "warning" if level == "warning" else "error")


def node_position(node: Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)
