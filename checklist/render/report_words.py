"""What the gap report's templates need to write in the document's language: the
translation notices, the formula, the page margins, and the few bits of markup a
translated sentence carries around a value (bold status, a link, a monospace id).

The markup helpers return :class:`~markupsafe.Markup` built from escaped text, so a
translated sentence can hold them as values without its translator writing any HTML.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from checklist.i18n import _, current
from checklist.i18n.localize import notices as language_notices
from checklist.i18n.methodology import formula_text
from checklist.render import text
from checklist.result import Methodology, Result


def lang() -> str:
    """The document's language code, for ``<html lang>``."""
    return current().code


def notices(result: Result) -> list[str]:
    """How many pack texts fell back to English, and whether the translation was
    reviewed; nothing for an English document."""
    return language_notices(result.language)


def formula(m: Methodology) -> str:
    return formula_text(m.credits, m.severity_weights)


def _tag(name: str, content: str, attrs: str = "") -> Markup:
    return Markup(f"<{name}{attrs}>{escape(text.visible(content))}</{name}>")


def bold(content: str, css_class: str = "") -> Markup:
    return _tag("b", content, f' class="{escape(css_class)}"' if css_class else "")


def span(content: str, css_class: str) -> Markup:
    return _tag("span", content, f' class="{escape(css_class)}"')


def link(content: str, href: str) -> Markup:
    """A link inside the document (``href`` is a fragment such as ``#applicability``)."""
    return _tag("a", content, f' href="{escape(href)}"')


def _css_string(words: str) -> str:
    return '"' + words.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _css_content(words: str, fields: dict[str, str]) -> Markup:
    """``words`` with ``{field}`` placeholders as a CSS ``content`` value: the text as CSS
    strings, each field as the CSS function given for it."""
    parts: list[str] = []
    rest = words
    while "{" in rest:
        before, _open, after = rest.partition("{")
        name, _close, rest = after.partition("}")
        parts += [_css_string(before), fields[name]]
    parts.append(_css_string(rest))
    return Markup(" ".join(p for p in parts if p != '""'))


def page_counter() -> Markup:
    """The page number in the bottom margin ("Page 1 of 4")."""
    return _css_content(_("Page {page} of {pages}"),
                        {"page": "counter(page)", "pages": "counter(pages)"})


def footer_line() -> Markup:
    """The bottom-left margin: the report id and the date of the situation."""
    return _css_content(_("Report {id} · situation as of {date}"),
                        {"id": "string(reportid)", "date": "string(asof)"})


def tr(message: str) -> str:
    """A message id held in a variable (``h.NOT_AN_AUDIT``), translated as plain text, so
    the template escapes it like any other value."""
    return _(message)
