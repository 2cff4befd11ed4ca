"""The wording of what keeps a file from being read as YAML, at its line and column.

PyYAML's messages are written for programmers ("could not find expected ':'"); these say
what to change. Text that is not UTF-8, a second byte-order mark and raw control
characters are worded here too.
"""

from __future__ import annotations

import yaml

from checklist.load.problems import InputError, Problem
from checklist.load.yaml_compose import TOO_DEEP

TAB_MESSAGE = ("a tab character is used for indentation; YAML needs spaces, "
               "so replace the tab with spaces")


def _friendly_yaml_error(err: yaml.MarkedYAMLError) -> str:
    problem = (err.problem or "").strip()
    context = (err.context or "").strip()
    if "'\\t'" in problem or "\t" in problem:
        return TAB_MESSAGE
    if "maximum nesting depth" in problem:  # newer libyaml stops deep nesting itself
        return TOO_DEEP
    if "mapping values are not allowed" in problem:
        return ("a colon (:) appears where a value was expected; if the text itself "
                "contains ': ', put the whole value in quotes")
    if "could not find expected ':'" in problem:
        return "a line is missing the colon after its key, or a quote is not closed"
    if "quoted scalar" in context:
        return "this quoted value is never closed; add the closing quote"
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "the file ends inside a quoted value; close the quote"
    opened = err.context_mark.line + 1 if err.context_mark else None
    for kind, start, end in (("list", "[", "]"), ("mapping", "{", "}")):
        if f"flow {'sequence' if kind == 'list' else kind}" in context and opened:
            return (f"the {kind} opened with '{start}' on line {opened} is not closed with "
                    f"'{end}', or a comma is missing between its items")
    if "expected a single document" in context or "but found another document" in problem:
        return "the file holds more than one YAML document ('---'); keep a single one"
    if "found undefined alias" in context or "undefined alias" in problem:
        return "an alias (*name) refers to an anchor that is not defined; aliases are not allowed"
    if "did not find expected key" in problem:
        return "the indentation is inconsistent here; keys at one level must line up"
    if "did not find expected '-' indicator" in problem:
        return "a list item is not lined up with the items before it"
    text = problem or context or "unknown syntax problem"
    return f"the file is not valid YAML: {text}"


def decode(raw: bytes, name: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        bad = raw[exc.start]
        raise InputError([Problem(
            name, line, column,
            f"the file is not UTF-8 text (byte 0x{bad:02X} here); "
            "save it as UTF-8 in your editor and try again",
        )]) from None
    if text.startswith("\ufeff"):
        raise InputError([Problem(name, 1, 1, "the file begins with more than one byte-order "
                                  "mark; save it again as UTF-8 in your editor")])
    return text


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


def _escape_message(problem: str) -> str | None:
    if "unknown escape" in problem:
        return ("a backslash in this double-quoted value starts an escape YAML does not know; "
                "write \\\\ for a backslash, or put the value in single quotes")
    if "escape code" in problem or "escape sequence" in problem:
        return ("this double-quoted value has an escape (\\u…, \\x…) that is not a valid "
                "character; remove it, or put the value in single quotes")
    return None


def reader_problem(text: str, name: str, exc: yaml.reader.ReaderError) -> InputError:
    """A character YAML refuses (a raw control character), at its real line and column."""
    position = max(0, min(exc.position, len(text)))
    before = text[:position]
    line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    return InputError([Problem(name, line, column,
                               f"the file contains the control character U+{code:04X} here, "
                               "which YAML does not allow; remove it")])


def syntax_problem(text: str, name: str, exc: yaml.MarkedYAMLError) -> Problem:
    """A syntax error of ``text``, worded for its reader and placed where it can be fixed."""
    escape = _escape_message(exc.problem or "")
    if escape and exc.problem_mark is not None:
        where = exc.problem_mark
        return Problem(name, where.line + 1, where.column + 1, escape)
    # An unclosed quote is found at the end of the file; point at where it opens.
    at_start = "quoted scalar" in (exc.context or "") and exc.context_mark is not None
    mark = exc.context_mark if at_start else (exc.problem_mark or exc.context_mark)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = _friendly_yaml_error(exc)
    if _char_at(text, line, col) == "\t":
        message = TAB_MESSAGE
    return Problem(name, line, col, message)
