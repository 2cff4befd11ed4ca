"""A pack's own texts in another language, entry by entry, with fallback to English.

Each translatable text of a pack has a key (``rule.AGR-01.title``, ``domain.AGR.title``,
``band.Strong.name`` …, see :func:`english_entries`). A translation entry records the
fingerprint of the English text it translates; when the English changes, the entry is
stale. A stale or missing entry shows the English text, and is counted, so a document can
say how many of its texts fell back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from checklist.load.packs import Pack, load_translation
from checklist.models.pack import PackTranslation, TranslationEntry

State = Literal["translated", "stale", "missing"]


def fingerprint(english: str) -> str:
    """The first 12 hex digits of the SHA-256 of the text, spaces collapsed (so refolding
    a YAML paragraph does not make a translation stale)."""
    return hashlib.sha256(" ".join(english.split()).encode("utf-8")).hexdigest()[:12]


def _pairs(pack: Pack) -> Iterator[tuple[str, str]]:
    m = pack.manifest
    yield "pack.title", m.title
    yield "pack.description", m.description
    for question in m.profile:
        base = f"question.{question.id}"
        yield f"{base}.question", question.question
        yield f"{base}.help", question.help
        for choice in question.choices:
            yield f"{base}.choice.{choice.value}", choice.label
    for parameter in m.parameters:
        yield f"parameter.{parameter.id}.title", parameter.title
    for band in m.scoring.bands:
        yield f"band.{band.name}.name", band.name
        yield f"band.{band.name}.description", band.description
    for gate in m.scoring.gates:
        yield f"gate.{gate.id}.description", gate.description
    for domain in pack.domains:
        yield f"domain.{domain.id}.title", domain.title
        yield f"domain.{domain.id}.description", domain.entry.description
        for rule in domain.rules:
            yield from _rule_pairs(rule)
    for entry in m.glossary:
        yield f"glossary.{entry.term}.stands_for", entry.stands_for
        yield f"glossary.{entry.term}.meaning", entry.meaning


def _rule_pairs(rule: object) -> Iterator[tuple[str, str]]:
    from checklist.models.pack import Rule

    assert isinstance(rule, Rule)
    base = f"rule.{rule.id}"
    yield f"{base}.title", rule.title
    yield f"{base}.requirement", rule.requirement
    yield f"{base}.rationale", rule.rationale
    yield f"{base}.remediation", rule.remediation
    for objective in rule.objectives:
        yield f"{base}.objective.{objective.id}", objective.text
    for fact in rule.facts:
        yield f"{base}.fact.{fact.id}.label", fact.label
        yield f"{base}.fact.{fact.id}", fact.help
        yield f"{base}.fact.{fact.id}.unit", fact.unit


def english_entries(pack: Pack) -> dict[str, str]:
    """Every translatable text of the pack by key, in pack order (empty texts left out)."""
    return {key: text for key, text in _pairs(pack) if text.strip()}


@dataclass
class PackText:
    """Looks up a pack's texts in one language and remembers which fell back."""

    language: str
    english: dict[str, str]
    entries: dict[str, TranslationEntry] = field(default_factory=dict)
    reviewed_by: str = ""
    used: dict[str, State] = field(default_factory=dict)

    def state(self, key: str) -> State:
        entry = self.entries.get(key)
        if entry is None:
            return "missing"
        english = self.english.get(key)
        if english is not None and entry.source != fingerprint(english):
            return "stale"
        return "translated"

    def text(self, key: str, english: str) -> str:
        """The translation of the text under ``key``; ``english`` when there is no fresh
        one. Empty texts need no translation and are not counted."""
        if not english.strip() or self.language == "en":
            return english
        state = self.state(key)
        self.used[key] = state
        entry = self.entries.get(key)
        return entry.text if state == "translated" and entry is not None else english

    @property
    def fell_back(self) -> list[str]:
        return [key for key, state in self.used.items() if state != "translated"]


def pack_text(pack: Pack, language: str) -> PackText:
    """The pack's texts in ``language``; with no translation file, every text falls back."""
    english = english_entries(pack)
    if language == "en":
        return PackText(language, english)
    translation: PackTranslation | None = load_translation(pack, language)
    if translation is None:
        return PackText(language, english)
    return PackText(language, english, dict(translation.entries), translation.reviewed_by)


@dataclass(frozen=True)
class Coverage:
    """How much of a pack one translation covers."""

    language: str
    english: dict[str, str]
    states: dict[str, State]
    unknown: tuple[str, ...]
    """Entries of the translation that name no text of the pack."""
    reviewed_by: str
    has_file: bool

    def count(self, state: State, part: str | None = None) -> int:
        return sum(1 for key, s in self.states.items()
                   if s == state and (part is None or key.split(".")[0] == part))

    def parts(self) -> list[str]:
        return list(dict.fromkeys(key.split(".")[0] for key in self.english))


def coverage(pack: Pack, language: str) -> Coverage:
    text = pack_text(pack, language)
    translation_exists = bool(text.entries) or load_translation(pack, language) is not None
    states = {key: text.state(key) for key in text.english}
    unknown = tuple(key for key in text.entries if key not in text.english)
    return Coverage(language, text.english, states, unknown, text.reviewed_by,
                    translation_exists)


def skeleton(cov: Coverage) -> str:
    """YAML entries for the missing and stale texts, ready to translate: the fingerprint
    of the current English, and the English as a comment."""
    import json

    lines = []
    for key, state in cov.states.items():
        if state == "translated":
            continue
        english = " ".join(cov.english[key].split())
        lines += [f"  {key}:", f"    # {state}; English: {english}",
                  f"    source: \"{fingerprint(cov.english[key])}\"",
                  f"    text: {json.dumps(english, ensure_ascii=False)}"]
    return "\n".join(lines) + ("\n" if lines else "")
