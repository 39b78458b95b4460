"""Tests for the quantities stage: number forms, qualifiers, ranges, containers, currencies, categories and
the numbers that are not counts. Each case is one sentence of a shape the sample does not have."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.context import ArticleContext
from pipeline.stages.quantities import extract_quantities
from tests.conftest import SAMPLE

MakeContext = Callable[..., ArticleContext]
# (text, value, end_value, qualifier, unit, category)
Row = tuple[str, float, float | None, str | None, str | None, str]


def _rows(ctx: ArticleContext) -> list[Row]:
    return [(q.text, q.value, q.end_value, q.qualifier, q.unit, q.category) for q in extract_quantities(ctx)]


NUMBER_FORMS = [
    pytest.param(
        "The charity shipped 20,000 N95 respirators.",
        [("20,000 N95 respirators", 20000, None, None, None, "masks")],
        id="digits_with_comma",
    ),
    pytest.param(
        "The new ward holds 2000 patients.",
        [("2000 patients", 2000, None, None, None, "patients")],
        id="digits_plain",
    ),
    pytest.param(
        "Kenya expects 1.5 million doses next month.",
        [("1.5 million doses", 1500000, None, None, None, "vaccines")],
        id="decimal_with_scale_word",
    ),
    pytest.param(
        "The bank lent $9.5M to the clinic.",
        [("$9.5M", 9500000, None, None, "USD", "money")],
        id="money_short_scale",
    ),
    pytest.param(
        "Brazil ordered 2.5bn syringes.",
        [("2.5bn syringes", 2500000000, None, None, None, "medical_supplies")],
        id="bn_suffix",
    ),
    pytest.param(
        "Officials said two million face masks were on the way.",
        [("two million face masks", 2000000, None, None, None, "masks")],
        id="words_with_scale",
    ),
    pytest.param(
        "Twenty-five nurses volunteered in Lagos.",
        [("Twenty-five nurses", 25, None, None, None, "medical_staff")],
        id="hyphenated_words",
    ),
    pytest.param(
        "A dozen health experts reviewed the data.",
        [("A dozen health experts", 12, None, None, None, "experts")],
        id="a_dozen",
    ),
    pytest.param(
        "Manila will receive half a million gloves.",
        [("half a million gloves", 500000, None, None, None, "gloves")],
        id="half_a_million",
    ),
    pytest.param(
        "Hundreds of volunteers joined the drive.",
        [("Hundreds of volunteers", 100, None, "more_than", None, "people")],
        id="hundreds_of",
    ),
    pytest.param(
        "India sent 3 lakh doses to Bhutan.",
        [("3 lakh doses", 300000, None, None, None, "vaccines")],
        id="lakh",
    ),
]

QUALIFIERS = [
    pytest.param(
        "Over 300 paramedics were sent.",
        [("Over 300 paramedics", 300, None, "more_than", None, "medical_staff")],
        id="over",
    ),
    pytest.param(
        "At least 40 hospitals took part.",
        [("At least 40 hospitals", 40, None, "at_least", None, "institutions")],
        id="at_least",
    ),
    pytest.param(
        "No fewer than 15 countries joined the call.",
        [("No fewer than 15 countries", 15, None, "at_least", None, "countries")],
        id="no_fewer_than",
    ),
    pytest.param(
        "Almost 900 patients were discharged.",
        [("Almost 900 patients", 900, None, "nearly", None, "patients")],
        id="almost",
    ),
    pytest.param(
        "Approximately 70 doctors signed the letter.",
        [("Approximately 70 doctors", 70, None, "about", None, "medical_staff")],
        id="approximately",
    ),
    pytest.param(
        "Some 2,500 troops were deployed.",
        [("Some 2,500 troops", 2500, None, "about", None, "people")],
        id="some",
    ),
    pytest.param(
        "The field hospital has up to 400 ventilators.",
        [("up to 400 ventilators", 400, None, "up_to", None, "ventilators")],
        id="up_to",
    ),
    pytest.param(
        "As many as 60 consultations were held online.",
        [("As many as 60 consultations", 60, None, "up_to", None, "consultations")],
        id="as_many_as",
    ),
    pytest.param(
        "Fewer than 50 test kits remain.",
        [("Fewer than 50 test kits", 50, None, "less_than", None, "test_kits")],
        id="fewer_than",
    ),
    pytest.param(
        "They handed over 5,000 masks to the clinic.",
        [("5,000 masks", 5000, None, None, None, "masks")],
        id="phrasal_verb_over_is_not_a_qualifier",
    ),
]

RANGES = [
    pytest.param(
        "The team needs between 20 and 30 beds.",
        [("between 20 and 30 beds", 20, 30, None, None, "beds")],
        id="between_and",
    ),
    pytest.param(
        "The clinic expects 20-30 doctors.",
        [("20-30 doctors", 20, 30, None, None, "medical_staff")],
        id="hyphen",
    ),
    pytest.param(
        "Each plane carries 5 to 7 tons of oxygen.",
        [("5 to 7 tons of oxygen", 5, 7, None, "tons", "medical_supplies")],
        id="to",
    ),
]

CONTAINERS = [
    pytest.param(
        "The embassy delivered 40 cartons of hand sanitiser.",
        [("40 cartons of hand sanitiser", 40, None, None, "cartons", "medical_supplies")],
        id="cartons",
    ),
    pytest.param(
        "Volunteers packed 300 pairs of nitrile gloves.",
        [("300 pairs of nitrile gloves", 300, None, None, "pairs", "gloves")],
        id="pairs",
    ),
    pytest.param(
        "The third batch brought 12 boxes of antiviral drugs.",
        [("12 boxes of antiviral drugs", 12, None, None, "boxes", "medicines")],
        id="boxes",
    ),
    pytest.param(
        "A first consignment of face shields weighed three tonnes.",
        [("three tonnes", 3, None, None, "tonnes", "protective_equipment")],
        id="bare_measure_takes_item_from_sentence",
    ),
    pytest.param(
        "It sent 1.2 tonnes of essential medicines, equipment and medical supplies.",
        [
            (
                "1.2 tonnes of essential medicines, equipment and medical supplies",
                1.2,
                None,
                None,
                "tonnes",
                "medical_supplies",
            )
        ],
        id="mixed_list_generalises",
    ),
]

CURRENCIES = [
    pytest.param(
        "The goods are worth RMB 1.08 million (about $152,000).",
        [
            ("RMB 1.08 million", 1080000, None, None, "CNY", "money"),
            ("about $152,000", 152000, None, "about", "USD", "money"),
        ],
        id="conversion_in_brackets",
    ),
    pytest.param(
        "Canberra pledged A$1.2 million and Suva FJ$300,000.",
        [
            ("A$1.2 million", 1200000, None, None, "AUD", "money"),
            ("FJ$300,000", 300000, None, None, "FJD", "money"),
        ],
        id="prefixed_dollars",
    ),
    pytest.param(
        "Berlin gave €5 million and Paris 300 euros.",
        [("€5 million", 5000000, None, None, "EUR", "money"), ("300 euros", 300, None, None, "EUR", "money")],
        id="euro_symbol_and_word",
    ),
    pytest.param(
        "London added £3m and Tokyo ¥500,000.",
        [("£3m", 3000000, None, None, "GBP", "money"), ("¥500,000", 500000, None, None, "JPY", "money")],
        id="pound_and_yen",
    ),
    pytest.param(
        "Seoul donated 5,000 won and Delhi 4 crore rupees.",
        [
            ("5,000 won", 5000, None, None, "KRW", "money"),
            ("4 crore rupees", 40000000, None, None, "INR", "money"),
        ],
        id="won_and_rupees",
    ),
    pytest.param(
        "The bank set aside USD 300,000 and ten million yuan.",
        [
            ("USD 300,000", 300000, None, None, "USD", "money"),
            ("ten million yuan", 10000000, None, None, "CNY", "money"),
        ],
        id="iso_code_and_yuan",
    ),
    pytest.param(
        "The claims were 100,000 Kenyan shillings (dlrs 1,667) each.",
        [
            ("100,000 Kenyan shillings", 100000, None, None, "KES", "money"),
            ("dlrs 1,667", 1667, None, None, "USD", "money"),
        ],
        id="nationality_currency_and_wire_abbreviation",
    ),
    pytest.param(
        "The parcel weighed 500 pounds.",
        [("500 pounds", 500, None, None, "lb", "other")],
        id="pounds_alone_is_a_weight",
    ),
    pytest.param(
        "Wellington gave a further five million New Zealand dollars.",
        [("five million New Zealand dollars", 5000000, None, None, "NZD", "money")],
        id="currency_name_after_words",
    ),
]

CONTEXT = [
    pytest.param(
        "Fiji recorded 14 new deaths on Sunday, taking the total to 360.",
        [("14 new deaths", 14, None, None, None, "deaths"), ("360", 360, None, None, None, "deaths")],
        id="total_takes_category_from_sentence",
    ),
    pytest.param(
        "The ministry confirmed 521 infections. Over 14,000 have recovered.",
        [
            ("521 infections", 521, None, None, None, "cases"),
            ("Over 14,000", 14000, None, "more_than", None, "cases"),
        ],
        id="elided_noun_takes_previous_count",
    ),
    pytest.param(
        "Donors funded 800 oxygen concentrators. The bank paid for 200 of the machines.",
        [
            ("800 oxygen concentrators", 800, None, None, None, "medical_supplies"),
            ("200 of the machines", 200, None, None, None, "medical_supplies"),
        ],
        id="partitive_refers_back",
    ),
    pytest.param(
        "Nine confirmed cases were reported in two provinces.",
        [("Nine confirmed cases", 9, None, None, None, "cases")],
        id="word_count_with_category_kept",
    ),
    pytest.param(
        "The airline flew 6 cargo pallets.",
        [("6 cargo pallets", 6, None, None, "pallets", "other")],
        id="digit_count_of_other_kept",
    ),
    pytest.param(
        "The province opened a 120-bed isolation ward.",
        [("120-bed", 120, None, None, None, "beds")],
        id="hyphen_compound_counts_its_noun",
    ),
    pytest.param(
        "About 40 COVID 19 patients were moved.",
        [("About 40 COVID 19 patients", 40, None, "about", None, "patients")],
        id="acronym_and_disease_number_inside_item",
    ),
    pytest.param(
        "Officials warned that up to 200 patients may die.",
        [("up to 200 patients", 200, None, "up_to", None, "patients")],
        id="modal_may_is_not_a_month",
    ),
    pytest.param(
        "About 3,000 Americans were evacuated.",
        [("About 3,000 Americans", 3000, None, "about", None, "people")],
        id="nationality_counts_people",
    ),
    pytest.param(
        "The clinic bought 12 Lumis 150 ventilators.",
        [("12 Lumis 150 ventilators", 12, None, None, None, "ventilators")],
        id="model_number_inside_item",
    ),
]

NOT_COUNTS = [
    pytest.param("The office opened in 1998 and moved in March 2020.", id="years"),
    pytest.param("The flight landed on 5 May at 10:30 am, and again on June 23.", id="dates_and_times"),
    pytest.param("She was the 191st patient and the first to recover.", id="ordinals"),
    pytest.param("For details see page 5 or call +1 212 555 0100.", id="page_and_phone"),
    pytest.param("The depot is at 12 Harbour Road.", id="address"),
    pytest.param("Two C-130 aircraft and a Boeing 737 carried COVID-19 kits.", id="model_numbers_and_covid"),
    pytest.param("The two sides signed four agreements after two days.", id="relational_and_durations"),
    pytest.param("Four ISO tanks and two government shipments left port.", id="word_counts_of_other"),
    pytest.param("The team spent 28 days there during a two-week visit.", id="duration_in_digits"),
    pytest.param("One of the nurses said the two countries were close.", id="one_of_the"),
    pytest.param("Temperatures hit 40 degrees and winds 90 km/h.", id="measurements"),
    pytest.param("The clinic ranked No. 1 and people aged 18 and above qualify.", id="rank_and_age"),
    pytest.param(
        "Prakash Shah, 58, is the top official at Two Top Studios.", id="age_apposition_and_code_case"
    ),
    pytest.param(
        "The squad recorded a 3-1 win and unveiled a 3-point plan.", id="score_and_compound_of_other"
    ),
    pytest.param(
        "The 2020-21 budget cites Resolution 2532 and the B.1.617.2 variant.", id="year_range_and_codes"
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), NUMBER_FORMS + QUALIFIERS + RANGES + CONTAINERS + CURRENCIES + CONTEXT
)
def test_quantities(make_context: MakeContext, text: str, expected: list[Row]) -> None:
    assert _rows(make_context(text)) == expected


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_not_counts(make_context: MakeContext, text: str) -> None:
    assert _rows(make_context(text)) == []


def test_items_and_offsets(make_context: MakeContext) -> None:
    ctx = make_context(
        "Intro line without numbers.",
        "The team gave 600 pieces of surgical gowns and treated more than 60 doctors and nurses.",
    )
    found = extract_quantities(ctx)
    assert [(q.item, q.section) for q in found] == [("surgical gowns", 0), ("doctors and nurses", 0)]
    for q in found:
        assert ctx.text[q.start : q.end] == q.text
    assert found[0].start == ctx.text.index("600 pieces")


def test_money_item_is_the_currency_code(make_context: MakeContext) -> None:
    (q,) = extract_quantities(make_context("The grant of NZ$2 million was approved."))
    assert (q.unit, q.item, q.category) == ("NZD", "NZD", "money")


def test_user_categories_extend_builtin(make_context: MakeContext) -> None:
    ctx = make_context("The council handed out 500 food parcels and 30 tents.")
    assert [q.category for q in extract_quantities(ctx)] == ["other", "other"]
    extra = {"food parcel": "food", "tent": "shelter"}
    assert [q.category for q in extract_quantities(ctx, categories=extra)] == ["food", "shelter"]


def test_excluded_region_is_skipped(make_context: MakeContext) -> None:
    ctx = make_context("Posted 12 comments ago", "The hospital admitted 35 patients.")
    ctx.excluded.append((0, len("Posted 12 comments ago")))
    assert [q.text for q in extract_quantities(ctx)] == ["35 patients"]


def test_sample_article_counts(make_context: MakeContext) -> None:
    """The sample's body paragraphs give exactly the twelve counts of the seed gold, nothing else."""
    lines = [line.strip() for line in SAMPLE.read_text(encoding="utf-8").split("\n") if line.strip()]
    body = [line for line in lines if len(line) > 200]
    found = [(q.text, q.qualifier, q.category) for q in extract_quantities(make_context(*body))]
    assert found == [
        ("nearly 50 frontline clinical experts", "nearly", "experts"),
        ("more than frontline 60 doctors and nurses", "more_than", "medical_staff"),
        ("25 countries and regions", None, "countries"),
        ("more than 150 online consultations", "more_than", "consultations"),
        ("12 professional experts", None, "experts"),
        ("25 boxes of medical supplies", None, "medical_supplies"),
        ("20,000 surgical masks", None, "masks"),
        ("600 pieces of surgical gowns", None, "gowns"),
        ("50,000 medical masks", None, "masks"),
        ("more than 400 foreign patients", "more_than", "patients"),
        ("350 foreign patients", None, "patients"),
        ("6 people", None, "people"),
    ]


# A number written with a power is one number: never two counts from its fragments ("10^100 ventilators" gave
# 10 "^" and 100 ventilators). Quantity.value is a float, so a power past a float's range gives nothing.
POWERS = [
    pytest.param(
        "The hospital received 10^100 ventilators.",
        [("10^100 ventilators", 1e100, None, None, None, "ventilators")],
        id="caret_googol",
    ),
    pytest.param(
        "Kenya expects 10^6 doses next month.",
        [("10^6 doses", 1_000_000, None, None, None, "vaccines")],
        id="caret_power_of_ten",
    ),
    pytest.param(
        "The charity shipped 2^10 masks.",
        [("2^10 masks", 1024, None, None, None, "masks")],
        id="caret_power_of_two",
    ),
    pytest.param(
        "The lab grew 1e6 cells.", [("1e6 cells", 1_000_000, None, None, None, "other")], id="e_notation"
    ),
    pytest.param(
        "The charity shipped 1.5E3 masks.",
        [("1.5E3 masks", 1500, None, None, None, "masks")],
        id="e_notation_decimal",
    ),
    pytest.param(
        "Kenya expects 10**6 doses next month.",
        [("10**6 doses", 1_000_000, None, None, None, "vaccines")],
        id="double_star",
    ),
    pytest.param(
        "Kenya expects 5 x 10^6 doses next month.",
        [("5 x 10^6 doses", 5_000_000, None, None, None, "vaccines")],
        id="mantissa_times_power_of_ten",
    ),
    pytest.param(
        "Kenya expects 10⁶ doses next month.",
        [("10⁶ doses", 1_000_000, None, None, None, "vaccines")],
        id="superscript_exponent",
    ),
    pytest.param(
        "The hospital has 10 ventilators and 100 beds.",
        [
            ("10 ventilators", 10, None, None, None, "ventilators"),
            ("100 beds", 100, None, None, None, "beds"),
        ],
        id="two_numbers_stay_two",
    ),
]


@pytest.mark.parametrize(("text", "expected"), POWERS)
def test_powers_are_one_number(make_context: MakeContext, text: str, expected: list[Row]) -> None:
    assert _rows(make_context(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The hospital received 10^400 ventilators.", id="past_a_float"),
        pytest.param("The hospital received 10^1000 ventilators.", id="exponent_too_long_to_read"),
        pytest.param("The lab grew 2**1000 cells.", id="double_star_too_long"),
        pytest.param("The lab grew 5 x 10^1000 cells.", id="mantissa_of_an_unread_power"),
    ],
)
def test_powers_that_cannot_be_read_give_nothing(make_context: MakeContext, text: str) -> None:
    assert _rows(make_context(text)) == []


def test_long_paragraph_keeps_every_count_and_its_qualifier(make_context: MakeContext) -> None:
    # qualifiers and exclusions are read from the 200 characters around a number, not the whole paragraph
    sentence = "Officials said more than 40 nurses arrived, as page 12 of the report shows. "
    found = extract_quantities(make_context(sentence * 400))
    assert len(found) == 400
    assert {(q.text, q.qualifier, q.category) for q in found} == {
        ("more than 40 nurses", "more_than", "medical_staff")
    }
    assert [q.start for q in found] == [k * len(sentence) + 15 for k in range(400)]


def test_number_scan_finds_what_the_pattern_finds() -> None:
    """Trying the number pattern only where `number_start_re` points finds what `finditer` finds."""
    import random
    import re

    from pipeline.stages.quantities.lexicons import _spell_folded, lexicons
    from pipeline.stages.quantities.numbers import _number_matches

    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    letters = sorted(set(re.findall(r"(?i)[a-z]", everything)))
    for ch in "abcdefghijklmnopqrstuvwxyz":
        plain, spelled = re.compile(ch, re.IGNORECASE), re.compile(_spell_folded(ch))
        assert [c for c in letters if plain.fullmatch(c)] == [c for c in letters if spelled.fullmatch(c)], ch
    lex = lexicons()
    rng = random.Random(11)
    pieces = ["Nordvik", " ", "-", "–", "$", "US$", "Rs", "€", "5", "12", "1,000", ".5", "^3", "%", "a", "an"]
    pieces += [
        "two",
        "Thirty",
        "ſix",
        "hundreds of",
        "a dozen",
        "half a",
        "million",
        "km",
        "\n",
        ",",
        "_",
        "é",
    ]
    texts = [SAMPLE.read_text(), "", "5", "two", "$5", "a dozen", "Skyvik sold 3-4 units"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    for text in texts:
        plain = [(m.span(), m.groupdict()) for m in lex.number_re.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in _number_matches(text, lex)] == plain, text


def test_readings_before_a_number_agree_with_the_plain_searches() -> None:
    """The word, digit group and qualifier read before a number, each searched from near the number, are
    what the plain searches over the whole context find."""
    import random
    import re

    from pipeline.stages.quantities.lexicons import lexicons
    from pipeline.stages.quantities.numbers import CONTEXT_CHARS
    from pipeline.stages.quantities.stage import _digit_group_before, _qualifier_match, _word_before

    lex = lexicons()
    rng = random.Random(5)
    pieces = ["Nordvik", "more than", "up to", "about", "at least", "nearly", " ", "  ", "\n", "\t", ":", "7"]
    pieces += ["Tel:", "No.", "(", "-", "frontline", "Skyvik-class", "a", "é", "ſ"]
    texts = ["", " ", "Nordvik ", "more than ", "up to about \n", "Tel: ", "5 \n", "5 "]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(4000)]
    for text in texts:
        end = len(text)
        lo = max(0, end - CONTEXT_CHARS)
        word = re.compile(r"(\S+?):?\s*$").search(text, lo, end)
        assert _word_before(text, end) == (word and word.group(1)), text
        assert _digit_group_before(text, end) == bool(re.compile(r"\d\s$").search(text, 0, end)), text
        plain = lex.qualifier_re.search(text, lo, end)
        fast = _qualifier_match(text, lo, end, lex)
        assert (plain and (plain.span(), plain.groupdict())) == (fast and (fast.span(), fast.groupdict())), (
            text
        )
