"""Tests for the quantity forms of news beyond aid reports (issue 16): percentages, money in every form,
measures, and the numbers that name things rather than count them. Made-up texts, one shape each, with a
twin where the rule must not fire."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.context import ArticleContext
from pipeline.stages.quantities import extract_quantities

MakeContext = Callable[..., ArticleContext]
# (text, value, end_value, qualifier, unit, item, category)
Row = tuple[str, float, float | None, str | None, str | None, str | None, str]


def _rows(ctx: ArticleContext) -> list[Row]:
    return [
        (q.text, q.value, q.end_value, q.qualifier, q.unit, q.item, q.category)
        for q in extract_quantities(ctx)
    ]


PERCENTAGES = [
    pytest.param(
        "Turnout in Nordvik reached 65 percent, up from 2.7% last year.",
        [
            ("65 percent", 65, None, None, "%", None, "percent"),
            ("2.7%", 2.7, None, None, "%", None, "percent"),
        ],
        id="percent_word_and_sign",
    ),
    pytest.param(
        "About 10 per cent of the staff at Halvorsen Hospital fell ill.",
        [("About 10 per cent of the staff", 10, None, "about", "%", "staff", "percent")],
        id="share_of_names_the_item",
    ),
    pytest.param(
        "Halvorsen now owns 13.3% of Nordvik's shares.",
        [("13.3% of Nordvik's shares", 13.3, None, None, "%", "Nordvik's shares", "percent")],
        id="share_of_a_possessive_phrase",
    ),
    pytest.param(
        "Support for the plan fell below 80 per cent in March.",
        [("below 80 per cent", 80, None, "less_than", "%", None, "percent")],
        id="qualifier_below",
    ),
    pytest.param(
        "The ruling party gained 3 percentage points.",
        [("3 percentage points", 3, None, None, "pp", None, "percent")],
        id="percentage_points",
    ),
    pytest.param(
        "Sales at Skyvik rose 15-20% and its share of the market reached six percent.",
        [
            ("15-20%", 15, 20, None, "%", None, "percent"),
            ("six percent", 6, None, None, "%", None, "percent"),
        ],
        id="range_and_words",
    ),
    pytest.param(
        "The index rose 4 pct on Monday.", [("4 pct", 4, None, None, "%", None, "percent")], id="wire_pct"
    ),
    pytest.param(
        "Mortality fell from 40 per cent in 2011 to 10 per cent in 2015.",
        [
            ("40 per cent", 40, None, None, "%", None, "percent"),
            ("10 per cent", 10, None, None, "%", None, "percent"),
        ],
        id="year_to_percent_is_no_range",
    ),
]

MONEY = [
    pytest.param(
        "Skyvik won a US$40 billion contract, worth GB£20.1 billion.",
        [
            ("US$40 billion", 40e9, None, None, "USD", "USD", "money"),
            ("GB£20.1 billion", 20.1e9, None, None, "GBP", "GBP", "money"),
        ],
        id="prefixed_dollar_and_pound",
    ),
    pytest.param(
        "The Nordvik fund paid €412,000 and EUR 40m for the site.",
        [
            ("€412,000", 412000, None, None, "EUR", "EUR", "money"),
            ("EUR 40m", 40e6, None, None, "EUR", "EUR", "money"),
        ],
        id="euro_sign_and_code",
    ),
    pytest.param(
        "The deal is worth 90 USD million to Halvorsen.",
        [("90 USD million", 90e6, None, None, "USD", "USD", "money")],
        id="code_before_scale",
    ),
    pytest.param(
        "Skyvik raised $15bn and Rs 3 crore in bonds.",
        [
            ("$15bn", 15e9, None, None, "USD", "USD", "money"),
            ("Rs 3 crore", 30e6, None, None, "INR", "INR", "money"),
        ],
        id="bn_and_crore",
    ),
    pytest.param(
        "The yard was sold for ¥2.5 million.",
        [("¥2.5 million", 2.5e6, None, None, "JPY", "JPY", "money")],
        id="yen",
    ),
    pytest.param(
        "A stamp now costs 75 cents.", [("75 cents", 0.75, None, None, "USD", "USD", "money")], id="cents"
    ),
    pytest.param(
        "Halvorsen offered $31.50 a share for Skyvik.",
        [("$31.50", 31.5, None, None, "USD/share", "USD", "money")],
        id="price_a_share",
    ),
    pytest.param(
        "Oil traded at $80 per barrel on Friday.",
        [("$80", 80, None, None, "USD/barrel", "USD", "money")],
        id="price_per_barrel",
    ),
    pytest.param(
        "Halvorsen spent $80 a day on fuel.",
        [("$80", 80, None, None, "USD", "USD", "money")],
        id="a_day_is_not_a_price_unit",
    ),
    pytest.param(
        "Rebuilding will cost $5-6 billion.",
        [("$5-6 billion", 5e9, 6e9, None, "USD", "USD", "money")],
        id="range_with_one_scale",
    ),
    pytest.param(
        "Nordvik University won a $199.5-million grant.",
        [("$199.5-million", 199.5e6, None, None, "USD", "USD", "money")],
        id="hyphenated_scale",
    ),
    pytest.param(
        "The campaign was funded by a Sh1.2 billion grant.",
        [("Sh1.2 billion", 1.2e9, None, None, "KES", "KES", "money")],
        id="letters_glued_to_the_amount",
    ),
    pytest.param(
        "Skyvik's profit was 3.46 billion Swedish crowns, or 12.36 crowns a share.",
        [
            ("3.46 billion Swedish crowns", 3.46e9, None, None, "SEK", "SEK", "money"),
            ("12.36 crowns", 12.36, None, None, "SEK/share", "SEK", "money"),
        ],
        id="crowns",
    ),
]

MEASURES = [
    pytest.param(
        "The lorries carried 120 tonnes of rice and 40 kilograms of seed.",
        [
            ("120 tonnes of rice", 120, None, None, "tonnes", "rice", "other"),
            ("40 kilograms of seed", 40, None, None, "kg", "seed", "other"),
        ],
        id="weights_of_goods",
    ),
    pytest.param(
        "The tanker delivered 30,000 litres of fuel and 5,000 cubic metres of gas.",
        [
            ("30,000 litres of fuel", 30000, None, None, "litres", "fuel", "other"),
            ("5,000 cubic metres of gas", 5000, None, None, "cubic metres", "gas", "other"),
        ],
        id="volumes",
    ),
    pytest.param(
        "Engineers laid 500km of cable across 1,200 hectares.",
        [
            ("500km of cable", 500, None, None, "km", "cable", "other"),
            ("1,200 hectares", 1200, None, None, "ha", "hectares", "other"),
        ],
        id="glued_distance_and_area",
    ),
    pytest.param(
        "The reservoir covers 462 square kilometres.",
        [("462 square kilometres", 462, None, None, "km2", "square kilometres", "other")],
        id="two_word_unit",
    ),
    pytest.param(
        "The Skyvik plant, built for 4,000 families, produces 160 megawatts.",
        [
            ("4,000 families", 4000, None, None, None, "families", "people"),
            ("160 megawatts", 160, None, None, "MW", "megawatts", "other"),
        ],
        id="dimension_takes_no_category_from_the_sentence",
    ),
]

COUNTS = [
    pytest.param(
        "Skyvik Airlines flies 200 aircraft and employs 300 staff.",
        [
            ("200 aircraft", 200, None, None, None, "aircraft", "other"),
            ("300 staff", 300, None, None, None, "staff", "people"),
        ],
        id="invariant_plurals_count",
    ),
    pytest.param(
        "The airline bought 24 A320s and 6 A321s.",
        [
            ("24 A320s", 24, None, None, None, "A320s", "other"),
            ("6 A321s", 6, None, None, None, "A321s", "other"),
        ],
        id="designations_as_items",
    ),
    pytest.param(
        "Skyvik will supply 14 new Nordvik A330-200 airliner.",
        [
            (
                "14 new Nordvik A330-200 airliner",
                14,
                None,
                None,
                None,
                "new Nordvik A330-200 airliner",
                "other",
            )
        ],
        id="model_named_in_the_phrase",
    ),
    pytest.param(
        "Halvorsen named a 25-strong squad for the tour.",
        [("25-strong squad", 25, None, None, None, "squad", "people")],
        id="group_size",
    ),
    pytest.param(
        "The agency reached 2,500 households and 800,000 girls.",
        [
            ("2,500 households", 2500, None, None, None, "households", "people"),
            ("800,000 girls", 800000, None, None, None, "girls", "people"),
        ],
        id="people_words",
    ),
    pytest.param(
        "Volunteers handed out 64 tonnes of relief items and 128 family hygiene kits.",
        [
            ("64 tonnes of relief items", 64, None, None, "tonnes", "relief items", "other"),
            ("128 family hygiene kits", 128, None, None, None, "family hygiene kits", "other"),
        ],
        id="relief_items_are_other",
    ),
    pytest.param(
        "The Nordvik Red Cross has 110 local branches.",
        [("110 local branches", 110, None, None, None, "local branches", "institutions")],
        id="branches",
    ),
    pytest.param(
        "Halvorsen raised its target for new stores to 240.",
        [("240", 240, None, None, None, None, "other")],
        id="bare_digits_are_kept",
    ),
    pytest.param(
        "About 1,100 invited guests attended the launch in Nordvik.",
        [("About 1,100 invited guests", 1100, None, "about", None, "invited guests", "people")],
        id="participle_read_as_a_verb",
    ),
    pytest.param(
        "The ministry set up more than 20,000 vaccination points.",
        [
            (
                "more than 20,000 vaccination points",
                20000,
                None,
                "more_than",
                None,
                "vaccination points",
                "other",
            )
        ],
        id="compound_noun_before_a_measurement_word",
    ),
    pytest.param(
        "Nordvik's 300 workers went on strike.",
        [("300 workers", 300, None, None, None, "workers", "people")],
        id="possessive_before_a_count",
    ),
]

NOT_QUANTITIES = [
    pytest.param("The lake holds a salt content of 3 per mille.", id="per_mille"),
    pytest.param("Trains on the Nordvik line reach 275 kilometres an hour.", id="speed"),
    pytest.param("Temperatures in Halvorsen hit 40 degrees.", id="temperature"),
    pytest.param("Winds over Halvorsen reached 90 km/h.", id="speed_with_a_slash"),
    pytest.param("The quake measured magnitude 7.8 on Monday.", id="magnitude"),
    pytest.param(
        "Nordvik Air ordered five Boeing 737s. It will purchase five new 737 aircraft from Boeing.",
        id="model_number_named_elsewhere_in_the_article",
    ),
    pytest.param("The Skyvik jet was an A320 built in Toulouse.", id="letters_and_digits"),
    pytest.param("Flight 447 left Halvorsen at noon.", id="flight_number"),
    pytest.param("The under-19 squad flew to Nordvik.", id="age_in_a_name"),
    pytest.param("For bookings call 555 0100 or +47 22 33 44 55.", id="phone_numbers"),
    pytest.param(
        "Skyvik unveiled its 787 Dreamliner and retired the final 717 jet.",
        id="number_before_a_singular_noun",
    ),
    pytest.param(
        "Nordvik will run the service with its ETR 610 tilting trains.", id="series_code_and_number"
    ),
    pytest.param("Skyvik chose the Nordvik N350 over Boeing's 787, the airline said.", id="maker_possessive"),
    pytest.param("The Skyvik team is 25-strong.", id="group_size_without_a_group"),
    pytest.param("Halvorsen Jensen, 58, leads the firm.", id="age_after_a_name"),
    pytest.param("Skyvik raised its target to five.", id="bare_word_numbers_are_not_kept"),
]


@pytest.mark.parametrize(("text", "expected"), PERCENTAGES + MONEY + MEASURES + COUNTS)
def test_quantity_forms(make_context: MakeContext, text: str, expected: list[Row]) -> None:
    assert _rows(make_context(text)) == expected


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities(make_context: MakeContext, text: str) -> None:
    assert _rows(make_context(text)) == []
