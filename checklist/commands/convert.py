"""``checklist convert``: an assessment as YAML or as a workbook (.xlsx), without loss.

The file is checked in full first (as ``validate`` does), so a conversion never carries
an error into the other format. Comments in a YAML file are not carried over.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import yaml

from checklist.load.assessment import WORKBOOK_SUFFIXES, load_assessment, read_document
from checklist.load.problems import UsageError
from checklist.outputs import refuse_overwriting_inputs, write_atomically

_YAML_SUFFIXES = (".yaml", ".yml")


def yaml_text(data: Any) -> str:
    """Plain data as YAML that reads back as the same data."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=False)


@click.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The file to write: .xlsx for a workbook, .yaml for YAML.")
@click.option("--pack", metavar="NAME|PATH",
              help="Rule pack to use instead of the one the file names.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def convert(source: Path, output: Path, pack: str | None, force: bool) -> None:
    """Turn an assessment YAML file into a workbook (.xlsx), or back.

    \b
    Examples:
      checklist convert assessment.yaml -o assessment.xlsx
      checklist convert assessment.xlsx -o assessment.yaml

    The answers are the same in both files; YAML comments are not kept.
    """
    from checklist.cli import err

    to_workbook = output.suffix.lower() in WORKBOOK_SUFFIXES
    if output.suffix.lower() == ".xlsm":
        raise UsageError("write a plain workbook (.xlsx); macro workbooks are not written")
    if not to_workbook and output.suffix.lower() not in _YAML_SUFFIXES:
        raise UsageError(f"cannot tell the format of {output.name}: end its name with .xlsx "
                         "for a workbook or .yaml for YAML")
    refuse_overwriting_inputs(output, [source])
    if output.exists() and not force:
        raise UsageError(f"{output} already exists; nothing was written. Choose another name "
                         "with -o, or add --force to replace it")
    loaded = load_assessment(source, pack)  # every problem, before anything is written
    for problem in loaded.warnings:
        err(str(problem))
    data = read_document(source, pack).data
    if to_workbook:
        from checklist.authoring.workbook import workbook_bytes

        write_atomically(output, workbook_bytes(data, loaded.pack))  # type: ignore[arg-type]
    else:
        write_atomically(output, yaml_text(data).encode("utf-8"))
    err(f"Wrote {output} from {source} ({len(loaded.assessment.answers)} practices).")
