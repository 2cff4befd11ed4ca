"""``checklist validate``: report every problem in assessment files, changing nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from checklist.evaluation.verify import applicability, profile_answers
from checklist.load.assessment import load_assessment
from checklist.load.problems import InputError, Problem
from checklist.render.text import plural


@click.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False))
@click.option("--pack", metavar="NAME|PATH",
              help="Rule pack to use instead of the one each file names.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(files: tuple[Path, ...], pack: str | None, strict: bool) -> None:
    """Check assessment FILES and list every problem as file:line:col.

    \b
    Examples:
      checklist validate assessment.yaml
      checklist validate --strict assessments/*.yaml

    Errors (exit code 2) stop an evaluation; warnings (dates after the
    assessment date, answers without a status …) do not, unless --strict.
    """
    from checklist.cli import EXIT_INVALID, err

    failed = False
    for path in files:
        problems, answered = _check(path, pack)
        for problem in problems:
            err(str(problem))
        errors = sum(1 for p in problems if p.level == "error")
        warnings = len(problems) - errors
        bad = errors > 0 or (strict and warnings > 0)
        failed = failed or bad
        verdict = "invalid" if bad else "valid"
        err(f"{path}: {verdict}; {answered}{plural(errors, 'error')}, "
            f"{plural(warnings, 'warning')}")
    if failed:
        sys.exit(EXIT_INVALID)



def _check(path: Path, pack: str | None) -> tuple[list[Problem], str]:
    try:
        loaded = load_assessment(path, pack)
    except InputError as exc:
        return list(exc.problems), ""
    a, p = loaded.assessment, loaded.pack
    profile = profile_answers(p.questions, a.profile)
    in_scope = [r for r in p.rules.values() if applicability(r, profile)[0]]
    answered = sum(1 for r in in_scope if (ans := a.answers.get(r.id)) and ans.status)
    return list(loaded.warnings), f"{answered} of {len(in_scope)} practices answered, "
