"""The fixed texts marked for translation, extracted as ``pybabel extract -F babel.cfg``
does (helper of the catalog tests)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


def extracted() -> dict[str | tuple[str, str], str]:
    """msgid (or (singular, plural)) → where it was first found."""
    found: dict[str | tuple[str, str], str] = {}
    method_map = [("checklist/**.py", "python"),
                  ("templates/portfolio/**.html.j2", "jinja2.ext:babel_extract"),
                  ("templates/report.html.j2", "jinja2.ext:babel_extract"),
                  ("templates/report-*.html.j2", "jinja2.ext:babel_extract")]
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=method_map, keywords=KEYWORDS,
            options_map={"templates/portfolio/**.html.j2": {"trimmed": "true"},
                         "templates/report.html.j2": {"trimmed": "true"},
                         "templates/report-*.html.j2": {"trimmed": "true"}}):
        key = message if isinstance(message, str) else (message[0], message[1])
        if key:
            found.setdefault(key, f"{filename}:{lineno}")
    return found
