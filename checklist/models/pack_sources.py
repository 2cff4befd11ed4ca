"""The sources a pack cites (``pack.yaml``: ``sources``): what each is, whether it still
has force, and how directly its text was read.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated

from pydantic import Field, StringConstraints

from checklist.models.pack_types import Strict, Text, Verification

__all__ = [
    "BINDING_KINDS",
    "NO_LONGER_A_BASIS",
    "Source",
    "SourceKind",
    "SourceStatus",
]


class SourceKind(enum.StrEnum):
    """What a source is, as a reader weighs it: only some kinds can bind an agency."""

    STATUTE = "statute"
    REGULATION = "regulation"
    COURT_DECISION = "court_decision"
    FEDERAL_POLICY = "federal_policy"
    AUDIT_REPORT = "audit_report"
    STANDARD = "standard"
    GUIDANCE = "guidance"
    ADVOCACY = "advocacy"
    SEED = "seed"


# Kinds whose text can oblige an agency (a standard binds through an agreement, such as
# the CJIS Security Policy through the user agreement).
BINDING_KINDS = frozenset({SourceKind.STATUTE, SourceKind.REGULATION, SourceKind.COURT_DECISION,
                           SourceKind.FEDERAL_POLICY, SourceKind.STANDARD})


class SourceStatus(enum.StrEnum):
    """Whether the source's text still has force; anything but in force needs a date."""

    IN_FORCE = "in_force"
    SUPERSEDED = "superseded"
    RESCINDED = "rescinded"
    ENJOINED = "enjoined"


# A source in one of these states may be cited only as history, never as a basis.
NO_LONGER_A_BASIS = frozenset({SourceStatus.SUPERSEDED, SourceStatus.RESCINDED})


class Source(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]*$")]
    title: Text = Field(description="The official title, as the publisher prints it.")
    issuer: Text = Field(description="The official publisher or issuing body.")
    date: str = Field(description="Publication or version date as printed by the issuer.")
    url: str = ""
    location: str = ""
    verification: Verification
    note: str = ""
    kind: SourceKind | None = None
    status: SourceStatus | None = None
    status_date: dt.date | None = Field(
        default=None, description="When the source was superseded, rescinded or enjoined "
                                  "(or, for one in force, when that was last confirmed).")
