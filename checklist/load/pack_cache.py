"""A cache of loaded rule packs, so that each run does not re-read and re-check them.

Reading and cross-checking the shipped pack costs about as much as everything else a
JSON evaluation does. The checked pack is kept as a pickle in the user's cache folder
(``$CHECKLIST_CACHE_DIR``, else ``$XDG_CACHE_HOME/checklist``, else
``~/.cache/checklist``), keyed by the pack folder's path, the bytes of every YAML file in it and
by the versions of checklist, pydantic and Python: any change to any of them misses
the cache. ``CHECKLIST_NO_CACHE=1`` turns it off. The same folder keeps the compiled
report templates (:mod:`checklist.render.templating`). A cache that cannot be read or
written is ignored: it never changes a result or causes an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TypeVar

import pydantic

from checklist import __version__

T = TypeVar("T")

# A user normally has one or two packs; old versions' entries are removed past this.
KEEP_ENTRIES = 16


def cache_dir() -> Path | None:
    if os.environ.get("CHECKLIST_NO_CACHE"):
        return None
    chosen = os.environ.get("CHECKLIST_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "checklist"


def fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{pydantic.VERSION}\0{sys.version}\0{folder}\0".encode())
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _entry(folder: Path) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    try:
        return root / f"pack-{fingerprint(folder)}.pickle"
    except OSError:
        return None


def load(folder: Path, kind: type[T]) -> T | None:
    entry = _entry(folder)
    if entry is None or not entry.is_file():
        return None
    try:
        with entry.open("rb") as handle:
            value = pickle.load(handle)
    except Exception:  # a damaged or foreign cache entry is simply rebuilt
        return None
    return value if isinstance(value, kind) else None


def store(folder: Path, value: object) -> None:
    entry = _entry(folder)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".pack-", dir=entry.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
        _prune(entry.parent, keep=KEEP_ENTRIES)
    except OSError:
        return


def _prune(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently written pack entries."""
    entries = sorted(folder.glob("pack-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
