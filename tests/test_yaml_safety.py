"""Hostile and broken assessment files, each through the command line.

Every case must end with exit code 2, a ``file:line:col: message`` a non-programmer can
act on, no traceback, and no output file. Cases that could crash or exhaust the
process run in a subprocess, so that a regression fails the test instead of the run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import MINI, ROOT

from checklist.cli import main
from checklist.load.yamlsource import MAX_FILE_BYTES

GOOD_HEAD = "pack: mini\nagency:\n  name: Test Agency\nas_of: 2026-11-01\n"
POSITIONED = re.compile(r"^(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$", re.M)


def run(tmp_path: Path, content: bytes | str) -> tuple[int, str, Path]:
    """Evaluate ``content`` as an assessment file; return (exit code, stderr, output path)."""
    source = tmp_path / "assessment.yaml"
    source.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["evaluate", str(source), "--pack", str(MINI),
                                       "-o", str(out)])
    return result.exit_code, result.output, out


def problems(output: str) -> list[tuple[int, int, str]]:
    return [(int(m["line"]), int(m["col"]), m["msg"]) for m in POSITIONED.finditer(output)]


def assert_refused(tmp_path: Path, content: bytes | str, line: int, col: int,
                   *phrases: str) -> str:
    code, output, out = run(tmp_path, content)
    assert code == 2, output
    assert "Traceback" not in output
    assert not out.exists()
    assert not list(tmp_path.glob("*.part")), "a temporary output file was left behind"
    found = problems(output)
    assert found, f"no file:line:col message in:\n{output}"
    assert (found[0][0], found[0][1]) == (line, col), output
    for phrase in phrases:
        assert phrase in found[0][2], output
    assert "nothing was written" in output
    return output


# --- syntax -------------------------------------------------------------------------


def test_unclosed_quote(tmp_path: Path) -> None:
    text = GOOD_HEAD.replace("Test Agency", '"Test Agency')
    # reported where the quote opens, not at the end of the file
    assert_refused(tmp_path, text, 3, 9, "quoted value is never closed",
                   "add the closing quote")


def test_unclosed_list(tmp_path: Path) -> None:
    text = GOOD_HEAD + "answers:\n  ALP-01:\n    evidence: [{title: A}\n    owner: Chief\n"
    assert_refused(tmp_path, text, 8, 5, "the list opened with '[' on line 7 is not closed")


def test_colon_inside_an_unquoted_value(tmp_path: Path) -> None:
    text = GOOD_HEAD + "answers:\n  ALP-01:\n    notes: see: the file\n"
    assert_refused(tmp_path, text, 7, 15, "colon", "quotes")


def test_inconsistent_indentation(tmp_path: Path) -> None:
    text = GOOD_HEAD + "answers:\n  ALP-01:\n    status: planned\n   owner: Chief\n"
    output = assert_refused(tmp_path, text, 8, 4)
    assert "indentation" in output or "not valid YAML" in output


def test_tab_indentation(tmp_path: Path) -> None:
    text = GOOD_HEAD + "answers:\n\tALP-01:\n"
    assert_refused(tmp_path, text, 6, 1, "tab character", "spaces")


def test_two_documents(tmp_path: Path) -> None:
    assert_refused(tmp_path, GOOD_HEAD + "---\npack: mini\n", 5, 1, "more than one YAML document")


# --- duplicates, anchors, aliases --------------------------------------------------------


def test_duplicate_key_names_both_lines_and_never_overwrites(tmp_path: Path) -> None:
    text = GOOD_HEAD + "as_of: 2027-01-01\n"
    assert_refused(tmp_path, text, 5, 1, "duplicate key 'as_of'", "first given on line 4")


def test_duplicate_answer_key(tmp_path: Path) -> None:
    text = (GOOD_HEAD + "answers:\n  ALP-02:\n    status: planned\n"
            "  ALP-02:\n    status: implemented\n")
    assert_refused(tmp_path, text, 8, 3, "duplicate key 'ALP-02'", "line 6")


def test_anchor_and_alias(tmp_path: Path) -> None:
    text = (GOOD_HEAD + "answers:\n  ALP-02: &same\n    status: planned\n"
            "  BET-01: *same\n")
    output = assert_refused(tmp_path, text, 6, 11, "anchors and aliases")
    assert "write the value out" in output


def test_merge_key(tmp_path: Path) -> None:
    text = (GOOD_HEAD + "answers:\n  ALP-02:\n    status: planned\n"
            "  BET-01:\n    <<: {status: planned}\n")
    output = run(tmp_path, text)[1]
    assert "not allowed" in output
    assert "Traceback" not in output


BILLION_LAUGHS = GOOD_HEAD + 'lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"lol{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))


# Runs the CLI in a child of its own and reports that child's peak memory, so that
# memory used by other tests' subprocesses never counts here.
_MEASURED = (
    "import resource, subprocess, sys\n"
    "proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stdout.write(proc.stdout)\n"
    "sys.stderr.write(proc.stderr)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stdout)\n"
    "sys.exit(proc.returncode)\n"
)


def _run_subprocess(tmp_path: Path, content: bytes | str,
                    timeout: float = 60) -> tuple[subprocess.CompletedProcess[str], int]:
    """Evaluate in a fresh process; return it and its peak memory (KiB).

    ``timeout`` only guards against a hang; how fast the refusal is, is not a test."""
    source = tmp_path / "hostile.yaml"
    source.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    out = tmp_path / "out.json"
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURED, sys.executable, "-m", "checklist", "evaluate",
         str(source), "--pack", str(MINI), "-o", str(out)],
        capture_output=True, text=True, timeout=timeout, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert not out.exists()
    lines = proc.stdout.strip().splitlines()
    return proc, int(lines[-1])


def test_billion_laughs_is_refused_with_one_message_and_little_memory(tmp_path: Path) -> None:
    proc, peak_kib = _run_subprocess(tmp_path, BILLION_LAUGHS)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    found = problems(proc.stderr)
    assert len(found) == 1, proc.stderr
    assert "anchors and aliases" in found[0][2]
    assert peak_kib < 300 * 1024


def test_millions_of_aliases_are_refused_with_one_message(tmp_path: Path) -> None:
    text = GOOD_HEAD + "a: &a x\nb: [" + ",".join(["*a"] * 1_000_000) + "]\n"
    proc, peak_kib = _run_subprocess(tmp_path, text)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert len(problems(proc.stderr)) == 1
    assert "'*a'" in proc.stderr
    assert peak_kib < 300 * 1024


def test_millions_of_values_under_the_size_limit_are_refused(tmp_path: Path) -> None:
    text = GOOD_HEAD + "notes: [" + ",".join(["1"] * 2_000_000) + "]\n"
    assert len(text) < MAX_FILE_BYTES
    proc, peak_kib = _run_subprocess(tmp_path, text)
    assert proc.returncode == 2
    assert "more than 250,000 values" in proc.stderr
    assert peak_kib < 400 * 1024


# --- tags that would run code ----------------------------------------------------------------


@pytest.mark.parametrize("tagged", [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.call [["touch", "{marker}"]]',
    "!!python/name:os.system",
    '!!python/object/new:os.system ["touch {marker}"]',
    '!!python/module:os',
    "!include {marker}",
])
def test_python_and_custom_tags_are_refused_and_never_run(tmp_path: Path, tagged: str) -> None:
    marker = tmp_path / "pwned"
    text = GOOD_HEAD + "answers:\n  ALP-02:\n    notes: " + tagged.format(marker=marker) + "\n"
    output = assert_refused(tmp_path, text, 7, 12, "is not allowed", "remove it")
    assert not marker.exists()
    assert "!!python" in output or "!include" in output


def test_python_tag_on_the_whole_file(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    assert_refused(tmp_path, f'!!python/object/apply:os.system ["touch {marker}"]\n', 1, 1,
                   "not allowed")
    assert not marker.exists()


# --- encodings and bytes ------------------------------------------------------------------------


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    content = GOOD_HEAD.replace("Test Agency", "Caf\xe9").encode("latin-1")
    assert_refused(tmp_path, content, 3, 12, "not UTF-8", "0xE9", "save it as UTF-8")


def test_nul_byte_is_located(tmp_path: Path) -> None:
    content = GOOD_HEAD.replace("Test Agency", "Test\x00Agency").encode()
    assert_refused(tmp_path, content, 3, 13, "NUL")


def test_utf16_file_is_refused_with_a_save_as_utf8_hint(tmp_path: Path) -> None:
    content = GOOD_HEAD.encode("utf-16")
    assert_refused(tmp_path, content, 1, 1, "UTF-8")


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    code, output, out = run(tmp_path, b"\xef\xbb\xbf" + GOOD_HEAD.encode())
    assert code == 0, output
    assert out.exists()


# --- empty and wrongly shaped ---------------------------------------------------------------------


@pytest.mark.parametrize(("content", "line"), [
    ("", 1), ("\n\n", 1), ("# only a comment\n# and another\n", 1), ("---\n", 2)])
def test_empty_or_comments_only(tmp_path: Path, content: str, line: int) -> None:
    assert_refused(tmp_path, content, line, 1, "the file is empty", "pack, agency, as_of")


@pytest.mark.parametrize(("content", "phrase"), [
    ("- pack: mini\n- as_of: 2026-11-01\n", "found a list"),
    ("just some words\n", "found 'just some words'"),
    ("42\n", "found the number 42"),
])
def test_top_level_not_a_mapping(tmp_path: Path, content: str, phrase: str) -> None:
    assert_refused(tmp_path, content, 1, 1, "must be a mapping of fields", phrase)


def test_list_where_a_mapping_belongs(tmp_path: Path) -> None:
    text = "pack: mini\nagency: [Test Agency]\nas_of: 2026-11-01\nanswers: [ALP-01]\n"
    output = assert_refused(tmp_path, text, 2, 9, "agency: expected a mapping",
                            "found a list")
    assert (4, 10) in [(line, col) for line, col, _ in problems(output)]


def test_nested_list_where_a_mapping_belongs(tmp_path: Path) -> None:
    text = GOOD_HEAD + "answers:\n  ALP-01:\n    objectives: [roles, term]\n"
    assert_refused(tmp_path, text, 7, 17, "answers.ALP-01.objectives: expected a mapping")


def test_mapping_where_a_list_belongs(tmp_path: Path) -> None:
    text = GOOD_HEAD + "answers:\n  ALP-01:\n    evidence: {title: Signed}\n"
    assert_refused(tmp_path, text, 7, 15, "expected a list")


# --- size and depth -----------------------------------------------------------------------------


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    content = (GOOD_HEAD + "# " + "x" * 100 + "\n").encode() * 1
    content += b"# " + b"y" * (MAX_FILE_BYTES + 1024) + b"\n"
    output = assert_refused(tmp_path, content, 1, 1, "5.0 MB", "larger than 5 MB")
    assert "refused" in output


@pytest.mark.parametrize("depth", [45, 2_000, 200_000])
def test_deep_flow_nesting(tmp_path: Path, depth: int) -> None:
    text = GOOD_HEAD + "notes: " + "[" * depth + "]" * depth + "\n"
    proc, _ = _run_subprocess(tmp_path, text)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-500:])
    assert "nested more than 40 levels deep" in proc.stderr
    assert len(problems(proc.stderr)) == 1
    assert "Traceback" not in proc.stderr


def test_deep_block_nesting(tmp_path: Path) -> None:
    text = GOOD_HEAD + "".join(" " * i + f"k{i}:\n" for i in range(60)) + " " * 60 + "x\n"
    # k0 is at depth 1, so the value of k40 (line 46) is the first too deep
    assert_refused(tmp_path, text, 46, 42, "nested more than 40 levels deep")


def test_deep_compact_sequences(tmp_path: Path) -> None:
    text = GOOD_HEAD + "notes:\n" + "- " * 3_000 + "x\n"
    proc, _ = _run_subprocess(tmp_path, text)
    assert proc.returncode == 2, proc.stderr[-500:]
    assert "nested more than 40 levels deep" in proc.stderr


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "phrase"), [
    ("2026-13-45", "'2026-13-45' is not a real date"),
    ("2026-02-30", "'2026-02-30' is not a real date"),
])
def test_impossible_dates(tmp_path: Path, value: str, phrase: str) -> None:
    text = GOOD_HEAD.replace("2026-11-01", value)
    output = assert_refused(tmp_path, text, 4, 8, phrase)
    assert "YYYY-MM-DD" in output


def test_date_that_is_text(tmp_path: Path) -> None:
    assert_refused(tmp_path, GOOD_HEAD.replace("2026-11-01", "next tuesday"), 4, 8,
                   "as_of", "is not a date", "YYYY-MM-DD")


def test_input_file_is_never_modified(tmp_path: Path) -> None:
    text = GOOD_HEAD + "as_of: 2027-01-01\n"
    source = tmp_path / "assessment.yaml"
    run(tmp_path, text)
    assert source.read_text() == text
