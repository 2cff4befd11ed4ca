"""The rule-pack file format: ``pack.yaml`` plus one YAML file per domain.

These models describe the files as their authors write them. Cross-references
(sources, profile questions, facts, parameters) are checked after parsing by
:mod:`checklist.load.pack_checks`, because they span several files.

This module holds ``pack.yaml`` itself (:class:`PackManifest`), its profile questions,
glossary and translation files. The other parts have modules of their own: the shared
types (:mod:`checklist.models.pack_types`), parameters and scoring
(:mod:`checklist.models.pack_scoring`), sources (:mod:`checklist.models.pack_sources`) and
the rule files (:mod:`checklist.models.pack_rules`). Every name is importable from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from checklist.models.pack_rules import (
    Check,
    CheckTest,
    DomainFile,
    EvidencePolicy,
    ExcludedChoices,
    Fact,
    FactType,
    Objective,
    ProfileCondition,
    Reference,
    Rule,
)
from checklist.models.pack_scoring import (
    Band,
    Gate,
    Parameter,
    ScoringPolicy,
)
from checklist.models.pack_sources import (
    BINDING_KINDS,
    NO_LONGER_A_BASIS,
    Source,
    SourceKind,
    SourceStatus,
)
from checklist.models.pack_types import (
    MAX_DAYS,
    MAX_MAGNITUDE,
    MAX_WEIGHT,
    NAME_PATTERN,
    RULE_ID_PATTERN,
    SEVERITY_ORDER,
    TOPIC_PATTERN,
    Name,
    Number,
    ParameterRef,
    RuleId,
    Severity,
    Strict,
    Text,
    Threshold,
    Verification,
    Weight,
)
from checklist.statuses import DEFAULT_CREDITS, ScoredStatus, Status

__all__ = [
    "BINDING_KINDS",
    "DEFAULT_CREDITS",
    "MAX_DAYS",
    "MAX_MAGNITUDE",
    "MAX_WEIGHT",
    "NAME_PATTERN",
    "NO_LONGER_A_BASIS",
    "RULE_ID_PATTERN",
    "SEVERITY_ORDER",
    "TOPIC_PATTERN",
    "Band",
    "Check",
    "CheckTest",
    "DomainEntry",
    "DomainFile",
    "EvidencePolicy",
    "ExcludedChoices",
    "Fact",
    "FactType",
    "Gate",
    "GlossaryEntry",
    "Name",
    "Number",
    "Objective",
    "PackManifest",
    "PackTranslation",
    "Parameter",
    "ParameterRef",
    "ProfileChoice",
    "ProfileCondition",
    "ProfileQuestion",
    "Reference",
    "Rule",
    "RuleId",
    "ScoredStatus",
    "ScoringPolicy",
    "Severity",
    "Source",
    "SourceKind",
    "SourceStatus",
    "Status",
    "Strict",
    "Text",
    "Threshold",
    "TranslationEntry",
    "Verification",
    "Weight",
]


class ProfileChoice(Strict):
    value: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
    label: Text


class ProfileQuestion(Strict):
    """A question answered once per assessment that decides which rules apply."""

    id: Name
    question: Text
    type: Literal["boolean", "choice", "multi_choice"]
    choices: list[ProfileChoice] = Field(default_factory=list)
    default: bool | str | list[str] | None = None
    help: str = ""


class DomainEntry(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*$")]
    title: Text
    file: Annotated[str, StringConstraints(min_length=1, strip_whitespace=True,
                                           pattern=r"^[^\x00-\x1f\x7f]+$")]
    description: str = ""


class PackManifest(Strict):
    """``pack.yaml``."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: Text
    version: Annotated[str, StringConstraints(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")]
    description: str = ""
    publisher: str = ""
    released: dt.date | None = None
    profile: list[ProfileQuestion] = Field(default_factory=list)
    parameters: list[Parameter] = Field(default_factory=list)
    domains: list[DomainEntry]
    sources: list[Source]
    scoring: ScoringPolicy
    replaces: dict[RuleId, list[RuleId]] = Field(
        default_factory=dict,
        description="Rule ids of the previous major version and the rules of this version "
                    "that replace each (empty list: removed without a successor).")
    glossary: list[GlossaryEntry] = Field(
        default_factory=list,
        description="The acronyms and short terms the pack's texts use, each with what it "
                    "stands for: reports print them in a glossary and spell each out at its "
                    "first use on the Highlights page.")


# --------------------------------------------------------------- translations


class TranslationEntry(Strict):
    """One translated text, with the fingerprint of the English text it translates."""

    source: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")] = Field(
        description="Fingerprint of the English text translated (first 12 hex digits of the "
                    "SHA-256 of the text with its spaces collapsed); `checklist rules "
                    "translations --skeleton` prints it.")
    text: Text


class PackTranslation(Strict):
    """``translations/<language>.yaml`` in a pack folder: its texts in one language."""

    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$")]
    reviewed_by: str = Field(default="", description="Who reviewed the translation (name, "
                             "qualification); empty until a qualified reviewer signs it off.")
    reviewed_on: dt.date | None = None
    entries: dict[Annotated[str, StringConstraints(min_length=1)], TranslationEntry] = Field(
        default_factory=dict)


# ------------------------------------------------------------------- glossary

class GlossaryEntry(Strict):
    """One entry of the pack's glossary: ``{term: MOU, stands_for: memorandum of
    understanding}``, with an optional longer ``meaning``."""

    # As printed: a capital or a digit, then letters, digits and marks ("FIPPs", "287(g)").
    term: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Za-z0-9&()./-]{0,23}$")] = Field(
        description="The acronym or term as the texts print it, e.g. MOU or 287(g).")
    stands_for: Text = Field(
        description="What the term stands for, written as it reads inside a sentence "
                    "(lower case unless it is a name): 'memorandum of understanding'. "
                    "Reports print 'memorandum of understanding (MOU)' at its first use.")
    meaning: str = Field(default="", description="Optional: a sentence saying what the "
                         "term means for the agency, printed in the glossary.")
