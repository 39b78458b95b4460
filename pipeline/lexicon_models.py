"""The models of the lexicons in `data/lexicons/`: one pydantic model (or table row) per file.

Reads nothing and writes nothing: `pipeline.lexicon_check` reads each file and validates it with the model
named here. Keys starting with '_' are comments and are dropped before a model sees them; every other key
is declared, so an unknown or missing key is an error. `fact_triggers.json` has its model beside its reader,
`pipeline.stages.facts.lexicon.TriggerFile`.

Rules shared by the models: no empty entries or stray spaces; no entry listed twice in a list (a JSON key
given twice is caught by the reader); lower case where the stage lower-cases what it looks up; regexes that
compile; ISO codes by pattern (that a country code is in countries.tsv is checked across files).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    StrictBool,
    StrictInt,
    model_validator,
)

from models.article import Qualifier

# ------------------------------------------------------------------------------------------- value types


def _word(value: str) -> str:
    if not value.strip():
        raise ValueError("an empty entry: remove it")
    if value != " ".join(value.split()):
        raise ValueError(f"{value!r} has stray spaces: write {' '.join(value.split())!r}")
    return value


def _lower(value: str) -> str:
    if value != value.lower():
        raise ValueError(
            f"{value!r} is not lower case (the stage lower-cases what it looks up): write {value.lower()!r}"
        )
    return value


def _unique(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{value!r} is listed twice: remove one")
        seen.add(value)
    return values


def _unique_folded(values: Iterable[str]) -> None:
    seen: dict[str, str] = {}
    for value in values:
        other = seen.setdefault(value.casefold(), value)
        if other != value:
            raise ValueError(f"{other!r} and {value!r} are the same once case is folded: keep one")


def _folded_list(values: list[str]) -> list[str]:
    _unique_folded(values)
    return values


def _folded_keys(table: dict[str, Any]) -> dict[str, Any]:
    _unique_folded(table)
    return table


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as e:
        raise ValueError(f"{value!r} is not a valid regular expression ({e}): fix it") from e
    return value


def _matching(pattern: str, what: str) -> Callable[[str], str]:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise ValueError(f"{value!r} is not {what}")
        return value

    return check


Word = Annotated[str, AfterValidator(_word)]
Lower = Annotated[str, AfterValidator(_word), AfterValidator(_lower)]
Words = Annotated[list[Word], AfterValidator(_unique)]
LowerWords = Annotated[list[Lower], AfterValidator(_unique)]
# Matched after case folding (countries.py folds every key): 'Sea' and 'sea' would be one entry.
FoldedWords = Annotated[list[Word], AfterValidator(_unique), AfterValidator(_folded_list)]
Pattern = Annotated[str, AfterValidator(_regex)]
Patterns = Annotated[list[Pattern], AfterValidator(_unique)]
Iso2 = Annotated[str, AfterValidator(_matching(r"[A-Z]{2}", "an ISO 3166-1 alpha-2 code (two capitals)"))]
Iso3 = Annotated[str, AfterValidator(_matching(r"[A-Z]{3}", "an ISO 3166-1 alpha-3 code (three capitals)"))]
Currency = Annotated[
    str, AfterValidator(_matching(r"[A-Z]{3}", "an ISO 4217 currency code (three capitals)"))
]
Category = Annotated[str, AfterValidator(_matching(r"[a-z]+(?:_[a-z]+)*", "a category name in snake_case"))]
HtmlTag = Annotated[str, AfterValidator(_matching(r"[a-z][a-z0-9]*", "an HTML tag name in lower case"))]
Pinyin = Annotated[str, AfterValidator(_matching(r"[a-z]+", "one lower-case word of letters a-z"))]
NameToCode = Annotated[dict[Word, Iso2], AfterValidator(_folded_keys)]

Month = Annotated[StrictInt, Field(ge=1, le=12)]
IsoWeekday = Annotated[StrictInt, Field(ge=1, le=7)]
Positive = Annotated[StrictInt, Field(gt=0)]
Fraction = Annotated[float, Field(gt=0, lt=1)]
MonthDay = Annotated[
    str, AfterValidator(_matching(r"(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])", "a day as MM-DD"))
]
ClockTime = Annotated[str, AfterValidator(_matching(r"(?:[01]\d|2[0-4]):[0-5]\d", "a time as HH:MM"))]
Designator = Annotated[
    str, AfterValidator(_matching(r"\d*(?:Y|M|W|D|H|S|Q|WE)", "a TIMEX3 unit (Y, M, W, 2W, 10Y...)"))
]
Period = Annotated[str, AfterValidator(_matching(r"PT?\d+[YMWDHSQ]", "a TIMEX3 period (P1D, PT1H, P6M...)"))]
DecimalText = Annotated[
    str, AfterValidator(_matching(r"\d+(?:\.\d+)?", "a decimal number written as a string"))
]


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ------------------------------------------------------------------------------------- the JSON models


class Clutter(_File):
    """clutter.json: page chrome that `pipeline/sources/clean.py` drops (regexes, matched case-insensitively)."""

    separators: Words
    spaced_separators: Words
    nav_max_words: Positive
    stamp_prefix: Pattern
    updated_prefix: Pattern
    line_patterns: dict[Lower, Patterns]
    chrome_patterns: dict[Lower, Patterns]
    sentence_min_words: Positive
    byline: Pattern
    byline_max_words: Positive


class _ExtraCountry(_File):
    iso3: Iso3
    name: Word


def _subdivision_suffix(value: str) -> str:
    # Korean ones are joined with a hyphen ('Gyeonggi-do'), the others with a space ('Hebei Sheng').
    if value[:1] not in (" ", "-") or value[1:] != " ".join(value[1:].split()) or not value[1:]:
        raise ValueError(
            f"{value!r} is not a suffix: write a space or a hyphen, then the words (' Province', '-do')"
        )
    return value


class CountriesAliases(_File):
    """countries_aliases.json: hand-kept names, demonyms and places for `pipeline/stages/countries.py`."""

    names: NameToCode
    demonyms: NameToCode
    not_demonyms: FoldedWords
    subdivisions: NameToCode
    cities: NameToCode
    regions: FoldedWords
    place_cues: LowerWords
    strip_prefixes: LowerWords
    feature_words: FoldedWords
    display_names: dict[Iso2, Word]
    extra_countries: dict[Iso2, _ExtraCountry]
    subdivision_suffixes: Annotated[
        list[Annotated[str, AfterValidator(_subdivision_suffix)]], AfterValidator(_unique)
    ]

    def codes(self) -> Iterable[tuple[str, str]]:
        """(where, code) of every country code the file gives, for the check against countries.tsv."""
        for table in ("names", "demonyms", "subdivisions", "cities"):
            entries: dict[str, str] = getattr(self, table)
            yield from ((f"{table}[{key!r}]", code) for key, code in entries.items())
        for table in ("display_names", "extra_countries"):
            yield from ((f"{table}[{code!r}]", code) for code in getattr(self, table))


class DatesCalendar(_File):
    """dates_calendar.json: month, weekday, season and holiday words for `pipeline/stages/dates/`."""

    months: dict[Lower, Month]
    ambiguous_months: LowerWords
    weekdays: dict[Lower, IsoWeekday]
    seasons: dict[Lower, Literal["SP", "SU", "FA", "WI"]]
    parts_of_day: dict[Lower, Literal["MO", "AF", "EV", "NI", "MI"]]
    clock_words: dict[Lower, ClockTime]
    time_zones: LowerWords
    ordinal_words: dict[Lower, Positive]
    quarter_ordinals: dict[Lower, Annotated[StrictInt, Field(ge=1, le=4)]]
    half_ordinals: dict[Lower, Annotated[StrictInt, Field(ge=1, le=2)]]
    decade_words: dict[Lower, Annotated[StrictInt, Field(ge=0, le=9)]]
    holidays: dict[Lower, MonthDay]
    # [month, ISO weekday, n-th (-1: the last on or before the day), first day]
    floating_holidays: dict[
        Lower,
        tuple[
            Month,
            IsoWeekday,
            Annotated[StrictInt, Field(ge=-1, le=5)],
            Annotated[StrictInt, Field(ge=1, le=31)],
        ],
    ]
    easter_holidays: dict[Lower, StrictInt]

    @model_validator(mode="after")
    def _months_known(self) -> DatesCalendar:
        unknown = [m for m in self.ambiguous_months if m not in self.months]
        if unknown:
            raise ValueError(f"ambiguous_months {unknown!r} are not in months: add them there or remove them")
        return self


class DatesNumbers(_File):
    """dates_numbers.json: counting words text2num does not read, for durations."""

    exact: dict[Lower, Annotated[float, Field(gt=0)]]
    vague: LowerWords
    number_words: LowerWords


class DatesPhrases(_File):
    """dates_phrases.json: relative references, modifiers and cue words for `pipeline/stages/dates/`."""

    refs: dict[Lower, Literal["PRESENT_REF", "PAST_REF", "FUTURE_REF"]]
    ref_need_context: LowerWords
    anaphoric_days: dict[Lower, StrictInt]
    position_mods: dict[Lower, Literal["START", "MID", "END"]]
    quantity_mods: dict[Lower, Literal["APPROX", "EQUAL_OR_LESS", "EQUAL_OR_MORE", "MORE_THAN", "LESS_THAN"]]
    relative_before: LowerWords
    relative_after: LowerWords
    future_cues: LowerWords
    range_connectors: LowerWords
    range_openers: LowerWords
    present_heads: LowerWords
    month_cues: LowerWords
    year_cues: LowerWords
    duration_preps: LowerWords
    duration_lead_phrases: LowerWords
    count_nouns: LowerWords
    modal_after_may: Words  # compared with the word as written: 'I' stays a capital
    timetable_cues: LowerWords


class DatesUnits(_File):
    """dates_units.json: TIMEX3 unit designators and frequency adverbs."""

    units: dict[Lower, tuple[Designator, StrictBool]]
    plurals: dict[Lower, Lower]
    frequency_adverbs: dict[Lower, Period]
    frequency_words: LowerWords

    @model_validator(mode="after")
    def _plurals_known(self) -> DatesUnits:
        unknown = [s for s in self.plurals.values() if s not in self.units]
        if unknown:
            raise ValueError(f"plurals give {unknown!r}, which are not in units: add them there")
        return self


class HtmlTags(_File):
    """html_tags.json: element classes for the HTML cleaner."""

    inline: Annotated[list[HtmlTag], AfterValidator(_unique)]
    void: Annotated[list[HtmlTag], AfterValidator(_unique)]
    raw_text: Annotated[list[HtmlTag], AfterValidator(_unique)]
    implied_end: dict[HtmlTag, Annotated[list[HtmlTag], AfterValidator(_unique)]]
    boilerplate: Annotated[list[HtmlTag], AfterValidator(_unique)]


class OrgLexicon(_File):
    """org_lexicon.json: head nouns and word lists of the organisations stage (lower case)."""

    head_words: LowerWords
    venue_heads: LowerWords
    venue_phrases: LowerWords
    not_organisations: LowerWords
    thing_heads: LowerWords
    document_heads: LowerWords
    company_suffixes: LowerWords
    name_possessives: LowerWords
    portfolio_heads: LowerWords
    portfolio_words: LowerWords
    agent_verbs: LowerWords
    mission_heads: LowerWords
    place_prepositions: LowerWords
    compass_words: LowerWords
    class_nouns: LowerWords


class PersonRoles(_File):
    """person_roles.json: role nouns, modifiers and lead-ins of the people stage."""

    role_nouns: LowerWords
    posting_words: LowerWords
    role_modifiers: LowerWords
    time_lead_ins: LowerWords


class PersonSurnamesAsian(_File):
    """person_surnames_asian.json: family names written first, by group (lower case)."""

    korean: LowerWords
    vietnamese: LowerWords
    other_chinese_romanisations: LowerWords


class PersonTitles(_File):
    """person_titles.json: honorifics, ranks and office titles before a name."""

    honorifics: dict[Lower, Word]
    ranks: LowerWords
    company_offices: LowerWords
    office_titles: LowerWords
    not_titles: LowerWords
    not_name_words: LowerWords
    name_particles: LowerWords
    event_heads: LowerWords


class QuantityCategories(RootModel[dict[Lower, Category]]):
    """quantity_categories.json: head lemma or phrase (lower case) -> category."""


class QuantityCategoryGroups(RootModel[dict[Category, Annotated[list[Category], AfterValidator(_unique)]]]):
    """quantity_category_groups.json: group -> the categories a mixed list of items sums up to."""


class QuantityExclusions(_File):
    """quantity_exclusions.json: what makes a number not a count."""

    time_units: LowerWords
    months: LowerWords
    weekdays: LowerWords
    percent: LowerWords
    markers_before: LowerWords
    year_markers_before: LowerWords
    address_heads: LowerWords
    relational_nouns: LowerWords
    definite_before: LowerWords
    measurement_units: LowerWords
    invariant_plurals: LowerWords
    model_designation: Pattern


class QuantityNumbers(_File):
    """quantity_numbers.json: number words, fractions and approximate plurals ('hundreds of')."""

    words: LowerWords
    dozen: Positive
    fractions: dict[Lower, Fraction]
    approximate: dict[Lower, Positive]
    approximate_qualifier: Qualifier


class QuantityQualifiers(RootModel[dict[Lower, Qualifier]]):
    """quantity_qualifiers.json: phrase before a number (lower case) -> qualifier."""


class QuantityUnits(_File):
    """quantity_units.json: containers, currencies, scales and units of the quantities stage."""

    containers: dict[Lower, Word]
    # Case matters in the next four: 'K' and 'k', 'KSh' and 'Ksh' are both listed on purpose.
    currencies: dict[Word, Currency]
    scales: dict[Word, Positive]
    measures: LowerWords
    currency_prefix_words: Words
    percent: dict[Lower, Literal["%", "pp"]]
    currency_subunits: dict[Word, tuple[Currency, DecimalText]]
    price_per: Words
    glued_measures: Words
    group_size_words: dict[Lower, Word]
    dimensions: Words

    @model_validator(mode="after")
    def _glued_are_containers(self) -> QuantityUnits:
        unknown = [g for g in self.glued_measures if g.lower() not in self.containers]
        if unknown:
            raise ValueError(f"glued_measures {unknown!r} are not containers: add them there")
        return self


class SegmentByline(_File):
    """segment_byline.json: what may follow an author's name in a byline."""

    agencies: Words  # lower-cased by the reader; written as the agencies write themselves (AFP, Xinhua)
    affiliation_words: LowerWords
    place_prepositions: LowerWords
    name_particles: LowerWords
    conjunctions: LowerWords


class SegmentDates(_File):
    """segment_dates.json: month and weekday names and the dateline pattern parts."""

    months: dict[Lower, Month]
    weekdays: LowerWords
    time_zone: Pattern
    dateline_separators: Words


# ----------------------------------------------------------------------------------- the table models


class CountryRow(NamedTuple):
    iso2: Iso2
    iso3: Iso3
    name: Word


class NameRow(NamedTuple):
    name: Word
    iso2: Iso2


class CapitalRow(NamedTuple):
    capital: Word
    iso2: Iso2


class DemonymRow(NamedTuple):
    demonym: Word
    iso2: Iso2


Codes = Annotated[
    str, AfterValidator(_matching(r"[A-Z]{2}(?:\|[A-Z]{2})*", "ISO alpha-2 codes joined by '|'"))
]
Digits = Annotated[str, AfterValidator(_matching(r"\d+", "a whole number"))]
# 'capital': a capital from countryinfo that is not in the GeoNames extract, so it has no GeoNames id.
GeonameId = Annotated[str, AfterValidator(_matching(r"\d+|capital", "a GeoNames id (digits) or 'capital'"))]
SubdivisionSource = Annotated[
    str,
    AfterValidator(
        _matching(
            r"countryinfo|ambiguous|[A-Z]{2}-[A-Z0-9]{1,3}",
            "'countryinfo', 'ambiguous' or an ISO 3166-2 code",
        )
    ),
]


class CityRow(NamedTuple):
    name: Word
    iso2: Codes
    population: Digits
    geonameid: GeonameId


class SubdivisionRow(NamedTuple):
    name: Word
    iso2: Codes
    source: SubdivisionSource


def subdivision_source(row: SubdivisionRow) -> str | None:
    """The generator writes 'ambiguous' exactly when the name has several codes, else the code's own."""
    several = "|" in row.iso2
    if several != (row.source == "ambiguous"):
        return f"source {row.source!r} with iso2 {row.iso2!r}: 'ambiguous' goes with '|'-joined codes, and only there"
    if "-" in row.source and not row.source.startswith(row.iso2 + "-"):
        return f"source {row.source!r} is not a subdivision of {row.iso2!r}: fix one of them"
    return None
