"""The comparison, the roll-up and the init file in Spanish: no English fixed text is
left (the words below would show one), the figures are the same as in English, and
dates read "1 de octubre de 2026"."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, overload

import pytest
from click.testing import CliRunner
from conftest import MINI, ROOT

from checklist.cli import main
from checklist.i18n.pack_text import english_entries
from checklist.load.packs import load_pack

COMPARE = ROOT / "tests" / "data" / "portfolio" / "compare"
ROLLUP = ROOT / "tests" / "data" / "portfolio" / "rollup"
EXAMPLES = ROOT / "examples"

# Words of the English fixed texts that no Spanish sentence uses.
ENGLISH = {"the", "and", "of", "with", "from", "to", "is", "are", "was", "were", "score",
           "scores", "gap", "gaps", "rule", "rules", "practice", "practices", "summary",
           "none", "days", "assessment", "assessments", "rating", "change", "old", "new",
           "file", "files", "agency", "agencies", "version", "pack", "evidence", "not",
           "this", "that", "when", "which", "or", "each", "every", "answer", "answered",
           "status", "owner", "target", "date", "median", "share", "left", "out", "in",
           "by", "for", "before", "after", "least", "most", "checked", "required",
           "optional", "profile", "objectives", "report", "domain", "produced", "missed"}


def run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


@overload
def english_left(text: str, data_strings: set[str]) -> set[str]: ...


@overload
def english_left(text: str, data_strings: set[str], joined: Literal[True]) -> str: ...


def english_left(text: str, data_strings: set[str], joined: bool = False) -> set[str] | str:
    """English words in ``text`` once the data (names, titles, files, pack texts that have
    no translation) is taken out (``joined``: the text left). A value is taken out only
    where it is not part of a longer word, so that the English "Audit" does not take
    "Audit" out of "Auditoría"."""
    for value in sorted(data_strings, key=len, reverse=True):
        if len(value) > 2:
            before = r"(?<!\w)" if value[0].isalnum() else ""
            after = r"(?!\w)" if value[-1].isalnum() else ""
            text = re.sub(before + re.escape(value) + after, " ", text)
    if joined:
        return text
    return {w for w in re.findall(r"[^\W\d]+", text.lower()) if w in ENGLISH}


def visible_text(page: str) -> str:
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _data(json_path: Path, pack: str) -> set[str]:
    strings = set(_strings(json.loads(json_path.read_text(encoding="utf-8"))))
    return strings | set(english_entries(load_pack(pack)).values())


@pytest.fixture
def comparison(tmp_path: Path) -> Path:
    old, new = str(COMPARE / "old.yaml"), str(COMPARE / "new.yaml")
    for fmt in ("html", "md", "json"):
        run("compare", old, new, "--pack", str(MINI), "-o", str(tmp_path / f"c.{fmt}"),
            "--lang", "es")
    return tmp_path


def test_comparison_has_no_english_fixed_text(comparison: Path) -> None:
    data = _data(comparison / "c.json", str(MINI))
    for name in ("c.html", "c.md"):
        text = (comparison / name).read_text(encoding="utf-8")
        shown = visible_text(text) if name.endswith("html") else text
        assert english_left(shown, data) == set(), name
    page = (comparison / "c.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in page
    assert "De la evaluación del <strong>1 de octubre de 2025</strong>" in page
    assert "Informe de avance" in page


def test_comparison_shows_the_same_figures_in_both_languages(comparison: Path,
                                                              tmp_path: Path) -> None:
    run("compare", str(COMPARE / "old.yaml"), str(COMPARE / "new.yaml"), "--pack", str(MINI),
        "-o", str(tmp_path / "en.md"))
    numbers = re.compile(r"[−+]?\d+\.\d")
    english = numbers.findall((tmp_path / "en.md").read_text(encoding="utf-8"))
    spanish = numbers.findall((comparison / "c.md").read_text(encoding="utf-8"))
    assert english == spanish and english


def test_comparison_json_stays_english(comparison: Path, tmp_path: Path) -> None:
    run("compare", str(COMPARE / "old.yaml"), str(COMPARE / "new.yaml"), "--pack", str(MINI),
        "-o", str(tmp_path / "en.json"))
    assert (comparison / "c.json").read_bytes() == (tmp_path / "en.json").read_bytes()


def test_rollup_has_no_english_fixed_text(tmp_path: Path) -> None:
    for fmt in ("html", "md", "json", "csv"):
        run("rollup", str(EXAMPLES), "-o", str(tmp_path / f"r.{fmt}"), "--lang", "es")
    data = _data(tmp_path / "r.json", "task-force-coordination")
    for name in ("r.html", "r.md"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        shown = visible_text(text) if name.endswith("html") else text
        assert english_left(shown, data) == set(), name
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "fecha de referencia: 1 de noviembre de 2026" in markdown
    assert "Acuerdos y facultades legales" in markdown  # the pack's translated domain
    assert "Calificadas En desarrollo" in markdown  # a translated band name
    assert "La traducción de la guía de reglas aún no ha sido revisada" in markdown
    header = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("agencia,jurisdiccion,archivo,estado,fecha,")
    assert "dominio_AGR" in header


def test_rollup_with_invalid_files_in_spanish(tmp_path: Path) -> None:
    run("rollup", str(ROLLUP), "--pack", str(MINI), "--allow-invalid", "-o",
        str(tmp_path / "r.html"), "--lang", "es")
    page = visible_text((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert "Archivos excluidos (1)" in page
    assert "1 de octubre de 2026" in page


def test_init_comments_are_spanish(tmp_path: Path) -> None:
    out = tmp_path / "evaluacion.yaml"
    run("init", "-o", str(out), "--lang", "es", "--as-of", "2026-11-01")
    text = out.read_text(encoding="utf-8")
    assert "report_language: \"es\"" in text or "report_language: es" in text
    # Comment lines joined back into paragraphs, so that wrapped pack texts can be taken out.
    comments = " ".join(" ".join(line.split("#", 1)[1].split()) for line in text.splitlines()
                        if "#" in line)
    pack = load_pack("task-force-coordination")
    untranslated = [v for k, v in english_entries(pack).items() if k.startswith("rule.")]
    untranslated += [e for r in pack.rules.values() for e in r.evidence.examples]
    untranslated += [c.describe for r in pack.rules.values() for c in r.checks if c.describe]
    data = {variant for v in untranslated
            for variant in (" ".join(v.split()), " ".join(v.split()).rstrip("."))}
    # Keys of the file, which the Spanish comments name as they must be typed.
    keys = {f"{k}:" for k in ("parameters", "exceptions")} | {
        f"({k})" for k in ("owner", "target_date", "status")} | {
        f"en {k}" for k in ("status", "evidence", "justification")} | {
        "bajo answers", "yaml-language-server", "checklist validate", "checklist evaluate",
        "my-agency", "date: YYYY-MM-DD", "rule: RULE-ID", "date:", "indique owner"}
    left = english_left(comments, data | keys)
    assert left - {"status"} == set()  # the key 'status' is named in Spanish sentences
    assert "# Cómo completar este archivo:" in text
    assert "¿En qué grupos de trabajo o programas federales participa la agencia?" in text
    run("validate", str(out))


# --- the gap report -------------------------------------------------------------------

REPORT_FORMATS = ("md", "csv", "docx", "html", "pdf")
HISTORY_NOTE = re.compile(r" \(cited as history only: [^)]*\)")


def _report_data(json_path: Path) -> set[str]:
    """The data of a report: the JSON's values except its English sentences (finding
    messages, the formula, scope reasons, history notes), plus the pack's English texts
    that may fall back."""

    def values(data: object) -> Iterator[str]:
        if isinstance(data, dict):
            for key, value in data.items():
                if key not in ("message", "formula", "scope_reason"):
                    yield from values(value)
        elif isinstance(data, list):
            for value in data:
                yield from values(value)
        elif isinstance(data, str):
            yield HISTORY_NOTE.sub("", data)

    pack = load_pack("task-force-coordination")
    strings = set(values(json.loads(json_path.read_text(encoding="utf-8"))))
    strings |= {e for r in pack.rules.values() for e in r.evidence.examples}
    strings |= set(english_entries(pack).values())
    return strings | {" ".join(v.split()) for v in strings}  # as one-line formats show them


# The list of sources in the PDF's References, up to the appendix.
REFERENCES = re.compile(r"Cada cita lleva una etiqueta.*?(?=Apéndice: versiones y huellas "
                        r"digitales El mismo)", re.S)

# Pack text a line quotes, or shortens to fit (“An objective…”), is data too.
QUOTED = re.compile(r"“[^”]*”|[^|:;(]*…")


def _running(text: str) -> str:
    """Text on one line, no space after a hyphen or a slash: a PDF breaks lines anywhere,
    also after the hyphen of "body-worn" or the slash of a web address."""
    text = re.sub(r"([-–/]) ", r"\1", " ".join(text.split()))
    return EMAIL.sub(" ", text)


# An e-mail address, which PDF text extraction may split with a space ("lakel and.org").
EMAIL = re.compile(r"\S+@[\w. -]*?\.(?:org|com|gov|net|us)\b")


def report_english_left(text: str, data: set[str]) -> set[str]:
    """:func:`english_left` for a report: Markdown escapes undone, quoted or shortened
    pack text left out, and short data values taken out as whole words only."""
    text, data = _running(text.replace("\\", "")), {_running(v) for v in data}
    short = {v for v in data if len(v) <= 4}
    text = QUOTED.sub(" ", english_left(text, data - short, joined=True))
    for value in sorted(short, key=len, reverse=True):
        if value[:1].isalnum() and value[-1:].isalnum():
            text = re.sub(rf"\b{re.escape(value)}\b", " ", text)
    return english_left(text, set())


def docx_text(path: Path) -> str:
    import docx

    doc = docx.Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _page_body(page: Any) -> str:
    """The text of a PDF page without its running head and foot (the page margins), which
    would otherwise cut into the sentence that runs across the page break."""
    height = float(page.mediabox.height)
    parts: list[str] = []

    def keep(text: str, cm: list[float], tm: list[float], *_args: object) -> None:
        y = tm[5] * cm[3] + cm[5]
        if 32 < y < height - 34 or not text.strip():
            parts.append(text)

    page.extract_text(visitor_text=keep)
    return "".join(parts)


def report_text(path: Path) -> str:
    if path.suffix == ".docx":
        return docx_text(path)
    if path.suffix == ".html":
        return visible_text(path.read_text(encoding="utf-8"))
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        pages = "\n".join(_page_body(page) for page in PdfReader(str(path)).pages)
        # A word hyphenated at a line end (U+2010) is read as one word.
        return re.sub(r"(\w)\u2010\s+(\w)", r"\1\2", " ".join(pages.split()))
    return path.read_text(encoding="utf-8-sig")


@pytest.fixture(scope="module", params=sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def spanish_report(request: pytest.FixtureRequest,
                   tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    source = str(EXAMPLES / request.param)
    for fmt in (*REPORT_FORMATS, "json"):
        run("evaluate", source, "-o", str(folder / f"es.{fmt}"), "--lang", "es")
    run("evaluate", source, "-o", str(folder / "en.md"))
    return folder


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_report_has_no_english_fixed_text(spanish_report: Path, fmt: str) -> None:
    data = _report_data(spanish_report / "es.json")
    text = report_text(spanish_report / f"es.{fmt}")
    if fmt == "pdf":  # two columns of pack sources, which text extraction interleaves; the
        text = REFERENCES.sub(" ", text)  # same template's HTML is checked in full
    assert report_english_left(text, data) == set(), fmt


def test_report_says_how_much_fell_back_and_that_it_is_unreviewed(spanish_report: Path) -> None:
    info = json.loads((spanish_report / "es.json").read_text(encoding="utf-8"))["language"]
    for fmt in ("md", "docx", "html", "pdf"):
        text = " ".join(report_text(spanish_report / f"es.{fmt}").split())
        if info["fell_back"]:
            assert (f"{info['fell_back']} de {info['texts']} textos de la guía de reglas se "
                    "muestran en inglés") in text, fmt
        else:  # the shipped translation is complete: no notice of texts shown in English
            assert "se muestran en inglés" not in text, fmt
        assert "aún no ha sido revisada por un revisor cualificado" in text, fmt


def test_report_shows_the_same_figures_in_both_languages(spanish_report: Path) -> None:
    numbers = re.compile(r"[−+]?\d+\.\d+")
    english = numbers.findall(report_text(spanish_report / "en.md"))
    spanish = numbers.findall(report_text(spanish_report / "es.md"))
    assert english == spanish and english


def test_report_csv_header_is_spanish_and_codes_stay(spanish_report: Path) -> None:
    rows = report_text(spanish_report / "es.csv").splitlines()
    assert rows[0].startswith("agencia,id_informe,orden,regla,dominio,titulo,gravedad,")
    if len(rows) > 1:
        assert re.search(r",(critical|high|medium|low),", rows[1])


def test_report_dates_are_spanish(tmp_path: Path) -> None:
    run("evaluate", str(EXAMPLES / "county-sheriff.yaml"), "-o", str(tmp_path / "r.md"),
        "--lang", "es")
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "situación al 1 de noviembre de 2026" in text
    assert "2026-11-01 " not in text.replace("task-force-coordination-2026-11-01", "")


def test_spanish_pdf_attaches_the_english_json(tmp_path: Path) -> None:
    from pypdf import PdfReader

    source = str(EXAMPLES / "state-public-safety.yaml")
    run("evaluate", source, "-o", str(tmp_path / "es.pdf"), "--lang", "es")
    run("evaluate", source, "-o", str(tmp_path / "es.json"), "--lang", "es")
    attached = PdfReader(str(tmp_path / "es.pdf")).attachments["results.json"]
    assert attached == [(tmp_path / "es.json").read_bytes()]
    data = json.loads(attached[0])
    assert data["language"]["code"] == "es"
    assert data["methodology"]["formula"].startswith("score = 100 ×")
