"""Every lexicon in `data/lexicons/` checked against its model, once, when a run starts.

Reads each file of the installed package `pipeline.lexicons` (`pipeline.resources.PACKAGE`), or of
`directory` when one is given, with the conventions of `pipeline.resources` (JSON keys starting with '_' are
comments, at any depth; TSV and TXT lines starting with '#' are comments, blank lines are skipped). Writes
nothing: `check_lexicons` returns None, or raises one `LexiconError` that lists every problem (file, key or
line, the bad value, what to fix): a value of the wrong type, an unknown or missing key, an empty or
badly spaced word, an upper-case word where the stage lower-cases what it looks up, a word listed twice, a
JSON key given twice (which `json.loads` would silently drop), a regex that does not compile, a country
code that is not in countries.tsv.

The files are read here from their text, not through `load_json` / `load_tsv` / `load_lines`, because
those drop what this check must see (duplicate keys, duplicate lines, line numbers) and read only the
installed package; a test checks that both readings give the same data.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, RootModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from pipeline.errors import LexiconError
from pipeline.lexicon_models import (
    CapitalRow,
    CityRow,
    Clutter,
    CountriesAliases,
    CountryRow,
    DatesCalendar,
    DatesNumbers,
    DatesPhrases,
    DatesUnits,
    DemonymRow,
    HtmlTags,
    NameRow,
    OrgLexicon,
    PersonRoles,
    PersonSurnamesAsian,
    PersonTitles,
    Pinyin,
    QuantityCategories,
    QuantityCategoryGroups,
    QuantityExclusions,
    QuantityNumbers,
    QuantityQualifiers,
    QuantityUnits,
    SegmentByline,
    SegmentDates,
    SubdivisionRow,
)
from pipeline.resources import PACKAGE
from pipeline.stages.facts.lexicon import TriggerFile

# Files in data/lexicons that are not lexicons: the package marker and the sources' credits.
NOT_LEXICONS = frozenset({"__init__.py", "CREDITS.md"})
_MAX_LISTED = 40

# ---------------------------------------------------------------------------------------------- checking


@dataclass
class _Found:
    """What one file gave: its problems, and the values the checks across files need."""

    problems: list[str] = field(default_factory=list)
    value: Any = None
    codes: list[tuple[str, str]] = field(default_factory=list)  # (where, country code) to look up


def _where(loc: Sequence[int | str], *, keyed: bool = False) -> str:
    """A path into a JSON file: head_words[3], months['may'], or ['mask'] in a file that is one table."""
    out = ""
    for part in loc:
        if part == "[key]":
            out += " (the key)"
        elif isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f"[{part!r}]" if out or keyed else part
    return out or "the file"


def _describe(error: ErrorDetails) -> str:
    kind, value = error["type"], error["input"]
    shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        return (
            "unknown key: remove it, start it with '_' if it is a comment, or declare it in the file's model"
        )
    if kind == "missing":
        return "missing: add it (a stage reads it)"
    msg = error["msg"].rstrip(".")
    return f"{msg[:1].lower()}{msg[1:]}, not {shown}: fix the value"


def _validation_problems(error: ValidationError, where: Callable[[Sequence[int | str]], str]) -> list[str]:
    return [f"{where(e['loc'])}: {_describe(e)}" for e in error.errors(include_url=False)]


def _pairs(found: _Found) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """A json object hook that keeps the first value of a key given twice and records the duplicate."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                found.problems.append(f"key {key!r} is given twice (JSON keeps only the last): keep one")
            else:
                out[key] = value
        return out

    return hook


def _without_comments(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_comments(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_without_comments(v) for v in value]
    return value


@dataclass(frozen=True)
class _Json:
    """A JSON object with a `_source` comment saying where its data comes from, checked by `model`."""

    model: type[BaseModel]

    def check(self, text: str) -> _Found:
        found = _Found()
        try:
            raw = json.loads(text, object_pairs_hook=_pairs(found))
        except json.JSONDecodeError as e:
            found.problems.append(
                f"line {e.lineno} column {e.colno}: not valid JSON ({e.msg}): fix the syntax"
            )
            return found
        if not isinstance(raw, dict):
            found.problems.append(
                f"a JSON object is expected, not {type(raw).__name__}: wrap the entries in {{}}"
            )
            return found
        if not isinstance(raw.get("_source"), str):
            found.problems.append(
                "no '_source' comment: add one saying who keeps the file or where it comes from"
            )
        try:
            found.value = self.model.model_validate(_without_comments(raw))
        except ValidationError as e:
            keyed = issubclass(self.model, RootModel)
            found.problems += _validation_problems(e, lambda loc: _where(loc, keyed=keyed))
        if isinstance(found.value, CountriesAliases):
            found.codes = list(found.value.codes())
        return found


@cache
def _adapter(item: Any) -> TypeAdapter[Any]:
    """A validator of `item`, or of a list of them for a row type (built once: building costs more than using)."""
    return (
        TypeAdapter(list[item]) if isinstance(item, type) and issubclass(item, tuple) else TypeAdapter(item)
    )


def _data_lines(text: str) -> list[tuple[int, str]]:
    """(line number, entry) of a word list, read as `load_lines` reads it."""
    lines = ((n, line.strip()) for n, line in enumerate(text.splitlines(), 1))
    return [(n, line) for n, line in lines if line and not line.startswith("#")]


@dataclass(frozen=True)
class _Table:
    """A TSV table: a '# col<TAB>col...: source' header, then one `row` per line.

    `unique` names the columns whose values together must not repeat; `codes` the column of country codes.
    """

    row: type[tuple[Any, ...]]
    unique: tuple[str, ...]
    codes: str | None = "iso2"
    note: str = ""
    rule: Callable[[Any], str | None] | None = None  # a check of one row's cells together

    def check(self, text: str) -> _Found:
        found = _Found()
        columns: tuple[str, ...] = self.row._fields  # type: ignore[attr-defined]
        header = "# " + "\t".join(columns) + ":"
        if not text.startswith(header):
            found.problems.append(f"line 1: the header must start {header!r} (the column names): fix it")
        reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
        numbered = [(n, row) for n, row in enumerate(reader, 1) if row and not row[0].startswith("#")]
        lines = [n for n, _ in numbered]
        try:
            rows: list[Any] = _adapter(self.row).validate_python([r for _, r in numbered])
        except ValidationError as e:
            found.problems += self._problems(e, numbered, columns)
            return found
        found.value = rows
        index = [columns.index(c) for c in self.unique]
        seen: dict[tuple[str, ...], int] = {}
        for n, row in zip(lines, rows, strict=True):
            wrong = self.rule(row) if self.rule else None
            if wrong:
                found.problems.append(f"line {n}: {wrong}")
            key = tuple(row[i].casefold() for i in index)
            first = seen.setdefault(key, n)
            if first != n:
                what = " and ".join(f"{c} {row[i]!r}" for c, i in zip(self.unique, index, strict=True))
                found.problems.append(
                    f"line {n}: {what} is already on line {first}: {self.note or 'keep one'}"
                )
        if self.codes:
            at = columns.index(self.codes)
            found.codes = [
                (f"line {n}", code) for n, row in zip(lines, rows, strict=True) for code in row[at].split("|")
            ]
        return found

    @staticmethod
    def _problems(
        error: ValidationError, numbered: list[tuple[int, list[str]]], columns: tuple[str, ...]
    ) -> list[str]:
        out: list[str] = []
        for e in error.errors(include_url=False):
            n, cells = numbered[int(e["loc"][0])]
            if len(e["loc"]) == 1 or e["type"] == "missing":
                expected = f"{len(columns)} ({', '.join(columns)})"
                out.append(
                    f"line {n}: {len(cells)} columns where {expected} are expected: separate them by tabs"
                )
            else:
                column = e["loc"][1]
                name = columns[column] if isinstance(column, int) else column
                out.append(f"line {n}, column {name}: {_describe(e)}")
        return list(dict.fromkeys(out))  # a row short of two cells is one problem, not two


@dataclass(frozen=True)
class _Lines:
    """A word list: '#' comment lines first saying what it holds, then one `item` per line, none twice."""

    item: Any

    def check(self, text: str) -> _Found:
        found = _Found()
        if not text.startswith("#"):
            found.problems.append("line 1: the file must open with '#' comment lines saying what it holds")
        adapter = _adapter(self.item)
        seen: dict[str, int] = {}
        for n, word in _data_lines(text):
            try:
                adapter.validate_python(word)
            except ValidationError as e:
                found.problems += [f"line {n}: {_describe(err)}" for err in e.errors(include_url=False)]
            first = seen.setdefault(word, n)
            if first != n:
                found.problems.append(f"line {n}: {word!r} is already on line {first}: remove one")
        found.value = frozenset(seen)
        return found


_Check = _Json | _Table | _Lines

LEXICONS: dict[str, _Check] = {
    "cities.tsv": _Table(CityRow, unique=("name",), note="join the codes with '|' on one line"),
    "clutter.json": _Json(Clutter),
    "countries.tsv": _Table(CountryRow, unique=("iso2",), codes=None),
    "countries_aliases.json": _Json(CountriesAliases),
    # A name may be the capital of two countries (Jerusalem: IL and PS; Kingston: JM and NF): the pair is
    # what must not repeat.
    "countries_capitals.tsv": _Table(CapitalRow, unique=("capital", "iso2")),
    "countries_demonyms.tsv": _Table(DemonymRow, unique=("demonym",)),
    "countries_names.tsv": _Table(NameRow, unique=("name",)),
    "countries_subdivisions.tsv": _Table(
        SubdivisionRow, unique=("name",), note="join the codes with '|' on one line"
    ),
    "dates_calendar.json": _Json(DatesCalendar),
    "dates_numbers.json": _Json(DatesNumbers),
    "dates_phrases.json": _Json(DatesPhrases),
    "dates_units.json": _Json(DatesUnits),
    "fact_triggers.json": _Json(TriggerFile),
    "html_tags.json": _Json(HtmlTags),
    "org_lexicon.json": _Json(OrgLexicon),
    "person_roles.json": _Json(PersonRoles),
    "person_surnames_asian.json": _Json(PersonSurnamesAsian),
    "person_surnames_chinese.txt": _Lines(Pinyin),
    "person_titles.json": _Json(PersonTitles),
    "quantity_categories.json": _Json(QuantityCategories),
    "quantity_category_groups.json": _Json(QuantityCategoryGroups),
    "quantity_exclusions.json": _Json(QuantityExclusions),
    "quantity_numbers.json": _Json(QuantityNumbers),
    "quantity_qualifiers.json": _Json(QuantityQualifiers),
    "quantity_units.json": _Json(QuantityUnits),
    "segment_byline.json": _Json(SegmentByline),
    "segment_dates.json": _Json(SegmentDates),
}
"""Every lexicon file and the check its content must pass (a test keeps this equal to data/lexicons/)."""


def _unknown_codes(found: dict[str, _Found]) -> list[str]:
    """Country codes that countries.tsv does not list (what `pipeline/stages/countries.py` would refuse later)."""
    table = found.get("countries.tsv")
    if table is None or table.value is None:
        return []
    known = {row.iso2 for row in table.value}
    return [
        f"{name}: {where}: unknown country code {code!r}: add it to countries.tsv or fix it"
        for name, result in found.items()
        for where, code in result.codes
        if code not in known
    ]


def _message(problems: list[str]) -> str:
    if len(problems) == 1:
        return f"lexicon {problems[0]}"
    shown = problems[:_MAX_LISTED]
    more = [f"  ... and {len(problems) - len(shown)} more"] if len(problems) > len(shown) else []
    return "\n".join([f"{len(problems)} problems in the lexicons:", *(f"  {p}" for p in shown), *more])


def check_lexicons(*, directory: Path | None = None) -> None:
    """Read every lexicon file and check it against its model; raise one LexiconError listing every problem.

    Reads the installed data/lexicons (the package `pipeline.lexicons`), or `directory` if given. Writes
    nothing. A file that cannot be read is a problem too. The installed files pass once per process: a
    second call (another Pipeline, a worker's) costs nothing.
    """
    if directory is None:
        _check_installed()
    else:
        _check(directory, str(directory))


@cache
def _check_installed() -> None:
    _check(resources.files(PACKAGE), "data/lexicons")


def _check(root: Traversable, label: str) -> None:
    found: dict[str, _Found] = {}
    problems: list[str] = []
    for name, check in LEXICONS.items():
        try:
            text = root.joinpath(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            problems.append(f"{label}/{name}: cannot be read ({e}): reinstall newsfacts")
            continue
        found[name] = check.check(text)
        problems += [f"{label}/{name}: {p}" for p in found[name].problems]
    problems += [f"{label}/{p}" for p in _unknown_codes(found)]
    if problems:
        raise LexiconError(_message(problems), problems)
