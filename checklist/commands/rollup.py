"""``checklist rollup``: one statewide picture from many agencies' assessments."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from checklist.i18n import Language
from checklist.i18n.option import lang_option
from checklist.i18n.portfolio import document_notices
from checklist.portfolio.rollup import DEFAULT_MAX_AGE_DAYS
from checklist.render.formats import format_names
from checklist.render.portfolio.outputs import DEFAULT_TOP_GAPS
from checklist.render.text import plural

if TYPE_CHECKING:
    from checklist.portfolio.aggregate import RollupAggregator
    from checklist.portfolio.models import Rollup
    from checklist.portfolio.rollup import History

FORMATS = format_names("rollup")
LARGE_PDF = 2000  # agencies; above this a PDF needs gigabytes of memory (bench/bench_rollup.py)


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="DIR|FILES...",
                type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write; the extension picks the format (.pdf .html .csv "
                   ".json .md). '-' writes to standard output. Without it, only a "
                   "summary line is printed.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
              help="Output format, when the extension does not say it.")
@click.option("--pack", metavar="NAME|PATH",
              help="Rule pack for every file, instead of the one each file names.")
@click.option("--recursive", is_flag=True,
              help="Also read the .yaml/.yml/.xlsx files in subfolders of a DIR.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
              metavar="YYYY-MM-DD",
              help="Reference date for the age of each assessment. Default: the "
                   "newest assessment date among the files (not today), so the same "
                   "files always give the same report.")
@click.option("--max-age-days", type=click.IntRange(0), default=DEFAULT_MAX_AGE_DAYS,
              show_default=True, metavar="N",
              help="List the assessments older than N days on the reference date.")
@click.option("--top", type=click.IntRange(1), default=DEFAULT_TOP_GAPS, show_default=True,
              metavar="N", help="Most common gaps shown in the PDF, HTML and Markdown "
                                "(the JSON lists all).")
@click.option("-j", "--jobs", type=click.IntRange(1), metavar="N",
              help="Files evaluated in parallel. Default: the number of processors.")
@click.option("--allow-invalid", is_flag=True,
              help="Write the report even if some files are invalid; they are listed "
                   "in it and left out of every figure (exit code 0).")
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="History database (SQLite; created if absent). Files already in it, "
                   "byte for byte, are not evaluated again; new ones are added. The report "
                   "is the same as without it. See docs/history.md.")
@lang_option
def rollup(inputs: tuple[Path, ...], output: Path | None, fmt: str | None,
           pack: str | None, recursive: bool, as_of: dt.datetime | None,
           max_age_days: int, top: int, jobs: int | None, allow_invalid: bool,
           db: Path | None, lang: str | None) -> None:
    """Roll up many agencies' assessments into one statewide report.

    One row per agency (score, rating, completion, critical gaps, date), a
    domain-by-agency heat map, the gaps most agencies share, and the
    assessments older than --max-age-days. A DIR stands for every .yaml,
    .yml and .xlsx file directly in it (sorted; with --recursive, in subfolders too).

    \b
    Examples:
      checklist rollup assessments/ -o statewide.pdf
      checklist rollup assessments/ -o statewide.csv --max-age-days 400
      checklist rollup a.yaml b.yaml c.yaml -o statewide.json --jobs 4
      checklist rollup assessments/ --db statewide.sqlite -o statewide.pdf
      checklist rollup assessments/ -o estatal.pdf --lang es

    \b
    Exit codes:
      0  the report was written (with --allow-invalid, invalid files are
         listed in it)
      2  some files are invalid and --allow-invalid was not given, or no
         file is valid, or a usage error: every invalid file is listed with
         its first error, and nothing is written
      3  an internal or rendering failure
    """

    args = (inputs, output, fmt, pack, recursive, as_of.date() if as_of else None,
            max_age_days, top, jobs or os.cpu_count() or 1, allow_invalid, lang or "en")
    if db is None:
        _run(*args)
    else:
        _run_with_history(db, *args)


def _run_with_history(db: Path, *args: Any) -> None:
    """The roll-up in one history transaction, committed only if the run completes."""
    from checklist.cli import err
    from checklist.history.store import RunStore
    from checklist.load.problems import UsageError

    output = args[1]
    if output is not None and str(output) != "-" and output.resolve() == db.resolve():
        raise UsageError(f"the output {output} is the history database given to --db")
    with RunStore(db) as history:
        _run(*args, history=history)
    for agency_id, (old, new) in sorted(history.renamed.items()):
        err(f"warning: agency id '{agency_id}' was named '{old}' and is now '{new}'; "
            "its history is kept under the new name")
    err(f"History {db}: {history.added} assessments added, {history.reused} already stored "
        "and not evaluated again")


def _localized(report: Rollup, pack: str | None, language: Language,
               fmt: str) -> tuple[Rollup, tuple[str, ...]]:
    """The roll-up a format shows, and its translation notices: in ``language`` for
    people, the English one for machines."""
    from checklist.i18n.localize import MACHINE_FORMATS, language_info, notices
    from checklist.i18n.pack_text import pack_text
    from checklist.i18n.portfolio import localize_rollup
    from checklist.load.packs import load_pack

    if language.is_source or fmt in MACHINE_FORMATS:
        return report, ()
    loaded = load_pack(pack or f"{report.pack.id}@{report.pack.version}")
    text = pack_text(loaded, language.code)
    shown = localize_rollup(report, text)
    return shown, tuple(notices(language_info(text)))


def _run(inputs: tuple[Path, ...], output: Path | None, fmt: str | None, pack: str | None,
         recursive: bool, as_of: dt.date | None, max_age_days: int, top: int, jobs: int,
         allow_invalid: bool, lang: str, *, history: History | None = None) -> None:
    from checklist.cli import err
    from checklist.i18n import using
    from checklist.load.packs import load_pack
    from checklist.outputs import refuse_overwriting_inputs, write_atomically
    from checklist.portfolio.inputs import collect_inputs
    from checklist.render.formats import choose, render

    chosen = choose("rollup", output, fmt)
    paths = collect_inputs(inputs, recursive=recursive)
    if output is not None:
        refuse_overwriting_inputs(output, paths)
    if pack:
        load_pack(pack)  # a broken --pack is reported once, not once per file
    # The aggregator lives only inside _report: its rows are freed before rendering.
    report = _report(_evaluate_all(paths, pack, jobs, history), len(paths), as_of,
                     max_age_days, allow_invalid)
    s = report.summary
    line = _summary_line(report, max_age_days)
    if output is None:
        click.echo(line)
        return
    if chosen.name == "pdf" and s.agencies > LARGE_PDF:
        err(f"note: the PDF lays out a row for each of the {s.agencies} agencies, which takes "
            "minutes and about 0.7 MB of memory per agency (docs/portfolio.md); the .html, "
            ".csv and .json outputs are far lighter")
    with using(lang) as language:
        shown, lines = _localized(report, pack, language, chosen.name)
        with document_notices(lines):
            document = render("rollup", shown, chosen, top=top)
    write_atomically(output, document)
    where = "" if str(output) == "-" else f"Wrote {output}: "
    err(f"{where}{line}")


def _evaluate_all(paths: list[Path], pack: str | None, jobs: int,
                  history: History | None) -> RollupAggregator:
    """Every file evaluated, with a progress bar when a person is watching."""
    from checklist.portfolio.rollup import run_rollup

    if sys.stderr.isatty():
        with click.progressbar(length=len(paths), label="Evaluating", file=sys.stderr,
                               show_pos=True) as bar:
            update: Callable[[int], None] = bar.update
            return run_rollup(paths, pack=pack, jobs=jobs, on_progress=update,
                              history=history)
    return run_rollup(paths, pack=pack, jobs=jobs, history=history)


def _report(aggregator: RollupAggregator, files: int, as_of: dt.date | None,
            max_age_days: int, allow_invalid: bool) -> Rollup:
    """The roll-up, after listing every invalid file; exits when nothing may be written."""
    from checklist.cli import EXIT_INVALID, err

    if aggregator.valid == 0:
        for failure in aggregator.failures:
            err(failure.error)
        err(f"none of the {plural(files, 'file')} is a valid assessment; "
            "nothing was written")
        sys.exit(EXIT_INVALID)
    report = aggregator.finish(as_of=as_of, max_age_days=max_age_days)
    for invalid in report.invalid:
        err(invalid.error)
    s = report.summary
    if report.invalid and not allow_invalid:
        err(f"{s.invalid} of {plural(s.files, 'file')} could not be evaluated (first error "
            "of each above); nothing was written. Fix them (`checklist validate FILE` lists "
            "every problem), or add --allow-invalid to write the report on the "
            f"{plural(s.agencies, 'valid file')}, listing the others as left out.")
        sys.exit(EXIT_INVALID)
    return report


def _summary_line(report: Rollup, max_age_days: int) -> str:
    s = report.summary
    median = "no score" if s.median_score is None else f"median score {s.median_score:.1f}"
    agencies = "1 agency" if s.agencies == 1 else f"{s.agencies} agencies"
    line = (f"{agencies} as of "
            f"{report.as_of}, {median}; {s.with_critical_gaps} with a critical gap; "
            f"{s.stale} older than {max_age_days} days")
    if report.invalid:
        line += f"; {s.invalid} of {plural(s.files, 'file')} left out (listed in the report)"
    return line
