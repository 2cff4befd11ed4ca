"""The PDF engine: safe fetching, attachments, dates, captured warnings."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")

from checklist.load.problems import RenderError  # noqa: E402
from checklist.render.pdf_engine import html_to_pdf, html_to_pdf_with_log  # noqa: E402
from checklist.render.safe_fetcher import RefusedURL, SafeFetcher  # noqa: E402
from checklist.resources import templates_dir  # noqa: E402

WHEN = dt.date(2026, 11, 1)
FONT = "fonts/DejaVuSansCondensed.ttf"


def page(body: str, head: str = "") -> str:
    return (f'<!doctype html><html lang="en"><head><title>T</title>{head}<style>'
            f'@font-face {{font-family: R; src: url({FONT})}} body {{font-family: R}}'
            f"</style></head><body><h1>Heading</h1>{body}</body></html>")


# --- the fetcher, directly ---------------------------------------------------------------

@pytest.fixture
def fetcher() -> SafeFetcher:
    return SafeFetcher(templates_dir())


def test_fetcher_serves_template_files_and_data_uris(fetcher: SafeFetcher) -> None:
    font = (templates_dir() / FONT).resolve()
    response = fetcher.fetch(font.as_uri())
    assert response.headers.get_content_type() == "font/ttf"
    assert fetcher.fetch("data:text/plain;base64,aGk=")._file_obj.read() == b"hi"


@pytest.mark.parametrize("url", [
    "file:///etc/hostname",
    "file:///etc/passwd",
    "http://example.invalid/x.png",
    "https://example.invalid/x.css",
    "ftp://example.invalid/x",
    "file://otherhost/etc/passwd",
])
def test_fetcher_refuses_everything_else(fetcher: SafeFetcher, url: str) -> None:
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)


def test_fetcher_refuses_path_traversal(fetcher: SafeFetcher) -> None:
    escaping = templates_dir().resolve().as_uri() + "/../../../../../../etc/hostname"
    with pytest.raises(RefusedURL):
        fetcher.fetch(escaping)
    with pytest.raises(RefusedURL):
        fetcher.fetch(templates_dir().resolve().as_uri() + "/fonts/%2e%2e/%2e%2e/pyproject.toml")


def test_fetcher_refuses_symlink_leaving_the_root(tmp_path: Path) -> None:
    root = tmp_path / "templates"
    root.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    os.symlink(secret, root / "link.css")
    (root / "ok.css").write_text("p {}")
    fetcher = SafeFetcher(root)
    assert fetcher.fetch((root / "ok.css").as_uri())._file_obj.read() == b"p {}"
    with pytest.raises(RefusedURL):
        fetcher.fetch((root / "link.css").as_uri())


# --- whole renders -----------------------------------------------------------------------

def test_pdf_is_archival_with_fixed_dates_and_the_attachment() -> None:
    pdf = html_to_pdf(page("<p>hello</p>"), attachments=[("results.json", b'{"a": 1}')],
                      when=WHEN)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {"results.json": [b'{"a": 1}']}
    assert reader.metadata["/CreationDate"].startswith("D:20261101")
    assert reader.metadata["/ModDate"].startswith("D:20261101")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    assert b"<xmp:CreateDate>2026-11-01</xmp:CreateDate>" in xmp
    assert "/StructTreeRoot" in reader.trailer["/Root"]


@pytest.mark.parametrize("resource", [
    '<img src="file:///etc/hostname">',
    '<img src="http://example.invalid/x.png">',
    '<link rel="stylesheet" href="https://example.invalid/x.css">',
    '<img src="../../../../../../etc/hostname">',
])
def test_refused_resource_fails_the_render_with_a_plain_message(resource: str) -> None:
    with pytest.raises(RenderError, match="could not be loaded"):
        html_to_pdf(page(resource), when=WHEN)


def test_html_cannot_add_attachments() -> None:
    body = ('<link rel="attachment" href="fonts/LICENSE-DejaVu.txt">'
            '<a rel="attachment" href="fonts/LICENSE-DejaVu.txt">licence</a>')
    pdf = html_to_pdf(page(body), attachments=[("results.json", b"{}")], when=WHEN)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert list(reader.attachments) == ["results.json"]
    for pdf_page in reader.pages:
        for annot in pdf_page.get("/Annots") or []:
            assert annot.get_object().get("/Subtype") != "/FileAttachment"
    assert b"Bitstream" not in pdf


def test_missing_font_is_fatal() -> None:
    html = page("<p>x</p>").replace(FONT, "fonts/NoSuchFont.ttf")
    with pytest.raises(RenderError, match="could not be loaded"):
        html_to_pdf(html, when=WHEN)


def test_warnings_are_captured_not_printed(capsys: pytest.CaptureFixture[str]) -> None:
    _, warnings = html_to_pdf_with_log(page("<p>株</p>"), when=WHEN)
    assert any(".notdef" in w for w in warnings)
    captured = capsys.readouterr()
    assert ".notdef" not in captured.err + captured.out


def test_source_date_epoch_is_restored() -> None:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    html_to_pdf(page("<p>x</p>"), when=WHEN)
    assert os.environ.get("SOURCE_DATE_EPOCH") == before
