"""``checklist rules translations``: how much of a pack a translation covers."""

from __future__ import annotations

import click

from checklist.i18n import available
from checklist.load.packs import DEFAULT_PACK, load_pack, translation_path


@click.command("translations")
@click.option("--pack", "pack_name", default=DEFAULT_PACK, show_default=True,
              metavar="NAME|PATH", help="Rule pack (a shipped pack's name or a folder).")
@click.option("--lang", "lang", required=True, type=click.Choice(available()[1:]),
              help="The language of the translation.")
@click.option("--skeleton", is_flag=True,
              help="Print YAML entries for the missing and stale texts (fingerprint and "
                   "English), to paste under 'entries:' and translate.")
def translations(pack_name: str, lang: str, skeleton: bool) -> None:
    """Report how much of a pack's text is translated, and list the stale entries.

    A translation entry is stale when the English text changed after it was
    translated (its fingerprint no longer matches); documents then show the
    English text. The pack's translations are in translations/LANG.yaml.

    \b
    Examples:
      checklist rules translations --lang es
      checklist rules translations --pack ./my-pack --lang es --skeleton
    """
    from checklist.commands.rules import echo
    from checklist.i18n import pack_text

    pack = load_pack(pack_name)
    cov = pack_text.coverage(pack, lang)
    if skeleton:
        echo(pack_text.skeleton(cov).rstrip("\n"))
        return
    echo("\n".join(report_lines(cov, f"{pack.id} {pack.version}",
                                str(translation_path(pack, lang)))))


def _share(n: int, total: int) -> str:
    return f"{n} of {total}" + (f" ({100 * n / total:.1f}%)" if total else "")


def report_lines(cov: object, pack_label: str, path: str) -> list[str]:
    from checklist.i18n.pack_text import Coverage

    assert isinstance(cov, Coverage)
    total = len(cov.states)
    lines = [f"Pack {pack_label}, language {cov.language}: {path}"
             + ("" if cov.has_file else " (no such file: every text is shown in English)")]
    lines.append("Reviewed by: " + (cov.reviewed_by or "nobody yet; documents say the "
                                                        "translation has not been reviewed"))
    lines.append(f"Translated: {_share(cov.count('translated'), total)}; stale: "
                 f"{cov.count('stale')}; missing: {cov.count('missing')}")
    for part in cov.parts():
        in_part = sum(1 for key in cov.states if key.split(".")[0] == part)
        lines.append(f"  {part:<10} {_share(cov.count('translated', part), in_part)} "
                     f"translated, {cov.count('stale', part)} stale")
    stale = [key for key, state in cov.states.items() if state == "stale"]
    if stale:
        lines += ["Stale (the English changed after translation; shown in English):",
                  *(f"  {key}: {' '.join(cov.english[key].split())[:90]}" for key in stale)]
    if cov.unknown:
        lines += ["Entries that name no text of the pack (remove or rename them):",
                  *(f"  {key}" for key in cov.unknown)]
    return lines
