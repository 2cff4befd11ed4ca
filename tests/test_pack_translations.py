"""A pack's texts in another language: fresh entries are shown, stale or missing ones fall
back to English and are counted; `rules translations` reports coverage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import MINI, ROOT

from checklist.cli import main
from checklist.evaluation import evaluate
from checklist.i18n import language
from checklist.i18n.localize import localize, notices
from checklist.i18n.pack_text import coverage, english_entries, fingerprint, pack_text
from checklist.load.assessment import load_assessment
from checklist.load.packs import load_pack
from checklist.load.problems import PackError
from checklist.result import Result

MIXED = ROOT / "tests" / "data" / "mini-mixed.yaml"


def _translated_pack(tmp_path: Path, entries: dict[str, tuple[str, str]],
                     reviewed_by: str = "") -> Path:
    """The mini pack with translations/es.yaml: key → (English it translates, Spanish)."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    (folder / "translations").mkdir()
    data = {"language": "es", "reviewed_by": reviewed_by,
            "entries": {key: {"source": fingerprint(english), "text": text}
                        for key, (english, text) in entries.items()}}
    (folder / "translations" / "es.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                                     encoding="utf-8")
    return folder


@pytest.fixture
def translated(tmp_path: Path) -> Path:
    return _translated_pack(tmp_path, {
        "domain.ALP.title": ("Alpha domain", "Dominio alfa"),
        "domain.BET.title": ("Beta domain as it was once worded", "Dominio beta"),  # stale
        "band.Strong.name": ("Strong", "Sólido"),
        "no.such.text": ("x", "y"),
    })


def _result(pack: str) -> Result:
    loaded = load_assessment(MIXED, pack)
    return evaluate(loaded.pack, loaded.assessment, input_name=MIXED.name,
                    input_sha256=loaded.sha256)


def test_fresh_entry_is_shown_stale_and_missing_fall_back(translated: Path) -> None:
    result = _result(str(translated))
    shown = localize(result, pack_text(load_pack(str(translated)), "es"), language("es"))
    titles = {d.id: d.title for d in shown.domains}
    assert titles == {"ALP": "Dominio alfa", "BET": "Beta domain"}
    info = shown.language
    assert info.code == "es"
    assert "domain.BET.title" in info.stale
    assert info.fell_back == info.texts - info.translated > 0
    assert info.translated == 2  # the domain, and the band in the methodology
    assert shown.methodology.bands[0].name == "Sólido"


def test_the_notice_counts_the_texts_that_fell_back(translated: Path) -> None:
    result = _result(str(translated))
    shown = localize(result, pack_text(load_pack(str(translated)), "es"), language("es"))
    from checklist.i18n import using

    with using("es"):
        lines = notices(shown.language)
    assert lines[0].startswith(f"{shown.language.fell_back} de {shown.language.texts} ")
    assert "en inglés" in lines[0]
    assert lines[1] == ("La traducción de la guía de reglas aún no ha sido revisada por un "
                        "revisor cualificado.")


def test_reviewer_is_named_when_there_is_one(tmp_path: Path) -> None:
    folder = _translated_pack(tmp_path, {}, reviewed_by="A. Pérez, certified translator")
    shown = localize(_result(str(folder)), pack_text(load_pack(str(folder)), "es"),
                     language("es"))
    assert shown.language.reviewed_by == "A. Pérez, certified translator"


def test_scores_counts_and_codes_do_not_change_with_the_language(translated: Path) -> None:
    result = _result(str(translated))
    shown = localize(result, pack_text(load_pack(str(translated)), "es"), language("es"))
    assert shown.summary.score == result.summary.score
    assert shown.summary.counts == result.summary.counts
    assert [(r.id, r.effective_status, r.credit, [f.code for f in r.findings],
             [dict(f.params) for f in r.findings]) for r in shown.rules] == [
        (r.id, r.effective_status, r.credit, [f.code for f in r.findings],
         [dict(f.params) for f in r.findings]) for r in result.rules]


def test_json_stays_english_and_records_the_fallback(translated: Path,
                                                     tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = {}
    for lang in ("en", "es"):
        out = tmp_path / f"{lang}.json"
        run = runner.invoke(main, ["evaluate", str(MIXED), "--pack", str(translated),
                                   "-o", str(out), "--lang", lang])
        assert run.exit_code == 0, run.output
        outputs[lang] = json.loads(out.read_text(encoding="utf-8"))
    es_language = outputs["es"].pop("language")
    assert outputs["en"].pop("language")["code"] == "en"
    assert outputs["es"] == outputs["en"]
    assert es_language["code"] == "es"
    assert es_language["fell_back"] > 0
    assert "domain.BET.title" in es_language["stale"]


def test_rules_translations_reports_coverage_and_stale_entries(translated: Path) -> None:
    run = CliRunner().invoke(main, ["rules", "translations", "--pack", str(translated),
                                    "--lang", "es"])
    assert run.exit_code == 0, run.output
    total = len(english_entries(load_pack(str(translated))))
    assert f"Translated: 2 of {total} " in run.output
    assert "stale: 1;" in run.output
    assert "  domain.BET.title: Beta domain" in run.output
    assert "Entries that name no text of the pack" in run.output
    assert "  no.such.text" in run.output
    assert "Reviewed by: nobody yet" in run.output


def test_skeleton_lists_what_to_translate_with_current_fingerprints(translated: Path) -> None:
    run = CliRunner().invoke(main, ["rules", "translations", "--pack", str(translated),
                                    "--lang", "es", "--skeleton"])
    assert run.exit_code == 0, run.output
    entries = yaml.safe_load("entries:\n" + run.output)["entries"]
    assert "domain.ALP.title" not in entries
    assert entries["domain.BET.title"]["source"] == fingerprint("Beta domain")
    assert entries["domain.BET.title"]["text"] == "Beta domain"


def test_a_broken_translation_file_is_a_located_pack_error(tmp_path: Path) -> None:
    folder = _translated_pack(tmp_path, {})
    (folder / "translations" / "es.yaml").write_text(
        "language: es\nentries:\n  domain.ALP.title: {source: 12, text: x}\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"translations/es.yaml:3:\d+: .*source"):
        pack_text(load_pack(str(folder)), "es")


def test_shipped_pack_translates_its_framework_texts() -> None:
    cov = coverage(load_pack("task-force-coordination"), "es")
    for part in ("pack", "question", "domain", "band", "gate", "parameter"):
        keys = [k for k in cov.states if k.split(".")[0] == part]
        assert keys and all(cov.states[k] == "translated" for k in keys), part
    assert cov.unknown == ()
