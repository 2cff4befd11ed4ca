"""The pack cache never changes a result: it misses on any change and survives damage."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checklist.load import pack_cache, packs

MINI = Path(__file__).resolve().parent / "packs" / "mini"


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("CHECKLIST_CACHE_DIR", str(cache))
    monkeypatch.delenv("CHECKLIST_NO_CACHE", raising=False)
    monkeypatch.setattr(packs, "_CACHE", {})
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder


def test_second_load_comes_from_the_cache_and_is_equal(fresh: Path) -> None:
    first = packs.load_pack(str(fresh))
    entries = list(Path(pack_cache.cache_dir() or "").glob("pack-*.pickle"))
    assert len(entries) == 1
    packs._CACHE.clear()
    second = packs.load_pack(str(fresh))
    assert second == first
    assert second.sha256 == first.sha256
    assert second.rules.keys() == first.rules.keys()


def test_any_change_to_a_pack_file_misses_the_cache(fresh: Path) -> None:
    first = packs.load_pack(str(fresh))
    packs._CACHE.clear()
    alpha = fresh / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("Written agreement", "Signed agreement", 1))
    second = packs.load_pack(str(fresh))
    assert second.rules["ALP-01"].title == "Signed agreement"
    assert second.sha256 != first.sha256


def test_a_damaged_cache_entry_is_ignored(fresh: Path) -> None:
    first = packs.load_pack(str(fresh))
    packs._CACHE.clear()
    for entry in Path(pack_cache.cache_dir() or "").glob("pack-*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert packs.load_pack(str(fresh)) == first


def test_no_cache_setting_writes_nothing(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKLIST_NO_CACHE", "1")
    packs.load_pack(str(fresh))
    root = fresh.parent / "cache"
    assert not root.exists()


def test_a_broken_pack_is_never_cached(fresh: Path) -> None:
    (fresh / "beta.yaml").write_text("domain: BET\nrules: []\n")
    with pytest.raises(packs.PackError):
        packs.load_pack(str(fresh))
    assert not (fresh.parent / "cache").exists()


def test_identical_packs_in_two_folders_keep_their_own_path(fresh: Path) -> None:
    first = packs.load_pack(str(fresh))
    twin = fresh.parent / "twin"
    shutil.copytree(fresh, twin)
    packs._CACHE.clear()
    second = packs.load_pack(str(twin))
    assert first.path == fresh.resolve()
    assert second.path == twin.resolve()


def test_old_entries_are_pruned(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pack_cache, "KEEP_ENTRIES", 2)
    for n in range(4):
        folder = fresh.parent / f"copy{n}"
        shutil.copytree(fresh, folder)
        packs.load_pack(str(folder))
    assert len(list(Path(pack_cache.cache_dir() or "").glob("pack-*.pickle"))) == 2


def _relayout(folder: Path, beta_name: str) -> Path:
    """Move the beta domain file to ``beta_name`` (a subfolder or another extension)."""
    target = folder / beta_name
    target.parent.mkdir(parents=True, exist_ok=True)
    (folder / "beta.yaml").rename(target)
    manifest = folder / "pack.yaml"
    manifest.write_text(manifest.read_text().replace("file: beta.yaml", f"file: {beta_name}"))
    return target


@pytest.mark.parametrize("beta_name", ["beta.yaml", "beta.yml", "domains/beta.yaml",
                                       "domains/deeper/beta.yml", "Beta.YAML"])
def test_an_edit_to_any_file_the_loader_reads_misses_the_cache(fresh: Path, beta_name: str) -> None:
    """Every layout a pack may have: the key covers exactly the files the loader read."""
    beta = fresh / "beta.yaml" if beta_name == "beta.yaml" else _relayout(fresh, beta_name)
    first = packs.load_pack(str(fresh))
    assert beta_name in first.files and "pack.yaml" in first.files
    packs._CACHE.clear()
    text = beta.read_text()
    assert "weight: 4" not in text
    beta.write_text(text.replace("severity: low", "severity: low\n    weight: 40", 1))
    second = packs.load_pack(str(fresh))
    assert second.weight(second.rules["BET-01"]) == 40
    assert first.weight(first.rules["BET-01"]) == 1


def test_a_file_the_loader_does_not_read_does_not_matter(fresh: Path) -> None:
    packs.load_pack(str(fresh))
    packs._CACHE.clear()
    (fresh / "notes.yaml").write_text("not: part of the pack\n")
    entries = list(Path(pack_cache.cache_dir() or "").glob("pack-*.pickle"))
    assert packs.load_pack(str(fresh)) is not None
    assert list(Path(pack_cache.cache_dir() or "").glob("pack-*.pickle")) == entries


def test_an_edited_pack_model_misses_the_cache(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout whose pack classes changed must not unpickle a pack built by the old ones
    (an old pickle lacks the new fields and fails on first use)."""
    packs.load_pack(str(fresh))
    before = set(Path(pack_cache.cache_dir() or "").glob("pack-*.pickle"))
    monkeypatch.setattr(pack_cache, "_code_stamp", lambda: "models/pack.py:1:2")
    packs._CACHE.clear()
    packs.load_pack(str(fresh))
    after = set(Path(pack_cache.cache_dir() or "").glob("pack-*.pickle"))
    assert len(after - before) == 1


def test_the_code_stamp_names_the_pack_model() -> None:
    assert "models/pack.py:" in pack_cache._code_stamp()
