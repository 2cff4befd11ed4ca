"""A cache of loaded rule packs, so that each run does not re-read and re-check them.

Reading and cross-checking the shipped pack costs about as much as everything else a
JSON evaluation does. The checked pack is kept as a pickle in the user's cache folder
(``$CHECKLIST_CACHE_DIR``, else ``$XDG_CACHE_HOME/checklist``, else
``~/.cache/checklist``). ``CHECKLIST_NO_CACHE=1`` turns it off. The same folder keeps the
compiled report templates (:mod:`checklist.render.templating`).

An entry is found by the pack folder's path, the bytes of its ``pack.yaml``, the versions
of checklist, pydantic and Python, and the size and modification time of the modules that
define and read packs (so an edited checkout of checklist never unpickles a pack built by
older model classes). It then holds the list of every file the loader read for
that pack (whatever their folder or extension) with each file's SHA-256, and is used only if
every one of those files still has the same bytes: any edit to any file the loader reads
misses the cache. A cache that cannot be read or written is ignored: it never changes a
result or causes an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

import pydantic

from checklist import __version__
from checklist.load import inputs
from checklist.load.problems import InputError
from checklist.load.reading import read_input_bytes

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


MANIFEST = "pack.yaml"


_PACKAGE = Path(__file__).resolve().parent.parent
# The modules whose classes and rules make up a loaded pack.
_PACK_CODE = ("models/*.py", "load/*.py", "checks.py", "statuses.py")


def _code_stamp() -> str:
    parts = []
    for pattern in _PACK_CODE:
        for path in sorted(_PACKAGE.glob(pattern)):
            info = path.stat()
            parts.append(f"{path.relative_to(_PACKAGE).as_posix()}:{info.st_size}:{info.st_mtime_ns}")
    return ";".join(parts)


def _key(folder: Path) -> str:
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{pydantic.VERSION}\0{sys.version}\0{folder}\0".encode())
    digest.update(_code_stamp().encode())
    # A FIFO or device as pack.yaml must not block here: the loader reports it.
    digest.update(read_input_bytes(folder / MANIFEST))
    return digest.hexdigest()


def _file_hashes(folder: Path, files: Sequence[str]) -> tuple[tuple[str, str], ...]:
    return tuple((name, hashlib.sha256(read_input_bytes(folder / name)).hexdigest())
                 for name in files)


def _entry(folder: Path) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    try:
        return root / f"pack-{_key(folder)}.pickle"
    except (OSError, ValueError, InputError):
        return None


def load(folder: Path, kind: type[T]) -> T | None:
    """The cached pack for ``folder``, or None when any file it was read from has changed.

    The files are recorded as inputs of this run (:mod:`checklist.load.inputs`), as the
    loader would have recorded them.
    """
    entry = _entry(folder)
    if entry is None or not entry.is_file():
        return None
    try:
        with entry.open("rb") as handle:
            hashes, value = pickle.load(handle)
        names = [name for name, _ in hashes]
        if _file_hashes(folder, names) != tuple(hashes):
            return None
    except Exception:  # a damaged, foreign or outdated entry is simply rebuilt
        return None
    if not isinstance(value, kind):
        return None
    inputs.record_all(folder / name for name in names)
    return value


def store(folder: Path, value: object, files: Sequence[str]) -> None:
    """Keep ``value`` for ``folder``, valid while each of ``files`` keeps its bytes."""
    entry = _entry(folder)
    if entry is None:
        return
    try:
        hashes = _file_hashes(folder, files)
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".pack-", dir=entry.parent)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump((hashes, value), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
        _prune(entry.parent, keep=KEEP_ENTRIES)
    except OSError:
        return


def _prune(folder: Path, keep: int) -> None:
    """Remove all but the ``keep`` most recently written pack entries."""
    entries = sorted(folder.glob("pack-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)
