"""Text bound for a terminal: control characters shown visibly, long quotes clipped.

User and pack text reaches the terminal in messages and in ``rules list``/``show``. A raw
ESC, BEL or C1 character there could move the cursor, retitle the window or hide text,
so each is shown as its escape (``\\x1b``); tab and newline are kept. A value quoted in a
message ('…') is cut to about 80 characters, so a 100,000-character hostile value does
not flood the screen; so is any unbroken run of :data:`RUN_LIMIT` characters or more
(a file name of thousands of characters, given to show that it is too long), keeping its
start and its end.
"""

from __future__ import annotations

import re

QUOTE_LIMIT = 80
RUN_LIMIT = 500
_LONG_RUN = re.compile(r"\S{" + str(RUN_LIMIT) + ",}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Every quoted value, matched left to right so that the closing quote of one value is never
# taken for the opening quote of the text up to the next; an apostrophe inside a word
# ("agency's") neither opens nor closes one.
_QUOTED = re.compile(r"(?<!\w)'([^'\n]*)'(?!\w)")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible_controls(text: str) -> str:
    """``text`` with every control character except tab and newline written as an escape."""
    return _CONTROL.sub(_visible, text)


def clip_quotes(text: str) -> str:
    """Each quoted value longer than :data:`QUOTE_LIMIT` characters cut, with an ellipsis."""
    def clip(match: re.Match[str]) -> str:
        value = match.group(1)
        return match.group() if len(value) <= QUOTE_LIMIT else f"'{value[:QUOTE_LIMIT]}…'"
    return _QUOTED.sub(clip, text)


def clip_runs(text: str) -> str:
    """Each unbroken run of :data:`RUN_LIMIT` characters or more cut to its first
    :data:`QUOTE_LIMIT` and last 20 characters, with the number of characters left out."""
    def clip(match: re.Match[str]) -> str:
        run = match.group()
        return f"{run[:QUOTE_LIMIT]}…[{len(run) - QUOTE_LIMIT - 20:,} more characters]…{run[-20:]}"
    return _LONG_RUN.sub(clip, text)


def for_terminal(text: str) -> str:
    return clip_runs(clip_quotes(visible_controls(text)))
