"""The optional report fields of an assessment file as ``init`` writes them: attestation,
document control, overall management response and report language (DESIGN.md section 3).

Kept apart from :mod:`checklist.authoring.scaffold` so that the practice answers and these
report-wide fields each stay one small module. ``init --from`` carries the signatories'
names and titles, the distribution list and the language; it clears signing dates, the
document version and status (a new assessment starts as a draft) and the overall
management response, which answers one year's findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from checklist.models.assessment import Attestation, DocumentControl, Signatory


@dataclass(frozen=True)
class ReportFields:
    attestation: Attestation | None = None
    document: DocumentControl | None = None
    management_response: str = ""
    report_language: str = ""


def carried(attestation: Attestation | None, document: DocumentControl | None,
            language: str) -> ReportFields:
    """What a new assessment keeps from the previous one's report fields."""
    def unsigned(person: Signatory | None) -> Signatory | None:
        return None if person is None else Signatory(name=person.name, title=person.title)

    kept_attestation = None if attestation is None else Attestation(
        agency_head=unsigned(attestation.agency_head), assessor=unsigned(attestation.assessor))
    kept_document = None if document is None else DocumentControl(
        distribution=list(document.distribution))
    return ReportFields(attestation=kept_attestation, document=kept_document,
                        report_language=language)


def _signatory_lines(role: str, person: Signatory | None, what: str) -> list[str]:
    from checklist.authoring.scaffold import _entry
    return [f"  {role}:{' ' * max(1, 28 - len(role))}# {what}",
            _entry(4, "name", person.name if person else "Name",
                   "printed under the signature line"),
            _entry(4, "title", person.title if person else "", "job title"),
            _entry(4, "date", person.date if person else None,
                   "date signed, YYYY-MM-DD; leave empty until signed")]


def lines(fields: ReportFields) -> list[str]:
    """The report section of the file; every key is optional and may be deleted."""
    from checklist.authoring.scaffold import _entry, _section, yaml_scalar
    a = fields.attestation
    d = fields.document
    signing = ["attestation:                  # who signs the report; the report prints "
               "signature lines",
               *_signatory_lines("agency_head", a.agency_head if a else None,
                                 "the head of the agency"),
               *_signatory_lines("assessor", a.assessor if a else None,
                                 "who carried out the assessment")]
    if a is None:  # names are required once the block is there: offer it commented out
        signing = ["# To print names under the signature lines, remove the '# ' below:",
                   *(f"# {line}" for line in signing)]
    out = [*_section("Report (all optional)"), *signing,
           "document:                     # document control, printed on the cover",
           _entry(2, "version", d.version if d else "", "e.g. 1.0"),
           _entry(2, "status", d.status.value if d else "draft", "draft or final")]
    distribution = d.distribution if d else []
    if distribution:
        out.append("  distribution:")
        out += [f"    - {yaml_scalar(name)}" for name in distribution]
    else:
        out.append("  distribution: []             # who receives the report, e.g. [\"County "
                   "Board\"]")
    out += ["management_response:          # the agency's response, printed in the report",
            _entry(2, "overall", fields.management_response,
                   "overall response; a gap's own response goes under its answer"),
            _entry(0, "report_language", fields.report_language or "en", "en or es")]
    return out
