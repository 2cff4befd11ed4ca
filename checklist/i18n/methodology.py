"""Sentences of the methodology that the engine records in English and every document
words again in its own language from the same data: the scoring formula (from the
pack's credits and severity weights) and why a practice is or is not in scope (from its
``applies_when`` conditions and the profile answers).

The English wording is the message id, so the JSON keeps its English sentences word for
word and another language's catalog translates them like every other fixed text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checklist.i18n import N_, Language, current

STATUS_WORDS: dict[str, str] = {
    "implemented": N_("implemented"), "alternative": N_("alternative"),
    "partial": N_("partial"), "planned": N_("planned"),
    "not_implemented": N_("not implemented"), "unanswered": N_("unanswered"),
}
"""Statuses in the middle of a sentence, in the order of the scored statuses."""

SEVERITIES = (N_("critical"), N_("high"), N_("medium"), N_("low"))

FORMULA = N_("score = 100 × Σ(weight × credit) ÷ Σ(weight), over the practices in scope; "
             "credit is {credits}, after the checks; the weight is the rule's own weight or "
             "its severity's weight ({weights})")
CREDIT = N_("{credit} for {statuses}")
OR = N_("{items} or {last}")
AND = N_("{items} and {last}")


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


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
    parts = [lang.gettext(CREDIT).format(credit=lang.number(float(_number(c))),
                                         statuses=series(words, OR, lang))
             for c, words in sorted(by_credit.items(), reverse=True)]
    order = {s: i for i, s in enumerate(SEVERITIES)}
    shown = ", ".join(f"{lang.gettext(s)} {lang.number(float(_number(w)))}"
                      for s, w in sorted(weights.items(), key=lambda kv: order.get(kv[0], 9)))
    return lang.gettext(FORMULA).format(credits=series(parts, AND, lang), weights=shown)
