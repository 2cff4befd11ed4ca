"""Every PDF shares one print base: fonts, page size and margins are defined only there."""

from __future__ import annotations

import re

from conftest import ROOT

TEMPLATES = ROOT / "templates"
DOCUMENTS = ("report.html.j2", "portfolio/compare.html.j2", "portfolio/rollup.html.j2",
             "history-trend.html.j2")


def _without_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def test_fonts_and_page_size_and_margins_are_defined_only_in_the_print_base() -> None:
    for path in [*TEMPLATES.rglob("*.css"), *TEMPLATES.rglob("*.j2")]:
        if path.name == "print-base.css":
            continue
        text = _without_comments(path.read_text(encoding="utf-8"))
        assert "@font-face" not in text, path
        for body in re.findall(r"@page[^{]*\{([^@}]*)", text):
            assert not re.search(r"\b(size|margin)\s*:", body), (path, body)
    base = (TEMPLATES / "print-base.css").read_text(encoding="utf-8")
    assert base.count("@font-face") == 4 and "size: letter" in base and "margin:" in base


def test_every_pdf_document_includes_both_bases() -> None:
    for name in DOCUMENTS:
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert '{% include "base.css" %}' in text, name
        assert '{% include "print-base.css" %}' in text, name
