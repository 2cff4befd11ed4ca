"""The JSON result: complete, stable, key order fixed (docs/json-output.md)."""

from __future__ import annotations

import json

from checklist.result import Result


def to_dict(result: Result) -> dict[str, object]:
    data: dict[str, object] = result.model_dump(mode="json")
    return data


def render(result: Result) -> bytes:
    text = json.dumps(to_dict(result), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")
