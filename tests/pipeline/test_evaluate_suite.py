"""evaluate_suite: mention suites in the MEANTIME format, scored by span overlap, one to one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import GoldError
from pipeline.tools.evaluate_suite import (
    Mention,
    SuiteReport,
    _date_line,
    _gold_mentions,
    _overlaps,
    _score,
    evaluate_suite,
    is_suite,
    read_suite,
)
from tests.conftest import GOLD, ROOT

SUITE = ROOT / "tests" / "fixtures" / "suite" / "values.jsonl"


def _scored(predicted: list[Mention], gold: list[Mention]) -> tuple[int, int, int]:
    report = SuiteReport(suite_file="t", kind="entities", bare=False)
    _score(report, predicted, gold, values=False)
    return report.detection.tp, report.detection.fp, report.detection.fn


def test_one_prediction_matches_one_gold_item_the_one_it_overlaps_most() -> None:
    # a prediction over two gold names takes the longer overlap; the other gold name is missed
    assert _scored([Mention(0, 20, "ORG")], [Mention(0, 10, "ORG"), Mention(12, 20, "ORG")]) == (1, 0, 1)


def test_an_unmatched_nested_gold_item_is_not_a_miss_but_a_matched_one_counts() -> None:
    gold = [Mention(0, 30, "ORG"), Mention(0, 6, "ORG", nested=True)]
    assert _scored([Mention(0, 30, "ORG")], gold) == (1, 0, 0)
    assert _scored([Mention(0, 6, "ORG"), Mention(10, 30, "ORG")], gold) == (2, 0, 0)


def test_label_correct_counts_need_the_label_detection_does_not() -> None:
    report = SuiteReport(suite_file="t", kind="entities", bare=False)
    _score(report, [Mention(0, 8, "ORG")], [Mention(0, 8, "PER")], values=False)
    assert (report.detection.tp, report.by_label["PER"].fn, report.by_label["ORG"].fp) == (1, 1, 1)
    assert report.combined(("PER", "ORG")).tp == 0


def test_dates_count_a_value_only_when_it_agrees() -> None:
    report = SuiteReport(suite_file="t", kind="dates", bare=False)
    gold = [Mention(0, 5, "DATE", "2008-03"), Mention(10, 15, "DATE", "2008-W07")]
    _score(report, [Mention(0, 5, "DATE", "2008-03"), Mention(10, 15, "DATE", "2008-W7")], gold, values=True)
    _score(report, [Mention(0, 5, "DATE", "2009-03")], [Mention(0, 5, "DATE", "2008-03")], values=True)
    # ISO-TimeML spelling: 2008-W7 is 2008-W07; 2009-03 is a wrong value, found all the same
    assert (report.detection.tp, report.detection.strict_tp) == (3, 2)


def test_gold_places_count_only_where_they_name_a_country() -> None:
    items = [
        {"text": "Toulouse", "start": 0, "end": 8, "label": "LOC"},
        {"text": "France", "start": 10, "end": 16, "label": "LOC"},
        {"text": "the United States", "start": 20, "end": 37, "label": "LOC"},
        {"text": "Airbus", "start": 40, "end": 46, "label": "ORG"},
    ]
    assert [m.label for m in _gold_mentions(items, "entities")] == ["LOC", "LOC", "ORG"]


def test_the_date_line_is_the_second_line() -> None:
    text = "Title here\nMarch 01, 2008\nBody on Monday."
    assert _date_line(text) == (11, 25)
    assert _overlaps(Mention(11, 25, "DATE"), _date_line(text))
    assert not _overlaps(Mention(34, 40, "DATE"), _date_line(text))  # "Monday" in the body stays


def test_suites_are_told_from_project_gold() -> None:
    assert is_suite(SUITE)
    assert not is_suite(GOLD / "seed.jsonl")


def _eval(*options: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "eval", str(SUITE), "--json", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (result.returncode, result.stderr) == (0, "")
    report: dict[str, object] = json.loads(result.stdout)
    return report


def test_cli_scores_newsfacts_and_the_bare_model_on_a_suite() -> None:
    # Checked by hand: newsfacts finds "20,000 masks", "300 ventilators" (offsets moved back over the
    # date line that clean drops) and "12 percent" (percentages are quantities), not "three cranes" (a word
    # count of things, left out by the gold README); the bare model's CARDINAL and PERCENT entities overlap
    # all four gold values.
    newsfacts, bare = _eval(), _eval("--bare")
    assert (newsfacts["system"], newsfacts["articles"]) == ("newsfacts", 1)
    detection = newsfacts["detection"]
    assert isinstance(detection, dict)
    assert (detection["tp"], detection["fp"], detection["fn"]) == (3, 0, 1)
    bare_detection = bare["detection"]
    assert isinstance(bare_detection, dict)
    assert (bare["system"], bare_detection["tp"], bare_detection["fp"], bare_detection["fn"]) == (
        "bare model",
        4,
        0,
        0,
    )


def test_bare_is_refused_on_project_gold() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "eval", str(GOLD / "seed.jsonl"), "--bare"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "newsfacts eval: error: --bare scores a mention suite (the MEANTIME format), not a project gold file\n"
    )


def test_only_country_names_count_as_places_on_the_newsfacts_side(tmp_path: Path) -> None:
    # newsfacts lists "French" under France too; the suite compares LOC where a country is named
    text = "Aid for France\nMay 04, 2021\nFrench doctors flew to France on Monday."
    gold = [
        {"text": "France", "start": t, "end": t + 6, "label": "LOC"}
        for t in (text.index("France"), text.rindex("France"))
    ]
    suite = tmp_path / "entities.jsonl"
    line = {"suite": "s", "id": "a", "text": text, "dct": "2021-05-04", "expect": {"entities": gold}}
    suite.write_text(json.dumps(line) + "\n", encoding="utf-8")
    report = evaluate_suite(suite)
    loc = report.by_label["LOC"]
    assert (loc.tp, loc.fp, loc.fn) == (2, 0, 0)


def test_a_suite_line_without_expect_is_named(tmp_path: Path) -> None:
    suite = tmp_path / "bad.jsonl"
    suite.write_text(
        '{"suite": "s", "text": "x", "expect": {}}\n{"suite": "s", "text": "y"}\n', encoding="utf-8"
    )
    with pytest.raises(GoldError) as caught:
        list(read_suite(suite))
    assert str(caught.value) == f"{suite}:2: a suite line needs 'text' and 'expect'; see its README"
