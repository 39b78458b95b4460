"""The quality gate: per-field F1 floors on the gold sets and mention suites, pinned in tests/quality_floors.json.

A change may raise a floor, never quietly lower it. Each floor sits a little under the measured figure
(recorded beside it in the file) so that a regression fails CI.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from pipeline.runner import Pipeline
from pipeline.tools.evaluate import EvalReport, evaluate
from pipeline.tools.evaluate_suite import SuiteReport, evaluate_suite
from tests.conftest import GOLD, ROOT

FLOORS: dict[str, Any] = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))


@cache
def _report(gold_file: str, limit: int | None, exact_values: bool) -> EvalReport:
    return evaluate(Path(GOLD / gold_file), pipeline=Pipeline(), limit=limit, exact_values=exact_values)


CASES = [
    pytest.param(
        entry["file"],
        entry.get("limit"),
        entry.get("exact_values", False),
        metric,
        field,
        floor,
        id=f"{entry['file']}-{field}-{metric}" + ("-exact" if entry.get("exact_values") else ""),
    )
    for entry in FLOORS["gates"]
    for metric in ("f1", "strict_f1")
    for field, floor in entry.get(metric, {}).items()
]


@pytest.mark.slow
@pytest.mark.parametrize(("gold_file", "limit", "exact_values", "metric", "field", "floor"), CASES)
def test_field_score_stays_above_its_floor(
    gold_file: str, limit: int | None, exact_values: bool, metric: str, field: str, floor: float
) -> None:
    report = _report(gold_file, limit, exact_values)
    assert not report.errors, report.errors
    value = report.mean_strict_f1 if field == "mean" else getattr(report.totals[field], metric)
    assert value >= floor, f"{gold_file} {field} {metric} = {value:.3f}, below the floor {floor}"


@cache
def _suite(suite_file: str) -> SuiteReport:
    return evaluate_suite(GOLD / suite_file, pipeline=Pipeline())


SUITE_CASES = [
    pytest.param(entry, metric, id=f"{entry['file']}-{metric}")
    for entry in FLOORS["suites"]
    for metric in ("f1", "strict_f1")
    if metric in entry
]


@pytest.mark.slow
@pytest.mark.parametrize(("entry", "metric"), SUITE_CASES)
def test_suite_score_stays_above_its_floor(entry: dict[str, Any], metric: str) -> None:
    """Mention suites (MEANTIME): label-correct over `labels` when given, else detection over all."""
    report = _suite(entry["file"])
    assert not report.errors, report.errors
    counts = report.combined(entry["labels"]) if "labels" in entry else report.detection
    value = getattr(counts, metric)
    floor = entry[metric]
    assert value >= floor, f"{entry['file']} {metric} = {value:.3f}, below the floor {floor}"
