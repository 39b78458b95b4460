"""Exact rows from the sample, through the query views.

Input: the reviewed golden output of the sample (tests/golden/, published 2020-05-20). Expected rows were
checked by hand against the hand-made seed gold (shared/gold/seed.jsonl): every quantity, person and
acronym below is what that gold lists for the article.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.outputs.query import run_query
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "srrsh-2020-05-20.json"


@pytest.fixture(scope="module")
def sample_jsonl(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("sample") / "articles.jsonl"
    record = json.loads(GOLDEN.read_text(encoding="utf-8"))
    record["extractor"]["version"] = "0"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return str(path)


def query(files: str, sql: str) -> list[list[object]]:
    return [list(r.values()) for r in json.loads(run_query([files], sql, output_format="json"))]


def test_quantities_by_category_on_the_sample(sample_jsonl: str) -> None:
    sql = "SELECT category, count(*) AS n, sum(value) AS total FROM quantities GROUP BY 1 ORDER BY 1"
    assert query(sample_jsonl, sql) == [
        ["consultations", 1, 150.0],
        ["countries", 1, 25.0],
        ["experts", 2, 62.0],
        ["gowns", 1, 600.0],
        ["masks", 2, 70000.0],
        ["medical_staff", 1, 60.0],
        ["medical_supplies", 1, 25.0],
        ["patients", 2, 750.0],
        ["people", 1, 6.0],
    ]


def test_people_and_their_organisations_on_the_sample(sample_jsonl: str) -> None:
    sql = "SELECT name, title, role, organisation FROM people WHERE role <> 'author' ORDER BY person_index"
    assert query(sample_jsonl, sql) == [
        ["Cai Xiujun", "Dr.", "president", "SRRSH"],
        ["Ge Huiqing", "Dr.", "director", "Department of Respiratory Therapy of SRRSH"],
        ["Yu Hong", "Dr.", "vice president", "SRRSH"],
        ["Pan Hongming", "Professor", "chairman", "CSCO Tumor Nutrition Therapy Expert Committee"],
        ["Hu Hongjie", "Dr.", "director", "Radiology Department"],
        ["Qian Xiang", "Dr.", "director", "Department of International Medicine at Stanford University"],
        ["Sugeno Yohei", "Director", "director", "Tokyo TV"],
    ]


def test_acronyms_and_countries_on_the_sample(sample_jsonl: str) -> None:
    assert query(
        sample_jsonl, "SELECT acronym, name FROM organisations WHERE acronym IS NOT NULL ORDER BY 1"
    ) == [
        ["HHRDC", "Health Human Resources Development Center"],
        ["WHO", "World Health Organization"],
    ]
    assert query(sample_jsonl, "SELECT iso2 FROM countries ORDER BY 1") == [
        [c] for c in ["BE", "CH", "CN", "IT", "JP", "NL", "SE", "US"]
    ]
