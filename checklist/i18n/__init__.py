"""Languages of the documents: gettext catalogs, dates and numbers per language.

English is the source language: its texts are the message ids, so it needs no catalog and
no Babel. Every other language is one gettext catalog, ``catalogs/<code>.po``, read at run
time with Babel (no compile step: the ``.po`` file is what ships in the wheel). Its
``Language`` header names the locale whose date and number conventions apply, e.g.
``es_US`` for Spanish (62.2, not 62,2). Adding a language is adding one ``.po`` file.

The active language is a context variable, so renderers that do not take a language
argument still write in the chosen one (:func:`using`).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import gettext
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from checklist.load.problems import UsageError

SOURCE_LANGUAGE = "en"
CATALOGS = Path(__file__).resolve().parent / "catalogs"
DOMAIN = "checklist"


def available() -> tuple[str, ...]:
    """The language codes a document can be written in, English first."""
    return (SOURCE_LANGUAGE, *sorted(p.stem for p in CATALOGS.glob("*.po")))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Language:
    """One language: its messages and its conventions for dates and numbers."""

    code: str
    translations: gettext.NullTranslations
    locale: str = ""
    """Babel locale for dates and numbers; empty for English (ISO dates, plain numbers)."""

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def date(self, value: dt.date | None) -> str:
        """English: ISO 8601 (2026-11-01); other languages: the locale's long form
        ("1 de noviembre de 2026")."""
        if value is None:
            return "\u2014"
        if not self.locale:
            return value.isoformat()
        from babel.dates import format_date

        return format_date(value, format="long", locale=self.locale)

    def short_date(self, value: dt.date) -> str:
        """For narrow table columns: ISO in English, the locale's medium form elsewhere
        ("1 nov 2026")."""
        if not self.locale:
            return value.isoformat()
        from babel.dates import format_date

        return format_date(value, format="medium", locale=self.locale)

    def number(self, value: float, decimals: int | None = None) -> str:
        """A count, a limit or a score; ``decimals`` fixes the number of decimals.

        The rounding is Python's, as in English, so both languages show the same figure;
        Babel only writes the locale's separators."""
        plain = _number(value) if decimals is None else f"{value:.{decimals}f}"
        if not self.locale:
            return plain
        from decimal import Decimal

        from babel.numbers import format_decimal

        places = len(plain.partition(".")[2])
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(Decimal(plain), format=pattern, locale=self.locale)

    def percent(self, fraction: float | None, decimals: int = 1) -> str:
        """A fraction (0–1) as a percentage: ``62.2%``."""
        if fraction is None:
            return "\u2014"
        if not self.locale:
            return f"{100 * fraction:.{decimals}f}%"
        from decimal import Decimal

        from babel.numbers import format_percent

        plain = f"{100 * fraction:.{decimals}f}"
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
        return format_percent(Decimal(plain) / 100, format=pattern, locale=self.locale)


class _CatalogTranslations(gettext.NullTranslations):
    """gettext translations from a Babel catalog read from a ``.po`` file."""

    def __init__(self, singular: dict[str, str], plural: dict[str, tuple[str, ...]],
                 plural_index: Callable[[int], int] | None = None) -> None:
        super().__init__()
        self._singular = singular
        self._plural = plural
        self._index = plural_index or (lambda n: int(n != 1))

    def gettext(self, message: str) -> str:
        return self._singular.get(message) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plural.get(msgid1)
        if not forms:
            return msgid1 if n == 1 else msgid2
        index = self._index(n)
        return forms[index] if index < len(forms) and forms[index] else forms[-1]


def read_catalog(code: str) -> object:
    """The Babel catalog of one language (for tests and the translation check)."""
    from babel.messages.pofile import read_po

    with (CATALOGS / f"{code}.po").open("rb") as handle:
        return read_po(handle, domain=DOMAIN)


@functools.cache
def language(code: str = SOURCE_LANGUAGE) -> Language:
    """The language ``code``; a usage error naming the choices for an unknown one."""
    if code == SOURCE_LANGUAGE:
        return Language(code, gettext.NullTranslations())
    if code not in available():
        raise UsageError(f"unknown language {code!r}; choose one of: {', '.join(available())}")
    from babel.messages.catalog import Catalog

    catalog = read_catalog(code)
    assert isinstance(catalog, Catalog)
    singular: dict[str, str] = {}
    plural: dict[str, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list) and isinstance(message.string, tuple | list):
            plural[str(message.id[0])] = tuple(str(s) for s in message.string)
        elif isinstance(message.id, str) and isinstance(message.string, str) and message.string:
            singular[message.id] = message.string
    index = gettext.c2py(catalog.plural_expr)
    locale = str(catalog.locale) if catalog.locale else code
    return Language(code, _CatalogTranslations(singular, plural, index), locale)


_ACTIVE: contextvars.ContextVar[str] = contextvars.ContextVar("language",
                                                              default=SOURCE_LANGUAGE)


def current() -> Language:
    """The language documents are being written in now."""
    return language(_ACTIVE.get())


@contextlib.contextmanager
def using(code: str) -> Iterator[Language]:
    """Write documents in ``code`` inside the ``with`` block."""
    chosen = language(code)
    token = _ACTIVE.set(code)
    try:
        yield chosen
    finally:
        _ACTIVE.reset(token)


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return current().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message id for the catalog; it is translated where it is used."""
    return message
