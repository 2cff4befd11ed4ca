"""Find, load and cross-check rule packs.

A pack is a folder: ``pack.yaml`` and one YAML file per domain. Packs ship inside
the package (``checklist/rules``) and users may point ``--pack`` at a folder of
their own. A broken pack is an error of its author, reported with positions.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from checklist.checks import check_kind
from checklist.load import inputs, pack_cache
from checklist.load.pack_glossary import glossary_problems
from checklist.load.problems import InputError, PackError, UsageError, did_you_mean
from checklist.load.validation import problems_from_validation
from checklist.load.yamlsource import YamlDocument, load_yaml_file
from checklist.models.pack import (
    NO_LONGER_A_BASIS,
    DomainEntry,
    DomainFile,
    ExcludedChoices,
    PackManifest,
    PackTranslation,
    Parameter,
    ParameterRef,
    ProfileCondition,
    ProfileQuestion,
    Rule,
    Severity,
    Source,
    Threshold,
)
from checklist.resources import builtin_rules_dir

MANIFEST = "pack.yaml"
# The pack a command uses when none is named.
DEFAULT_PACK = "task-force-coordination"


@dataclass(frozen=True)
class Domain:
    entry: DomainEntry
    rules: tuple[Rule, ...]

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def title(self) -> str:
        return self.entry.title


@dataclass(frozen=True)
class Pack:
    """A loaded, cross-checked rule pack."""

    manifest: PackManifest
    domains: tuple[Domain, ...]
    path: Path
    sha256: str
    # Every file the loader read for this pack, relative to ``path``: the cache is keyed and
    # checked on exactly these, and no command may write over one of them.
    files: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def version(self) -> str:
        return self.manifest.version

    @cached_property
    def rules(self) -> dict[str, Rule]:
        return {rule.id: rule for domain in self.domains for rule in domain.rules}

    @cached_property
    def rule_domain(self) -> dict[str, str]:
        return {rule.id: d.id for d in self.domains for rule in d.rules}

    @cached_property
    def sources(self) -> dict[str, Source]:
        return {s.id: s for s in self.manifest.sources}

    @cached_property
    def parameters(self) -> dict[str, Parameter]:
        return {p.id: p for p in self.manifest.parameters}

    @cached_property
    def questions(self) -> dict[str, ProfileQuestion]:
        return {q.id: q for q in self.manifest.profile}

    def weight(self, rule: Rule) -> float:
        if rule.weight is not None:
            return rule.weight
        return self.manifest.scoring.severity_weights[rule.severity]


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


def _parse(doc: YamlDocument,
           model: type[PackManifest] | type[DomainFile] | type[PackTranslation]) -> object:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(problems_from_validation(doc, model, exc)) from None


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
        parsed = _parse(doc, PackTranslation)
    except InputError as exc:
        raise PackError(str(pack.path), [str(p) for p in exc.problems]) from None
    inputs.record(path)
    assert isinstance(parsed, PackTranslation)
    if parsed.language != language:
        raise PackError(str(pack.path), [f"{name}: says language '{parsed.language}'; a "
                                         f"file named {path.name} must say '{language}'"])
    return parsed


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
        return _parse(doc, model)
    except InputError as exc:
        problems.extend(str(p) for p in exc.problems)
        return None


def _threshold_problems(where: str, value: Threshold | None, pack: Pack) -> list[str]:
    if isinstance(value, ParameterRef) and value.parameter not in pack.parameters:
        hint = did_you_mean(value.parameter, pack.parameters)
        return [f"{where}: parameter '{value.parameter}' is not declared in pack.yaml{hint}"]
    return []


def cross_check(pack: Pack, docs: dict[str, YamlDocument] | None = None) -> list[str]:
    """Every reference inside the pack must resolve; ids must be unique. ``docs`` (the
    domain files as read, by file name) lets a problem of scope name its line."""
    problems: list[str] = []
    m = pack.manifest
    for label, ids in (
        ("domain", [d.id for d in m.domains]),
        ("source", [s.id for s in m.sources]),
        ("parameter", [p.id for p in m.parameters]),
        ("profile question", [q.id for q in m.profile]),
        ("band", [b.name for b in m.scoring.bands]),
        ("rule", [r.id for d in pack.domains for r in d.rules]),
    ):
        seen: set[str] = set()
        for item in ids:
            if item in seen:
                problems.append(f"{label} id '{item}' is declared more than once")
            seen.add(item)
    for severity in Severity:
        if severity not in m.scoring.severity_weights:
            problems.append(f"scoring.severity_weights has no weight for '{severity}'")
    bands = [b.name for b in m.scoring.bands]
    if not any(b.minimum == 0 for b in m.scoring.bands):
        problems.append("scoring.bands needs a band with minimum 0 so every score has a rating")
    for gate in m.scoring.gates:
        if gate.cap not in bands:
            problems.append(f"gate '{gate.id}' caps at '{gate.cap}', which is not a band"
                            f"{did_you_mean(gate.cap, bands)}")
    for param in m.parameters:
        lo, hi = param.minimum, param.maximum
        if (lo is not None and param.default < lo) or (hi is not None and param.default > hi):
            problems.append(f"parameter '{param.id}': default {param.default} is outside "
                            f"its own range")
    for q in m.profile:
        values = [c.value for c in q.choices]
        if q.type != "boolean" and not values:
            problems.append(f"profile question '{q.id}' has no choices")
    problems.extend(_source_problems(pack))
    problems.extend(glossary_problems(m, (docs or {}).get(MANIFEST)))
    for domain in pack.domains:
        for index, rule in enumerate(domain.rules):
            problems.extend(_rule_problems(pack, domain, rule))
            problems.extend(_scope_problems(pack, domain, rule, (docs or {}).get(
                domain.entry.file), index))
    return problems


def _source_problems(pack: Pack) -> list[str]:
    """A source's status needs its date; the id mapping must point at rules of this pack."""
    problems = [f"source '{s.id}' is marked {s.status.replace('_', ' ')} but gives no "
                f"status_date; say when" for s in pack.manifest.sources
                if s.status is not None and s.status != "in_force" and s.status_date is None]
    for old, new_ids in pack.manifest.replaces.items():
        for new in new_ids:
            if new not in pack.rules:
                problems.append(f"replaces: '{old}' is mapped to '{new}', which is not a rule "
                                f"of this pack{did_you_mean(new, pack.rules)}")
    return problems


def _rule_problems(pack: Pack, domain: Domain, rule: Rule) -> list[str]:
    where = f"{domain.entry.file}: rule {rule.id}"
    problems: list[str] = []
    if not rule.id.startswith(domain.id + "-"):
        problems.append(f"{where}: the id must start with its domain '{domain.id}-'")
    for ref in rule.references:
        source = pack.sources.get(ref.source)
        if source is None:
            problems.append(f"{where}: cites source '{ref.source}', which pack.yaml does not "
                            f"declare{did_you_mean(ref.source, pack.sources)}")
        elif source.status in NO_LONGER_A_BASIS and not ref.history:
            problems.append(f"{where}: rests on source '{ref.source}', which was "
                            f"{source.status} on {source.status_date}; a requirement cannot "
                            f"rest on it: cite a source in force, and keep this one only "
                            f"as history (history: true)")
    if rule.references and all(ref.history for ref in rule.references):
        problems.append(f"{where}: every reference is marked history; the rule needs at least "
                        f"one source it rests on")
    fact_types = {f.id: f.type for f in rule.facts}
    for label, ids in (("objective", [o.id for o in rule.objectives]),
                       ("fact", [f.id for f in rule.facts])):
        if len(set(ids)) != len(ids):
            problems.append(f"{where}: {label} ids are not unique")
    problems.extend(_threshold_problems(f"{where}: evidence.max_age_days",
                                        rule.evidence.max_age_days, pack))
    for check in rule.checks:
        kind = fact_types.get(check.fact)
        if kind is None:
            problems.append(f"{where}: a check uses fact '{check.fact}', which the rule does "
                            f"not declare{did_you_mean(check.fact, fact_types)}")
            continue
        test = check_kind(check.test)
        if kind not in test.fact_types:
            problems.append(f"{where}: check '{check.test}' needs a "
                            f"{' or '.join(test.fact_types)} fact, but '{check.fact}' is {kind}")
        if test.needs_value and check.value is None:
            problems.append(f"{where}: check '{check.test}' on '{check.fact}' needs a value")
        if not test.needs_value and check.value is not None:
            problems.append(f"{where}: check '{check.test}' on '{check.fact}' takes no value")
        problems.extend(_threshold_problems(f"{where}: check on '{check.fact}'",
                                            check.value, pack))
    return problems


def _scope_problems(pack: Pack, domain: Domain, rule: Rule, doc: YamlDocument | None,
                    index: int) -> list[str]:
    """Each ``applies_when`` entry must name a declared question and valid values; a
    problem names the file, and the line when the file as read is at hand."""
    problems: list[str] = []
    for question_id, condition in rule.applies_when.items():
        question = pack.questions.get(question_id)
        where = f"{domain.entry.file}: rule {rule.id}"
        if doc is not None:
            pos = doc.position(("rules", index, "applies_when", question_id),
                               key=question is None)
            where = f"{domain.entry.file}:{pos.line}:{pos.column}: rule {rule.id}"
        if question is None:
            problems.append(f"{where}: applies_when names profile question '{question_id}', "
                            f"which pack.yaml does not declare"
                            f"{did_you_mean(question_id, pack.questions)}")
            continue
        problems.extend(_condition_problems(where, question, condition))
    return problems


def _condition_problems(where: str, question: ProfileQuestion,
                        condition: ProfileCondition) -> list[str]:
    if question.type == "boolean":
        if isinstance(condition, ExcludedChoices):
            return [f"{where}: applies_when.{question.id} is a yes/no question: write true "
                    f"or false instead of 'not'"]
        if not isinstance(condition, bool):
            return [f"{where}: applies_when.{question.id} must be true or false"]
        return []
    allowed = [c.value for c in question.choices]
    negated = isinstance(condition, ExcludedChoices)
    key = f"{question.id}.not" if negated else question.id
    values = (condition.none_of if isinstance(condition, ExcludedChoices)
              else condition if isinstance(condition, list) else [condition])
    problems = []
    for value in values:
        if not isinstance(value, str) or value not in allowed:
            problems.append(f"{where}: applies_when.{key} value '{value}' is not one "
                            f"of the question's choices{did_you_mean(str(value), allowed)}")
    return problems

