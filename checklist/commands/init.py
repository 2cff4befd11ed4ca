"""``checklist init``: write a commented assessment file to fill in, or start next year's.

Besides the YAML file, init writes ``<name>.schema.json`` next to it and points the
file's first line (``# yaml-language-server: $schema=./<name>.schema.json``) at it.
A relative path keeps the pair working when the folder is moved or shared, works
without a network, and matches the pack version the file was written for; a path
into the installed package would break when checklist is reinstalled elsewhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import click

from checklist.authoring.carry_over import carry_over, read_previous
from checklist.authoring.draft import Draft, is_shipped, parse_profile_options, scoped_rules
from checklist.authoring.scaffold import render_draft
from checklist.authoring.schema import schema_text
from checklist.i18n import using
from checklist.i18n.option import lang_option
from checklist.load.assessment import load_assessment_text
from checklist.load.packs import DEFAULT_PACK, Pack, load_pack
from checklist.load.problems import ChecklistError, InputError, UsageError
from checklist.outputs import refuse_overwriting_inputs, write_atomically


def schema_path_for(output: Path) -> Path:
    return output.with_name(f"{output.stem}.schema.json")


def _as_of(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; write it as YYYY-MM-DD, "
                                 "for example 2026-11-01") from None


def _check_targets(output: Path, schema_path: Path, inputs: list[Path], force: bool) -> None:
    if str(output) == "-":
        raise UsageError("init writes a file that is then edited; give its name with -o, "
                         "for example -o assessment.yaml")
    if not output.name.isprintable():
        raise UsageError(f"the file name {output.name!r} holds characters that cannot be "
                         "written in the file; choose a plain name")
    for target in (output, schema_path):
        refuse_overwriting_inputs(target, inputs)
    existing = [str(p) for p in (output, schema_path) if p.exists()]
    if existing and not force:
        raise UsageError(f"{' and '.join(existing)} already "
                         f"{'exists' if len(existing) == 1 else 'exist'}; nothing was written. "
                         "Choose another name with -o, or add --force to replace "
                         f"{'it' if len(existing) == 1 else 'them'}")


def _self_check(text: str, output: Path, pack: Pack) -> None:
    """The file must validate as written; if not, that is a fault in checklist."""
    try:
        load_assessment_text(text, str(output), pack_override=str(pack.path))
    except InputError as exc:
        details = "; ".join(str(p) for p in exc.problems[:3])
        raise ChecklistError(f"internal error: the file prepared for {output} does not "
                             f"validate ({details}); nothing was written") from None


@click.command()
@click.option("-o", "--output", required=True,
              type=click.Path(path_type=Path, dir_okay=False),
              help="The assessment file to write, e.g. assessment.yaml, or assessment.xlsx "
                   "for a workbook to fill in with a spreadsheet program.")
@click.option("--pack", "pack_name", metavar="NAME|PATH",
              help=f"Rule pack (a shipped pack's name or a folder). Default: {DEFAULT_PACK}, "
                   "or with --from the pack the previous file names.")
@click.option("--profile", "profile", multiple=True, metavar="QUESTION=VALUE",
              help="Answer a profile question now and leave out the practices that do "
                   "not apply (repeatable; several choices separated by commas).")
@click.option("--as-of", "as_of", callback=_as_of, metavar="YYYY-MM-DD",
              help="The assessment date written into the file. Default: today.")
@click.option("--from", "from_path", type=click.Path(path_type=Path, dir_okay=False),
              metavar="FILE", help="Start from a previous assessment: carry over what "
              "still holds, clear what must be answered again.")
@click.option("--force", is_flag=True,
              help="Replace the output file and its schema if they exist.")
@lang_option
def init(output: Path, pack_name: str | None, profile: tuple[str, ...],
         as_of: dt.date | None, from_path: Path | None, force: bool,
         lang: str | None) -> None:
    """Write a commented assessment file to fill in.

    The file lists every practice of the pack with its requirement, the
    objectives to tick, the facts and evidence wanted and the allowed
    statuses; everything starts unanswered and the file validates as it is.
    A JSON Schema for editors (NAME.schema.json) is written next to it.

    \b
    Examples:
      checklist init --pack task-force-coordination -o assessment.yaml
      checklist init -o assessment.yaml --profile accesses_cji=false \\
          --profile federal_programs=hsi-task-force,dea-task-force
      checklist init --from assessment-2025.yaml -o assessment-2026.yaml
      checklist init -o evaluacion.yaml --lang es

    With --lang es the file's comments are in Spanish and its report_language
    is es. With --from, agency, assessor, profile, parameters, evidence, owners, notes,
    justifications and active exceptions are carried over; statuses, objective
    ticks, checked facts and past target dates are cleared (old values kept as
    comments). A summary of both is printed.
    """
    as_workbook = output.suffix.lower() == ".xlsx"
    schema_path = output if as_workbook else schema_path_for(output)
    _check_targets(output, schema_path, [from_path] if from_path else [], force)
    day = as_of or dt.date.today()
    draft, summary = _start_draft(output, pack_name, profile, day, from_path)
    draft = dataclasses.replace(draft, schema_ref=f"./{schema_path.name}")
    if lang is not None:  # the file's comments, and the report it will give, in LANG
        draft = dataclasses.replace(draft, report=dataclasses.replace(
            draft.report, report_language=lang))
    with using(draft.report.report_language or "en"):
        text = render_draft(draft)
    _self_check(text, output, draft.pack)
    for target in (output, schema_path):  # the pack's own files are inputs too
        refuse_overwriting_inputs(target)
    _write(output, schema_path, text, draft.pack, as_workbook)
    _tell(summary, draft, output, schema_path, day, as_workbook)


def _start_draft(output: Path, pack_name: str | None, profile: tuple[str, ...], day: dt.date,
                 from_path: Path | None) -> tuple[Draft, list[str]]:
    """The draft to write: empty, or carried over from ``from_path``; and, for the
    latter, the summary of what was carried and cleared."""
    if from_path is None:
        pack = load_pack(pack_name or DEFAULT_PACK)
        options = parse_profile_options(pack, profile)
        rule_ids, left_out = scoped_rules(pack, options) if options else (None, [])
        return Draft(pack=pack, as_of=day, profile=options, rule_ids=rule_ids,
                     left_out=left_out), []
    previous = read_previous(from_path)
    pack = load_pack(pack_name or previous.pack_id)
    draft, report = carry_over(previous, pack, day,
                               profile_options=parse_profile_options(pack, profile),
                               previous_name=from_path.name)
    return draft, [f"Started {output} (as of {day}) from {from_path} "
                   f"(as of {previous.as_of}).", *report.lines(),
                   "Old values of cleared fields are written as comments next to them."]


def _write(output: Path, schema_path: Path, text: str, pack: Pack, as_workbook: bool) -> None:
    if as_workbook:
        from checklist.authoring.workbook import workbook_bytes
        from checklist.load.yamlsource import parse_yaml_text

        data = parse_yaml_text(text, str(output)).data
        write_atomically(output, workbook_bytes(data, pack))  # type: ignore[arg-type]
    else:
        write_atomically(schema_path, schema_text(pack).encode("utf-8"))
        write_atomically(output, text.encode("utf-8"))


def _tell(summary: list[str], draft: Draft, output: Path, schema_path: Path, day: dt.date,
          as_workbook: bool) -> None:
    """The carry-over summary, then what was written and the command to check it."""
    from checklist.cli import err

    pack = draft.pack
    for line in summary:
        err(line)
    count = len(draft.rule_ids) if draft.rule_ids is not None else len(pack.rules)
    left = f", {len(draft.left_out)} left out by the profile" if draft.left_out else ""
    pack_option = "" if is_shipped(pack) else f"--pack {pack.path} "
    schema = "" if as_workbook else f"; the schema for editors is {schema_path.name}"
    err(f"Wrote {output} as of {day}: {count} practices to answer{left}{schema}. When it "
        f"is filled in, run: checklist validate {pack_option}{output}")
