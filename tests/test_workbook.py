"""Assessment workbooks (.xlsx): writing, reading, converting, and what people do to them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from checklist.authoring.workbook import workbook_bytes
from checklist.cli import main
from checklist.load.assessment import load_assessment, read_document
from checklist.load.packs import load_pack
from checklist.load.yamlsource import load_yaml_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
POLICE = ROOT / "examples" / "municipal-police.yaml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def workbook_of(source: Path, target: Path) -> Path:
    doc = load_yaml_file(source)
    assert isinstance(doc.data, dict)
    target.write_bytes(workbook_bytes(doc.data, load_pack(doc.data["pack"].split("@")[0])))
    return target


def edited(path: Path, change: Any, name: str = "edited.xlsx") -> Path:
    book = openpyxl.load_workbook(path)
    change(book)
    out = path.with_name(name)
    book.save(out)
    return out


def row_of(sheet: Any, rule: str) -> int:
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == rule:
            return int(row[0].row)
    raise AssertionError(rule)


def without_file_identity(data: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(data)
    for key in ("sha256", "report_id", "file", "name"):
        text = text.replace(key, "_")
    data = json.loads(text)

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "_"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return strip(data)  # type: ignore[no-any-return]


# --- round trips ------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_convert_round_trip_keeps_every_answer(example: Path, tmp_path: Path) -> None:
    book = tmp_path / "a.xlsx"
    back = tmp_path / "a.yaml"
    assert run("convert", str(example), "-o", str(book)).exit_code == 0
    assert run("convert", str(book), "-o", str(back)).exit_code == 0
    assert load_yaml_file(back).data == load_yaml_file(example).data
    assert read_document(book).data == load_yaml_file(example).data


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_same_answers_give_the_same_result_json(example: Path, tmp_path: Path) -> None:
    book = workbook_of(example, tmp_path / "a.xlsx")
    for source, out in ((example, "y.json"), (book, "x.json")):
        assert run("evaluate", str(source), "-o", str(tmp_path / out)).exit_code == 0
    from_yaml = json.loads((tmp_path / "y.json").read_text())
    from_book = json.loads((tmp_path / "x.json").read_text())
    assert from_yaml != from_book  # the file's name and hash differ ...
    assert without_file_identity(from_yaml) == without_file_identity(from_book)  # ... only


def test_written_workbook_is_the_same_bytes_each_time(tmp_path: Path) -> None:
    first = workbook_of(POLICE, tmp_path / "a.xlsx").read_bytes()
    assert workbook_of(POLICE, tmp_path / "b.xlsx").read_bytes() == first


def test_wrapped_text_has_room_and_prints_one_sheet_wide(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(workbook_of(POLICE, tmp_path / "p.xlsx"))
    answers = book["Answers"]
    header = [c.value for c in answers[1]]
    column = header.index("Requirement") + 1
    longest = max(range(2, answers.max_row + 1),
                  key=lambda r: len(str(answers.cell(r, column).value or "")))
    text = str(answers.cell(longest, column).value)
    width = answers.column_dimensions[answers.cell(1, column).column_letter].width
    assert len(text) > width  # the requirement wraps, so the row must be taller
    assert (answers.row_dimensions[longest].height or 0) >= 2 * 15
    for sheet in book.worksheets:
        assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage


# --- init ---------------------------------------------------------------------------------


def test_init_writes_a_workbook_that_validates(tmp_path: Path) -> None:
    out = tmp_path / "new.xlsx"
    result = run("init", "-o", str(out), "--profile", "accesses_cji=false")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "new.schema.json").exists()
    book = openpyxl.load_workbook(out)
    assert {"Instructions", "Agency & profile", "Answers", "Objectives", "Facts", "Evidence",
            "Exceptions", "Parameters"} <= set(book.sheetnames)
    answers = book["Answers"]
    assert answers.protection.sheet
    assert answers["A2"].protection.locked and answers["B2"].protection.locked
    assert not answers["C2"].protection.locked
    statuses = [dv for dv in answers.data_validations.dataValidation if "C2" in dv.sqref]
    assert statuses and "not_implemented" in statuses[0].formula1
    loaded = load_assessment(out)
    assert loaded.assessment.profile["accesses_cji"] is False
    full = load_assessment(workbook_of(POLICE, tmp_path / "p.xlsx"))
    assert len(loaded.assessment.answers) < len(full.pack.rules)
    assert run("validate", str(out)).exit_code == 0


def test_init_from_a_workbook_carries_over(tmp_path: Path) -> None:
    book = workbook_of(POLICE, tmp_path / "last.xlsx")
    out = tmp_path / "next.xlsx"
    result = run("init", "--from", str(book), "-o", str(out), "--as-of", "2027-11-01")
    assert result.exit_code == 0, result.output
    loaded = load_assessment(out)
    assert loaded.assessment.agency.name == "Ashby Crossing Police Department"
    assert all(a is None or a.status is None for a in loaded.assessment.answers.values())


def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path: Path) -> None:
    doc = load_yaml_file(POLICE)
    assert isinstance(doc.data, dict)
    doc.data["agency"]["name"] = "=HYPERLINK(\"http://x\")"
    out = tmp_path / "f.xlsx"
    out.write_bytes(workbook_bytes(doc.data, load_pack("task-force-coordination")))
    with zipfile.ZipFile(out) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist()
                       if n.startswith("xl/worksheets/"))
    assert load_assessment(out).assessment.agency.name.startswith("=HYPERLINK")


# --- problems at their cell ---------------------------------------------------------------


def test_problems_are_listed_at_once_with_sheet_and_cell(tmp_path: Path) -> None:
    book = workbook_of(POLICE, tmp_path / "a.xlsx")

    def change(wb: Any) -> None:
        ws = wb["Answers"]
        ws.cell(row_of(ws, "AGR-02"), 3).value = "done"
        ws.cell(row_of(ws, "AGR-04"), 5).value = "31/31/2026"
        wb["Facts"].cell(row_of(wb["Facts"], "AGR-01"), 3).value = "many"
    bad = edited(book, change)
    out = tmp_path / "r.json"
    result = run("evaluate", str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert not out.exists()
    row = row_of(openpyxl.load_workbook(bad)["Answers"], "AGR-02")
    assert f"edited.xlsx: sheet Answers, cell C{row}: " in result.output
    assert "'done' is not one of the allowed values" in result.output
    assert "did you mean" not in result.output or "planned" in result.output
    assert "'31/31/2026' is not a date; write it as 2026-11-01 (YYYY-MM-DD) or 11/01/2026" \
        in result.output
    assert "sheet Facts, cell C" in result.output and "'many' is not a number" in result.output


def test_what_people_do_to_spreadsheets_still_reads(tmp_path: Path) -> None:
    book = workbook_of(POLICE, tmp_path / "a.xlsx")
    expected = load_assessment(POLICE).assessment

    def change(wb: Any) -> None:
        ws = wb["Answers"]
        ws.column_dimensions["B"].hidden = True
        ws.move_range("A2:J2", rows=ws.max_row + 3)  # a row moved to the end, a gap left
        ws.insert_cols(2)  # columns moved: found by their header
        target = ws.cell(row_of(ws, "AGR-06"), 5)  # Owner, now column E
        target.value = "  Chief of Police  "
        date_cell = ws.cell(row_of(ws, "AGR-08"), 6)
        date_cell.value = "01/31/2027"
        wb["Agency & profile"]["B4"] = "en"
        wb.create_sheet("My notes")
    result = load_assessment(edited(book, change))
    assert result.assessment.answers == expected.answers
    assert any("'My notes' is not part of an assessment workbook" in str(w)
               for w in result.warnings)


def test_a_renamed_header_names_the_expected_one(tmp_path: Path) -> None:
    book = workbook_of(POLICE, tmp_path / "a.xlsx")
    bad = edited(book, lambda wb: wb["Answers"].cell(1, 3, "State"))
    result = run("validate", str(bad))
    assert result.exit_code == 2
    assert "sheet Answers, cell" in result.output and "no column headed 'Status'" in result.output


def test_a_formula_without_a_saved_value_is_an_error(tmp_path: Path) -> None:
    book = workbook_of(POLICE, tmp_path / "a.xlsx")
    bad = edited(book, lambda wb: wb["Objectives"].cell(2, 3, "=1+1"))
    result = run("validate", str(bad))
    assert result.exit_code == 2
    assert "sheet Objectives, cell C2: the cell holds the formula =1+1 with no saved value" \
        in result.output


# --- hostile and broken files ---------------------------------------------------------------


def test_macro_workbook_corrupt_and_protected_files_exit_2(tmp_path: Path) -> None:
    book = workbook_of(POLICE, tmp_path / "a.xlsx")
    macro = tmp_path / "m.xlsm"
    shutil.copy(book, macro)
    corrupt = tmp_path / "c.xlsx"
    corrupt.write_bytes(book.read_bytes()[:2000])
    protected = tmp_path / "p.xlsx"
    protected.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with_macros = tmp_path / "v.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(with_macros, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr("xl/vbaProject.bin", b"macro")
    for path, words in ((macro, "macro-enabled workbooks (.xlsm) are not read"),
                        (corrupt, "not a readable .xlsx workbook"),
                        (protected, "protected with a password"),
                        (with_macros, "contains macros")):
        result = run("validate", str(path))
        assert result.exit_code == 2, path
        assert words in result.output
        assert "Traceback" not in result.output


def test_zip_bomb_and_absurd_dimensions_are_refused(tmp_path: Path) -> None:
    book = workbook_of(POLICE, tmp_path / "a.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        dst.writestr("xl/media/padding.bin", b"\0" * (210 * 2**20))
    assert bomb.stat().st_size < 2 * 2**20
    result = run("validate", str(bomb))
    assert result.exit_code == 2 and "unpacks to more than" in result.output
    huge = tmp_path / "huge.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(huge, "w") as dst:
        for name in src.namelist():
            body = src.read(name)
            if name == "xl/worksheets/sheet3.xml":
                body = re.sub(rb"<dimension [^>]*/>", b"", body).replace(
                    b"</sheetPr>", b'</sheetPr><dimension ref="A1:J1048576"/>', 1)
                assert b"1048576" in body
            dst.writestr(name, body)
    result = run("validate", str(huge))
    assert result.exit_code == 2 and "at most 20,000 rows" in result.output


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    book = workbook_of(POLICE, tmp_path / "a.xlsx")
    bomb = tmp_path / "entities.xlsx"
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(bomb, "w") as dst:
        for name in src.namelist():
            body = src.read(name)
            if name == "xl/workbook.xml":
                body = laughs + body.split(b"?>", 1)[-1]
            dst.writestr(name, body)
    result = run("validate", str(bomb))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "XML declares entities" in result.output


# --- import cost and an office suite in the loop ----------------------------------------------


def test_yaml_path_does_not_import_openpyxl(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from checklist.cli import main\n"
        f"main(['evaluate', {str(POLICE)!r}, '-o', {str(tmp_path / 'r.json')!r}], "
        "standalone_mode=False)\n"
        "print('openpyxl' in sys.modules, 'defusedxml' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False False"


def assert_cells_read_as_openpyxl_reads_them(path: Path) -> None:
    import io
    import zipfile

    from checklist.load.xlsx_cells import Book

    ours = Book(zipfile.ZipFile(io.BytesIO(path.read_bytes())))
    theirs = openpyxl.load_workbook(path, read_only=True, data_only=True)
    assert ours.sheetnames == theirs.sheetnames
    for name in ours.sheetnames:
        def trimmed(rows: Any) -> list[tuple[object, ...]]:
            out = [tuple(row) for row in rows]
            width = max((i + 1 for row in out for i, v in enumerate(row) if v is not None),
                        default=0)
            while out and all(v is None for v in out[-1]):
                out.pop()
            return [tuple(list(row) + [None] * width)[:width] for row in out]
        assert trimmed(ours[name].iter_rows()) == trimmed(theirs[name].iter_rows(
            values_only=True)), name
        assert ours[name].max_row == theirs[name].max_row, name


def test_cells_are_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    path = workbook_of(POLICE, tmp_path / "a.xlsx")
    assert_cells_read_as_openpyxl_reads_them(path)
    book = openpyxl.load_workbook(path)
    extra = book.create_sheet("Typed")
    extra.append(["text & <markup> ü", 42, 2.5, True, False, None, "=1+1"])
    extra["A2"] = __import__("datetime").date(2026, 11, 1)
    extra["A2"].number_format = "mm/dd/yyyy"
    extra["B2"] = __import__("datetime").datetime(2026, 11, 1, 13, 30)
    extra["C2"] = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold")])
    extra["D5"] = "after a gap\nwith a line break"
    book.save(tmp_path / "typed.xlsx")
    assert_cells_read_as_openpyxl_reads_them(tmp_path / "typed.xlsx")


def test_a_declaration_hidden_deep_in_a_sheet_is_refused(tmp_path: Path) -> None:
    import zipfile

    book = workbook_of(POLICE, tmp_path / "a.xlsx")
    hostile = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(hostile, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet3.xml":
                body = data.split(b"?>", 1)[-1] if data.startswith(b"<?xml") else data
                data = (b'<?xml version="1.0"?><!--' + b"x" * 8000 + b'-->'
                        b'<!DOCTYPE w [<!ENTITY e "boom">]>' + body)
            out.writestr(item, data)
    result = run("validate", str(hostile))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "hostile.xlsx" in result.output
    assert "declares entities or a document type" in result.output


def test_libreoffice_round_trip_keeps_answers_dropdowns_and_locks(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs "
                    "libreoffice-calc-nogui for this test")
    book = workbook_of(POLICE, tmp_path / "a.xlsx")
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    for source, form, folder in ((book, "ods", "ods"), (tmp_path / "ods" / "a.ods", "xlsx", "back")):
        subprocess.run([soffice, profile, "--headless", "--convert-to", form, "--outdir",
                        str(tmp_path / folder), str(source)], check=True,
                       capture_output=True, timeout=240)
    back = tmp_path / "back" / "a.xlsx"
    assert load_assessment(back).assessment.answers == load_assessment(POLICE).assessment.answers
    assert_cells_read_as_openpyxl_reads_them(back)  # shared strings, styles as LibreOffice writes
    answers = openpyxl.load_workbook(back)["Answers"]
    assert answers.protection.sheet
    assert answers["A2"].protection.locked and not answers["C2"].protection.locked
    assert any("not_implemented" in (dv.formula1 or "")
               for dv in answers.data_validations.dataValidation)


def test_rollup_reads_a_folder_mixing_yaml_and_workbooks(tmp_path: Path) -> None:
    folder = tmp_path / "all"
    folder.mkdir()
    shutil.copy(EXAMPLES[0], folder / EXAMPLES[0].name)
    workbook_of(EXAMPLES[1], folder / f"{EXAMPLES[1].stem}.xlsx")
    out = tmp_path / "r.json"
    result = run("rollup", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    agencies = json.loads(out.read_text())["agencies"]
    assert sorted(Path(a["file"]).suffix for a in agencies) == [".xlsx", ".yaml"]
