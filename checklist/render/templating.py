"""Jinja2 templates from the package's ``templates/`` folder, shared by the HTML and PDF outputs.

Autoescaping is always on: every value that reaches a template may come from a user's
assessment file, and the PDF engine would otherwise fetch or attach what a crafted tag
points at. Templates mark trusted markup (the inline SVG chart built from numbers only)
with ``|safe`` explicitly.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2
import jinja2.bccache
import jinja2.runtime
from markupsafe import Markup

from checklist import __version__, i18n
from checklist.load import pack_cache
from checklist.render.text import html_finalize
from checklist.resources import templates_dir


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (compiling the report takes about 0.3 s).

    Jinja checks each entry against the template's source, so an edited template is
    compiled afresh; a cache folder that cannot be written is simply not used.
    """

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    root = pack_cache.cache_dir()
    if root is None:
        return None
    folder = root / f"templates-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


@functools.cache
def environment() -> jinja2.Environment:
    """The one environment; ``{% trans %}`` and ``_()`` translate into the active
    language (:func:`checklist.i18n.using`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        finalize=html_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=i18n._, ngettext=i18n.ngettext, newstyle=True)
    env.globals.update(gettext=_gettext, _=_gettext, ngettext=_ngettext)
    return env


def _values(variables: dict[str, Any]) -> dict[str, Any]:
    """Values put into a translated sentence pass :func:`visible` like every printed value
    (the ``finalize`` hook does not see them); escaping happens in ``Markup % values``."""
    return {k: html_finalize(v) for k, v in variables.items()}


@jinja2.pass_context
def _gettext(context: jinja2.runtime.Context, message: str, **variables: Any) -> str:
    text = i18n._(message)
    if context.eval_ctx.autoescape:
        return Markup(text) % _values(variables)
    return text % _values(variables)


@jinja2.pass_context
def _ngettext(context: jinja2.runtime.Context, singular: str, plural: str, num: int,
              **variables: Any) -> str:
    variables.setdefault("num", num)
    text = i18n.ngettext(singular, plural, num)
    if context.eval_ctx.autoescape:
        return Markup(text) % _values(variables)
    return text % _values(variables)


def render_template(name: str, **context: Any) -> str:
    """Render ``templates/<name>`` with ``context``; values are HTML-escaped."""
    return environment().get_template(name).render(**context)
