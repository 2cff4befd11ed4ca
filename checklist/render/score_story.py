"""The sentences that explain a report's score, written from the result alone: the counting
line, why the rating is what it is, the computation, the possible range of an incomplete
self-assessment. Every format prints them as they are, so all formats say the same."""

from __future__ import annotations

from collections.abc import Sequence

from checklist.i18n import _, current, ngettext
from checklist.render.text import num
from checklist.render.text import score as _score
from checklist.result import Fraction, Result, Score


def score_text(score: Score) -> str:
    return _score(score.value)


def percent(fraction: Fraction) -> str:
    return current().percent(fraction.value, 0)


def fraction_text(fraction: Fraction) -> str:
    return _("{percent} ({n} of {total})").format(
        percent=percent(fraction), n=fraction.numerator, total=fraction.denominator)


def join_ids(ids: Sequence[str]) -> str:
    return ", ".join(ids)


def counting_line(result: Result) -> str:
    """The one line that reconciles every count in a report, printed by every format."""
    c = result.summary.counts
    return ngettext(
        "{n} practice in the pack → {apply} apply to this agency's profile → {na} answered "
        "not applicable → {scored} scored; {answered} of {apply} answered",
        "{n} practices in the pack → {apply} apply to this agency's profile → {na} answered "
        "not applicable → {scored} scored; {answered} of {apply} answered", c.in_pack).format(
        n=c.in_pack, apply=c.apply_to_profile, na=c.answered_not_applicable, scored=c.scored,
        answered=c.answered)


def range_text(result: Result) -> str:
    """The possible range of an incomplete result, e.g. ``21.4 to 78.0``."""
    sr = result.summary.score_range
    if sr.low is None or sr.high is None:
        return "—"
    return _("{low} to {high}").format(low=_score(sr.low), high=_score(sr.high))


def computation(score: Score) -> str:
    if score.value is None:
        return _("no practice is in scope, so there is no score")
    return f"100 × {num(score.earned)} ÷ {num(score.possible)} = {_score(score.value)}"


def why(result: Result) -> tuple[str, ...]:
    s = result.summary
    m = result.methodology
    if s.score.value is None:
        return (_("No practice of this pack is in scope for the agency's profile, so there "
                  "is no score and no rating."),)
    lines = [_("The score is {score} out of 100: the practices in scope earned {earned} of "
               "{possible} weighted points ({computation}).").format(
        score=score_text(s.score), earned=num(s.score.earned), possible=num(s.score.possible),
        computation=computation(s.score))]
    band = next((b for b in m.bands if b.name == s.rating.score_band), None)
    if band is not None:
        lines.append(_("A score of {score} reaches the band “{band}” ({minimum} or "
                       "more).").format(score=score_text(s.score), band=band.name,
                                        minimum=num(band.minimum)))
    for gate in m.gates:
        if gate.id in s.rating.capped_by:
            lines.append(_("The rating is lowered to “{cap}” by the rule “{rule}” It applies "
                           "because of {ids}.").format(cap=gate.cap, rule=gate.description,
                                                      ids=join_ids(gate.triggered_by)))
    lines += completeness(result)
    if s.active_exceptions:
        lines.append(ngettext(
            "{n} practice is under an approved exception; leaving it out gives {score} "
            "({computation}). The rating uses the score above.",
            "{n} practices are under an approved exception; leaving them out gives {score} "
            "({computation}). The rating uses the score above.", s.active_exceptions).format(
            n=s.active_exceptions, score=score_text(s.score_with_exceptions),
            computation=computation(s.score_with_exceptions)))
    return tuple(lines)


def completeness(result: Result) -> list[str]:
    s = result.summary
    if s.rating.not_rated:
        return [_("Not rated: incomplete. {answered} of {total} practices in scope have an "
                  "answer ({share}); a rating needs {required}. With every unanswered practice "
                  "at no credit the score is {low}; with every one at full credit it would be "
                  "{high}. The score could land anywhere from {range}.").format(
            answered=s.completion.numerator, total=s.completion.denominator,
            share=percent(s.completion), required=current().percent(
                s.rating.completion_required, 0),
            low=_score(s.score_range.low), high=_score(s.score_range.high),
            range=range_text(result))]
    if s.rating.provisional:
        return [_("The rating is provisional: {answered} of {total} practices in scope have "
                  "an answer ({share}). Unanswered practices count as no credit, so answering "
                  "them may change the score and the rating.").format(
            answered=s.completion.numerator, total=s.completion.denominator,
            share=percent(s.completion))]
    return []


def rating_line(result: Result) -> tuple[str, str]:
    r = result.summary.rating
    if r.not_rated:
        return _("Not rated: incomplete"), _(
            "The score could land anywhere from {range} once every practice is "
            "answered.").format(range=range_text(result))
    if r.band is None:
        return _("No rating"), r.description
    note = _("“{band}” means: {description}").format(band=r.band, description=r.description) \
        if r.description else ""
    return r.band + (_(" (provisional)") if r.provisional else ""), note
