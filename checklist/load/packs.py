"""Find and load rule packs.

A pack is a folder: ``pack.yaml`` and one YAML file per domain. Packs ship inside
the package (``checklist/rules``) and users may point ``--pack`` at a folder of
their own. A broken pack is an error of its author, reported with positions.

This module finds a pack's folder, reads its files and keeps each loaded pack for the
run; :mod:`~checklist.load.pack_checks` cross-checks it, :mod:`~checklist.load.loaded_pack`
defines what is loaded, :mod:`~checklist.load.pack_folders` says where packs live and
:mod:`~checklist.load.pack_translations` reads their translations. Their public names are
importable from here too.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from checklist.load import inputs, pack_cache
from checklist.load.loaded_pack import Domain, Pack
from checklist.load.pack_checks import cross_check
from checklist.load.pack_folders import (
    DEFAULT_PACK,
    MANIFEST,
    PREVIOUS,
    builtin_packs,
    previous_versions,
)
from checklist.load.pack_translations import TRANSLATIONS, load_translation, translation_path
from checklist.load.problems import InputError, PackError, UsageError, did_you_mean
from checklist.load.validation import validated
from checklist.load.yaml_document import YamlDocument
from checklist.load.yamlsource import load_yaml_file
from checklist.models.pack import DomainFile, PackManifest

__all__ = [
    "DEFAULT_PACK",
    "MANIFEST",
    "PREVIOUS",
    "TRANSLATIONS",
    "Domain",
    "Pack",
    "PackError",
    "builtin_packs",
    "cross_check",
    "load_pack",
    "load_translation",
    "previous_versions",
    "resolve_pack_path",
    "translation_path",
]


def resolve_pack_path(name_or_path: str) -> Path:
    """A shipped pack name (optionally ``name@version``), or a folder holding pack.yaml
    (or the pack.yaml itself)."""
    candidate = Path(name_or_path)
    if candidate.is_file() and candidate.name == MANIFEST:
        return candidate.parent
    if (candidate / MANIFEST).is_file():
        return candidate
    shipped = builtin_packs()
    name, _, version = name_or_path.partition("@")
    if name in shipped and not version:
        return shipped[name]
    if name in shipped:
        return _versioned(name, version, shipped[name])
    hint = did_you_mean(name, shipped)
    names = ", ".join(shipped) or "none"
    raise UsageError(
        f"no rule pack named '{name}'{hint} (shipped packs: {names}; "
        f"or give a folder that holds {MANIFEST})"
    )


def _versioned(name: str, version: str, current_folder: Path) -> Path:
    """The shipped folder of version ``version`` of pack ``name``: the current one or an
    earlier one kept under ``rules/previous``."""
    current = _load_folder(current_folder).version
    if version == current:
        return current_folder
    earlier = previous_versions(name)
    if version in earlier:
        return earlier[version]
    known = ", ".join([*earlier, current])
    raise UsageError(f"pack '{name}' has no version {version} (shipped versions: {known})")


def load_pack(name_or_path: str) -> Pack:
    """Load and cross-check a pack; raise :class:`PackError` listing every problem."""
    folder = resolve_pack_path(name_or_path)
    return _load_folder(folder)


_CACHE: dict[Path, Pack] = {}


def _load_folder(folder: Path) -> Pack:
    folder = folder.resolve()
    if folder in _CACHE:
        inputs.record_all(folder / name for name in _CACHE[folder].files)
        return _CACHE[folder]
    cached = pack_cache.load(folder, Pack)
    if cached is not None:
        _CACHE[folder] = cached
        return cached
    problems: list[str] = []
    digest = hashlib.sha256()
    read: list[str] = []
    manifest_doc = _read(folder / MANIFEST, folder, problems, digest, read)
    manifest = _validated(manifest_doc, PackManifest, problems)
    if not isinstance(manifest, PackManifest):
        raise PackError(str(folder), problems)
    domains: list[Domain] = []
    docs: dict[str, YamlDocument] = {MANIFEST: manifest_doc} if manifest_doc else {}
    for entry in manifest.domains:
        if not (folder / entry.file).resolve().is_relative_to(folder):
            problems.append(f"{MANIFEST}: domain '{entry.id}' names the file '{entry.file}', "
                            "which is outside the pack folder; keep domain files inside it")
            continue
        doc = _read(folder / entry.file, folder, problems, digest, read)
        parsed = _validated(doc, DomainFile, problems)
        if isinstance(parsed, DomainFile):
            if parsed.domain != entry.id:
                problems.append(f"{entry.file}: declares domain '{parsed.domain}' but pack.yaml "
                                f"lists this file for domain '{entry.id}'")
            domains.append(Domain(entry, tuple(parsed.rules)))
            if doc is not None:
                docs[entry.file] = doc
    # Cross-check the files that did parse too, so that one run lists every problem.
    pack = Pack(manifest=manifest, domains=tuple(domains), path=folder,
                sha256=digest.hexdigest(), files=tuple(read))
    problems.extend(cross_check(pack, docs))
    if problems:
        raise PackError(str(folder), problems)
    _CACHE[folder] = pack
    pack_cache.store(folder, pack, pack.files)
    return pack


_MANIFEST_HINT = "it should hold the pack's fields (id, title, version, domains, sources, scoring)"
_DOMAIN_HINT = "it should hold 'domain:' and the domain's 'rules:'"


def _read(path: Path, folder: Path, problems: list[str],
          digest: hashlib._Hash, read: list[str]) -> YamlDocument | None:
    try:
        doc = load_yaml_file(path, display_name=str(path.relative_to(folder)),
                             empty_hint=_MANIFEST_HINT if path.name == MANIFEST else _DOMAIN_HINT)
    except InputError as exc:
        problems.extend(str(p) for p in exc.problems)
        return None
    relative = path.relative_to(folder).as_posix()
    read.append(relative)
    digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
    return doc


def _validated(doc: YamlDocument | None, model: type[PackManifest] | type[DomainFile],
               problems: list[str]) -> object:
    if doc is None:
        return None
    try:
        return validated(doc, model)
    except InputError as exc:
        problems.extend(str(p) for p in exc.problems)
        return None
