"""The output contract: one validated `Article` per input document (schema_version 1).

Offsets convention, used by every record below: `start` and `end` are half-open `[start, end)`
character offsets (Python `str` indices, i.e. Unicode code points) into `Article.text`, and
`text[start:end] == mention.text` always holds. `Article` checks this when it is built.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION: Final = "1"

Offset = Annotated[int, Field(ge=0, description="Character offset into Article.text (half-open).")]
Iso2 = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code.")]
Iso3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 code.")]
IsoDate = Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}$", description="A calendar date YYYY-MM-DD.")]
SectionIndex = Annotated[int, Field(ge=0, description="Index into Article.sections.")]

DateType = Literal["DATE", "TIME", "DURATION", "SET"]
Qualifier = Literal["more_than", "at_least", "nearly", "about", "up_to", "less_than"]
FactType = Literal["donation", "meeting", "visit", "service", "agreement"]
PartyKind = Literal["organisation", "person", "country"]


class Record(BaseModel):
    """Base of every output record: unknown fields are an error, so the schema cannot drift."""

    model_config = ConfigDict(extra="forbid")


class Mention(Record):
    """One place in the text where a record is mentioned."""

    text: str = Field(description="The mention exactly as it appears in Article.text.")
    start: Offset
    end: Offset


class Section(Record):
    """A run of the article under one heading; the lead (before the first heading) has heading null."""

    index: SectionIndex
    heading: str | None = Field(description="The heading text, or null for the lead.")
    start: Offset = Field(description="Offset of the heading (or of the lead's first block).")
    end: Offset = Field(description="Offset just past the section's last block.")


class DateMention(Record):
    """A temporal expression normalised to a TIMEX3 value."""

    text: str
    start: Offset
    end: Offset
    section: SectionIndex | None = Field(default=None, description="Section index, null for title/byline.")
    value: str | None = Field(
        description="TIMEX3 value: 2020-04-09, XXXX-04-09, 2020-03, 2020-W14, XXXX-WXX-5, P2D, PAST_REF..."
    )
    end_value: str | None = Field(default=None, description="TIMEX3 value of a range's end, else null.")
    type: DateType = Field(description="TIMEX3 type.")
    mod: str | None = Field(default=None, description="TIMEX3 mod: START, MID, END, APPROX, MORE_THAN...")
    year_inferred: bool = Field(
        default=False,
        description="True when the year was not written and was taken from the publication date.",
    )


class Person(Record):
    """One real person, however often and however they are named."""

    name: str = Field(description="First full mention, without honorifics, in the article's case and order.")
    title: str | None = Field(
        default=None, description="Honorific or office title before the name (Dr., Prof.)."
    )
    role: str | None = Field(default=None, description="Stated function, lower case (director, president).")
    organisation: str | None = Field(
        default=None, description="Organisation named with the role, as written."
    )
    organisation_index: int | None = Field(
        default=None,
        ge=0,
        description="Index into Article.organisations of the record `organisation` names, when it is one.",
    )
    country_index: int | None = Field(
        default=None,
        ge=0,
        description="Index into Article.countries of the country the role says the person acts for "
        '("India\'s ambassador to Nepal": India).',
    )
    family_name: str | None = Field(default=None, description="Family name, respecting name order.")
    given_name: str | None = Field(default=None, description="Given name(s), respecting name order.")
    aliases: list[str] = Field(
        default_factory=list, description="Other names: nicknames, surname-only mentions."
    )
    mentions: list[Mention] = Field(default_factory=list)


class Organisation(Record):
    """One real organisation: long form, acronym and variant spellings folded into one record."""

    name: str = Field(description="The long form if the text gives one, else the name as written.")
    acronym: str | None = Field(default=None, description="Acronym defined in the text, e.g. WHO.")
    aliases: list[str] = Field(default_factory=list, description="Other spellings seen in this article.")
    mentions: list[Mention] = Field(default_factory=list)


class Country(Record):
    """A country the article names or clearly refers to (by name, demonym, city or region)."""

    name: str = Field(description="English short name of the country.")
    iso2: Iso2
    iso3: Iso3
    mentions: list[Mention] = Field(default_factory=list)


class Quantity(Record):
    """A count or amount: value, qualifier, container or currency, the counted item and its category."""

    text: str = Field(description="The whole phrase, qualifier included.")
    start: Offset
    end: Offset
    section: SectionIndex | None = None
    value: float = Field(description="The number (the low end of a range).")
    end_value: float | None = Field(default=None, description="The high end of a range, else null.")
    qualifier: Qualifier | None = None
    unit: str | None = Field(
        default=None,
        description="Container (boxes, pieces), ISO 4217 currency code, '%' or 'pp' (percentage points), a "
        "measure (tonnes, km, MW) or a price per thing ('USD/share' for \"$31.50 a share\").",
    )
    item: str | None = Field(
        default=None, description="The counted noun phrase, or the currency code for money."
    )
    category: str = Field(description="A category from data/lexicons/quantity_categories.json.")


class PartyRef(Record):
    """A reference from a fact to one of the article's records."""

    kind: PartyKind
    name: str
    index: int = Field(ge=0, description="Index into Article.people, .organisations or .countries by kind.")
    iso2: Iso2 | None = Field(default=None, description="The country's code when kind is country.")


class Fact(Record):
    """An event the article reports: who did what to whom, when."""

    type: FactType
    agent: PartyRef | None = None
    recipient: PartyRef | None = None
    also: list[PartyRef] = Field(default_factory=list, description="Further parties of either side.")
    date: str | None = Field(default=None, description="TIMEX3 value of the date tied to the event.")
    end_date: str | None = None
    date_index: int | None = Field(default=None, ge=0, description="Index into Article.dates.")
    quantities: list[int] = Field(default_factory=list, description="Indexes into Article.quantities.")
    status: Literal["reported", "planned"] = "reported"
    evidence: list[Mention] = Field(default_factory=list)
    section: SectionIndex | None = None


class Extractor(Record):
    """Provenance: which newsfacts and which spaCy model made the record."""

    version: str
    model: str


class Article(Record):
    """One input document, segmented and with every extracted value grounded in `text`."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    id: str
    source: str | None = None
    title: str | None = None
    byline: str | None = Field(default=None, description="Author name(s) as printed, without 'By'.")
    published: IsoDate | None = None
    text: str | None = Field(
        default=None, description="The cleaned text all offsets point into (null with --no-text)."
    )
    sections: list[Section] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    organisations: list[Organisation] = Field(default_factory=list)
    countries: list[Country] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    extractor: Extractor

    def grounded_spans(self) -> list[tuple[str, str, int, int]]:
        """Every (where, text, start, end) the record claims, for offset checks and reviews."""
        spans: list[tuple[str, str, int, int]] = []
        for i, d in enumerate(self.dates):
            spans.append((f"dates[{i}]", d.text, d.start, d.end))
        for i, q in enumerate(self.quantities):
            spans.append((f"quantities[{i}]", q.text, q.start, q.end))
        mentioned: list[tuple[str, list[Mention]]] = [
            *((f"people[{i}]", p.mentions) for i, p in enumerate(self.people)),
            *((f"organisations[{i}]", o.mentions) for i, o in enumerate(self.organisations)),
            *((f"countries[{i}]", c.mentions) for i, c in enumerate(self.countries)),
        ]
        for where, mentions in mentioned:
            for j, m in enumerate(mentions):
                spans.append((f"{where}.mentions[{j}]", m.text, m.start, m.end))
        for i, f in enumerate(self.facts):
            for j, m in enumerate(f.evidence):
                spans.append((f"facts[{i}].evidence[{j}]", m.text, m.start, m.end))
        return spans

    @model_validator(mode="after")
    def _check_links(self) -> Article:
        for i, p in enumerate(self.people):
            if p.organisation_index is not None and p.organisation_index >= len(self.organisations):
                raise ValueError(f"people[{i}].organisation_index points past the organisations")
            if p.country_index is not None and p.country_index >= len(self.countries):
                raise ValueError(f"people[{i}].country_index points past the countries")
        return self

    @model_validator(mode="after")
    def _check_offsets(self) -> Article:
        if self.text is None:
            return self
        for where, text, start, end in self.grounded_spans():
            if end < start or self.text[start:end] != text:
                raise ValueError(
                    f"{where}: offsets [{start}, {end}) give {self.text[start:end]!r}, not {text!r}"
                )
        for f in self.facts:
            bad = [q for q in f.quantities if q >= len(self.quantities)]
            if bad:
                raise ValueError(f"fact quantities {bad} point past the {len(self.quantities)} quantities")
        return self


class ErrorRecord(Record):
    """One line of the errors JSONL: an input that could not be read or processed."""

    id: str | None = Field(description="Document id, if one was known.")
    source: str | None = Field(description="File path (with :LINE for JSONL) or '-' for stdin.")
    stage: str = Field(
        description="Where it failed: read, a stage of pipeline.stages (clean, segment, nlp, dates, people, "
        "organisations, countries, quantities, resolve, assemble, facts), worker or timeout."
    )
    error: str = Field(description="Exception class name.")
    message: str = Field(description="What went wrong and what to do.")
