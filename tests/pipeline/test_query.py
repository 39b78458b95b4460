"""pipeline.outputs.query: DuckDB views over Article JSONL, output formats, --db, errors, and docs/sql.md's questions."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from spacy.language import Language

from models import ErrorRecord
from pipeline.batch.sinks import dumps
from pipeline.cli import main
from pipeline.errors import InputError
from pipeline.outputs.query import refusal, run_query, split_sql
from pipeline.outputs.tables import TABLES
from pipeline.runner import Pipeline
from pipeline.settings import Settings
from pipeline.sources import read_inputs
from tests.conftest import ROOT, SAMPLE

FIXTURES = ROOT / "tests" / "fixtures" / "articles"
ALL = [str(FIXTURES / "*.jsonl")]

# The five worked questions on the sample in docs/sql.md: keep the two copies the same (a test below checks).
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
QUESTIONS = (
    MASKS_PER_RECIPIENT_COUNTRY,
    PEOPLE_AND_ORGANISATIONS,
    TIMELINE,
    ACRONYMS,
    QUANTITIES_BY_CATEGORY,
)


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
def test_docs_questions_on_the_fixtures(sql: str, expected: list[dict[str, object]]) -> None:
    assert rows(sql) == expected


def test_the_questions_are_the_first_five_of_docs_sql_md() -> None:
    page = (ROOT / "docs" / "sql.md").read_text(encoding="utf-8")
    shown = re.findall(r"^```sql\n(.*?)^```$", page, flags=re.S | re.M)
    assert [sql.strip() for sql in shown[:5]] == [sql.strip() for sql in QUESTIONS]


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


# --- What the SQL may touch (issue #13): only the views, unless allow_file_access.


def refused(what: str) -> str:
    return (
        f"SQL refused: {what} (by default the SQL may use only the views: no files, URLs, extensions or "
        "settings; --allow-file-access allows them)"
    )


def refusal_of(sql: str, db: Path | None = None) -> str:
    with pytest.raises(InputError) as e:
        run_query(ALL, sql, db=db)
    return str(e.value)


def extension_directory() -> str:
    """Where DuckDB installs extensions by default: ~/.duckdb/extensions/VERSION/PLATFORM."""
    con = duckdb.connect(":memory:")
    try:
        row = con.execute(
            "SELECT (SELECT library_version FROM pragma_version()), (SELECT platform FROM pragma_platform())"
        ).fetchone()
    finally:
        con.close()
    assert row is not None
    return str(Path.home() / ".duckdb" / "extensions" / row[0] / row[1])


def test_read_text_of_another_file_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("hush\n", encoding="utf-8")
    assert refusal_of(f"SELECT content FROM read_text('{secret}')") == refused(
        f'cannot access file "{secret}"'
    )


def test_read_json_of_another_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"a": 1}\n', encoding="utf-8")
    assert refusal_of(f"SELECT * FROM read_json('{other}')") == refused(f'cannot access file "{other}"')


def test_an_input_file_is_not_readable_by_name_either() -> None:
    """The views are loaded before the SQL runs, so the inputs need not stay open to it."""
    riverside = FIXTURES / "riverside.jsonl"
    assert refusal_of(f"SELECT count(*) FROM read_json('{riverside}')") == refused(
        f'cannot access file "{riverside}"'
    )


def test_copy_to_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "facts.csv"
    assert refusal_of(f"COPY facts TO '{out}' (HEADER)") == refused(f'cannot access file "{out}"')
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_attach_of_another_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t AS SELECT 42 AS answer")
    con.close()
    assert refusal_of(f"ATTACH '{other}' AS other") == refused(f'cannot access file "{other}"')


def test_a_url_is_refused() -> None:
    assert refusal_of("SELECT * FROM read_csv('https://example.com/x.csv')") == refused(
        'cannot access file "https://example.com/x.csv"'
    )


@pytest.mark.parametrize(
    ("sql", "setting"),
    [
        pytest.param("SET enable_external_access = true", "enable_external_access", id="set_access"),
        pytest.param("RESET enable_external_access", "enable_external_access", id="reset_access"),
        pytest.param("SET lock_configuration = false", "lock_configuration", id="unlock"),
        pytest.param("SET allowed_directories = ['/']", "allowed_directories", id="allowed_directories"),
        pytest.param("SET autoload_known_extensions = true", "autoload_known_extensions", id="autoload"),
        pytest.param(
            "SET enable_external_access = true; SELECT count(*) FROM facts",
            "enable_external_access",
            id="before_a_select",
        ),
    ],
)
def test_settings_cannot_be_changed(sql: str, setting: str) -> None:
    assert refusal_of(sql) == refused(f"changing the setting {setting}")


def test_install_is_refused() -> None:
    assert refusal_of("INSTALL httpfs") == refused(f'cannot access directory "{extension_directory()}"')


def test_load_is_refused() -> None:
    assert refusal_of("LOAD httpfs") == refused("loading an extension")


@pytest.mark.parametrize(
    ("allow_file_access", "expected"),
    [
        pytest.param(
            False, [{"install": False, "load": False, "access": False, "locked": True}], id="default"
        ),
        pytest.param(
            True, [{"install": False, "load": False, "access": True, "locked": False}], id="allow_file_access"
        ),
    ],
)
def test_settings_of_the_connection(allow_file_access: bool, expected: list[dict[str, object]]) -> None:
    """Extensions are never auto-installed or auto-loaded, even with allow_file_access."""
    sql = (
        "SELECT current_setting('autoinstall_known_extensions') AS install, "
        "current_setting('autoload_known_extensions') AS load, "
        "current_setting('enable_external_access') AS access, current_setting('lock_configuration') AS locked"
    )
    result = json.loads(run_query(ALL, sql, output_format="json", allow_file_access=allow_file_access))
    assert result == expected


def test_the_views_still_work_when_restricted() -> None:
    sql = "SELECT a.id, count(f.fact_index) AS facts FROM articles a LEFT JOIN facts f USING (id) GROUP BY 1 ORDER BY 1"
    assert rows(sql) == [
        {"id": "embassy-kenya", "facts": 1},
        {"id": "no-text", "facts": 0},
        {"id": "riverside-masks", "facts": 2},
    ]


def test_db_still_works_when_restricted(tmp_path: Path) -> None:
    """The SQL may still write into the --db file, which DuckDB has open, but may not open other files."""
    db = tmp_path / "facts.duckdb"
    sql = "CREATE TABLE donations AS SELECT id, fact_index FROM facts WHERE type = 'donation'"
    assert run_query(ALL, sql, output_format="csv", db=db) == "Count\n2\n"
    assert run_query(ALL, "SELECT count(*) AS n FROM donations", output_format="csv", db=db) == "n\n2\n"
    out = tmp_path / "facts.csv"
    assert refusal_of(f"COPY facts TO '{out}'", db=db) == refused(f'cannot access file "{out}"')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.duckdb"]
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT id, fact_index FROM donations ORDER BY 1, 2").fetchall() == [
            ("embassy-kenya", 0),
            ("riverside-masks", 0),
        ]
    finally:
        con.close()


def test_allow_file_access_reads_and_writes_files(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("hush\n", encoding="utf-8")
    sql = f"SELECT content FROM read_text('{secret}')"
    assert json.loads(run_query(ALL, sql, output_format="json", allow_file_access=True)) == [
        {"content": "hush\n"}
    ]
    out = tmp_path / "quantities.csv"
    copy = f"COPY (SELECT id, quantity_index FROM quantities ORDER BY 1, 2 LIMIT 2) TO '{out}' (HEADER)"
    assert run_query(ALL, copy, output_format="csv", allow_file_access=True) == "Count\n2\n"
    assert out.read_text(encoding="utf-8") == "id,quantity_index\nembassy-kenya,0\nembassy-kenya,1\n"


def test_allow_file_access_reports_other_errors_as_sql_failures(tmp_path: Path) -> None:
    missing = tmp_path / "missing.csv"
    with pytest.raises(InputError) as e:
        run_query(ALL, f"SELECT * FROM read_csv('{missing}')", allow_file_access=True)
    assert str(e.value).startswith(f'SQL failed: IO Error: No files found that match the pattern "{missing}"')


def test_refusal_ignores_other_errors() -> None:
    assert refusal(duckdb.CatalogException("Catalog Error: Table with name x does not exist!")) is None
    assert refusal(duckdb.InvalidInputException("Invalid Input Error: bad")) is None


def test_cli_refuses_with_one_line_and_exit_status_2(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "query", str(FIXTURES), f"COPY facts TO '{out}'"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert (result.returncode, result.stdout) == (2, "")
    message = refused(f'cannot access file "{out}"')
    assert result.stderr == f"newsfacts query: error: {message}\n"
    assert not out.exists()


def test_cli_allow_file_access_lets_the_sql_write_a_file(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    sql = f"COPY (SELECT count(*) AS n FROM facts) TO '{out}' (HEADER false)"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "query", str(FIXTURES), sql, "--allow-file-access"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert out.read_text(encoding="utf-8") == "3\n"  # the fixtures' three facts
