"""The one status module: every status is ordered, credited, labelled and explained, and
the help texts users read (init file, JSON Schema, workbook) all take it from there."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from checklist import statuses
from checklist.cli import main
from checklist.statuses import ScoredStatus, Status


def test_every_status_is_ranked_credited_labelled_and_explained() -> None:
    for scored in ScoredStatus:
        assert scored in statuses.RANK and scored in statuses.DEFAULT_CREDITS
        assert scored in statuses.LABELS and scored in statuses.WORDS
    for claim in Status:
        assert claim in statuses.LABELS and claim in statuses.MEANINGS
    assert set(Status) > statuses.CHECKED_CLAIMS
    best = max(statuses.RANK.values())
    assert {s for s, r in statuses.RANK.items() if r == best} == {"implemented", "alternative"}
    assert all(statuses.DEFAULT_CREDITS[s] == 1.0 for s in ("implemented", "alternative"))


def test_help_texts_take_the_meanings_from_the_status_module(tmp_path: Path) -> None:
    runner = CliRunner()
    init = runner.invoke(main, ["init", "-o", str(tmp_path / "a.yaml")])
    assert init.exit_code == 0, init.output
    init_text = " ".join((tmp_path / "a.yaml").read_text(encoding="utf-8").split())
    schema = runner.invoke(main, ["schema"])
    assert schema.exit_code == 0, schema.output
    book_path = tmp_path / "a.xlsx"
    assert runner.invoke(main, ["init", "-o", str(book_path)]).exit_code == 0
    book = openpyxl.load_workbook(io.BytesIO(book_path.read_bytes()))
    instructions = "\n".join(str(c.value) for row in book["Instructions"].iter_rows()
                             for c in row if c.value)
    schema_text = json.dumps(json.loads(schema.stdout), ensure_ascii=False)
    for status, meaning in statuses.MEANINGS.items():
        assert f"{status} {meaning}" in init_text.replace(" # ", " "), status
        assert meaning in schema_text, status
        assert f"{status}: {meaning.split(' (')[0]}" in instructions, status
