"""One practice compared across two results: its status on each side, gap or met, why it
went down, and the :class:`RuleChange` the comparison lists, in priority order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from checklist.models.pack import SEVERITY_ORDER
from checklist.portfolio.models import RuleChange, SideStatus
from checklist.result import RuleResult
from checklist.statuses import RANK as STATUS_RANK


def side_status(rule: RuleResult | None) -> SideStatus:
    if rule is None:
        return "not_in_pack"
    if rule.scope != "in_scope":
        return rule.scope
    assert rule.effective_status is not None
    return rule.effective_status


def is_gap(rule: RuleResult | None) -> bool:
    return (rule is not None and rule.scope == "in_scope"
            and rule.credit is not None and rule.credit < 1)


def is_met(rule: RuleResult | None) -> bool:
    return (rule is not None and rule.scope == "in_scope"
            and rule.credit is not None and rule.credit >= 1)


Cause = Literal["evidence_aged", "practice_changed"]


def cause(old: RuleResult | None, new: RuleResult | None) -> Cause | None:
    """Why a status went down: the same answer with older evidence, or a changed practice."""
    if (old is None or new is None or old.scope != "in_scope" or new.scope != "in_scope"
            or STATUS_RANK[side_status(new)] >= STATUS_RANK[side_status(old)]):
        return None
    same_answer = (old.claimed_status == new.claimed_status
                   and {o.id: o.met for o in old.objectives}
                   == {o.id: o.met for o in new.objectives})
    return "evidence_aged" if same_answer else "practice_changed"


def rule_change(old: RuleResult | None, new: RuleResult | None) -> RuleChange:
    ref = new or old
    assert ref is not None
    return RuleChange(
        old_claimed=old.claimed_status if old else None,
        new_claimed=new.claimed_status if new else None,
        cause=cause(old, new),
        rule=ref.id, domain=ref.domain, title=ref.title, severity=ref.severity,
        weight=ref.weight, old_status=side_status(old), new_status=side_status(new),
        old_credit=old.credit if old else None, new_credit=new.credit if new else None,
        owner=(new.owner if new and new.owner else (old.owner if old else "")),
        reasons=tuple(f.message for f in (new.findings if new else ()) if f.caps_at),
    )


def by_priority(credit_of: Callable[[RuleChange], float | None]) -> Callable[[RuleChange],
                                                                         tuple[float, int, str]]:
    """Sort key: the larger the weight × (1 − credit), the earlier; then severity, id."""
    def key(c: RuleChange) -> tuple[float, int, str]:
        credit = credit_of(c)
        priority = c.weight * (1 - (credit if credit is not None else 0))
        return (-priority, SEVERITY_ORDER[c.severity], c.rule)
    return key
