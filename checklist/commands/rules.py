"""``checklist rules list|show|export``: read a pack without opening its files; export it."""

from __future__ import annotations

from pathlib import Path

import click

from checklist.evaluation.verify import resolve
from checklist.i18n.findings import expectation_text
from checklist.load.packs import DEFAULT_PACK, Pack, load_pack
from checklist.load.problems import UsageError, did_you_mean
from checklist.models.pack import ExcludedChoices, Fact, ParameterRef, Rule
from checklist.render.formats import format_names
from checklist.render.text import plural


def _conditions(rule: Rule) -> str:
    parts = []
    for question, condition in rule.applies_when.items():
        if isinstance(condition, ExcludedChoices):
            parts.append(f"{question}≠{', '.join(condition.none_of)}")
            continue
        shown = ", ".join(condition) if isinstance(condition, list) else str(condition).lower()
        parts.append(f"{question}={shown}")
    return "; ".join(parts)


def _label_words(fact: Fact) -> str:
    """How reports name the fact: its label, or (without one) its id in words."""
    if fact.label.strip():
        return f"“{fact.label.strip()}”"
    return f"“{fact.shown_label}” (no label: the id in words)"


def unlabelled_facts(pack: Pack) -> dict[str, list[str]]:
    """Rule id → the ids of its facts that have no label, in pack order."""
    found: dict[str, list[str]] = {}
    for rule in pack.rules.values():
        missing = [f.id for f in rule.facts if not f.label.strip()]
        if missing:
            found[rule.id] = missing
    return found


def label_warning(pack: Pack) -> str:
    """One plain line about facts that reports can name only by their id in words."""
    found = unlabelled_facts(pack)
    if not found:
        return ""
    count = sum(len(ids) for ids in found.values())
    facts, rules = plural(count, "fact"), plural(len(found), "rule")
    return (f"Warning: {facts} in {rules} of this pack {'has' if count == 1 else 'have'} no "
            f"label, so reports name {'it' if count == 1 else 'them'} by the id in words; "
            f"give each fact a label in the pack. Rules: {', '.join(found)}")


def _show(pack: Pack, rule: Rule) -> str:
    lines = [f"{rule.id}  {rule.title}",
             f"Domain: {pack.rule_domain[rule.id]}   Severity: {rule.severity}   "
             f"Weight: {pack.weight(rule):g}",
             "", f"Requirement: {rule.requirement}", "", f"Why: {rule.rationale}"]
    if rule.applies_when:
        lines += ["", f"Applies when: {_conditions(rule)}"]
    if rule.objectives:
        lines += ["", "Objectives:"] + [f"  - {o.id}: {o.text}" for o in rule.objectives]
    ev = rule.evidence
    if ev.required or ev.examples or ev.max_age_days is not None:
        age = ev.max_age_days
        age_text = (f"parameter {age.parameter} = {pack.parameters[age.parameter].default:g}"
                    if isinstance(age, ParameterRef) else f"{age}")
        lines += ["", f"Evidence: {'required' if ev.required else 'optional'}"
                  + (f"; no older than {age_text} days" if age is not None else "")]
        lines += [f"  - {e}" for e in ev.examples]
    if rule.facts:
        lines += ["", "Facts:"] + [f"  - {f.id} ({f.type}{', ' + f.unit if f.unit else ''}): "
                                   f"{_label_words(f)}; {f.help}" for f in rule.facts]
    if rule.checks:
        lines += ["", "Checks:"]
        facts = {f.id: f for f in rule.facts}
        for c in rule.checks:
            limit = resolve(c.value, {p.id: float(p.default) for p in pack.manifest.parameters})
            tailorable = (f"; tailorable as parameter {c.value.parameter}"
                          if isinstance(c.value, ParameterRef) else "")
            fact = facts[c.fact]
            expects = c.describe or expectation_text(c.test, fact.shown_label, limit, fact.unit,
                                                     "the assessment date")
            lines.append(f"  - {expects}"
                         f" (if not: at most {c.on_fail}{tailorable})")
    lines += ["", f"Remediation: {rule.remediation}", "", "References:"]
    for ref in rule.references:
        source = pack.sources[ref.source]
        label = ref.verification or source.verification
        lines.append(f"  - {source.title} ({source.issuer}), {ref.locator} [{label}]")
    return "\n".join(lines)


def echo(text: str) -> None:
    """Pack text shown on a terminal: control characters visible, never obeyed."""
    from checklist.terminal import visible_controls

    click.echo(visible_controls(text))


@click.group()
def rules() -> None:
    """List the rules of a pack, show one in full, or export the pack."""

@rules.command("list")
@click.option("--pack", "pack_name", default=DEFAULT_PACK, show_default=True,
              metavar="NAME|PATH", help="Rule pack to read.")
@click.option("--domain", help="Only this domain (e.g. AGR).")
def list_rules(pack_name: str, domain: str | None) -> None:
    """List every rule: id, severity, title and when it applies.

    \b
    Example:
      checklist rules list --domain TRN
    """

    pack = load_pack(pack_name)
    ids = [d.id for d in pack.domains]
    if domain and domain not in ids:
        raise UsageError(f"no domain '{domain}' in pack {pack.id}"
                         f"{did_you_mean(domain, ids)}; domains: {', '.join(ids)}")
    echo(f"{pack.manifest.title} (pack {pack.id} {pack.version}): "
               f"{len(pack.rules)} rules")
    warning = label_warning(pack)
    if warning:
        from checklist.cli import err

        err(warning)
    for d in pack.domains:
        if domain and d.id != domain:
            continue
        echo(f"\n{d.id}  {d.title}")
        for rule in d.rules:
            when = f"  [only when {_conditions(rule)}]" if rule.applies_when else ""
            echo(f"  {rule.id:<8} {rule.severity:<9} {rule.title}{when}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--pack", "pack_name", default=DEFAULT_PACK, show_default=True,
              metavar="NAME|PATH", help="Rule pack to read.")
def show_rule(rule_id: str, pack_name: str) -> None:
    """Show one rule in full: requirement, objectives, evidence, checks, sources.

    \b
    Example:
      checklist rules show AGR-01
    """

    pack = load_pack(pack_name)
    rule = pack.rules.get(rule_id) or pack.rules.get(rule_id.upper())
    if rule is None:
        raise UsageError(f"no rule '{rule_id}' in pack {pack.id}"
                         f"{did_you_mean(rule_id, pack.rules)}")
    echo(_show(pack, rule))



@rules.command("export")
@click.option("--pack", "pack_name", default=DEFAULT_PACK, show_default=True,
              metavar="NAME|PATH", help="Rule pack to export.")
@click.option("-f", "--format", "fmt", type=click.Choice(format_names("catalog")),
              default="oscal-catalog", show_default=True, help="Format to write.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write ('-' for standard output). Default: "
                   "PACK-VERSION.catalog.oscal.json, the name assessment results refer to.")
def export_rules(pack_name: str, fmt: str, output: Path | None) -> None:
    """Write the whole pack in another format: an OSCAL catalog, with domains as
    groups, rules as controls, objectives as parts and sources as back matter.

    \b
    Example:
      checklist rules export --format oscal-catalog -o catalog.oscal.json
    """
    from checklist.cli import err
    from checklist.outputs import write_atomically
    from checklist.render.formats import choose, render
    from checklist.render.oscal.common import catalog_file_name

    chosen = choose("catalog", None, fmt)
    pack = load_pack(pack_name)
    target = output or Path(catalog_file_name(pack.id, pack.version))
    write_atomically(target, render("catalog", pack, chosen))
    if str(target) != "-":
        err(f"Wrote {target}: {len(pack.rules)} rules of pack {pack.id} {pack.version} "
            f"as an OSCAL catalog")


def _add_translations() -> None:
    from checklist.commands.rules_translations import translations

    rules.add_command(translations)


_add_translations()
