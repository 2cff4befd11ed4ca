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
    from checklist.authoring.yaml_lines import _entry
    from checklist.i18n import _
    return [f"  {role}:{' ' * max(1, 28 - len(role))}# {what}",
            _entry(4, "name", person.name if person else _("Name"),
                   _("printed under the signature line")),
            _entry(4, "title", person.title if person else "", _("job title")),
            _entry(4, "date", person.date if person else None,
                   _("date signed, YYYY-MM-DD; leave empty until signed"))]


def lines(fields: ReportFields) -> list[str]:
    """The report section of the file; every key is optional and may be deleted."""
    from checklist.authoring.yaml_lines import _entry, _section, yaml_scalar
    from checklist.i18n import _
    a = fields.attestation
    d = fields.document
    signing = ["attestation:                  # " + _("who signs the report; the report "
                                                      "prints signature lines"),
               *_signatory_lines("agency_head", a.agency_head if a else None,
                                 _("the head of the agency")),
               *_signatory_lines("assessor", a.assessor if a else None,
                                 _("who carried out the assessment"))]
    if a is None:  # names are required once the block is there: offer it commented out
        signing = ["# " + _("To print names under the signature lines, remove the '# ' below:"),
                   *(f"# {line}" for line in signing)]
    out = [*_section(_("Report (all optional)")), *signing,
           "document:                     # " + _("document control, printed on the cover"),
           _entry(2, "version", d.version if d else "", _("e.g. 1.0")),
           _entry(2, "status", d.status.value if d else "draft", _("draft or final"))]
    distribution = d.distribution if d else []
    if distribution:
        out.append("  distribution:")
        out += [f"    - {yaml_scalar(name)}" for name in distribution]
    else:
        out.append("  distribution: []             # " + _("who receives the report, e.g. "
                                                         "[\"County Board\"]"))
    out += ["management_response:          # " + _("the agency's response, printed in the "
                                                   "report"),
            _entry(2, "overall", fields.management_response,
                   _("overall response; a gap's own response goes under its answer")),
            _entry(0, "report_language", fields.report_language or "en", _("en or es"))]
    return out
