"""The output contract: offsets must give back their text; unknown fields are refused."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from models import Article, DateMention, Extractor, Fact, Mention, Person, Quantity

EXTRACTOR = Extractor(version="0", model="test")
TEXT = "On April 9, SRRSH sent 20,000 masks."


def test_offsets_that_match_their_text_are_accepted() -> None:
    article = Article(
        id="a",
        text=TEXT,
        dates=[DateMention(text="April 9", start=3, end=10, value="XXXX-04-09", type="DATE")],
        quantities=[Quantity(text="20,000 masks", start=23, end=35, value=20000, category="masks")],
        extractor=EXTRACTOR,
    )
    assert article.dates[0].text == TEXT[3:10]


@pytest.mark.parametrize(
    ("record", "where"),
    [
        pytest.param(
            {"dates": [DateMention(text="April 9", start=4, end=11, value=None, type="DATE")]},
            "dates[0]",
            id="date_shifted_by_one",
        ),
        pytest.param(
            {"people": [Person(name="X", mentions=[Mention(text="SRRSH", start=0, end=5)])]},
            "people[0].mentions[0]",
            id="person_mention_wrong_text",
        ),
        pytest.param(
            {"facts": [Fact(type="donation", evidence=[Mention(text="sent", start=0, end=4)])]},
            "facts[0].evidence[0]",
            id="fact_evidence_wrong_text",
        ),
    ],
)
def test_offsets_that_do_not_match_are_refused(record: dict[str, object], where: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(f"{where}: offsets")):
        Article(id="a", text=TEXT, extractor=EXTRACTOR, **record)  # type: ignore[arg-type]


def test_fact_quantity_index_must_exist() -> None:
    with pytest.raises(ValidationError, match=r"point past the 0 quantities"):
        Article(id="a", text=TEXT, extractor=EXTRACTOR, facts=[Fact(type="donation", quantities=[0])])


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"Extra inputs are not permitted"):
        Article(id="a", text=TEXT, extractor=EXTRACTOR, colour="red")  # type: ignore[call-arg]


def test_without_text_offsets_are_not_checked() -> None:
    article = Article(
        id="a",
        text=None,
        dates=[DateMention(text="April 9", start=0, end=7, value=None, type="DATE")],
        extractor=EXTRACTOR,
    )
    assert article.text is None


def test_bad_iso_codes_and_dates_are_refused() -> None:
    with pytest.raises(ValidationError):
        Article(id="a", published="20-05-2020", extractor=EXTRACTOR)
