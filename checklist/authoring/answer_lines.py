"""The answers section of the ``checklist init`` file: one commented block per practice.

Each practice gets its requirement, scope, evidence wanted and allowed statuses as
comments, then its answer keys (status, objectives, facts, evidence, owner, dates and
text), filled from the draft and annotated with last assessment's cleared values.
Pack texts reach the file only through :class:`AnswerWriter`'s ``words`` (in the file's
language) and only inside comments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from checklist.authoring.draft import Draft, ProfileValue
from checklist.authoring.yaml_lines import _entry, _flow, _section, comment, yaml_key
from checklist.checks import check_kind
from checklist.evaluation.verify import condition_holds, profile_answers, resolve
from checklist.i18n import N_, _, current
from checklist.models.assessment import Answer, Evidence
from checklist.models.pack import (
    Check,
    ExcludedChoices,
    Fact,
    ParameterRef,
    ProfileCondition,
    Rule,
    Status,
)
from checklist.statuses import MEANINGS

PackWords = Callable[[str, str], str]
"""``words(key, english)``: the pack text under ``key`` in the file's language, or ``english``."""

_STATUS_HELP = tuple((str(status), meaning) for status, meaning in MEANINGS.items())
_FACT_KINDS = {
    "date": N_("a date, YYYY-MM-DD"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "boolean": N_("true or false"),
    "text": N_("text in quotes"),
}


def english(key: str, text: str) -> str:
    """:data:`PackWords` for the pack's own language: every text as the pack writes it."""
    return text


def number_text(value: float) -> str:
    """A pack number (limit, default, age) as the file's language writes it."""
    return current().number(float(f"{value:g}"))


@dataclass(frozen=True)
class AnswerWriter:
    """Writes the answers of one draft, with ``params`` resolved and pack texts from ``words``."""

    draft: Draft
    params: Mapping[str, float]
    words: PackWords

    def lines(self) -> list[str]:
        """The whole answers section: the status key, then every practice in scope by domain."""
        pack = self.draft.pack
        wanted = set(self.draft.rule_ids) if self.draft.rule_ids is not None else set(pack.rules)
        lines = _section(_("Answers"))
        lines += comment(_("What each status means:"))
        lines += [line for status, words in _STATUS_HELP
                  for line in comment(f"  {status.ljust(16)} {_(words)}", hang=19)]
        lines += comment(_("Leave status empty until the practice is answered."))
        lines.append("answers:")
        written = 0
        for domain in pack.domains:
            rules = [r for r in domain.rules if r.id in wanted]
            if not rules:
                continue
            title = self.words(f"domain.{domain.id}.title", domain.title)
            lines += ["", f"  # === {domain.id}  {title} ==="]
            if domain.entry.description:
                lines += comment(self.words(f"domain.{domain.id}.description",
                                            domain.entry.description), 2)
            for rule in rules:
                lines += ["", *self._rule(rule)]
                written += 1
        if not written:
            lines[-1] = "answers: {}"
            lines += comment(_("No practice applies to the profile given."))
        return lines

    def _rule(self, rule: Rule) -> list[str]:
        draft, p = self.draft, self.words
        answer = draft.answers.get(rule.id) or Answer()
        hints = draft.hints
        base = f"rule.{rule.id}"
        lines = comment(f"{rule.id}  {p(base + '.title', rule.title)}  [{_(str(rule.severity))}]",
                        2)
        lines += comment(_("Requirement:") + " " + p(base + ".requirement", rule.requirement), 2,
                         hang=2)
        if rule.applies_when:
            profile = profile_answers(draft.pack.questions, draft.profile)
            lines += comment(_("Scope:") + " " + _scope_words(rule, profile), 2, hang=2)
        lines += comment(_evidence_words(rule, self.params), 2, hang=2)
        lines.append("  # " + _status_line(rule))
        lines.append(f"  {yaml_key(rule.id)}:")
        status = answer.status.value if answer.status else None
        previous = hints.status.get(rule.id)
        lines.append(_entry(4, "status", status, _("last assessment: {value}").format(
            value=previous) if previous else ""))
        lines += self._objectives(rule, answer, hints.ticked.get(rule.id, ()))
        lines += self._facts(rule, answer)
        lines += _evidence_lines(answer.evidence)
        past = hints.target_dates.get(rule.id)
        lines.append(_entry(4, "owner", answer.owner, _("who will close a gap")))
        lines.append(_entry(4, "target_date", answer.target_date,
                            _("was {date}, already past; set a new date if the gap is still "
                              "open").format(date=past)
                            if past else _("when a gap will be closed, YYYY-MM-DD")))
        lines.append(_entry(4, "justification", answer.justification,
                            _("needed for not_applicable and alternative")))
        lines.append(_entry(4, "notes", answer.notes))
        lines.append(_entry(4, "management_response", answer.management_response,
                            _("optional: the agency's response to a gap")))
        return lines

    def _objectives(self, rule: Rule, answer: Answer, ticked: Sequence[str]) -> list[str]:
        if not rule.objectives:
            return []
        lines = ["    objectives:                 # " + _("change false to true for each one in "
                                                        "place")]
        for o in rule.objectives:
            lines += comment(self.words(f"rule.{rule.id}.objective.{o.id}", o.text), 6, hang=2)
            note = _("was true in the last assessment") if o.id in ticked else ""
            lines.append(_entry(6, o.id, answer.objectives.get(o.id, False), note))
        return lines

    def _facts(self, rule: Rule, answer: Answer) -> list[str]:
        if not rule.facts:
            return []
        p, hints = self.words, self.draft.hints
        lines = ["    facts:                      # " + _("leave empty what is not known")]
        for f in rule.facts:
            base = f"rule.{rule.id}.fact.{f.id}"
            shown_unit = p(f"{base}.unit", f.unit) if f.unit else ""
            unit = f" ({shown_unit})" if f.unit else ""
            checks = [_check_words(c, f, self.params) for c in rule.checks if c.fact == f.id]
            checked = (" " + _("Checked: {checks}.").format(checks="; ".join(checks))
                       if checks else "")
            label = p(f"{base}.label", f.label.strip())
            named = f"{label[:1].upper()}{label[1:]} — " if label else ""
            lines += comment(f"{named}{p(base, f.help).rstrip('.')}: "
                             f"{_(_FACT_KINDS[f.type])}{unit}.{checked}", 6, hang=2)
            key = (rule.id, f.id)
            note = (_("last assessment: {value}; confirm and enter it again").format(
                value=_hint_value(hints.facts[key])) if key in hints.facts else "")
            lines.append(_entry(6, f.id, answer.facts.get(f.id), note))
        return lines


def _status_line(rule: Rule) -> str:
    allowed = [s.value for s in Status if s != Status.NOT_APPLICABLE or rule.allow_not_applicable]
    return _("Status:") + " " + " | ".join(allowed)


def _check_words(check: Check, fact: Fact, params: Mapping[str, float]) -> str:
    if check.describe:
        return check.describe
    limit = resolve(check.value, params)
    named = (_(" (parameter {name})").format(name=check.value.parameter)
             if isinstance(check.value, ParameterRef) else "")
    unit = f" {fact.unit}" if fact.unit and fact.unit != "%" else fact.unit
    return _(check_kind(check.test).init).format(n=number_text(limit or 0), unit=unit,
                                                 parameter=named)


def _evidence_words(rule: Rule, params: Mapping[str, float]) -> str:
    policy = rule.evidence
    parts = [_("required") if policy.required else _("optional")]
    age = resolve(policy.max_age_days, params)
    if age is not None:
        named = (_(" (parameter {name})").format(name=policy.max_age_days.parameter)
                 if isinstance(policy.max_age_days, ParameterRef) else "")
        parts.append(_("the newest record must be dated no more than {n} days before the "
                       "assessment date{parameter}").format(n=number_text(age), parameter=named))
    if policy.examples:
        parts.append(_("for example:") + " " + "; ".join(policy.examples))
    return _("Evidence:") + " " + "; ".join(parts) + "."


def _shown_condition(value: ProfileCondition | None) -> str:
    if isinstance(value, ExcludedChoices):
        if len(value.none_of) > 1:
            return _("none of {values}").format(values=", ".join(value.none_of))
        return _("not {value}").format(value=value.none_of[0])
    if value is None:
        return _("not answered")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        if len(value) > 1:
            return _("one of {values}").format(values=", ".join(value))
        return value[0] if value else _("none")
    return value


def _scope_words(rule: Rule, profile: Mapping[str, ProfileValue]) -> str:
    """When the rule applies, in words: "applies when accesses_cji is yes", or, when the
    profile leaves it out, which condition fails and what was answered."""
    unmet = [_("applies only when {question} is {value} (answered: {answer})").format(
        question=q, value=_shown_condition(c), answer=_shown_condition(profile.get(q)))
        for q, c in rule.applies_when.items() if not condition_holds(profile.get(q), c)]
    if unmet:
        return "; ".join(unmet)
    conditions = ", ".join(_("{question} is {value}").format(question=q,
                                                             value=_shown_condition(c))
                           for q, c in rule.applies_when.items())
    return _("applies when {conditions}").format(conditions=conditions)


def _hint_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _evidence_lines(evidence: Sequence[Evidence]) -> list[str]:
    if not evidence:
        return ['    evidence: []                # ' + _("replace [] by lines like:") +
                ' - {title: "...", ref: "...", date: YYYY-MM-DD}']
    lines = ["    evidence:"]
    for item in evidence:
        fields: list[tuple[str, object]] = [("title", item.title), ("ref", item.ref)]
        if item.date is not None:
            fields.append(("date", item.date))
        lines.append(f"      - {_flow(fields)}")
    return lines
