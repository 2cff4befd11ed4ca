"""Everything about an answer's status, in one place.

The statuses an answer may claim and the ones a scored practice may end with, their order
(which one is better), the claims the checks examine, the default credit of each, and how
each is shown to people: a label for tables, a word for sentences and a meaning for the
help text of the assessment file, the workbook and the JSON Schema. Every other module
reads these; none keeps its own copy.
"""

from __future__ import annotations

import enum


def N_(message: str) -> str:
    """Marks a text for the message catalogs (checklist/i18n); translated where shown."""
    return message


class Status(enum.StrEnum):
    """What an answer may claim. ``unanswered`` is never written by users."""

    IMPLEMENTED = "implemented"
    ALTERNATIVE = "alternative"
    PARTIAL = "partial"
    PLANNED = "planned"
    NOT_IMPLEMENTED = "not_implemented"
    NOT_APPLICABLE = "not_applicable"


class ScoredStatus(enum.StrEnum):
    """The status of an in-scope practice after the checks."""

    IMPLEMENTED = "implemented"
    ALTERNATIVE = "alternative"
    PARTIAL = "partial"
    PLANNED = "planned"
    NOT_IMPLEMENTED = "not_implemented"
    UNANSWERED = "unanswered"


RANK: dict[str, int] = {
    "implemented": 4, "alternative": 4, "partial": 3, "planned": 2,
    "not_implemented": 1, "unanswered": 1,
}
"""Higher is better. Implemented and alternative rank the same (DESIGN section 4);
unanswered earns no credit, like not implemented."""

CHECKED_CLAIMS: frozenset[str] = frozenset({"implemented", "alternative", "partial"})
"""The claims the checks examine (objectives, evidence, facts); a check may lower them."""

DEFAULT_CREDITS: dict[ScoredStatus, float] = {
    ScoredStatus.IMPLEMENTED: 1.0,
    ScoredStatus.ALTERNATIVE: 1.0,
    ScoredStatus.PARTIAL: 0.5,
    ScoredStatus.PLANNED: 0.0,
    ScoredStatus.NOT_IMPLEMENTED: 0.0,
    ScoredStatus.UNANSWERED: 0.0,
}

LABELS: dict[str, str] = {
    "implemented": N_("Implemented"),
    "alternative": N_("Alternative (equivalent measure)"),
    "partial": N_("Partial"),
    "planned": N_("Planned"),
    "not_implemented": N_("Not implemented"),
    "not_applicable": N_("Not applicable"),
    "unanswered": N_("Unanswered"),
    "out_of_scope_profile": N_("Out of scope (profile)"),
    "not_in_pack": N_("Not in that pack version"),
}
"""For tables and headings; the last two describe a practice that was not scored."""

WORDS: dict[str, str] = {
    "implemented": N_("implemented"), "alternative": N_("alternative"),
    "partial": N_("partial"), "planned": N_("planned"),
    "not_implemented": N_("not implemented"), "not_applicable": N_("not applicable"),
    "unanswered": N_("unanswered"),
}
"""For the middle of a sentence."""

MEANINGS: dict[Status, str] = {
    Status.IMPLEMENTED: N_("the practice is in place as the requirement says"),
    Status.ALTERNATIVE: N_("a different measure meets the same aim (explain in justification)"),
    Status.PARTIAL: N_("some of it is in place"),
    Status.PLANNED: N_("not in place yet, but planned (give owner and target_date)"),
    Status.NOT_IMPLEMENTED: N_("not in place"),
    Status.NOT_APPLICABLE: N_("does not apply to this agency (explain in justification)"),
}
"""What a user should mean by each status, for help texts."""
