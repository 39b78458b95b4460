"""The gold scorer, on hand-built articles whose right answers are worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models import (
    Article,
    Country,
    DateMention,
    Extractor,
    Fact,
    Mention,
    Organisation,
    PartyRef,
    Person,
    Quantity,
)
from pipeline.errors import GoldError
from pipeline.tools.evaluate import Counts, canonical_timex, read_gold, score_article

TEXT = "On April 9, WHO and the World Health Organization sent 20,000 masks to Japan. Dr. Cai Xiujun spoke."
EXTRACTOR = Extractor(version="0", model="test")


def span(text: str, start: int = 0) -> tuple[int, int]:
    i = TEXT.index(text, start)
    return i, i + len(text)


def article(**records: object) -> Article:
    return Article(id="a", text=TEXT, extractor=EXTRACTOR, **records)  # type: ignore[arg-type]


def test_counts_f1_and_strict_f1() -> None:
    c = Counts(tp=3, fp=1, fn=1, strict_tp=2)
    assert c.f1 == pytest.approx(0.75)
    # the one detected pair with wrong attributes is both a false positive and a false negative
    assert c.strict_f1 == pytest.approx(2 * 2 / (2 * 2 + 2 + 2))


def test_dates_overlap_for_detection_and_value_for_strict() -> None:
    s, _ = span("April 9")
    pred = article(dates=[DateMention(text="April", start=s, end=s + 5, value="XXXX-04", type="DATE")])
    counts = score_article(
        pred, {"dates": [{"text": "April 9", "value": "XXXX-04-09", "type": "DATE"}]}, ["dates"]
    )
    assert (counts["dates"].tp, counts["dates"].strict_tp, counts["dates"].fp, counts["dates"].fn) == (
        1,
        0,
        0,
        0,
    )


def test_optional_gold_is_neither_counted_nor_penalised() -> None:
    s, e = span("WHO")
    pred = article(organisations=[Organisation(name="WHO", mentions=[Mention(text="WHO", start=s, end=e)])])
    gold = {"organisations": [{"name": "WHO", "optional": True}, {"name": "Stanford University"}]}
    c = score_article(pred, gold, ["organisations"])["organisations"]
    assert (c.tp, c.fp, c.fn) == (0, 0, 1)


def test_second_record_of_one_organisation_is_a_false_positive() -> None:
    pred = article(
        organisations=[
            Organisation(name="World Health Organization", acronym="WHO"),
            Organisation(name="WHO"),
        ]
    )
    gold = {"organisations": [{"name": "World Health Organization", "acronym": "WHO"}]}
    c = score_article(pred, gold, ["organisations"])["organisations"]
    assert (c.tp, c.strict_tp, c.fp, c.fn) == (1, 1, 1, 0)


def test_people_match_reordered_names_and_normalised_titles() -> None:
    pred = article(people=[Person(name="Xiujun Cai", title="Doctor", role="President", organisation="SRRSH")])
    gold = {"people": [{"name": "Cai Xiujun", "title": "Dr.", "role": "president", "organisation": "SRRSH"}]}
    c = score_article(pred, gold, ["people"])["people"]
    assert (c.tp, c.strict_tp) == (1, 1)


def test_byline_author_is_not_scored_as_a_person() -> None:
    pred = article(people=[Person(name="Hu Yuzi", role="author")])
    gold = {"people": [{"name": "Hu Yuzi", "role": "author"}]}
    c = score_article(pred, gold, ["people"])["people"]
    assert (c.tp, c.fp, c.fn) == (0, 0, 0)


def test_quantities_need_same_value_and_overlap_strict_needs_qualifier_and_category() -> None:
    s, e = span("20,000 masks")
    pred = article(quantities=[Quantity(text="20,000 masks", start=s, end=e, value=20000, category="other")])
    gold = {"quantities": [{"text": "20,000 masks", "value": 20000, "qualifier": None, "category": "masks"}]}
    c = score_article(pred, gold, ["quantities"])["quantities"]
    assert (c.tp, c.strict_tp) == (1, 0)


def test_countries_are_compared_as_code_sets() -> None:
    pred = article(
        countries=[Country(name="Japan", iso2="JP", iso3="JPN"), Country(name="China", iso2="CN", iso3="CHN")]
    )
    c = score_article(pred, {"countries": ["JP", "IT"]}, ["countries"])["countries"]
    assert (c.tp, c.fp, c.fn) == (1, 1, 1)


def test_facts_match_country_party_by_code_and_acronym_party() -> None:
    s, e = span("sent 20,000 masks to Japan")
    qs, qe = span("20,000 masks")
    pred = article(
        organisations=[Organisation(name="World Health Organization", acronym="WHO")],
        countries=[Country(name="Japan", iso2="JP", iso3="JPN")],
        quantities=[Quantity(text="20,000 masks", start=qs, end=qe, value=20000, category="masks")],
        facts=[
            Fact(
                type="donation",
                agent=PartyRef(kind="organisation", name="World Health Organization", index=0),
                recipient=PartyRef(kind="country", name="Japan", index=0, iso2="JP"),
                date="XXXX-04-09",
                quantities=[0],
                evidence=[Mention(text=TEXT[s:e], start=s, end=e)],
            )
        ],
    )
    gold = {
        "quantities": [{"text": "20,000 masks", "value": 20000}],
        "facts": [
            {
                "type": "donation",
                "agent": "WHO",
                "recipient": "Japan",
                "date": "XXXX-04-09",
                "quantities": ["20,000 masks"],
            }
        ],
    }
    c = score_article(pred, gold, ["facts"])["facts"]
    assert (c.tp, c.strict_tp) == (1, 1)


def test_gold_line_without_input_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"id": "x", "gold": {}}) + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"g.jsonl:1: gold line lacks input"):
        list(read_gold(path))


def test_present_ref_is_neither_required_nor_penalised() -> None:
    s, e = span("April 9")
    pred = article(dates=[DateMention(text="April 9", start=s, end=e, value="PRESENT_REF", type="DATE")])
    c = score_article(pred, {"dates": [{"text": "now", "value": "PRESENT_REF", "type": "DATE"}]}, ["dates"])[
        "dates"
    ]
    assert (c.tp, c.fp, c.fn) == (0, 0, 0)


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("2000-W7", "2000-W07"),
        ("2000-W7-WE", "2000-W07-WE"),
        ("199X", "199"),
        ("19XX", "19"),
        ("1949-XX", "1949"),
        ("1994-XX-XX", "1994"),
        ("1998-10-XX", "1998-10"),
        # already ISO-TimeML, or X standing for something the text leaves open: unchanged
        ("2020-W14", "2020-W14"),
        ("XXXX-WXX-5", "XXXX-WXX-5"),
        ("XXXX-04-09", "XXXX-04-09"),
        ("1998-XX-05", "1998-XX-05"),
        ("P1W", "P1W"),
        ("PXY", "PXY"),
        ("2000-01-05TNI", "2000-01-05TNI"),
        ("199", "199"),
    ],
)
def test_canonical_timex_spells_each_value_one_way(value: str, canonical: str) -> None:
    assert canonical_timex(value) == canonical


def test_date_values_match_in_iso_spelling_unless_exact_values_is_asked() -> None:
    s, e = span("April 9")
    pred = article(dates=[DateMention(text="April 9", start=s, end=e, value="2020-W15", type="DATE")])
    gold = {"dates": [{"text": "April 9", "value": "2020-W15", "type": "DATE"}]}
    unpadded = {"dates": [{"text": "April 9", "value": "2020-W7", "type": "DATE"}]}
    assert score_article(pred, gold, ["dates"])["dates"].strict_tp == 1
    assert score_article(pred, gold, ["dates"], exact_values=True)["dates"].strict_tp == 1
    pred = article(dates=[DateMention(text="April 9", start=s, end=e, value="2020-W07", type="DATE")])
    assert score_article(pred, unpadded, ["dates"])["dates"].strict_tp == 1
    assert score_article(pred, unpadded, ["dates"], exact_values=True)["dates"].strict_tp == 0
