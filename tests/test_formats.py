"""The format registry: every document type in every format it declares, and one chooser."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from documents import sample
from pypdf import PdfReader

from checklist.load.problems import UsageError
from checklist.render.formats import DOCUMENTS, FORMATS, choose, format_for_path, render

PAIRS = [(d, f) for d, doc in DOCUMENTS.items() for f in doc.formats]


def embedded_fonts(reader: PdfReader) -> set[str]:
    """The names of the fonts the pages use (a subset is named ``ABCDEF+Family-Style``): a
    PDF must use only the package's own fonts, never one the machine happens to have."""
    names: set[str] = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        names |= {str(font.get_object()["/BaseFont"]) for font in fonts.get_object().values()}
    return names


def check_output(fmt: str, data: bytes) -> str:
    """The output parses as its format; returns its text."""
    if fmt == "pdf":
        assert data.startswith(b"%PDF-")
        reader = PdfReader(io.BytesIO(data))
        fonts = embedded_fonts(reader)
        assert fonts and all("+Report-" in f for f in fonts), f"fonts not the package's: {fonts}"
        return "\n".join(page.extract_text() for page in reader.pages)
    if fmt == "docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    text = data.decode("utf-8-sig")
    if fmt == "json" or fmt.startswith("oscal-"):
        json.loads(text)
    elif fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf"), "every CSV starts with a byte-order mark"
        assert len(list(csv.reader(io.StringIO(text)))) > 1
    elif fmt == "html":
        assert text.lstrip().lower().startswith("<!doctype html>")
    elif fmt == "md":
        assert text.startswith("# ")
    return text


@pytest.mark.parametrize(("document", "fmt"), PAIRS)
def test_every_document_in_every_declared_format(document: str, fmt: str,
                                                 tmp_path: Path) -> None:
    data = sample(document, tmp_path, agency="Zebra Unique Agency")
    text = check_output(fmt, render(document, data, fmt))
    assert "Zebra Unique Agency" in text.replace("\n", " ")


def test_every_declared_format_exists_and_extensions_are_unique() -> None:
    seen: set[str] = set()
    for f in FORMATS.values():
        assert f.extensions and not seen & set(f.extensions)
        seen |= set(f.extensions)
    for doc in DOCUMENTS.values():
        assert set(doc.formats) <= set(FORMATS), doc.name


def test_chooser_prefers_the_option_then_the_extension_then_json() -> None:
    assert choose("report", Path("x.pdf"), "md").name == "md"
    assert choose("report", Path("x.HTM"), None).name == "html"
    assert choose("rollup", None, None).name == "json"
    assert choose("comparison", Path("-"), None).name == "json"
    assert format_for_path(Path("x.markdown")) == FORMATS["md"]


def test_one_message_for_an_unsupported_pair() -> None:
    with pytest.raises(UsageError, match="the comparison cannot be written as CSV; it can "
                                         "be written as json, pdf, html, md"):
        choose("comparison", Path("out.csv"), None)
    with pytest.raises(UsageError, match=r"cannot tell the format of 'out\.txt'"):
        choose("report", Path("out.txt"), None)


# --- the same hostile strings in every document type and format --------------------------

HOSTILE = ('<script>alert(1)</script> <img src="file:///etc/hostname"> [l](http://x.invalid) '
           '*b* _i_ `c` ~s~ $m$ | &amp; \x1b[31mred\x07 nul\x00 c1\x85\x9b end')
FORMULA = "  =HYPERLINK(\"http://x.invalid\")"


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize(("document", "fmt"), PAIRS)
def test_hostile_text_is_neutralised_everywhere(document: str, fmt: str,
                                                tmp_path: Path) -> None:
    data = sample(document, tmp_path, agency=HOSTILE, notes=FORMULA)
    raw = render(document, data, fmt)
    text = check_output(fmt, raw)
    if fmt == "json" or fmt.startswith("oscal-"):
        assert "\\u001b[31mred" in raw.decode("utf-8")  # JSON escapes keep the exact text
        return
    for control in ("\x1b", "\x07", "\x00", "\x85", "\x9b"):
        assert control not in text, (control, fmt)
    assert re.search(r"\ufffd\\?\[31mred", text)  # the escape character is shown, not hidden
    if fmt in ("html", "md"):
        assert not re.search(r"(?<!\\)<(script|img)", text)
    if fmt == "md":
        for mark in ("\\*b\\*", "\\_i\\_", "\\`c\\`", "\\~s\\~", "\\$m\\$", "\\|", "\\[l\\]"):
            assert mark in text, mark
    if fmt == "csv":
        cells = _csv_cells(text)
        assert not any(c.lstrip(" ").startswith(("=", "+", "-", "@")) for c in cells)
