"""Writing output files: atomically for regular files, never over an input, never
replacing a device, and with the permissions the user's umask gives new files."""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from checklist.load import inputs
from checklist.load.problems import UsageError


def refuse_overwriting_inputs(output: Path, paths: Iterable[Path] = ()) -> None:
    """Refuse an output that is one of ``paths`` or any file this run has read.

    Call it before any work is done, so that a clash costs nothing; :func:`write_atomically`
    checks again at the moment of writing.
    """
    if str(output) == "-":
        return
    inputs.record_all(paths)
    clash = inputs.input_at(output)
    if clash is not None:
        same = "" if clash.resolve() == output.resolve() else f" (the same file as {clash})"
        raise UsageError(f"the output {output} is a file this command reads{same}; "
                         "choose another output name (inputs are never overwritten)")


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``; ``-`` is standard output.

    A regular file (or a new one) is written to a temporary file beside it and renamed into
    place, so readers see either the old file or the complete new one. A symbolic link is
    followed and the file it points to is replaced. A character device or a named pipe
    (``/dev/null``, ``/dev/stdout``, a FIFO) is written to directly and never replaced.
    """
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    refuse_overwriting_inputs(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        _write_to_device(path, data)
        return
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"cannot write {path}: it is a folder; give a file name")
    if mode is not None and not stat.S_ISREG(mode):
        raise UsageError(f"cannot write {path}: it is a special file, not a regular file; "
                         "give another file name")
    target = path.resolve() if path.is_symlink() else path
    _replace_regular_file(target, data, path, keep_mode=mode)


def _write_to_device(path: Path, data: bytes) -> None:
    try:
        flags = (os.O_WRONLY | os.O_NONBLOCK) if _is_fifo(path) else os.O_WRONLY
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise UsageError(f"cannot write {path}: no program is reading from this pipe") from None
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        if _is_fifo(path):
            os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {_reason(exc)}") from None
    finally:
        os.close(fd)


def _is_fifo(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False


def _replace_regular_file(target: Path, data: bytes, shown: Path, keep_mode: int | None) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {shown}: the folder {folder} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:  # an unwritable place is the user's to fix, not a fault
        raise UsageError(f"cannot write {shown}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, stat.S_IMODE(keep_mode) if keep_mode is not None else _new_file_mode())
        os.replace(tmp_name, target)
    except OSError as exc:
        Path(tmp_name).unlink(missing_ok=True)
        raise UsageError(f"cannot write {shown}: {_reason(exc)}") from None
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def _new_file_mode() -> int:
    """What ``open()`` would give a new file under the current umask (0o666 minus umask)."""
    current = os.umask(0o022)
    os.umask(current)
    return 0o666 & ~current


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk (or device) is full"
    return exc.strerror or str(exc)
