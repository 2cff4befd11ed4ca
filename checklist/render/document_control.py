"""Document control and attestation, as every human-readable format prints them.

Both signatories are always listed, with a signature line: a blank name or date is left
to be filled in by hand on the printed copy. Fixed wording lives here.
"""

from __future__ import annotations

from dataclasses import dataclass

from checklist.render.highlights import document_status
from checklist.result import Result, Signatory

ROLES = (("agency_head", "Agency head"), ("assessor", "Assessor"))
ATTESTATION_TEXT = (
    "We have reviewed this self-assessment. To the best of our knowledge the answers it "
    "records are accurate and complete as of the date shown.")
NO_DISTRIBUTION = "No distribution list is given."
MANAGEMENT_RESPONSE = "Management response"


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
        lines.append(SignatureLine(role=label, name=s.name if s else "",
                                   title=s.title if s else "",
                                   date=s.date.isoformat() if s and s.date else ""))
    return DocumentControl(status=document_status(result), version=result.document.version,
                           distribution=result.document.distribution,
                           signatures=tuple(lines),
                           overall_response=result.management_response)
