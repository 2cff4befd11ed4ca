"""Page 1 of the report, the "Highlights": the story a leader reads when reading nothing else.

Every sentence is composed here from the result alone (score and rating with the reason,
strongest and weakest domain, how many gaps lack an owner or are overdue), so the PDF,
HTML, Markdown and Word reports say the same thing. Fixed wording lives in this module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from checklist.i18n import N_, _, ngettext
from checklist.i18n.findings import short_finding_text, unlabelled_finding_text
from checklist.render.glossary import FirstUse
from checklist.render.text import percent, score, short_date, status_label
from checklist.result import DomainResult, Finding, Gap, Result, RuleResult

TOP_ACTIONS = 5
MAX_STRENGTHS = 3
MISSING_MAX = 110
"""The longest missing line (the CSV's, and the plan's when its title is short)."""
PLAN_CELL_CHARS = 130
"""About two lines of the plan's practice column at 9.5 pt, for id, title and line."""
MISSING_MIN = 45
QUOTE_MIN = 32

DOCUMENT_STATUS = {"draft": N_("Draft"), "final": N_("Final")}
NO_DOCUMENT_STATUS = N_("Draft (status not given)")
OWNER_NEEDED = N_("Owner needed")
REPORTED_FIGURE_FAILED = N_("A reported figure fails its check")
NO_STRENGTHS = N_("No domain or critical practice is fully in place yet.")
"""Message ids (as are the texts above): translate them where they are shown."""

_NOT_IN_PLACE = {
    "unanswered": N_("Not answered yet"),
    "planned": N_("Planned, not yet in place"),
    "not_implemented": N_("Not in place"),
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


def _quoting(make: Callable[[str], str], quote: str, limit: int,
             without: str) -> str:
    """``make(quote)`` within ``limit`` characters, shortening the quoted text (never the
    words around it, so the closing quotation mark survives); ``without`` when too little
    of the quotation would be left to mean anything."""
    quote = " ".join(quote.split()).rstrip(".")
    full = make(quote)
    if len(full) <= limit:
        return full
    room = limit - len(make(""))
    return make(_short(quote, room)) if room >= QUOTE_MIN else without


def missing_line(rule: RuleResult, limit: int = MISSING_MAX) -> str:
    """What is missing, in one short line (at most ``limit`` characters, give or take a
    short quotation) taken from the findings of a gap."""
    unmet = [o.text for o in rule.objectives if not o.met]
    limiting: list[Finding] = [f for f in rule.findings if f.caps_at]
    if rule.effective_status in _NOT_IN_PLACE and rule.claimed_status == rule.effective_status:
        head = _(_NOT_IN_PLACE[rule.effective_status])
        if unmet and rule.effective_status != "unanswered":
            text = ngettext("{head}: {n} objective open, first “{first}”",
                            "{head}: {n} objectives open, first “{first}”", len(unmet))
            bare = ngettext("{head}: {n} objective open", "{head}: {n} objectives open",
                            len(unmet)).format(head=head, n=len(unmet))
            return _quoting(lambda q: text.format(head=head, n=len(unmet), first=q),
                            unmet[0], limit, bare)
        return head
    if limiting:
        first = limiting[0]
        if first.code == "objectives_unmet" and unmet:
            bare = ngettext("{n} objective not met", "{n} objectives not met",
                            len(unmet)).format(n=len(unmet))
            if len(unmet) > 1:
                more = _("Objective not met: “{first}” and {more} more")
                return _quoting(lambda q: more.format(first=q, more=len(unmet) - 1),
                                unmet[0], limit, bare)
            one = _("Objective not met: “{first}”")
            return _quoting(lambda q: one.format(first=q), unmet[0], limit, bare)
        label = first.params.get("label")
        if isinstance(label, str) and label:
            # A long label is shortened inside its quotation marks, never cut mid-figure.
            figures = unlabelled_finding_text(first.code, first.params)
            bare = figures[:1].upper() + figures[1:] if figures else _(REPORTED_FIGURE_FAILED)
            return _quoting(lambda q: short_finding_text(first.code, {**first.params,
                                                                      "label": q}),
                            label, limit, bare)
        return _short(short_finding_text(first.code, first.params), limit)
    return status_label(rule.effective_status)


def actions(result: Result) -> tuple[Action, ...]:
    rules = {r.id: r for r in result.rules}
    return tuple(_action(i, g, rules[g.rule]) for i, g in enumerate(result.gaps, start=1))


def _plan_room(rule_id: str, title: str) -> int:
    """Characters left for the missing line after the id and title, so that most plan
    rows take two lines of the practice column."""
    return max(PLAN_CELL_CHARS - len(rule_id) - len(title) - 3, MISSING_MIN)


def _action(rank: int, g: Gap, rule: RuleResult) -> Action:
    return Action(rank=rank, rule=g.rule, title=g.title, severity=g.severity,
                  status=g.effective_status, priority=g.priority,
                  missing=missing_line(rule, _plan_room(g.rule, g.title)),
                  owner=g.owner, owner_needed=not g.owner.strip(),
                  target=short_date(g.target_date) if g.target_date else "",
                  overdue=g.target_overdue, under_exception=g.under_active_exception,
                  remediation=g.remediation, management_response=rule.management_response)


def document_status(result: Result) -> str:
    d = result.document
    if not d.stated:
        return _(NO_DOCUMENT_STATUS)
    status = _(DOCUMENT_STATUS[d.status])
    return _("{status}, version {version}").format(status=status, version=d.version) \
        if d.version else status


def _rating_sentence(result: Result) -> str:
    s = result.summary
    r = s.rating
    name = result.agency.name
    if s.score.value is None:
        return _("No practice of this pack is in scope for the profile of {name}, so there "
                 "is no score and no rating.").format(name=name)
    shown = score(s.score.value)
    if r.not_rated:
        low, high = s.score_range.low or 0.0, s.score_range.high or 0.0
        return _("{name} scores {score} of 100 but is not rated: only {answered} of {total} "
                 "practices in scope are answered ({share}), and a rating needs {required}. "
                 "Once every practice is answered the score could be anywhere from {low} to "
                 "{high}.").format(
            name=name, score=shown, answered=s.completion.numerator,
            total=s.completion.denominator, share=percent(s.completion.value or 0, 0),
            required=percent(r.completion_required, 0), low=score(low), high=score(high))
    provisional = _(" (provisional)") if r.provisional else ""
    gates = [g for g in result.methodology.gates if g.id in r.capped_by]
    if gates and r.score_band != r.band:
        ids = ", ".join(i for g in gates for i in g.triggered_by)
        return _("{name} scores {score} of 100, enough for “{score_band}”, but is rated "
                 "“{band}” because of {ids}{provisional}. {gate}").format(
            name=name, score=shown, score_band=r.score_band, band=r.band, ids=ids,
            provisional=provisional, gate=gates[0].description)
    return _("{name} scores {score} of 100 and is rated “{band}”{provisional}.").format(
        name=name, score=shown, band=r.band, provisional=provisional)


def _domain_sentence(domains: Sequence[DomainResult]) -> str:
    scored = [d for d in domains if d.score.value is not None]
    if len(scored) < 2:
        return ""
    best = max(scored, key=lambda d: d.score.value or 0.0)
    worst = min(scored, key=lambda d: d.score.value or 0.0)
    if best.score.value == worst.score.value:
        return _("Every domain scores {score}.").format(score=score(best.score.value))
    return _("The strongest domain is {best} ({best_score}); the weakest is {worst} "
             "({worst_score}).").format(best=best.title, best_score=score(best.score.value),
                                        worst=worst.title, worst_score=score(worst.score.value))


def _gap_sentence(result: Result, rows: Sequence[Action]) -> str:
    s = result.summary
    if not s.gaps:
        return _("Every practice in scope is fully in place.")
    no_owner = sum(1 for a in rows if a.owner_needed)
    late = s.overdue_targets
    owners = (_("every one has an owner") if not no_owner else
              ngettext("{n} has no owner named", "{n} have no owner named",
                       no_owner).format(n=no_owner))
    overdue = (_("none is past its target date") if not late else
               ngettext("{n} is past its target date", "{n} are past their target date",
                        late).format(n=late))
    return ngettext("{n} gap remains, {critical} of them critical; {owners} and {overdue}.",
                    "{n} gaps remain, {critical} of them critical; {owners} and {overdue}.",
                    s.gaps).format(n=s.gaps, critical=s.critical_gaps, owners=owners,
                                   overdue=overdue)


def strengths(result: Result) -> tuple[str, ...]:
    """Up to three: domains fully in place, then critical practices fully in place."""
    out: list[str] = []
    full = [d for d in result.domains if d.rules_in_scope and d.score.value == 100]
    out += [_("{domain}: every practice in scope is fully in place").format(domain=d.title)
            for d in full]
    full_ids = {d.id for d in full}
    out += [_("{id} {title} (critical) is fully in place").format(id=r.id, title=r.title)
            for r in result.rules
            if r.scope == "in_scope" and r.severity == "critical" and r.credit == 1
            and r.domain not in full_ids]
    return tuple(out[:MAX_STRENGTHS])


def _provisional_note(result: Result) -> str:
    s = result.summary
    if s.rating.not_rated or not s.rating.provisional:
        return ""
    return _("Provisional rating: {open} of {total} practices in scope are not answered yet; "
             "they count as no credit, so answering them may change the score and the "
             "rating.").format(open=s.completion.denominator - s.completion.numerator,
                               total=s.completion.denominator)


def build(result: Result, rows: Sequence[Action]) -> Highlights:
    """Page 1, with each acronym of the pack's glossary spelled out at its first use in the
    page's sentences, in reading order (the names in the title block are printed as given)."""
    message = (_rating_sentence(result), _domain_sentence(result.domains),
               _gap_sentence(result, rows))
    spell = FirstUse.of(result)
    key_message = spell.all([m for m in message if m])
    note = spell(_provisional_note(result))
    top = tuple(replace(a, title=spell(a.title), missing=spell(a.missing))
                for a in rows[:TOP_ACTIONS])
    return Highlights(document_status=document_status(result), key_message=key_message,
                      actions=top, strengths=spell.all(strengths(result)),
                      provisional_note=note)
