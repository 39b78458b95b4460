"""People stage: titles, roles and organisations, name order, later-mention merge, byline, the traps."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from models import Person
from pipeline.context import ArticleContext, NameSpan
from pipeline.stages.names.organisations import extract_organisations
from pipeline.stages.names.people import extract_people, split_name

MakeContext = Callable[..., ArticleContext]


def roles(
    make_context: Callable[..., ArticleContext], *paragraphs: str
) -> list[tuple[str, str | None, str | None]]:
    """(name, role, organisation) of each person the paragraphs name."""
    return [(p.name, p.role, p.organisation) for p in extract_people(make_context(*paragraphs))]


def people(make_context: MakeContext, *paragraphs: str) -> list[Person]:
    return extract_people(make_context(*paragraphs))


def attrs(
    make_context: MakeContext, *paragraphs: str
) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(p.name, p.title, p.role, p.organisation) for p in people(make_context, *paragraphs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Dr Jane Okafor, a paediatrician at Lagos University Teaching Hospital, said the ward was full.",
            [("Jane Okafor", "Dr.", "paediatrician", "Lagos University Teaching Hospital")],
            id="honorific_dr_without_period_and_apposition_at_org",
        ),
        pytest.param(
            "Dr. Anthony Fauci, director of the National Institute of Allergy and Infectious Diseases, spoke.",
            [("Anthony Fauci", "Dr.", "director", "National Institute of Allergy and Infectious Diseases")],
            id="apposition_role_of_org",
        ),
        pytest.param(
            "The team was led by Professor Maria Rossi of the University of Padua.",
            [("Maria Rossi", "Professor", None, None)],
            id="professor_without_role",
        ),
        pytest.param(
            "Unilever chief executive Alan Jope said the company would donate soap.",
            [("Alan Jope", None, "chief executive", "Unilever")],
            id="lower_case_premodifier_gives_no_title",
        ),
        pytest.param(
            "Thai Prime Minister Prayut Chan-o-cha met the delegation.",
            [("Prayut Chan-o-cha", "Prime Minister", "Thai prime minister", None)],
            id="multiword_office_title_with_nationality",
        ),
        pytest.param(
            "Chinese Ambassador to Thailand Han Zhiqiang handed over the masks.",
            [("Han Zhiqiang", "Ambassador", "Chinese ambassador to Thailand", None)],
            id="ambassador_to_place_before_name",
        ),
        pytest.param(
            "Japan's Ambassador to the Philippines KOSHIKAWA Kazuhiko handed over the equipment.",
            [("KOSHIKAWA Kazuhiko", "Ambassador", "Japan's ambassador to the Philippines", None)],
            id="possessive_country_and_the_before_place",
        ),
        pytest.param(
            "The cargo was received by Minister of Education B. Batbold.",
            [("B. Batbold", "Minister", "minister of education", None)],
            id="minister_of_portfolio_before_initial",
        ),
        pytest.param(
            "Mr. Tom Baker, WFP Country Director in Laos, thanked the donors.",
            [("Tom Baker", "Mr.", "country director in Laos", "WFP")],
            id="apposition_with_leading_acronym_org",
        ),
        pytest.param(
            "USAID mission director Ann Marie Yastishock attended the ceremony.",
            [("Ann Marie Yastishock", None, "mission director", "USAID")],
            id="acronym_org_and_compound_role_before_name",
        ),
        pytest.param(
            "Kenya's acting high commissioner to Ghana, Amina Odhiambo, signed the letter.",
            [("Amina Odhiambo", None, "Kenya's acting high commissioner to Ghana", None)],
            id="apposition_before_name",
        ),
        pytest.param(
            "Sun Wei, a spokesman for the Beijing Municipal Health Commission, said tests were under way.",
            [("Sun Wei", None, "spokesman", "Beijing Municipal Health Commission")],
            id="role_for_org",
        ),
        pytest.param(
            "Speaking at Stadium Merdeka, Health Minister Khairy Jamaluddin thanked the donors.",
            [("Khairy Jamaluddin", "Minister", "health minister", None)],
            id="venue_before_a_titled_name_is_not_a_person",
        ),
        pytest.param(
            "But Sinn Fein leader Gerry Adams said the talks would go on.",
            [("Gerry Adams", None, "leader", "Sinn Fein")],
            id="sentence_opener_is_not_part_of_the_role",
        ),
        pytest.param(
            "The plan was backed by Acme Corp. on Friday. Jo Lund, the president of Acme, agreed.",
            [("Jo Lund", None, "president", "Acme")],
            id="company_named_without_its_legal_suffix",
        ),
        pytest.param(
            "President Bill Clinton Saturday signed the order.",
            [("Bill Clinton", "President", "president", None)],
            id="weekday_after_name_is_not_part_of_it",
        ),
        pytest.param(
            "Deputy Prime Minister Ana Brnabic welcomed the plane.",
            [("Ana Brnabic", "Deputy Prime Minister", "deputy prime minister", None)],
            id="deputy_prime_minister",
        ),
    ],
)
def test_title_role_organisation(make_context: MakeContext, text: str, expected: list[tuple]) -> None:
    assert attrs(make_context, text) == expected


def test_role_before_coordinated_name(make_context: MakeContext) -> None:
    text = (
        "For example, the chairman of the Gansu Heart Foundation and Professor Li Wen from the Department "
        "of Cardiology donated masks."
    )
    assert attrs(make_context, text) == [("Li Wen", "Professor", "chairman", "Gansu Heart Foundation")]


def test_our_hospital_is_the_most_named_organisation(make_context: MakeContext) -> None:
    found = attrs(
        make_context,
        "KGH sent doctors to Fiji. KGH staff trained nurses.",
        "Dr. Tan Mei Ling, the deputy director of our hospital, led the KGH team.",
    )
    assert found == [("Tan Mei Ling", "Dr.", "deputy director", "KGH")]


def test_office_title_and_apposition_roles_join(make_context: MakeContext) -> None:
    text = "Senior Minister Lim Boon Heng, the Chairman of the Temasek Trust, opened the centre."
    assert attrs(make_context, text) == [
        ("Lim Boon Heng", "Senior Minister", "senior minister and chairman", "Temasek Trust")
    ]


def test_role_named_earlier_gives_its_organisation(make_context: MakeContext) -> None:
    text = (
        "The director of the Osaka office of Kansai TV joined the crew. "
        "Afterwards, Director Tanaka Jun thanked the hospital."
    )
    assert attrs(make_context, text) == [("Tanaka Jun", "Director", "director", "Kansai TV")]


def test_team_members_take_the_team_organisation(make_context: MakeContext) -> None:
    text = (
        "The NZMAT advance team is led by Dr Sarah Cole, an intensive care specialist, and includes "
        "emergency nurse Paul Ngata."
    )
    assert attrs(make_context, text) == [
        ("Sarah Cole", "Dr.", "intensive care specialist", "NZMAT"),
        ("Paul Ngata", None, "emergency nurse", "NZMAT"),
    ]


@pytest.mark.parametrize(
    ("name", "family", "given"),
    [
        pytest.param("Zhang Wenhong", "Zhang", "Wenhong", id="pinyin_surname_first"),
        pytest.param("Ouyang Xiu", "Ouyang", "Xiu", id="two_syllable_pinyin_surname"),
        pytest.param("WATANABE Hiroshi", "WATANABE", "Hiroshi", id="all_caps_japanese_surname_first"),
        pytest.param("Hiroshi WATANABE", "WATANABE", "Hiroshi", id="all_caps_surname_last"),
        pytest.param("Park Ji-hoon", "Park", "Ji-hoon", id="korean_hyphenated_given_name"),
        pytest.param("Nguyen Thi Mai", "Nguyen", "Thi Mai", id="vietnamese"),
        pytest.param("Ng Eng Hen", "Ng", "Eng Hen", id="hokkien_romanisation"),
        pytest.param("Emma Clarke", "Clarke", "Emma", id="western_given_first"),
        pytest.param("Lee Anderson", "Anderson", "Lee", id="western_name_starting_with_asian_surname"),
        pytest.param("Francisco Duque III", "Duque", "Francisco", id="suffix_is_not_an_all_caps_surname"),
    ],
)
def test_name_order(name: str, family: str, given: str) -> None:
    assert split_name(name) == (family, given)


def test_later_mentions_join_the_first_full_mention(make_context: MakeContext) -> None:
    found = people(
        make_context,
        "Ambassador of Japan to Kenya WATANABE Hiroshi handed over the generators.",
        "Watanabe praised the staff, and Dr. Morioka Kenji, head of surgery at Osaka University Hospital, agreed.",
        "Dr. Morioka said the visit was useful. Later, Morioka left for Tokyo.",
    )
    assert [(p.name, [m.text for m in p.mentions]) for p in found] == [
        ("WATANABE Hiroshi", ["WATANABE Hiroshi", "Watanabe"]),
        ("Morioka Kenji", ["Morioka Kenji", "Morioka", "Morioka"]),
    ]
    assert found[1].role == "head of surgery"


def test_surname_goes_to_the_nearest_earlier_person(make_context: MakeContext) -> None:
    found = people(
        make_context,
        "President Moon Jae-in spoke first. Lee Nak-yon, the prime minister, followed.",
        "Lee said the plan was sound.",
    )
    lee = next(p for p in found if p.name == "Lee Nak-yon")
    assert [m.text for m in lee.mentions] == ["Lee Nak-yon", "Lee"]


def test_parenthesised_alias(make_context: MakeContext) -> None:
    (found,) = people(make_context, "Dr. Wang Lili (Lily), a surgeon, led the team.")
    assert (found.name, found.aliases) == ("Wang Lili", ["Lily"])
    assert [m.text for m in found.mentions] == ["Wang Lili", "Lily"]


def test_byline_author_is_a_person(make_context: MakeContext) -> None:
    ctx = make_context("By Chen Jing (Jenny)", "Dr. Anna Berg, a nurse, spoke.")
    ctx.paragraphs[0].kind = "byline"
    ctx.paragraphs[0].section = None
    ctx.byline = NameSpan(text="Chen Jing", start=3, end=12, aliases=("Jenny",), alias_spans=((14, 19),))
    found = extract_people(ctx)
    assert [(p.name, p.role, p.aliases, p.family_name) for p in found] == [
        ("Chen Jing", "author", ["Jenny"], "Chen"),
        ("Anna Berg", "nurse", [], "Berg"),
    ]
    assert [m.text for m in found[0].mentions] == ["Chen Jing", "Jenny"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "A film crew from Morning Glory, which airs on Fuji TV, visited the ward.", id="tv_show"
        ),
        pytest.param(
            "Patients were moved to the Dr. Carol Davila Central Military Emergency University Hospital.",
            id="hospital_named_after_a_person",
        ),
        pytest.param("Myongji Hospital opened a new ward in Goyang.", id="organisation"),
        pytest.param("The doses were supplied under Vaccine Maitri, India's gift programme.", id="programme"),
        pytest.param("The jets landed at RAAF Base Amberley on Friday.", id="venue"),
        pytest.param("Aid reached Papua New Guinea on Monday.", id="country"),
        pytest.param(
            "Vaccination of frontline staff in Port Moresby began.", id="place_after_lower_case_role"
        ),
        pytest.param("Voters in New Hampshire, the senator said, were angry.", id="state_with_apposition"),
        pytest.param("With St John Ambulance and the Red Cross, volunteers helped.", id="saint_name"),
    ],
)
def test_not_people(make_context: MakeContext, text: str) -> None:
    assert people(make_context, text) == []


def test_mentions_are_grounded(make_context: MakeContext) -> None:
    ctx = make_context(
        "Health Minister Khairy Jamaluddin visited. Khairy Jamaluddin said Jamaluddin was proud."
    )
    for person in extract_people(ctx):
        for m in person.mentions:
            assert ctx.text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("text", "people_found", "organisations_found"),
    [
        pytest.param(
            "General Dynamics said it would close two plants.", [], ["General Dynamics"], id="org_name"
        ),
        pytest.param(
            "General Purna Chandra Thapa received the doses.",
            ["Purna Chandra Thapa"],
            [],
            id="a_real_general",
        ),
    ],
)
def test_a_rank_inside_an_organisation_name_is_not_a_title(
    make_context: Callable[..., ArticleContext],
    text: str,
    people_found: list[str],
    organisations_found: list[str],
) -> None:
    ctx = make_context(text)
    assert [p.name for p in extract_people(ctx)] == people_found
    assert [o.name for o in extract_organisations(ctx)] == organisations_found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("In his speech, the Prime Minister thanked the crew.", [], id="a_title_alone"),
        pytest.param(
            "said Karl Berg, Chairman and Chief Operating Officer of Nordvik Ferries.",
            [("Karl Berg", "chairman and chief operating officer")],
            id="an_office_is_no_name",
        ),
        pytest.param(
            "Martin Luther King spoke in the capital.",
            [("Martin Luther King", None)],
            id="a_name_ending_in_king",
        ),
    ],
)
def test_titles_and_offices_are_not_people(
    make_context: Callable[..., ArticleContext], text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(p.name, p.role) for p in extract_people(make_context(text))] == expected


@pytest.mark.parametrize(
    ("paragraphs", "mentions"),
    [
        pytest.param(
            [
                "The plan is the work of Kellogg's chief executive, John Kellogg Jr.",
                "It is to end Kellogg's losses in Asia by 2008.",
            ],
            ["John Kellogg Jr."],
            id="the_company_bearing_the_family_name",
        ),
        pytest.param(
            ["Anna Berg, the harbour master, arrived on Monday.", "Berg said the cranes would come in May."],
            ["Anna Berg", "Berg"],
            id="a_surname_alone_is_the_person",
        ),
    ],
)
def test_a_surname_the_model_reads_as_an_organisation_is_not_the_persons_mention(
    make_context: Callable[..., ArticleContext], paragraphs: list[str], mentions: list[str]
) -> None:
    [person] = extract_people(make_context(*paragraphs))
    assert [m.text for m in person.mentions] == mentions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Finance Minister Karin Dahl, Trade Minister Ola Berg and the mayor attended.",
            [("Karin Dahl", "finance minister", None), ("Ola Berg", "trade minister", None)],
            id="the_next_persons_title_is_no_apposition",
        ),
        pytest.param(
            "Karin Dahl, the finance minister, and Ola Berg attended.",
            [("Karin Dahl", "finance minister", None), ("Ola Berg", None, None)],
            id="an_apposition_before_the_next_name",
        ),
        pytest.param(
            "State Visit of Governor Maria Santos to the port",
            [("Maria Santos", "governor", None)],
            id="words_before_of_and_a_title",
        ),
        pytest.param(
            "Lars Moe, at the time director of the Harbour Authority, signed the lease.",
            [("Lars Moe", "director", "Harbour Authority")],
            id="at_the_time",
        ),
        pytest.param(
            "Lars Moe, then director of the Harbour Authority, signed the lease.",
            [("Lars Moe", "director", "Harbour Authority")],
            id="then",
        ),
        pytest.param(
            "The board named Peter Hansen as chief executive in March 2021.",
            [("Peter Hansen", "chief executive", None)],
            id="as_a_role_until_the_date",
        ),
        pytest.param(
            "Peter Hansen as well as two engineers visited the yard.",
            [("Peter Hansen", None, None)],
            id="as_without_a_role",
        ),
        pytest.param(
            "Tove Lie, chief executive of Helse Fonna, cut the ribbon.",
            [("Tove Lie", "chief executive", "Helse Fonna")],
            id="where_the_role_is_held_is_no_person",
        ),
        pytest.param(
            "Tove Lie, the daughter of Ola Lie, cut the ribbon.",
            [("Tove Lie", None, None), ("Ola Lie", None, None)],
            id="of_after_a_kinship_word_is_a_person",
        ),
    ],
)
def test_roles_read_after_and_before_the_name(
    make_context: Callable[..., ArticleContext], text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert roles(make_context, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Maria Lund and Peter Hansen, respectively the chief executives of Nordvik and Halvorsen Bank, "
            "signed the deal.",
            [
                ("Maria Lund", "chief executive", "Nordvik"),
                ("Peter Hansen", "chief executive", "Halvorsen Bank"),
            ],
            id="one_role_many_organisations",
        ),
        pytest.param(
            "Maria Lund and Peter Hansen, respectively the minister of fisheries and the director of the "
            "Harbour Authority, opened the quay.",
            [
                ("Maria Lund", "minister of fisheries", None),
                ("Peter Hansen", "director", "Harbour Authority"),
            ],
            id="a_role_each",
        ),
        pytest.param(
            "Maria Lund and Peter Hansen, respectively the chief executives of Nordvik, Halvorsen Bank and "
            "Sunvale, signed the deal.",
            [("Maria Lund", None, None), ("Peter Hansen", None, None)],
            id="counts_that_do_not_match",
        ),
    ],
)
def test_respectively_gives_each_person_their_role(
    make_context: Callable[..., ArticleContext], text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert roles(make_context, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Transport Permanent Secretary Dr Maria Lund opened the road.",
            [("Maria Lund", "Dr.", "transport permanent secretary", None)],
            id="an_honorific_after_an_office",
        ),
        pytest.param(
            "Dr Maria Lund opened the road.", [("Maria Lund", "Dr.", None, None)], id="an_honorific_alone"
        ),
        pytest.param(
            "Norway's then fisheries minister Maria Lund opened the quay.",
            [("Maria Lund", None, "Norway's then fisheries minister", None)],
            id="then_inside_the_office",
        ),
        pytest.param(
            "Tasmania's Premier Maria Lund opened the quay.",
            [("Maria Lund", "Premier", "Tasmania's premier", None)],
            id="a_places_possessive_stays_in_the_role",
        ),
        pytest.param(
            "Nordvik's chief executive Maria Lund opened the quay.",
            [("Maria Lund", None, "chief executive", "Nordvik")],
            id="a_companys_possessive_is_the_organisation",
        ),
        pytest.param(
            "Sunvale chairman Li Wen opened the plant.",
            [("Li Wen", None, "chairman", "Sunvale")],
            id="an_organisation_before_the_role",
        ),
    ],
)
def test_what_stands_before_the_name(
    make_context: Callable[..., ArticleContext],
    text: str,
    expected: list[tuple[str, str | None, str | None, str | None]],
) -> None:
    assert [(p.name, p.title, p.role, p.organisation) for p in extract_people(make_context(text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The work is led by the WFP's head of logistics, Maria Lund, with two engineers.",
            [("Maria Lund", "head of logistics", "WFP")],
            id="an_acronyms_role_before_the_name",
        ),
        pytest.param(
            "Nordvik's head of design, Maria Lund, said the hull was lighter.",
            [("Maria Lund", "head of design", "Nordvik")],
            id="a_companys_role_before_the_name",
        ),
        pytest.param(
            "Tasmania's head of tourism, Maria Lund, said the season was good.",
            [("Maria Lund", "Tasmania's head of tourism", None)],
            id="a_places_role_before_the_name",
        ),
        pytest.param(
            "The team, Maria Lund, Peter Hansen and two nurses, left on Monday.",
            [("Maria Lund", None, None), ("Peter Hansen", None, None)],
            id="a_group_noun_is_no_role",
        ),
    ],
)
def test_a_role_noun_whose_apposition_is_the_name(
    make_context: Callable[..., ArticleContext], text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert roles(make_context, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Research Director Maria Lund, a professor of engineering at the university, said the quay was safe.",
            [("Maria Lund", "research director")],
            id="a_description_after_an_office",
        ),
        pytest.param(
            "Senior Minister Maria Lund, the Coordinating Minister for Ports, said the quay was safe.",
            [("Maria Lund", "senior minister and coordinating minister for ports")],
            id="a_second_office",
        ),
        pytest.param(
            "Maria Lund, a professor of engineering, said the quay was safe.",
            [("Maria Lund", "professor of engineering")],
            id="a_description_alone",
        ),
    ],
)
def test_an_office_before_the_name_and_an_apposition_after_it(
    make_context: Callable[..., ArticleContext], text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(p.name, p.role) for p in extract_people(make_context(text))] == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        pytest.param(
            ["Maria Lund, the Minister of Fisheries, Ports and Shipping, opened the quay."],
            [("Maria Lund", "minister of fisheries, ports and shipping", None)],
            id="a_portfolio_listing_its_fields",
        ),
        pytest.param(
            ["Maria Lund, the director of the port, and Peter Hansen opened the quay."],
            [("Maria Lund", "director of the port", None), ("Peter Hansen", None, None)],
            id="a_comma_before_the_next_name_ends_it",
        ),
        pytest.param(
            [
                "The University of Bergen opened a lab.",
                "U of B President Maria Lund said it would hire 20 people.",
            ],
            [("Maria Lund", "president", "U of B")],
            id="initials_before_the_role",
        ),
        pytest.param(
            [
                "The University of Bergen opened a lab.",
                "Maria Lund, U of B's vice-president, research and innovation, said it would hire 20 people.",
            ],
            [("Maria Lund", "vice-president, research and innovation", "U of B")],
            id="an_owners_possessive_in_the_apposition",
        ),
    ],
)
def test_roles_with_lists_and_initials(
    make_context: Callable[..., ArticleContext],
    paragraphs: list[str],
    expected: list[tuple[str, str | None, str | None]],
) -> None:
    assert roles(make_context, *paragraphs) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Chief Marketing Officer Ana Ruiz said sales rose.",
            [("Ana Ruiz", "Chief Marketing Officer", "chief marketing officer")],
            id="a_word_between_title_and_role_noun",
        ),
        pytest.param(
            "Chief Executive Officer Ana Ruiz said sales rose.",
            [("Ana Ruiz", "Chief Executive Officer", "chief executive officer")],
            id="role_noun_right_after_the_title",
        ),
        pytest.param(
            "Prime Minister Ana Ruiz said sales rose.",
            [("Ana Ruiz", "Prime Minister", "prime minister")],
            id="a_title_alone_before_the_name",
        ),
    ],
)
def test_an_office_title_runs_to_its_role_noun(
    make_context: Callable[..., ArticleContext], text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert [(p.name, p.title, p.role) for p in extract_people(make_context(text))] == expected


@pytest.mark.parametrize(
    ("text", "aliases", "mentions"),
    [
        pytest.param(
            "Tanaka Aiko (Japan) won the gold medal.", [], ["Tanaka Aiko"], id="a_country_in_brackets"
        ),
        pytest.param(
            "Park Ji-won (Jenny) won the gold medal.", ["Jenny"], ["Park Ji-won", "Jenny"], id="a_nickname"
        ),
    ],
)
def test_brackets_after_a_name(
    make_context: Callable[..., ArticleContext], text: str, aliases: list[str], mentions: list[str]
) -> None:
    [person] = extract_people(make_context(text))
    assert (person.aliases, [m.text for m in person.mentions]) == (aliases, mentions)


@pytest.mark.parametrize(
    ("text", "people_found"),
    [
        pytest.param("Storm Elvira hit the coast on Monday.", [], id="a_storm"),
        pytest.param(
            "After the storm, Elvira Holm returned home.", ["Elvira Holm"], id="a_person_after_a_storm"
        ),
    ],
)
def test_a_named_storm_is_no_person(
    make_context: Callable[..., ArticleContext], text: str, people_found: list[str]
) -> None:
    ctx = make_context(text)
    assert [p.name for p in extract_people(ctx)] == people_found
    assert extract_organisations(ctx) == []


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        pytest.param(
            ['"We will not stop," Lindqvist said of the strike.', "Union leader Eva Lindqvist spoke first."],
            [("Eva Lindqvist", ["Lindqvist", "Eva Lindqvist"])],
            id="the_surname_first",
        ),
        pytest.param(
            [
                '"We will not stop," Lindqvist said of the strike.',
                "Union leader Eva Lindqvist and her brother, union official Karl Lindqvist, spoke first.",
            ],
            [("Eva Lindqvist", ["Eva Lindqvist"]), ("Karl Lindqvist", ["Karl Lindqvist"])],
            id="two_people_share_it",
        ),
    ],
)
def test_a_surname_before_the_full_name(
    make_context: Callable[..., ArticleContext], paragraphs: list[str], expected: list[tuple[str, list[str]]]
) -> None:
    people = extract_people(make_context(*paragraphs))
    assert [(p.name, [m.text for m in p.mentions]) for p in people] == expected


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        pytest.param(
            [
                "Nordby Hospital opened a new ward.",
                "Jane Doe, the vice president of the hospital, said it was full.",
            ],
            [("Jane Doe", "vice president", "Nordby Hospital")],
            id="the_hospital_named_before",
        ),
        pytest.param(
            ["Jane Doe, the vice president of the hospital, said it was full."],
            [("Jane Doe", "vice president of the hospital", None)],
            id="no_hospital_named",
        ),
        pytest.param(
            [
                "Nordby Hospital opened a new ward.",
                "Its director, Jane Doe, said 300 patients had been treated.",
            ],
            [("Jane Doe", "director", "Nordby Hospital")],
            id="its",
        ),
        pytest.param(
            ["Its director, Jane Doe, said 300 patients had been treated."],
            [("Jane Doe", "director", None)],
            id="its_with_nothing_named",
        ),
    ],
)
def test_an_organisation_referred_to_again(
    make_context: Callable[..., ArticleContext],
    paragraphs: list[str],
    expected: list[tuple[str, str | None, str | None]],
) -> None:
    assert roles(make_context, *paragraphs) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Anna Holm and Berit Dahl, a cardiologist and a midwife, treated the patients.",
            [("Anna Holm", "cardiologist", None), ("Berit Dahl", "midwife", None)],
            id="one_each",
        ),
        pytest.param(
            "Maria Lund and Peter Hansen, a surgeon at Nordby Hospital and the director of the Harbour "
            "Authority, spoke.",
            [("Maria Lund", "surgeon", "Nordby Hospital"), ("Peter Hansen", "director", "Harbour Authority")],
            id="with_their_organisations",
        ),
        pytest.param(
            "Maria Lund and Peter Hansen, a surgeon and professor, spoke.",
            [("Maria Lund", None, None), ("Peter Hansen", "surgeon and professor", None)],
            id="one_apposition_for_the_last_name",
        ),
    ],
)
def test_coordinated_names_and_their_appositions(
    make_context: Callable[..., ArticleContext], text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert roles(make_context, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The five-member team from Nordby Hospital: Dr. Anna Holm, a surgeon; Berit Dahl, an anaesthetist.",
            [("Anna Holm", "surgeon", "Nordby Hospital"), ("Berit Dahl", "anaesthetist", "Nordby Hospital")],
            id="members_listed_after_a_colon",
        ),
        pytest.param(
            "A team from Nordby Hospital arrived on Monday. Anna Holm, a surgeon, said the ward was full.",
            [("Anna Holm", "surgeon", None)],
            id="not_listed_as_a_member",
        ),
    ],
)
def test_a_teams_members_take_its_organisation(
    make_context: Callable[..., ArticleContext], text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert roles(make_context, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Nordvik Motor Company CEO Alan Berg said that Nordvik will rename the model. Berg says it sold badly.",
            [("Alan Berg", "CEO", "ceo", "Nordvik Motor Company", ["Alan Berg", "Berg"])],
            id="upper_case_office_in_a_mixed_case_run",
        ),
        pytest.param(
            "NORDVIK CEO ALAN BERG RESIGNS. The board met on Monday.",
            [],
            id="an_all_caps_heading_names_no_one",
        ),
        pytest.param(
            "Spokeswoman Sandy Lindqvist said the team was ready. ''We are focusing on it,'' said Lindqvist.",
            [("Sandy Lindqvist", "Spokeswoman", "spokeswoman", None, ["Sandy Lindqvist", "Lindqvist"])],
            id="an_office_the_model_tags_as_an_organisation",
        ),
        pytest.param(
            "General Dynamics said the order was firm.",
            [],
            id="a_rank_inside_a_company_name",
        ),
        pytest.param(
            "The plan is the work of Nordvik Bank's chief, Anna Lund Nordvik. Nordvik said the bank would grow.",
            [("Anna Lund Nordvik", None, "chief", "Nordvik Bank", ["Anna Lund Nordvik", "Nordvik"])],
            id="a_surname_the_model_tags_as_an_organisation",
        ),
    ],
)
def test_offices_and_surnames_the_model_misreads(
    make_context: MakeContext,
    text: str,
    expected: list[tuple[str, str | None, str | None, str | None, list[str]]],
) -> None:
    assert [
        (p.name, p.title, p.role, p.organisation, [m.text for m in p.mentions])
        for p in people(make_context, text)
    ] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Alan Vik, a 24-year-old Nordby University student, said he had never seen a match.",
            [("Alan Vik", None, "student", "Nordby University")],
            id="an_age_before_the_role",
        ),
        pytest.param(
            "Ola Berg, chief executive since 2019, said he was pleased.",
            [("Ola Berg", None, "chief executive", None)],
            id="the_date_and_its_preposition_after_a_role",
        ),
        pytest.param(
            "The Skyvik Bank gave TSh 1.4 billion and the philanthropist Trond Berg TSh 2.2 billion.",
            [("Trond Berg", None, "philanthropist", None)],
            id="a_currency_after_a_name",
        ),
        pytest.param(
            "Skyvik made an offer for its joint-venture partner Mineral Holdings Limited on Monday.",
            [],
            id="a_company_suffix_names_no_person",
        ),
    ],
)
def test_what_surrounds_a_name(
    make_context: MakeContext, text: str, expected: list[tuple[str, str | None, str | None, str | None]]
) -> None:
    assert attrs(make_context, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "''It is a sad day,'' said Jim Press, the Vice Chairman of Skyvik.",
            [("Jim Press", None, "vice chairman", "Skyvik")],
            id="an_organisation_word_in_a_described_name",
        ),
        pytest.param(
            "The Nordvik Press, a publisher, said so.",
            [],
            id="an_organisation_word_in_a_name_the_model_does_not_tag_person",
        ),
        pytest.param(
            "Skyvik offered 57 million euros for a stake in Nordvik Steel, an official said.",
            [],
            id="a_role_noun_opening_the_next_clause",
        ),
        pytest.param(
            "The order came from Ola Berg, an official said.",
            [("Ola Berg", None, None, None)],
            id="no_role_from_the_next_clause",
        ),
        pytest.param(
            "Minister for National Security Ola Berg spoke.",
            [("Ola Berg", "Minister", "minister for national security", None)],
            id="after_a_ministers_of_a_portfolio",
        ),
        pytest.param(
            "The President of Skyvik, Ola Berg, spoke.",
            [("Ola Berg", None, "president", "Skyvik")],
            id="after_a_company_office_of_a_company",
        ),
    ],
)
def test_names_and_roles_around_offices(
    make_context: MakeContext, text: str, expected: list[tuple[str, str | None, str | None, str | None]]
) -> None:
    assert attrs(make_context, text) == expected
