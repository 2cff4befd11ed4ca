"""Document control and attestation, as every human-readable format prints them.

Both signatories are always listed, with a signature line: a blank name or date is left
to be filled in by hand on the printed copy. Fixed wording lives here.
"""

from __future__ import annotations

from dataclasses import dataclass

from checklist.i18n import N_, _
from checklist.render.highlights import document_status
from checklist.render.text import date
from checklist.result import Result, Signatory

ROLES = (("agency_head", N_("Agency head")), ("assessor", N_("Assessor")))
ATTESTATION_TEXT = N_(
    "We have reviewed this self-assessment. To the best of our knowledge the answers it "
    "records are accurate and complete as of the date shown.")
NO_DISTRIBUTION = N_("No distribution list is given.")
MANAGEMENT_RESPONSE = N_("Management response")
"""The texts above are message ids: translate them where they are shown."""


@dataclass(frozen=True)
class SignatureLine:
    role: str
    name: str
    title: str
    date: str


@dataclass(frozen=True)
class DocumentControl:
    status: str
    version: str
    distribution: tuple[str, ...]
    signatures: tuple[SignatureLine, ...]
    overall_response: str


def build(result: Result) -> DocumentControl:
    given = {s.role: s for s in result.attestation}
    lines = []
    for role, label in ROLES:
        s = given.get(role)
        if s is None and role == "assessor" and result.assessor is not None:
            s = Signatory(role=role, name=result.assessor.name, title=result.assessor.title,
                          date=None)
        lines.append(SignatureLine(role=_(label), name=s.name if s else "",
                                   title=s.title if s else "",
                                   date=date(s.date) if s and s.date else ""))
    return DocumentControl(status=document_status(result), version=result.document.version,
                           distribution=result.document.distribution,
                           signatures=tuple(lines),
                           overall_response=result.management_response)
