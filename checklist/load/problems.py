"""Problems found in user files, and the exceptions that carry them to the CLI."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a file, at a 1-based line and column.

    In a workbook ``where`` names the place instead ("sheet Answers, cell C14"); line and
    column then only order the problems (sheet number and row, column).
    """

    file: str
    line: int
    column: int
    message: str
    level: Level = "error"
    where: str = ""

    def __str__(self) -> str:
        prefix = "warning: " if self.level == "warning" else ""
        if self.where:
            return f"{self.file}: {self.where}: {prefix}{self.message}"
        return f"{self.file}:{self.line}:{self.column}: {prefix}{self.message}"


class ChecklistError(Exception):
    """Base of the errors the CLI turns into exit codes."""


class InputError(ChecklistError):
    """The user's input is invalid; every problem found is listed (exit code 2)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(ChecklistError):
    """The command line asks for something that cannot be done (exit code 2)."""


class PackError(ChecklistError):
    """A rule pack is broken. Packs are data we ship, so this is loud and specific."""

    def __init__(self, pack: str, problems: Iterable[str]) -> None:
        self.pack = pack
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"rule pack {pack} is invalid:\n{lines}")


class RenderError(ChecklistError):
    """An output could not be produced (exit code 3)."""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ``"; did you mean 'x'?"`` for the closest choice, or an empty string."""
    options = list(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {o.lower(): o for o in options}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f"; did you mean '{close[0]}'?" if close else ""


def quoted_list(values: Iterable[str], limit: int = 12) -> str:
    items = list(values)
    shown = ", ".join(items[:limit])
    return shown + (f" (and {len(items) - limit} more)" if len(items) > limit else "")
