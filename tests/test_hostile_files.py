"""Hostile files and paths: nothing is lost, nothing hangs, every failure names the file.

Special files and path errors run the command in a subprocess (a FIFO that blocked
would hang the test run; the timeout only guards against that), and are skipped where
the platform lacks the feature.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from checklist.cli import main
from checklist.load.problems import InputError, PackError
from checklist.load.reading import MAX_FILE_BYTES, read_input_bytes
from checklist.portfolio.file_summary import FileFailure, summarise_file
from checklist.portfolio.rollup import run_rollup
from tests.conftest import MINI, MINI_GOOD, assessment, full_answers, pack_rule, to_yaml

CHECKLIST = [sys.executable, "-m", "checklist"]


def cli(*args: str | Path, stdin: bytes | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CHECKLIST, *map(str, args)], capture_output=True, text=True,
                          timeout=120, input=None if stdin is None else stdin.decode(),
                          cwd=cwd)


def assert_plain_exit_2(proc: subprocess.CompletedProcess[str], named: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "fault in checklist" not in proc.stderr
    assert named in proc.stderr


# ------------------------------------------------------------------ special files

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
needs_dev_zero = pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")


@needs_fifo
def test_fifo_as_assessment_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    proc = cli("validate", fifo)
    assert_plain_exit_2(proc, "pipe.yaml")
    assert "pipe" in proc.stderr


@needs_fifo
def test_fifo_as_pack_file_is_refused(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    for item in MINI.iterdir():
        if item.name != "alpha.yaml":
            (pack / item.name).write_bytes(item.read_bytes())
    os.mkfifo(pack / "alpha.yaml")
    proc = cli("evaluate", MINI_GOOD, "--pack", pack, "-f", "json", "-o", tmp_path / "r.json")
    assert_plain_exit_2(proc, "alpha.yaml")
    assert not (tmp_path / "r.json").exists()


@needs_dev_zero
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_device_through_a_symlink_is_refused(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    link = tmp_path / "a.yaml"
    link.symlink_to(device)
    proc = cli("validate", link)
    assert_plain_exit_2(proc, "a.yaml")
    assert "device" in proc.stderr


@needs_dev_zero
def test_device_on_stdin_is_refused() -> None:
    with open("/dev/zero", "rb") as zero:
        proc = subprocess.run([*CHECKLIST, "validate", "/dev/stdin"], stdin=zero,
                              capture_output=True, text=True, timeout=120)
    assert_plain_exit_2(proc, "standard input")


def test_stdin_pipe_is_read_when_asked_for() -> None:
    proc = cli("validate", "-", "--pack", MINI, stdin=MINI_GOOD.read_bytes())
    assert proc.returncode == 0, proc.stderr


def test_stdin_is_cut_off_at_the_size_limit() -> None:
    proc = cli("validate", "-", stdin=b"# " + b"x" * (MAX_FILE_BYTES + 10) + b"\n")
    assert_plain_exit_2(proc, "MB")


# ------------------------------------------------------------------ path errors


def message_for(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        read_input_bytes(path)
    assert len(caught.value.problems) == 1
    return caught.value.problems[0].message


def test_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    assert "loop of symbolic links" in message_for(loop)
    assert_plain_exit_2(cli("validate", loop), "loop.yaml")


def test_path_through_a_file(tmp_path: Path) -> None:
    afile = tmp_path / "plain.txt"
    afile.write_text("x")
    assert "is a file, not a folder" in message_for(afile / "a.yaml")


def test_name_too_long(tmp_path: Path) -> None:
    assert "too long" in message_for(tmp_path / ("n" * 5000 + ".yaml"))


def test_nul_byte_in_a_file_name() -> None:
    assert "NUL byte" in message_for(Path("a\x00b.yaml"))


def test_nul_byte_in_a_pack_domain_file_name(tmp_path: Path) -> None:
    from checklist.load.packs import load_pack
    from tests.conftest import write_pack
    folder = write_pack(tmp_path / "p", {"AAA": [pack_rule("AAA-01")]})
    text = (folder / "pack.yaml").read_text().replace("file: aaa.yaml", 'file: "a\\0aa.yaml"')
    (folder / "pack.yaml").write_text(text)
    with pytest.raises(PackError) as caught:
        load_pack(str(folder))
    assert "file" in str(caught.value)


# ------------------------------------------------------------------ roll-up: nothing lost


def _write_members(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(count):
        path = folder / f"agency-{i:02d}.yaml"
        path.write_text(to_yaml(assessment(full_answers(), agency={"name": f"Agency {i}"})))
        paths.append(path)
    return paths


@pytest.mark.parametrize("jobs", [1, 2])
def test_rollup_counts_every_file_in_as_a_row_or_an_invalid_file(
        tmp_path: Path, jobs: int) -> None:
    members = _write_members(tmp_path / "in", 5)
    (tmp_path / "in" / "broken.yaml").write_text("pack: [unclosed\n")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "in" / "pipe.yaml")
    (tmp_path / "in" / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    files_in = len(list((tmp_path / "in").iterdir()))
    result = CliRunner().invoke(main, ["rollup", str(tmp_path / "in"), "--pack", str(MINI),
                                       "--allow-invalid", "--jobs", str(jobs), "-o", "-"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows, invalid = len(data["agencies"]), len(data["invalid"])
    assert rows == len(members)
    assert rows + invalid == files_in == data["summary"]["files"]


def test_a_fault_in_a_worker_is_listed_not_swallowed(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    """StopIteration escaping a worker would end the pool's iterator early."""
    members = _write_members(tmp_path / "in", 3)
    import checklist.portfolio.file_summary as file_summary

    real = file_summary._summarise

    def flaky(task: tuple[str, str | None]) -> object:
        if task[0].endswith("01.yaml"):
            raise StopIteration
        return real(task)

    monkeypatch.setattr(file_summary, "_summarise", flaky)
    aggregator = run_rollup(members, pack=str(MINI), jobs=1)
    assert aggregator.files == 3
    faults = [f for f in aggregator.failures if f.fault]
    assert [f.file for f in faults] == [str(members[1])]
    assert "StopIteration" in faults[0].error


def test_an_unreadable_member_is_a_failure_naming_it(tmp_path: Path) -> None:
    outcome = summarise_file((str(tmp_path / "missing.yaml"), str(MINI)))
    assert isinstance(outcome, FileFailure)
    assert "missing.yaml" in outcome.error


def test_nan_cannot_reach_the_rating(make_pack: Callable[..., Path]) -> None:
    """Huge weights used to give a NaN score; they are now refused at load, naming the field."""
    pack = make_pack({"AAA": [pack_rule("AAA-01", weight=1e308)]})
    from checklist.load.packs import load_pack
    with pytest.raises(PackError) as caught:
        load_pack(str(pack))
    assert "weight" in str(caught.value)


# ------------------------------------------------------------------ huge numbers, partial tables


def test_a_5000_digit_number_gets_a_plain_message(tmp_path: Path) -> None:
    answers = full_answers()
    answers["ALP-02"]["facts"]["completion_pct"] = 1
    text = to_yaml(assessment(answers)).replace("completion_pct: 1",
                                                "completion_pct: " + "9" * 5000)
    path = tmp_path / "a.yaml"
    path.write_text(text)
    proc = cli("validate", path, "--pack", MINI)
    assert_plain_exit_2(proc, "a.yaml")
    assert "5,000 digits" in proc.stderr
    assert "4300" not in proc.stderr


@pytest.mark.parametrize(("where", "value", "field"), [
    ("severity_weights", {"critical": 1e300}, "severity_weights"),
    ("rule_weight", 5000, "weight"),
    ("max_age_days", 10**400, "max_age_days"),
])
def test_out_of_bounds_pack_numbers_name_the_field(make_pack: Callable[..., Path], where: str,
                                                   value: object, field: str) -> None:
    from checklist.load.packs import load_pack
    from tests.conftest import pack_manifest
    rule = pack_rule("AAA-01")
    scoring = pack_manifest({"AAA": []})["scoring"]
    if where == "severity_weights":
        scoring = {**scoring, "severity_weights": value}
    elif where == "rule_weight":
        rule["weight"] = value
    else:
        rule["evidence"] = {"max_age_days": value}
    pack = make_pack({"AAA": [rule]}, scoring=scoring)
    with pytest.raises(PackError) as caught:
        load_pack(str(pack))
    assert field in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_a_percentage_parameter_lies_in_0_to_100(make_pack: Callable[..., Path]) -> None:
    from checklist.load.packs import load_pack
    params = [{"id": "share", "title": "Share", "default": 150, "unit": "%",
               "basis": "Policy choice."}]
    with pytest.raises(PackError) as caught:
        load_pack(str(make_pack({"AAA": [pack_rule("AAA-01")]}, parameters=params)))
    assert "between 0 and 100" in str(caught.value)


def test_a_partial_credits_table_keeps_the_other_defaults(
        make_pack: Callable[..., Path], tmp_path: Path) -> None:
    from checklist.load.packs import load_pack
    from tests.conftest import pack_manifest
    scoring = {**pack_manifest({"AAA": []})["scoring"], "credits": {"partial": 0.4}}
    pack = load_pack(str(make_pack({"AAA": [pack_rule("AAA-01")]}, scoring=scoring)))
    credits = pack.manifest.scoring.credits
    assert credits["partial"] == 0.4
    assert credits["implemented"] == 1.0 and credits["unanswered"] == 0.0


# ------------------------------------------------------------------ dates and byte-order marks


@pytest.mark.parametrize(("line", "bad"), [("as_of: 20261101", "20261101"), ("as_of: 0", "0")])
def test_a_number_is_not_an_as_of_date(tmp_path: Path, line: str, bad: str) -> None:
    text = to_yaml(assessment(full_answers())).replace("as_of: 2026-11-01", line)
    path = tmp_path / "a.yaml"
    path.write_text(text)
    proc = cli("validate", path, "--pack", MINI)
    assert_plain_exit_2(proc, "a.yaml")
    lineno = text.splitlines().index(line) + 1
    assert f"a.yaml:{lineno}:" in proc.stderr and "as_of" in proc.stderr


def test_a_number_is_not_a_target_date(tmp_path: Path) -> None:
    answers = {"BET-01": {"status": "planned", "target_date": 86400}}
    path = tmp_path / "a.yaml"
    path.write_text(to_yaml(assessment(answers)))
    proc = cli("validate", path, "--pack", MINI)
    assert_plain_exit_2(proc, "target_date")


def test_a_quoted_iso_date_is_accepted(tmp_path: Path) -> None:
    text = to_yaml(assessment(full_answers())).replace("as_of: 2026-11-01",
                                                       "as_of: '2026-11-01'")
    path = tmp_path / "a.yaml"
    path.write_text(text)
    assert cli("validate", path, "--pack", MINI).returncode == 0


def test_two_byte_order_marks(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + MINI_GOOD.read_bytes())
    proc = cli("validate", path, "--pack", MINI)
    assert_plain_exit_2(proc, "a.yaml:1:1")
    assert "byte-order mark" in proc.stderr


def test_a_quoted_iso_date_in_a_date_fact_is_a_date() -> None:
    from tests.conftest import load
    answers = full_answers()
    answers["ALP-01"]["facts"]["last_reviewed"] = "2026-05-01"
    loaded = load(assessment(answers))
    facts = loaded.assessment.answers["ALP-01"].facts  # type: ignore[union-attr]
    assert facts["last_reviewed"] == dt.date(2026, 5, 1)


# ------------------------------------------------------------------ signals

needs_signals = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals only")


def _start_rollup(tmp_path: Path, count: int) -> tuple[subprocess.Popen[str], Path]:
    folder = tmp_path / "in"
    _write_members(folder, count)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.Popen([*CHECKLIST, "rollup", str(folder), "--pack", str(MINI),
                             "--jobs", "2", "-o", str(out / "r.json")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    return proc, out


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


@needs_signals
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_a_rollup_stops_the_workers_and_leaves_nothing(
        tmp_path: Path, signum: int, code: int) -> None:
    import time
    # Enough members that the roll-up is still running when the signal arrives.
    proc, out = _start_rollup(tmp_path, 2000)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and not workers and proc.poll() is None:
        time.sleep(0.2)
        workers = _children(proc.pid)
    if proc.poll() is not None:
        pytest.skip("the roll-up finished before it could be interrupted")
    time.sleep(0.2)
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr
    assert list(out.iterdir()) == []
    time.sleep(1)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and "zombie" not in Path(f"/proc/{w}/status").read_text()]
    assert alive == [], "workers still running after the parent stopped"


@needs_signals
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_a_pdf_render_leaves_no_files(tmp_path: Path, signum: int,
                                                      code: int) -> None:
    import time
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    proc = subprocess.Popen([*CHECKLIST, "evaluate", str(MINI_GOOD), "--pack", str(MINI),
                             "-o", str(out / "report.pdf")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    # Signal once the render has made its own temporary folder, so the signal lands in the
    # render itself rather than at an arbitrary point of start-up on a loaded machine.
    deadline = time.monotonic() + 60
    while (time.monotonic() < deadline and proc.poll() is None
           and not list(scratch.glob("checklist-pdf-*"))):
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the render finished before it could be interrupted")
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=60)
    # As in test_pdf_cleanup: the shell shows 128 + n for an exit with that code and for an
    # interpreter that ends by the signal itself after the message (seen in CI, not traced).
    assert proc.returncode in (code, -signum), stderr
    assert "nothing was written" in stderr
    assert list(out.iterdir()) == []
    assert list(scratch.iterdir()) == []


# ------------------------------------------------------------------ YAML 1.1 number readings


@pytest.mark.parametrize("written", ["12:30", "0123", "1:02:03"])
def test_sexagesimal_and_octal_are_kept_as_written(written: str) -> None:
    from checklist.load.yamlsource import parse_yaml_text
    assert parse_yaml_text(f"owner: {written}\n", "a.yaml").data == {"owner": written}


def test_a_yaml11_number_where_a_number_belongs_is_quoted_as_written(tmp_path: Path) -> None:
    answers = full_answers()
    answers["ALP-02"]["facts"]["roster_size"] = 20
    text = to_yaml(assessment(answers)).replace("roster_size: 20", "roster_size: 0123")
    path = tmp_path / "a.yaml"
    path.write_text(text)
    proc = cli("validate", path, "--pack", MINI)
    assert_plain_exit_2(proc, "0123")
    assert "83" not in proc.stderr.replace(str(path), "")  # the octal reading is never shown


# ------------------------------------------------------------------ terminal text


def test_control_characters_in_a_message_are_shown_not_sent(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    text = to_yaml(assessment(full_answers())) + '"\\e[2Jevil\\a": 1\n'
    path.write_text(text, encoding="utf-8")
    proc = cli("validate", path, "--pack", MINI)
    assert proc.returncode == 2
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr
    assert "\\x1b[2Jevil\\x07" in proc.stderr


def test_a_long_hostile_value_is_quoted_short(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    answers = full_answers()
    answers["BET-01"]["status"] = "x" * 100_000
    text = to_yaml(assessment(answers))
    path.write_text(text, encoding="utf-8")
    proc = cli("validate", path, "--pack", MINI)
    assert proc.returncode == 2
    assert len(proc.stderr) < 2_000
    assert "…" in proc.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_like_a_workbook_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "answers.xlsx"
    os.mkfifo(pipe)
    proc = cli("validate", pipe, "--pack", MINI)
    assert proc.returncode == 2
    assert f"{pipe}:1:1:" in proc.stderr and "not a regular file" in proc.stderr


def test_only_a_long_quoted_value_is_cut_never_the_text_between_two_values() -> None:
    from checklist.terminal import for_terminal
    message = ("a.yaml:3:5: status: 'implmented' is not one of the allowed values "
               "(implemented, alternative, partial, planned, not_implemented, "
               "not_applicable); did you mean 'implemented'?")
    assert for_terminal(message) == message
    long = "the agency's value '" + "x" * 200 + "' is too long; try 'y'"
    shown = for_terminal(long)
    assert shown == "the agency's value '" + "x" * 80 + "…' is too long; try 'y'"


def test_rules_list_shows_control_characters_in_pack_text(
        make_pack: Callable[..., Path]) -> None:
    pack = make_pack({"AAA": [pack_rule("AAA-01", title="Evil \x1b[31mred\x1b[0m title")]})
    result = CliRunner().invoke(main, ["rules", "list", "--pack", str(pack)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "\\x1b[31mred" in result.output


@pytest.mark.parametrize(("text", "where", "words"), [
    ('a: 1\nb: "x\\qy"\n', (2, 6), "escape YAML does not know"),
    ('a: 1\nb: "\\ud800"\n', (2, 7), "not a valid character"),
    ('a: 1\nb: "ok\x1bx"\n', (2, 7), "control character U+001B"),
    ('a: 1\nb: ok\x07x\n', (2, 6), "control character U+0007"),
])
def test_escape_and_control_character_errors_are_located(
        text: str, where: tuple[int, int], words: str) -> None:
    from checklist.load.yamlsource import parse_yaml_text
    with pytest.raises(InputError) as caught:
        parse_yaml_text(text, "a.yaml")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == where
    assert words in problem.message
    assert "never closed" not in problem.message
