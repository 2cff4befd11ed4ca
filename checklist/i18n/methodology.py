"""Sentences of the methodology that the engine records in English and every document
words again in its own language from the same data: the scoring formula (from the
pack's credits and severity weights) and why a practice is or is not in scope (from its
``applies_when`` conditions and the profile answers).

The English wording is the message id, so the JSON keeps its English sentences word for
word and another language's catalog translates them like every other fixed text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checklist.i18n import N_, Language, current
from checklist.i18n.findings import id_in_words
from checklist.statuses import WORDS as STATUS_WORDS

if TYPE_CHECKING:
    from checklist.models.pack import ProfileCondition
    from checklist.result import ProfileQuestionInfo

ProfileValue = bool | str | list[str]

SEVERITIES = (N_("critical"), N_("high"), N_("medium"), N_("low"))

FORMULA = N_("score = 100 × Σ(weight × credit) ÷ Σ(weight), over the practices in scope; "
             "credit is {credits}, after the checks; the weight is the rule's own weight or "
             "its severity's weight ({weights})")
CREDIT = N_("{credit} for {statuses}")
OR = N_("{items} or {last}")
AND = N_("{items} and {last}")


def series(words: Sequence[str], last: str, lang: Language) -> str:
    """``a``, ``a or b``, ``a, b or c`` (``last`` is :data:`OR` or :data:`AND`)."""
    if len(words) == 1:
        return words[0]
    return lang.gettext(last).format(items=", ".join(words[:-1]), last=words[-1])


def formula_text(credits: Mapping[str, float], weights: Mapping[str, float],
                 lang: Language | None = None) -> str:
    """The scoring formula in words in ``lang`` (default: the active language)."""
    lang = lang or current()
    by_credit: dict[float, list[str]] = {}
    for status, word in STATUS_WORDS.items():
        if status in credits:
            by_credit.setdefault(credits[status], []).append(lang.gettext(word))
    parts = [lang.gettext(CREDIT).format(credit=lang.number(round(c, 4)),
                                         statuses=series(words, OR, lang))
             for c, words in sorted(by_credit.items(), reverse=True)]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    shown = ", ".join(f"{lang.gettext(s)} {lang.number(round(w, 4))}"
                      for s, w in sorted(weights.items(), key=lambda kv: order.get(kv[0], 9)))
    return lang.gettext(FORMULA).format(credits=series(parts, AND, lang), weights=shown)


APPLIES_ONLY_WHEN = N_("applies only when the answer to “{question}” is {condition} "
                       "(answered: {answer})")
APPLIES_BECAUSE = N_("applies because {conditions}")
QUESTION_IS = N_("the answer to “{question}” is {condition}")
APPLIES_TO_EVERY_AGENCY = N_("applies to every agency")


@dataclass(frozen=True)
class ProfileWords:
    """How a document names the profile questions and their choices: by the question's
    text and each choice's label, never by their ids (an id the pack gives no words for
    is shown in words)."""

    questions: Mapping[str, str] = field(default_factory=dict)
    choices: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def question(self, qid: str) -> str:
        return self.questions.get(qid) or id_in_words(qid)

    def choice(self, qid: str, value: str) -> str:
        return self.choices.get(qid, {}).get(value) or value


def profile_words(questions: Iterable[ProfileQuestionInfo]) -> ProfileWords:
    listed = tuple(questions)
    return ProfileWords(questions={q.id: q.question for q in listed},
                        choices={q.id: dict(q.choices) for q in listed})


def describe(value: ProfileCondition | ProfileValue | None, lang: Language,
             choice: Callable[[str], str] = str) -> str:
    """A profile condition in words; ``choice`` names a choice by its label. Choices in a
    list are quoted, since a label may itself hold commas or the word "or"."""
    from checklist.models.pack import ExcludedChoices

    def quoted(values: Sequence[str]) -> list[str]:
        return [f"“{choice(v)}”" for v in values]

    if isinstance(value, ExcludedChoices):
        listed = quoted(value.none_of) if len(value.none_of) > 1 else [choice(value.none_of[0])]
        if len(listed) > 1:
            return lang.gettext(N_("none of {choices}")).format(choices=series(listed, OR, lang))
        return lang.gettext(N_("not {choice}")).format(choice=listed[0])
    if value is None:
        return lang.gettext(N_("not answered"))
    if isinstance(value, bool):
        return lang.gettext(N_("yes") if value else N_("no"))
    if isinstance(value, list):
        if len(value) > 1:
            return lang.gettext(N_("one of {choices}")).format(
                choices=series(quoted(value), OR, lang))
        return choice(value[0]) if value else lang.gettext(N_("none"))
    return choice(value)


def answer_text(value: ProfileValue | None, lang: Language,
                choice: Callable[[str], str] = str) -> str:
    """A profile answer in words: yes or no, the labels of the choices given, or none."""
    if isinstance(value, list):
        return series([choice(v) for v in value], AND, lang) if value else lang.gettext(N_("none"))
    if isinstance(value, str):
        return choice(value) if value else "\u2014"
    return describe(value, lang, choice)


def scope_text(unmet: Sequence[tuple[str, ProfileCondition, ProfileValue | None]],
               conditions: Mapping[str, ProfileCondition], lang: Language,
               words: ProfileWords | None = None) -> str:
    """Why a practice is in scope or not: the conditions its profile answers miss (question,
    condition, answer), else the conditions they meet, else that it applies to all."""
    words = words or ProfileWords()

    def named(qid: str) -> Callable[[str], str]:
        return lambda value: words.choice(qid, value)

    if unmet:
        return "; ".join(lang.gettext(APPLIES_ONLY_WHEN).format(
            question=words.question(q), condition=describe(c, lang, named(q)),
            answer=answer_text(a, lang, named(q)))
            for q, c, a in unmet)
    if conditions:
        met = series([lang.gettext(QUESTION_IS).format(
            question=words.question(q), condition=describe(c, lang, named(q)))
            for q, c in conditions.items()], AND, lang)
        return lang.gettext(APPLIES_BECAUSE).format(conditions=met)
    return lang.gettext(APPLIES_TO_EVERY_AGENCY)


SOURCE_STATES: dict[str, str] = {
    "in_force": N_("in force"), "superseded": N_("superseded"),
    "rescinded": N_("rescinded"), "enjoined": N_("enjoined"),
}
HISTORY_ONLY = N_("{locator} (cited as history only: {state})")


def history_locator(locator: str, status: str | None, status_date: dt.date | None,
                    lang: Language) -> str:
    """The locator of a citation kept only as history, saying why (the source's state)."""
    if status:
        word = lang.gettext(SOURCE_STATES.get(status, status.replace("_", " ")))
        if lang.is_source:  # the JSON's English, word for word (it says "on None" undated)
            state = lang.gettext(N_("{status} on {date}")).format(status=word, date=status_date)
        elif status_date is None:
            state = word
        else:
            state = lang.gettext(N_("{status} on {date}")).format(
                status=word, date=lang.date(status_date))
    else:
        state = lang.gettext(N_("no longer in force"))
    return lang.gettext(HISTORY_ONLY).format(locator=locator, state=state)
