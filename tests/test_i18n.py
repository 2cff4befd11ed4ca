"""The language layer: catalogs, dates and numbers per language, the active language,
and that English and the JSON path need neither Babel nor a catalog."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from i18n_catalog import extracted

from checklist import i18n
from checklist.i18n import available, language, read_catalog, using
from checklist.load.problems import UsageError

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "packs" / "mini"


def test_spanish_dates_are_long_form() -> None:
    es = language("es")
    assert es.date(dt.date(2026, 11, 1)) == "1 de noviembre de 2026"
    assert es.date(dt.date(2027, 3, 31)) == "31 de marzo de 2027"


def test_english_dates_stay_iso() -> None:
    assert language("en").date(dt.date(2026, 11, 1)) == "2026-11-01"


@pytest.mark.parametrize(("value", "decimals", "en", "es"), [
    (62.2, 1, "62.2", "62.2"), (62.25, 1, "62.2", "62.2"), (100.0, 1, "100.0", "100.0"),
    (1234.5, None, "1234.5", "1,234.5"), (730.0, None, "730", "730"), (0.5, None, "0.5", "0.5"),
])
def test_numbers_follow_es_us_and_round_as_english(value: float, decimals: int | None,
                                                     en: str, es: str) -> None:
    assert language("en").number(value, decimals) == en
    assert language("es").number(value, decimals) == es


def test_percent_is_the_same_figure_in_both_languages() -> None:
    for fraction in (0.622, 0.0, 1.0, 0.12345, 2 / 3):
        assert language("es").percent(fraction) == language("en").percent(fraction)


def test_unknown_language_is_a_usage_error_naming_the_choices() -> None:
    with pytest.raises(UsageError, match="choose one of: en, es"):
        language("fr")


def test_languages_are_the_catalog_files() -> None:
    assert available() == ("en", *sorted(p.stem for p in (
        ROOT / "checklist" / "i18n" / "catalogs").glob("*.po")))
    assert "es" in available()


def test_using_sets_and_restores_the_active_language() -> None:
    assert i18n.current().code == "en"
    with using("es"):
        assert i18n._("no answer given yet") == "todavía no hay respuesta"
    assert i18n._("no answer given yet") == "no answer given yet"


def test_every_marked_text_has_a_spanish_translation_and_none_is_unused() -> None:
    catalog = read_catalog("es")
    entries = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog if m.id}
    wanted = {(k if isinstance(k, str) else k[0]): where for k, where in extracted().items()}
    untranslated = [f"{where}: {key!r}" for key, where in wanted.items()
                    if key not in entries or not entries[key].string
                    or entries[key].fuzzy
                    or (not isinstance(entries[key].string, str)
                        and not all(entries[key].string))]
    assert untranslated == []
    assert sorted(set(entries) - set(wanted)) == []


def test_translations_keep_the_placeholders() -> None:
    import re

    for message in read_catalog("es"):
        if not message.id or not isinstance(message.id, str):
            continue
        names = set(re.findall(r"\{(\w+)\}", message.id))
        assert set(re.findall(r"\{(\w+)\}", str(message.string))) == names, message.id


def test_json_path_imports_neither_babel_nor_a_catalog(tmp_path: Path) -> None:
    good = ROOT / "tests" / "data" / "mini-good.yaml"
    code = (
        "import sys\n"
        "from checklist.cli import main\n"
        f"main(['evaluate', {str(good)!r}, '--pack', {str(MINI)!r}, '-o', "
        f"{str(tmp_path / 'r.json')!r}], standalone_mode=False)\n"
        "print('babel' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_no_marked_text_hides_inside_an_f_string() -> None:
    """``f"{_('Evidence')}"`` is translated at run time but never extracted into the
    catalog (Babel does not look inside f-strings), so it would stay English."""
    import ast

    from i18n_catalog import ROOT

    hidden = []
    for path in sorted((ROOT / "checklist").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name)
                        and inner.func.id in ("_", "N_", "ngettext")
                        and inner.args and isinstance(inner.args[0], ast.Constant)):
                    hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert hidden == []
