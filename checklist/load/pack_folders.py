"""Where rule packs live: the packs shipped with checklist and their earlier versions.

A pack is a folder holding :data:`MANIFEST`; the shipped ones are under
``checklist/rules``, and earlier versions of them under ``rules/previous``.
"""

from __future__ import annotations

from pathlib import Path

from checklist.resources import builtin_rules_dir

MANIFEST = "pack.yaml"
# The pack a command uses when none is named.
DEFAULT_PACK = "task-force-coordination"


def builtin_packs() -> dict[str, Path]:
    """Packs shipped with the package, by folder name."""
    root = builtin_rules_dir()
    return {p.name: p for p in sorted(root.iterdir()) if (p / MANIFEST).is_file()}


# Earlier versions of shipped packs, kept so that last year's files evaluate as they did:
# ``rules/previous/<pack id>/<version>/pack.yaml``.
PREVIOUS = "previous"


def previous_versions(pack_id: str) -> dict[str, Path]:
    """Earlier shipped versions of a pack, by version."""
    root = builtin_rules_dir() / PREVIOUS / pack_id
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir()) if (p / MANIFEST).is_file()}
