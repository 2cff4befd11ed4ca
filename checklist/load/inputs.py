"""Every file this run has read, so that no output can replace one of them.

The readers record each file they open (assessments, every file of a rule pack, roll-up
members, last year's file for ``init --from``); the writer in :mod:`checklist.outputs`
refuses an output that is any of them. A file is matched by its resolved path and by its
device and inode, so a hard link or a second path to the same file is caught too.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

_by_path: dict[Path, Path] = {}
_by_inode: dict[tuple[int, int], Path] = {}


def record(path: Path) -> None:
    """Note that ``path`` is an input of this run (silently skips what cannot be stat'ed)."""
    try:
        resolved = path.resolve()
        info = os.stat(path)
    except (OSError, ValueError):
        return
    _by_path[resolved] = path
    _by_inode[(info.st_dev, info.st_ino)] = path


def record_all(paths: Iterable[Path]) -> None:
    for path in paths:
        record(path)


def input_at(target: Path) -> Path | None:
    """The recorded input that ``target`` would replace, if any."""
    try:
        resolved = target.resolve()
    except (OSError, ValueError):
        return None
    if resolved in _by_path:
        return _by_path[resolved]
    try:
        info = os.stat(target)
    except (OSError, ValueError):
        return None
    return _by_inode.get((info.st_dev, info.st_ino))


def forget_all() -> None:
    """Start a new run (for callers that run several commands in one process, e.g. tests)."""
    _by_path.clear()
    _by_inode.clear()
