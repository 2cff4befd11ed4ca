"""Read an input file's bytes: regular files only (or standard input when asked for),
with the size limit applied while reading, and every path error as a plain message.

A FIFO would block for ever and ``/dev/zero`` would fill memory, so anything that is
not a regular file is refused before a byte is read. The file is opened without
blocking (a FIFO with no writer opens at once) and checked with ``fstat`` on the open
descriptor, so a symlink swapped after the check cannot slip a device in.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from checklist.load.problems import InputError, Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
_CHUNK = 1024 * 1024
STDIN_NAMES = ("-", "/dev/stdin")

_ERRNO_MESSAGES = {
    errno.ENOENT: "file not found",
    errno.EISDIR: "this is a folder, not a file",
    errno.EACCES: "permission denied when reading the file",
    errno.EPERM: "permission denied when reading the file",
    errno.ELOOP: "the path goes round a loop of symbolic links; point it at the real file",
    errno.ENOTDIR: "a part of the path before the file name is a file, not a folder",
    errno.ENAMETOOLONG: "the file name or path is too long for the system",
}


def _fail(name: str, message: str) -> InputError:
    return InputError([Problem(name, 1, 1, message)])


def _too_big(name: str, limit: int) -> InputError:
    return _fail(name, f"the file is larger than {limit // 1_048_576} MB; larger "
                 "files are refused (an assessment is usually well under 1 MB)")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def os_error_message(exc: OSError) -> str:
    """A plain sentence for an error from opening or reading a path."""
    known = _ERRNO_MESSAGES.get(exc.errno or 0)
    if known:
        return known
    return f"the file cannot be read ({exc.strerror or exc})"


def _read_limited(stream: BinaryIO, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > limit:
            raise _too_big(name, limit)
        chunks.append(chunk)


def _read_stdin(name: str) -> bytes:
    stream = sys.stdin.buffer
    try:
        mode = os.fstat(stream.fileno()).st_mode
    except (OSError, ValueError):
        mode = stat.S_IFIFO
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        raise _fail(name, f"standard input is {_kind(mode)}; pipe or redirect a YAML file "
                    "into it instead")
    return _read_limited(stream, name)


def read_input_bytes(path: Path, name: str | None = None,
                     limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of ``path``, or :class:`InputError` naming the file and what is wrong.

    Only a regular file (or standard input, when named) is read, and never more than
    ``limit`` bytes: a workbook, being compressed, has a larger limit than a YAML file."""
    shown = name or str(path)
    if str(path) in STDIN_NAMES:
        return _read_stdin(shown)
    if "\x00" in str(path):
        raise _fail(shown.replace("\x00", "\\x00"),
                    "the file name contains a NUL byte, which no file name can hold")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _fail(shown, os_error_message(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _fail(shown, f"this is {_kind(info.st_mode)}, not a regular file; "
                        "only ordinary files are read")
        if info.st_size > limit:
            raise _fail(shown, f"the file is {info.st_size / 1_048_576:.1f} MB; files larger "
                        f"than {limit // 1_048_576} MB are refused (an assessment "
                        "is usually well under 1 MB)")
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return _read_limited(stream, shown, limit)
    except OSError as exc:
        raise _fail(shown, os_error_message(exc)) from None
    finally:
        os.close(fd)
