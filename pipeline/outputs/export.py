"""export: Article JSONL → the flat tables as files (Parquet or CSV), one file per table.

Reads: Article JSONL files, directories or globs (one dataset), through `pipeline.outputs.tables`.
Writes: DIR/<table>.parquet or DIR/<table>.csv for every table of `pipeline.outputs.tables.TABLES`, in that order,
empty tables included (a header, or a Parquet file with the schema), so a dashboard always finds the same
files and columns. Columns keep the order of `TABLES`.

Parquet keeps the types (DATE, INTEGER, DOUBLE, BOOLEAN, lists, the facts' quantity_totals map) and each
column's description as field metadata. CSV (UTF-8, header row, RFC 4180 quoting) writes null as an empty
field, booleans as true/false, dates as YYYY-MM-DD, and lists and maps as JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from pipeline.errors import InputError, SettingsError
from pipeline.outputs.tables import load_tables

EXPORT_FORMATS = ("parquet", "csv")


def export_tables(files: Sequence[str], directory: Path, *, to: str) -> list[Path]:
    """Write every flat table of the files into `directory` as `to` (parquet or csv); return the paths."""
    if to not in EXPORT_FORMATS:
        raise SettingsError(f"unknown export format {to!r}: use parquet or csv")
    tables = load_tables(files)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InputError(f"cannot create the output directory {str(directory)!r}: {e.strerror or e}") from e
    written: list[Path] = []
    for name, table in tables.items():
        path = directory / f"{name}.{to}"
        try:
            if to == "parquet":
                pq.write_table(table, path)
            else:
                pa_csv.write_csv(flatten_for_csv(table), path)
        except OSError as e:
            raise InputError(f"cannot write {str(path)!r}: {e.strerror or e}") from e
        written.append(path)
    return written


def flatten_for_csv(table: pa.Table) -> pa.Table:
    """The table with list and map columns turned into JSON text (CSV has no nested values)."""
    columns: list[pa.Array | pa.ChunkedArray] = []
    fields: list[pa.Field] = []
    for field, column in zip(table.schema, table.columns, strict=True):
        if pa.types.is_list(field.type) or pa.types.is_map(field.type):
            is_map = pa.types.is_map(field.type)
            values = [_json_text(v, is_map=is_map) for v in column.to_pylist()]
            columns.append(pa.array(values, type=pa.string()))
            fields.append(pa.field(field.name, pa.string(), metadata=field.metadata))
        else:
            columns.append(column)
            fields.append(field)
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def _json_text(value: Any, *, is_map: bool) -> str | None:
    if value is None:
        return None
    if is_map:  # pyarrow gives a map as [(key, value), ...]
        return json.dumps(dict(value), ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False)


__all__ = ["EXPORT_FORMATS", "export_tables", "flatten_for_csv"]
