"""Evaluate an assessment against its pack: pack + assessment → :class:`Result`.

Pure: the result depends only on the pack, the assessment and the hashes given;
no clock, no files. DESIGN.md section 4 is the specification.

Each practice's result is made in :mod:`checklist.evaluation.rule_results` (its answer
checked by :mod:`~checklist.evaluation.verify`), the rest of the result from those in
:mod:`~checklist.evaluation.report_parts` (figures from :mod:`~checklist.evaluation.scoring`).
"""

from __future__ import annotations

from checklist import __version__
from checklist.evaluation import report_parts as parts
from checklist.evaluation.exception_records import exception_records
from checklist.evaluation.parameters import (
    DEFAULT_RATING_THRESHOLD,
    RATING_THRESHOLD_PARAMETER,
    parameter_users,
    parameter_values,
    rating_threshold,
)
from checklist.evaluation.rule_results import rule_result
from checklist.evaluation.scoring import gap_order, triggered_gates
from checklist.evaluation.verify import profile_answers, question_infos
from checklist.load.packs import Pack
from checklist.models.assessment import Assessment
from checklist.result import RESULT_FORMAT_VERSION, InputInfo, PackInfo, Result, ToolInfo

__all__ = [
    "DEFAULT_RATING_THRESHOLD",
    "RATING_THRESHOLD_PARAMETER",
    "evaluate",
    "parameter_users",
    "parameter_values",
    "rating_threshold",
]


def evaluate(pack: Pack, assessment: Assessment, *, input_name: str,
             input_sha256: str) -> Result:
    as_of = assessment.as_of
    profile = profile_answers(pack.questions, assessment.profile)
    parameters = parameter_values(pack, assessment)
    exceptions = exception_records(pack, assessment)
    rules = [rule_result(pack, rule, domain.id, assessment.answers.get(rule.id),
                         profile, as_of, parameters, exceptions)
             for domain in pack.domains for rule in domain.rules]
    triggered = triggered_gates(pack.manifest.scoring.gates, rules)
    gaps = gap_order(rules)
    return Result(
        tool=ToolInfo(name="checklist", version=__version__,
                      result_format=RESULT_FORMAT_VERSION),
        pack=PackInfo(id=pack.id, title=pack.manifest.title, version=pack.version,
                      sha256=pack.sha256),
        input=InputInfo(name=input_name, sha256=input_sha256),
        report_id=f"{pack.id}-{as_of.isoformat()}-{input_sha256[:8]}",
        agency=parts.agency(assessment),
        assessor=parts.person(assessment.assessor),
        as_of=as_of,
        profile=profile,
        summary=parts.summary(pack, rules, gaps, exceptions, parameters, triggered),
        domains=tuple(parts.domain_results(pack, rules)),
        rules=tuple(rules),
        gaps=tuple(gaps),
        exceptions=tuple(exceptions),
        methodology=parts.methodology(pack, assessment, triggered),
        sources=tuple(parts.sources(pack, rules)),
        document=parts.document(assessment),
        attestation=parts.attestation(assessment),
        management_response=(assessment.management_response.overall
                             if assessment.management_response else ""),
        glossary=parts.glossary(pack),
        questions=question_infos(pack.questions),
    )
