"""The pack's glossary in the report: a Glossary section listing the acronyms the report
uses, and each acronym spelled out at its first use on the Highlights page, in English
and in Spanish; a pack without a glossary prints no section."""

from __future__ import annotations

import dataclasses
import functools
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, assessment, full_answers, result_of

from checklist.cli import main
from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment
from checklist.render import render
from checklist.render import report_view as h
from checklist.render.glossary import FirstUse, glossary_terms
from checklist.result import GlossaryTerm, Result

COUNTY = ROOT / "examples" / "county-sheriff.yaml"
CJI = GlossaryTerm("CJI", "criminal justice information")
CJIS = GlossaryTerm("CJIS", "Criminal Justice Information Services")
MOU = GlossaryTerm("MOU", "memorandum of understanding")


def county() -> Result:
    loaded = load_assessment(COUNTY)
    return evaluate(loaded.pack, loaded.assessment, input_name=COUNTY.name,
                    input_sha256=loaded.sha256)


@functools.cache
def county_pdf_pages() -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("weasyprint")
    reader = pypdf.PdfReader(io.BytesIO(render(county(), "pdf")))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


# --- spelling out at first use -------------------------------------------------------------

def test_each_term_is_spelled_out_once_at_its_first_use() -> None:
    spell = FirstUse([CJI, CJIS, MOU], set())
    assert spell.all(["Access to CJI is logged", "CJI again; the CJIS policy", "CJIS"]) == (
        "Access to criminal justice information (CJI) is logged",
        "CJI again; the Criminal Justice Information Services (CJIS) policy", "CJIS")


def test_a_term_at_the_start_is_capitalised_and_a_plural_counts() -> None:
    spell = FirstUse([MOU, CJI], set())
    assert spell("MOUs are signed. CJI is kept") == (
        "Memorandum of understanding (MOUs) are signed. Criminal justice information (CJI) "
        "is kept")


def test_a_text_that_already_spells_the_term_out_is_left_alone() -> None:
    spell = FirstUse([MOU], set())
    text = "A memorandum of understanding (MOU) is signed"
    assert spell(text) == text
    assert spell("the MOU") == "the MOU"


def test_a_term_inside_a_longer_word_or_id_is_not_a_use() -> None:
    spell = FirstUse([CJI, MOU], set())
    assert spell("CJIS, MOU-7, XMOU and CJI2") == "CJIS, MOU-7, XMOU and CJI2"


# --- the report ----------------------------------------------------------------------------

def test_county_pdf_prints_the_glossary_and_spells_out_on_page_one() -> None:
    pages = county_pdf_pages()
    glossary = next(i for i, p in enumerate(pages) if "Glossary The acronyms used" in p)
    text = " ".join(pages[glossary:glossary + 2])
    assert "MOU memorandum of understanding" in text
    assert "CJI criminal justice information" in text
    assert "287(g) section 287(g) of the Immigration and Nationality Act" in text
    assert glossary > 1 and text.index("Glossary") < text.index("References")
    first = pages[0]
    assert "criminal justice information (CJI)" in first
    assert first.count("criminal justice information (CJI)") == 1


def test_only_the_terms_the_report_uses_are_listed() -> None:
    result = county()
    used = {g.term for g in glossary_terms(result)}
    assert {"MOU", "CJI", "CJIS", "287(g)"} <= used
    unused = {g.term for g in result.glossary} - used
    assert unused, "the county report should not use every term"
    html = render(result, "html").decode()
    for term in unused:
        assert f"<dt>{term}</dt>" not in html


def test_a_pack_without_a_glossary_prints_no_section() -> None:
    result = result_of(assessment(full_answers()))
    assert result.glossary == ()
    assert 'id="glossary"' not in render(result, "html").decode()
    assert "## Glossary" not in render(result, "md").decode()


def test_acronyms_in_user_text_are_spelled_out_as_plain_escaped_text() -> None:
    result = result_of(assessment(full_answers(), agency={"name": "<b>MOU</b> Office"}))
    result = dataclasses.replace(result, glossary=(MOU,))
    view = h.build(result)
    assert view.highlights is not None
    assert view.highlights.key_message[0].startswith(
        "<b>memorandum of understanding (MOU)</b> Office scores")
    html = render(result, "html").decode()
    assert "&lt;b&gt;memorandum of understanding (MOU)&lt;/b&gt; Office" in html
    assert "<b>memorandum" not in html
    assert "- **MOU** memorandum of understanding" in render(result, "md").decode()


def test_spanish_report_uses_the_spanish_expansions(tmp_path: Path) -> None:
    out = tmp_path / "informe.html"
    run = CliRunner().invoke(main, ["evaluate", str(COUNTY), "--lang", "es", "-o", str(out)])
    assert run.exit_code == 0, run.output
    html = out.read_text()
    highlights = html.split('id="highlights"')[1].split("<main>")[0]
    assert "información de justicia penal (CJI)" in highlights
    glossary = html.split('id="glossary"')[1].split("</section>")[0]
    assert "Glosario" in glossary
    assert "<dt>MOU</dt> <dd>memorando de entendimiento." in glossary
    assert "memorandum of understanding" not in glossary
