"""What differs between the pack versions of two compared results: rules added, removed,
reweighted, and the old rules a new major version maps onto its own."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from checklist.portfolio.models import MappedRule, PackChange, PackRule, Reweighted
from checklist.portfolio.rule_changes import side_status
from checklist.result import Result, RuleResult


def _pack_rule(rule: RuleResult) -> PackRule:
    return PackRule(rule=rule.id, domain=rule.domain, title=rule.title,
                    severity=rule.severity, status=side_status(rule))


def mapped_rules(old_rules: dict[str, RuleResult], new_rules: dict[str, RuleResult],
             replaces: Mapping[str, Sequence[str]]) -> list[MappedRule]:
    """The old rules the new pack maps onto its own. A successor that exists only in the new
    version is compared with the old rule; one with an old rule of its own (a merge) keeps
    that pairing, and the mapping is only listed."""
    out = []
    for old_id, successors in sorted(replaces.items()):
        if old_id not in old_rules:
            continue
        for new_id in successors:
            if new_id in new_rules and new_id != old_id:
                out.append(MappedRule(old_rule=old_id, new_rule=new_id,
                                      title=new_rules[new_id].title,
                                      compared=new_id not in old_rules))
    return out


def pack_change(old: Result, new: Result, old_rules: dict[str, RuleResult],
                 new_rules: dict[str, RuleResult],
                 mapped: Sequence[MappedRule] = ()) -> PackChange | None:
    if old.pack.version == new.pack.version and old.pack.sha256 == new.pack.sha256:
        return None
    taken_new = {m.new_rule for m in mapped if m.compared}
    taken_old = {m.old_rule for m in mapped}
    reweighted = [Reweighted(rule=rid, title=new_rules[rid].title,
                             old_weight=old_rules[rid].weight, new_weight=new_rules[rid].weight)
                  for rid in sorted(set(old_rules) & set(new_rules))
                  if old_rules[rid].weight != new_rules[rid].weight]
    return PackChange(
        old_version=old.pack.version, new_version=new.pack.version,
        same_content=old.pack.sha256 == new.pack.sha256,
        added=tuple(_pack_rule(new_rules[r])
                    for r in sorted(set(new_rules) - set(old_rules) - taken_new)),
        removed=tuple(_pack_rule(old_rules[r])
                      for r in sorted(set(old_rules) - set(new_rules) - taken_old)),
        reweighted=tuple(reweighted),
        mapped=tuple(mapped),
    )
