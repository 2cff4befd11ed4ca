"""``checklist schema``: the JSON Schema of a pack's assessment files, for editors."""

from __future__ import annotations

from pathlib import Path

import click

from checklist.authoring.schema import schema_text
from checklist.load.packs import DEFAULT_PACK, load_pack
from checklist.outputs import write_atomically


@click.command()
@click.option("--pack", "pack_name", default=DEFAULT_PACK, show_default=True,
              metavar="NAME|PATH", help="Rule pack whose assessment files the schema describes.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (replaced if it exists); without it, or with '-', the "
                   "schema is printed.")
def schema(pack_name: str, output: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of assessment files for a pack.

    Editors use it to suggest keys and allowed values and to mark mistakes while
    an assessment is typed; `checklist init` already writes one next to the file
    it creates. The schema reports what `checklist validate` reports as errors,
    except for the few checks a schema cannot express (listed in the guide).

    \b
    Examples:
      checklist schema --pack task-force-coordination -o assessment.schema.json
      checklist schema --pack ./my-pack > my-pack.schema.json
    """
    from checklist.cli import err

    text = schema_text(load_pack(pack_name))
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    write_atomically(output, text.encode("utf-8"))
    err(f"Wrote {output}")

