"""The JSON result: complete, stable, key order fixed (docs/json-output.md)."""

from __future__ import annotations

import json

from checklist.result import Result


def to_dict(result: Result) -> dict[str, object]:
    data: dict[str, object] = result.model_dump(mode="json")
    return data


def render(result: Result) -> bytes:
    # allow_nan=False: NaN is not JSON; valid inputs cannot produce it, so fail loudly.
    text = json.dumps(to_dict(result), indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")
