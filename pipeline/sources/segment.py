"""segment: find the title, byline, section headings, paragraphs and chrome regions of a cleaned text.

Reads: `CleanText` (blocks with kind hints from clean: "title", "byline", "heading", "paragraph").
Writes: `Segmented`:
- `title`: the title block (crawler text: the breadcrumb repeat or headline line clean marked; HTML: the
  <h1>/metadata title), else a headline-like first block followed by prose;
- `byline`: a `NameSpan` for the author part of the byline block ("By Hu Yuzi (Zoe)" -> "Hu Yuzi", alias
  "Zoe"; "By A and B"; "By A, Reuters" -> "A"), offsets into the text;
- `paragraphs`: every content block: the title (kind "title", section None), the byline ("byline", None),
  headings ("heading", their own section) and body paragraphs ("body");
- `sections`: index 0 is the lead (heading None) when body text comes before the first heading, then one per
  heading; a section runs from its heading (or first lead block) to the end of its last block;
- `excluded` and `published`: a wire dateline opening the first paragraph ("KATHMANDU, March 30 (Agency) –",
  "WASHINGTON (AP) —", "Suva, 26 July 2021 –") and a stand-alone date line near the title are excluded
  from mentions; a full date there becomes `published` (the runner prefers the input's own date).

Headings: the source's own heading blocks when it has any (HTML); otherwise short lines without final
punctuation standing between body paragraphs (never two in a row: that is a list). Dates are read with a
small regex and `datetime` (month names from data/lexicons/segment_dates.json), never relative to "now".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from models import Section
from pipeline import timex
from pipeline.context import Block, CleanText, NameSpan, Paragraph, Segmented
from pipeline.resources import load_json

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_NO_HEADING_END = re.compile(r"(?:[.!;:,…]|\s-|[-–—_])[\"'”’»)\]]*$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_HEADING_MAX_WORDS = 20
_HEADING_MAX_CHARS = 160
_PROSE_MIN_WORDS = 25  # a block this long is prose even without final punctuation
_DATE_BLOCKS_NEAR_TITLE = 4
_DATELINE_MAX_CHARS = 120
_BYLINE_MAX_WORDS = 15
_SENTENCE_WORD_END = re.compile(r"[a-z]{2}[.!?][\"'”’)]*$")  # "...masks." but not the initial in "By A. K."


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    month: str
    weekday: re.Pattern[str]
    dateline: re.Pattern[str]
    date_line_rest: re.Pattern[str]
    byline_prefix: re.Pattern[str]
    agencies: frozenset[str]
    affiliation_words: frozenset[str]
    place_prepositions: frozenset[str]
    particles: frozenset[str]
    conjunctions: tuple[str, ...]


@cache
def _lexicon() -> _Lexicon:
    dates = load_json("segment_dates.json")
    byline = load_json("segment_byline.json")
    clutter = load_json("clutter.json")
    months: dict[str, int] = dates["months"]
    month = "(?:" + "|".join(sorted(months, key=len, reverse=True)) + r")\.?"
    weekdays = "|".join(sorted(dates["weekdays"], key=len, reverse=True))
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    any_date = (
        rf"(?:{day}\s+{month}(?:,?\s+\d{{4}})?|{month}\s+{day}(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
    )
    seps = "|".join(re.escape(s) for s in sorted(dates["dateline_separators"], key=len, reverse=True))
    place = r"[A-Z][\w.'’&-]*(?:(?:\s|/|\s/\s)[A-Z][\w.'’&-]*){0,4}"
    dateline = re.compile(
        rf"^(?P<place>{place})"
        rf"(?:,\s*(?P<date1>(?:(?:{weekdays})\.?,?\s+)?{any_date})"
        rf"|,\s*(?P<region>[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){{0,3}})(?:,\s*(?P<date2>{any_date}))?)?"
        rf"\s*(?:\((?P<agency>[^()]{{1,40}})\))?"
        rf"\s*(?P<sep>{seps})(?=\s|$)",
        re.I,
    )
    time_zone = dates["time_zone"]
    rest = (
        r"^[\s,.]*(?:(?:at\s+)?\d{1,2}(?:[:.]\d{2}){1,2}(?:\s*[ap]\.?\s?m\.?)?|(?:at\s+)?\d{1,2}\s*[ap]\.?\s?m\.?)?"
        rf"(?:\s*\(?(?-i:{time_zone})\)?)?[\s,.]*$"
    )
    return _Lexicon(
        months=months,
        month=month,
        weekday=re.compile(rf"^(?:{weekdays})\.?,?\s+", re.I),
        dateline=dateline,
        date_line_rest=re.compile(rest, re.I),
        byline_prefix=re.compile(clutter["byline"], re.I),
        agencies=frozenset(a.lower() for a in byline["agencies"]),
        affiliation_words=frozenset(byline["affiliation_words"]),
        place_prepositions=frozenset(byline["place_prepositions"]),
        particles=frozenset(byline["name_particles"]),
        conjunctions=tuple(byline["conjunctions"]),
    )


# --------------------------------------------------------------------------------------------- dates


def _date_only(text: str, lex: _Lexicon) -> date | None:
    """The date of a block that is only a date (with weekday, time, zone): "Monday, 26 July 2021"."""
    body = lex.weekday.sub("", text.strip(), count=1)
    value, m = timex.full_date(body)
    if m is None or m.start() != 0 or not lex.date_line_rest.match(body[m.end() :]):
        return None
    return value


def _dateline(text: str, lex: _Lexicon) -> tuple[int, date | None] | None:
    """(end offset, full date or None) of a wire dateline opening `text`, or None if there is none."""
    m = lex.dateline.match(text)
    if m is None or m.end() > _DATELINE_MAX_CHARS:
        return None
    place = m.group("place")
    caps_place = sum(c.isupper() for c in place) >= 3 and not any(c.islower() for c in place)
    when = m.group("date1") or m.group("date2")
    if m.group("sep") == ":" and not caps_place:
        return None
    if not (when or m.group("agency") or caps_place):
        return None
    if not caps_place and not when and m.group("region"):
        return None  # "Suva, Fiji – ..." without a date or agency reads as a sentence fragment
    value = timex.full_date(when)[0] if when else None
    return m.end(), value


# --------------------------------------------------------------------------------------------- byline


def _is_name(part: str, lex: _Lexicon) -> bool:
    words = part.split()
    if not 1 <= len(words) <= 6:
        return False
    if any(w.lower().strip(".,") in lex.affiliation_words for w in words):
        return False
    if part.strip().lower() in lex.agencies:
        return False
    capitalised = [w for w in words if w.lower() not in lex.particles]
    if not capitalised or not all(w[:1].isupper() for w in capitalised):
        return False
    return len(words) >= 2 or (len(words[0]) > 1 and not words[0].isupper())


def _byline_shaped(text: str, lex: _Lexicon) -> bool:
    """A short "By ..." line that is not a sentence ("By Friday, the ministry had sent 500 masks.")."""
    return (
        lex.byline_prefix.match(text) is not None
        and len(_words(text)) <= _BYLINE_MAX_WORDS
        and not _SENTENCE_WORD_END.search(text)
    )


def _byline_span(block: Block, lex: _Lexicon) -> NameSpan | None:
    """The author name(s) of a byline block, with aliases in brackets, as offsets into the text."""
    text = block.text
    prefix = lex.byline_prefix.match(text)
    pos = prefix.end() if prefix else 0
    names: list[tuple[int, int]] = []
    aliases: list[tuple[int, int]] = []
    conj = "|".join(re.escape(c) for c in lex.conjunctions)
    piece = re.compile(
        rf"\s*(?P<name>[^,;()|]+?)\s*(?:\((?P<alias>[^()]{{1,40}})\))?\s*(?P<sep>,\s*(?:(?:{conj})\s+)?|\s+(?:{conj})\s+|;|$)",
        re.I,
    )
    while pos < len(text):
        m = piece.match(text, pos)
        if m is None or m.end() == pos:
            break
        name = m.group("name")
        words = name.split()
        # "Jane Doe in Kathmandu": the place ends the name
        cut = next((i for i, w in enumerate(words) if i > 0 and w.lower() in lex.place_prepositions), None)
        if cut is not None:
            name = " ".join(words[:cut])
        if not _is_name(name, lex):
            break
        start = m.start("name")
        names.append((start, start + len(name)))
        if m.group("alias") and cut is None:
            aliases.append((m.start("alias"), m.end("alias")))
        if cut is not None or not m.group("sep") or m.group("sep") == ";":
            break
        pos = m.end()
    if not names:
        return None
    start, end = names[0][0], names[-1][1]
    return NameSpan(
        text=text[start:end],
        start=block.start + start,
        end=block.start + end,
        aliases=tuple(text[a:b] for a, b in aliases),
        alias_spans=tuple((block.start + a, block.start + b) for a, b in aliases),
    )


# --------------------------------------------------------------------------------------------- headings


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _prose(text: str) -> bool:
    return bool(_SENTENCE_END.search(text)) or len(_words(text)) >= _PROSE_MIN_WORDS


def _heading_like(text: str) -> bool:
    words = _words(text)
    if not 1 <= len(words) <= _HEADING_MAX_WORDS or len(text) > _HEADING_MAX_CHARS:
        return False
    if _NO_HEADING_END.search(text):
        return False
    if text.endswith("?") and len(words) > 12:
        return False
    return text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"'“‘"


def _inferred_headings(blocks: Sequence[Block], body: Sequence[int]) -> set[int]:
    """Indexes (into `blocks`) of body blocks that are section headings, for sources with no heading markup:
    a short unpunctuated line after some prose, followed by prose, and not one of a run of such lines."""
    headings: set[int] = set()
    seen_prose = False
    for n, i in enumerate(body):
        text = blocks[i].text
        prev_like = n > 0 and _heading_like(blocks[body[n - 1]].text)
        nxt = blocks[body[n + 1]].text if n + 1 < len(body) else None
        if (
            seen_prose
            and _heading_like(text)
            and not prev_like
            and nxt is not None
            and not _heading_like(nxt)
            and _prose(nxt)
        ):
            headings.add(i)
        elif _prose(text):
            seen_prose = True
    return headings


# --------------------------------------------------------------------------------------------- public


def segment(clean: CleanText) -> Segmented:
    """Title, byline, sections, paragraphs and excluded regions of one cleaned text."""
    lex = _lexicon()
    blocks = clean.blocks
    kinds: dict[int, Literal["title", "byline", "stamp"]] = {}
    excluded: list[tuple[int, int]] = []
    published: date | None = None

    title_i = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    if title_i is None and clean.title is None and len(blocks) >= 2:
        first, second = blocks[0].text, blocks[1].text
        if blocks[0].kind == "paragraph" and _heading_like(first) and _prose(second):
            title_i = 0
    if title_i is not None:
        kinds[title_i] = "title"

    byline: NameSpan | None = None
    for i, block in enumerate(blocks[:4]):
        if i in kinds:
            continue
        if block.kind == "byline" or (block.kind == "paragraph" and _byline_shaped(block.text, lex)):
            span = _byline_span(block, lex)
            if span is not None or block.kind == "byline":
                byline = span
                kinds[i] = "byline"
                break

    # stand-alone date lines before the first prose block are publication stamps
    for i, block in enumerate(blocks[:_DATE_BLOCKS_NEAR_TITLE]):
        if i in kinds:
            continue
        if _prose(block.text) and block.kind != "heading":
            break
        value = _date_only(block.text, lex)
        alone = _dateline(block.text, lex)
        if value is not None or (alone is not None and alone[0] == len(block.text)):
            kinds[i] = "stamp"  # a publication stamp or a wire dateline on its own line
            excluded.append((block.start, block.end))
            published = published or value or (alone[1] if alone else None)

    body = [i for i in range(len(blocks)) if i not in kinds]
    if any(blocks[i].kind == "heading" for i in body):
        headings = {i for i in body if blocks[i].kind == "heading"}
    else:
        headings = _inferred_headings(blocks, body)

    first_body = next((i for i in body if i not in headings), None)
    if first_body is not None and (not headings or first_body < min(headings)):
        found = _dateline(blocks[first_body].text, lex)
        if found is not None:
            end, value = found
            excluded.append((blocks[first_body].start, blocks[first_body].start + end))
            published = published or value

    paragraphs: list[Paragraph] = []
    sections: list[Section] = []
    bounds: list[list[int]] = []
    for i, block in enumerate(blocks):
        kind = kinds.get(i)
        if kind == "stamp":
            continue
        if kind is not None:
            paragraphs.append(Paragraph(start=block.start, end=block.end, kind=kind, section=None))
            continue
        if i in headings:
            sections.append(
                Section(index=len(sections), heading=block.text, start=block.start, end=block.end)
            )
            bounds.append([block.start, block.end])
            paragraphs.append(
                Paragraph(start=block.start, end=block.end, kind="heading", section=len(sections) - 1)
            )
            continue
        if not sections:
            sections.append(Section(index=0, heading=None, start=block.start, end=block.end))
            bounds.append([block.start, block.end])
        bounds[-1][1] = block.end
        paragraphs.append(Paragraph(start=block.start, end=block.end, kind="body", section=len(sections) - 1))
    sections = [s.model_copy(update={"end": bounds[s.index][1]}) for s in sections]

    title = blocks[title_i].text if title_i is not None else clean.title
    return Segmented(
        title=title,
        byline=byline,
        sections=sections,
        paragraphs=paragraphs,
        published=published,
        excluded=excluded,
    )
