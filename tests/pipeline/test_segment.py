"""segment: title, byline with aliases, sections, paragraphs, datelines and stamps, offsets exact."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pytest

from pipeline.context import BlockKind, CleanText, Document, Segmented, join_blocks
from pipeline.sources.clean import clean
from pipeline.sources.segment import segment

ROOT = Path(__file__).resolve().parent.parent.parent
GOLD = [
    json.loads(line)
    for name in ("seed.jsonl", "dev.jsonl")
    for line in (ROOT / "data" / "gold" / name).read_text(encoding="utf-8").splitlines()
]
INPUTS = ROOT / "tests" / "fixtures" / "inputs"

BODY = "The hospital sent 5,000 masks to the provincial health office on Friday, its director said."
BODY2 = "A second shipment of gloves and gowns is expected next month, according to the ministry."


def _cleaned(*blocks: str | tuple[str, BlockKind], title: str | None = None) -> CleanText:
    pairs = [(b, "paragraph") if isinstance(b, str) else b for b in blocks]
    text, placed = join_blocks(pairs)  # type: ignore[arg-type]
    return CleanText(text=text, blocks=placed, title=title)


def _check_invariants(seg: Segmented, text: str) -> None:
    for para in seg.paragraphs:
        assert para.section is None or 0 <= para.section < len(seg.sections)
        assert (para.section is None) == (para.kind in ("title", "byline"))
    for i, section in enumerate(seg.sections):
        assert section.index == i
        assert 0 <= section.start < section.end <= len(text)
        if section.heading is not None:
            assert text[section.start : section.start + len(section.heading)] == section.heading
    if seg.byline is not None:
        assert text[seg.byline.start : seg.byline.end] == seg.byline.text
        for alias, (a, b) in zip(seg.byline.aliases, seg.byline.alias_spans, strict=True):
            assert text[a:b] == alias


@pytest.mark.parametrize("gold", GOLD, ids=[g["id"] for g in GOLD])
def test_gold_articles_title_byline_and_sections(gold: dict[str, Any]) -> None:
    cleaned = clean(Document(id=gold["id"], source=None, content=gold["input"], format=gold["format"]))
    seg = segment(cleaned)
    _check_invariants(seg, cleaned.text)
    assert seg.title == gold["gold"]["title"]
    assert (seg.byline.text if seg.byline else None) == gold["gold"]["byline"]
    assert [s.heading for s in seg.sections if s.heading is not None] == gold["gold"]["sections"]


def test_sample_structure_and_offsets() -> None:
    text = (ROOT / "data" / "samples" / "srrsh-pandemic-together.txt").read_text(encoding="utf-8")
    cleaned = clean(Document(id="s", source=None, content=text, format="text"))
    seg = segment(cleaned)
    assert seg.byline is not None
    assert (seg.byline.text, seg.byline.aliases) == ("Hu Yuzi", ("Zoe",))
    assert cleaned.text[seg.byline.alias_spans[0][0] : seg.byline.alias_spans[0][1]] == "Zoe"
    assert len(seg.sections) == 9
    assert seg.sections[0].heading is None
    lead = seg.sections[0]
    assert cleaned.text[lead.start : lead.end].startswith("In the era of globalization")
    assert cleaned.text[lead.start : lead.end].endswith("SRRSH has been in action.")
    last = seg.sections[-1]
    assert last.end == len(cleaned.text)
    assert [p.kind for p in seg.paragraphs[:5]] == ["title", "byline", "body", "heading", "body"]
    assert [p.section for p in seg.paragraphs[:5]] == [None, None, 0, 1, 1]
    assert seg.excluded == []
    assert seg.published is None


@pytest.mark.parametrize(
    ("line", "name", "aliases"),
    [
        pytest.param("By Hu Yuzi (Zoe)", "Hu Yuzi", ("Zoe",), id="alias_in_brackets"),
        pytest.param("By Jane Doe and John Roe", "Jane Doe and John Roe", (), id="two_authors"),
        pytest.param("By Jane Doe, Reuters", "Jane Doe", (), id="agency_after_comma"),
        pytest.param("By Jane Doe, Staff Reporter", "Jane Doe", (), id="role_after_comma"),
        pytest.param("BY KIM MIN-SU in Seoul", "KIM MIN-SU", (), id="capitals_and_place"),
        pytest.param("Written by Ana María de la Cruz", "Ana María de la Cruz", (), id="particles"),
        pytest.param("Author: Priya Nair (PN)", "Priya Nair", ("PN",), id="author_label"),
        pytest.param(
            "By A. K. Sharma, Rahul Verma and Li Wei",
            "A. K. Sharma, Rahul Verma and Li Wei",
            (),
            id="three_authors",
        ),
        pytest.param("By Staff Reporter", None, (), id="no_person"),
    ],
)
def test_byline_names_and_aliases(line: str, name: str | None, aliases: tuple[str, ...]) -> None:
    cleaned = _cleaned(("Title of the story here", "title"), (line, "byline"), BODY)
    seg = segment(cleaned)
    _check_invariants(seg, cleaned.text)
    assert (seg.byline.text if seg.byline else None) == name
    assert (seg.byline.aliases if seg.byline else ()) == aliases
    assert seg.paragraphs[1].kind == "byline"  # the line stays a byline paragraph even with no name


@pytest.mark.parametrize(
    ("first", "dateline", "published"),
    [
        pytest.param(
            "KATHMANDU, March 30 (Himalaya Newswire) – The Indian Army has given 100,000 doses to Nepal.",
            "KATHMANDU, March 30 (Himalaya Newswire) –",
            None,
            id="place_date_agency_no_year",
        ),
        pytest.param(
            "WASHINGTON (AP) — The United States will donate doses to Guatemala, officials said.",
            "WASHINGTON (AP) —",
            None,
            id="ap_style",
        ),
        pytest.param(
            "Suva, 26 July 2021 – New Zealand has sent four medical staff to Fiji, officials said.",
            "Suva, 26 July 2021 –",
            date(2021, 7, 26),
            id="release_place_full_date",
        ),
        pytest.param(
            "BEIJING, May 14, 2020 (Xinhua) -- China sent a team of doctors to Italy, the agency said.",
            "BEIJING, May 14, 2020 (Xinhua) --",
            date(2020, 5, 14),
            id="xinhua_double_hyphen",
        ),
        pytest.param(
            "NEW DELHI: India on Monday sent 2 million doses to Bangladesh, officials said.",
            "NEW DELHI:",
            None,
            id="capitals_colon",
        ),
        pytest.param(
            "PORT MORESBY, Papua New Guinea (AP) — Doctors arrived on Tuesday, officials said.",
            "PORT MORESBY, Papua New Guinea (AP) —",
            None,
            id="place_region_agency",
        ),
        pytest.param(
            "Suva, Fiji – the capital – received 30 ventilators on Friday, officials said.",
            None,
            None,
            id="no_date_no_agency",
        ),
        pytest.param(
            "Meanwhile – as the ministry said – the doses arrived on Friday in good order.",
            None,
            None,
            id="sentence_with_dash",
        ),
        pytest.param(
            "Health workers: the first to be vaccinated, the ministry said on Friday.",
            None,
            None,
            id="colon_after_mixed_case",
        ),
    ],
)
def test_datelines_are_excluded(first: str, dateline: str | None, published: date | None) -> None:
    cleaned = _cleaned(("A story title for the test", "title"), first, BODY2)
    seg = segment(cleaned)
    _check_invariants(seg, cleaned.text)
    assert [cleaned.text[a:b] for a, b in seg.excluded] == ([dateline] if dateline else [])
    assert seg.published == published
    assert [p.kind for p in seg.paragraphs] == ["title", "body", "body"]  # the paragraph itself stays


def test_dateline_only_in_the_first_paragraph() -> None:
    cleaned = _cleaned(
        BODY, "GENEVA (Reuters) — A later paragraph that starts like a dateline, oddly enough."
    )
    assert segment(cleaned).excluded == []


@pytest.mark.parametrize(
    ("stamp", "published"),
    [
        pytest.param("May 22, 2020", date(2020, 5, 22), id="month_day_year"),
        pytest.param("Monday, 26 July 2021", date(2021, 7, 26), id="weekday_day_month_year"),
        pytest.param("Tue 3 Aug 2021, 10:05 am AEST", date(2021, 8, 3), id="with_time_and_zone"),
        pytest.param("2019-11-04", date(2019, 11, 4), id="iso"),
        pytest.param("28/05/2021", date(2021, 5, 28), id="numeric_day_first"),
        pytest.param("05/28/2021 10:30 am", date(2021, 5, 28), id="numeric_month_first"),
        pytest.param("28.05.2021", date(2021, 5, 28), id="dotted"),
    ],
)
def test_date_line_near_title_is_a_stamp(stamp: str, published: date) -> None:
    cleaned = _cleaned(("Masks for Nepal arrive", "title"), stamp, BODY, BODY2)
    seg = segment(cleaned)
    _check_invariants(seg, cleaned.text)
    start = cleaned.blocks[1].start
    assert seg.excluded == [(start, start + len(stamp))]
    assert seg.published == published
    assert [p.kind for p in seg.paragraphs] == ["title", "body", "body"]  # the stamp is no paragraph
    assert seg.sections[0].start == cleaned.blocks[2].start


def test_headings_between_paragraphs_make_sections() -> None:
    cleaned = _cleaned(
        ("Aid reaches Tonga", "title"),
        BODY,
        "Water and power",
        BODY2,
        "Doctors from Australia",
        "Two doctors and a nurse arrived on Tuesday.",
        "They will stay for a month.",
    )
    seg = segment(cleaned)
    _check_invariants(seg, cleaned.text)
    assert [(s.index, s.heading) for s in seg.sections] == [
        (0, None),
        (1, "Water and power"),
        (2, "Doctors from Australia"),
    ]
    blocks = cleaned.blocks
    assert (seg.sections[0].start, seg.sections[0].end) == (blocks[1].start, blocks[1].end)
    assert (seg.sections[1].start, seg.sections[1].end) == (blocks[2].start, blocks[3].end)
    assert (seg.sections[2].start, seg.sections[2].end) == (blocks[4].start, blocks[6].end)
    assert [(p.kind, p.section) for p in seg.paragraphs] == [
        ("title", None),
        ("body", 0),
        ("heading", 1),
        ("body", 1),
        ("heading", 2),
        ("body", 2),
        ("body", 2),
    ]


@pytest.mark.parametrize(
    ("blocks", "headings"),
    [
        pytest.param([BODY, "Masks", "Gloves", "Gowns", BODY2], [], id="list_of_short_lines"),
        pytest.param([BODY, BODY2, "Thank you"], [], id="trailing_short_line"),
        pytest.param([BODY, "What happens next?", BODY2], ["What happens next?"], id="question_heading"),
        pytest.param([BODY, "Donations, supplies and staff,", BODY2], [], id="ends_with_comma"),
        pytest.param(["Background", BODY, BODY2], [], id="no_prose_before"),
    ],
)
def test_heading_inference(blocks: list[str], headings: list[str]) -> None:
    seg = segment(_cleaned(*blocks))
    assert [s.heading for s in seg.sections if s.heading is not None] == headings


def test_html_heading_hints_are_trusted_and_no_lead_without_body_text() -> None:
    cleaned = _cleaned(
        ("Floods in Suva", "title"),
        ("What we know", "heading"),
        BODY,
        ("A short one.", "heading"),  # the source says heading, so it is one
        BODY2,
    )
    seg = segment(cleaned)
    _check_invariants(seg, cleaned.text)
    assert [(s.index, s.heading) for s in seg.sections] == [(0, "What we know"), (1, "A short one.")]
    assert [p.section for p in seg.paragraphs] == [None, 0, 0, 1, 1]


def test_title_from_first_line_when_clean_found_none() -> None:
    seg = segment(_cleaned("Masks for Nepal", BODY))
    assert seg.title == "Masks for Nepal"
    assert [p.kind for p in seg.paragraphs] == ["title", "body"]


def test_title_from_metadata_when_the_text_has_none() -> None:
    seg = segment(_cleaned(BODY, BODY2, title="Given by the JSONL line"))
    assert seg.title == "Given by the JSONL line"
    assert [p.kind for p in seg.paragraphs] == ["body", "body"]


def test_empty_text_gives_no_paragraphs() -> None:
    seg = segment(CleanText(text="", blocks=[]))
    assert (seg.paragraphs, seg.sections, seg.title, seg.byline) == ([], [], None, None)


@pytest.mark.parametrize(
    ("name", "title", "byline", "headings"),
    [
        pytest.param(
            "hospital-news.txt",
            "St. Mary's doctors train colleagues in Lusaka on intensive care",
            "Dr. Maria Santos and John Lee",
            ["Training on the wards", "What comes next"],
            id="hospital",
        ),
        pytest.param(
            "embassy-release.txt",
            "Japan hands over oxygen concentrators to the Ministry of Health and Population",
            None,
            [],
            id="embassy",
        ),
        pytest.param(
            "wire-story.txt",
            "Vaccines arrive in Asuncion as Paraguay widens rollout",
            "Jane Doe and John Roe",
            [],
            id="wire",
        ),
        pytest.param(
            "clutter-page.html",
            "New maternity clinic opens in Dili with Portuguese support",
            "Maria Lopez",
            ["Training for midwives", "A second clinic in Baucau"],
            id="html",
        ),
    ],
)
def test_fixture_pages(name: str, title: str, byline: str | None, headings: list[str]) -> None:
    path = INPUTS / name
    fmt: Literal["text", "html"] = "html" if path.suffix == ".html" else "text"
    cleaned = clean(Document(id=name, source=None, content=path.read_text(encoding="utf-8"), format=fmt))
    seg = segment(cleaned)
    _check_invariants(seg, cleaned.text)
    assert seg.title == title
    assert (seg.byline.text if seg.byline else None) == byline
    assert [s.heading for s in seg.sections if s.heading is not None] == headings


@pytest.mark.parametrize(
    ("dateline", "published"),
    [
        pytest.param("NAIROBI, Kenya (AP) _", None, id="ap_archive_underscore"),
        pytest.param("JOHANNESBURG, August 7 (Xinhua) --", None, id="xinhua_no_year"),
        pytest.param("Honiara, 3 March 2023 –", date(2023, 3, 3), id="release_full_date"),
    ],
)
def test_dateline_on_its_own_line_is_excluded_not_the_title(dateline: str, published: date | None) -> None:
    cleaned = clean(Document(id="d", source=None, content=f"{dateline}\n\n{BODY}\n\n{BODY2}", format="text"))
    assert cleaned.blocks[0].text == dateline  # clean keeps it for segment to exclude
    seg = segment(cleaned)
    assert seg.title is None
    assert seg.excluded == [(0, len(dateline))]
    assert seg.published == published
    assert [p.kind for p in seg.paragraphs] == ["body", "body"]


@pytest.mark.parametrize(
    ("first", "name"),
    [
        pytest.param("By Friday, the ministry had sent 500 masks to the province.", None, id="sentence"),
        pytest.param("By Ana Silva", "Ana Silva", id="plain_byline_paragraph"),
    ],
)
def test_byline_paragraph_without_hint(first: str, name: str | None) -> None:
    seg = segment(_cleaned(("Masks reach the north", "title"), first, BODY))
    assert (seg.byline.text if seg.byline else None) == name
    assert [p.kind for p in seg.paragraphs][1] == ("byline" if name else "body")
