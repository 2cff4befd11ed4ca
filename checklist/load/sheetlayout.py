"""The sheets and columns of an assessment workbook, shared by its writer and reader."""

from __future__ import annotations

AGENCY = "Agency & profile"
ANSWERS = "Answers"
OBJECTIVES = "Objectives"
FACTS = "Facts"
EVIDENCE = "Evidence"
EXCEPTIONS = "Exceptions"
PARAMETERS = "Parameters"
INSTRUCTIONS = "Instructions"

# Column headers of each data sheet; the reader finds columns by these names, so columns
# may be moved or hidden. Headers marked None in READ are shown only, never read.
HEADERS: dict[str, tuple[str, ...]] = {
    AGENCY: ("Field", "Value", "About"),
    ANSWERS: ("Rule id", "Title", "Status", "Owner", "Target date", "Justification", "Notes",
              "Management response", "Requirement", "Remediation"),
    OBJECTIVES: ("Rule id", "Objective", "Met", "Objective text"),
    FACTS: ("Rule id", "Fact", "Value", "Type", "Unit", "About"),
    EVIDENCE: ("Rule id", "Title", "Reference", "Date"),
    EXCEPTIONS: ("Rule id", "Justification", "Approved by", "Approved on", "Expires"),
    PARAMETERS: ("Parameter", "Value", "Unit", "Default", "About"),
}
SHOWN_ONLY = {"Title", "Requirement", "Remediation", "Objective text", "Type", "Unit", "About",
              "Default"}
# Evidence's "Title" is an answer, not a shown column.
READ_ALWAYS = {(EVIDENCE, "Title")}

DATE_FIELDS = {"as_of", "attestation.agency_head.date", "attestation.assessor.date"}
LIST_FIELDS = {"document.distribution"}
AGENCY_FIELDS: tuple[tuple[str, str], ...] = (
    ("pack", "The rule pack this assessment answers (name, or name@version)."),
    ("as_of", "The date the answers describe (YYYY-MM-DD)."),
    ("report_language", "Language of the report: en or es (optional)."),
    ("agency.name", "The agency's name."),
    ("agency.id", "A stable identifier kept from year to year (optional)."),
    ("agency.jurisdiction", ""),
    ("agency.type", ""),
    ("agency.contact.name", "Contact person."),
    ("agency.contact.title", ""),
    ("agency.contact.email", ""),
    ("agency.contact.phone", ""),
    ("assessor.name", "Who made this assessment."),
    ("assessor.title", ""),
    ("assessor.email", ""),
    ("assessor.phone", ""),
    ("attestation.agency_head.name", "The agency head who signs the report (optional)."),
    ("attestation.agency_head.title", ""),
    ("attestation.agency_head.date", "Date signed (YYYY-MM-DD)."),
    ("attestation.assessor.name", "The assessor who signs the report (optional)."),
    ("attestation.assessor.title", ""),
    ("attestation.assessor.date", "Date signed (YYYY-MM-DD)."),
    ("document.version", "Document control (optional)."),
    ("document.status", "draft or final."),
    ("document.distribution", "Who receives the report, separated by semicolons."),
    ("management_response.overall", "The agency's overall response to the findings."),
)
DATE_FORMS = "write it as 2026-11-01 (YYYY-MM-DD) or 11/01/2026 (MM/DD/YYYY), or use a date cell"
MAX_ROWS = 20_000
MAX_COLUMNS = 60
