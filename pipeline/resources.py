"""Loading the word lists and gazetteers in `data/lexicons/` (shipped as package `pipeline.lexicons`).

Each file is read once and cached. Use `load_json`, `load_tsv` or `load_lines`; a missing or malformed
file raises `ResourceError` naming the file.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.errors import ResourceError

PACKAGE = "pipeline.lexicons"


def _read(name: str) -> str:
    try:
        return resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError) as e:
        raise ResourceError(f"lexicon {name!r} not found in data/lexicons: reinstall newsfacts") from e


@cache
def load_json(name: str) -> Any:
    """A JSON file from data/lexicons (keys starting with '_' are comments and are kept)."""
    try:
        return json.loads(_read(name))
    except json.JSONDecodeError as e:
        raise ResourceError(f"lexicon {name!r} is not valid JSON: {e}") from e


@cache
def load_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of a TSV file from data/lexicons, skipping blank lines and lines starting with '#'."""
    rows = csv.reader(io.StringIO(_read(name)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(tuple(row) for row in rows if row and not row[0].startswith("#"))


@cache
def load_lines(name: str) -> frozenset[str]:
    """A word list: one entry per line, '#' comments and blank lines skipped."""
    lines = (line.strip() for line in _read(name).splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def load_user_json(path: Path) -> Any:
    """A user-supplied JSON file (e.g. extra quantity categories), with a clear error if unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ResourceError(f"cannot read {str(path)!r}: {e}; pass a JSON file") from e
