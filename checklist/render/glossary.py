"""Acronyms in a report: which glossary terms it uses, and spelling each out at first use.

The glossary comes from the pack (``glossary:`` in ``pack.yaml``, in the result as
``result.glossary``, already in the document's language). A term is matched whole, with its
case as declared, optionally followed by a plural ``s``: ``CJI`` matches "CJI" and "CJIs" but
not "CJIS". Everything here works on plain text; the formats escape it as they escape every
other text, so nothing a user wrote can become markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from checklist.result import GlossaryTerm, Result


@cache
def term_pattern(term: str) -> re.Pattern[str]:
    """The term as a whole word: not inside a longer word, an id (``MOU-7``) or a number."""
    return re.compile(rf"(?<![\w&/-]){re.escape(term)}s?(?![\w&]|-\d)")


_NOT_PRINTED = frozenset({"rationale"})
"""Texts of a practice in the results that no report prints."""


def _texts(result: Result) -> Iterable[str]:
    """Every string of a result the report prints from: all of it but the glossary and the
    practices' rationales, and of a practice out of scope only its title and why."""
    from checklist.render.json_output import jsonable

    data = jsonable(result)
    assert isinstance(data, dict)
    data["rules"] = [{k: v for k, v in rule.items() if k not in _NOT_PRINTED}
                     if rule["scope"] == "in_scope" else
                     {k: rule[k] for k in ("title", "scope_reason", "justification")}
                     for rule in data["rules"]]
    stack: list[object] = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k != "glossary")
        elif isinstance(item, list):
            stack.extend(item)


def glossary_terms(result: Result) -> tuple[GlossaryTerm, ...]:
    """The glossary entries whose term occurs in the report's texts, in alphabetical order.

    A report lists only these: an agency outside a program is not handed that program's
    acronyms, and the record part stays short."""
    if not result.glossary:
        return ()
    text = "\n".join(_texts(result))
    found = [g for g in result.glossary if term_pattern(g.term).search(text)]
    return tuple(sorted(found, key=lambda g: (g.term.casefold(), g.term)))


@dataclass
class FirstUse:
    """Spells each term out at its first use, across texts read in order."""

    terms: Sequence[GlossaryTerm]
    done: set[str]

    @classmethod
    def of(cls, result: Result) -> FirstUse:
        return cls(result.glossary, set())

    def __call__(self, text: str) -> str:
        """``text`` with each term not met before written as "stands for (TERM)" at its
        first occurrence. A text that already spells the term out is left as it is."""
        hits = []
        for g in self.terms:
            if g.term in self.done:
                continue
            match = term_pattern(g.term).search(text)
            if match is None:
                continue
            self.done.add(g.term)
            if g.stands_for.casefold() not in text.casefold():
                hits.append((match, g))
        for match, g in sorted(hits, key=lambda h: h[0].start(), reverse=True):
            words = g.stands_for
            if not text[:match.start()].strip() or text[:match.start()].rstrip()[-1:] in ".!?":
                words = words[:1].upper() + words[1:]
            text = f"{text[:match.start()]}{words} ({match.group(0)}){text[match.end():]}"
        return text

    def all(self, texts: Sequence[str]) -> tuple[str, ...]:
        return tuple(self(t) for t in texts)
