"""tables: Article JSONL → flat, typed tables (one per record type), shared by `query`, `export` and `show`.

Reads: Article JSONL files as `newsfacts extract` writes them (paths, directories or globs; several files are
one dataset). Every line is validated with `models.Article.model_validate_json`; a line that is not an Article
raises `InputError` naming the file and line.
Writes: `pyarrow.Table`s with an explicit schema (`TABLES`), so a column that is null in every row keeps its
type (DuckDB's `read_json_auto` would type it NULL: DEPS.md pitfall 12) and the column order is stable.

Conventions, the same in every table:
- `id` is the article id; `<kind>_index` the record's index in its Article list (the index facts refer to).
- `section` is the section index and `section_heading` its heading (null for the lead or outside sections).
- `text`, `start`, `end` are the mention and its half-open offsets into `Article.text`; people, organisations
  and countries give their first mention (every mention is a row of `mentions`).
- `sentence` is the sentence around the mention, found by a simple boundary search in `Article.text` (the
  pipeline does not store sentences): a line break, or `.`/`!`/`?` followed by a space and a word that does not
  start in lower case, unless the word before the full stop is a known abbreviation ("Dr.", "Prof.", "Jan.";
  spaCy's English tokenizer exceptions) or an initial ("J."). Null when the article has no text.
- Dates: a column typed DATE (`date`, `end_date`, `published`) holds the value only when it is a full calendar
  date YYYY-MM-DD; the raw TIMEX3 value ("XXXX-04-09", "2020-W14", "P2D") stays in a string column
  (`value`/`end_value` in `dates`, `date_value`/`end_date_value` in `facts`).
"""

from __future__ import annotations

import bisect
import glob
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, cast

import jsonlines
import pyarrow as pa
from pydantic import ValidationError

from models import Article, Mention
from pipeline.errors import InputError
from pipeline.sources import TrackedLines

_STR = pa.string()
_INT = pa.int32()
_FLOAT = pa.float64()
_BOOL = pa.bool_()
_DATE = pa.date32()
_STR_LIST = pa.list_(pa.string())
_INT_LIST = pa.list_(pa.int32())
_TOTALS = pa.map_(pa.string(), pa.float64())


@dataclass(frozen=True)
class Column:
    """One column of a flat table: name, Arrow type and what it holds."""

    name: str
    type: pa.DataType
    description: str


def _c(name: str, type_: pa.DataType, description: str) -> Column:
    return Column(name, type_, description)


_ID = _c("id", _STR, "Article id.")
_SECTION = (
    _c("section", _INT, "Section index (Article.sections), null for the title/byline or outside sections."),
    _c("section_heading", _STR, "That section's heading, null for the lead."),
)
_SENTENCE = _c(
    "sentence", _STR, "The sentence the mention is in (simple boundary search), null without text."
)


def _first_mention(kind: str) -> tuple[Column, ...]:
    return (
        *_SECTION,
        _c("text", _STR, f"The {kind}'s first mention as written."),
        _c("start", _INT, "Offset of the first mention in Article.text."),
        _c("end", _INT, "End offset (exclusive) of the first mention."),
        _SENTENCE,
    )


_SPAN = (
    *_SECTION,
    _c("text", _STR, "The mention as written."),
    _c("start", _INT, "Offset in Article.text."),
    _c("end", _INT, "End offset (exclusive) in Article.text."),
    _SENTENCE,
)

# The stable column order of every table: append new columns at the end of a table, never reorder.
TABLES: dict[str, tuple[Column, ...]] = {
    "articles": (
        _ID,
        _c("schema_version", _STR, "Output schema version."),
        _c("source", _STR, "Input path or URL."),
        _c("title", _STR, "Article title."),
        _c("byline", _STR, "Author name(s) as printed."),
        _c("published", _DATE, "Publication date."),
        _c("text_length", _INT, "Characters in Article.text, null when written with --no-text."),
        _c("n_sections", _INT, "Number of sections."),
        _c("n_dates", _INT, "Number of date mentions."),
        _c("n_people", _INT, "Number of people."),
        _c("n_organisations", _INT, "Number of organisations."),
        _c("n_countries", _INT, "Number of countries."),
        _c("n_quantities", _INT, "Number of quantities."),
        _c("n_facts", _INT, "Number of facts."),
        _c("warnings", _STR_LIST, "Warnings raised while extracting."),
        _c("extractor_version", _STR, "newsfacts version that wrote the line."),
        _c("extractor_model", _STR, "spaCy model that was used."),
        _c("text", _STR, "The cleaned text all offsets point into."),
        _c("file", _STR, "The JSONL file the article was read from."),
        _c("line", _INT, "Its line number in that file (1-based)."),
    ),
    "sections": (
        _ID,
        _c("section", _INT, "Section index."),
        _c("section_heading", _STR, "Heading, null for the lead."),
        _c("start", _INT, "Offset of the heading (or of the lead's first block)."),
        _c("end", _INT, "Offset just past the section's last block."),
        _c("text", _STR, "The section's text (heading included), null without Article.text."),
    ),
    "dates": (
        _ID,
        _c("date_index", _INT, "Index in Article.dates."),
        _c("value", _STR, "TIMEX3 value (2020-04-09, XXXX-04-09, 2020-03, XXXX-WXX-5, P2D, PAST_REF)."),
        _c("end_value", _STR, "TIMEX3 value of a range's end."),
        _c("date", _DATE, "`value` as a DATE when it is a full date YYYY-MM-DD, else null."),
        _c("end_date", _DATE, "`end_value` as a DATE when it is a full date, else null."),
        _c("type", _STR, "TIMEX3 type: DATE, TIME, DURATION, SET."),
        _c("mod", _STR, "TIMEX3 mod: START, MID, END, APPROX..."),
        _c("year_inferred", _BOOL, "The year was taken from the publication date."),
        *_SPAN,
    ),
    "people": (
        _ID,
        _c("person_index", _INT, "Index in Article.people (facts' agent_index/recipient_index)."),
        _c("name", _STR, "Full name without honorifics."),
        _c("title", _STR, "Honorific or office title (Dr., Prof.)."),
        _c("role", _STR, "Stated function, lower case."),
        _c("organisation", _STR, "Organisation named with the role, as written."),
        _c("organisation_index", _INT, "The organisations row `organisation` names (join on id and it)."),
        _c("country_index", _INT, "The countries row of the country the role says the person acts for."),
        _c("family_name", _STR, "Family name."),
        _c("given_name", _STR, "Given name(s)."),
        _c("aliases", _STR_LIST, "Other names."),
        _c("mention_count", _INT, "Number of mentions."),
        *_first_mention("person"),
    ),
    "organisations": (
        _ID,
        _c("organisation_index", _INT, "Index in Article.organisations."),
        _c("name", _STR, "Long form if the text gives one, else the name as written."),
        _c("acronym", _STR, "Acronym defined in the text."),
        _c("aliases", _STR_LIST, "Other spellings."),
        _c("mention_count", _INT, "Number of mentions."),
        *_first_mention("organisation"),
    ),
    "countries": (
        _ID,
        _c("country_index", _INT, "Index in Article.countries."),
        _c("name", _STR, "English short name."),
        _c("iso2", _STR, "ISO 3166-1 alpha-2."),
        _c("iso3", _STR, "ISO 3166-1 alpha-3."),
        _c("mention_count", _INT, "Number of mentions (names, demonyms, cities)."),
        *_first_mention("country"),
    ),
    "quantities": (
        _ID,
        _c("quantity_index", _INT, "Index in Article.quantities (facts' quantity_indexes)."),
        _c("value", _FLOAT, "The number (low end of a range)."),
        _c("end_value", _FLOAT, "High end of a range."),
        _c("qualifier", _STR, "more_than, at_least, nearly, about, up_to, less_than."),
        _c(
            "unit",
            _STR,
            "Container, ISO 4217 currency, % or pp, a measure (tonnes, km) or a price (USD/share).",
        ),
        _c("item", _STR, "The counted noun phrase, or the currency code for money."),
        _c("category", _STR, "Category (masks, gowns, money, patients...)."),
        *_SPAN,
    ),
    "facts": (
        _ID,
        _c("fact_index", _INT, "Index in Article.facts."),
        _c("type", _STR, "donation, meeting, visit, service, agreement."),
        _c("agent_kind", _STR, "organisation, person or country."),
        _c("agent_name", _STR, "Agent's name."),
        _c("agent_index", _INT, "Agent's index in people, organisations or countries (by agent_kind)."),
        _c("agent_iso2", _STR, "Agent's country code when agent_kind is country."),
        _c("recipient_kind", _STR, "organisation, person or country."),
        _c("recipient_name", _STR, "Recipient's name."),
        _c("recipient_index", _INT, "Recipient's index (by recipient_kind)."),
        _c("recipient_iso2", _STR, "Recipient's country code when recipient_kind is country."),
        _c("also_names", _STR_LIST, "Further parties' names."),
        _c("date_value", _STR, "TIMEX3 value of the event's date."),
        _c("end_date_value", _STR, "TIMEX3 value of its end."),
        _c("date", _DATE, "date_value as a DATE when it is a full date, else null."),
        _c("end_date", _DATE, "end_date_value as a DATE when it is a full date, else null."),
        _c("date_index", _INT, "Index in Article.dates of the date mention."),
        _c("status", _STR, "reported or planned."),
        _c("quantity_indexes", _INT_LIST, "Indexes into Article.quantities (quantities.quantity_index)."),
        _c(
            "quantity_totals",
            _TOTALS,
            "Sum of the fact's quantities per category; money per currency as 'money:USD'.",
        ),
        *_SECTION,
        _c("evidence", _STR, "The evidence mentions' text, joined with ' … '."),
        _c("start", _INT, "Offset of the first evidence mention."),
        _c("end", _INT, "End offset of the first evidence mention."),
        _SENTENCE,
    ),
    "mentions": (
        _ID,
        _c("kind", _STR, "person, organisation or country."),
        _c("record_index", _INT, "Index of the record in people, organisations or countries (by kind)."),
        _c("mention_index", _INT, "Index of the mention in the record's mentions."),
        _c("name", _STR, "The record's name."),
        *_SPAN,
    ),
}

TABLE_NAMES: tuple[str, ...] = tuple(TABLES)

Row = dict[str, Any]


@dataclass(frozen=True)
class LoadedArticle:
    """One validated Article and where it was read from."""

    article: Article
    file: str
    line: int


# --- reading ---------------------------------------------------------------------------------------------


def expand_files(files: Sequence[str]) -> list[Path]:
    """The JSONL files named by paths, directories (their *.jsonl, recursively) and globs, in order.

    Files ending in `.errors.jsonl` found through a directory or a glob are skipped: they hold error records.
    """
    found: list[Path] = []
    for name in files:
        path = Path(name)
        try:
            path.stat()
        except OSError:
            exists = False
        else:
            exists = True
        if exists and path.is_dir():
            matches = sorted(p for p in path.rglob("*.jsonl") if p.is_file())
            found.extend(p for p in matches if not p.name.endswith(".errors.jsonl"))
        elif exists:
            found.append(path)
        elif glob.has_magic(name):
            matches = sorted(Path(p) for p in glob.glob(name, recursive=True) if Path(p).is_file())
            matches = [p for p in matches if not p.name.endswith(".errors.jsonl")]
            if not matches:
                raise InputError(f"no file matches {name!r}: give Article JSONL files written by `extract`")
            found.extend(matches)
        else:
            raise InputError(f"input not found: {name!r}: give Article JSONL files written by `extract`")
    unique: dict[Path, None] = dict.fromkeys(found)
    return list(unique)


def read_articles(files: Sequence[str]) -> Iterator[LoadedArticle]:
    """Every Article of the files, in order; raises InputError at the first line that is not an Article."""
    for path in expand_files(files):
        try:
            fh = path.open("rb")
        except OSError as e:
            raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
        # jsonlines numbers and decodes the lines (a BOM skipped); each line is validated as an Article
        lines = TrackedLines(fh)
        with fh, jsonlines.Reader(lines, loads=_article_of_line) as reader:
            while True:
                try:
                    article = reader.read(skip_empty=True)
                except EOFError:
                    break
                except jsonlines.InvalidLineError as e:
                    cause = e.__cause__
                    why = _why_not_article(lines.raw, cause) if isinstance(cause, ValidationError) else str(e)
                    raise InputError(f"{path} line {e.lineno}: {why}") from e
                yield LoadedArticle(cast(Article, article), str(path), lines.number)


def _article_of_line(line: str | bytes) -> Article:
    text = line.decode("utf-8") if isinstance(line, bytes) else line
    return Article.model_validate_json(text.rstrip("\r\n"))


def _why_not_article(raw: bytes, error: ValidationError) -> str:
    first = error.errors()[0]
    if first["type"] == "json_invalid":
        return f"not valid JSON ({first['msg']}): each line must be one Article as `newsfacts extract` writes"
    try:
        obj = json.loads(raw)
    except ValueError:
        obj = None
    if isinstance(obj, dict) and {"stage", "error", "message"} <= obj.keys() and "extractor" not in obj:
        return "an error record (from an .errors.jsonl file), not an Article: leave errors files out"
    where = ".".join(str(p) for p in first["loc"]) or "article"
    return f"not an Article: {where}: {first['msg']} ({error.error_count()} error(s) in all)"


# --- rows ------------------------------------------------------------------------------------------------


def full_date(value: str | None) -> date | None:
    """A TIMEX3 value as a date when it is a full calendar date YYYY-MM-DD, else None."""
    if value is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@cache
def _abbreviations() -> frozenset[str]:
    # spaCy keeps the English abbreviations that end in a full stop ("Dr.", "Prof.", "Jan.", "e.g.") as
    # tokenizer exceptions; reuse its list rather than keeping our own. Imported here, only when needed.
    from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

    return frozenset(k for k in TOKENIZER_EXCEPTIONS if k.endswith(".") and len(k) > 1)


_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*([ \t\u00a0]+)(?=[\"'“‘(\[]*(\S))")
_WORD_BEFORE = re.compile(r"(\S+)$")


class Sentences:
    """Sentence spans of one text by a simple boundary search (see the module docstring)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        for line in re.finditer(r"[^\n]+", text):
            self._split_line(line.start(), line.end())

    def _split_line(self, start: int, end: int) -> None:
        text = self.text
        begin = start
        for m in _SENTENCE_END.finditer(text, start, end):
            if m.group(2).islower():
                continue
            punct_end = m.start(1)
            word = _WORD_BEFORE.search(text, begin, punct_end)
            token = word.group(1) if word else ""
            if token.endswith(".") and (token in _abbreviations() or re.fullmatch(r"[A-Z]\.", token)):
                continue
            self._add(begin, punct_end)
            begin = m.end(1)
        self._add(begin, end)

    def _add(self, start: int, end: int) -> None:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        if end > start:
            self.starts.append(start)
            self.ends.append(end)

    def around(self, start: int, end: int) -> tuple[int, int] | None:
        """The [start, end) of the sentence(s) covering the span, or None if it is outside every sentence."""
        i = bisect.bisect_right(self.starts, start) - 1
        if i < 0 or self.ends[i] <= start:
            return None
        j = max(i, bisect.bisect_left(self.ends, end))
        j = min(j, len(self.ends) - 1)
        return self.starts[i], self.ends[j]

    def sentence(self, start: int, end: int) -> str | None:
        span = self.around(start, end)
        return None if span is None else self.text[span[0] : span[1]]


class _Locator:
    """Section and sentence of an offset in one article."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self._sections = sorted(article.sections, key=lambda s: s.start)
        self._starts = [s.start for s in self._sections]
        self._headings = {s.index: s.heading for s in article.sections}
        self._sentences: Sentences | None = None

    def heading(self, index: int | None) -> str | None:
        return None if index is None else self._headings.get(index)

    def section_of(self, offset: int) -> int | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self._sections[i].end:
            return self._sections[i].index
        return None

    def sentence(self, start: int, end: int) -> str | None:
        if self.article.text is None:
            return None
        if self._sentences is None:
            self._sentences = Sentences(self.article.text)
        return self._sentences.sentence(start, end)

    def span(self, text: str, start: int, end: int, section: int | None) -> Row:
        return {
            "section": section,
            "section_heading": self.heading(section),
            "text": text,
            "start": start,
            "end": end,
            "sentence": self.sentence(start, end),
        }

    def mention(self, mention: Mention | None) -> Row:
        if mention is None:
            return dict.fromkeys(("section", "section_heading", "text", "start", "end", "sentence"))
        return self.span(mention.text, mention.start, mention.end, self.section_of(mention.start))


def article_rows(
    article: Article, *, file: str | None = None, line: int | None = None
) -> dict[str, list[Row]]:
    """The rows one Article contributes to each table (keys of `TABLES`, columns in table order)."""
    loc = _Locator(article)
    aid = article.id
    rows: dict[str, list[Row]] = {name: [] for name in TABLES}
    rows["articles"].append(
        {
            "id": aid,
            "schema_version": article.schema_version,
            "source": article.source,
            "title": article.title,
            "byline": article.byline,
            "published": full_date(article.published),
            "text_length": None if article.text is None else len(article.text),
            "n_sections": len(article.sections),
            "n_dates": len(article.dates),
            "n_people": len(article.people),
            "n_organisations": len(article.organisations),
            "n_countries": len(article.countries),
            "n_quantities": len(article.quantities),
            "n_facts": len(article.facts),
            "warnings": list(article.warnings),
            "extractor_version": article.extractor.version,
            "extractor_model": article.extractor.model,
            "text": article.text,
            "file": file,
            "line": line,
        }
    )
    for s in article.sections:
        rows["sections"].append(
            {
                "id": aid,
                "section": s.index,
                "section_heading": s.heading,
                "start": s.start,
                "end": s.end,
                "text": None if article.text is None else article.text[s.start : s.end],
            }
        )
    for i, d in enumerate(article.dates):
        rows["dates"].append(
            {
                "id": aid,
                "date_index": i,
                "value": d.value,
                "end_value": d.end_value,
                "date": full_date(d.value),
                "end_date": full_date(d.end_value),
                "type": d.type,
                "mod": d.mod,
                "year_inferred": d.year_inferred,
                **loc.span(d.text, d.start, d.end, d.section),
            }
        )
    for i, p in enumerate(article.people):
        rows["people"].append(
            {
                "id": aid,
                "person_index": i,
                "name": p.name,
                "title": p.title,
                "role": p.role,
                "organisation": p.organisation,
                "organisation_index": p.organisation_index,
                "country_index": p.country_index,
                "family_name": p.family_name,
                "given_name": p.given_name,
                "aliases": list(p.aliases),
                "mention_count": len(p.mentions),
                **loc.mention(p.mentions[0] if p.mentions else None),
            }
        )
    for i, o in enumerate(article.organisations):
        rows["organisations"].append(
            {
                "id": aid,
                "organisation_index": i,
                "name": o.name,
                "acronym": o.acronym,
                "aliases": list(o.aliases),
                "mention_count": len(o.mentions),
                **loc.mention(o.mentions[0] if o.mentions else None),
            }
        )
    for i, c in enumerate(article.countries):
        rows["countries"].append(
            {
                "id": aid,
                "country_index": i,
                "name": c.name,
                "iso2": c.iso2,
                "iso3": c.iso3,
                "mention_count": len(c.mentions),
                **loc.mention(c.mentions[0] if c.mentions else None),
            }
        )
    for i, q in enumerate(article.quantities):
        rows["quantities"].append(
            {
                "id": aid,
                "quantity_index": i,
                "value": q.value,
                "end_value": q.end_value,
                "qualifier": q.qualifier,
                "unit": q.unit,
                "item": q.item,
                "category": q.category,
                **loc.span(q.text, q.start, q.end, q.section),
            }
        )
    for i, f in enumerate(article.facts):
        first = f.evidence[0] if f.evidence else None
        evidence_row = loc.mention(first)
        section = f.section if f.section is not None else evidence_row["section"]
        rows["facts"].append(
            {
                "id": aid,
                "fact_index": i,
                "type": f.type,
                "agent_kind": f.agent.kind if f.agent else None,
                "agent_name": f.agent.name if f.agent else None,
                "agent_index": f.agent.index if f.agent else None,
                "agent_iso2": f.agent.iso2 if f.agent else None,
                "recipient_kind": f.recipient.kind if f.recipient else None,
                "recipient_name": f.recipient.name if f.recipient else None,
                "recipient_index": f.recipient.index if f.recipient else None,
                "recipient_iso2": f.recipient.iso2 if f.recipient else None,
                "also_names": [p.name for p in f.also],
                "date_value": f.date,
                "end_date_value": f.end_date,
                "date": full_date(f.date),
                "end_date": full_date(f.end_date),
                "date_index": f.date_index,
                "status": f.status,
                "quantity_indexes": list(f.quantities),
                "quantity_totals": list(_totals(article, f.quantities).items()),
                "section": section,
                "section_heading": loc.heading(section),
                "evidence": " … ".join(m.text for m in f.evidence) if f.evidence else None,
                "start": evidence_row["start"],
                "end": evidence_row["end"],
                "sentence": evidence_row["sentence"],
            }
        )
    mentioned = [
        *(("person", i, p.name, p.mentions) for i, p in enumerate(article.people)),
        *(("organisation", i, o.name, o.mentions) for i, o in enumerate(article.organisations)),
        *(("country", i, c.name, c.mentions) for i, c in enumerate(article.countries)),
    ]
    for kind, index, name, mentions in mentioned:
        for j, m in enumerate(mentions):
            rows["mentions"].append(
                {
                    "id": aid,
                    "kind": kind,
                    "record_index": index,
                    "mention_index": j,
                    "name": name,
                    **loc.mention(m),
                }
            )
    return rows


def _totals(article: Article, indexes: Sequence[int]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for i in indexes:
        q = article.quantities[i]
        # Amounts of different currencies must not be added up: money is kept per currency.
        key = f"money:{q.unit or q.item}" if q.category == "money" and (q.unit or q.item) else q.category
        totals[key] = totals.get(key, 0.0) + q.value
    return totals


# --- Arrow tables ----------------------------------------------------------------------------------------


def schema(name: str) -> pa.Schema:
    """The Arrow schema of one table, with each column's description as field metadata."""
    return pa.schema(
        [pa.field(c.name, c.type, metadata={"description": c.description}) for c in TABLES[name]]
    )


def build_tables(articles: Iterable[LoadedArticle | Article]) -> dict[str, pa.Table]:
    """One typed Arrow table per name in `TABLES` (in that order), empty tables included."""
    columns: dict[str, dict[str, list[Any]]] = {
        name: {c.name: [] for c in cols} for name, cols in TABLES.items()
    }
    for item in articles:
        if isinstance(item, LoadedArticle):
            rows = article_rows(item.article, file=item.file, line=item.line)
        else:
            rows = article_rows(item)
        for name, table_rows in rows.items():
            target = columns[name]
            for row in table_rows:
                for key, values in target.items():
                    values.append(row[key])
    return {name: pa.table(columns[name], schema=schema(name)) for name in TABLES}


def load_tables(files: Sequence[str]) -> dict[str, pa.Table]:
    """Read and validate the Article JSONL files (paths, directories, globs) into the flat tables."""
    return build_tables(read_articles(files))


__all__ = [
    "TABLES",
    "TABLE_NAMES",
    "Column",
    "LoadedArticle",
    "Sentences",
    "article_rows",
    "build_tables",
    "expand_files",
    "full_date",
    "load_tables",
    "read_articles",
    "schema",
]
