"""The parts of the result assembled from the practices' results and the two files: the
summary, each domain, the methodology, the sources cited, and who and what the report is
about (agency, people, document control, attestation, glossary)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from checklist.evaluation.parameters import parameter_users, parameter_values, rating_threshold
from checklist.evaluation.scoring import (
    completion,
    counts,
    evidence_coverage,
    formula,
    not_rated,
    rating,
    score_range,
    score_with_exceptions,
    weighted_score,
)
from checklist.load.packs import Pack
from checklist.models.assessment import Assessment
from checklist.models.assessment import Person as FilePerson
from checklist.models.pack import Severity
from checklist.result import (
    AgencyInfo,
    BandEntry,
    DocumentInfo,
    DomainResult,
    ExceptionRecord,
    Gap,
    GateEntry,
    GlossaryTerm,
    Methodology,
    ParameterValue,
    Person,
    RuleResult,
    Signatory,
    SourceEntry,
    Summary,
)

__all__ = [
    "agency",
    "attestation",
    "document",
    "domain_results",
    "glossary",
    "methodology",
    "person",
    "sources",
    "summary",
]


def summary(pack: Pack, rules: list[RuleResult], gaps: list[Gap],
            exceptions: list[ExceptionRecord], parameters: Mapping[str, float],
            triggered: dict[str, list[str]]) -> Summary:
    """The report's figures; ``triggered`` maps each gate to the rules that trip it."""
    scoring = pack.manifest.scoring
    score = weighted_score(rules)
    done = completion(rules)
    in_scope = [r for r in rules if r.scope == "in_scope"]
    return Summary(
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


def domain_results(pack: Pack, rules: list[RuleResult]) -> list[DomainResult]:
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


def methodology(pack: Pack, assessment: Assessment,
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


def sources(pack: Pack, rules: list[RuleResult]) -> list[SourceEntry]:
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


def agency(assessment: Assessment) -> AgencyInfo:
    a = assessment.agency
    return AgencyInfo(name=a.name, jurisdiction=a.jurisdiction, type=a.type,
                      contact=person(a.contact))


def person(who: FilePerson | None) -> Person | None:
    if who is None:
        return None
    return Person(name=who.name, title=who.title, email=who.email)


def document(assessment: Assessment) -> DocumentInfo:
    d = assessment.document
    if d is None:
        return DocumentInfo()
    return DocumentInfo(version=d.version, status=d.status.value,
                        distribution=tuple(d.distribution), stated=True)


def attestation(assessment: Assessment) -> tuple[Signatory, ...]:
    a = assessment.attestation
    if a is None:
        return ()
    people = (("agency_head", a.agency_head), ("assessor", a.assessor))
    return tuple(Signatory(role=role, name=p.name, title=p.title, date=p.date)
                 for role, p in people if p is not None)


def glossary(pack: Pack) -> tuple[GlossaryTerm, ...]:
    return tuple(GlossaryTerm(term=e.term, stands_for=e.stands_for, meaning=e.meaning)
                 for e in pack.manifest.glossary)
