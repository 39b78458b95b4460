"""review: one self-contained HTML page showing what newsfacts extracted, for an analyst checking a run.

Reads: article inputs (anything `newsfacts extract` reads; run through `sources.read_inputs` and
`runner.extract_many`) or Article JSONL files written by `extract` (a `.jsonl` whose first line has
"schema_version" and "extractor"); both may be mixed, in order.
Writes: one HTML page with, per article, the cleaned text with every date, person, organisation, country and
quantity mention highlighted in its own colour (spaCy's displaCy, given our offsets: `style="ent"`, or
`style="span"` for a line whose spans overlap), section markers and headings, a table of the normalised values
beside it and a facts table; an index first when there are several articles; failed inputs listed with their
error. Each highlight links to its row in the tables. The page loads nothing from the network (inline CSS, no
scripts, no fonts), so it opens offline.
"""

from __future__ import annotations

import bisect
import html
import itertools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models import Article, ErrorRecord
from pipeline.errors import InputError
from pipeline.outputs.tables import read_articles
from pipeline.settings import Settings

LABELS: dict[str, str] = {
    "DATE": "#bfe1d9",
    "PERSON": "#c9bffd",
    "ORG": "#7aecec",
    "COUNTRY": "#feca74",
    "QUANTITY": "#f7b7cc",
}
"""Highlight label → background colour (one colour per record type)."""

# displaCy's own templates, with the label and a tooltip added as attributes so the page (and a test) can tell
# the highlights apart; `{kb_link}` links each highlight to its row in the tables.
_ENT_TEMPLATE = (
    '<mark class="entity" data-label="{label}" title="{tip}" style="background: {bg}; padding: 0.2em 0.4em;'
    ' margin: 0 0.15em; line-height: 1; border-radius: 0.35em;">{text}<span class="nf-label">'
    "{label}{kb_link}</span></mark>"
)
_SPAN_TEMPLATES = {
    "span": (
        '<span class="nf-span" style="font-weight: bold; display: inline-block; position: relative;'
        ' height: {total_height}px;">{text}{span_slices}{span_starts}</span>'
    ),
    "slice": (
        '<span style="background: {bg}; top: {top_offset}px; height: 4px; left: -1px;'
        ' width: calc(100% + 2px); position: absolute;"></span>'
    ),
    "start": (
        '<span class="nf-span-start" data-label="{label}" style="background: {bg}; top: {top_offset}px;'
        " height: 4px; border-top-left-radius: 3px; border-bottom-left-radius: 3px; left: -1px;"
        ' width: calc(100% + 2px); position: absolute;"><span style="background: {bg}; z-index: 10;'
        " color: #000; top: -0.5em; padding: 2px 3px; position: absolute; font-size: 0.6em;"
        ' font-weight: bold; line-height: 1; border-radius: 3px">{label}{kb_link}</span></span>'
    ),
}

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0;
       padding: 1.5rem 2rem; color: #222; background: #fafafa; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; } h2 { font-size: 1.2rem; margin: 0 0 .4rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.meta { color: #555; font-size: .9rem; margin-bottom: .8rem; }
.legend mark { padding: .1em .5em; border-radius: .35em; margin-right: .4em; }
article { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 1rem 1.5rem;
          margin: 1.5rem 0; }
.columns { display: flex; gap: 2rem; align-items: flex-start; }
.text { flex: 3 1 0; min-width: 0; }
.values { flex: 2 1 0; min-width: 0; font-size: .85rem; overflow-x: auto; }
.line { margin: 0 0 .6rem; line-height: 2.2; }
.line .entities, .line .spans { display: inline; line-height: 2.2 !important; }
.outside { color: #888; }
.heading { font-weight: bold; font-size: 1.05rem; margin-top: .4rem; }
.section-marker { margin: 1.2rem 0 .3rem; font-size: .75rem; color: #666; text-transform: uppercase;
                  letter-spacing: .05em; border-top: 1px solid #eee; padding-top: .3rem; }
.nf-label { font-size: .7em; font-weight: bold; margin-left: .4rem; vertical-align: middle; }
.nf-label a { text-decoration: none; color: inherit; font-weight: normal; margin-left: .3em; }
table { border-collapse: collapse; width: 100%; margin-bottom: .8rem; }
th, td { border: 1px solid #e2e2e2; padding: .2rem .4rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.ref { font-weight: bold; white-space: nowrap; }
tr:target { outline: 2px solid #333; }
.empty { color: #888; font-style: italic; }
.error { background: #fff0f0; border-color: #e0b0b0; }
"""


@dataclass(frozen=True)
class _Span:
    label: str
    start: int
    end: int
    ref: str
    kb: str
    tip: str


def write_review(inputs: Sequence[str], output: Path, *, settings: Settings) -> Path:
    """Render the inputs (article files, or Article JSONL from `extract`) into one HTML page at `output`."""
    results = list(load_results(inputs, settings=settings))
    page = render_page(results)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(page, encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot write the review page {str(output)!r}: {e.strerror or e}") from e
    return output


def is_article_jsonl(path: Path) -> bool:
    """True for a .jsonl file whose first line is an Article as `extract` writes it (not a document input)."""
    if path.suffix.lower() != ".jsonl" or not path.is_file():
        return False
    try:
        with path.open("rb") as fh:
            for raw in fh:
                if raw.strip():
                    first = json.loads(raw.removeprefix(b"\xef\xbb\xbf"))
                    return isinstance(first, dict) and "schema_version" in first and "extractor" in first
    except (OSError, ValueError):
        return False
    return False


def load_results(inputs: Sequence[str], *, settings: Settings) -> Iterator[Article | ErrorRecord]:
    """Articles from Article JSONL inputs as they are, and from every other input through the pipeline."""
    for name in inputs:
        if is_article_jsonl(Path(name)):
            yield from (loaded.article for loaded in read_articles([name]))
        else:
            from pipeline.runner import extract_many  # loads spaCy: only when there is something to extract
            from pipeline.sources import read_inputs

            yield from extract_many(read_inputs([name]), settings=settings)


def article_spans(article: Article) -> list[_Span]:
    """Every highlight of an article: dates, quantities and each mention of people, organisations, countries."""
    spans: list[_Span] = []
    for i, d in enumerate(article.dates):
        value = d.value or "?"
        if d.end_value:
            value += f"/{d.end_value}"
        spans.append(_Span("DATE", d.start, d.end, f"D{i}", value, f"{d.type} {value}"))
    for i, q in enumerate(article.quantities):
        kb = f"{_number(q.value)} {q.category}"
        spans.append(_Span("QUANTITY", q.start, q.end, f"Q{i}", kb, f"{kb} ({q.item or '-'})"))
    for i, p in enumerate(article.people):
        for m in p.mentions:
            spans.append(_Span("PERSON", m.start, m.end, f"P{i}", f"P{i}", p.name))
    for i, o in enumerate(article.organisations):
        for m in o.mentions:
            name = o.name + (f" ({o.acronym})" if o.acronym else "")
            spans.append(_Span("ORG", m.start, m.end, f"O{i}", o.acronym or f"O{i}", name))
    for i, c in enumerate(article.countries):
        for m in c.mentions:
            spans.append(_Span("COUNTRY", m.start, m.end, f"C{i}", c.iso2, f"{c.name} ({c.iso2})"))
    spans.sort(key=lambda s: (s.start, -s.end, s.label))
    return spans


def render_page(results: Sequence[Article | ErrorRecord]) -> str:
    """The whole HTML page for a run."""
    articles = [r for r in results if isinstance(r, Article)]
    errors = [r for r in results if isinstance(r, ErrorRecord)]
    title = f"newsfacts review: {articles[0].id}" if len(results) == 1 and articles else "newsfacts review"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<div class="meta">{len(articles)} article(s), {len(errors)} failed input(s). {_legend()}</div>',
    ]
    if len(results) > 1:
        parts.append(_index(results))
    for n, result in enumerate(results):
        if isinstance(result, Article):
            parts.append(render_article(result, n))
        else:
            parts.append(_render_error(result, n))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _legend() -> str:
    return (
        '<span class="legend">'
        + "".join(f'<mark style="background: {c}">{label}</mark>' for label, c in LABELS.items())
        + "</span>"
    )


def _index(results: Sequence[Article | ErrorRecord]) -> str:
    rows = []
    for n, r in enumerate(results):
        if isinstance(r, Article):
            counts = ", ".join(
                f"{len(getattr(r, f))} {f}"
                for f in ("dates", "people", "organisations", "countries", "quantities", "facts")
            )
            rows.append(
                f'<li><a href="#a{n}">{_e(r.title or r.id)}</a> <span class="meta">{counts}</span></li>'
            )
        else:
            rows.append(f'<li><a href="#a{n}">{_e(r.id or r.source or "?")}</a> failed ({_e(r.stage)})</li>')
    return "<nav><h2>Index</h2><ol>" + "".join(rows) + "</ol></nav>"


def _render_error(error: ErrorRecord, n: int) -> str:
    return (
        f'<article id="a{n}" class="error"><h2>{_e(error.id or error.source or "?")}: not extracted</h2>'
        f'<div class="meta">source {_e(error.source or "-")}, stage {_e(error.stage)}, {_e(error.error)}</div>'
        f"<p>{_e(error.message)}</p></article>"
    )


def render_article(article: Article, n: int) -> str:
    """One article: header, highlighted text, values tables and facts table."""
    meta = [
        f"id <code>{_e(article.id)}</code>",
        f"source {_e(article.source or '-')}",
        f"published {_e(article.published or '-')}",
        f"byline {_e(article.byline or '-')}",
        f"extractor {_e(article.extractor.version)} / {_e(article.extractor.model)}",
    ]
    warnings = "".join(f"<li>{_e(w)}</li>" for w in article.warnings)
    return "\n".join(
        [
            f'<article id="a{n}">',
            f"<h2>{_e(article.title or article.id)}</h2>",
            f'<div class="meta">{" · ".join(meta)}</div>',
            f"<ul class='meta'>{warnings}</ul>" if warnings else "",
            '<div class="columns">',
            f'<div class="text">{_render_text(article, n)}</div>',
            f'<div class="values">{_render_values(article, n)}</div>',
            "</div>",
            "<h3>Facts</h3>",
            _render_facts(article, n),
            "</article>",
        ]
    )


def _render_text(article: Article, n: int) -> str:
    text = article.text
    if text is None:
        return '<p class="empty">The text was not written (extract --no-text): only the values are shown.</p>'
    spans = article_spans(article)
    starts = [s.start for s in spans]
    ordered = sorted(article.sections, key=lambda s: s.start)
    ranges = [(s.start, s.end) for s in ordered]
    next_section = 0
    out: list[str] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        start += len(line) - len(line.lstrip())
        end = start + len(line.strip())
        if end <= start:
            continue
        while next_section < len(ordered) and ordered[next_section].start <= start:
            section = ordered[next_section]
            heading = section.heading if section.heading is not None else "lead"
            out.append(f'<div class="section-marker">section {section.index}: {_e(heading)}</div>')
            next_section += 1
        inside = any(a <= start < b for a, b in ranges)
        is_heading = any(s.start == start and s.heading == text[start:end] for s in ordered)
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        # a span across a line break is not drawn: entities never cross blocks (spaCy runs per paragraph)
        line_spans = [s for s in spans[lo:hi] if s.end <= end]
        css = "line heading" if is_heading else "line" if inside else "line outside"
        out.append(f'<div class="{css}">{_render_line(text[start:end], start, line_spans, n)}</div>')
    return "\n".join(out)


def _render_line(line: str, offset: int, spans: list[_Span], n: int) -> str:
    from spacy import displacy

    overlapping = False
    reach = -1
    for s in spans:
        overlapping = overlapping or s.start < reach
        reach = max(reach, s.end)
    if not overlapping:
        ents = [
            {
                "start": s.start - offset,
                "end": s.end - offset,
                "label": s.label,
                "kb_id": _e(s.kb),
                "kb_url": f"#a{n}-{s.ref}",
                "params": {"tip": _e(s.tip)},
            }
            for s in spans
        ]
        doc = {"text": line, "ents": ents}
        options = {"colors": LABELS, "template": _ENT_TEMPLATE}
        return str(displacy.render(doc, style="ent", manual=True, options=options))
    tokens, token_spans = _tokens(line, offset, spans, n)
    doc = {"text": line, "tokens": tokens, "spans": token_spans}
    options = {"colors": LABELS, "template": _SPAN_TEMPLATES}
    return str(displacy.render(doc, style="span", manual=True, options=options))


def _tokens(line: str, offset: int, spans: list[_Span], n: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Whitespace tokens of a line, also cut at every span edge, and the spans as token ranges."""
    cuts = sorted({0, len(line), *(s.start - offset for s in spans), *(s.end - offset for s in spans)})
    tokens: list[str] = []
    token_starts: list[int] = []
    for a, b in itertools.pairwise(cuts):
        piece_start = a
        for word in line[a:b].split():
            at = line.index(word, piece_start)
            tokens.append(word)
            token_starts.append(at)
            piece_start = at + len(word)
    token_spans = []
    for s in spans:
        first = bisect.bisect_left(token_starts, s.start - offset)
        last = bisect.bisect_left(token_starts, s.end - offset)
        if last > first:
            token_spans.append(
                {
                    "start_token": first,
                    "end_token": last,
                    "label": s.label,
                    "kb_id": _e(s.kb),
                    "kb_url": f"#a{n}-{s.ref}",
                }
            )
    return tokens, token_spans


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, n: int, label: str | None) -> str:
    if not rows:
        return '<p class="empty">none</p>'
    colour = f' style="background: {LABELS[label]}"' if label else ""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        f'<tr id="a{n}-{_e(row[0])}"><td class="ref"{colour}>{_e(row[0])}</td>'
        + "".join(f"<td>{_e(c)}</td>" for c in row[1:])
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _render_values(article: Article, n: int) -> str:
    def s(v: object) -> str:
        return "" if v is None else str(v)

    dates = [
        [
            f"D{i}",
            d.text,
            s(d.value),
            s(d.end_value),
            d.type,
            s(d.mod),
            "yes" if d.year_inferred else "",
            s(d.section),
        ]
        for i, d in enumerate(article.dates)
    ]
    people = [
        [
            f"P{i}",
            p.name,
            s(p.title),
            s(p.role),
            s(p.organisation),
            ", ".join(p.aliases),
            str(len(p.mentions)),
        ]
        for i, p in enumerate(article.people)
    ]
    orgs = [
        [f"O{i}", o.name, s(o.acronym), ", ".join(o.aliases), str(len(o.mentions))]
        for i, o in enumerate(article.organisations)
    ]
    countries = [
        [f"C{i}", c.name, c.iso2, c.iso3, str(len(c.mentions))] for i, c in enumerate(article.countries)
    ]
    quantities = [
        [
            f"Q{i}",
            q.text,
            _number(q.value),
            "" if q.end_value is None else _number(q.end_value),
            s(q.qualifier),
            s(q.unit),
            s(q.item),
            q.category,
            s(q.section),
        ]
        for i, q in enumerate(article.quantities)
    ]
    sections = "".join(
        f"<li>{s_.index}: {_e(s_.heading if s_.heading is not None else '(lead)')}</li>"
        for s_ in article.sections
    )
    return "\n".join(
        [
            f"<h3>Sections ({len(article.sections)})</h3><ul>{sections}</ul>",
            f"<h3>Dates ({len(dates)})</h3>",
            _table(
                ["ref", "text", "value", "end", "type", "mod", "year inferred", "section"],
                dates,
                n=n,
                label="DATE",
            ),
            f"<h3>People ({len(people)})</h3>",
            _table(
                ["ref", "name", "title", "role", "organisation", "aliases", "mentions"],
                people,
                n=n,
                label="PERSON",
            ),
            f"<h3>Organisations ({len(orgs)})</h3>",
            _table(["ref", "name", "acronym", "aliases", "mentions"], orgs, n=n, label="ORG"),
            f"<h3>Countries ({len(countries)})</h3>",
            _table(["ref", "name", "iso2", "iso3", "mentions"], countries, n=n, label="COUNTRY"),
            f"<h3>Quantities ({len(quantities)})</h3>",
            _table(
                ["ref", "text", "value", "end", "qualifier", "unit", "item", "category", "section"],
                quantities,
                n=n,
                label="QUANTITY",
            ),
        ]
    )


def _render_facts(article: Article, n: int) -> str:
    rows = []
    for i, f in enumerate(article.facts):

        def party(p: Any) -> str:
            if p is None:
                return ""
            return f"{p.name} ({p.kind}{', ' + p.iso2 if p.iso2 else ''})"

        date = f.date or ""
        if f.end_date:
            date += f"/{f.end_date}"
        quantities = "; ".join(
            article.quantities[q].text for q in f.quantities if q < len(article.quantities)
        )
        rows.append(
            [
                f"F{i}",
                f.type,
                party(f.agent),
                party(f.recipient),
                ", ".join(party(p) for p in f.also),
                date,
                f.status,
                quantities,
                " … ".join(m.text for m in f.evidence),
                "" if f.section is None else str(f.section),
            ]
        )
    headers = [
        "ref",
        "type",
        "agent",
        "recipient",
        "also",
        "date",
        "status",
        "quantities",
        "evidence",
        "section",
    ]
    return _table(headers, rows, n=n, label=None)


def _number(value: float) -> str:
    """20000.0 → "20000", 1.5 → "1.5" (no exponent for large whole numbers)."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:g}"


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


__all__ = [
    "LABELS",
    "article_spans",
    "is_article_jsonl",
    "load_results",
    "render_article",
    "render_page",
    "write_review",
]
