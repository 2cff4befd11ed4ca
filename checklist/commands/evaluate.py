"""``checklist evaluate``: score an assessment and write the report."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from checklist.evaluation import evaluate as evaluate_assessment
from checklist.i18n import using
from checklist.i18n.localize import for_format
from checklist.i18n.option import chosen_language, lang_option
from checklist.load.assessment import load_assessment
from checklist.load.problems import Problem
from checklist.outputs import refuse_overwriting_inputs, write_atomically
from checklist.render.formats import choose, format_names, render
from checklist.result import Result

FORMATS = format_names("report")


def warnings_note(path: Path, warnings: Sequence[Problem]) -> str:
    """One line saying how many warnings a file has; ``checklist validate`` lists them."""
    if not warnings:
        return ""
    count = len(warnings)
    return (f"{count} warning{'' if count == 1 else 's'} about {path} (they do not stop "
            f"this run); 'checklist validate {path}' lists them")


def summary_line(result: Result) -> str:
    s = result.summary
    if s.score.value is None:
        return "no practice is in scope for this profile, so there is no score"
    rating = s.rating.band or "no rating"
    if s.rating.not_rated:
        sr = s.score_range
        rating = f"not rated: incomplete, could land from {sr.low:.1f} to {sr.high:.1f}"
    elif s.rating.provisional:
        rating += ", provisional"
    critical = f" ({s.critical_gaps} critical)" if s.critical_gaps else ""
    return (f"score {s.score.value:.1f} of 100 ({rating}); {s.gaps} gaps{critical}; "
            f"{s.completion.numerator} of {s.completion.denominator} practices answered")


def gate_failures(result: Result, fail_under: float | None,
                  max_critical_gaps: int | None) -> list[str]:
    failures = []
    score = result.summary.score.value
    if fail_under is not None and (score is None or score < fail_under):
        shown = "no score" if score is None else f"the score {score:.1f}"
        failures.append(f"{shown} is below --fail-under {fail_under:g}")
    critical = result.summary.critical_gaps
    if max_critical_gaps is not None and critical > max_critical_gaps:
        failures.append(f"{critical} critical gaps exceed --max-critical-gaps "
                        f"{max_critical_gaps}")
    return failures


@click.command()
@click.argument("assessment", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write; the extension picks the format. '-' writes to "
                   "standard output. Without it, only the summary is printed.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
              help="Output format, when the extension does not say it.")
@click.option("--pack", metavar="NAME|PATH",
              help="Rule pack to use instead of the one the file names.")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="SCORE",
              help="Exit with code 1 if the score is below SCORE.")
@click.option("--max-critical-gaps", type=click.IntRange(0), metavar="N",
              help="Exit with code 1 if there are more than N critical gaps.")
@lang_option
def evaluate(assessment: Path, output: Path | None, fmt: str | None, pack: str | None,
             fail_under: float | None, max_critical_gaps: int | None,
             lang: str | None) -> None:
    """Score ASSESSMENT and write the gap report.

    \b
    Examples:
      checklist evaluate assessment.yaml -o report.pdf
      checklist evaluate assessment.yaml -o results.json
      checklist evaluate assessment.yaml --format md -o -
      checklist evaluate assessment.yaml -o report.pdf --fail-under 70
      checklist evaluate assessment.yaml -o informe.pdf --lang es

    The report is written even when a --fail-under or --max-critical-gaps gate
    fails; the exit code (1) says that it failed.
    """
    from checklist.cli import EXIT_GATE_FAILED, err

    chosen = choose("report", output, fmt)
    if output is not None:
        refuse_overwriting_inputs(output, [assessment])
    loaded = load_assessment(assessment, pack)
    note = warnings_note(assessment, loaded.warnings)
    if note:
        err(note)
    result = evaluate_assessment(loaded.pack, loaded.assessment,
                                 input_name=assessment.name,
                                 input_sha256=loaded.sha256)
    if output is not None:
        with using(chosen_language(lang, loaded.assessment.report_language)) as language:
            shown = for_format(result, loaded.pack, language, chosen.name)
            options = {}
            if chosen.name == "pdf" and not language.is_source:  # attach the English JSON
                options["results"] = for_format(result, loaded.pack, language, "json")
            document = render("report", shown, chosen, **options)
        write_atomically(output, document)
        where = "" if str(output) == "-" else f"Wrote {output}: "
        err(f"{where}{summary_line(result)}")
    else:
        click.echo(summary_line(result))
    failures = gate_failures(result, fail_under, max_critical_gaps)
    for failure in failures:
        err(f"Gate failed: {failure}")
    if failures:
        sys.exit(EXIT_GATE_FAILED)

