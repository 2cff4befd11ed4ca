"""Read a pack's translation of its texts (``translations/<language>.yaml``).

A translation changes no score, so it is not part of the pack's hash; it is read only when
a document is asked for in its language.
"""

from __future__ import annotations

from pathlib import Path

from checklist.load import inputs
from checklist.load.loaded_pack import Pack
from checklist.load.problems import InputError, PackError
from checklist.load.validation import validated
from checklist.load.yamlsource import load_yaml_file
from checklist.models.pack import PackTranslation

TRANSLATIONS = "translations"


def translation_path(pack: Pack, language: str) -> Path:
    return pack.path / TRANSLATIONS / f"{language}.yaml"


def load_translation(pack: Pack, language: str) -> PackTranslation | None:
    """The pack's texts in ``language`` (``translations/<language>.yaml``), or ``None`` when
    the pack has none. Translations are not part of the pack's hash: they change no score."""
    path = translation_path(pack, language)
    if not path.is_file():
        return None
    name = f"{TRANSLATIONS}/{path.name}"
    try:
        doc = load_yaml_file(path, display_name=name, empty_hint="it should hold "
                             "'language:' and the translated 'entries:'")
        parsed = validated(doc, PackTranslation)
    except InputError as exc:
        raise PackError(str(pack.path), [str(p) for p in exc.problems]) from None
    inputs.record(path)
    assert isinstance(parsed, PackTranslation)
    if parsed.language != language:
        raise PackError(str(pack.path), [f"{name}: says language '{parsed.language}'; a "
                                         f"file named {path.name} must say '{language}'"])
    return parsed
