"""An assessment read from a workbook, shaped like a YAML document.

The workbook reader builds the same plain data the YAML reader builds, and records for
every value the sheet and cell it came from. The validation and pack checks then run
unchanged, and their problems name "sheet Answers, cell C14" instead of a line.
This module does not import openpyxl, so the YAML path never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yaml.nodes import ScalarNode

from checklist.load.problems import Problem
from checklist.load.yaml_document import PathKey, Position, YamlDocument

# The validation code only asks whether a path is present in ``values``.
PRESENT = ScalarNode("tag:yaml.org,2002:str", "")


@dataclass(frozen=True)
class Place:
    """A cell: sheet name, its number among the sheets (for ordering), row and column."""

    sheet: str
    order: int
    row: int
    column: int

    def words(self) -> str:
        if self.row == 0:
            return f"sheet {self.sheet}"
        return f"sheet {self.sheet}, cell {column_letter(self.column)}{self.row}"


def column_letter(index: int) -> str:
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class SheetDocument(YamlDocument):
    places: dict[PathKey, Place] = field(default_factory=dict)
    read_problems: list[Problem] = field(default_factory=list)
    default_place: Place = Place("Agency & profile", 1, 0, 0)

    def place(self, path: PathKey, value: object, where: Place) -> None:
        self.places[path] = where
        for end in range(1, len(path) + 1):  # validation tells data parts by presence
            self.values.setdefault(path[:end], PRESENT)

    def place_of(self, path: PathKey) -> Place:
        probe = path
        while probe:
            if probe in self.places:
                return self.places[probe]
            probe = probe[:-1]
        return self.default_place

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        where = self.place_of(path)
        return Position(where.row, where.column)

    def problem(self, path: PathKey, message: str, *, key: bool = False,
                level: str = "error") -> Problem:
        return self.problem_at(self.place_of(path), message, level=level)

    def problem_at(self, where: Place, message: str, *, level: str = "error") -> Problem:
        return Problem(self.name, where.order * 1_000_000 + where.row, where.column, message,
                       "warning" if level == "warning" else "error", where.words())
