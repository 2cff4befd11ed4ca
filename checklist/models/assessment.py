"""The assessment file an agency fills in (DESIGN.md section 3).

The models check the shape of the file. Whether rule ids, objectives, facts and
profile answers exist in the chosen pack is checked by
:mod:`checklist.load.assessment_checks`, which knows the pack and the positions.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from checklist.models.pack import Status

FACT_TEXT_MAX = 2_000  # a text fact (docs/filling-in.md, "Limits")
FactText = Annotated[str, StringConstraints(max_length=FACT_TEXT_MAX)]
FactValue = bool | int | float | dt.date | FactText

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: object) -> object:
    """One date rule everywhere: ``YYYY-MM-DD``, quoted or not. A number is never a date
    (pydantic would read ``as_of: 0`` as 1970-01-01), nor is any other spelling."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        return value.strip()
    raise PydanticCustomError("date_type", "not a date written as YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]

# Length limits on what the agency writes (docs/filling-in.md, "Limits"). They keep every
# accepted file quick to check and to print: a report must render in bounded time, and a
# name of a million characters or a note of several megabytes is never meant.
NAME_MAX = 300         # names, titles, owners, e-mail, phone, jurisdiction
REFERENCE_MAX = 2_000  # where a record is kept (a path or an address); text facts
LONG_TEXT_MAX = 20_000  # notes, justifications, management responses (about 8 pages)
EVIDENCE_MAX = 100     # evidence items cited for one practice
LIST_MAX = 100         # distribution list entries
EXCEPTIONS_MAX = 1_000  # exceptions in one file
TEXT_TOTAL_MAX = 500_000  # all the text of one file together (about 200 printed pages)

ShortText = Annotated[str, StringConstraints(max_length=NAME_MAX)]
ShortRequired = Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX,
                                                 strip_whitespace=True)]
ReferenceText = Annotated[str, StringConstraints(max_length=REFERENCE_MAX)]
LongText = Annotated[str, StringConstraints(max_length=LONG_TEXT_MAX)]
LongRequired = Annotated[str, StringConstraints(min_length=1, max_length=LONG_TEXT_MAX,
                                                strip_whitespace=True)]
# Yes/no answers and numbers are taken as written: "yes" in quotes or 1 is not a yes, and
# "400" in quotes is not a number. Unquoted yes/no/true/false are YAML's own booleans.


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Person(Strict):
    name: ShortRequired
    title: ShortText = ""
    email: ShortText = ""
    phone: ShortText = ""


AGENCY_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
AgencyId = Annotated[str, StringConstraints(pattern=AGENCY_ID_PATTERN)]


class Agency(Strict):
    name: ShortRequired
    id: AgencyId | None = Field(
        default=None,
        description="A stable identifier kept from year to year (for history); the name is "
                    "used when it is absent.")
    jurisdiction: ShortText = ""
    type: ShortText = ""
    contact: Person | None = None


class Evidence(Strict):
    title: ShortRequired
    ref: ReferenceText = Field(default="", description="Where the record is kept. Never opened or fetched.")
    date: IsoDate | None = None


class Answer(Strict):
    status: Status | None = None
    objectives: dict[str, StrictBool] = Field(default_factory=dict)
    facts: dict[str, FactValue | None] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list, max_length=EVIDENCE_MAX)
    justification: LongText = ""
    owner: ShortText = ""
    target_date: IsoDate | None = None
    notes: LongText = ""
    management_response: LongText = Field(
        default="", description="The agency's response to this gap, printed under its finding.")


class Signatory(Strict):
    """Someone who signs the report: name and title, and the date they signed (if yet)."""

    name: ShortRequired
    title: ShortText = ""
    date: IsoDate | None = None


class Attestation(Strict):
    agency_head: Signatory | None = None
    assessor: Signatory | None = None


class DocumentStatus(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class DocumentControl(Strict):
    version: ShortText = ""
    status: DocumentStatus = DocumentStatus.DRAFT
    distribution: list[ShortText] = Field(default_factory=list, max_length=LIST_MAX)


class ManagementResponse(Strict):
    overall: LongText = ""


class ReportLanguage(StrEnum):
    EN = "en"
    ES = "es"


class ExceptionGrant(Strict):
    """An approved, time-limited deviation from one rule."""

    rule: ShortRequired
    justification: LongRequired
    approved_by: ShortRequired
    approved_on: IsoDate
    expires: IsoDate


PackRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(@[0-9][0-9A-Za-z.]*)?$")]


class Assessment(Strict):
    pack: PackRef
    agency: Agency
    as_of: IsoDate
    assessor: Person | None = None
    profile: dict[str, StrictBool | str | list[str]] = Field(default_factory=dict)
    parameters: dict[str, StrictInt | StrictFloat] = Field(default_factory=dict)
    answers: dict[str, Answer | None] = Field(default_factory=dict)
    exceptions: list[ExceptionGrant] = Field(default_factory=list, max_length=EXCEPTIONS_MAX)
    # Second edition (DESIGN section 3); all optional.
    attestation: Attestation | None = None
    document: DocumentControl | None = None
    management_response: ManagementResponse | None = None
    report_language: ReportLanguage | None = None

    @property
    def pack_id(self) -> str:
        return self.pack.split("@", 1)[0]

    @property
    def pack_version(self) -> str | None:
        return self.pack.split("@", 1)[1] if "@" in self.pack else None
