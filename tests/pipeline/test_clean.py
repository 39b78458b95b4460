"""clean: clutter dropped, title/byline kept, HTML main text with headings, offsets exact."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Literal

import pytest

from pipeline.context import BLOCK_SEPARATOR, CleanText, Document
from pipeline.sources.clean import clean, close_implied_tags, clutter_lines

ROOT = Path(__file__).resolve().parent.parent.parent
INPUTS = ROOT / "tests" / "fixtures" / "inputs"
SAMPLE = ROOT / "data" / "samples" / "srrsh-pandemic-together.txt"
DEV = {
    (d := json.loads(line))["id"]: d
    for line in (ROOT / "data" / "gold" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
}


def _clean_file(name: str) -> CleanText:
    path = INPUTS / name
    fmt: Literal["text", "html"] = "html" if path.suffix == ".html" else "text"
    return clean(Document(id=name, source=str(path), content=path.read_text(encoding="utf-8"), format=fmt))


def _clean_text(content: str, fmt: Literal["text", "html"] = "text") -> CleanText:
    return clean(Document(id="t", source=None, content=content, format=fmt))


def _assert_offsets(cleaned: CleanText) -> None:
    for block in cleaned.blocks:
        assert cleaned.text[block.start : block.end] == block.text
    assert cleaned.text == BLOCK_SEPARATOR.join(b.text for b in cleaned.blocks)


def test_sample_keeps_title_byline_and_body_and_drops_the_banner() -> None:
    cleaned = clean(Document(id="s", source=None, content=SAMPLE.read_text(encoding="utf-8"), format="text"))
    _assert_offsets(cleaned)
    kinds = [(b.kind, b.text) for b in cleaned.blocks[:3]]
    assert kinds[0] == ("title", "Fight Against the Global Pandemic Together")
    assert kinds[1] == ("byline", "By Hu Yuzi (Zoe)")
    assert kinds[2][1].startswith("In the era of globalization")
    assert len(cleaned.blocks) == 20  # title, byline, 8 headings, 10 body paragraphs
    for chrome in ("Best Employer", "中文", "Home »", "News & Events\n"):
        assert chrome not in cleaned.text
    assert cleaned.title == "Fight Against the Global Pandemic Together"
    assert cleaned.published is None


@pytest.mark.parametrize(
    ("doc_id", "dropped", "kept", "published"),
    [
        pytest.param(
            "dev-01",
            [
                "HIMALAYA NEWSWIRE",
                "Home | Nepal",
                "Health > Vaccines",
                "Published:",
                "Share:",
                "Related:",
                "©",
            ],
            ["KATHMANDU, March 30 (Himalaya Newswire) – The Indian Army"],
            date(2021, 3, 30),
            id="wire_page",
        ),
        pytest.param(
            "dev-03",
            [
                "NEW ZEALAND HIGH COMMISSION",
                "Suva, Fiji",
                "Media Release",
                "FOR IMMEDIATE RELEASE",
                "Monday, 26 July",
                "ENDS",
                "Media enquiries",
                "Phone:",
                "+64 4 439 8000",
                "Communications Officer",
            ],
            ["Team Bravo", "Funding and supplies", "Curr said Aotearoa"],
            date(2021, 7, 26),
            id="press_release",
        ),
        pytest.param(
            "dev-04",
            ["한국어", "Home > News", "Font size", "List | Previous", "Copyright", "Gyeonggi-do"],
            ["By Choi Min-ji (Minnie)", "Videos in more languages"],
            None,
            id="hospital_page",
        ),
        pytest.param(
            "dev-05",
            ["THE MERLION POST", "Asia > Indonesia", "6:15 pm SGT", "Listen | Share", "Related:", "©"],
            ["Aid by air and sea earlier this month"],
            date(2021, 7, 20),
            id="news_page_with_time_stamp",
        ),
        pytest.param(
            "dev-06",
            [
                "ULAANBAATAR DIGEST",
                "Culture | Монгол",
                "Health / International aid",
                "4 min read",
                "Tags:",
                "©",
            ],
            ["Pfizer doses paid for by Japan"],
            date(2021, 8, 18),
            id="news_page_with_reading_time",
        ),
    ],
)
def test_crawler_pages_lose_their_clutter(
    doc_id: str, dropped: list[str], kept: list[str], published: date | None
) -> None:
    gold = DEV[doc_id]
    cleaned = _clean_text(gold["input"])
    _assert_offsets(cleaned)
    for text in dropped:
        assert text not in cleaned.text
    for text in kept:
        assert text in cleaned.text
    assert cleaned.blocks[0].kind == "title"
    assert cleaned.blocks[0].text == gold["gold"]["title"]
    assert cleaned.published == published


def test_hospital_page_of_another_shape() -> None:
    cleaned = _clean_file("hospital-news.txt")
    _assert_offsets(cleaned)
    assert [(b.kind, b.text[:24]) for b in cleaned.blocks] == [
        ("title", "St. Mary's doctors train"),
        ("byline", "By Dr. Maria Santos and "),
        ("paragraph", "A team of four intensive"),
        ("paragraph", "Training on the wards"),
        ("paragraph", "The team worked alongsid"),
        ("paragraph", "The hospital also donate"),
        ("paragraph", "What comes next"),
        ("paragraph", "A second visit is planne"),
    ]
    assert cleaned.published == date(2021, 3, 12)  # from "Posted on: 12 March 2021"


def test_embassy_release_with_place_and_date_line() -> None:
    cleaned = _clean_file("embassy-release.txt")
    _assert_offsets(cleaned)
    assert cleaned.title == "Japan hands over oxygen concentrators to the Ministry of Health and Population"
    assert cleaned.published == date(2021, 5, 5)  # "Kathmandu, 5 May 2021"
    assert len(cleaned.blocks) == 4
    for chrome in (
        "EMBASSY OF JAPAN",
        "日本語",
        "Press Release",
        "*****",
        "For further information",
        "Panipokhari",
    ):
        assert chrome not in cleaned.text


def test_wire_story_keeps_byline_and_drops_sign_off() -> None:
    cleaned = _clean_file("wire-story.txt")
    assert [b.kind for b in cleaned.blocks] == ["title", "byline", "paragraph", "paragraph", "paragraph"]
    assert cleaned.blocks[1].text == "By Jane Doe and John Roe, Reuters"
    for chrome in ("WORLD | HEALTH", "4 min read", "Reporting by", "Our Standards"):
        assert chrome not in cleaned.text


def test_html_page_main_text_headings_byline_and_date() -> None:
    cleaned = _clean_file("clutter-page.html")
    _assert_offsets(cleaned)
    assert [(b.kind, b.text[:20]) for b in cleaned.blocks] == [
        ("title", "New maternity clinic"),
        ("byline", "By Maria Lopez (Mary"),
        ("paragraph", "A new maternity clin"),
        ("paragraph", "The clinic will empl"),
        ("heading", "Training for midwive"),
        ("paragraph", "Portuguese nurses wi"),
        ("heading", "A second clinic in B"),
        ("paragraph", "Officials said a sec"),
    ]
    assert cleaned.published == date(2022, 2, 14)  # JSON-LD datePublished
    for chrome in ("SCRIPT TEXT", "STYLE TEXT", "Most read", "Dili derby", "©", "Rua de Portugal", "Tweet"):
        assert chrome not in cleaned.text


def test_html_dev_page_uses_time_metadata_and_drops_aside() -> None:
    cleaned = _clean_text(DEV["dev-02"]["input"], "html")
    _assert_offsets(cleaned)
    assert cleaned.title == DEV["dev-02"]["gold"]["title"]
    assert [b.text for b in cleaned.blocks if b.kind == "heading"] == DEV["dev-02"]["gold"]["sections"]
    assert cleaned.published == date(2021, 3, 24)
    for chrome in ("Most read", "Hunters", "Coral Sea Herald", "Wednesday 24 March", "var csh"):
        assert chrome not in cleaned.text


def test_all_script_page_gives_no_text() -> None:
    cleaned = _clean_file("all-script.html")
    assert (cleaned.text, cleaned.blocks) == ("", [])


def test_html_author_only_from_metadata_becomes_the_byline_block() -> None:
    page = (
        '<html><head><meta name="author" content="Ana Silva"></head><body><article>'
        "<h1>Ventilators reach Maputo hospital</h1>"
        "<p>Twelve ventilators reached the Maputo Central Hospital on Tuesday, the health ministry said.</p>"
        "</article></body></html>"
    )
    cleaned = _clean_text(page, "html")
    assert [(b.kind, b.text) for b in cleaned.blocks][:2] == [
        ("title", "Ventilators reach Maputo hospital"),
        ("byline", "Ana Silva"),
    ]


def test_no_break_spaces_become_spaces_one_for_one() -> None:
    cleaned = _clean_text(
        "Masks\u00a0for Nepal\n\nThe hospital sent\u00a05,000 masks to Kathmandu, officials said."
    )
    assert cleaned.blocks[0].text == "Masks for Nepal"
    assert cleaned.blocks[1].text == "The hospital sent 5,000 masks to Kathmandu, officials said."
    _assert_offsets(cleaned)


def test_hard_wrapped_prose_is_rejoined() -> None:
    text = (
        "Oxygen for Lae\n\nThe provincial hospital in Lae received twenty oxygen concentrators\n"
        "from the Red Cross on Monday, a spokesman said.\n"
    )
    cleaned = _clean_text(text)
    assert [b.text for b in cleaned.blocks] == [
        "Oxygen for Lae",
        "The provincial hospital in Lae received twenty oxygen concentrators from the Red Cross on Monday, "
        "a spokesman said.",
    ]


@pytest.mark.parametrize(
    ("line", "is_clutter"),
    [
        pytest.param("Home | About | News | Contact", True, id="nav_bar"),
        pytest.param("Home » Newsroom » Press releases", True, id="breadcrumb"),
        pytest.param("Health > Vaccines", True, id="two_item_breadcrumb"),
        pytest.param("Français | English", True, id="language_switch"),
        pytest.param("Published: 3 Feb 2022, 10:15 GMT", True, id="published_stamp"),
        pytest.param("Updated on 4 February 2022", True, id="updated_stamp"),
        pytest.param("May 22, 2020", True, id="date_only"),
        pytest.param("Posted: 22/05/2020", True, id="numeric_stamp"),
        pytest.param("Thursday, 3 February 2022 | 6 min read", True, id="date_and_reading_time"),
        pytest.param("Share this article", True, id="share"),
        pytest.param("Print | Email | Font size", True, id="tools"),
        pytest.param("Tags: Fiji, vaccines, aid", True, id="tags"),
        pytest.param("Related stories: Floods in Suva | New ward opens", True, id="related"),
        pytest.param("© 2022 Pacific Daily. All rights reserved.", True, id="copyright"),
        pytest.param("- ENDS -", True, id="ends"),
        pytest.param("Media contact: Jane Doe, +61 2 6261 1111", True, id="media_contact"),
        pytest.param("Tel: (02) 555 1234", True, id="phone"),
        pytest.param("FOR IMMEDIATE RELEASE", True, id="release_banner"),
        pytest.param("Privacy policy", True, id="site_link"),
        pytest.param("The hospital sent 5,000 masks to Kathmandu on Friday.", False, id="prose"),
        pytest.param(
            "Print media reported that the clinic had run out of gloves by noon.", False, id="prose_print"
        ),
        pytest.param("Funding and supplies", False, id="heading"),
        pytest.param(
            "Released on 12 May 2020, the report found that hospitals in the north ran short of oxygen.",
            False,
            id="prose_starting_like_a_stamp",
        ),
    ],
)
def test_clutter_rules(line: str, is_clutter: bool) -> None:
    assert bool(clutter_lines([line])) is is_clutter


def test_html_article_header_holds_title_and_byline_but_site_header_does_not() -> None:
    page = """<html><head><meta property="og:title" content="Doctors land in Honiara - Island News"></head><body>
<header class="site"><a class="logo">Island News</a><h1>Island News</h1></header>
<article><header><h1>Doctors land in Honiara</h1><div class="article-meta">By Peter Kua | 3 March 2023</div></header>
<p>A team of 12 doctors from Papua New Guinea landed in Honiara on Thursday to help the hospital, officials said.</p>
<p>The team will start with a backlog of 300 operations, the hospital's director said on Friday.</p>
<div class="related"><h3>Related</h3><p>Earlier: ferry disaster inquiry opens in Auki.</p></div>
</article></body></html>"""
    cleaned = _clean_text(page, "html")
    _assert_offsets(cleaned)
    assert [(b.kind, b.text[:23]) for b in cleaned.blocks] == [
        ("title", "Doctors land in Honiara"),
        ("byline", "By Peter Kua"),
        ("paragraph", "A team of 12 doctors fr"),
        ("paragraph", "The team will start wit"),
    ]
    assert cleaned.published == date(2023, 3, 3)


def test_all_capitals_headline_is_the_title_but_a_short_banner_is_not() -> None:
    cleaned = _clean_text(
        "PACIFIC DAILY\nHome | News | Sport\nFIJI RECEIVES 50,000 DOSES FROM AUSTRALIA\n"
        "Fiji received 50,000 doses of the AstraZeneca vaccine from Australia on Monday, the ministry said.\n"
        "The doses will go to frontline workers first."
    )
    assert [b.kind for b in cleaned.blocks] == ["title", "paragraph", "paragraph"]
    assert cleaned.title == "FIJI RECEIVES 50,000 DOSES FROM AUSTRALIA"


def test_plain_news_text_without_chrome_loses_nothing() -> None:
    lines = [
        "Now for today's geography quiz.",
        "We're off in search of an ancient and exotic city.",
        "UNESCO declared it a protected site for its buildings in 1979, and the city has since been rebuilt "
        "with help from donors in Europe and Asia, officials said on Tuesday.",
        "The people here are famous throughout central Asia for their skill in fashioning copper and silver, "
        "and many families have worked the same trade for generations.",
        "I think so.",
        "God bless him.",
    ]
    cleaned = _clean_text("\n\n".join(lines))
    assert [b.text for b in cleaned.blocks] == lines
    assert cleaned.title is None


def test_html_with_xml_declaration_keeps_its_title() -> None:
    page = (
        '<?xml version="1.0" encoding="utf-8"?><html><body><article><h1>Aid for Tonga</h1>'
        "<p>New Zealand sent 30 tonnes of water to Tonga on Monday, officials said in Wellington.</p>"
        "</article></body></html>"
    )
    cleaned = _clean_text(page, "html")
    assert [b.kind for b in cleaned.blocks] == ["title", "paragraph"]
    assert cleaned.title == "Aid for Tonga"


def test_html_file_holding_plain_text_is_cleaned_as_text() -> None:
    text = "The ministry sent 40 oxygen cylinders to the district hospital on Monday, officials said."
    assert _clean_text(text, "html").text == text


def test_page_of_nothing_but_chrome_gives_no_text() -> None:
    cleaned = _clean_text("Home | News\nShare | Print\n© 2020 Pacific Daily")
    assert cleaned.blocks == []


# --------------------------------------------------------------------------------------------- bad content


def _legacy_paragraph(i: int) -> str:
    return f"Paragraph {i} says something distinct about the harbour."


def test_legacy_paragraphs_with_unclosed_font_tags_all_arrive_in_order() -> None:
    # 300 <p><font> with no end tags: lxml nested each in the last and stopped at depth 256 (127 kept)
    page = "<html><body>" + "".join(f'<p><font face="Arial">{_legacy_paragraph(i)}' for i in range(1, 301))
    cleaned = _clean_text(page, "html")
    assert [b.text for b in cleaned.blocks] == [_legacy_paragraph(i) for i in range(1, 301)]
    assert {b.kind for b in cleaned.blocks} == {"paragraph"}
    assert cleaned.warnings == []
    _assert_offsets(cleaned)


@pytest.mark.parametrize(
    ("page", "repaired"),
    [
        pytest.param("<p><font>A<p><font>B", "<p><font>A</font></p><p><font>B", id="p_font"),
        pytest.param("<ul><li><b><i>A<li>B</ul>", "<ul><li><b><i>A</i></b></li><li>B</ul>", id="li_b_i"),
        pytest.param(
            "<table><tr><td><font>A<td><font>B<tr><td>C</table>",
            "<table><tr><td><font>A</font></td><td><font>B</font></td><tr><td>C</table>",
            id="cells_and_rows",
        ),
        pytest.param("<p><span>A<div>B", "<p><span>A</span></p><div>B", id="div_ends_a_p"),
        pytest.param("<div><font>A<div>B", "<div><font>A<div>B", id="div_does_not_end_a_div"),
        pytest.param(
            '<p><b>A<script>if (a<p) {"<p>"}</script><!-- <p> -->B<p>C',
            '<p><b>A<script>if (a<p) {"<p>"}</script><!-- <p> -->B</b></p><p>C',
            id="script_and_comment_hold_no_tags",
        ),
    ],
)
def test_end_tags_are_written_only_where_inline_tags_stay_open(page: str, repaired: str) -> None:
    assert close_implied_tags(page) == repaired


WELL_FORMED = (
    "<html><head><title>Harbour</title></head><body><article><h1>Harbour reopens</h1>"
    "<p>The <b>harbour</b> reopened on <i>Monday</i>, the port authority said.</p>"
    "<font face='Arial'><p>Ships waited outside for two days.</p><p>Fishing boats left first.</p></font>"
    "<ul><li>Berth one is open<li>Berth <a href='/b2'>two</a> is closed</ul>"
    "<table><tr><td>Cargo</td><td>Ships</td></tr></table></article></body></html>"
)


def test_well_formed_html_is_unchanged() -> None:
    assert close_implied_tags(WELL_FORMED) == WELL_FORMED
    for path in [*INPUTS.glob("*.html")]:
        page = path.read_text(encoding="utf-8")
        assert close_implied_tags(page) == page, path.name
    for doc in DEV.values():
        if doc.get("format") == "html":
            assert close_implied_tags(doc["input"]) == doc["input"], doc["id"]
    cleaned = _clean_text(WELL_FORMED, "html")
    assert [(b.kind, b.text) for b in cleaned.blocks] == [
        ("title", "Harbour reopens"),
        ("paragraph", "The harbour reopened on Monday, the port authority said."),
        ("paragraph", "Ships waited outside for two days."),
        ("paragraph", "Fishing boats left first."),
        ("paragraph", "Berth one is open"),
        ("paragraph", "Berth two is closed"),
        ("paragraph", "Cargo Ships"),
    ]
    assert cleaned.warnings == []


def test_page_nested_past_the_parser_limit_says_what_was_dropped() -> None:
    # unclosed <div>s nest in a browser too: past libxml2's 256 levels the text cannot be kept
    page = "<html><body>" + "".join(f"<div>{_legacy_paragraph(i)}" for i in range(1, 301))
    cleaned = _clean_text(page, "html")
    assert cleaned.text.endswith(_legacy_paragraph(254))
    assert _legacy_paragraph(255) not in cleaned.text
    assert cleaned.warnings == [
        "clean: the page nests its tags deeper than the HTML parser's limit of 256 levels; "
        "everything after 'Paragraph 254 says something distinct about the harbour.' was dropped"
    ]


def test_nul_deep_in_a_text_is_removed_with_a_warning() -> None:
    sentence = "The hospital sent masks to the harbour town on Monday, officials said. "
    body = (sentence * 200)[:9_977] + "\x00" + sentence * 20
    content = "Masks for the harbour\n\n" + body
    assert content.index("\x00") == 10_000
    cleaned = _clean_text(content)
    assert "\x00" not in cleaned.text
    assert cleaned.text == "Masks for the harbour\n\n" + body.replace("\x00", "").strip()
    assert cleaned.warnings == ["clean: removed 1 control character (NUL and other C0 codes) from the input"]
    _assert_offsets(cleaned)


def test_control_characters_are_counted_in_html_and_title_but_line_breaks_stay() -> None:
    page = "<html><body><p>The port \x01reopened\x1f on Monday\x00, officials said.</p></body></html>"
    document = Document(id="t", source=None, content=page, format="html", title="Port\x07 news")
    cleaned = clean(document)
    assert [b.text for b in cleaned.blocks] == ["Port news", "The port reopened on Monday, officials said."]
    assert cleaned.warnings == ["clean: removed 4 control characters (NUL and other C0 codes) from the input"]
    text = _clean_text(
        "Port news\n\nThe port reopened on Monday, officials said.\fShips came back, they said.\n"
    )
    assert [b.text for b in text.blocks] == [
        "Port news",
        "The port reopened on Monday, officials said.",
        "Ships came back, they said.",
    ]
    assert text.warnings == []


def test_a_clean_text_gets_no_control_character_warning() -> None:
    cleaned = _clean_text("Port news\n\nThe port reopened on Monday,\tofficials said.\r\nShips came back.\n")
    assert cleaned.warnings == []


@pytest.mark.parametrize(
    ("first", "dropped"),
    [
        pytest.param("Distributed by Nordic Markets Wire", True, id="distribution_line"),
        pytest.param(
            "Distributed by Nordic Markets Wire on behalf of Skyvik ASA. For the full release, visit the website.",
            True,
            id="distribution_on_behalf_of",
        ),
        pytest.param(
            "Distributed by the Nordland Red Cross, the food reached 2,000 families on Monday.",
            False,
            id="a_sentence_that_starts_with_distributed_by",
        ),
    ],
)
def test_a_wire_distribution_line_is_no_title_and_no_text(first: str, dropped: bool) -> None:
    cleaned = _clean_text(
        f"{first}\n\nSkyvik orders 20 new ferries\n\nSkyvik ASA said on Monday it had ordered 20 ferries.\n"
    )
    assert (first not in cleaned.text) is dropped
    if dropped:
        assert (cleaned.blocks[0].kind, cleaned.blocks[0].text) == ("title", "Skyvik orders 20 new ferries")
