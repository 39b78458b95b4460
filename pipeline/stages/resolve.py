"""The resolve stage: ties the records the extract stages found to each other.

Reads the people, organisations and countries the extract stages wrote (each stage knows only its own
records); writes them back linked: each person's `organisation_index` (the organisation record that the
person's `organisation` names, matched by name, acronym, alias, a mention's text or the leading words of
exactly one record's name) and `country_index` (the country the role says the person acts for: "India's
ambassador to Nepal" → India), and without a person record that is only an organisation's short form
("Kivu Moja" beside "Kivu Moja Hospital", tagged as a person by the model). The facts stage reads
these links, not the role's words. No settings; the word list is `person_roles.json` (`posting_words`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from models import Country, Organisation, Person
from pipeline.resources import load_json, load_tsv
from pipeline.stages.names.words import norm_key


@dataclass(frozen=True)
class Resolved:
    """The records of one article, linked to each other."""

    people: list[Person]
    organisations: list[Organisation]
    countries: list[Country]


def resolve(people: list[Person], organisations: list[Organisation], countries: list[Country]) -> Resolved:
    """Link each person to their organisation and country records; drop people who are organisations."""
    kept = [p for p in people if not _an_organisations_short_form(p, organisations)]
    org_index = _organisation_index(organisations)
    linked = [
        p.model_copy(
            update={
                "organisation_index": _organisation_of(p, organisations, org_index),
                "country_index": _country_served(p, countries),
            }
        )
        for p in kept
    ]
    return Resolved(linked, organisations, countries)


def _organisation_index(organisations: list[Organisation]) -> dict[str, int]:
    """Every written form of every organisation record → its index (the first record wins a shared form)."""
    index: dict[str, int] = {}
    for i, org in enumerate(organisations):
        forms = [org.name, org.acronym, *org.aliases, *(m.text for m in org.mentions)]
        for form in forms:
            if form:
                index.setdefault(norm_key(form), i)
    return index


def _organisation_of(person: Person, organisations: list[Organisation], index: dict[str, int]) -> int | None:
    """The record the person's organisation names: a written form of it, else the leading words of
    exactly one record's name ("Nordvik" for "Nordvik Motor Company")."""
    if not person.organisation:
        return None
    key = norm_key(person.organisation)
    if key in index:
        return index[key]
    leading = [i for i, org in enumerate(organisations) if norm_key(org.name).startswith(key + " ")]
    return leading[0] if len(leading) == 1 else None


def _an_organisations_short_form(person: Person, organisations: list[Organisation]) -> bool:
    """A 'person' with no title or role whose every mention is also a mention of an organisation record
    (the model tagged the short form of "Kivu Moja Hospital" as a person): the organisation is meant."""
    if person.title or person.role or not person.mentions:
        return False
    spans = {(m.start, m.end) for org in organisations for m in org.mentions}
    return all((m.start, m.end) in spans for m in person.mentions)


def _country_served(person: Person, countries: list[Country]) -> int | None:
    """The first country named (or its demonym) in the person's role that no posting word leads:
    'India's ambassador to Nepal' → India, 'ambassador to Nepal' → none."""
    words = norm_key(person.role or "").replace("'s ", " ").split()
    if not words:
        return None
    forms = _country_forms(countries)
    for n in range(len(words)):
        if n and words[n - 1] in _posting_words():
            continue
        for form, i in forms:
            if words[n : n + len(form)] == form:
                return i
    return None


def _country_forms(countries: list[Country]) -> list[tuple[list[str], int]]:
    """(words of a name, demonym or mention, country index) for every country record."""
    forms: list[tuple[list[str], int]] = []
    for i, country in enumerate(countries):
        written = {norm_key(country.name), *(norm_key(m.text) for m in country.mentions)}
        written |= set(_demonyms().get(country.iso2 or "", ()))
        forms += [(f.split(), i) for f in sorted(written) if f]
    return forms


@cache
def _demonyms() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for row in load_tsv("countries_demonyms.tsv"):
        if len(row) >= 2:
            out.setdefault(row[1], []).append(row[0].lower())
    return {code: tuple(words) for code, words in out.items()}


@cache
def _posting_words() -> frozenset[str]:
    return frozenset(load_json("person_roles.json")["posting_words"])
