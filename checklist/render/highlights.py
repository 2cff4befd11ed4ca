"""Page 1 of the report, the "Highlights": the story a leader reads when reading nothing else.

Every sentence is composed here from the result alone (score and rating with the reason,
strongest and weakest domain, how many gaps lack an owner or are overdue), so the PDF,
HTML, Markdown and Word reports say the same thing. Fixed wording lives in this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from checklist.render.text import plural, status_label
from checklist.result import DomainResult, Finding, Gap, Result, RuleResult

TOP_ACTIONS = 5
MAX_STRENGTHS = 3
MISSING_MAX = 110

DOCUMENT_STATUS = {"draft": "Draft", "final": "Final"}
NO_DOCUMENT_STATUS = "Draft (status not given)"
OWNER_NEEDED = "Owner needed"
NO_STRENGTHS = "No domain or critical practice is fully in place yet."

_NOT_IN_PLACE = {
    "unanswered": "Not answered yet",
    "planned": "Planned, not yet in place",
    "not_implemented": "Not in place",
}


@dataclass(frozen=True)
class Action:
    """One row of the remediation plan (the Highlights show the first few)."""

    rank: int
    rule: str
    title: str
    severity: str
    status: str
    priority: float
    missing: str
    owner: str
    owner_needed: bool
    target: str
    overdue: bool
    under_exception: bool
    remediation: str
    management_response: str


@dataclass(frozen=True)
class Highlights:
    document_status: str
    key_message: tuple[str, ...]
    actions: tuple[Action, ...]
    strengths: tuple[str, ...]
    provisional_note: str


def _short(text: str, limit: int = MISSING_MAX) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def missing_line(rule: RuleResult) -> str:
    """What is missing, in one short line taken from the findings of a gap."""
    unmet = [o.text for o in rule.objectives if not o.met]
    limiting: list[Finding] = [f for f in rule.findings if f.caps_at]
    if rule.effective_status in _NOT_IN_PLACE and rule.claimed_status == rule.effective_status:
        head = _NOT_IN_PLACE[rule.effective_status]
        if unmet and rule.effective_status != "unanswered":
            return _short(f"{head}: {plural(len(unmet), 'objective')} open, first "
                          f"“{unmet[0].rstrip('.')}”")
        return head
    if limiting:
        first = limiting[0]
        if first.code == "objectives_unmet" and unmet:
            more = f" and {len(unmet) - 1} more" if len(unmet) > 1 else ""
            return _short(f"Objective not met: “{unmet[0].rstrip('.')}”{more}")
        return _short(first.message[:1].upper() + first.message[1:])
    return status_label(rule.effective_status)


def actions(result: Result) -> tuple[Action, ...]:
    rules = {r.id: r for r in result.rules}
    return tuple(_action(i, g, rules[g.rule]) for i, g in enumerate(result.gaps, start=1))


def _action(rank: int, g: Gap, rule: RuleResult) -> Action:
    return Action(rank=rank, rule=g.rule, title=g.title, severity=g.severity,
                  status=g.effective_status, priority=g.priority, missing=missing_line(rule),
                  owner=g.owner, owner_needed=not g.owner.strip(),
                  target=g.target_date.isoformat() if g.target_date else "",
                  overdue=g.target_overdue, under_exception=g.under_active_exception,
                  remediation=g.remediation, management_response=rule.management_response)


def document_status(result: Result) -> str:
    d = result.document
    if not d.stated:
        return NO_DOCUMENT_STATUS
    return DOCUMENT_STATUS[d.status] + (f", version {d.version}" if d.version else "")


def _rating_sentence(result: Result) -> str:
    s = result.summary
    r = s.rating
    name = result.agency.name
    if s.score.value is None:
        return (f"No practice of this pack is in scope for the profile of {name}, so there is "
                "no score and no rating.")
    score = f"{name} scores {s.score.value:.1f} of 100"
    if r.not_rated:
        low, high = s.score_range.low or 0.0, s.score_range.high or 0.0
        return (f"{score} but is not rated: only {s.completion.numerator} of "
                f"{s.completion.denominator} practices in scope are answered "
                f"({(s.completion.value or 0) * 100:.0f}%), and a rating needs "
                f"{r.completion_required:.0%}. Once every practice is answered the score "
                f"could be anywhere from {low:.1f} to {high:.1f}.")
    provisional = " (provisional)" if r.provisional else ""
    gates = [g for g in result.methodology.gates if g.id in r.capped_by]
    if gates and r.score_band != r.band:
        ids = ", ".join(i for g in gates for i in g.triggered_by)
        return (f"{score}, enough for “{r.score_band}”, but is rated “{r.band}” because of "
                f"{ids}{provisional}. {gates[0].description}")
    return f"{score} and is rated “{r.band}”{provisional}."


def _domain_sentence(domains: Sequence[DomainResult]) -> str:
    scored = [d for d in domains if d.score.value is not None]
    if len(scored) < 2:
        return ""
    best = max(scored, key=lambda d: d.score.value or 0.0)
    worst = min(scored, key=lambda d: d.score.value or 0.0)
    if best.score.value == worst.score.value:
        return f"Every domain scores {best.score.value:.1f}."
    return (f"The strongest domain is {best.title} ({best.score.value:.1f}); the weakest is "
            f"{worst.title} ({worst.score.value:.1f}).")


def _gap_sentence(result: Result, rows: Sequence[Action]) -> str:
    s = result.summary
    if not s.gaps:
        return "Every practice in scope is fully in place."
    no_owner = sum(1 for a in rows if a.owner_needed)
    late = s.overdue_targets
    verb = "remains" if s.gaps == 1 else "remain"
    owners = ("every one has an owner" if not no_owner else
              f"{no_owner} {'has' if no_owner == 1 else 'have'} no owner named")
    overdue = ("none is past its target date" if not late else
               f"{late} {'is' if late == 1 else 'are'} past "
               f"{'its' if late == 1 else 'their'} target date")
    return (f"{plural(s.gaps, 'gap')} {verb}, {s.critical_gaps} of them critical; "
            f"{owners} and {overdue}.")


def strengths(result: Result) -> tuple[str, ...]:
    """Up to three: domains fully in place, then critical practices fully in place."""
    out: list[str] = []
    full = [d for d in result.domains if d.rules_in_scope and d.score.value == 100]
    out += [f"{d.title}: every practice in scope is fully in place" for d in full]
    full_ids = {d.id for d in full}
    out += [f"{r.id} {r.title} (critical) is fully in place" for r in result.rules
            if r.scope == "in_scope" and r.severity == "critical" and r.credit == 1
            and r.domain not in full_ids]
    return tuple(out[:MAX_STRENGTHS])


def _provisional_note(result: Result) -> str:
    s = result.summary
    if s.rating.not_rated or not s.rating.provisional:
        return ""
    return (f"Provisional rating: {s.completion.denominator - s.completion.numerator} of "
            f"{s.completion.denominator} practices in scope are not answered yet; they count "
            "as no credit, so answering them may change the score and the rating.")


def build(result: Result, rows: Sequence[Action]) -> Highlights:
    message = (_rating_sentence(result), _domain_sentence(result.domains),
               _gap_sentence(result, rows))
    return Highlights(document_status=document_status(result),
                      key_message=tuple(m for m in message if m),
                      actions=tuple(rows[:TOP_ACTIONS]), strengths=strengths(result),
                      provisional_note=_provisional_note(result))
