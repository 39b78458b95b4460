"""The shapes of issue 15, each with a made-up text where the rule fires and one where it must not.

Records are written by hand (see test_facts.py), so these exercise the facts stage alone.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.facts import extract_facts
from tests.pipeline.test_facts import Build, _article, _summary

NORDVIK = ("Nordvik", "NO", "NOR", ["Nordvik"])
SKYVIK = ("Skyvik", "SE", "SWE", ["Skyvik"])

CASES = [
    pytest.param(
        "Nordvik Mining made a takeover offer for all the shares in Skyvik Metals.",
        {"orgs": [("Nordvik Mining",), ("Skyvik Metals",)]},
        [("agreement", "Nordvik Mining", "Skyvik Metals", None, [], "reported")],
        id="takeover_offer_is_an_agreement_with_its_target",
    ),
    pytest.param(
        "Ole Halvorsen took over the top job this summer.",
        {"people": [("Ole Halvorsen",)]},
        [],
        id="taking_over_a_job_names_no_target",
    ),
    pytest.param(
        "A rugby team from the Nordvik Army lost 20-12 to a Skyvik Navy side on Friday.",
        {"orgs": [("Nordvik Army",), ("Skyvik Navy",)], "dates": [("Friday", "2021-05-14")]},
        [("meeting", "Nordvik Army", "Skyvik Navy", "2021-05-14", [], "reported")],
        id="a_friendly_match_is_a_meeting",
    ),
    pytest.param(
        "The Nordvik Army lost 300 soldiers.",
        {"orgs": [("Nordvik Army",)], "quantities": [("300 soldiers", 300, "people")]},
        [],
        id="losing_without_an_opponent_is_no_match",
    ),
    pytest.param(
        "Maria Lund, who is on a state visit to Skyvik from 3 May, met the press.",
        {"people": [("Maria Lund",)], "countries": [SKYVIK], "dates": [("3 May", "2021-05-03")]},
        [("visit", "Maria Lund", "Skyvik", "2021-05-03", [], "reported")],
        id="on_a_state_visit_the_subject_goes",
    ),
    pytest.param(
        "Maria Lund is on the board of Skyvik Rail.",
        {"people": [("Maria Lund",)], "orgs": [("Skyvik Rail",)]},
        [],
        id="on_a_board_is_no_visit",
    ),
    pytest.param(
        "A delegation from the Nordvik Institute arrived in Skyvik on 3 May for a tour organised by the "
        "Skyvik Health Board.",
        {
            "orgs": [("Nordvik Institute",), ("Skyvik Health Board",)],
            "countries": [SKYVIK],
            "dates": [("3 May", "2021-05-03")],
        },
        [("visit", "Nordvik Institute", "Skyvik Health Board", "2021-05-03", [], "reported")],
        id="the_host_of_a_visit_before_the_place",
    ),
    pytest.param(
        "A delegation from the Nordvik Institute arrived in Skyvik on 3 May.",
        {"orgs": [("Nordvik Institute",)], "countries": [SKYVIK], "dates": [("3 May", "2021-05-03")]},
        [("visit", "Nordvik Institute", "Skyvik", "2021-05-03", [], "reported")],
        id="without_a_host_the_place_receives_the_visit",
    ),
    pytest.param(
        "A team from the Nordvik Academy won the cup on Friday. The squad arrived in Skyvik on 3 May.",
        {
            "orgs": [("Nordvik Academy",)],
            "countries": [SKYVIK],
            "dates": [("Friday", "2021-04-30"), ("3 May", "2021-05-03")],
        },
        [("visit", "Nordvik Academy", "Skyvik", "2021-05-03", [], "reported")],
        id="the_squad_is_the_team_named_before",
    ),
    pytest.param(
        "The squad arrived in Skyvik on 3 May.",
        {"countries": [SKYVIK], "dates": [("3 May", "2021-05-03")]},
        [("visit", None, "Skyvik", "2021-05-03", [], "reported")],
        id="a_squad_named_nowhere_before_stays_unnamed",
    ),
    pytest.param(
        "The University of Nordvik has been awarded a $5 million grant from the Skyvik Foundation.",
        {
            "orgs": [("University of Nordvik",), ("Skyvik Foundation",)],
            "quantities": [("$5 million", 5e6, "money")],
        },
        [("donation", "Skyvik Foundation", "University of Nordvik", None, ["$5 million"], "reported")],
        id="the_passive_subject_of_an_awarded_grant_receives_it",
    ),
    pytest.param(
        "The University of Nordvik has been awarded a prize by the Skyvik Foundation.",
        {"orgs": [("University of Nordvik",), ("Skyvik Foundation",)]},
        [],
        id="an_awarded_prize_is_no_grant",
    ),
    pytest.param(
        "The Skyvik Foundation gave $5 million to the University of Nordvik. Other recipients include "
        "Halvorsen College, which receives $2 million.",
        {
            "orgs": [("Skyvik Foundation",), ("University of Nordvik",), ("Halvorsen College",)],
            "quantities": [("$5 million", 5e6, "money"), ("$2 million", 2e6, "money")],
        },
        [
            ("donation", "Skyvik Foundation", "University of Nordvik", None, ["$5 million"], "reported"),
            ("donation", "Skyvik Foundation", "Halvorsen College", None, ["$2 million"], "reported"),
        ],
        id="a_further_recipient_takes_the_giver_named_before",
    ),
    pytest.param(
        "Halvorsen College, which receives $2 million, opened a library.",
        {"orgs": [("Halvorsen College",)], "quantities": [("$2 million", 2e6, "money")]},
        [("donation", None, "Halvorsen College", None, ["$2 million"], "reported")],
        id="a_recipient_with_no_giver_named_anywhere",
    ),
    pytest.param(
        "Nordvik Hospital, the partner of Skyvik Hospital since 2015, opened a ward.",
        {"orgs": [("Nordvik Hospital",), ("Skyvik Hospital",)], "dates": [("2015", "2015")]},
        [("agreement", "Nordvik Hospital", "Skyvik Hospital", "2015", [], "reported")],
        id="partner_in_apposition_is_an_agreement",
    ),
    pytest.param(
        "Nordvik Hospital, a partner in many projects, opened a ward.",
        {"orgs": [("Nordvik Hospital",)]},
        [],
        id="partner_in_apposition_needs_the_other_side",
    ),
    pytest.param(
        "On 3 May a cargo plane chartered by the Nordvik Red Cross landed with 40 tonnes of relief items.",
        {
            "orgs": [("Nordvik Red Cross",)],
            "quantities": [("40 tonnes of relief items", 40, "other")],
            "dates": [("3 May", "2021-05-03")],
        },
        [("donation", "Nordvik Red Cross", None, "2021-05-03", ["40 tonnes of relief items"], "reported")],
        id="a_plane_chartered_by_the_sender_delivers_its_goods",
    ),
    pytest.param(
        "On 3 May a cargo plane bought by the Nordvik Red Cross landed with 40 tonnes of relief items.",
        {
            "orgs": [("Nordvik Red Cross",)],
            "quantities": [("40 tonnes of relief items", 40, "other")],
            "dates": [("3 May", "2021-05-03")],
        },
        [],
        id="a_buyer_is_no_sender",
    ),
    pytest.param(
        "The Nordvik Bank is its largest lender, having committed 80 million euros to Skyvik Solar.",
        {
            "orgs": [("Nordvik Bank",), ("Skyvik Solar",)],
            "quantities": [("80 million euros", 8e7, "money")],
        },
        [("donation", "Nordvik Bank", "Skyvik Solar", None, ["80 million euros"], "reported")],
        id="a_perfect_participle_shares_the_main_subject",
    ),
    pytest.param(
        "Maria Lund urged the Nordvik Bank to send 500 ventilators to Skyvik.",
        {
            "people": [("Maria Lund",)],
            "orgs": [("Nordvik Bank",)],
            "countries": [SKYVIK],
            "quantities": [("500 ventilators", 500, "ventilators")],
        },
        [],
        id="an_event_urged_on_someone_is_no_fact",
    ),
    pytest.param(
        "A second Nordvik cargo, flown from Oslo, brought 56 family tents and 500 mosquito nets.",
        {
            "countries": [NORDVIK],
            "quantities": [("56 family tents", 56, "other"), ("500 mosquito nets", 500, "other")],
        },
        [("donation", "Nordvik", None, None, ["500 mosquito nets", "56 family tents"], "reported")],
        id="a_cargo_that_brought_goods_is_a_donation",
    ),
    pytest.param(
        "The storm in Nordvik brought heavy rain.",
        {"countries": [NORDVIK]},
        [],
        id="bringing_rain_is_no_donation",
    ),
]


@pytest.mark.parametrize(("text", "records", "expected"), CASES)
def test_fact_rules(
    make_context: Build, text: str, records: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    ctx = make_context(text)
    article = _article(ctx, records)
    assert [_summary(article, f) for f in extract_facts(ctx, article)] == expected


def _linked(make_context: Build, text: str, records: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Facts with each person linked to the organisation of the same position in `records['orgs']`."""
    ctx = make_context(text)
    article = _article(ctx, records)
    people = [p.model_copy(update={"organisation_index": i}) for i, p in enumerate(article.people)]
    article = article.model_copy(update={"people": people})
    return [_summary(article, f) for f in extract_facts(ctx, article)]


def test_signatories_sign_for_their_organisations(make_context: Build) -> None:
    text = "Maria Lund and Ole Halvorsen, the chief executives of Nordvik Rail and Skyvik Rail, signed a memorandum."
    records = {"people": [("Maria Lund",), ("Ole Halvorsen",)], "orgs": [("Nordvik Rail",), ("Skyvik Rail",)]}
    assert _linked(make_context, text, records) == [
        ("agreement", "Nordvik Rail", "Skyvik Rail", None, [], "reported")
    ]


def test_a_donor_linked_to_an_organisation_still_gives_in_their_own_name(make_context: Build) -> None:
    text = "Maria Lund of Nordvik Rail donated 500 masks to Skyvik Hospital."
    records = {
        "people": [("Maria Lund",)],
        "orgs": [("Nordvik Rail",), ("Skyvik Hospital",)],
        "quantities": [("500 masks", 500, "masks")],
    }
    assert _linked(make_context, text, records) == [
        ("donation", "Maria Lund", "Skyvik Hospital", None, ["500 masks"], "reported")
    ]
