"""Every fact of the shipped pack has a reader's label, in English and in Spanish.

A label is quoted inside findings ("'share of accounts with multi-factor authentication' is
80%, below the minimum of 100%"), so it must read as a short phrase, never as an internal
id (docs/rule-packs.md, "Facts")."""

from __future__ import annotations

import re

import pytest

from checklist.i18n.pack_text import coverage, pack_text
from checklist.load.packs import Pack, load_pack
from checklist.models.pack import Fact

PACK_ID = "task-force-coordination"
MAX_LENGTH = 80
SNAKE = re.compile(r"[a-z0-9]_[a-z0-9]")


@pytest.fixture(scope="module")
def pack() -> Pack:
    return load_pack(PACK_ID)


def _facts(pack: Pack) -> list[tuple[str, Fact]]:
    return [(rule.id, fact) for rule in pack.rules.values() for fact in rule.facts]


def _label_problems(rule_id: str, fact: Fact, glossary: set[str]) -> list[str]:
    label = fact.label
    where = f"{rule_id} {fact.id}"
    if not label.strip():
        return [f"{where}: no label"]
    problems = []
    if label != label.strip():
        problems.append(f"{where}: spaces around {label!r}")
    if label.casefold() == fact.id.casefold() or "_" in label or SNAKE.search(label):
        problems.append(f"{where}: {label!r} reads like an id")
    if label.endswith("."):
        problems.append(f"{where}: {label!r} ends with a period")
    if len(label) > MAX_LENGTH:
        problems.append(f"{where}: {label!r} is {len(label)} characters (at most {MAX_LENGTH})")
    first = label.split()[0]
    if first[0].isupper() and first not in glossary:
        problems.append(f"{where}: {label!r} starts with a capital")
    return problems


def test_the_shipped_pack_has_facts(pack: Pack) -> None:
    assert len(_facts(pack)) >= 90


def test_every_fact_has_a_readable_label(pack: Pack) -> None:
    glossary = {entry.term for entry in pack.manifest.glossary}
    problems = [problem for rule_id, fact in _facts(pack)
                for problem in _label_problems(rule_id, fact, glossary)]
    assert problems == []


def test_labels_are_unique_within_each_rule(pack: Pack) -> None:
    repeated = []
    for rule in pack.rules.values():
        labels = [fact.label.casefold() for fact in rule.facts]
        repeated += [f"{rule.id}: {label!r}" for label in set(labels) if labels.count(label) > 1]
    assert repeated == []


def test_a_label_is_not_its_help_text(pack: Pack) -> None:
    same = [f"{rule_id} {fact.id}" for rule_id, fact in _facts(pack)
            if fact.label.strip().casefold() == fact.help.strip().casefold()]
    assert same == []


def test_spanish_has_a_current_entry_for_every_label(pack: Pack) -> None:
    states = coverage(pack, "es").states
    keys = [f"rule.{rule_id}.fact.{fact.id}.label" for rule_id, fact in _facts(pack)]
    assert {key: states.get(key, "missing") for key in keys
            if states.get(key) != "translated"} == {}


def test_spanish_labels_read_as_labels(pack: Pack) -> None:
    entries = pack_text(pack, "es").entries
    problems = []
    for rule_id, fact in _facts(pack):
        key = f"rule.{rule_id}.fact.{fact.id}.label"
        text = entries[key].text if key in entries else ""
        if not text.strip() or text.endswith(".") or "_" in text:
            problems.append(f"{key}: {text!r}")
        elif text.strip().casefold() == fact.label.strip().casefold():
            problems.append(f"{key}: {text!r} is the English label")
    assert problems == []
