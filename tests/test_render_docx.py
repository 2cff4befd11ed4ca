"""The Word report: read back with python-docx, same bytes twice, opens in LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment
from checklist.render import render
from checklist.render.formats import FORMATS, format_for_path
from checklist.result import Result

EXAMPLE = ROOT / "examples" / "county-sheriff.yaml"


def example() -> Result:
    loaded = load_assessment(EXAMPLE, None)
    return evaluate(loaded.pack, loaded.assessment, input_name=EXAMPLE.name,
                    input_sha256=loaded.sha256)


def test_docx_is_deterministic_and_chosen_by_extension() -> None:
    assert format_for_path(Path("report.docx")) is FORMATS["docx"]
    result = example()
    assert render(result, "docx") == render(result, "docx")


def test_docx_reads_back_with_headings_tables_chart_and_page_numbers() -> None:
    import docx

    result = example()
    doc = docx.Document(io.BytesIO(render(result, "docx")))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Highlights", "Executive summary", "Document control and attestation",
                        "Remediation plan", "Findings by domain",
                        "Statement of applicability", "Exceptions register", "Methodology",
                        "Glossary", "References", "Appendix: versions and fingerprints"]
    assert doc.core_properties.created.date() == result.as_of
    plan = next(t for t in doc.tables if t.rows[0].cells[0].text == "#"
                and t.rows[0].cells[-1].text == "Target" and len(t.rows) > 6)
    assert [row.cells[1].text.split()[0] for row in plan.rows[1:]] == [g.rule for g in result.gaps]
    assert all(t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for t in doc.tables)
    alt = doc.inline_shapes[0]._inline.docPr.get("descr")
    assert all(d.title in alt for d in result.domains)
    assert doc.sections[0].footer.paragraphs[0]._p.xpath(".//w:fldSimple[@w:instr='PAGE']")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_it_with_agency_score_and_every_gap(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    result = example()
    source = tmp_path / "report.docx"
    source.write_bytes(render(result, "docx"))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=300)
    reader = pypdf.PdfReader(str(tmp_path / "report.pdf"))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    flat = " ".join(text.split())
    assert " ".join(result.agency.name.split()) in flat
    assert f"Score {result.summary.score.value:.1f} of 100" in flat
    missing = [g.rule for g in result.gaps if g.rule not in flat]
    assert not missing
