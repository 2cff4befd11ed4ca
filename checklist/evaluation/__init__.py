"""Evaluate an assessment against its pack: pack + assessment → :class:`Result`.

Pure: the result depends only on the pack, the assessment and the hashes given;
no clock, no files. DESIGN.md section 4 is the specification.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from checklist import __version__
from checklist.evaluation.findings import finding
from checklist.evaluation.scoring import (
    completion,
    counts,
    evidence_coverage,
    formula,
    gap_order,
    not_rated,
    rating,
    score_range,
    score_with_exceptions,
    triggered_gates,
    weighted_score,
)
from checklist.evaluation.verify import (
    Verifier,
    applicability,
    profile_answers,
    question_infos,
)
from checklist.load.packs import Pack
from checklist.models.assessment import Answer, Assessment, ExceptionGrant
from checklist.models.assessment import Person as FilePerson
from checklist.models.pack import ParameterRef, Reference, Rule, Severity, Status
from checklist.result import (
    RESULT_FORMAT_VERSION,
    AgencyInfo,
    BandEntry,
    Citation,
    ClaimedStatus,
    DocumentInfo,
    DomainResult,
    EffectiveStatus,
    EvidenceItem,
    ExceptionRecord,
    ExceptionState,
    Finding,
    GateEntry,
    GlossaryTerm,
    InputInfo,
    Methodology,
    ObjectiveResult,
    PackInfo,
    ParameterValue,
    Person,
    Result,
    RuleResult,
    Scope,
    Signatory,
    SourceEntry,
    Summary,
    ToolInfo,
)

__all__ = ["evaluate", "parameter_values"]


def parameter_values(pack: Pack, assessment: Assessment) -> dict[str, float]:
    """Each pack parameter's value: the assessment's tailoring, else the default."""
    return {pid: float(assessment.parameters.get(pid, p.default))
            for pid, p in pack.parameters.items()}


RATING_THRESHOLD_PARAMETER = "rating_completion_percent"
"""A pack may declare this parameter (percent, tailorable); without it 80 % applies."""
DEFAULT_RATING_THRESHOLD = 80.0


def rating_threshold(parameters: Mapping[str, float]) -> float:
    """The share of practices that must be answered before the result gets a rating."""
    return parameters.get(RATING_THRESHOLD_PARAMETER, DEFAULT_RATING_THRESHOLD) / 100.0


def parameter_users(pack: Pack) -> dict[str, tuple[str, ...]]:
    """Parameter id → ids of the rules whose evidence age or checks use it, in pack order."""
    users: dict[str, list[str]] = {}
    for rule in pack.rules.values():
        thresholds = [rule.evidence.max_age_days, *(c.value for c in rule.checks)]
        for name in dict.fromkeys(t.parameter for t in thresholds if isinstance(t, ParameterRef)):
            users.setdefault(name, []).append(rule.id)
    return {name: tuple(ids) for name, ids in users.items()}


def _exception_state(grant: ExceptionGrant, as_of: dt.date) -> ExceptionState:
    if grant.approved_on > as_of:
        return "not_yet_approved"
    return "active" if as_of < grant.expires else "expired"


def _exception_records(pack: Pack, assessment: Assessment) -> list[ExceptionRecord]:
    records = []
    for grant in assessment.exceptions:
        rule = pack.rules.get(grant.rule)
        records.append(ExceptionRecord(
            rule=grant.rule, rule_title=rule.title if rule else "",
            justification=grant.justification, approved_by=grant.approved_by,
            approved_on=grant.approved_on, expires=grant.expires,
            state=_exception_state(grant, assessment.as_of),
        ))
    # Every field is in the key, so that the order of the file's list never matters.
    records.sort(key=lambda e: (e.rule, e.approved_on, e.expires, e.approved_by,
                                e.justification, e.state))
    return records


def _governing_exception(records: list[ExceptionRecord], rule_id: str) -> ExceptionRecord | None:
    """The active exception for a rule if any, else its most recently expired one."""
    mine = [e for e in records if e.rule == rule_id and e.state != "not_yet_approved"]
    active = [e for e in mine if e.state == "active"]
    if active:
        return max(active, key=lambda e: e.expires)
    return max(mine, key=lambda e: e.expires) if mine else None


def _exception_finding(record: ExceptionRecord, as_of: dt.date) -> Finding:
    if record.state == "active":
        return finding("exception_active", approved_by=record.approved_by,
                       approved_on=record.approved_on, expires=record.expires,
                       days_left=(record.expires - as_of).days)
    return finding("exception_expired", approved_by=record.approved_by,
                   expires=record.expires, days=(as_of - record.expires).days, as_of=as_of)


def _rule_result(pack: Pack, rule: Rule, domain_id: str, answer: Answer | None,
                 profile: Mapping[str, bool | str | list[str]], as_of: dt.date,
                 parameters: Mapping[str, float],
                 exceptions: list[ExceptionRecord]) -> RuleResult:
    weight = pack.weight(rule)
    in_profile, reason = applicability(rule, profile, questions=pack.questions)
    answer = answer or Answer()
    claim = answer.status
    claimed: ClaimedStatus = claim.value if claim else "unanswered"
    findings: list[Finding] = []
    effective: EffectiveStatus | None = None
    credit: float | None = None
    scope: Scope = "in_scope"
    if not in_profile:
        scope = "out_of_scope_profile"
    elif claim == Status.NOT_APPLICABLE:
        scope, reason = "not_applicable", answer.justification
    elif claim is None:
        effective = "unanswered"
        findings.append(finding("unanswered"))
    else:
        effective, findings = Verifier(rule, answer, as_of, parameters).run()
    if effective is not None:
        credit = pack.manifest.scoring.credits[effective]  # type: ignore[index]
    is_gap = credit is not None and credit < 1
    overdue = bool(is_gap and answer.target_date and answer.target_date < as_of)
    if overdue and answer.target_date:
        findings.append(finding("target_overdue", target_date=answer.target_date,
                                days=(as_of - answer.target_date).days, as_of=as_of))
    exception = _governing_exception(exceptions, rule.id)
    if exception and scope == "in_scope":
        findings.append(_exception_finding(exception, as_of))
    objective_results = tuple(
        ObjectiveResult(id=o.id, text=o.text, met=bool(answer.objectives.get(o.id, False)))
        for o in rule.objectives
    )
    return RuleResult(
        id=rule.id, domain=domain_id, title=rule.title, requirement=rule.requirement,
        severity=rule.severity, weight=weight, scope=scope,
        scope_reason=reason, claimed_status=claimed, effective_status=effective,
        credit=credit, priority=round(weight * (1 - credit), 4) if credit is not None else None,
        findings=tuple(findings), objectives=objective_results,
        evidence=tuple(EvidenceItem(title=e.title, ref=e.ref, date=e.date)
                       for e in answer.evidence),
        justification=answer.justification, owner=answer.owner,
        target_date=answer.target_date, target_overdue=overdue, notes=answer.notes,
        remediation=rule.remediation,
        references=tuple(Citation(source=r.source, locator=_locator(pack, r),
                                  verification=r.verification or pack.sources[r.source].verification)
                         for r in rule.references),
        exception=exception if scope == "in_scope" else None,
        management_response=answer.management_response,
    )


def evaluate(pack: Pack, assessment: Assessment, *, input_name: str,
             input_sha256: str) -> Result:
    as_of = assessment.as_of
    profile = profile_answers(pack.questions, assessment.profile)
    parameters = parameter_values(pack, assessment)
    exceptions = _exception_records(pack, assessment)
    rules: list[RuleResult] = []
    for domain in pack.domains:
        for rule in domain.rules:
            rules.append(_rule_result(pack, rule, domain.id, assessment.answers.get(rule.id),
                                      profile, as_of, parameters, exceptions))
    scoring = pack.manifest.scoring
    score = weighted_score(rules)
    done = completion(rules)
    triggered = triggered_gates(scoring.gates, rules)
    gaps = gap_order(rules)
    in_scope = [r for r in rules if r.scope == "in_scope"]
    summary = Summary(
        score=score,
        score_with_exceptions=score_with_exceptions(rules),
        rating=not_rated(rating(score.value, scoring.bands, scoring.gates, triggered,
                                complete=done.value is None or done.value >= 1),
                         done, rating_threshold(parameters)),
        completion=done,
        evidence_coverage=evidence_coverage(rules),
        rules_total=len(rules),
        rules_in_scope=len(in_scope),
        rules_out_of_scope=len(rules) - len(in_scope),
        status_counts=dict(sorted(Counter(r.effective_status for r in in_scope
                                          if r.effective_status).items())),
        gaps=len(gaps),
        critical_gaps=sum(1 for g in gaps if g.severity == Severity.CRITICAL),
        overdue_targets=sum(1 for g in gaps if g.target_overdue),
        active_exceptions=sum(1 for e in exceptions if e.state == "active"),
        score_range=score_range(rules, max(scoring.credits.values())),
        counts=counts(rules),
    )
    return Result(
        tool=ToolInfo(name="checklist", version=__version__,
                      result_format=RESULT_FORMAT_VERSION),
        pack=PackInfo(id=pack.id, title=pack.manifest.title, version=pack.version,
                      sha256=pack.sha256),
        input=InputInfo(name=input_name, sha256=input_sha256),
        report_id=f"{pack.id}-{as_of.isoformat()}-{input_sha256[:8]}",
        agency=AgencyInfo(
            name=assessment.agency.name, jurisdiction=assessment.agency.jurisdiction,
            type=assessment.agency.type,
            contact=_person(assessment.agency.contact)),
        assessor=_person(assessment.assessor),
        as_of=as_of,
        profile=profile,
        summary=summary,
        domains=tuple(_domain_results(pack, rules)),
        rules=tuple(rules),
        gaps=tuple(gaps),
        exceptions=tuple(exceptions),
        methodology=_methodology(pack, assessment, triggered),
        sources=tuple(_sources(pack, rules)),
        document=_document(assessment),
        attestation=_attestation(assessment),
        management_response=(assessment.management_response.overall
                             if assessment.management_response else ""),
        glossary=tuple(GlossaryTerm(term=e.term, stands_for=e.stands_for, meaning=e.meaning)
                       for e in pack.manifest.glossary),
        questions=question_infos(pack.questions),
    )


def _document(assessment: Assessment) -> DocumentInfo:
    d = assessment.document
    if d is None:
        return DocumentInfo()
    return DocumentInfo(version=d.version, status=d.status.value,
                        distribution=tuple(d.distribution), stated=True)


def _attestation(assessment: Assessment) -> tuple[Signatory, ...]:
    a = assessment.attestation
    if a is None:
        return ()
    people = (("agency_head", a.agency_head), ("assessor", a.assessor))
    return tuple(Signatory(role=role, name=p.name, title=p.title, date=p.date)
                 for role, p in people if p is not None)


def _person(person: FilePerson | None) -> Person | None:
    if person is None:
        return None
    return Person(name=person.name, title=person.title, email=person.email)


def _domain_results(pack: Pack, rules: list[RuleResult]) -> list[DomainResult]:
    out = []
    for domain in pack.domains:
        mine = [r for r in rules if r.domain == domain.id]
        gaps = [r for r in mine if r.scope == "in_scope" and (r.credit or 0) < 1]
        out.append(DomainResult(
            id=domain.id, title=domain.title, score=weighted_score(mine),
            rules_in_scope=sum(1 for r in mine if r.scope == "in_scope"),
            rules_out_of_scope=sum(1 for r in mine if r.scope != "in_scope"),
            answered=sum(1 for r in mine if r.scope != "out_of_scope_profile"
                         and r.claimed_status != "unanswered"),
            gaps=len(gaps),
            critical_gaps=sum(1 for r in gaps if r.severity == Severity.CRITICAL),
        ))
    return out


def _methodology(pack: Pack, assessment: Assessment,
                 triggered: dict[str, list[str]]) -> Methodology:
    scoring = pack.manifest.scoring
    values = parameter_values(pack, assessment)
    users = parameter_users(pack)
    return Methodology(
        formula=formula(scoring),
        severity_weights={str(k): v for k, v in scoring.severity_weights.items()},
        credits={str(k): v for k, v in scoring.credits.items()},
        bands=tuple(BandEntry(name=b.name, minimum=b.minimum, description=b.description)
                    for b in sorted(scoring.bands, key=lambda b: b.minimum, reverse=True)),
        gates=tuple(GateEntry(id=g.id, description=g.description,
                              severities=tuple(g.severities), credit_at_most=g.credit_at_most,
                              cap=g.cap, triggered_by=tuple(triggered.get(g.id, ())))
                    for g in scoring.gates),
        parameters=tuple(ParameterValue(
            id=p.id, title=p.title, unit=p.unit, default=float(p.default),
            value=values[p.id], tailored=values[p.id] != float(p.default),
            policy_choice=p.policy_choice, basis=p.basis, used_by=users.get(p.id, ()))
            for p in pack.manifest.parameters),
    )


def _sources(pack: Pack, rules: list[RuleResult]) -> list[SourceEntry]:
    # A dict per source keeps first-citation order with a constant-time membership test;
    # a list here made evaluation quadratic in the number of rules citing one source.
    cited: dict[str, dict[str, None]] = {}
    for rule in rules:
        for ref in rule.references:
            cited.setdefault(ref.source, {})[rule.id] = None
    return [SourceEntry(id=s.id, title=s.title, issuer=s.issuer, date=s.date, url=s.url,
                        location=s.location, verification=s.verification, note=s.note,
                        cited_by=tuple(cited.get(s.id, ())))
            for s in pack.manifest.sources]


def _locator(pack: Pack, ref: Reference) -> str:
    """The locator as printed; a history-only citation says so, and why, in words."""
    if not ref.history:
        return ref.locator
    from checklist.i18n import language
    from checklist.i18n.methodology import history_locator

    source = pack.sources[ref.source]
    return history_locator(ref.locator, source.status, source.status_date, language("en"))
