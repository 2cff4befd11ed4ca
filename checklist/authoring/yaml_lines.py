"""Safe YAML pieces for the written assessment file: quoted scalars, keys, comments, entries."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Sequence

import yaml

WIDTH = 92

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")


def yaml_scalar(value: object) -> str:
    """``value`` as one line of YAML that reads back as exactly ``value``.

    Text is always double-quoted (escaping quotes, backslashes, line breaks and
    anything unprintable), so a user's text can never add keys or comments.
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, int | float):
        return yaml.safe_dump(value).split("\n", 1)[0]
    if isinstance(value, str):
        dumped = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=2**31)
        return dumped.rstrip("\n")
    raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")


def yaml_key(key: str) -> str:
    """A mapping key: plain when YAML reads it back as the same text, else quoted."""
    if _PLAIN.fullmatch(key) and yaml.safe_load(key) == key:
        return key
    return yaml_scalar(key)


def _printable(text: str) -> str:
    """Drop what YAML does not allow even inside a comment (control characters)."""
    return "".join(c if c == "\t" or c.isprintable() or ord(c) >= 0xA0 else " "
                   for c in text if c not in "\ufeff")


def comment(text: str, indent: int = 0, *, width: int = WIDTH, hang: int = 0) -> list[str]:
    """``text`` as wrapped comment lines; every kind of line break starts a new comment line."""
    prefix = " " * indent + "# "
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        cleaned = _printable(paragraph).rstrip()
        if not cleaned.strip():
            lines.append(prefix.rstrip())
            continue
        lead = " " * (len(cleaned) - len(cleaned.lstrip()))
        lines.extend(textwrap.wrap(cleaned.strip(), width=max(width, len(prefix) + 30),
                                   initial_indent=prefix + lead,
                                   subsequent_indent=prefix + lead + " " * hang,
                                   break_on_hyphens=False, break_long_words=False))
    return lines


def _flow(items: Sequence[tuple[str, object]]) -> str:
    return "{" + ", ".join(f"{yaml_key(k)}: {yaml_scalar(v)}" for k, v in items) + "}"


def _flow_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(yaml_key(v) for v in values) + "]"


def _entry(indent: int, key: str, value: object, note: str = "") -> str:
    """``key: value  # note``; an empty value (None) is written as nothing after the colon."""
    shown = "" if value is None else f" {yaml_scalar(value)}"
    line = f"{' ' * indent}{yaml_key(key)}:{shown}"
    if note:
        line = f"{line.ljust(indent + 26)}  # {_printable(' '.join(note.splitlines()))}"
    return line


def _section(title: str) -> list[str]:
    return [f"# --- {title} {'-' * max(3, WIDTH - 7 - len(title))}"]
