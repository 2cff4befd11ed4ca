"""Refuse what is not a plain workbook, then open it for reading.

A workbook is a zip archive of XML. Before anything is unpacked or parsed, a file that is
not a zip (an old .xls, a password-protected file), one that unpacks to an absurd size,
one whose XML declares entities or a document type, and one that carries macros are
refused, each with a sentence saying what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from checklist.load.problems import InputError, Problem

MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def refuse(name: str, message: str) -> InputError:
    return InputError([Problem(name, 1, 1, message, "error", "the workbook")])


def _check_archive(raw: bytes, name: str) -> None:
    """Refuse what is not a plain workbook before openpyxl unpacks anything."""
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        if raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise refuse(name, "the file is protected with a password (or is an old .xls "
                         "file); save it without a password as an Excel workbook (.xlsx)")
        raise refuse(name, "the file is not a readable .xlsx workbook (it may be damaged); "
                     "open it in your office suite and save it again as .xlsx")
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = archive.infolist()
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise refuse(name, "the workbook unpacks to more than "
                         f"{MAX_UNPACKED_BYTES // 2**20} MB; an assessment is far smaller, "
                         "so the file is refused")
        if any(re.search(rb"<!(?:DOCTYPE|ENTITY)", archive.open(m).read(4096))
               for m in members if m.filename.endswith((".xml", ".rels"))):
            raise refuse(name, _DECLARATION)
        if any(m.filename.lower().endswith("vbaproject.bin") for m in members):
            raise refuse(name, "the workbook contains macros, which checklist never runs or "
                         "reads; save it as a plain Excel workbook (.xlsx) without macros")


_DECLARATION = ("the workbook's XML declares entities or a document type, which an office "
                "suite never writes and which can be used to attack XML readers; the file is "
                "refused")


def open_book(raw: bytes, name: str) -> Any:
    from checklist.load.xlsx_cells import Book, DeclarationRefused

    _check_archive(raw, name)
    try:
        return Book(zipfile.ZipFile(io.BytesIO(raw)))
    except DeclarationRefused:
        raise refuse(name, _DECLARATION) from None
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise refuse(name, "the file is not a readable .xlsx workbook "
                     f"({type(exc).__name__}); open it in your office suite and save it "
                     "again as .xlsx") from None
