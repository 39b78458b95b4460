"""The article's records as parties: an offset index over every person, organisation and country mention.

Reads the assembled `Article` (its records and mentions are final, person ↔ organisation links included);
writes nothing. `Party` is what a fact's side holds until it becomes a `models.PartyRef`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from models import Article, PartyRef
from models.article import PartyKind
from pipeline.context import NearbySpans


@dataclass(frozen=True)
class Party:
    kind: PartyKind
    index: int
    start: int
    main: bool = True  # False for a party named only in an apposition or 'of' phrase of another party
    proxy: bool = False  # a country standing in for an official whose role names it (see stand_ins)

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.index)


@dataclass
class RecordIndex:
    """Every record mention of the article as (start, end, kind, index), for offset look-ups."""

    spans: list[tuple[int, int, PartyKind, int]]
    surfaces: dict[str, tuple[PartyKind, int]]
    by_offset: NearbySpans[tuple[int, int, PartyKind, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_offset = NearbySpans(self.spans, lambda span: (span[0], span[1]))

    @classmethod
    def build(cls, article: Article) -> RecordIndex:
        spans: list[tuple[int, int, PartyKind, int]] = []
        surfaces: dict[str, tuple[PartyKind, int]] = {}
        groups: list[tuple[PartyKind, Iterable[Any]]] = [
            ("person", article.people),
            ("organisation", article.organisations),
            ("country", article.countries),
        ]
        for kind, records in groups:
            for i, record in enumerate(records):
                spans.extend((m.start, m.end, kind, i) for m in record.mentions)
                for m in record.mentions:
                    surfaces.setdefault(surface(m.text), (kind, i))
        spans.sort()
        return cls(spans, surfaces)

    def covers(self, party: Party, start: int, end: int) -> bool:
        """Whether one of the party's mentions covers [start, end)."""
        return any(
            kind == party.kind and i == party.index and s <= start and end <= e
            for s, e, kind, i in self.by_offset.near(start, end)
        )

    def within(self, start: int, end: int) -> list[Party]:
        """Parties mentioned in [start, end), in text order, the longest mention first at one place."""
        found = [
            (s, -(e - s), kind, i)
            for s, e, kind, i in self.by_offset.near(start, end)
            if s < end and start < e
        ]
        found.sort()
        parties: list[Party] = []
        seen: set[tuple[str, int]] = set()
        for s, _, kind, i in found:
            if (kind, i) not in seen:
                seen.add((kind, i))
                parties.append(Party(kind, i, s))
        return parties


def surface(text: str) -> str:
    """A name for look-up: lower case, less a leading 'the' and a possessive 's."""
    text = text.lower().strip()
    if text.startswith("the "):
        text = text[4:]
    return text.removesuffix("'s").removesuffix("’s")


def ref(article: Article, party: Party) -> PartyRef:
    if party.kind == "person":
        return PartyRef(kind="person", name=article.people[party.index].name, index=party.index)
    if party.kind == "organisation":
        org = article.organisations[party.index]
        return PartyRef(kind="organisation", name=org.name, index=party.index)
    country = article.countries[party.index]
    return PartyRef(kind="country", name=country.name, index=party.index, iso2=country.iso2)


def role_countries(article: Article) -> dict[int, int]:
    """Person index → index of the country they act for, as the resolve stage linked it from their role
    ('India's ambassador to Nepal' → India)."""
    return {k: p.country_index for k, p in enumerate(article.people) if p.country_index is not None}


def unique(parties: list[Party]) -> list[Party]:
    out: list[Party] = []
    for p in parties:
        if all(p.key != q.key for q in out):
            out.append(p)
    return out


def compatible(a: Party | None, b: Party | None) -> bool:
    return a is None or b is None or a.key == b.key


def same(a: Party | None, b: Party | None) -> bool:
    return a is not None and b is not None and a.key == b.key
