"""A result with the pack's texts and the finding messages in the document's language.

The scores, counts, codes and parameters are untouched: only words change. The machine
formats (JSON, OSCAL) keep the English result and take only its ``language`` record
(:func:`for_format`).
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

from checklist.i18n import Language
from checklist.i18n.findings import finding_text
from checklist.i18n.methodology import profile_words
from checklist.i18n.pack_text import PackText, pack_text
from checklist.load.packs import Pack
from checklist.result import (
    BandEntry,
    Citation,
    DomainResult,
    ExceptionRecord,
    Finding,
    Gap,
    LanguageInfo,
    Methodology,
    ProfileQuestionInfo,
    Rating,
    Result,
    RuleResult,
)

MACHINE_FORMATS = frozenset({"json", "oscal-ar", "oscal-poam", "oscal-catalog"})
T = TypeVar("T")


def _swap(value: T, **changes: object) -> T:
    return dataclasses.replace(value, **changes)  # type: ignore[type-var]


class _Localizer:
    def __init__(self, text: PackText, lang: Language, result: Result,
                 pack: Pack | None) -> None:
        self.t = text
        self.lang = lang
        self.profile = result.profile
        self.pack = pack
        self.questions = tuple(self.question(q) for q in result.questions)
        self.words = profile_words(self.questions)

    def question(self, q: ProfileQuestionInfo) -> ProfileQuestionInfo:
        base = f"question.{q.id}"
        return _swap(q, question=self.t.text(f"{base}.question", q.question),
                     choices={value: self.t.text(f"{base}.choice.{value}", label)
                              for value, label in q.choices.items()})

    def scope_reason(self, r: RuleResult) -> str:
        """Why the practice is (not) in scope, worded again in the document's language from
        the pack's conditions; the JSON keeps the English. Without the pack, as recorded."""
        rule = self.pack.rules.get(r.id) if self.pack is not None else None
        if rule is None or r.scope == "not_applicable":  # the agency's justification
            return r.scope_reason
        from checklist.evaluation.verify import applicability

        return applicability(rule, self.profile, self.lang, words=self.words)[1]

    def references(self, r: RuleResult) -> tuple[Citation, ...]:
        """The citations, with a history-only locator's note in the document's language."""
        rule = self.pack.rules.get(r.id) if self.pack is not None else None
        if rule is None or self.pack is None or len(rule.references) != len(r.references):
            return r.references
        from checklist.i18n.methodology import history_locator

        out = []
        for ref, cited in zip(rule.references, r.references, strict=True):
            if ref.history:
                source = self.pack.sources[ref.source]
                cited = _swap(cited, locator=history_locator(
                    ref.locator, source.status, source.status_date, self.lang))
            out.append(cited)
        return tuple(out)

    def band(self, name: str | None) -> str | None:
        return None if name is None else self.t.text(f"band.{name}.name", name)

    def rule(self, r: RuleResult) -> RuleResult:
        base = f"rule.{r.id}"
        return _swap(
            r, title=self.t.text(f"{base}.title", r.title), scope_reason=self.scope_reason(r),
            references=self.references(r),
            requirement=self.t.text(f"{base}.requirement", r.requirement),
            remediation=self.t.text(f"{base}.remediation", r.remediation),
            objectives=tuple(_swap(o, text=self.t.text(f"{base}.objective.{o.id}", o.text))
                             for o in r.objectives),
            findings=tuple(self.finding(r.id, f) for f in r.findings),
            exception=self.exception(r.exception) if r.exception else None)

    def finding(self, rule_id: str, f: Finding) -> Finding:
        params = dict(f.params)
        fact = params.get("fact")
        label_key = f"rule.{rule_id}.fact.{fact}.label"
        if fact and params.get("label") and label_key in self.t.english:
            # Only a label the pack gives is a text to translate; the id in words is not.
            params["label"] = self.t.text(label_key, str(params["label"]))
        ids, texts = params.get("unmet"), params.get("unmet_texts")
        if isinstance(ids, tuple) and isinstance(texts, tuple) and len(ids) == len(texts):
            params["unmet_texts"] = tuple(
                self.t.text(f"rule.{rule_id}.objective.{oid}", text)
                for oid, text in zip(ids, texts, strict=True))
        if fact and "help" in params:
            params["help"] = self.t.text(f"rule.{rule_id}.fact.{fact}",
                                         str(params["help"])).rstrip(".")
        if fact and params.get("unit"):
            params["unit"] = self.t.text(f"rule.{rule_id}.fact.{fact}.unit", str(params["unit"]))
        # The params are swapped too, so that a document composing its own sentence from
        # them (the plan's short line) names the fact in this language.
        return _swap(f, message=finding_text(f.code, params, self.lang), params=params)

    def exception(self, e: ExceptionRecord) -> ExceptionRecord:
        return _swap(e, rule_title=self.t.text(f"rule.{e.rule}.title", e.rule_title))

    def gap(self, g: Gap) -> Gap:
        return _swap(g, title=self.t.text(f"rule.{g.rule}.title", g.title),
                     remediation=self.t.text(f"rule.{g.rule}.remediation", g.remediation))

    def domain(self, d: DomainResult) -> DomainResult:
        return _swap(d, title=self.t.text(f"domain.{d.id}.title", d.title))

    def rating(self, r: Rating) -> Rating:
        description = (self.t.text(f"band.{r.band}.description", r.description)
                       if r.band else r.description)
        return _swap(r, band=self.band(r.band), score_band=self.band(r.score_band),
                     description=description)

    def methodology(self, m: Methodology) -> Methodology:
        bands = tuple(BandEntry(name=self.band(b.name) or b.name, minimum=b.minimum,
                                description=self.t.text(f"band.{b.name}.description",
                                                        b.description)) for b in m.bands)
        gates = tuple(_swap(g, description=self.t.text(f"gate.{g.id}.description",
                                                       g.description),
                            cap=self.band(g.cap) or g.cap) for g in m.gates)
        parameters = tuple(_swap(p, title=self.t.text(f"parameter.{p.id}.title", p.title))
                           for p in m.parameters)
        return _swap(m, bands=bands, gates=gates, parameters=parameters)


def localize(result: Result, text: PackText, lang: Language, pack: Pack | None = None) -> Result:
    """``result`` with the pack's texts (where a current translation exists), the finding
    messages and (given the ``pack``) the scope reasons in ``lang``, and its ``language``
    record filled in."""
    if lang.is_source:
        return result
    loc = _Localizer(text, lang, result, pack)
    localized = _swap(
        result,
        pack=_swap(result.pack, title=text.text("pack.title", result.pack.title)),
        rules=tuple(loc.rule(r) for r in result.rules),
        domains=tuple(loc.domain(d) for d in result.domains),
        gaps=tuple(loc.gap(g) for g in result.gaps),
        exceptions=tuple(loc.exception(e) for e in result.exceptions),
        summary=_swap(result.summary, rating=loc.rating(result.summary.rating)),
        methodology=loc.methodology(result.methodology),
        questions=loc.questions,
        glossary=tuple(_swap(g, stands_for=text.text(f"glossary.{g.term}.stands_for",
                                                     g.stands_for),
                             meaning=text.text(f"glossary.{g.term}.meaning", g.meaning))
                       for g in result.glossary))
    return _swap(localized, language=language_info(text))


def notices(info: LanguageInfo) -> list[str]:
    """What a document in another language says about its translation, in that language:
    how many of the pack's texts fell back to English, and whether it was reviewed."""
    from checklist.i18n import _, ngettext

    if info.code == "en":
        return []
    out = []
    if info.fell_back:
        out.append(ngettext(
            "{n} of {total} texts of the rule pack are shown in English: their translation "
            "is missing or out of date.",
            "{n} of {total} texts of the rule pack are shown in English: their translation "
            "is missing or out of date.", info.fell_back).format(n=info.fell_back,
                                                                  total=info.texts))
    if info.reviewed_by:
        out.append(_("Translation of the rule pack reviewed by {reviewer}.").format(
            reviewer=info.reviewed_by))
    else:
        out.append(_("The translation of the rule pack has not yet been reviewed by a "
                     "qualified reviewer."))
    return out


def language_info(text: PackText) -> LanguageInfo:
    stale = tuple(k for k, state in text.used.items() if state == "stale")
    return LanguageInfo(code=text.language, texts=len(text.used),
                        translated=len(text.used) - len(text.fell_back),
                        fell_back=len(text.fell_back), stale=stale,
                        reviewed_by=text.reviewed_by)


def for_format(result: Result, pack: Pack, lang: Language, fmt: str) -> Result:
    """The result a format renders: localized for people, English with the ``language``
    record for machines."""
    if lang.is_source:
        return result
    localized = localize(result, pack_text(pack, lang.code), lang, pack)
    if fmt in MACHINE_FORMATS:
        return _swap(result, language=localized.language)
    return localized


