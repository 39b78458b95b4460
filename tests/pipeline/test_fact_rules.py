"""The shapes of issue 15, each with a made-up text where the rule fires and one where it must not.

Records are written by hand (see test_facts.py), so these exercise the facts stage alone.
"""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.stages.facts import extract_facts
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


NEW_CASES = [
    pytest.param(
        "Nordvik Mining announced its intention to make an off-market takeover offer for Skyvik Metals. "
        "Skyvik Metals shareholders will be offered $2 a share, a price that values the company at $90 million.",
        {
            "orgs": [("Nordvik Mining",), ("Skyvik Metals",)],
            "quantities": [("$2", 2, "money"), ("$90 million", 9e7, "money")],
        },
        [("agreement", "Nordvik Mining", "Skyvik Metals", None, ["$2", "$90 million"], "planned")],
        id="an_intended_takeover_takes_its_price_from_the_next_sentence",
    ),
    pytest.param(
        "Nordvik Mining made a takeover offer for Skyvik Metals. Skyvik Metals reported $90 million in sales.",
        {"orgs": [("Nordvik Mining",), ("Skyvik Metals",)], "quantities": [("$90 million", 9e7, "money")]},
        [("agreement", "Nordvik Mining", "Skyvik Metals", None, [], "reported")],
        id="money_after_a_takeover_without_a_price_word_is_not_its_price",
    ),
    pytest.param(
        "Nordvik Rail made a takeover offer for its Skyvik partner Halvorsen Freight.",
        {"orgs": [("Nordvik Rail",), ("Halvorsen Freight",)], "countries": [SKYVIK]},
        [("agreement", "Nordvik Rail", "Halvorsen Freight", None, [], "reported")],
        id="an_apposed_company_beats_the_demonym_before_it",
    ),
    pytest.param(
        "Nordvik expressed its wish to become a partner of the Skyvik Union.",
        {"orgs": [("Skyvik Union",)], "countries": [NORDVIK]},
        [],
        id="a_wish_to_become_a_partner_is_no_fact",
    ),
    pytest.param(
        "The Government of Skyvik sent 500 masks to Nordvik. A further 900 masks, bought by the government of "
        "Nordvik from Halvorsen Pharma, arrived on 3 May.",
        {
            "orgs": [("Government of Skyvik",), ("Halvorsen Pharma",)],
            "countries": [NORDVIK],
            "quantities": [("500 masks", 500, "masks"), ("900 masks", 900, "masks")],
            "dates": [("3 May", "2021-05-03")],
        },
        [
            ("donation", "Government of Skyvik", "Nordvik", None, ["500 masks"], "reported"),
            ("donation", "Halvorsen Pharma", None, "2021-05-03", ["900 masks"], "reported"),
        ],
        id="the_government_of_a_named_country_is_no_other_government",
    ),
    pytest.param(
        "Maria Lund called on the Institute to help Skyvik and donated 500 masks that meet the standards for "
        "the Nordvik University Hospital.",
        {
            "people": [("Maria Lund",)],
            "orgs": [("Nordvik University Hospital",)],
            "countries": [SKYVIK],
            "quantities": [("500 masks", 500, "masks")],
        },
        [("donation", "Maria Lund", "Nordvik University Hospital", None, ["500 masks"], "reported")],
        id="a_recipient_in_the_goods_relative_clause",
    ),
    pytest.param(
        "Maria Lund donated 500 masks that were made by Halvorsen Textiles.",
        {
            "people": [("Maria Lund",)],
            "orgs": [("Halvorsen Textiles",)],
            "quantities": [("500 masks", 500, "masks")],
        },
        [("donation", "Maria Lund", None, None, ["500 masks"], "reported")],
        id="a_maker_in_the_goods_relative_clause_receives_nothing",
    ),
    pytest.param(
        "Nordvik and Skyvik opened embassies. The two Governments signed an agreement on fisheries.",
        {"countries": [NORDVIK, SKYVIK]},
        [("agreement", "Nordvik", "Skyvik", None, [], "reported")],
        id="the_two_governments_are_the_article_s_two_countries",
    ),
    pytest.param(
        "Relations were established in 1961, when Nordvik opened a legation in Skyvik.",
        {"countries": [NORDVIK, SKYVIK], "dates": [("1961", "1961")]},
        [("agreement", "Nordvik", "Skyvik", "1961", [], "reported")],
        id="relations_established_are_between_the_article_s_two_countries",
    ),
    pytest.param(
        "Relations were established in 1961.",
        {"countries": [NORDVIK], "dates": [("1961", "1961")]},
        [],
        id="relations_need_two_countries",
    ),
    pytest.param(
        "Nordvik Rail met Skyvik Rail on 3 May.\n\nThe two Presidents then witnessed the signing of two MoUs:\n\n"
        "- an MoU between Halvorsen Bank and Lund Bank;\n\n- an MoU between Berg College and Dahl College.",
        {
            "orgs": [
                ("Nordvik Rail",),
                ("Skyvik Rail",),
                ("Halvorsen Bank",),
                ("Lund Bank",),
                ("Berg College",),
                ("Dahl College",),
            ],
            "dates": [("3 May", "2021-05-03")],
        },
        [
            ("meeting", "Nordvik Rail", "Skyvik Rail", "2021-05-03", [], "reported"),
            ("agreement", "Halvorsen Bank", "Lund Bank", "2021-05-03", [], "reported"),
            ("agreement", "Berg College", "Dahl College", "2021-05-03", [], "reported"),
        ],
        id="listed_items_take_the_date_their_lead_in_goes_on_from",
    ),
    pytest.param(
        "Nordvik Rail met Skyvik Rail on 3 May.\n\nTwo MoUs were signed:\n\n"
        "- an MoU between Halvorsen Bank and Lund Bank;",
        {
            "orgs": [("Nordvik Rail",), ("Skyvik Rail",), ("Halvorsen Bank",), ("Lund Bank",)],
            "dates": [("3 May", "2021-05-03")],
        },
        [
            ("meeting", "Nordvik Rail", "Skyvik Rail", "2021-05-03", [], "reported"),
            ("agreement", "Halvorsen Bank", "Lund Bank", None, [], "reported"),
        ],
        id="a_lead_in_without_a_date_or_then_dates_nothing",
    ),
    pytest.param(
        "Nordvik Hospital, the largest hospital in Skyvik and the partner of Halvorsen Hospital since 2011, "
        "opened a ward.",
        {
            "orgs": [("Nordvik Hospital",), ("Halvorsen Hospital",)],
            "countries": [SKYVIK],
            "dates": [("2011", "2011")],
        },
        [("agreement", "Nordvik Hospital", "Halvorsen Hospital", "2011", [], "reported")],
        id="partner_in_a_list_of_appositions",
    ),
    pytest.param(
        "The Halvorsen University Hospital opened a ward. Halvorsen was already working with Lund Clinic. "
        "Halvorsen House was built in 2012.",
        {
            "orgs": [("Halvorsen University Hospital",), ("Lund Clinic",), ("Halvorsen House",)],
            "dates": [("2012", "2012")],
        },
        [("agreement", "Halvorsen University Hospital", "Lund Clinic", None, [], "reported")],
        id="a_first_word_names_the_organisation_named_first",
    ),
    pytest.param(
        "Halvorsen was already working with Lund Clinic. The Halvorsen University Hospital and Halvorsen House "
        "opened.",
        {"orgs": [("Halvorsen University Hospital",), ("Lund Clinic",), ("Halvorsen House",)]},
        [],
        id="a_first_word_of_two_names_not_yet_named_is_no_party",
    ),
    pytest.param(
        "The Nordvik Health Board has given care to 5,000 people, 400 of them injured.",
        {
            "orgs": [("Nordvik Health Board",)],
            "quantities": [("5,000 people", 5000, "people"), ("400", 400, "people")],
        },
        [("service", "Nordvik Health Board", None, None, ["400", "5,000 people"], "reported")],
        id="a_count_of_them_is_part_of_the_count",
    ),
    pytest.param(
        "The Nordvik Health Board has given care to 5,000 people, and 400 workers went on strike.",
        {
            "orgs": [("Nordvik Health Board",)],
            "quantities": [("5,000 people", 5000, "people"), ("400 workers", 400, "people")],
        },
        [("service", "Nordvik Health Board", None, None, ["5,000 people"], "reported")],
        id="another_count_in_the_sentence_is_not_part",
    ),
    pytest.param(
        "The Nordvik Red Cross has mobilised 1,500 volunteers.",
        {"orgs": [("Nordvik Red Cross",)], "quantities": [("1,500 volunteers", 1500, "people")]},
        [("service", "Nordvik Red Cross", None, None, ["1,500 volunteers"], "reported")],
        id="mobilised_volunteers_staff_a_service",
    ),
    pytest.param(
        "The Nordvik Red Cross deployed 40 volunteers to Skyvik.",
        {
            "orgs": [("Nordvik Red Cross",)],
            "countries": [SKYVIK],
            "quantities": [("40 volunteers", 40, "people")],
        },
        [("visit", "Nordvik Red Cross", "Skyvik", None, ["40 volunteers"], "reported")],
        id="volunteers_deployed_to_a_country_visit_it",
    ),
    pytest.param(
        "Nordvik's vaccination campaign reached its target of 19 million children in May.",
        {
            "countries": [NORDVIK],
            "quantities": [("19 million children", 1.9e7, "people")],
            "dates": [("May", "2021-05")],
        },
        [],
        id="reaching_a_target_is_no_visit",
    ),
    pytest.param(
        "The University of Nordvik has been awarded a $5 million grant from the Skyvik Foundation.\n\n"
        "Maria Lund announced the award on Friday.",
        {
            "people": [("Maria Lund",)],
            "orgs": [("University of Nordvik",), ("Skyvik Foundation",)],
            "quantities": [("$5 million", 5e6, "money")],
            "dates": [("Friday", "2021-05-14")],
        },
        [
            (
                "donation",
                "Skyvik Foundation",
                "University of Nordvik",
                "2021-05-14",
                ["$5 million"],
                "reported",
            )
        ],
        id="an_announced_award_takes_the_announcement_s_date",
    ),
    pytest.param(
        "The University of Nordvik has been awarded a $5 million grant from the Skyvik Foundation.\n\n"
        "Maria Lund announced a new award on Friday.",
        {
            "people": [("Maria Lund",)],
            "orgs": [("University of Nordvik",), ("Skyvik Foundation",)],
            "quantities": [("$5 million", 5e6, "money")],
            "dates": [("Friday", "2021-05-14")],
        },
        [("donation", "Skyvik Foundation", "University of Nordvik", None, ["$5 million"], "reported")],
        id="a_new_award_announced_is_another",
    ),
    pytest.param(
        "A team from the Nordvik Army lost 20-12 to a Skyvik Navy side on Friday, but about 900 supporters "
        "made it a loud game.",
        {
            "orgs": [("Nordvik Army",), ("Skyvik Navy",)],
            "quantities": [("about 900 supporters", 900, "people")],
            "dates": [("Friday", "2021-05-14")],
        },
        [("meeting", "Nordvik Army", "Skyvik Navy", "2021-05-14", [], "reported")],
        id="counts_after_but_are_another_statement",
    ),
    pytest.param(
        "The squad from the Nordvik Army arrived in Skyvik on 3 May for a tour. It moves today to Berg for the "
        "rest of its visit, which ends on 20 May.",
        {
            "orgs": [("Nordvik Army",)],
            "countries": [SKYVIK],
            "dates": [("3 May", "2021-05-03"), ("today", "2021-05-10"), ("20 May", "2021-05-20")],
        },
        [("visit", "Nordvik Army", "Skyvik", "2021-05-03", [], "reported")],
        id="its_visit_which_ends_gives_the_end_date",
    ),
    pytest.param(
        "The Nordvik Agency flew in 14 tonnes of aid on 3 May, including 360 tarpaulins and 128 kits.",
        {
            "orgs": [("Nordvik Agency",)],
            "quantities": [
                ("14 tonnes of aid", 14, "other"),
                ("360 tarpaulins", 360, "other"),
                ("128 kits", 128, "other"),
            ],
            "dates": [("3 May", "2021-05-03")],
        },
        [
            (
                "donation",
                "Nordvik Agency",
                None,
                "2021-05-03",
                ["128 kits", "14 tonnes of aid", "360 tarpaulins"],
                "reported",
            )
        ],
        id="items_including_are_one_gift",
    ),
    pytest.param(
        "Maria Lund said the offer gave Skyvik Metals shareholders certainty at an attractive cash price.",
        {"people": [("Maria Lund",)], "orgs": [("Skyvik Metals",)]},
        [],
        id="a_cash_price_is_no_gift",
    ),
    pytest.param(
        "The Nordvik Rail Union called on governments to provide $5 million for rail.",
        {"orgs": [("Nordvik Rail Union",)], "quantities": [("$5 million", 5e6, "money")]},
        [],
        id="calling_on_someone_to_give_is_no_gift",
    ),
]


@pytest.mark.parametrize(("text", "records", "expected"), NEW_CASES)
def test_more_fact_rules(
    make_context: Build, text: str, records: dict[str, Any], expected: list[tuple[Any, ...]]
) -> None:
    ctx = make_context(*text.split("\n\n"))
    article = _article(ctx, records)
    assert [_summary(article, f) for f in extract_facts(ctx, article)] == expected


def test_an_end_told_apart_is_the_end_date(make_context: Build) -> None:
    text = (
        "The squad from the Nordvik Army arrived in Skyvik on 3 May for a tour. It moves today to Berg for the "
        "rest of its visit, which ends on 20 May."
    )
    records = {
        "orgs": [("Nordvik Army",)],
        "countries": [SKYVIK],
        "dates": [("3 May", "2021-05-03"), ("today", "2021-05-10"), ("20 May", "2021-05-20")],
    }
    ctx = make_context(text)
    (fact,) = extract_facts(ctx, _article(ctx, records))
    assert (fact.date, fact.end_date) == ("2021-05-03", "2021-05-20")
