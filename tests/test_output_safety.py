"""No output ever replaces an input or a device: every file a command reads is refused as
its output (exit 2, nothing written), devices and pipes are written to and never replaced,
and new files follow the user's umask."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import MINI, MINI_GOOD

from checklist.cli import main


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def place(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "P")
    shutil.copy(MINI_GOOD, tmp_path / "a.yaml")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


# (command line with {d} for the folder, the input file it must not replace)
CLASHES = [
    ("evaluate {d}/a.yaml --pack {d}/P -f json -o {d}/P/alpha.yaml", "P/alpha.yaml"),
    ("evaluate {d}/a.yaml --pack {d}/P -f json -o {d}/P/pack.yaml", "P/pack.yaml"),
    ("evaluate {d}/a.yaml --pack {d}/P -f json -o {d}/a.yaml", "a.yaml"),
    ("schema --pack {d}/P -o {d}/P/pack.yaml", "P/pack.yaml"),
    ("compare {d}/a.yaml {d}/a.yaml --pack {d}/P -f json -o {d}/P/beta.yaml", "P/beta.yaml"),
    ("compare {d}/a.yaml {d}/a.yaml --pack {d}/P -f json -o {d}/a.yaml", "a.yaml"),
    ("rollup {d}/a.yaml --pack {d}/P -f csv -o {d}/P/pack.yaml", "P/pack.yaml"),
    ("rollup {d}/a.yaml --pack {d}/P -f csv -o {d}/a.yaml", "a.yaml"),
    ("init --pack {d}/P --force -o {d}/P/beta.yaml", "P/beta.yaml"),
    ("init --pack {d}/P --from {d}/a.yaml --force -o {d}/a.yaml", "a.yaml"),
]


@pytest.mark.parametrize(("command", "victim"), CLASHES)
def test_no_command_writes_over_a_file_it_reads(place: Path, command: str, victim: str) -> None:
    before = snapshot(place)
    result = cli(*command.format(d=place).split())
    assert result.exit_code == 2, result.output
    assert "is a file this command reads" in result.output
    assert snapshot(place) == before


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_a_second_name_for_an_input_is_refused_too(place: Path, link: str) -> None:
    other = place / "other-name.yaml"
    (os.symlink if link == "symlink" else os.link)(place / "P" / "alpha.yaml", other)
    before = snapshot(place / "P")
    result = cli("evaluate", str(place / "a.yaml"), "--pack", str(place / "P"), "-f", "json",
                 "-o", str(other))
    assert result.exit_code == 2, result.output
    assert snapshot(place / "P") == before


def test_the_pack_from_the_cache_still_counts_as_read(place: Path) -> None:
    args = ["evaluate", str(place / "a.yaml"), "--pack", str(place / "P"), "-f", "json"]
    assert cli(*args, "-o", str(place / "first.json")).exit_code == 0  # fills the cache
    before = snapshot(place / "P")
    result = cli(*args, "-o", str(place / "P" / "alpha.yaml"))
    assert result.exit_code == 2
    assert snapshot(place / "P") == before


def run_cli(*args: str, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    def set_umask() -> None:
        if umask is not None:
            os.umask(umask)
    return subprocess.run([sys.executable, "-m", "checklist", *args], capture_output=True,
                          text=True, timeout=120, preexec_fn=set_umask)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null on this platform")
def test_dev_null_is_written_to_and_stays_a_device(place: Path) -> None:
    before = os.stat("/dev/null")
    done = run_cli("evaluate", str(place / "a.yaml"), "--pack", str(place / "P"), "-f", "json",
                   "-o", "/dev/null")
    assert done.returncode == 0, done.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this platform")
def test_a_full_device_is_reported_and_not_replaced(place: Path) -> None:
    done = run_cli("evaluate", str(place / "a.yaml"), "--pack", str(place / "P"), "-f", "json",
                   "-o", "/dev/full")
    assert done.returncode == 2
    assert "full" in done.stderr and "Traceback" not in done.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_is_written_to_when_read_and_refused_when_not(place: Path) -> None:
    fifo = place / "pipe"
    os.mkfifo(fifo)
    args = ["evaluate", str(place / "a.yaml"), "--pack", str(place / "P"), "-f", "json",
            "-o", str(fifo)]
    alone = run_cli(*args)
    assert alone.returncode == 2 and "no program is reading" in alone.stderr
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done = run_cli(*args)
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert received and received[0].startswith(b"{")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_new_reports_follow_the_umask(place: Path, umask: int, mode: int) -> None:
    out = place / "report.md"
    done = run_cli("evaluate", str(place / "a.yaml"), "--pack", str(place / "P"), "-o", str(out),
                   umask=umask)
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(os.stat(out).st_mode) == mode


def test_a_replaced_report_keeps_its_mode_and_a_link_keeps_pointing(place: Path) -> None:
    real = place / "real.json"
    real.write_text("old")
    real.chmod(0o640)
    link = place / "link.json"
    link.symlink_to(real)
    result = cli("evaluate", str(place / "a.yaml"), "--pack", str(place / "P"), "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text().startswith("{")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert not list(place.glob(".*.part"))
