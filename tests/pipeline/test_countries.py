"""Countries stage: names, aliases, demonyms, cities, provinces, ambiguity and the false-positive traps."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.context import ArticleContext
from pipeline.resources import load_json, load_tsv
from pipeline.stages.countries import extract_countries

MakeContext = Callable[..., ArticleContext]


def codes(make_context: MakeContext, *paragraphs: str) -> list[str]:
    return [c.iso2 for c in extract_countries(make_context(*paragraphs))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The accord was signed by the United States and Brazil in March.", ["US", "BR"], id="names"
        ),
        pytest.param("Aid from the UK and Britain's navy reached the US.", ["GB", "US"], id="abbreviations"),
        pytest.param("Seoul-based officials say South Korea will help.", ["KR"], id="south_korea"),
        pytest.param(
            "Envoys of the Republic of Korea met in Hanoi.", ["KR", "VN"], id="republic_of_korea_not_kp"
        ),
        pytest.param(
            "Trade between Türkiye and Turkey's old partners grew.", ["TR"], id="turkiye_and_turkey"
        ),
        pytest.param("Ivory Coast and Kosovo opened embassies.", ["CI", "XK"], id="ivory_coast_kosovo"),
        pytest.param("Aotearoa sent nurses to the capital of PNG.", ["NZ", "PG"], id="aotearoa_png"),
        pytest.param("Peru, Cuba and Mali sent observers.", ["PE", "CU", "ML"], id="short_names_in_a_list"),
        pytest.param("Let us know what the png file shows.", [], id="lowercase_us_png"),
        pytest.param("Dutch and Swiss engineers joined Italian doctors.", ["NL", "CH", "IT"], id="demonyms"),
        pytest.param("Nepali porters guided Fijian climbers.", ["NP", "FJ"], id="nepali_fijian"),
        pytest.param("Emirati and Korean investors funded the plant.", ["AE", "KR"], id="emirati_korean"),
        pytest.param("Chinese researchers shared the genome.", ["CN"], id="chinese_is_cn"),
        pytest.param(
            "Americans and Italians joined Filipinos at the vigil.", ["US", "IT", "PH"], id="plurals"
        ),
        pytest.param("The convoy left Kandahar at dawn.", ["AF"], id="city_kandahar"),
        pytest.param("Delegates flew from Tokyo to Abu Dhabi.", ["JP", "AE"], id="cities"),
        pytest.param("Trekkers gathered in Kathmandu before the season.", ["NP"], id="capital_kathmandu"),
        pytest.param("A patrol boat left Suva for Port Moresby.", ["FJ", "PG"], id="pacific_capitals"),
        pytest.param("Factories in Zhejiang and Lombardy reopened.", ["CN", "IT"], id="provinces"),
        pytest.param("Floods hit Queensland again.", ["AU"], id="state"),
        pytest.param(
            "The clinic in Goyang, Gyeonggi-do, expanded.", ["KR"], id="city_and_province_in_one_span"
        ),
        pytest.param("Rain fell on south-east Queensland.", ["AU"], id="direction_prefix"),
        pytest.param("The King of Jordan opened the summit.", ["JO"], id="of_country"),
        pytest.param("Tbilisi said Georgia would join the talks.", ["GE"], id="georgia_country_reading"),
        pytest.param("The firm, based in Atlanta, Georgia, hired staff.", ["US"], id="city_comma_us_state"),
        pytest.param("The team moved to Córdoba, Spain, in May.", ["ES"], id="ambiguous_city_comma_country"),
        pytest.param(
            "A holding company of Surrey, England bought it.", ["GB"], id="city_placed_in_other_country"
        ),
        pytest.param("Tokyo, Seoul and Beijing agreed.", ["JP", "KR", "CN"], id="list_of_capitals"),
        pytest.param("Vaccines also reached Paraguay this week.", ["PY"], id="country_labelled_org"),
        pytest.param("Papua New Guinea thanked the donors.", ["PG"], id="long_country_labelled_person"),
    ],
)
def test_finds_countries(make_context: MakeContext, text: str, expected: list[str]) -> None:
    assert codes(make_context, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("China Daily printed the figures on its front page.", [], id="china_daily"),
        pytest.param(
            "Jordan Peterson spoke first. Later, Jordan said he was tired.", [], id="jordan_first_name"
        ),
        pytest.param("She studied at Georgia Tech before joining the lab.", [], id="georgia_tech"),
        pytest.param(
            "Doctors at Kuwait Maitree Hospital treated 40 patients.", [], id="kuwait_maitree_hospital"
        ),
        pytest.param("The vials came from the Serum Institute of India.", [], id="country_in_org_name"),
        pytest.param(
            "The Serum Institute of India shipped vials, and India paid for them.",
            ["IN"],
            id="org_plus_mention",
        ),
        pytest.param("Chad Smith played the drums all night.", [], id="chad_smith"),
        pytest.param("Chad Smith, the drummer, gave money to a clinic in Chad.", ["TD"], id="chad_both"),
        pytest.param("The grant is worth US$300,000 and NZ$5 million.", [], id="currency_prefix"),
        pytest.param("Teams toured Latin America, Asia and the Pacific.", [], id="regions"),
        pytest.param("The paper reached the Western Pacific Region.", [], id="who_region"),
        pytest.param("The hospital runs an English website for patients.", [], id="english_language"),
        pytest.param("Cases rose as the Delta surge spread.", [], id="delta_variant"),
        pytest.param("The wind came from the south-east all week.", [], id="lowercase_direction"),
        pytest.param("A flight from Córdoba landed at noon.", [], id="ambiguous_city_alone"),
        pytest.param("A flight from Córdoba landed in Buenos Aires.", ["AR"], id="ambiguous_city_settled"),
    ],
)
def test_traps(make_context: MakeContext, text: str, expected: list[str]) -> None:
    assert codes(make_context, text) == expected


def test_record_fields_and_mentions(make_context: MakeContext) -> None:
    ctx = make_context("Japan's envoy met Italian doctors.", "The crew filmed in Japan and in Rome.")
    countries = extract_countries(ctx)
    assert [(c.name, c.iso2, c.iso3) for c in countries] == [("Japan", "JP", "JPN"), ("Italy", "IT", "ITA")]
    japan, italy = countries
    assert [(m.text, m.start, m.end) for m in japan.mentions] == [("Japan", 0, 5), ("Japan", 55, 60)]
    assert [m.text for m in italy.mentions] == ["Italian", "Rome"]
    for country in countries:
        for m in country.mentions:
            assert ctx.text[m.start : m.end] == m.text


def test_mention_boundaries(make_context: MakeContext) -> None:
    ctx = make_context("Officials in the U.S. met the India-Nepal team and Kenya's envoy.")
    mentions = [(m.text, c.iso2) for c in extract_countries(ctx) for m in c.mentions]
    assert mentions == [("U.S.", "US"), ("India", "IN"), ("Nepal", "NP"), ("Kenya", "KE")]


def test_sorted_by_first_mention(make_context: MakeContext) -> None:
    assert codes(make_context, "Doses went to Fiji.", "Earlier, Samoa and Fiji had asked New Zealand.") == [
        "FJ",
        "WS",
        "NZ",
    ]


def test_short_name_is_english(make_context: MakeContext) -> None:
    (korea,) = extract_countries(make_context("The Republic of Korea sent kits."))
    assert (korea.name, korea.iso3) == ("South Korea", "KOR")


def test_excluded_regions_are_skipped(make_context: MakeContext) -> None:
    ctx = make_context("KATHMANDU, March 30 - Doses from India arrived.")
    ctx.excluded = [(0, len("KATHMANDU, March 30"))]
    assert [c.iso2 for c in extract_countries(ctx)] == ["IN"]


def test_tables_are_consistent() -> None:
    known = {row[0] for row in load_tsv("countries.tsv")}
    aliases = load_json("countries_aliases.json")
    for table in ("countries_aliases.json",):
        for group in ("names", "demonyms", "subdivisions", "cities"):
            assert set(aliases[group].values()) <= known, (table, group)
    for name in ("countries_names.tsv", "countries_demonyms.tsv"):
        assert {row[1] for row in load_tsv(name)} <= known, name
    for name in ("countries_subdivisions.tsv", "cities.tsv"):
        assert {code for row in load_tsv(name) for code in row[1].split("|")} <= known, name
    assert 1500 < len(load_tsv("cities.tsv")) < 3000
