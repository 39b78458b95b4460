"""pipeline.outputs.tables: reading Article JSONL, the sentence search, and the typed flat tables."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from models import Article
from pipeline.errors import InputError
from pipeline.outputs.tables import (
    TABLES,
    Sentences,
    build_tables,
    expand_files,
    full_date,
    load_tables,
    read_articles,
)
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "articles"
RIVERSIDE = FIXTURES / "riverside.jsonl"
EMBASSY = FIXTURES / "embassy.jsonl"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("One. Two three.", ["One.", "Two three."], id="two_sentences"),
        pytest.param(
            "Dr. Emily Chen spoke. Prof. Lee left.", ["Dr. Emily Chen spoke.", "Prof. Lee left."], id="titles"
        ),
        pytest.param("J. Smith came. He left.", ["J. Smith came.", "He left."], id="initial"),
        pytest.param("It cost 1.5 million. Then more.", ["It cost 1.5 million.", "Then more."], id="decimal"),
        pytest.param("He said e.g. this one.", ["He said e.g. this one."], id="lower_case_next_word"),
        pytest.param('He said "Go!" Then left.', ['He said "Go!"', "Then left."], id="closing_quote"),
        pytest.param("Heading\n\nBody one. Body two?", ["Heading", "Body one.", "Body two?"], id="lines"),
        pytest.param("Sent on Jan. 5 to Japan.", ["Sent on Jan. 5 to Japan."], id="month_abbreviation"),
        pytest.param("在中国。 Next one.", ["在中国。 Next one."], id="cjk_full_stop_not_split"),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    s = Sentences(text)
    assert [text[a:b] for a, b in zip(s.starts, s.ends, strict=True)] == expected


def test_sentence_around_a_span() -> None:
    text = "First one here. Dr. Cai went to Rome. Last."
    s = Sentences(text)
    start = text.index("Cai")
    assert s.sentence(start, start + 3) == "Dr. Cai went to Rome."
    # a span that crosses a boundary gets both sentences
    assert s.sentence(text.index("here"), text.index("Dr.") + 3) == "First one here. Dr. Cai went to Rome."
    assert s.sentence(text.index(" Dr."), text.index(" Dr.") + 1) is None  # the space between sentences


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2020-04-09", date(2020, 4, 9), id="full"),
        pytest.param("XXXX-04-09", None, id="no_year"),
        pytest.param("2020-04", None, id="month"),
        pytest.param("2020-W14", None, id="week"),
        pytest.param("P2D", None, id="duration"),
        pytest.param("2021-02-30", None, id="impossible_day"),
        pytest.param(None, None, id="null"),
    ],
)
def test_full_date(value: str | None, expected: date | None) -> None:
    assert full_date(value) == expected


def test_expand_files_globs_directories_and_skips_errors_files(tmp_path: Path) -> None:
    (tmp_path / "b.jsonl").write_text(RIVERSIDE.read_text())
    (tmp_path / "a.jsonl").write_text(EMBASSY.read_text())
    (tmp_path / "a.errors.jsonl").write_text('{"id": null, "source": "x", "stage": "read"}\n')
    (tmp_path / "notes.txt").write_text("not jsonl")
    expected = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    assert expand_files([str(tmp_path)]) == expected
    assert expand_files([str(tmp_path / "*.jsonl")]) == expected
    # a file named twice is read once
    assert expand_files([str(tmp_path / "a.jsonl"), str(tmp_path / "*.jsonl")]) == expected


@pytest.mark.parametrize(
    ("name", "message"),
    [
        pytest.param("missing.jsonl", "input not found: '{d}/missing.jsonl'", id="missing"),
        pytest.param("nothing-*.jsonl", "no file matches '{d}/nothing-*.jsonl'", id="empty_glob"),
    ],
)
def test_expand_files_errors(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(InputError) as e:
        expand_files([str(tmp_path / name)])
    assert str(e.value).startswith(message.format(d=tmp_path))


def _bad_file(tmp_path: Path, second_line: str) -> Path:
    path = tmp_path / "bad.jsonl"
    path.write_text(RIVERSIDE.read_text() + "\n" + second_line + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("line", "message"),
    [
        pytest.param(
            '{"id": "x", "schema',
            "line 3: not valid JSON (Invalid JSON: EOF while parsing a string at line 1 column 19)",
            id="broken_json",
        ),
        pytest.param(
            '{"id": "x", "source": "a.txt", "stage": "read", "error": "InputError", "message": "empty"}',
            "line 3: an error record (from an .errors.jsonl file), not an Article",
            id="error_record",
        ),
        pytest.param(
            '{"schema_version": "1", "id": "x"}',
            "line 3: not an Article: extractor: Field required (1 error(s) in all)",
            id="missing_field",
        ),
        pytest.param(
            '{"schema_version": "1", "id": "x", "text": "abc", "extractor": {"version": "1", "model": "m"},'
            ' "dates": [{"text": "xyz", "start": 0, "end": 3, "value": null, "type": "DATE"}]}',
            "line 3: not an Article: article: Value error, dates[0]: offsets [0, 3) give 'abc', not 'xyz'",
            id="bad_offsets",
        ),
    ],
)
def test_bad_line_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = _bad_file(tmp_path, line)
    with pytest.raises(InputError) as e:
        list(read_articles([str(path)]))
    assert str(e.value).startswith(f"{path} {message}")


def test_tables_are_typed_even_when_every_value_is_null() -> None:
    tables = load_tables([str(EMBASSY)])
    assert list(tables) == list(TABLES)
    people = tables["people"]
    assert people.num_rows == 0
    assert people.schema.field("aliases").type == pa.list_(pa.string())
    facts = tables["facts"]
    assert facts.schema.field("agent_iso2").type == pa.string()  # null in every row
    assert facts.column("agent_iso2").to_pylist() == [None]
    assert facts.schema.field("date").type == pa.date32()
    assert facts.schema.field("quantity_totals").type == pa.map_(pa.string(), pa.float64())
    for name, table in tables.items():
        assert table.column_names == [c.name for c in TABLES[name]], name


def test_rows_of_a_fixture_article() -> None:
    article = next(read_articles([str(RIVERSIDE)])).article
    tables = build_tables([article])
    assert tables["countries"].to_pylist() == [
        {
            "id": "riverside-masks",
            "country_index": 0,
            "name": "Japan",
            "iso2": "JP",
            "iso3": "JPN",
            "mention_count": 2,
            "section": None,  # the first mention is in the title, outside every section
            "section_heading": None,
            "text": "Japan",
            "start": 24,
            "end": 29,
            "sentence": "Hospital Sends Masks to Japan",
        }
    ]
    mentions = tables["mentions"].to_pylist()
    assert [
        (m["kind"], m["text"], m["section"], m["section_heading"]) for m in mentions if m["name"] != "Japan"
    ] == [
        ("person", "Emily Chen", 0, None),
        ("person", "Alan Smith", 1, "Sharing experience with WHO"),
        ("organisation", "Riverside Hospital", 0, None),
        ("organisation", "Riverside Hospital", 0, None),
        ("organisation", "Shizuoka General Hospital", 0, None),
        ("organisation", "WHO", 1, "Sharing experience with WHO"),
        ("organisation", "World Health Organization", 1, "Sharing experience with WHO"),
        ("organisation", "WHO", 1, "Sharing experience with WHO"),
    ]
    facts = tables["facts"].to_pylist()
    assert facts[0]["quantity_totals"] == [("masks", 20000.0), ("gowns", 600.0)]
    assert facts[0]["sentence"] == (
        "On April 9, 2020, Riverside Hospital sent 20,000 surgical masks and 600 pieces of surgical gowns"
        " to Shizuoka General Hospital in Japan."
    )
    assert facts[1]["date_value"] == "XXXX-WXX-5" and facts[1]["date"] is None


def test_money_totals_are_kept_per_currency() -> None:
    article = next(read_articles([str(EMBASSY)])).article
    assert isinstance(article, Article)
    facts = build_tables([article])["facts"].to_pylist()
    assert facts[0]["quantity_totals"] == [("money:USD", 1500000.0), ("test_kits", 5000.0)]
    assert facts[0]["recipient_iso2"] == "KE"
    assert facts[0]["also_names"] == ["Japan"]
