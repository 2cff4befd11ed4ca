"""The Markdown and HTML reports of the test pack are pinned byte for byte.

Regenerate after a deliberate change with ``UPDATE_GOLDEN=1 pytest tests/test_render_golden.py``
and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT
from test_render_formats import mini_good, mini_mixed

from checklist.render import render

GOLDEN = ROOT / "tests" / "golden"
CASES = {"mini-good": mini_good, "mini-mixed": mini_mixed}
FORMATS = {"md": ("markdown", "md"), "html": ("html", "html")}


@pytest.mark.parametrize("fmt", list(FORMATS), ids=list(FORMATS))
@pytest.mark.parametrize("case", list(CASES))
def test_matches_golden(case: str, fmt: str) -> None:
    folder, ext = FORMATS[fmt]
    actual = render(CASES[case](), fmt)
    golden: Path = GOLDEN / folder / f"{case}.{ext}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual)
    assert golden.exists(), f"missing {golden}; run with UPDATE_GOLDEN=1 to create it"
    assert actual == golden.read_bytes()
