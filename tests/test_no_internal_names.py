"""Internal names never reach a reader: outside the appendix, no report shows a snake_case
identifier (a fact, profile question, choice, objective, parameter or gate id). Findings name
a fact by its label (the id in words when the pack gives none), the answer file and
``rules show`` give the label, and ``rules list`` warns about facts without one.

Each example is rendered once per language (module cache): a PDF costs seconds."""

from __future__ import annotations

import functools
import html
import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import MINI, MINI_GOOD, ROOT, assessment, full_answers, pack_rule, result_of

from checklist.cli import main
from checklist.evaluation import evaluate
from checklist.i18n import language, using
from checklist.i18n.localize import for_format
from checklist.i18n.pack_text import fingerprint
from checklist.load.assessment import load_assessment
from checklist.load.packs import load_pack
from checklist.render import render
from checklist.result import Result

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
APPENDIX = "Appendix: versions and fingerprints"
CASES = [(p.stem, "en") for p in EXAMPLES] + [("county-sheriff", "es")]


def _documents(path: Path, lang: str, formats: tuple[str, ...],
               pack: str | None = None) -> tuple[Result, dict[str, bytes]]:
    loaded = load_assessment(path, pack)
    result = evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                      input_sha256=loaded.sha256)
    with using(lang) as chosen:
        return result, {fmt: render(for_format(result, loaded.pack, chosen, fmt), fmt)
                        for fmt in formats}


@functools.cache
def example(name: str, lang: str) -> tuple[Result, dict[str, bytes]]:
    return _documents(ROOT / "examples" / f"{name}.yaml", lang, ("pdf", "html", "md"))


def _pdf_text(data: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def reader_text(fmt: str, data: bytes, lang: str) -> str:
    """What a reader sees, the appendix cut off: the PDF's text up to the appendix's
    heading (its last occurrence: the contents list names it first), the HTML's visible
    text without the appendix section, the Markdown up to the appendix's heading."""
    heading = language(lang).gettext(APPENDIX)
    if fmt == "pdf":
        text = _pdf_text(data)
        return text[:text.rindex(heading)]
    page = data.decode("utf-8")
    if fmt == "html":
        page = re.sub(r'<section id="appendix".*?</section>', " ", page, flags=re.S)
        page = re.sub(r"<(style|head)\b.*?</\1>", " ", page, flags=re.S)
        return html.unescape(re.sub(r"<[^>]+>", " ", page))
    page = page.replace("\\_", "_")  # Markdown escapes the underscores it prints
    return page[:page.rindex("## " + heading)]


def internal_names(text: str, result: Result) -> set[str]:
    """snake_case words in ``text``, leaving out those inside a source's web address (an
    address is printed as it is, and a PDF may break it across lines)."""
    urls = " ".join(s.url for s in result.sources)
    return {word for word in SNAKE.findall(text) if word not in urls}


@pytest.mark.skipif(not EXAMPLES, reason="no examples/*.yaml")
@pytest.mark.parametrize(("name", "lang"), CASES, ids=[f"{n}-{lang}" for n, lang in CASES])
@pytest.mark.parametrize("fmt", ["pdf", "html", "md"])
def test_no_identifier_outside_the_appendix(name: str, lang: str, fmt: str) -> None:
    if fmt == "pdf":
        pytest.importorskip("weasyprint")
    result, documents = example(name, lang)
    text = reader_text(fmt, documents[fmt], lang)
    assert internal_names(text, result) == set()


def test_the_appendix_is_what_the_cut_leaves_out() -> None:
    """The cut above keeps the report's body: the findings and the applicability are in,
    the input file's fingerprint (in the appendix only) is out."""
    result, documents = _documents(MINI_GOOD, "en", ("html", "md"), str(MINI))
    for fmt, data in documents.items():
        text = reader_text(fmt, data, "en")
        assert "Statement of applicability" in text and "Methodology" in text, fmt
        assert result.input.sha256 not in text, fmt
        assert result.input.sha256 in data.decode("utf-8"), fmt


def test_the_mini_pack_reports_name_nothing_by_id() -> None:
    """Every kind of id of the mini pack (facts labelled or not, questions, choices,
    objectives, parameters, the gate) is spelt out in the HTML and the Markdown."""
    data = assessment({
        "ALP-01": {"status": "implemented", "objectives": {"roles": True},
                   "facts": {"expires_on": "2026-10-01"}},
        "ALP-02": {"status": "partial", "facts": {"completion_pct": 80, "roster_size": 30}},
        "BET-01": {"status": "implemented", "facts": {"published": False}},
    }, profile={"size": "large", "programs": ["alpha"]}, parameters={"review_days": 200})
    result = result_of(data)
    for fmt in ("html", "md"):
        text = reader_text(fmt, render(result, fmt), "en")
        assert internal_names(text, result) == set(), fmt
        assert "How large is the agency?" in text and "50 staff or more" in text, fmt


# --- findings name the fact by its label --------------------------------------------------


def _finding(result: Result, rule_id: str, code: str) -> Any:
    rule = next(r for r in result.rules if r.id == rule_id)
    return next(f for f in rule.findings if f.code == code)


def test_a_finding_quotes_the_label_and_keeps_the_id_in_its_params() -> None:
    answers = full_answers() | {"ALP-02": {"status": "implemented",
                                           "facts": {"completion_pct": 82, "roster_size": 20}}}
    f = _finding(result_of(assessment(answers)), "ALP-02", "check_failed")
    assert f.message == "“share of staff trained” is 82%, below the minimum of 90%"
    assert f.params["fact"] == "completion_pct"
    assert f.params["label"] == "share of staff trained"


def test_a_fact_without_a_label_is_named_by_its_id_in_words() -> None:
    answers = full_answers() | {"ALP-02": {"status": "implemented",
                                           "facts": {"completion_pct": 95, "roster_size": 30}}}
    f = _finding(result_of(assessment(answers)), "ALP-02", "check_failed")
    assert f.message == "“roster size” is 30 people, above the maximum of 25 people"
    assert f.params["fact"] == "roster_size" and f.params["label"] == "roster size"


def test_a_missing_fact_is_named_by_its_label_twice() -> None:
    answers = full_answers() | {"ALP-02": {"status": "implemented",
                                           "facts": {"roster_size": 20}}}
    f = _finding(result_of(assessment(answers)), "ALP-02", "fact_missing")
    assert f.message == ("“share of staff trained” (Share of assigned staff trained) is not "
                         "given; it is needed to check that “share of staff trained” is at "
                         "least 90%")


def test_unmet_objectives_are_quoted_by_their_text() -> None:
    answers = full_answers()
    answers["ALP-01"]["objectives"] = {"roles": True, "supervision": True}
    f = _finding(result_of(assessment(answers)), "ALP-01", "objectives_unmet")
    assert f.message == "2 of 3 objectives met; not met: “The agreement states its term”"
    assert f.params["unmet"] == ("term",)


def _translated_pack(make_pack: Any) -> Path:
    label = "cases waiting for review"
    rule = pack_rule("AAA-01", facts=[
        {"id": "open_cases", "type": "integer", "label": label, "help": "Open cases"},
        {"id": "closed_cases", "type": "integer", "help": "Closed cases"}],
        checks=[{"fact": "open_cases", "test": "at_most", "value": 0},
                {"fact": "closed_cases", "test": "at_least", "value": 1}])
    folder = make_pack({"AAA": [rule]})
    (folder / "translations").mkdir()
    entry = {"source": fingerprint(label), "text": "casos pendientes de revisión"}
    (folder / "translations" / "es.yaml").write_text(yaml.safe_dump(
        {"language": "es", "entries": {"rule.AAA-01.fact.open_cases.label": entry}},
        allow_unicode=True), encoding="utf-8")
    return folder


def test_spanish_findings_use_the_translated_label(make_pack: Any) -> None:
    folder = _translated_pack(make_pack)
    data = assessment({"AAA-01": {"status": "implemented",
                                  "facts": {"open_cases": 3, "closed_cases": 0}}}, pack="gen")
    result = result_of(data, folder)
    with using("es") as es:
        shown = for_format(result, load_pack(str(folder)), es, "md")
    messages = [f.message for f in shown.rules[0].findings]
    assert messages == ["“casos pendientes de revisión” es 3, por encima del máximo de 0",
                        "“closed cases” es 0, por debajo del mínimo de 1"]
    # The id in words is not a pack text: it is neither translated nor counted as missing.
    assert "rule.AAA-01.fact.closed_cases.label" not in shown.language.stale
    assert shown.language.fell_back == shown.language.texts - shown.language.translated


# --- the answer file, rules show and rules list -------------------------------------------


def run(*args: str) -> Any:
    outcome = CliRunner().invoke(main, list(args))
    assert outcome.exit_code == 0, outcome.output
    return outcome


def test_the_answer_file_shows_the_label_above_the_fact_key(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    run("init", "--pack", str(MINI), "-o", str(out))
    text = out.read_text("utf-8")
    block = text[text.index("completion_pct:") - 300:text.index("completion_pct:")]
    assert "# Share of staff trained — Share of assigned staff trained" in block
    assert "\n      completion_pct:" in text  # the key stays the id


def test_rules_show_gives_each_facts_label() -> None:
    shown = run("rules", "show", "ALP-02", "--pack", str(MINI)).output
    assert "completion_pct (number, %): “share of staff trained”" in shown
    assert "roster_size (integer, people): “roster size” (no label: the id in words)" in shown
    assert "“share of staff trained” is at least 90" in shown


def test_rules_list_warns_about_facts_without_a_label() -> None:
    listed = CliRunner().invoke(main, ["rules", "list", "--pack", str(MINI)])
    assert listed.exit_code == 0
    assert listed.stderr.strip() == (
        "Warning: 3 facts in 2 rules of this pack have no label, so reports name them by "
        "the id in words; give each fact a label in the pack. Rules: ALP-02, BET-01")
    assert "Warning" not in listed.stdout


def test_rules_list_is_quiet_when_every_fact_has_a_label(make_pack: Any) -> None:
    rule = pack_rule("AAA-01", facts=[{"id": "open_cases", "type": "integer",
                                       "label": "open cases", "help": "Open cases"}])
    listed = CliRunner().invoke(main, ["rules", "list", "--pack", str(make_pack({"AAA": [rule]}))])
    assert listed.exit_code == 0 and listed.stderr == ""


def test_the_workbook_leads_a_facts_help_with_its_label(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "a.xlsx"
    run("init", "--pack", str(MINI), "-o", str(out))
    rows = list(openpyxl.load_workbook(out)["Facts"].iter_rows(values_only=True))
    about = {row[1]: row[5] for row in rows[1:]}
    assert about["completion_pct"] == "Share of staff trained — Share of assigned staff trained"
    assert about["roster_size"] == "Staff on the roster"  # no label: the help alone
