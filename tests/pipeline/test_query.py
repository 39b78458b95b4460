"""pipeline.query: DuckDB views over Article JSONL, output formats, --db, errors, and the README's questions."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from spacy.language import Language

from models import ErrorRecord
from pipeline.batch import dumps
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.query import run_query, split_sql
from pipeline.runner import Pipeline
from pipeline.settings import Settings
from pipeline.sources import read_inputs
from pipeline.tables import TABLES
from tests.conftest import ROOT, SAMPLE

FIXTURES = ROOT / "tests" / "fixtures" / "articles"
ALL = [str(FIXTURES / "*.jsonl")]

# The five worked questions of the README (README.md): keep the two copies the same.
MASKS_PER_RECIPIENT_COUNTRY = """
WITH gifts AS (
  SELECT f.id, f.fact_index, f.recipient_name, f.recipient_iso2, f.sentence, sum(q.value) AS masks
  FROM facts f
  JOIN quantities q ON q.id = f.id AND list_contains(f.quantity_indexes, q.quantity_index)
  WHERE f.type = 'donation' AND q.category = 'masks'
  GROUP BY ALL
), placed AS (
  SELECT g.recipient_name, g.masks, coalesce(g.recipient_iso2, min(c.iso2)) AS country
  FROM gifts g
  LEFT JOIN mentions m ON m.id = g.id AND m.kind = 'country' AND m.sentence = g.sentence
  LEFT JOIN countries c ON c.id = m.id AND c.country_index = m.record_index
  GROUP BY g.id, g.fact_index, g.recipient_name, g.recipient_iso2, g.masks
)
SELECT country, sum(masks) AS masks,
       string_agg(DISTINCT recipient_name, '; ' ORDER BY recipient_name) AS recipients
FROM placed
GROUP BY country
ORDER BY masks DESC, country
"""
PEOPLE_AND_ORGANISATIONS = """
SELECT p.id, p.name, p.title, p.role, p.organisation, o.name AS organisation_name
FROM people p
LEFT JOIN organisations o
  ON o.id = p.id
 AND (p.organisation = o.name OR p.organisation = o.acronym OR list_contains(o.aliases, p.organisation))
ORDER BY p.id, p.person_index
"""
TIMELINE = """
SELECT id, coalesce(CAST(date AS VARCHAR), value) AS "when", end_value, mod, text, section_heading
FROM dates
WHERE type = 'DATE' AND value NOT IN ('PAST_REF', 'PRESENT_REF', 'FUTURE_REF')
ORDER BY "when", id, start
"""
ACRONYMS = """
SELECT acronym, name, count(DISTINCT id) AS articles, sum(mention_count) AS mentions
FROM organisations
WHERE acronym IS NOT NULL
GROUP BY acronym, name
ORDER BY mentions DESC, acronym
"""
QUANTITIES_BY_CATEGORY = """
SELECT category, CASE WHEN category = 'money' THEN unit END AS currency,
       count(*) AS mentions, sum(value) AS total, min(text) AS example
FROM quantities
GROUP BY ALL
ORDER BY category, currency
"""


def rows(sql: str, files: list[str] = ALL) -> list[dict[str, object]]:
    result = json.loads(run_query(files, sql, output_format="json"))
    assert isinstance(result, list)
    return result


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        pytest.param(
            MASKS_PER_RECIPIENT_COUNTRY,
            [{"country": "JP", "masks": 20000.0, "recipients": "Shizuoka General Hospital"}],
            id="masks_per_recipient_country",
        ),
        pytest.param(
            PEOPLE_AND_ORGANISATIONS,
            [
                {
                    "id": "riverside-masks",
                    "name": "Emily Chen",
                    "title": "Dr.",
                    "role": "president",
                    "organisation": "Riverside Hospital",
                    "organisation_name": "Riverside Hospital",
                },
                {
                    "id": "riverside-masks",
                    "name": "Alan Smith",
                    "title": "Prof.",
                    "role": None,
                    "organisation": None,
                    "organisation_name": None,
                },
            ],
            id="people_and_organisations",
        ),
        pytest.param(
            TIMELINE,
            [
                {
                    "id": "riverside-masks",
                    "when": "2020-04-09",
                    "end_value": None,
                    "mod": None,
                    "text": "April 9, 2020",
                    "section_heading": None,
                },
                {
                    "id": "no-text",
                    "when": "2020-W04",
                    "end_value": None,
                    "mod": None,
                    "text": "last week",
                    "section_heading": None,
                },
                {
                    "id": "embassy-kenya",
                    "when": "2021-05-12",
                    "end_value": None,
                    "mod": None,
                    "text": "12 May 2021",
                    "section_heading": None,
                },
                {
                    "id": "riverside-masks",
                    "when": "XXXX-03",
                    "end_value": None,
                    "mod": "MID",
                    "text": "mid-March",
                    "section_heading": "Sharing experience with WHO",
                },
            ],
            id="timeline",
        ),
        pytest.param(
            ACRONYMS,
            [{"acronym": "WHO", "name": "World Health Organization", "articles": 1, "mentions": 3}],
            id="acronyms",
        ),
        pytest.param(
            QUANTITIES_BY_CATEGORY,
            [
                {
                    "category": "consultations",
                    "currency": None,
                    "mentions": 1,
                    "total": 150.0,
                    "example": "More than 150 online consultations",
                },
                {
                    "category": "gowns",
                    "currency": None,
                    "mentions": 1,
                    "total": 600.0,
                    "example": "600 pieces of surgical gowns",
                },
                {
                    "category": "masks",
                    "currency": None,
                    "mentions": 1,
                    "total": 20000.0,
                    "example": "20,000 surgical masks",
                },
                {
                    "category": "money",
                    "currency": "USD",
                    "mentions": 1,
                    "total": 1500000.0,
                    "example": "USD 1.5 million",
                },
                {
                    "category": "test_kits",
                    "currency": None,
                    "mentions": 1,
                    "total": 5000.0,
                    "example": "5,000 test kits",
                },
            ],
            id="quantities_by_category",
        ),
    ],
)
def test_readme_questions_on_the_fixtures(sql: str, expected: list[dict[str, object]]) -> None:
    assert rows(sql) == expected


def test_exact_rows_of_the_dates_view() -> None:
    sql = "SELECT date_index, value, date, type, section, text, start, sentence FROM dates WHERE id = 'embassy-kenya'"
    assert rows(sql) == [
        {
            "date_index": 0,
            "value": "2021-05-12",
            "date": "2021-05-12",
            "type": "DATE",
            "section": 0,
            "text": "12 May 2021",
            "start": 103,
            "sentence": "The Embassy of Japan handed over USD 1.5 million and 5,000 test kits to Kenya on 12 May 2021.",
        },
        {
            "date_index": 1,
            "value": "P2W",
            "date": None,
            "type": "DURATION",
            "section": 0,
            "text": "two weeks",
            "start": 132,
            "sentence": "The gift covers two weeks of testing.",
        },
    ]


def test_article_without_text_has_null_sentences() -> None:
    assert rows(
        "SELECT id, text_length, sentence FROM articles JOIN dates USING (id) WHERE id = 'no-text'"
    ) == [{"id": "no-text", "text_length": None, "sentence": None}]


def test_columns_keep_their_types_when_null_in_every_row() -> None:
    listing = json.loads(run_query(ALL, None, output_format="json"))
    types = {(r["view"], r["column"]): r["type"] for r in listing}
    assert types[("facts", "agent_iso2")] == "VARCHAR"  # null in every fixture row
    assert types[("dates", "end_date")] == "DATE"
    assert types[("facts", "quantity_totals")] == "MAP(VARCHAR, DOUBLE)"
    assert types[("quantities", "value")] == "DOUBLE"
    assert types[("dates", "year_inferred")] == "BOOLEAN"
    assert [r["column"] for r in listing if r["view"] == "facts"] == [c.name for c in TABLES["facts"]]
    assert list(dict.fromkeys(r["view"] for r in listing)) == list(TABLES)


def test_listing_without_sql() -> None:
    text = run_query(ALL, None)
    assert text.startswith("articles (3 rows)\n  id                 VARCHAR    Article id.\n")
    for header in ("sections (4 rows)", "people (2 rows)", "facts (3 rows)", "mentions (14 rows)"):
        assert f"\n\n{header}\n" in text


SMALL = (
    "SELECT id, quantity_index, value, qualifier, quantity_index > 0 AS later FROM quantities ORDER BY id, 2"
)


@pytest.mark.parametrize(
    ("output_format", "expected"),
    [
        pytest.param(
            "table",
            "id              | quantity_index |     value | qualifier | later\n"
            "----------------+----------------+-----------+-----------+------\n"
            "embassy-kenya   |              0 | 1500000.0 | NULL      | false\n"
            "embassy-kenya   |              1 |    5000.0 | NULL      | true\n"
            "riverside-masks |              0 |   20000.0 | NULL      | false\n"
            "riverside-masks |              1 |     600.0 | NULL      | true\n"
            "riverside-masks |              2 |     150.0 | more_than | true\n"
            "(5 rows)\n",
            id="table",
        ),
        pytest.param(
            "csv",
            "id,quantity_index,value,qualifier,later\n"
            "embassy-kenya,0,1500000.0,,false\n"
            "embassy-kenya,1,5000.0,,true\n"
            "riverside-masks,0,20000.0,,false\n"
            "riverside-masks,1,600.0,,true\n"
            "riverside-masks,2,150.0,more_than,true\n",
            id="csv",
        ),
        pytest.param(
            "jsonl",
            '{"id": "embassy-kenya", "quantity_index": 0, "value": 1500000.0, "qualifier": null, "later": false}\n'
            '{"id": "embassy-kenya", "quantity_index": 1, "value": 5000.0, "qualifier": null, "later": true}\n'
            '{"id": "riverside-masks", "quantity_index": 0, "value": 20000.0, "qualifier": null, "later": false}\n'
            '{"id": "riverside-masks", "quantity_index": 1, "value": 600.0, "qualifier": null, "later": true}\n'
            '{"id": "riverside-masks", "quantity_index": 2, "value": 150.0, "qualifier": "more_than", "later": true}\n',
            id="jsonl",
        ),
    ],
)
def test_output_formats(output_format: str, expected: str) -> None:
    assert run_query(ALL, SMALL, output_format=output_format) == expected


def test_table_cuts_long_cells_and_csv_keeps_them() -> None:
    sql = "SELECT sentence FROM facts WHERE id = 'riverside-masks' AND fact_index = 0"
    assert run_query(ALL, sql).splitlines()[2] == (
        "On April 9, 2020, Riverside Hospital sent 20,000 surgical m…"
    )
    assert run_query(ALL, sql, output_format="csv").splitlines()[1].startswith('"On April 9, 2020, Riverside')


def test_several_files_a_glob_and_a_directory_are_one_dataset() -> None:
    sql = "SELECT count(*) AS n FROM articles"
    files = [str(FIXTURES / "riverside.jsonl"), str(FIXTURES / "embassy.jsonl")]
    assert rows(sql, files) == rows(sql, ALL) == rows(sql, [str(FIXTURES)]) == [{"n": 3}]


def test_db_persists_the_tables(tmp_path: Path) -> None:
    db = tmp_path / "facts.duckdb"
    assert run_query(ALL, "SELECT 1 AS one", output_format="csv", db=db) == "one\n1\n"
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM quantities").fetchone() == (5,)
        comment = con.execute(
            "SELECT comment FROM duckdb_columns() WHERE table_name = 'dates' AND column_name = 'date'"
        ).fetchone()
        assert comment == ("`value` as a DATE when it is a full date YYYY-MM-DD, else null.",)
    finally:
        con.close()
    # a second run replaces the tables instead of failing or appending
    assert (
        run_query([str(FIXTURES / "riverside.jsonl")], "SELECT count(*) AS n FROM articles", db=db)
        == "n\n-\n1\n(1 row)\n"
    )


def test_sql_errors_are_input_errors_with_the_views() -> None:
    with pytest.raises(InputError) as e:
        run_query(ALL, "SELECT * FROM donations")
    assert str(e.value).startswith("SQL failed: Catalog Error: Table with name donations does not exist!")
    assert (
        "(the views are: articles, sections, dates, people, organisations, countries, quantities, facts"
        in str(e.value)
    )


@pytest.mark.parametrize(
    ("files", "sql", "expected"),
    [
        pytest.param(["a.jsonl", "SELECT 1"], None, (["a.jsonl"], "SELECT 1"), id="sql_taken_off_the_end"),
        pytest.param(["a.jsonl"], None, (["a.jsonl"], None), id="one_item_is_a_file"),
        pytest.param(["a.jsonl", "b.jsonl"], None, (["a.jsonl", "b.jsonl"], None), id="no_space_is_a_file"),
        pytest.param(["a.jsonl"], "SELECT 1", (["a.jsonl"], "SELECT 1"), id="sql_given"),
    ],
)
def test_split_sql(files: list[str], sql: str | None, expected: tuple[list[str], str | None]) -> None:
    assert split_sql(files, sql) == expected


def test_cli_query(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(FIXTURES), "SELECT count(*) AS n FROM facts", "--format", "csv"]) == 0
    assert capsys.readouterr().out == "n\n3\n"


def test_cli_query_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{}\n", encoding="utf-8")
    assert main(["query", str(bad), "SELECT 1"]) == 2
    assert capsys.readouterr().err == (
        f"newsfacts query: error: {bad} line 1: not an Article: id: Field required (2 error(s) in all)\n"
    )


def test_sample_through_the_pipeline(nlp: Language, tmp_path: Path) -> None:
    """Structural facts only: the stages' output on the sample changes while they are developed."""
    pipeline = Pipeline(Settings(), model=nlp)
    out = tmp_path / "articles.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for document in read_inputs([str(SAMPLE)]):
            assert not isinstance(document, ErrorRecord), document
            fh.write(dumps(pipeline.run(document)) + "\n")
    listing = json.loads(run_query([str(out)], None, output_format="json"))
    assert list(dict.fromkeys(r["view"] for r in listing)) == list(TABLES)
    assert rows("SELECT count(*) AS n FROM articles", [str(out)]) == [{"n": 1}]
    # every offset round-trips: DuckDB's substr counts characters like Python's str indices
    for view in ("dates", "quantities", "mentions", "people", "organisations", "countries"):
        bad = rows(
            f"SELECT v.text, v.start FROM {view} v JOIN articles a USING (id) "
            "WHERE substr(a.text, v.start + 1, v.end - v.start) <> v.text",
            [str(out)],
        )
        assert bad == [], view
    sections = rows(
        "SELECT count(*) AS bad FROM sections s JOIN articles a USING (id) "
        "WHERE substr(a.text, s.start + 1, s.end - s.start) <> s.text",
        [str(out)],
    )
    assert sections == [{"bad": 0}]
