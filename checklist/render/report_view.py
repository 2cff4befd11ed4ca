"""What the human-readable reports say, computed once for the PDF, HTML and Markdown outputs.

Every number a report prints is formatted here, so all formats show the same figures,
and every sentence that explains a number (why this rating, how the score was computed)
is written here from the result alone. Renderers only lay this out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from checklist.i18n import _
from checklist.render import document_control, highlights
from checklist.render.document_control import ATTESTATION_TEXT as ATTESTATION_TEXT
from checklist.render.document_control import MANAGEMENT_RESPONSE as MANAGEMENT_RESPONSE
from checklist.render.document_control import NO_DISTRIBUTION as NO_DISTRIBUTION
from checklist.render.document_control import DocumentControl
from checklist.render.finding_words import EXCEPTION_STATES as EXCEPTION_STATES
from checklist.render.finding_words import FINDING_LABELS as FINDING_LABELS
from checklist.render.finding_words import FINDING_MEANINGS as FINDING_MEANINGS
from checklist.render.finding_words import NOT_AN_AUDIT as NOT_AN_AUDIT
from checklist.render.finding_words import VERIFICATION_LABELS as VERIFICATION_LABELS
from checklist.render.finding_words import exception_state as exception_state
from checklist.render.finding_words import exception_summary as exception_summary
from checklist.render.finding_words import finding_label as finding_label
from checklist.render.finding_words import verification_label as verification_label
from checklist.render.glossary import glossary_terms as glossary_terms
from checklist.render.highlights import NO_STRENGTHS as NO_STRENGTHS
from checklist.render.highlights import OWNER_NEEDED as OWNER_NEEDED
from checklist.render.highlights import Action as Action
from checklist.render.highlights import Highlights
from checklist.render.record import by_scope_reason as by_scope_reason
from checklist.render.record import cited_by_id as cited_by_id
from checklist.render.record import cited_sources as cited_sources
from checklist.render.record import exception_untold as exception_untold
from checklist.render.record import matters as _matters
from checklist.render.record import parameter_line as parameter_line
from checklist.render.record import references_note as references_note
from checklist.render.record import sources_line as sources_line
from checklist.render.record import with_unit as with_unit
from checklist.render.report_words import bold as bold
from checklist.render.report_words import footer_line as footer_line
from checklist.render.report_words import formula as formula
from checklist.render.report_words import lang as lang
from checklist.render.report_words import link as link
from checklist.render.report_words import notices as notices
from checklist.render.report_words import page_counter as page_counter
from checklist.render.report_words import span as span
from checklist.render.report_words import tr as tr
from checklist.render.score_story import completeness as completeness
from checklist.render.score_story import computation as computation
from checklist.render.score_story import counting_line as counting_line
from checklist.render.score_story import fraction_text as fraction_text
from checklist.render.score_story import join_ids as join_ids
from checklist.render.score_story import percent as percent
from checklist.render.score_story import range_text as range_text
from checklist.render.score_story import rating_line, why
from checklist.render.score_story import score_text as score_text
from checklist.render.text import SEVERITY_LABELS as SEVERITY_LABELS
from checklist.render.text import STATUS_LABELS as STATUS_LABELS
from checklist.render.text import date as date
from checklist.render.text import num as num
from checklist.render.text import plural as plural
from checklist.render.text import severity_label as severity_label
from checklist.render.text import short_date as short_date
from checklist.render.text import status_label as status_label
from checklist.result import (
    BandEntry,
    DomainResult,
    Gap,
    GateEntry,
    GlossaryTerm,
    ParameterValue,
    Result,
    RuleResult,
)

TOP_GAPS = 10

# Colours of the score bars by tone (see :func:`tone`): best band first, grey for no score.
TONE_COLORS = ("#2e7d32", "#609840", "#c77700", "#a81818", "#9aa3ad")


@dataclass(frozen=True)
class DomainRow:
    id: str
    title: str
    score: str
    value: float | None
    tone: int
    earned: str
    possible: str
    in_scope: int
    answered: int
    gaps: int
    critical_gaps: int


@dataclass(frozen=True)
class GateLine:
    id: str
    description: str
    cap: str
    triggered_by: tuple[str, ...]
    capped: bool
    effect: str


@dataclass(frozen=True)
class DomainSection:
    id: str
    title: str
    row: DomainRow
    rules: tuple[RuleResult, ...]
    not_scored: tuple[RuleResult, ...]


@dataclass(frozen=True)
class ReportView:
    result: Result
    title: str
    score: str
    rating: str
    rating_note: str
    why: tuple[str, ...]
    computation: str
    domains: tuple[DomainRow, ...]
    sections: tuple[DomainSection, ...]
    top_gaps: tuple[Gap, ...]
    gap_rank: dict[str, int]
    gates: tuple[GateLine, ...]
    out_of_scope: tuple[RuleResult, ...]
    not_applicable: tuple[RuleResult, ...]
    profile: tuple[tuple[str, str], ...]
    parameters: tuple[ParameterValue, ...] = field(default=())
    parameters_not_shown: int = 0
    parameters_met: tuple[ParameterValue, ...] = field(default=())
    """Shown parameters neither tailored nor used by a gap: listed in one line, not a table."""
    key_figures: tuple[tuple[str, str], ...] = field(default=())
    highlights: Highlights | None = None
    actions: tuple[Action, ...] = ()
    control: DocumentControl | None = None
    counting: str = ""
    glossary: tuple[GlossaryTerm, ...] = ()
    """The pack's acronyms this report uses (worked out once: it reads the whole report)."""


def band_index(value: float | None, bands: Sequence[BandEntry]) -> int | None:
    """Index (0 = best) of the first band, highest minimum first, that ``value`` reaches."""
    if value is None:
        return None
    ordered = sorted(bands, key=lambda b: b.minimum, reverse=True)
    for index, band in enumerate(ordered):
        if value >= band.minimum:
            return index
    return len(ordered) - 1


def tone(value: float | None, bands: Sequence[BandEntry]) -> int:
    """0 for the highest band a value reaches, 1 for the next…; 4 for no score. Sets colours."""
    rank = band_index(value, bands)
    if rank is None:
        return 4
    count = len(bands)
    return min(rank, 3) if count >= 4 else min(round(rank * 3 / max(count - 1, 1)), 3)


def _domain_row(d: DomainResult, bands: Sequence[BandEntry]) -> DomainRow:
    return DomainRow(id=d.id, title=d.title, score=score_text(d.score), value=d.score.value,
                     tone=tone(d.score.value, bands),
                     earned=num(d.score.earned), possible=num(d.score.possible),
                     in_scope=d.rules_in_scope, answered=d.answered, gaps=d.gaps,
                     critical_gaps=d.critical_gaps)


def _gate_line(gate: GateEntry, capped_by: Sequence[str]) -> GateLine:
    capped = gate.id in capped_by
    if not gate.triggered_by:
        effect = _("not triggered")
    elif capped:
        effect = _("triggered by {ids}; caps the rating at {cap}").format(
            ids=join_ids(gate.triggered_by), cap=gate.cap)
    else:
        effect = _("triggered by {ids}; no effect, the rating is already at or below "
                   "{cap}").format(ids=join_ids(gate.triggered_by), cap=gate.cap)
    return GateLine(id=gate.id, description=gate.description, cap=gate.cap,
                    triggered_by=gate.triggered_by, capped=capped, effect=effect)


def shown_parameters(result: Result) -> tuple[ParameterValue, ...]:
    """Parameters that matter for this agency: tailored, or used by a practice in scope."""
    in_scope = {r.id for r in result.rules if r.scope == "in_scope"}
    return tuple(p for p in result.methodology.parameters
                 if p.tailored or in_scope.intersection(p.used_by))


def profile_lines(result: Result) -> tuple[tuple[str, str], ...]:
    """Each profile answer as (the question, the answer in words): choices by their labels."""
    from functools import partial

    from checklist.i18n import current
    from checklist.i18n.methodology import answer_text, profile_words

    words = profile_words(result.questions)
    return tuple((words.question(qid), answer_text(value, current(), partial(words.choice, qid)))
                 for qid, value in result.profile.items())


def _sections(result: Result, rows: tuple[DomainRow, ...]) -> tuple[DomainSection, ...]:
    """Each domain's practices: those scored here, and those the statement of
    applicability accounts for."""
    return tuple(
        DomainSection(
            id=row.id, title=row.title, row=row,
            rules=tuple(r for r in result.rules if r.domain == row.id and r.scope == "in_scope"),
            not_scored=tuple(r for r in result.rules
                             if r.domain == row.id and r.scope != "in_scope"))
        for row in rows)


def _key_figures(result: Result, rating: str) -> tuple[tuple[str, str], ...]:
    """The figures boxed at the top of the executive summary."""
    s = result.summary
    no_score = _("no score")
    return (
        (_("Score"), _("{score} of 100").format(score=score_text(s.score))
         if s.score.value is not None else no_score),
        (_("Rating"), rating),
        (_("Completion"), fraction_text(s.completion)),
        *(((_("Possible score range"), range_text(result)),) if s.rating.provisional else ()),
        (_("Evidence coverage"), fraction_text(s.evidence_coverage)),
        (_("Score with approved exceptions"), score_text(s.score_with_exceptions)
         if s.score_with_exceptions.value is not None else no_score),
        (_("Gaps"), _("{gaps} ({critical} critical)").format(gaps=s.gaps,
                                                              critical=s.critical_gaps)),
        (_("Overdue target dates"), str(s.overdue_targets)),
        (_("Practices counted"), counting_line(result)),
    )


def build(result: Result) -> ReportView:
    s = result.summary
    rating, rating_note = rating_line(result)
    rows = tuple(_domain_row(d, result.methodology.bands) for d in result.domains)
    plan = highlights.actions(result)
    return ReportView(
        result=result,
        title=_("{pack}: self-assessment and gap report").format(pack=result.pack.title),
        score=score_text(s.score),
        rating=rating,
        rating_note=rating_note,
        why=why(result),
        computation=computation(s.score),
        domains=rows,
        sections=_sections(result, rows),
        top_gaps=result.gaps[:TOP_GAPS],
        gap_rank={g.rule: i for i, g in enumerate(result.gaps, start=1)},
        gates=tuple(_gate_line(g, s.rating.capped_by) for g in result.methodology.gates),
        out_of_scope=tuple(r for r in result.rules if r.scope == "out_of_scope_profile"),
        not_applicable=tuple(r for r in result.rules if r.scope == "not_applicable"),
        profile=profile_lines(result),
        parameters=tuple(p for p in shown_parameters(result) if _matters(p, result)),
        parameters_met=tuple(p for p in shown_parameters(result) if not _matters(p, result)),
        parameters_not_shown=len(result.methodology.parameters) - len(shown_parameters(result)),
        key_figures=_key_figures(result, rating),
        highlights=highlights.build(result, plan),
        actions=plan,
        control=document_control.build(result),
        counting=counting_line(result),
        glossary=glossary_terms(result),
    )
