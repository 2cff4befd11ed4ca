"""Write the commented, fillable assessment file that ``checklist init`` produces.

The file must validate exactly as written: an unanswered practice has an empty
``status:``, objectives set to ``false`` (unticked boxes), empty facts, no evidence
and empty text. Everything a person needs to answer a practice is written as
comments above it (requirement, objectives, facts wanted, evidence examples and
maximum age, allowed statuses), so the file can be filled in without the pack.

Text from packs only ever goes into comments (split on every kind of line break);
values always go through :func:`yaml_scalar`, so no text can change the structure.

This module writes the file's frame (header, agency, assessor, profile, parameters,
exceptions); each practice's block is written by :mod:`checklist.authoring.answer_lines`.
"""

from __future__ import annotations

from collections.abc import Sequence

from checklist.authoring.answer_lines import AnswerWriter, PackWords, english, number_text
from checklist.authoring.draft import Draft, fallback_answer, is_shipped
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
from checklist.i18n import N_, _, current
from checklist.i18n.pack_text import pack_text
from checklist.models.assessment import Agency, ExceptionGrant, Person
from checklist.models.pack import Parameter

PLACEHOLDER_AGENCY = N_("Your agency's name")
PLACEHOLDER_CONTACT = N_("Contact person's name")
PLACEHOLDER_ASSESSOR = N_("Assessor's name")


# --- rendering -------------------------------------------------------------------

def render_draft(draft: Draft) -> str:
    """The whole file as text, ending with a newline; comments in the active language."""
    language = current()
    words = english if language.is_source else pack_text(draft.pack, language.code).text
    return _render_draft(draft, words)


def _render_draft(draft: Draft, words: PackWords) -> str:
    pack = draft.pack
    params = {pid: float(draft.parameters.get(pid, p.default))
              for pid, p in pack.parameters.items()}
    lines: list[str] = []
    if draft.schema_ref:
        lines.append(f"# yaml-language-server: $schema={draft.schema_ref}")
    lines += _header(draft, words)
    lines += ["", f"pack: {yaml_key(draft.pack_ref or pack.id)}", ""]
    lines += _agency_lines(draft.agency)
    lines += ["", _entry(0, "as_of", draft.as_of,
                         _("the assessment date (YYYY-MM-DD); ages of records are counted "
                           "from it")),
              ""]
    lines += _assessor_lines(draft.assessor)
    lines += ["", *report_field_lines(draft.report)]
    lines += ["", *_profile_lines(draft, words)]
    lines += ["", *_parameter_lines(draft, words)]
    lines += ["", *AnswerWriter(draft, params, words).lines()]
    lines += ["", *_exception_lines(draft.exceptions)]
    return "\n".join(lines) + "\n"


def _header(draft: Draft, words: PackWords) -> list[str]:
    pack = draft.pack
    m = pack.manifest
    text = [
        _("Self-assessment: {title}").format(title=words("pack.title", m.title)),
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


def _profile_lines(draft: Draft, words: PackWords) -> list[str]:
    questions = draft.pack.manifest.profile
    lines = _section(_("Profile"))
    lines += comment(_("Answers to these questions decide which practices apply to the agency."))
    if not questions:
        return [*lines, "profile: {}"]
    lines.append("profile:")
    for q in questions:
        lines.append("")
        base = f"question.{q.id}"
        lines += comment(words(f"{base}.question", q.question), 2)
        if q.help:
            lines += comment(words(f"{base}.help", q.help), 2)
        if q.type == "boolean":
            lines += comment(_("Answer true or false."), 2)
        else:
            lead = (_("One of:") if q.type == "choice" else
                    _("A list of any of these, e.g. [{examples}], or [] for none:").format(
                        examples=", ".join(c.value for c in q.choices[:2])))
            lines += comment(lead, 2)
            width = max(len(c.value) for c in q.choices)
            for c in q.choices:
                label = words(f"{base}.choice.{c.value}", c.label)
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


def _parameter_lines(draft: Draft, words: PackWords) -> list[str]:
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
        note = _parameter_note(p, words)
        if p.id in draft.parameters:
            lines.append(_entry(2, p.id, draft.parameters[p.id], note))
        else:
            lines.append("# " + _entry(2, p.id, p.default, note))
    return lines


def _parameter_note(p: Parameter, words: PackWords) -> str:
    bounds = [_("at least {n}").format(n=number_text(p.minimum)) if p.minimum is not None else "",
              _("at most {n}").format(n=number_text(p.maximum)) if p.maximum is not None else ""]
    limits = ", ".join(b for b in bounds if b)
    kind = _("whole number") if p.type == "integer" else _("number")
    unit = _(", in {unit}").format(unit=p.unit) if p.unit else ""
    return _("{title} ({kind}{unit}{limits}; default {default})").format(
        title=words(f"parameter.{p.id}.title", p.title), kind=kind, unit=unit,
        limits="; " + limits if limits else "", default=number_text(p.default))


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
