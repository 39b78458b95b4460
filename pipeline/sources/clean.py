"""clean: turn one input `Document` into `CleanText` (the article's text with page clutter removed).

Reads: a `Document` whose `content` is crawler text (format "text": the page's visible lines) or HTML.
Writes: `CleanText`: the cleaned text built block by block with `join_blocks` (each block's start recorded,
so offsets never need re-finding), block kind hints ("title", "byline", "paragraph", "heading"), and the
title, byline and publication date the page itself gives.

Crawler text: each line is a block candidate. The article body is found with justext (stop-word density,
run per line so lines survive whole) and cut down with the general clutter patterns of
`data/lexicons/clutter.json` (navigation bars, breadcrumbs, share tools, stamps, related/tag lists, footers,
contact blocks). Before the body only the title (the line that repeats the breadcrumb's last item, else the
nearest headline-like line) and the byline are kept; a publication stamp there gives `published`.
HTML: trafilatura's XML output (headings stay their own `<head>` blocks; script, style, nav, asides and
footers are dropped), the `<h1>` or metadata title, a byline found in the page itself (trafilatura drops
"By X (Alias)" lines), the author from `<meta>`/JSON-LD only, and the date from htmldate (meta, `<time>`,
JSON-LD; no guessing from the text).

Text is never normalised in ways that change lengths after offsets exist: block texts are only stripped,
and odd spaces (NBSP and friends) become plain spaces one for one. First, C0 control characters other than
tab and line breaks are removed (with a warning), and HTML gets the end tags a browser implies where inline
tags are left open (`<p><font>A<p>...`), which lxml would otherwise nest until its depth limit cuts the page
(tag lists in `data/lexicons/html_tags.json`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from itertools import takewhile
from typing import Any

from pipeline import timex
from pipeline.context import BlockKind, CleanText, Document, join_blocks
from pipeline.resources import load_json
from pipeline.sources import boilerplate

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_WS_RUN = re.compile(r"\s+")
_FOUR_DIGITS = re.compile(r"\d{4}")  # every date `timex.full_date` reads has a four-digit year
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_FINAL_PUNCT = re.compile(r"[.!?…;:][\"'”’»)\]]*$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_LOWER_START = re.compile(r"^[a-z]")
_SHORT_SENTENCE_WORDS = 3
_CAPS_TITLE_MIN_WORDS = 5
_DATELINE_ALONE = re.compile(r"^[A-Z][^\n]{0,80}?(?:\([^()]{1,40}\))?\s*(?:--|—|–|_|\s-|:)$")
_DATELINE_MAX_WORDS = 10
_STAMP_MAX_WORDS = 12
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PLACE_PREFIX = re.compile(r"^[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3},\s+(?=\S)")
_LABEL_PREFIX = re.compile(r"^[^\W\d_][\w'’&-]*(?:\s+[\w'’&-]+){0,2}\s*[:：]\s")

# trafilatura's fallbacks would otherwise drop short articles and headings (its defaults want 250+ chars)
_TRAFILATURA_CONFIG: dict[str, str] = {
    "EXTRACTION_TIMEOUT": "0",
    "MIN_EXTRACTED_SIZE": "1",
    "MIN_OUTPUT_SIZE": "1",
}
_BOILERPLATE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|footer|sidebar|share|sharing|social|related|most-read|"
    r"popular|comments?|advert|ads?|promo|newsletter|subscribe|cookie|tags?)(?:$|[\s_-])",
    re.I,
)
_BYLINE_CLASS = re.compile(r"byline|author|writer|reporter|contributor", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # \t \n \v \f \r stay: white space and line breaks
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*>", re.S)


# --------------------------------------------------------------------------------------------- lexicons


@dataclass(frozen=True)
class _Rules:
    separators: re.Pattern[str]
    separator_mark: re.Pattern[str]  # a mark every separator holds: most lines have none, and split slowly
    nav_max_words: int
    stamp_prefix: re.Pattern[str]
    updated_prefix: re.Pattern[str]
    line_patterns: tuple[re.Pattern[str], ...]
    chrome_patterns: tuple[re.Pattern[str], ...]
    sentence_min_words: int
    byline: re.Pattern[str]
    byline_max_words: int


@cache
def _rules() -> _Rules:
    data = load_json("clutter.json")
    tight = "|".join(re.escape(s) for s in data["separators"])
    spaced = "|".join(re.escape(s) for s in data["spaced_separators"])
    return _Rules(
        separators=re.compile(rf"\s*(?:{tight})\s*|\s+(?:{spaced})\s+"),
        separator_mark=re.compile(f"{tight}|{spaced}"),
        nav_max_words=int(data["nav_max_words"]),
        stamp_prefix=re.compile(data["stamp_prefix"], re.I),
        updated_prefix=re.compile(data["updated_prefix"], re.I),
        line_patterns=tuple(re.compile(p, re.I) for g in data["line_patterns"].values() for p in g),
        chrome_patterns=tuple(re.compile(p, re.I) for g in data["chrome_patterns"].values() for p in g),
        sentence_min_words=int(data["sentence_min_words"]),
        byline=re.compile(data["byline"], re.I),
        byline_max_words=int(data["byline_max_words"]),
    )


@dataclass(frozen=True)
class _Tags:
    inline: frozenset[str]
    void: frozenset[str]
    raw_text: frozenset[str]
    implied_end: dict[str, frozenset[str]]  # element -> the start tags that end it
    boilerplate: frozenset[str]


@cache
def _tags() -> _Tags:
    data = load_json("html_tags.json")
    return _Tags(
        inline=frozenset(data["inline"]),
        void=frozenset(data["void"]),
        raw_text=frozenset(data["raw_text"]),
        implied_end={name: frozenset(tags) for name, tags in data["implied_end"].items()},
        boilerplate=frozenset(data["boilerplate"]),
    )


@dataclass(frozen=True)
class _DateRules:
    weekday: re.Pattern[str]
    rest: re.Pattern[str]
    start: re.Pattern[str]  # how each date `timex.full_date` reads begins: a digit or a month name


@cache
def _date_rules() -> _DateRules:
    data = load_json("segment_dates.json")
    weekdays = "|".join(sorted(data["weekdays"], key=len, reverse=True))
    months = "|".join(sorted(data["months"], key=len, reverse=True))
    time_zone = data["time_zone"]
    rest = (
        r"^[\s,.]*(?:(?:at\s+)?\d{1,2}(?:[:.]\d{2}){1,2}(?:\s*[ap]\.?\s?m\.?)?|(?:at\s+)?\d{1,2}\s*[ap]\.?\s?m\.?)?"
        rf"(?:\s*\(?(?-i:{time_zone})\)?)?[\s,.]*$"
    )
    return _DateRules(
        weekday=re.compile(rf"^(?:{weekdays})\.?,?\s+", re.I),
        rest=re.compile(rest, re.I),
        start=re.compile(rf"\d|(?:{months})", re.I),
    )


# --------------------------------------------------------------------------------------------- line tests


def _normalise_line(line: str) -> str:
    """One line as a block text: odd spaces to plain spaces (1:1), then stripped."""
    return _SPACES.sub(" ", line).strip()


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _sentence_like(line: str, rules: _Rules) -> bool:
    return bool(_SENTENCE_END.search(line)) and len(_words(line)) >= rules.sentence_min_words


def _split(text: str, rules: _Rules) -> list[str]:
    return rules.separators.split(text) if rules.separator_mark.search(text) else [text]


def _nav_items(line: str, rules: _Rules) -> list[str] | None:
    """The items of a navigation bar / breadcrumb / language switch, or None if the line is not one."""
    items = [item for item in _split(line, rules) if item.strip()]
    if len(items) < 2:
        return None
    for item in items:
        if len(_words(item)) > rules.nav_max_words or _FINAL_PUNCT.search(item.strip()):
            return None
    return [item.strip() for item in items]


def _date_line(line: str, rules: _Rules) -> tuple[bool, date | None]:
    """(is the line only a publication stamp / date, its date). '18 August 2021 | 4 min read' is one."""
    dr = _date_rules()
    body = rules.stamp_prefix.sub("", line, count=1)
    had_prefix = body != line
    placed = _PLACE_PREFIX.match(body)
    if placed and not had_prefix and timex.full_date(body[placed.end() :])[1] is not None:
        body = body[placed.end() :]  # "Kathmandu, 5 May 2021": a press release's place-and-date line
    parts = [p for p in _split(body, rules) if p.strip()]
    if not parts or _FOUR_DIGITS.search(body) is None:  # no year, no date: only "Published:" alone is a stamp
        return had_prefix and not parts, None
    found: date | None = None
    for part in parts:
        part = part.strip()
        if any(p.search(part) for p in rules.line_patterns):  # "4 min read"
            continue
        text = dr.weekday.sub("", part, count=1)
        value, m = timex.full_date(text) if dr.start.match(text) else (None, None)  # no date starts it
        if m is None or m.start() != 0 or not dr.rest.match(text[m.end() :]):
            return False, None
        found = found or value
    return found is not None, found


def _clutter(line: str, rules: _Rules, *, in_body: bool) -> bool:
    if any(p.search(line) for p in rules.line_patterns):
        return True
    if not _sentence_like(line, rules) and any(p.search(line) for p in rules.chrome_patterns):
        return True
    items = _nav_items(line, rules)
    if items is not None and (len(items) >= 3 or not in_body):
        return True
    if _date_line(line, rules)[0]:
        return True
    return (
        bool(rules.stamp_prefix.match(line))
        and len(_words(line)) <= _STAMP_MAX_WORDS
        and timex.full_date(line)[1] is not None
    )


def _stamp_date(line: str, rules: _Rules) -> tuple[date | None, bool]:
    """(the date of a publication stamp line, whether it is an "Updated" stamp); (None, False) otherwise."""
    is_date, value = _date_line(line, rules)
    if not is_date and not rules.stamp_prefix.match(line):
        return None, False
    value = value or timex.full_date(line)[0]
    return value, bool(rules.updated_prefix.match(line))


def _byline_text(line: str, rules: _Rules) -> str | None:
    """The byline part of a line ("By Hu Yuzi (Zoe)"), cut before ' | ' or a date; None if not a byline."""
    m = rules.byline.match(line)
    if m is None:
        return None
    text = re.split(r"\s+[|·•]\s+", line)[0].strip()
    _, dm = timex.full_date(text)
    if dm is not None and dm.start() > m.end():
        text = text[: dm.start()].rstrip(" ,;-–—|")
    rest = text[m.end() :]
    words = _words(rest)
    if not words or len(words) > rules.byline_max_words or not rest[:1].isupper():
        return None
    if _SENTENCE_END.search(rest) and not re.search(r"\b[A-Z]\.$", rest):  # "By the end of May, ..."
        return None
    return text


def _headline_like(line: str, rules: _Rules) -> bool:
    if not 3 <= len(_words(line)) <= 30:
        return False
    letters = [c for c in line if c.isalpha()]
    if letters and all(c.isupper() for c in letters if c.isascii()) and any(c.isascii() for c in letters):
        return False  # an all-capitals site banner
    return _title_shaped(line) and not _clutter(line, rules, in_body=False)


def _title_shaped(line: str) -> bool:
    """Starts like a headline and does not end like a sentence, a label or a dateline ("WASHINGTON (AP) --")."""
    if line.endswith((":", ".", ",", ";", "-", "–", "—", "_")):
        return False
    return line[:1].isupper() or line[:1].isdigit() or line[:1] in "\"'“‘"


def _same(a: str, b: str) -> bool:
    return bool(a) and [w.lower() for w in _words(a)] == [w.lower() for w in _words(b)]


# --------------------------------------------------------------------------------------------- crawler text


def _text_lines(content: str) -> list[str]:
    """Non-empty lines; hard-wrapped prose (a line cut mid-sentence, the next starting lower case) is rejoined."""
    lines: list[str] = []
    previous_blank = True
    for raw in content.splitlines():
        line = _normalise_line(raw)
        if not line:
            previous_blank = True
            continue
        if (
            lines
            and not previous_blank
            and len(lines[-1]) >= 40
            and not _FINAL_PUNCT.search(lines[-1])
            and _LOWER_START.match(line)
        ):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
        previous_blank = False
    return lines


def _find_title(header: list[str], rules: _Rules) -> int | None:
    """Index of the title among the lines before the body: the line repeating a breadcrumb's last item,
    else the headline-like line nearest the body."""
    last_items: list[tuple[int, str]] = []
    for i, line in enumerate(header):
        items = _nav_items(line, rules)
        if items:
            last_items.append((i, items[-1]))
    for i, line in enumerate(header):
        if any(j < i and _same(item, line) for j, item in last_items) and len(_words(line)) >= 2:
            return i
    candidates = [
        i
        for i, line in enumerate(header)
        if _headline_like(line, rules) and _byline_text(line, rules) is None
    ]
    if candidates:
        return candidates[-1]
    shouted = [  # an all-capitals headline is longer than a site banner
        i
        for i, line in enumerate(header)
        if len(_words(line)) >= _CAPS_TITLE_MIN_WORDS
        and line == line.upper()
        and _title_shaped(line)
        and not _clutter(line, rules, in_body=False)
    ]
    if shouted:
        return shouted[-1]
    if len(header) == 1 and _title_shaped(header[0]) and _byline_text(header[0], rules) is None:
        return None if _clutter(header[0], rules, in_body=False) else 0  # a lone short line: "Fight Together"
    return None


def _clean_text(document: Document, warnings: list[str]) -> CleanText:
    rules = _rules()
    lines = _text_lines(document.content)
    good = boilerplate.justext_verdicts(lines)
    clutter = [_clutter(line, rules, in_body=True) for line in lines]

    def prose(i: int) -> bool:
        return not clutter[i] and _sentence_like(lines[i], rules)

    def sentence(i: int) -> bool:  # a short sentence ("I think so.") is content too, next to the body
        words = len(_words(lines[i]))
        return (
            not clutter[i]
            and (
                (bool(_SENTENCE_END.search(lines[i])) and words >= _SHORT_SENTENCE_WORDS)
                or (lines[i].endswith(":") and words >= rules.sentence_min_words)  # "..., an editorial said:"
            )
            and not _LABEL_PREFIX.match(lines[i])
            and _byline_text(lines[i], rules) is None
        )

    body_start = next((i for i in range(len(lines)) if good[i] and prose(i)), None)
    if body_start is None:
        body_start = next((i for i in range(len(lines)) if prose(i)), None)
    if body_start is None:
        body_start = 0
        # no body to protect: nav bars of two items are clutter too (all `in_body` changes)
        clutter = [c or _nav_items(line, rules) is not None for c, line in zip(clutter, lines, strict=True)]
        if lines:
            warnings.append("clean: no line reads like article prose; kept every line that is not clutter")
    while body_start > 0 and sentence(body_start - 1):  # justext judges short opening lines by context
        body_start -= 1
    body_end = max((i for i in range(body_start, len(lines)) if good[i] and not clutter[i]), default=None)
    if body_end is None:
        body_end = max((i for i in range(body_start, len(lines)) if prose(i)), default=body_start)

    header = lines[:body_start]
    title_i = _find_title(header, rules)
    stamps: dict[bool, date] = {}  # is-an-update -> the first date seen
    blocks: list[tuple[str, BlockKind]] = []
    title: str | None = None
    byline: str | None = None
    for i, line in enumerate(header):
        value, is_update = _stamp_date(line, rules)
        if value is not None:
            stamps.setdefault(is_update, value)
        if i == title_i:
            title = line
            blocks.append((line, "title"))
        elif byline is None and (b := _byline_text(line, rules)) is not None:
            byline = b
            blocks.append((b, "byline"))
        elif title_i is not None and i > title_i and sentence(i):
            blocks.append((line, "paragraph"))  # a standfirst between title and body
        elif i == body_start - 1 and _DATELINE_ALONE.match(line) and len(_words(line)) <= _DATELINE_MAX_WORDS:
            blocks.append((line, "paragraph"))  # a wire dateline on its own line: segment excludes it
    for i in range(body_start, len(lines)):
        line = lines[i]
        if clutter[i]:
            value, is_update = _stamp_date(line, rules)
            if value is not None:
                stamps.setdefault(is_update, value)
            continue
        if i > body_end and not sentence(i):
            continue  # after the article: addresses, sign-offs, contact names, "Notes to editors: ..."
        if byline is None and i - body_start < 3 and (b := _byline_text(line, rules)) is not None:
            byline = b
            blocks.append((b, "byline"))
            continue
        blocks.append((line, "paragraph"))
    text, placed = join_blocks(blocks)
    return CleanText(
        text=text,
        blocks=placed,
        title=title or document.title,
        byline=byline,
        published=stamps.get(False) or stamps.get(True),
        warnings=warnings,
    )


# --------------------------------------------------------------------------------------------- HTML
def close_implied_tags(page: str) -> str:
    """The page with end tags written where HTML implies them and inline tags are left open in between
    (`<p><font>A<p>` -> `<p><font>A</font></p><p>`); nothing else in the page changes."""
    tags = _tags()
    out: list[str] = []
    # the open elements, roughly as a browser's parser has them, each with the index of the innermost
    # non-inline element at or below it (so no start tag scans the stack: pages can be pathological)
    stack: list[tuple[str, int]] = []
    counts: dict[str, int] = {}
    done = pos = 0
    while (m := _TAG.search(page, pos)) is not None:
        pos, name = m.end(), (m.group(2) or "").lower()
        if not name:  # a comment
            continue
        if m.group(1):
            while counts.get(name) and stack:  # pops down to the element closed (paid for by the pops)
                counts[stack[-1][0]] -= 1
                if stack.pop()[0] == name:
                    break
            continue
        if name in tags.raw_text:
            end = re.compile(rf"</{name}\b", re.I).search(page, pos)
            pos = end.start() if end else len(page)
            continue
        closers = _implied_end_tags(stack, counts, name, tags)
        if closers:
            out += [page[done : m.start()], closers]
            done = m.start()
        if name not in tags.void:
            stack.append((name, (stack[-1][1] if stack else -1) if name in tags.inline else len(stack)))
            counts[name] = counts.get(name, 0) + 1
    return "".join([*out, page[done:]])


def _implied_end_tags(stack: list[tuple[str, int]], counts: dict[str, int], name: str, tags: _Tags) -> str:
    """The end tags a `name` start tag implies when inline elements stand above the element it ends (libxml2
    applies them only to the current node, so `<p><font>A<p>` nests); pops what it ends from `stack`."""
    closers: list[str] = []
    while stack and (i := stack[-1][1]) >= 0 and name in tags.implied_end.get(stack[i][0], ()):
        if i < len(stack) - 1:
            closers += [f"</{tag}>" for tag, _ in reversed(stack[i:])]
        for tag, _ in stack[i:]:
            counts[tag] -= 1
        del stack[i:]
    return "".join(closers)


def _block_text(element: Any) -> str:
    # HTML white space is not significant, so runs collapse to one space (blocks are new strings)
    return _normalise_line(_WS_RUN.sub(" ", "".join(element.itertext())))


def _trafilatura_blocks(page: str, url: str | None) -> list[tuple[str, str]] | None:
    """(tag, text) blocks of trafilatura's XML output: ("head:h2", ...), ("p", ...); None if it found nothing."""
    import trafilatura
    from lxml import etree
    from trafilatura.settings import use_config

    config = use_config()
    for key, value in _TRAFILATURA_CONFIG.items():
        config.set("DEFAULT", key, value)
    xml = trafilatura.extract(
        page,
        url=url,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_formatting=False,
        with_metadata=False,
        config=config,
    )
    if not xml:
        return None
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        return None
    out: list[tuple[str, str]] = []
    for tag, element in _outermost(main, {"head", "p", "item", "row", "quote"}):
        if tag == "quote" and any(child.tag in {"p", "item"} for child in element.iter()):
            continue
        text = _block_text(element)
        if text:
            out.append((f"head:{element.get('rend') or 'h2'}" if tag == "head" else tag, text))
    return out


def _outermost(root: Any, tags: set[str]) -> Iterator[tuple[str, Any]]:
    """Elements with one of `tags`, in document order, skipping those inside another such element."""
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in tags:
            continue
        ancestors = takewhile(lambda node: node is not root, element.iterancestors())
        if not any(node.tag in tags and node.tag != "quote" for node in ancestors):
            yield element.tag, element


def _dom(page: str, warnings: list[str]) -> Any | None:
    """The page's lxml tree; appends a warning when the parser stopped at its depth limit (the text after
    that point is missing here and in trafilatura, which parses with the same limit)."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser()
    try:
        # lxml refuses a str that carries an XML encoding declaration; the text is already decoded
        root = lxml_html.document_fromstring(_XML_DECLARATION.sub("", page, count=1), parser=parser)
    except (ValueError, etree.ParserError):  # empty or unparsable documents
        return None
    if any("Excessive depth" in e.message for e in parser.error_log):
        # the error's line and column point before the cut (the parser reads ahead): name the last text kept
        kept = root.xpath("(//text()[normalize-space()])[last()]")
        last = _normalise_line(_WS_RUN.sub(" ", str(kept[0]) if kept else ""))[-60:]
        warnings.append(
            "clean: the page nests its tags deeper than the HTML parser's limit of 256 levels; "
            f"everything after {last!r} was dropped"
        )
    return root


def _is_boilerplate(element: Any) -> bool:
    """Inside navigation, an aside, a footer, a share bar...; a <header> only outside the article, since
    an article's own <header> holds its title and byline."""
    in_header = False
    for node in element.iterancestors():
        if node.tag in ("article", "main"):
            return False
        if node.tag == "header":
            in_header = True
        else:
            marks = f"{node.get('class') or ''} {node.get('id') or ''}"
            if node.tag in _tags().boilerplate or _BOILERPLATE_CLASS.search(marks):
                return True
    return in_header


def _dom_blocks(root: Any) -> list[tuple[str, str]]:
    """A plain DOM walk, for pages trafilatura gives up on: headings, paragraphs and list items outside
    navigation, headers, footers and asides."""
    out: list[tuple[str, str]] = []
    tags = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "figcaption", "pre"}
    body = root.find("body")
    for tag, element in _outermost(body if body is not None else root, tags):
        if _is_boilerplate(element) or element.tag in _tags().boilerplate:
            continue
        text = _block_text(element)
        if text:
            out.append((f"head:{tag}" if tag.startswith("h") and tag[1:].isdigit() else "p", text))
    return out


def _page_h1(root: Any) -> str | None:
    for element in root.iter("h1"):
        if not _is_boilerplate(element):
            text = _block_text(element)
            if text:
                return text
    return None


def _meta_title(root: Any) -> str | None:
    for xpath in ('//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content'):
        for value in root.xpath(xpath):
            text = _normalise_line(_WS_RUN.sub(" ", str(value)))
            if text:
                return text
    for value in _json_ld(root):
        headline = (
            value.get("headline") or value.get("name") if value.get("@type") in _ARTICLE_TYPES else None
        )
        if isinstance(headline, str) and headline.strip():
            return _normalise_line(headline)
    return None


_ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNews",
    "BlogPosting",
    "AnalysisNewsArticle",
    "PressRelease",
}


def _json_ld(root: Any) -> Iterator[dict[str, Any]]:
    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                yield item


def _meta_author(root: Any) -> str | None:
    """The author from <meta name="author"> or JSON-LD only (trafilatura's text heuristics guess wrong)."""
    names: list[str] = []
    for value in root.xpath('//meta[@name="author" or @property="author" or @name="byl"]/@content'):
        names.append(str(value))
    for item in _json_ld(root):
        author = item.get("author")
        for a in author if isinstance(author, list) else [author]:
            if (
                isinstance(a, dict)
                and a.get("@type", "Person") == "Person"
                and isinstance(a.get("name"), str)
            ):
                names.append(a["name"])
            elif isinstance(a, str):
                names.append(a)
    for name in names:
        name = _normalise_line(re.sub(r"^\s*by\s+", "", name, flags=re.I))
        if name and "://" not in name and len(_words(name)) <= 8:
            return name
    return None


def _page_byline(root: Any, rules: _Rules) -> str | None:
    """A byline printed in the page ("By Jane Doe (JD)"): an element marked as byline/author whose text is
    short, else any short element whose whole text starts with "By ". Navigation and asides are skipped."""
    marked: list[Any] = []
    plain: list[Any] = []
    for element in root.iter(
        "p", "div", "span", "address", "a", "li", "section", "time", "strong", "em", "b"
    ):
        if _is_boilerplate(element):
            continue
        attrs = " ".join(str(element.get(a) or "") for a in ("class", "id", "rel", "itemprop"))
        (marked if _BYLINE_CLASS.search(attrs) else plain).append(element)
    for group in (marked, plain):
        for element in group:
            text = _block_text(element)
            if not text or len(text) > 160:
                continue
            byline = _byline_text(text, rules)
            if byline is not None:
                return byline
    for element in marked:
        text = _block_text(element)
        if (
            text
            and 1 < len(_words(text)) <= 6
            and text[:1].isupper()
            and not _clutter(text, rules, in_body=False)
        ):
            return text
    return None


def _html_date(page: str) -> date | None:
    """The publication date from the page's metadata (<meta>, <time>, JSON-LD) via htmldate, no text guessing."""
    import htmldate

    try:
        # max_date is pinned so the result never depends on today's date
        found = htmldate.find_date(
            page, extensive_search=False, original_date=True, outputformat="%Y-%m-%d", max_date="2100-12-31"
        )
    except (ValueError, TypeError):
        return None
    try:
        return date.fromisoformat(found) if found else None
    except ValueError:
        return None


def _clean_html(document: Document, warnings: list[str]) -> CleanText:
    rules = _rules()
    page = close_implied_tags(document.content)
    root = _dom(page, warnings)
    extracted = _trafilatura_blocks(page, document.url)
    if extracted is None:
        extracted = _dom_blocks(root) if root is not None else []
        if extracted:
            warnings.append("clean: trafilatura found no main text; used a plain walk of the page")
    title = _page_h1(root) if root is not None else None
    if title is None and root is not None:
        title = _meta_title(root)
    title = title or document.title
    byline = _page_byline(root, rules) if root is not None else None
    if byline is None and root is not None:
        byline = _meta_author(root)
    published = _html_date(page)

    blocks: list[tuple[str, BlockKind]] = []
    title_placed = False
    for i, (tag, text) in enumerate(extracted):
        if not title_placed and title is not None and _same(text, title):
            blocks.append((text, "title"))
            title_placed = True
            continue
        if not title_placed and i == 0 and tag == "head:h1":
            title, title_placed = text, True
            blocks.append((text, "title"))
            continue
        if byline is not None and _same(text, byline):
            continue
        if _clutter(text, rules, in_body=True):
            if published is None:
                published = _stamp_date(text, rules)[0]
            continue
        blocks.append((text, "heading" if tag.startswith("head") else "paragraph"))
    if not any(kind in ("paragraph", "heading") for _, kind in blocks):
        blocks = []  # a page with no article text (all script or chrome) must not pass as one
    else:
        if title is not None and not title_placed:
            blocks.insert(0, (title, "title"))
        if byline is not None:
            at = 1 if blocks and blocks[0][1] == "title" else 0
            blocks.insert(at, (byline, "byline"))
    text, placed = join_blocks(blocks)
    return CleanText(
        text=text, blocks=placed, title=title, byline=byline, published=published, warnings=warnings
    )


# --------------------------------------------------------------------------------------------- public


def clean(document: Document) -> CleanText:
    """The cleaned text of one document, built block by block, with the title/byline/date the page gives."""
    document, warnings = _without_controls(document)
    if document.format == "html" and "<" in document.content:  # an .html file of plain text is text
        return _clean_html(document, warnings)
    return _clean_text(document, warnings)


def _without_controls(document: Document) -> tuple[Document, list[str]]:
    """The document with control characters removed from its content and title (a NUL past the reader's
    binary sniff must not reach the text), and a warning counting them if there were any."""
    content, count = _CONTROL.subn("", document.content)
    title, in_title = _CONTROL.subn("", document.title or "")
    if count + in_title == 0:
        return document, []
    count += in_title
    warning = (
        f"clean: removed {count} control character{'s' * (count > 1)} (NUL and other C0 codes) from the input"
    )
    return replace(document, content=content, title=title or None), [warning]


def clutter_lines(lines: Iterable[str]) -> list[str]:
    """The lines clean would treat as clutter on their own (for reviews and tests of clutter.json)."""
    rules = _rules()
    return [line for line in lines if _clutter(_normalise_line(line), rules, in_body=False)]
