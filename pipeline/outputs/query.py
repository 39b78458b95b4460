"""query: SQL over Article JSONL files with DuckDB (embedded, no server).

Reads: Article JSONL files, directories or globs (one dataset), through `pipeline.outputs.tables`.
Writes: the result of one SQL statement as text: an aligned table (default; long cells are cut to
`MAX_CELL` characters with '…'), CSV, a JSON array or JSON lines. Without SQL, the views with their columns,
types and descriptions.

Each table of `pipeline.outputs.tables.TABLES` becomes a DuckDB view over a typed Arrow table (no type guessing, so a
column that is null in every row keeps its type). With `db`, the tables are written into that .duckdb file
instead (replacing tables of the same names, with column comments), for repeated queries.
DuckDB is imported here only, so `extract` never loads it.

The SQL runs with the user's rights, so by default it gets no more than the views: once they exist, DuckDB
may open no file, directory or URL (no read_text, read_json, COPY TO, ATTACH, INSTALL or LOAD) and its settings
are locked; extensions are never installed or loaded automatically. `allow_file_access` lifts the first two.
"""

from __future__ import annotations

import csv
import glob
import io
import json
import math
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import InputError, SettingsError
from pipeline.outputs.tables import TABLES, load_tables

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

FORMATS = ("table", "csv", "json", "jsonl")
MAX_CELL = 60
ALLOW_OPTION = "--allow-file-access"
_LOCKED = re.compile(r'Cannot change configuration option "+([^"]+)"+ - the configuration has been locked')
_DISABLED = " - file system operations are disabled by configuration"


def connect(
    tables: dict[str, pa.Table], db: Path | None = None, *, allow_file_access: bool = False
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with one view (in memory) or table (with `db`) per flat table, then restricted.

    Writes the tables into `db` when given. See `restrict` for what the connection may do afterwards.
    """
    import duckdb

    if db is None:
        con = duckdb.connect(":memory:")
        for name, table in tables.items():
            con.register(name, table)
        restrict(con, allow_file_access=allow_file_access)
        return con
    try:
        con = duckdb.connect(str(db))
    except duckdb.Error as e:
        raise InputError(f"cannot open the DuckDB file {str(db)!r}: {e}") from e
    for name, table in tables.items():
        staging = f"_newsfacts_{name}"
        con.register(staging, table)
        con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM "{staging}"')
        con.unregister(staging)
        for column in TABLES[name]:
            comment = column.description.replace("'", "''")
            con.execute(f'COMMENT ON COLUMN "{name}"."{column.name}" IS \'{comment}\'')
    restrict(con, allow_file_access=allow_file_access)
    return con


def restrict(con: duckdb.DuckDBPyConnection, *, allow_file_access: bool = False) -> None:
    """Set `con` so that SQL never auto-installs or auto-loads an extension and, unless `allow_file_access`,
    opens no file, directory or URL and changes no setting."""
    # Auto-install would download from the network on a query that merely names an extension's function.
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    if allow_file_access:
        return
    # Nothing below needs a file: the views are Arrow tables already in memory, and `db` is already open
    # (DuckDB still writes its WAL, checkpoints and temporary files). The lock stops SET or RESET undoing this.
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def split_sql(files: Sequence[str], sql: str | None) -> tuple[list[str], str | None]:
    """Take the SQL off the end of the file list when the command line put it there.

    argparse gives every positional to `files` (nargs="+") before the optional `sql`, so
    `newsfacts query a.jsonl "SELECT 1"` arrives as files=[a.jsonl, "SELECT 1"], sql=None. The last item is
    the SQL when there is more than one item, it is not an existing path or a glob that matches, and it has
    white space in it (every SQL statement does; a missing file name rarely does).
    """
    items = list(files)
    if sql is None and len(items) > 1:
        last = items[-1]
        if any(c.isspace() for c in last.strip()) and not _is_path(last):
            return items[:-1], last
    return items, sql


def _is_path(name: str) -> bool:
    try:
        return Path(name).exists() or bool(glob.glob(name))
    except OSError:  # e.g. a long SQL statement is "File name too long"
        return False


def run_query(
    files: Sequence[str],
    sql: str | None,
    *,
    output_format: str = "table",
    db: Path | None = None,
    allow_file_access: bool = False,
) -> str:
    """Load the files as views and run `sql`, returning its result in `output_format`; without sql, the views.

    Reads only `files` (and `db`): the SQL may use no other file, URL or extension unless `allow_file_access`.
    Raises InputError for a bad file or line (naming it), for SQL DuckDB rejects, and for SQL that needs
    `allow_file_access` (one line, naming what was refused).
    """
    if output_format not in FORMATS:
        raise SettingsError(f"unknown output format {output_format!r}: use one of {', '.join(FORMATS)}")
    files, sql = split_sql(files, sql)
    tables = load_tables(files)
    con = connect(tables, db, allow_file_access=allow_file_access)
    try:
        if sql is None or not sql.strip():
            return describe(con, output_format)
        return _run(con, sql, output_format, restricted=not allow_file_access)
    finally:
        con.close()


def refusal(error: Exception) -> str | None:
    """The one-line message for a DuckDB error raised by `restrict`'s limits, or None for any other error."""
    import duckdb

    first = str(error).split("\n", 1)[0]
    locked = _LOCKED.search(first)
    if locked:
        what = f"changing the setting {locked.group(1)}"
    elif first.startswith("Permission Error: Loading external extensions"):
        what = "loading an extension"
    elif isinstance(error, duckdb.PermissionException):
        what = first.removeprefix("Permission Error: ").removesuffix(_DISABLED)
        what = what[:1].lower() + what[1:]
    else:
        return None
    return (
        f"SQL refused: {what} (by default the SQL may use only the views: no files, URLs, extensions "
        f"or settings; {ALLOW_OPTION} allows them)"
    )


def _run(con: duckdb.DuckDBPyConnection, sql: str, output_format: str, *, restricted: bool) -> str:
    import duckdb

    try:
        cursor = con.execute(sql)
    except duckdb.Error as e:
        refused = refusal(e) if restricted else None
        if refused is not None:
            raise InputError(refused) from e
        hint = ""
        if isinstance(e, duckdb.CatalogException):
            hint = f" (the views are: {', '.join(TABLES)}; run without SQL to list their columns)"
        raise InputError(f"SQL failed: {e}{hint}") from e
    if cursor.description is None:  # a statement without a result (CREATE, SET ...)
        return ""
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    return format_rows(columns, rows, output_format)


def describe(con: duckdb.DuckDBPyConnection, output_format: str) -> str:
    """Every view with its row count, and each column with its DuckDB type and description."""
    listing: list[tuple[str, str, str, str]] = []
    blocks: list[str] = []
    for name, columns in TABLES.items():
        types = {row[0]: row[1] for row in con.execute(f'DESCRIBE "{name}"').fetchall()}
        count_row = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        count = int(count_row[0]) if count_row else 0
        width = max(len(c.name) for c in columns)
        type_width = max(len(types[c.name]) for c in columns)
        lines = [f"{name} ({count} row{'' if count == 1 else 's'})"]
        for c in columns:
            lines.append(f"  {c.name:<{width}}  {types[c.name]:<{type_width}}  {c.description}")
            listing.append((name, c.name, types[c.name], c.description))
        blocks.append("\n".join(lines))
    if output_format == "table":
        return "\n\n".join(blocks) + "\n"
    return format_rows(["view", "column", "type", "description"], listing, output_format)


def format_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], output_format: str) -> str:
    """Rows as an aligned text table, CSV, a JSON array of objects or JSON lines."""
    if output_format == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_csv_cell(v) for v in row] for row in rows])
        return buf.getvalue()
    if output_format in ("json", "jsonl"):
        records = [dict(zip(columns, (_jsonable(v) for v in row), strict=True)) for row in rows]
        if output_format == "json":
            return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return _text_table(columns, rows)


def _jsonable(value: Any) -> Any:
    """A DuckDB result value as JSON: dates as ISO strings, DECIMAL as numbers, nested values recursively."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.hex()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list | tuple):
        return json.dumps(_jsonable(value), ensure_ascii=False)
    jsonable = _jsonable(value)
    return str(jsonable)


def _text_cell(value: Any) -> str:
    if value is None:
        return "NULL"
    text = _csv_cell(value).replace("\r", " ").replace("\n", " ")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _is_numeric(values: Sequence[Any]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(
        isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in present
    )


def _text_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[_text_cell(v) for v in row] for row in rows]
    widths = [len(c) for c in columns]
    for row in cells:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    numeric = [_is_numeric([r[i] for r in rows]) for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return " | ".join(parts).rstrip()

    out = [line(list(columns)), "-+-".join("-" * w for w in widths)]
    out.extend(line(row) for row in cells)
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out) + "\n"


__all__ = [
    "ALLOW_OPTION",
    "FORMATS",
    "MAX_CELL",
    "connect",
    "describe",
    "format_rows",
    "refusal",
    "restrict",
    "run_query",
]
