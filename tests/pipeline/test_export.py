"""pipeline.outputs.export: Parquet and CSV files of the flat tables, typed, in a stable column order."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.cli import main
from pipeline.errors import SettingsError
from pipeline.outputs.export import export_tables
from pipeline.outputs.tables import TABLE_NAMES, TABLES
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "articles"
ALL = [str(FIXTURES / "*.jsonl")]


@pytest.mark.parametrize("to", ["parquet", "csv"])
def test_one_file_per_table_in_order(tmp_path: Path, to: str) -> None:
    paths = export_tables(ALL, tmp_path / "out", to=to)
    assert paths == [tmp_path / "out" / f"{name}.{to}" for name in TABLE_NAMES]
    assert all(p.is_file() for p in paths)


def test_parquet_types_and_values(tmp_path: Path) -> None:
    export_tables(ALL, tmp_path, to="parquet")
    dates = pq.read_table(tmp_path / "dates.parquet")
    assert dates.column_names == [c.name for c in TABLES["dates"]]
    assert dates.schema.field("date").type == pa.date32()
    assert dates.schema.field("start").type == pa.int32()
    assert dates.schema.field("year_inferred").type == pa.bool_()
    assert dates.schema.field("date").metadata == {
        b"description": b"`value` as a DATE when it is a full date YYYY-MM-DD, else null."
    }
    got = [(r["id"], r["value"], r["date"]) for r in dates.select(["id", "value", "date"]).to_pylist()]
    assert got == [
        ("embassy-kenya", "2021-05-12", date(2021, 5, 12)),
        ("embassy-kenya", "P2W", None),
        ("no-text", "2020-W04", None),
        ("riverside-masks", "2020-04-09", date(2020, 4, 9)),
        ("riverside-masks", "XXXX-WXX-5", None),
        ("riverside-masks", "XXXX-03", None),
    ]
    quantities = pq.read_table(tmp_path / "quantities.parquet")
    assert quantities.schema.field("value").type == pa.float64()
    assert quantities.column("value").to_pylist() == [1500000.0, 5000.0, 20000.0, 600.0, 150.0]
    facts = pq.read_table(tmp_path / "facts.parquet")
    assert facts.schema.field("quantity_totals").type == pa.map_(pa.string(), pa.float64())
    assert facts.column("quantity_indexes").to_pylist() == [[0, 1], [0, 1], []]


def test_csv_rows(tmp_path: Path) -> None:
    export_tables(ALL, tmp_path, to="csv")
    text = (tmp_path / "facts.csv").read_text(encoding="utf-8")
    with (tmp_path / "facts.csv").open(encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh))
    assert list(records[0]) == [c.name for c in TABLES["facts"]]
    first = records[0]
    assert {k: first[k] for k in ("id", "type", "recipient_iso2", "also_names", "date", "end_date")} == {
        "id": "embassy-kenya",
        "type": "donation",
        "recipient_iso2": "KE",
        "also_names": '["Japan"]',
        "date": "2021-05-12",
        "end_date": "",
    }
    assert first["quantity_indexes"] == "[0, 1]"
    assert first["quantity_totals"] == '{"money:USD": 1500000.0, "test_kits": 5000.0}'
    assert records[2]["quantity_totals"] == "{}"
    assert text.splitlines()[0].startswith('"id","fact_index","type","agent_kind","agent_name",')
    quantities = (tmp_path / "quantities.csv").read_text(encoding="utf-8").splitlines()
    assert quantities[1] == (
        '"embassy-kenya",0,1500000,,,"USD","USD","money",0,,"USD 1.5 million",55,70,'
        '"The Embassy of Japan handed over USD 1.5 million and 5,000 test kits to Kenya on 12 May 2021."'
    )


def test_empty_tables_are_written_with_their_header(tmp_path: Path) -> None:
    export_tables([str(FIXTURES / "embassy.jsonl")], tmp_path, to="csv")
    assert (tmp_path / "people.csv").read_text(encoding="utf-8") == (
        ",".join(f'"{c.name}"' for c in TABLES["people"]) + "\n"
    )
    export_tables([str(FIXTURES / "embassy.jsonl")], tmp_path, to="parquet")
    people = pq.read_table(tmp_path / "people.parquet")
    assert people.num_rows == 0
    assert people.schema.field("aliases").type == pa.list_(pa.string())


def test_unknown_format() -> None:
    with pytest.raises(SettingsError, match="unknown export format 'xlsx': use parquet or csv"):
        export_tables(ALL, Path("unused"), to="xlsx")


def test_cli_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(FIXTURES), "--to", "parquet", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [str(tmp_path / f"{n}.parquet") for n in TABLE_NAMES]
