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

from checklist.resources import templates_dir


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_template(name: str, **context: Any) -> str:
    """Render ``templates/<name>`` with ``context``; values are HTML-escaped."""
    return environment().get_template(name).render(**context)
