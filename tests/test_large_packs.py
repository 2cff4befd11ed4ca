"""Large packs load and score: a generated 5,000-rule pack, an assessment file large
enough for 40,000 practices, and the value limit named when a file passes it.
How fast is measured in bench/bench_large_pack.py, never here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment_text
from checklist.load.packs import load_pack
from checklist.load.problems import InputError
from checklist.load.yamlsource import MAX_NODES, parse_yaml_text

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> object:
    spec = importlib.util.spec_from_file_location("bench_large_pack",
                                                  ROOT / "bench" / "bench_large_pack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_5000_rule_pack_loads_and_every_rule_is_scored(tmp_path: Path) -> None:
    bench = _bench()
    ids = bench.write_pack(tmp_path / "large", 5000)  # type: ignore[attr-defined]
    pack = load_pack(str(tmp_path / "large"))
    assert len(pack.rules) == 5000
    loaded = load_assessment_text(bench.assessment_text(ids),  # type: ignore[attr-defined]
                                  "a.yaml", str(tmp_path / "large"))
    result = evaluate(loaded.pack, loaded.assessment, input_name="a.yaml",
                      input_sha256=loaded.sha256)
    assert result.summary.rules_total == 5000
    assert sum(d.answered for d in result.domains) == 5000
    assert result.summary.score.value is not None


def _answers(count: int) -> str:
    return "pack: large\nanswers:\n" + "".join(
        f"  D{i // 999:03d}-{i % 999 + 1:03d}: {{status: implemented}}\n" for i in range(count))


def test_an_assessment_for_40000_practices_is_read() -> None:
    doc = parse_yaml_text(_answers(40_000), "a.yaml")
    assert isinstance(doc.data, dict) and len(doc.data["answers"]) == 40_000


def test_past_the_value_limit_the_message_names_it_and_how_to_split() -> None:
    count = MAX_NODES // 3 + 10  # three values per answer line
    with pytest.raises(InputError) as caught:
        parse_yaml_text(_answers(count), "a.yaml")
    message = str(caught.value)
    assert f"more than {MAX_NODES:,} values" in message and "split" in message
    assert "a.yaml:" in message
