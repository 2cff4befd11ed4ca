"""Which files a roll-up reads: the files named, and the assessments in each folder named."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from checklist.load.problems import UsageError

ASSESSMENT_SUFFIXES = (".yaml", ".yml", ".xlsx")


def collect_inputs(args: Iterable[Path], *, recursive: bool = False) -> list[Path]:
    """Files named, plus every ``*.yaml``/``*.yml`` inside each folder named.

    Folders are read in sorted order, and only one level deep unless ``recursive``.
    Hidden files (name starting with a dot: editor backups, half-written outputs) are
    skipped. A file named twice is read once.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for arg in args:
        if arg.is_dir():
            members, unreadable = _members(arg, recursive)
            members = sorted((p for p in [*(m for m in members if m.suffix.lower() in
                                            ASSESSMENT_SUFFIXES and not m.is_dir()),
                                          *unreadable]
                              if not any(part.startswith(".") for part in
                                         p.relative_to(arg).parts)),
                             key=lambda p: p.as_posix())
            if not members:
                how = "in it or its subfolders" if recursive else "directly in it"
                hint = "" if recursive else " (use --recursive to read subfolders)"
                raise UsageError(f"the folder {arg} has no .yaml, .yml or .xlsx files {how}{hint}")
        else:
            members = [arg]
        for path in members:
            try:
                key = path.resolve()
            except (OSError, RuntimeError):  # a symlink loop: reported when it is read
                key = path.absolute()
            if key not in seen:
                seen.add(key)
                found.append(path)
    return found


def _members(folder: Path, recursive: bool) -> tuple[list[Path], list[Path]]:
    """Everything in the folder, and the subfolders that could not be read.

    Anything named like an assessment that is not a folder is kept, even a pipe or a
    broken link, so that it is listed as invalid, not skipped. A subfolder that cannot be
    read is listed as invalid too (``Path.rglob`` would skip it without a word)."""
    from checklist.load.reading import os_error_message

    def refused(exc: OSError) -> None:
        if exc.filename is None or Path(exc.filename) == folder:
            raise UsageError(f"the folder {folder} cannot be read: "
                             f"{os_error_message(exc)}") from None
        unreadable.append(Path(exc.filename))

    unreadable: list[Path] = []
    if not recursive:
        try:
            return list(folder.iterdir()), unreadable
        except OSError as exc:
            refused(exc)
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, onerror=refused):
        found += [Path(root, name) for name in (*dirs, *files)]
    return found, unreadable
