"""The ``--lang`` option shared by the commands that write documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from checklist.i18n import SOURCE_LANGUAGE, available

F = TypeVar("F", bound=Callable[..., Any])


def lang_option(func: F) -> F:
    """``--lang CODE``: the language of the documents written (default: the file's
    ``report_language``, else English)."""
    return click.option(
        "--lang", "lang", type=click.Choice(available()), default=None,
        help="Language of the document: " + ", ".join(available()) + ". Default: the "
             "file's report_language, else en.")(func)


def chosen_language(option: str | None, from_file: object = None) -> str:
    """The language asked for: the option, else the assessment's ``report_language``."""
    if option:
        return option
    value = getattr(from_file, "value", from_file)
    return str(value) if value else SOURCE_LANGUAGE
