"""The record part of the report: sources cited by id, and which parameters get a table.

Findings cite a source by id (with its locator when short); the References list each source
this agency's practices cite once, so source text is not repeated per finding.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from checklist.i18n import N_, _, ngettext
from checklist.render.text import num
from checklist.result import Citation, ParameterValue, Result, RuleResult, SourceEntry

UNITS = (N_("days"),)
"""Units of the pack's parameters the catalogs translate; any other unit is shown as the
pack writes it."""


def with_unit(value: float, unit: str) -> str:
    if not unit:
        return num(value)
    return f"{num(value)}{unit}" if unit in ("%", "‰") else f"{num(value)} {_(unit)}"


RULE_LABELS: dict[str, str] = {
    "not_answered": N_("Not answered"),
    "objectives_not_met": N_("Objectives not met"),
    "objectives": N_("Objectives"),
    "evidence": N_("Evidence"),
    "justification": N_("Justification"),
    "overdue": N_("OVERDUE"),
    "owner": N_("Owner"),
    "target_date": N_("Target date"),
    "notes": N_("Notes"),
    "exception": N_("Exception"),
    "sources": N_("Sources"),
    "next_step": N_("Next step"),
    "under_exception": N_("(under approved exception)"),
    "all_in_scope": N_("All practices in scope"),
    "undated": N_("undated"),
}
"""Words every format prints around a practice's entry (message ids)."""


def label(key: str) -> str:
    """One of :data:`RULE_LABELS` in the active language (usable inside an f-string,
    where a ``_("…")`` call would not be found by the catalog extraction)."""
    return _(RULE_LABELS[key])


SHORT_LOCATOR = 24


def cited_by_id(citations: Sequence[Citation]) -> tuple[tuple[str, str], ...]:
    """A practice's citations as (source id, text), one per source in order of first
    citation, e.g. ``S07 §5.10.1.2`` or ``S07V6 AT-3, CA-3``; a long locator (a quotation)
    is left to the References, so such a source is named by its id alone, once."""
    places: dict[str, list[str]] = {}
    for citation in citations:
        locator = citation.locator.strip()
        found = places.setdefault(citation.source, [])
        if locator and len(locator) <= SHORT_LOCATOR and locator not in found:
            found.append(locator)
    return tuple((source, f"{source} {', '.join(found)}" if found else source)
                 for source, found in places.items())


def sources_line(citations: Sequence[Citation], escape: Callable[[str], str] = str) -> str:
    """The plain-text form of :func:`cited_by_id`: sources separated by semicolons."""
    return "; ".join(escape(text) for _, text in cited_by_id(citations))


_EXCEPTION_FINDINGS = ("exception_active", "exception_expired")


def exception_untold(rule: RuleResult) -> bool:
    """Whether the practice's exception needs its own line: a finding on an active or
    expired exception already names who approved it and when it ends."""
    return rule.exception is not None and not any(
        f.code in _EXCEPTION_FINDINGS for f in rule.findings)


def cited_sources(result: Result) -> tuple[tuple[SourceEntry, ...], int]:
    """The sources cited by the practices in scope for this agency, in the pack's order, and
    how many further sources only out-of-scope practices cite. Where in a source each
    practice rests, and how the source was read, stay in the JSON results and in
    ``checklist rules show``: printing them in every agency's report tripled the References."""
    cited = {c.source for rule in result.rules if rule.scope == "in_scope"
             for c in rule.references}
    shown = tuple(src for src in result.sources if src.id in cited)
    return shown, len(result.sources) - len(shown)


def by_scope_reason(rules: Sequence[RuleResult]) -> tuple[tuple[str, tuple[RuleResult, ...]], ...]:
    """Out-of-scope practices grouped by the reason they do not apply, in the order the
    reasons first appear: one profile answer often takes out several practices at once."""
    groups: dict[str, list[RuleResult]] = {}
    for rule in rules:
        groups.setdefault(rule.scope_reason, []).append(rule)
    return tuple((reason, tuple(group)) for reason, group in groups.items())


def references_note(omitted: int) -> str:
    """What the References leave out, and where to find it."""
    note = _("The JSON results, and “checklist rules show” for each practice, give where in "
             "each source a practice rests and how the source was read.")
    if omitted:
        note += " " + ngettext(
            "{n} further source of the pack is cited only by practices out of scope here "
            "and is not listed.",
            "{n} further sources of the pack are cited only by practices out of scope here "
            "and are not listed.", omitted).format(n=omitted)
    return note


def matters(parameter: ParameterValue, result: Result) -> bool:
    """Tailored, or a threshold a gap of this agency is measured against."""
    return parameter.tailored or bool({g.rule for g in result.gaps}.intersection(
        parameter.used_by))


def parameter_line(parameters: Sequence[ParameterValue]) -> str:
    items = "; ".join(f"{p.title} ({with_unit(p.value, p.unit)})" for p in parameters)
    return _("At their default values and used only by practices fully in place here: "
             "{items}. The JSON results give each one's basis.").format(items=items)
