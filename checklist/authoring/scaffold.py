"""Write the commented, fillable assessment file that ``checklist init`` produces.

The file must validate exactly as written: an unanswered practice has an empty
``status:``, objectives set to ``false`` (unticked boxes), empty facts, no evidence
and empty text. Everything a person needs to answer a practice is written as
comments above it (requirement, objectives, facts wanted, evidence examples and
maximum age, allowed statuses), so the file can be filled in without the pack.

Text from packs only ever goes into comments (split on every kind of line break);
values always go through :func:`yaml_scalar`, so no text can change the structure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checklist.authoring.draft import Draft, ProfileValue, fallback_answer, is_shipped
from checklist.authoring.report_fields import lines as report_field_lines
from checklist.authoring.yaml_lines import (
    _entry,
    _flow,
    _flow_list,
    _section,
    comment,
    yaml_key,
    yaml_scalar,
)
from checklist.checks import check_kind
from checklist.evaluation.verify import (
    condition_holds,
    profile_answers,
    resolve,
)
from checklist.i18n import N_, _, current
from checklist.i18n.pack_text import PackText, pack_text
from checklist.models.assessment import Agency, Answer, Evidence, ExceptionGrant, Person
from checklist.models.pack import (
    Check,
    ExcludedChoices,
    Fact,
    Parameter,
    ParameterRef,
    ProfileCondition,
    Rule,
    Status,
)
from checklist.statuses import MEANINGS

PLACEHOLDER_AGENCY = N_("Your agency's name")
PLACEHOLDER_CONTACT = N_("Contact person's name")
PLACEHOLDER_ASSESSOR = N_("Assessor's name")

_STATUS_HELP = tuple((str(status), meaning) for status, meaning in MEANINGS.items())
_FACT_KINDS = {
    "date": N_("a date, YYYY-MM-DD"),
    "number": N_("a number"),
    "integer": N_("a whole number"),
    "boolean": N_("true or false"),
    "text": N_("text in quotes"),
}
# The pack's texts in the file's language, while render_draft runs (comments only).
_PACK_TEXT: list[PackText] = []


def _p(key: str, english: str) -> str:
    """A pack text in the file's language, where the pack has a current translation."""
    return _PACK_TEXT[-1].text(key, english) if _PACK_TEXT else english


# --- rendering -------------------------------------------------------------------

def render_draft(draft: Draft) -> str:
    """The whole file as text, ending with a newline; comments in the active language."""
    language = current()
    if language.is_source:
        return _render_draft(draft)
    _PACK_TEXT.append(pack_text(draft.pack, language.code))
    try:
        return _render_draft(draft)
    finally:
        _PACK_TEXT.pop()


def _render_draft(draft: Draft) -> str:
    pack = draft.pack
    params = {pid: float(draft.parameters.get(pid, p.default))
              for pid, p in pack.parameters.items()}
    lines: list[str] = []
    if draft.schema_ref:
        lines.append(f"# yaml-language-server: $schema={draft.schema_ref}")
    lines += _header(draft)
    lines += ["", f"pack: {yaml_key(draft.pack_ref or pack.id)}", ""]
    lines += _agency_lines(draft.agency)
    lines += ["", _entry(0, "as_of", draft.as_of,
                         _("the assessment date (YYYY-MM-DD); ages of records are counted "
                           "from it")),
              ""]
    lines += _assessor_lines(draft.assessor)
    lines += ["", *report_field_lines(draft.report)]
    lines += ["", *_profile_lines(draft)]
    lines += ["", *_parameter_lines(draft)]
    lines += ["", *_answers_lines(draft, params)]
    lines += ["", *_exception_lines(draft.exceptions)]
    return "\n".join(lines) + "\n"


def _header(draft: Draft) -> list[str]:
    pack = draft.pack
    m = pack.manifest
    text = [
        _("Self-assessment: {title}").format(title=_p("pack.title", m.title)),
        _("Rule pack: {pack}, version {version}.").format(pack=pack.id, version=pack.version),
    ]
    if draft.started_from:
        text.append(_("Started from the previous assessment {file}: its agency, profile, "
                      "evidence, owners, notes and justifications were carried over; "
                      "statuses, objective ticks, facts that must be confirmed again and past "
                      "target dates were cleared (their old values are shown in comments such "
                      "as '# last assessment: ...').").format(file=draft.started_from))
    text += [
        "",
        _("How to fill in this file:"),
        _("1. Replace the agency and assessor placeholders and check the date in as_of."),
        _("2. Answer the profile questions; they decide which practices apply."),
        _("3. For each practice under answers: set status to one of the values listed above "
          "it; change each objective that is in place from false to true; fill in the facts "
          "asked for; list the records that show it under evidence; for a gap, name an owner "
          "and a target_date."),
        _("4. A practice whose status is left empty counts as unanswered (no credit) and the "
          "report is marked provisional until every practice is answered."),
        _("5. Check the file with:  checklist validate FILE"),
        _("   Score it with:        checklist evaluate FILE -o report.pdf"),
        "",
        _("Writing rules: text goes after the colon, in \"double quotes\"; dates are "
          "YYYY-MM-DD; yes/no answers are true or false; indent with spaces, never tabs. "
          "Lines starting with # are comments and are ignored."),
    ]
    if draft.schema_ref:
        text.append(_("The first line lets editors such as VS Code (with the YAML extension) "
                      "suggest keys and allowed values and mark mistakes as you type; it "
                      "points to {schema}, written next to this file. Keep the two files "
                      "together.").format(schema=draft.schema_ref))
    if not is_shipped(pack):
        text.append(_("This pack is not shipped with checklist; give its folder when checking "
                      "and scoring: checklist validate --pack {path} FILE").format(
            path=pack.path))
    if draft.left_out:
        text += ["", _("Left out because the profile below says they do not apply (if the "
                       "profile changes, run checklist init again or see: checklist rules "
                       "show ID):")]
        text += [f"  {rule_id}: {reason}" for rule_id, reason in draft.left_out]
    lines = ["#"]
    for paragraph in text:
        hang = 3 if paragraph[:2].rstrip(".").isdigit() else 2 if paragraph[:1] == " " else 0
        lines += comment(paragraph, hang=hang)
    return lines


def _person_lines(indent: int, person: Person | None, placeholder: str,
                  fields: Sequence[str]) -> list[str]:
    values = {"name": person.name if person else _(placeholder),
              "title": person.title if person else "",
              "email": person.email if person else "",
              "phone": person.phone if person else ""}
    notes = {"name": "" if person else _("replace the placeholder"), "title": _("job title")}
    shown = [f for f in fields if f in ("name", "title", "email") or values[f]]
    return [_entry(indent, f, values[f], notes.get(f, "")) for f in shown]


def _agency_lines(agency: Agency | None) -> list[str]:
    name = agency.name if agency else _(PLACEHOLDER_AGENCY)
    lines = ["agency:",
             _entry(2, "name", name, "" if agency else _("replace: printed on the report cover")),
             _entry(2, "id", agency.id, _("a stable identifier kept from year to year"))
             if agency and agency.id else
             "  # id: my-agency               # " + _("optional: a stable identifier kept "
                                                     "every year"),
             _entry(2, "jurisdiction", agency.jurisdiction if agency else "",
                    _("state, county or city")),
             _entry(2, "type", agency.type if agency else "",
                    _("e.g. sheriff's office, police department"))]
    contact = agency.contact if agency else None
    if agency is None or contact is not None:
        lines.append("  contact:                    # " + _("who answers questions about this "
                                                            "assessment"))
        lines += _person_lines(4, contact, PLACEHOLDER_CONTACT, ("name", "title", "email", "phone"))
    return lines


def _assessor_lines(assessor: Person | None) -> list[str]:
    lines = ["assessor:                     # " + _("who carried out the assessment")]
    return lines + _person_lines(2, assessor, PLACEHOLDER_ASSESSOR,
                                 ("name", "title", "email", "phone"))


def _profile_lines(draft: Draft) -> list[str]:
    questions = draft.pack.manifest.profile
    lines = _section(_("Profile"))
    lines += comment(_("Answers to these questions decide which practices apply to the agency."))
    if not questions:
        return [*lines, "profile: {}"]
    lines.append("profile:")
    for q in questions:
        lines.append("")
        base = f"question.{q.id}"
        lines += comment(_p(f"{base}.question", q.question), 2)
        if q.help:
            lines += comment(_p(f"{base}.help", q.help), 2)
        if q.type == "boolean":
            lines += comment(_("Answer true or false."), 2)
        else:
            lead = (_("One of:") if q.type == "choice" else
                    _("A list of any of these, e.g. [{examples}], or [] for none:").format(
                        examples=", ".join(c.value for c in q.choices[:2])))
            lines += comment(lead, 2)
            width = max(len(c.value) for c in q.choices)
            for c in q.choices:
                label = _p(f"{base}.choice.{c.value}", c.label)
                lines += comment(f"  {c.value.ljust(width)}  {label}", 2, hang=width + 4)
        if q.id in draft.profile:
            value = draft.profile[q.id]
            note = ""
        elif q.default is not None:
            value, note = q.default, _("the pack's default; change it if it is not right")
        else:
            value, note = fallback_answer(q), _("ANSWER THIS: placeholder value")
        shown = _flow_list(value) if isinstance(value, list) else (
            yaml_key(value) if isinstance(value, str) else yaml_scalar(value))
        line = f"  {yaml_key(q.id)}: {shown}"
        lines.append(f"{line.ljust(28)}  # {note}" if note else line)
    return lines


def _parameter_lines(draft: Draft) -> list[str]:
    params = draft.pack.manifest.parameters
    lines = _section(_("Parameters (optional)"))
    lines += comment(_("Thresholds the agency may tailor; the report lists every tailored "
                       "value. To change one, remove the '# ' in front of 'parameters:' (if it "
                       "is there) and of the line you change, then edit the number."))
    if not params:
        return [*lines, *comment(_("This pack has no parameters."))]
    given = [p for p in params if p.id in draft.parameters]
    lines.append("parameters:" if given else "# parameters:")
    for p in params:
        note = _parameter_note(p)
        if p.id in draft.parameters:
            lines.append(_entry(2, p.id, draft.parameters[p.id], note))
        else:
            lines.append("# " + _entry(2, p.id, p.default, note))
    return lines


def _parameter_note(p: Parameter) -> str:
    bounds = [_("at least {n}").format(n=_number(p.minimum)) if p.minimum is not None else "",
              _("at most {n}").format(n=_number(p.maximum)) if p.maximum is not None else ""]
    limits = ", ".join(b for b in bounds if b)
    kind = _("whole number") if p.type == "integer" else _("number")
    unit = _(", in {unit}").format(unit=p.unit) if p.unit else ""
    return _("{title} ({kind}{unit}{limits}; default {default})").format(
        title=_p(f"parameter.{p.id}.title", p.title), kind=kind, unit=unit,
        limits="; " + limits if limits else "", default=_number(p.default))


def _status_line(rule: Rule) -> str:
    allowed = [s.value for s in Status if s != Status.NOT_APPLICABLE or rule.allow_not_applicable]
    return _("Status:") + " " + " | ".join(allowed)


def _number(value: float) -> str:
    return current().number(float(f"{value:g}"))


def _check_words(check: Check, fact: Fact, params: Mapping[str, float]) -> str:
    if check.describe:
        return check.describe
    limit = resolve(check.value, params)
    named = (_(" (parameter {name})").format(name=check.value.parameter)
             if isinstance(check.value, ParameterRef) else "")
    unit = f" {fact.unit}" if fact.unit and fact.unit != "%" else fact.unit
    return _(check_kind(check.test).init).format(n=_number(limit or 0), unit=unit,
                                                 parameter=named)


def _evidence_words(rule: Rule, params: Mapping[str, float]) -> str:
    policy = rule.evidence
    parts = [_("required") if policy.required else _("optional")]
    age = resolve(policy.max_age_days, params)
    if age is not None:
        named = (_(" (parameter {name})").format(name=policy.max_age_days.parameter)
                 if isinstance(policy.max_age_days, ParameterRef) else "")
        parts.append(_("the newest record must be dated no more than {n} days before the "
                       "assessment date{parameter}").format(n=_number(age), parameter=named))
    if policy.examples:
        parts.append(_("for example:") + " " + "; ".join(policy.examples))
    return _("Evidence:") + " " + "; ".join(parts) + "."


def _answers_lines(draft: Draft, params: Mapping[str, float]) -> list[str]:
    pack = draft.pack
    wanted = set(draft.rule_ids) if draft.rule_ids is not None else set(pack.rules)
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
        title = _p(f"domain.{domain.id}.title", domain.title)
        lines += ["", f"  # === {domain.id}  {title} ==="]
        if domain.entry.description:
            lines += comment(_p(f"domain.{domain.id}.description", domain.entry.description), 2)
        for rule in rules:
            lines += ["", *_rule_lines(draft, rule, params)]
            written += 1
    if not written:
        lines[-1] = "answers: {}"
        lines += comment(_("No practice applies to the profile given."))
    return lines


def _rule_lines(draft: Draft, rule: Rule, params: Mapping[str, float]) -> list[str]:
    answer = draft.answers.get(rule.id) or Answer()
    hints = draft.hints
    base = f"rule.{rule.id}"
    lines = comment(f"{rule.id}  {_p(base + '.title', rule.title)}  [{_(str(rule.severity))}]", 2)
    lines += comment(_("Requirement:") + " " + _p(base + ".requirement", rule.requirement), 2,
                     hang=2)
    if rule.applies_when:
        profile = profile_answers(draft.pack.questions, draft.profile)
        lines += comment(_("Scope:") + " " + _scope_words(rule, profile), 2, hang=2)
    lines += comment(_evidence_words(rule, params), 2, hang=2)
    lines.append("  # " + _status_line(rule))
    lines.append(f"  {yaml_key(rule.id)}:")
    status = answer.status.value if answer.status else None
    previous = hints.status.get(rule.id)
    lines.append(_entry(4, "status", status, _("last assessment: {value}").format(
        value=previous) if previous else ""))
    lines += _objective_lines(rule, answer, hints.ticked.get(rule.id, ()))
    lines += _fact_lines(draft, rule, answer, params)
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


def _objective_lines(rule: Rule, answer: Answer, ticked: Sequence[str]) -> list[str]:
    if not rule.objectives:
        return []
    lines = ["    objectives:                 # " + _("change false to true for each one in "
                                                    "place")]
    for o in rule.objectives:
        lines += comment(_p(f"rule.{rule.id}.objective.{o.id}", o.text), 6, hang=2)
        note = _("was true in the last assessment") if o.id in ticked else ""
        lines.append(_entry(6, o.id, answer.objectives.get(o.id, False), note))
    return lines


def _fact_lines(draft: Draft, rule: Rule, answer: Answer,
                params: Mapping[str, float]) -> list[str]:
    if not rule.facts:
        return []
    lines = ["    facts:                      # " + _("leave empty what is not known")]
    for f in rule.facts:
        base = f"rule.{rule.id}.fact.{f.id}"
        shown_unit = _p(f"{base}.unit", f.unit) if f.unit else ""
        unit = f" ({shown_unit})" if f.unit else ""
        checks = [_check_words(c, f, params) for c in rule.checks if c.fact == f.id]
        checked = " " + _("Checked: {checks}.").format(checks="; ".join(checks)) if checks else ""
        lines += comment(f"{_p(base, f.help).rstrip('.')}: {_(_FACT_KINDS[f.type])}{unit}."
                         f"{checked}", 6, hang=2)
        key = (rule.id, f.id)
        note = (_("last assessment: {value}; confirm and enter it again").format(
            value=_hint_value(draft.hints.facts[key])) if key in draft.hints.facts else "")
        lines.append(_entry(6, f.id, answer.facts.get(f.id), note))
    return lines


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


def _exception_lines(exceptions: Sequence[ExceptionGrant]) -> list[str]:
    lines = _section(_("Exceptions (optional)"))
    lines += comment(_("Approved, time-limited deviations from one practice. The report shows "
                       "the score with and without them. To record one, remove the '# ' in "
                       "front of 'exceptions:' (if it is there) and add a line like the "
                       "example."))
    example = ('#   - {rule: RULE-ID, justification: "...", approved_by: "...", '
               'approved_on: YYYY-MM-DD, expires: YYYY-MM-DD}')
    if not exceptions:
        return [*lines, "# exceptions:", example]
    lines.append("exceptions:")
    for grant in exceptions:
        lines.append("  - " + _flow([("rule", grant.rule), ("justification", grant.justification),
                                     ("approved_by", grant.approved_by),
                                     ("approved_on", grant.approved_on),
                                     ("expires", grant.expires)]))
    return lines
