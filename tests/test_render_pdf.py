"""The PDF gap report: content, embedded results, structure, determinism and safety."""

from __future__ import annotations

import functools
import hashlib
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")

from conftest import MINI, ROOT  # noqa: E402
from test_render_formats import hostile_result, mini_good, mini_mixed  # noqa: E402

from checklist.render import json_output, pdf  # noqa: E402
from checklist.render.html import report_html  # noqa: E402
from checklist.render.pdf_engine import html_to_pdf_with_log  # noqa: E402
from checklist.result import Result  # noqa: E402


@functools.cache
def rendered(name: str) -> tuple[Result, bytes]:
    result = {"good": mini_good, "mixed": mini_mixed, "hostile": hostile_result}[name]()
    return result, pdf.render(result)


def reader(data: bytes) -> Any:
    return pypdf.PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [p.extract_text() for p in reader(data).pages]


@pytest.mark.parametrize("name", ["good", "mixed"])
def test_pdf_text_has_the_key_facts(name: str) -> None:
    result, data = rendered(name)
    pages = page_texts(data)
    n = len(pages)
    whole = "\n".join(pages)
    assert result.agency.name.split("<")[0].strip() in whole  # "Mixed Test Agency <b>& Co</b>"
    assert f"{result.summary.score.value:.1f}" in whole
    for gap in result.gaps:
        assert gap.rule in whole
    for i, text in enumerate(pages, start=1):
        assert f"Page {i} of {n}" in text
    assert result.report_id in pages[0]
    assert f"{result.summary.completion.numerator} of {result.summary.completion.denominator}" \
        in whole


def test_pdf_embeds_the_json_results_byte_for_byte() -> None:
    result, data = rendered("good")
    attachments = reader(data).attachments
    assert list(attachments) == ["results.json"]
    assert attachments["results.json"] == [json_output.render(result)]


def test_pdf_is_archival_tagged_and_dated_from_the_assessment() -> None:
    _, data = rendered("good")
    r = reader(data)
    xmp = r.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp
    assert r.metadata["/CreationDate"].startswith("D:20261101")
    assert "/StructTreeRoot" in r.trailer["/Root"]
    assert r.metadata["/Title"].startswith("Test Agency")


def test_pdf_has_bookmarks_for_sections_domains_and_rules() -> None:
    _, data = rendered("good")
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader(data).outline)
    for section in ("Executive summary", "Remediation plan", "Findings by domain",
                    "Statement of applicability", "Exceptions register", "Methodology",
                    "References", "Appendix: versions and fingerprints"):
        assert section in titles
    assert "Alpha domain" in titles
    assert "ALP-01 Written agreement" in titles


def test_pdf_uses_only_the_shipped_fonts() -> None:
    _, data = rendered("good")
    fonts: set[str] = set()
    for page in reader(data).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    assert all("Report-Sans" in f or "Report-Mono" in f for f in fonts), fonts


def test_report_renders_without_warnings() -> None:
    for make in (mini_good, mini_mixed, hostile_result):
        result = make()
        _, warnings = html_to_pdf_with_log(report_html(result, "pdf"), when=result.as_of)
        assert warnings == []


def test_table_of_contents_has_page_numbers() -> None:
    _, data = rendered("good")
    contents = page_texts(data)[1]  # page 1 is the Highlights; contents open page 2
    assert re.search(r"Executive summary\s*\.+\s*2", contents)
    assert re.search(r"Methodology\s*\.+\s*\d+", contents)


@pytest.mark.skipif(shutil.which("qpdf") is None,
                    reason="qpdf is not installed (CI installs it: apt-get install qpdf)")
@pytest.mark.parametrize("name", ["good", "mixed", "hostile"])
def test_qpdf_check_passes(name: str, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(rendered(name)[1])
    out = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "No syntax or stream encoding errors" in out.stdout


def test_hostile_text_is_printed_not_followed() -> None:
    result, data = rendered("hostile")
    r = reader(data)
    assert list(r.attachments) == ["results.json"]
    for page in r.pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            assert obj.get("/Subtype") != "/FileAttachment"
            action = obj.get("/A")
            assert action is None or action.get_object().get("/S") != "/URI", obj
        xobjects = (page["/Resources"].get("/XObject") or {}).values()
        assert not [x for x in xobjects if x.get_object().get("/Subtype") == "/Image"]
    whole = " ".join(page_texts(data))
    assert '<img src="file:///etc/hostname">' in whole
    assert "<script>alert(1)</script>" in whole
    assert "Agency <img src=file:///etc/hostname> | *x*" in whole
    hostname = Path("/etc/hostname")
    if hostname.exists():
        secret = hostname.read_text().strip()
        html = report_html(result, "pdf")
        if len(secret) >= 4 and secret not in html:
            assert secret not in whole
    assert b"root:x:0:0" not in data


def _sha_in_fresh_process(seed: str) -> str:
    code = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from checklist.load.assessment import load_assessment\n"
        "from checklist.evaluation import evaluate\n"
        "from checklist.render import pdf\n"
        f"p = Path({str(ROOT / 'tests' / 'data' / 'mini-mixed.yaml')!r})\n"
        f"l = load_assessment(p, {str(MINI)!r})\n"
        "r = evaluate(l.pack, l.assessment, input_name=p.name, input_sha256=l.sha256)\n"
        "print(hashlib.sha256(pdf.render(r)).hexdigest())\n"
    )
    env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin", "HOME": str(ROOT),
           "PYTHONPATH": str(ROOT), "CHECKLIST_NO_CACHE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True, env=env)
    return out.stdout.strip()


def test_same_inputs_give_byte_identical_pdfs_across_processes() -> None:
    first = _sha_in_fresh_process("1")
    second = _sha_in_fresh_process("2")
    assert first == second
    assert first == hashlib.sha256(rendered("mixed")[1]).hexdigest()


EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.skipif(not EXAMPLES, reason="no examples/*.yaml yet")
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_shipped_examples_render_cleanly_and_compactly(path: Path) -> None:
    from checklist.evaluation import evaluate
    from checklist.load.assessment import load_assessment

    loaded = load_assessment(path)
    result = evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                      input_sha256=loaded.sha256)
    data, warnings = html_to_pdf_with_log(report_html(result, "pdf"), when=result.as_of)
    assert warnings == []  # no missing glyph, font or resource
    pages = page_texts(data)
    # About three pages for every ten practices that apply (22 pages for the 73 of pack 1.0).
    budget = 0.3 * result.summary.rules_in_scope
    assert len(pages) <= budget, f"{len(pages)} pages for {result.summary.rules_in_scope} practices"
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
