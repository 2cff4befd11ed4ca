"""Cross-checks of a pack's glossary (``glossary:`` in ``pack.yaml``).

Each term is declared once, and says what it stands for rather than repeating itself. A
problem names ``pack.yaml`` and, when the file as read is at hand, the entry's line.
"""

from __future__ import annotations

from checklist.load.yaml_document import YamlDocument
from checklist.models.pack import PackManifest

MANIFEST = "pack.yaml"


def _where(doc: YamlDocument | None, index: int, field: str = "term") -> str:
    if doc is None:
        return f"{MANIFEST}: glossary entry {index + 1}"
    pos = doc.position(("glossary", index, field))
    return f"{MANIFEST}:{pos.line}:{pos.column}: glossary entry {index + 1}"


def glossary_problems(manifest: PackManifest, doc: YamlDocument | None) -> list[str]:
    """Duplicate terms and entries that only repeat their term, each with its position."""
    problems: list[str] = []
    first: dict[str, int] = {}
    for index, entry in enumerate(manifest.glossary):
        if entry.term in first:
            earlier = first[entry.term]
            line = (f"line {doc.position(('glossary', earlier, 'term')).line}"
                    if doc is not None else f"entry {earlier + 1}")
            problems.append(f"{_where(doc, index)}: the term '{entry.term}' is already "
                            f"declared ({line}); keep one entry per term")
            continue
        first[entry.term] = index
        if entry.stands_for.strip().casefold() == entry.term.casefold():
            problems.append(f"{_where(doc, index, 'stands_for')}: stands_for only repeats "
                            f"the term '{entry.term}'; write what it stands for")
    return problems
