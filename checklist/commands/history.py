"""``checklist history``: the statewide history kept by ``rollup --db``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from checklist.history.tables import FORMATS
from checklist.render.formats import format_names


def _options(func: Any) -> Any:
    func = click.option("-f", "--format", "fmt", type=click.Choice(FORMATS),
                        help="Output format, when the extension does not say it "
                             "(default: a table on the terminal).")(func)
    return click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
                        help="File to write (.csv .json .md .txt); '-' or none: the "
                             "terminal.")(func)


@click.group()
@click.argument("db", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def history(ctx: click.Context, db: Path) -> None:
    """Read the statewide history that `rollup --db DB` keeps.

    \b
    Examples:
      checklist history statewide.sqlite agencies
      checklist history statewide.sqlite agency "Ada County Sheriff" -o ada.csv
      checklist history statewide.sqlite gaps --year 2026
      checklist history statewide.sqlite missing --year 2026
      checklist history statewide.sqlite export -o assessments.csv
    """
    ctx.obj = db


def _check_db(db: Path) -> None:
    from checklist.load.problems import UsageError

    if not db.is_file():
        raise UsageError(f"no history database at {db} (create one with "
                         f"`checklist rollup DIR --db {db}`)")


def _show(db: Path, view: str, output: Path | None, fmt: str | None, **args: Any) -> None:
    from checklist.history import queries
    from checklist.history.schema import connect
    from checklist.history.tables import EXTENSIONS, render
    from checklist.load.problems import UsageError
    from checklist.outputs import refuse_overwriting_inputs, write_atomically

    _check_db(db)
    if output is not None:
        refuse_overwriting_inputs(output, [db])
    if output is not None and str(output) != "-" and fmt is None:
        fmt = EXTENSIONS.get(output.suffix.lower())
        if fmt is None:
            raise UsageError(f"cannot tell the format from '{output.name}'; use "
                             ".csv, .json, .md or .txt, or give --format")
    conn = connect(db)
    try:
        rows = getattr(queries, view)(conn, **args)
    finally:
        conn.close()
    text = render(rows, fmt or "table", title=view)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomically(output, text.encode())


@history.command()
@_options
@click.pass_obj
def agencies(db: Path, output: Path | None, fmt: str | None) -> None:
    """Each agency: years on file, latest score and rating, and the change since the
    year before."""
    _show(db, "agencies", output, fmt)


@history.command()
@click.argument("name")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", *format_names("trend")]),
              help="Output format, when the extension does not say it (default: a table on "
                   "the terminal, or the extension's format).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="The trend report to write (.pdf .html .md .docx .json .csv; all but "
                   "JSON and CSV have a line chart of the score and each domain). '-' or "
                   "none: the terminal.")
@click.pass_obj
def agency(db: Path, name: str, output: Path | None, fmt: str | None) -> None:
    """One agency (by name or agency id) over the years: its trend report.

    \b
    Examples:
      checklist history statewide.sqlite agency "Ada County Sheriff"
      checklist history statewide.sqlite agency "Ada County Sheriff" -o ada-trend.pdf
      checklist history statewide.sqlite agency ada-so -o ada-trend.csv
    """
    if fmt == "table" or (fmt is None and (output is None or str(output) == "-")):
        _show(db, "agency", output, "table", name=name)
        return
    from checklist.history.schema import connect
    from checklist.history.trend import load_trend
    from checklist.outputs import refuse_overwriting_inputs, write_atomically
    from checklist.render.formats import choose, render

    chosen = choose("trend", output, fmt)
    _check_db(db)
    if output is not None:
        refuse_overwriting_inputs(output, [db])
    conn = connect(db)
    try:
        trend = load_trend(conn, name)
    finally:
        conn.close()
    write_atomically(output or Path("-"), render("trend", trend, chosen))


@history.command()
@click.option("--year", type=int, metavar="YYYY", help="Default: the latest year on file.")
@_options
@click.pass_obj
def gaps(db: Path, year: int | None, output: Path | None, fmt: str | None) -> None:
    """The gaps most agencies share in a year, and how many years in a row each has been
    open (the same rule below full credit in consecutive assessments)."""
    _show(db, "gaps", output, fmt, year=year)


@history.command()
@click.option("--year", type=int, metavar="YYYY", required=True)
@_options
@click.pass_obj
def missing(db: Path, year: int, output: Path | None, fmt: str | None) -> None:
    """Agencies on file before YEAR with no assessment dated in YEAR."""
    _show(db, "missing", output, fmt, year=year)


@history.command()
@click.option("--table", default="assessments", show_default=True,
              type=click.Choice(["assessments", "domain_scores", "rule_results", "agencies",
                                 "runs"]))
@_options
@click.pass_obj
def export(db: Path, table: str, output: Path | None, fmt: str | None) -> None:
    """Every stored row of one table (CSV by default), for your own analysis."""
    _show(db, "export", output, fmt or ("csv" if output is None or
                                        output.suffix.lower() not in (".json", ".md")
                                        else None), table=table)
