"""A loaded rule pack as the rest of the program sees it: :class:`Pack` and its domains.

The loader (:mod:`checklist.load.packs`) builds one only after every file parsed and every
cross-check passed, so code that receives a :class:`Pack` may rely on its references.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from checklist.models.pack import DomainEntry, PackManifest, Parameter, ProfileQuestion, Rule, Source


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
