"""Findings as data: a code and its parameters, with the English sentence made from them."""

from __future__ import annotations

from checklist.i18n.findings import finding_text
from checklist.result import EffectiveStatus, Finding, FindingCode, FindingParam


def finding(code: FindingCode, caps_at: EffectiveStatus | None = None,
            **params: FindingParam) -> Finding:
    """A finding whose ``message`` is the English sentence of ``code`` and ``params``."""
    return Finding(code=code, message=finding_text(code, params), caps_at=caps_at,
                   params=params)
