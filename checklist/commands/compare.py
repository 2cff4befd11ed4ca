"""``checklist compare``: progress between two assessments of one agency."""

from __future__ import annotations

from pathlib import Path

import click

from checklist.i18n import Language
from checklist.i18n.option import chosen_language, lang_option
from checklist.load.packs import Pack
from checklist.portfolio.models import Comparison
from checklist.render.formats import format_names
from checklist.render.portfolio.views import rating, signed
from checklist.render.text import plural
from checklist.result import Result

FORMATS = format_names("comparison")


def summary_line(c: Comparison) -> str:
    if c.score.change is None:
        score = "the scores cannot be compared (one has no practice in scope)"
    else:
        score = (f"score {c.score.old:.1f} → {c.score.new:.1f} ({signed(c.score.change)})")
    rate = (f"rating {rating(c.rating.old, c.rating.old_provisional)} → "
            f"{rating(c.rating.new, c.rating.new_provisional)}")
    return (f"{score}; {rate}; {plural(len(c.gaps_closed), 'gap')} closed, "
            f"{len(c.new_gaps)} new, {len(c.regressed)} regressed, "
            f"{plural(len(c.targets_missed), 'target date')} missed")


def localized_comparison(comparison: Comparison, before: Result, after: Result,
                         packs: list[Pack], language: Language, fmt: str,
                         replaces: dict[str, list[str]] | None = None) -> Comparison:
    """The comparison a format shows: made again from the two results in ``language`` for
    people (pack texts, findings and notes translated, with the translation notices); the
    English one for machines."""
    from checklist.i18n.localize import MACHINE_FORMATS, localize, notices
    from checklist.i18n.pack_text import pack_text
    from checklist.portfolio.compare import compare

    if language.is_source or fmt in MACHINE_FORMATS:
        return comparison
    text = pack_text(packs[-1], language.code)
    old = localize(before, pack_text(packs[0], language.code), language)
    new = localize(after, text, language)
    shown = compare(old, new, replaces)
    return shown.model_copy(update={"notes": (*shown.notes, *notices(new.language))})



@click.command()
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write; the extension picks the format (.pdf .html .md "
                   ".json). '-' writes to standard output. Without it, only a summary "
                   "line is printed.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
              help="Output format, when the extension does not say it.")
@click.option("--pack", metavar="NAME|PATH",
              help="Rule pack for both files, instead of the one each file names.")
@click.option("--old-pack", metavar="NAME|PATH",
              help="Rule pack for OLD only (for example the pack version it was "
                   "filled in for).")
@click.option("--new-pack", metavar="NAME|PATH", help="Rule pack for NEW only.")
@lang_option
def compare(old: Path, new: Path, output: Path | None, fmt: str | None,
            pack: str | None, old_pack: str | None, new_pack: str | None,
            lang: str | None) -> None:
    """Show what changed between two assessments of one agency.

    OLD is the earlier assessment, NEW the later one.

    Both files are scored as `checklist evaluate` scores them; the report
    gives the change in the overall and per-domain scores and in the rating,
    the gaps closed, the new gaps, the practices whose status after checks went
    down, and the target dates passed while the gap is still open.

    \b
    Examples:
      checklist compare 2025.yaml 2026.yaml -o progress.pdf
      checklist compare 2025.yaml 2026.yaml -o progress.json
      checklist compare 2025.yaml 2026.yaml --format md -o -
      checklist compare 2025.yaml 2026.yaml -o progreso.pdf --lang es

    The two files must be for the same pack, and NEW must not be dated before
    OLD (exit code 2). Files for different agencies are compared with a
    warning. When the pack versions differ, practices in one version only are
    listed separately, not compared.
    """

    _run(old, new, output, fmt, old_pack or pack, new_pack or pack, lang)


def _run(old: Path, new: Path, output: Path | None, fmt: str | None,
         old_pack: str | None, new_pack: str | None, lang: str | None) -> None:
    from checklist.cli import err
    from checklist.commands.evaluate import warnings_note
    from checklist.evaluation import evaluate
    from checklist.i18n import using
    from checklist.load.assessment import load_assessment
    from checklist.load.problems import InputError
    from checklist.outputs import refuse_overwriting_inputs, write_atomically
    from checklist.portfolio.compare import check_comparable, compare
    from checklist.render.formats import choose, render

    chosen = choose("comparison", output, fmt)
    if output is not None:
        refuse_overwriting_inputs(output, [old, new])
    results = []
    packs = []
    problems = []
    replaces: dict[str, list[str]] = {}
    languages = []
    for path, pack in ((old, old_pack), (new, new_pack)):
        try:
            loaded = load_assessment(path, pack)
        except InputError as exc:
            problems.extend(exc.problems)  # report both files' problems at once
            continue
        languages.append(loaded.assessment.report_language)
        packs.append(loaded.pack)
        note = warnings_note(path, loaded.warnings)
        if note:
            err(note)
        results.append(evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                                input_sha256=loaded.sha256))
        replaces = dict(loaded.pack.manifest.replaces)  # the new pack's, once both are read
    if problems:
        raise InputError(problems)
    before, after = results
    for note in check_comparable(before, after):
        err(f"warning: {note}")
    comparison = compare(before, after, replaces)
    if output is None:
        click.echo(summary_line(comparison))
        return
    with using(chosen_language(lang, languages[-1])) as language:
        shown = localized_comparison(comparison, before, after, packs, language, chosen.name,
                                     replaces)
        document = render("comparison", shown, chosen)
    write_atomically(output, document)
    where = "" if str(output) == "-" else f"Wrote {output}: "
    err(f"{where}{summary_line(comparison)}")
