"""A PDF render leaves nothing in TMPDIR, whether it ends well, with an error or by a
signal, and long unbroken runs of text get break opportunities (the layout stays fast).
The signal tests run the command in a subprocess and are skipped without POSIX signals."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from checklist.load.problems import RenderError
from checklist.render.line_breaks import CHUNK, LONG_RUN, ZWSP, breakable
from checklist.render.pdf_engine import html_to_pdf
from tests.conftest import MINI, MINI_GOOD

CHECKLIST = [sys.executable, "-m", "checklist"]
# A font face makes WeasyPrint copy the font into a temporary folder of its own.
HTML = ('<html><head><style>@font-face { font-family: T; src: url("fonts/DejaVuSansCondensed.ttf") }'
        ' p { font-family: T }</style></head><body><p>Report</p></body></html>')
needs_signals = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals only")


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_finished_render_leaves_no_temporary_folder(scratch: Path) -> None:
    assert html_to_pdf(HTML, when=dt.date(2026, 11, 1)).startswith(b"%PDF")
    assert list(scratch.iterdir()) == []
    assert tempfile.tempdir == str(scratch)


def test_a_failed_render_leaves_no_temporary_folder(scratch: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    made: list[Path] = []

    def fail(*args: object, **kwargs: object) -> bytes:
        made.extend(p for p in scratch.rglob("weasyprint-*"))
        raise ValueError("no room on the page")

    monkeypatch.setattr(weasyprint.Document, "write_pdf", fail)
    with pytest.raises(RenderError) as failure:
        html_to_pdf(HTML, when=dt.date(2026, 11, 1))
    assert made, "WeasyPrint made no temporary folder; the test proves nothing"
    # The traceback still holds WeasyPrint's font configuration: its own clean-up has not
    # run, and the folder must be gone all the same.
    assert failure.value.__traceback__ is not None
    assert list(scratch.iterdir()) == []


@needs_signals
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_once_weasyprint_has_made_its_folder_leaves_nothing(
        tmp_path: Path, signum: int, code: int) -> None:
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    scratch.mkdir()
    proc = subprocess.Popen([*CHECKLIST, "evaluate", str(MINI_GOOD), "--pack", str(MINI),
                             "-o", str(out / "report.pdf")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "TMPDIR": str(scratch)})
    deadline = time.monotonic() + 90
    while proc.poll() is None and time.monotonic() < deadline:
        if any(p.name.startswith("weasyprint-") for p in scratch.rglob("*")):
            break
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.skip("the render finished before it could be interrupted")
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    # The shell reports 128 + n either way: an exit with that code, or (seen on a loaded
    # machine, after the message was printed) the interpreter ending by the signal itself.
    assert proc.returncode in (code, -signum), stderr
    assert "nothing was written" in stderr
    assert "Traceback" not in stderr
    assert list(out.iterdir()) == []
    assert list(scratch.iterdir()) == []


def test_long_runs_get_break_opportunities_and_nothing_else_changes() -> None:
    run = "x" * (CHUNK * 3 + 5)
    html = (f'<style>a{{b:url(data:{"A" * 80})}}</style><p title="{"t" * 80}">{run} '
            f'{"s" * (LONG_RUN - 1)} {"y" * 25}&amp;{"z" * 25}</p>')
    out = breakable(html)
    assert out.replace(ZWSP, "") == html
    text = out.split("<p", 1)[1].split(">", 1)[1]
    assert all(len(piece) <= CHUNK for piece in text.split(" ")[0].split(ZWSP))
    assert f' {"s" * (LONG_RUN - 1)} ' in out  # a short run is left alone
    assert "&amp;" in out and "&a" + ZWSP not in out and ZWSP + "amp;" not in out
    assert ZWSP not in out.split("<p", 1)[0] and f'title="{"t" * 80}"' in out


def test_a_long_unbroken_value_is_printed_whole() -> None:
    from pypdf import PdfReader

    word = "Q" * 3000
    pdf = html_to_pdf(f"<html><body><p>{word}</p></body></html>", when=dt.date(2026, 11, 1))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count("Q") == len(word)
