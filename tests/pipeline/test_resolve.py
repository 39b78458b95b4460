"""Resolve stage: each person linked to their organisation and country records; people who are organisations."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models import Country, Mention, Organisation, Person
from pipeline.context import ArticleContext
from pipeline.stages.countries import extract_countries
from pipeline.stages.names.organisations import extract_organisations
from pipeline.stages.names.people import extract_people
from pipeline.stages.resolve import resolve

MakeContext = Callable[..., ArticleContext]


def linked(make_context: MakeContext, *paragraphs: str) -> list[tuple[str, str | None, str | None]]:
    """(person, organisation record's name, country record's name) for each person the text names."""
    ctx = make_context(*paragraphs)
    out = resolve(extract_people(ctx), extract_organisations(ctx), extract_countries(ctx))
    return [
        (
            p.name,
            None if p.organisation_index is None else out.organisations[p.organisation_index].name,
            None if p.country_index is None else out.countries[p.country_index].name,
        )
        for p in out.people
    ]


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        pytest.param(
            ["Nordvik Bank chief executive Ola Berg said the loan was signed."],
            [("Ola Berg", "Nordvik Bank", None)],
            id="the_organisation_as_named",
        ),
        pytest.param(
            [
                "The Nordvik Motor Company will close two plants.",
                "Ola Berg, chief executive of Nordvik, said the plan would save money.",
            ],
            [("Ola Berg", "Nordvik Motor Company", None)],
            id="a_short_form_of_one_company",
        ),
        pytest.param(
            ["The Nordic Food Agency (NFA) sent rice.", "Ana Lund, the NFA's head of logistics, said so."],
            [("Ana Lund", "Nordic Food Agency", None)],
            id="an_acronym",
        ),
        pytest.param(
            ["Ola Berg, a teacher, said the school was closed."],
            [("Ola Berg", None, None)],
            id="no_organisation_named",
        ),
    ],
)
def test_a_person_is_linked_to_the_organisation_record(
    make_context: MakeContext, paragraphs: list[str], expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert linked(make_context, *paragraphs) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "India's Ambassador to Nepal Vinay Kumar handed over the vaccines.",
            [("Vinay Kumar", None, "India")],
            id="the_country_served_not_the_posting",
        ),
        pytest.param(
            "Kenyan Health Minister Ruth Wambui opened the clinic.",
            [("Ruth Wambui", None, "Kenya")],
            id="a_demonym_in_the_role",
        ),
        pytest.param(
            "The ambassador to Nepal, Vinay Kumar, handed over the vaccines.",
            [("Vinay Kumar", None, None)],
            id="only_the_posting_is_named",
        ),
    ],
)
def test_a_person_is_linked_to_the_country_they_act_for(
    make_context: MakeContext, text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert linked(make_context, text) == expected


def _mention(text: str, start: int) -> Mention:
    return Mention(text=text, start=start, end=start + len(text))


def test_a_person_who_is_an_organisations_short_form_is_dropped() -> None:
    hospital = Organisation(
        name="Mnazi Hospital",
        aliases=["Mnazi"],
        mentions=[_mention("Mnazi Hospital", 0), _mention("Mnazi", 40)],
    )
    short_form = Person(name="Mnazi", mentions=[_mention("Mnazi", 40)])
    assert resolve([short_form], [hospital], []).people == []


@pytest.mark.parametrize(
    "person",
    [
        pytest.param(
            Person(name="Mnazi", role="director", mentions=[_mention("Mnazi", 40)]), id="with_a_role"
        ),
        pytest.param(
            Person(name="Mnazi", mentions=[_mention("Mnazi", 40), _mention("Mnazi", 80)]),
            id="named_elsewhere_too",
        ),
    ],
)
def test_a_person_who_shares_an_organisations_words_is_kept(person: Person) -> None:
    hospital = Organisation(name="Mnazi Hospital", aliases=["Mnazi"], mentions=[_mention("Mnazi", 40)])
    country = Country(name="Tanzania", iso2="TZ", iso3="TZA", mentions=[])
    assert resolve([person], [hospital], [country]).people == [person]
