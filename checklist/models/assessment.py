"""The assessment file an agency fills in (DESIGN.md section 3).

The models check the shape of the file. Whether rule ids, objectives, facts and
profile answers exist in the chosen pack is checked by
:mod:`checklist.load.assessment`, which knows the pack and the positions.
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

from checklist.models.pack import Status, Text

FactValue = bool | int | float | dt.date | str

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
# Yes/no answers and numbers are taken as written: "yes" in quotes or 1 is not a yes, and
# "400" in quotes is not a number. Unquoted yes/no/true/false are YAML's own booleans.


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Person(Strict):
    name: Text
    title: str = ""
    email: str = ""
    phone: str = ""


AGENCY_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
AgencyId = Annotated[str, StringConstraints(pattern=AGENCY_ID_PATTERN)]


class Agency(Strict):
    name: Text
    id: AgencyId | None = Field(
        default=None,
        description="A stable identifier kept from year to year (for history); the name is "
                    "used when it is absent.")
    jurisdiction: str = ""
    type: str = ""
    contact: Person | None = None


class Evidence(Strict):
    title: Text
    ref: str = Field(default="", description="Where the record is kept. Never opened or fetched.")
    date: IsoDate | None = None


class Answer(Strict):
    status: Status | None = None
    objectives: dict[str, StrictBool] = Field(default_factory=dict)
    facts: dict[str, FactValue | None] = Field(default_factory=dict)
    evidence: list[Evidence] = Field(default_factory=list)
    justification: str = ""
    owner: str = ""
    target_date: IsoDate | None = None
    notes: str = ""
    management_response: str = Field(
        default="", description="The agency's response to this gap, printed under its finding.")


class Signatory(Strict):
    """Someone who signs the report: name and title, and the date they signed (if yet)."""

    name: Text
    title: str = ""
    date: IsoDate | None = None


class Attestation(Strict):
    agency_head: Signatory | None = None
    assessor: Signatory | None = None


class DocumentStatus(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class DocumentControl(Strict):
    version: str = ""
    status: DocumentStatus = DocumentStatus.DRAFT
    distribution: list[str] = Field(default_factory=list)


class ManagementResponse(Strict):
    overall: str = ""


class ReportLanguage(StrEnum):
    EN = "en"
    ES = "es"


class ExceptionGrant(Strict):
    """An approved, time-limited deviation from one rule."""

    rule: Text
    justification: Text
    approved_by: Text
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
    exceptions: list[ExceptionGrant] = Field(default_factory=list)
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
