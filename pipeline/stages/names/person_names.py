"""Person names: capitalised name runs that are people, with the title words before them split off.

Reads an `ArticleContext` (paragraph Docs, spaCy PERSON and ORG entities) and the lexicons through
`pipeline.stages.names.words`; writes `PersonSpan`s (absolute, half-open offsets). The people stage builds its records
from them; the organisations stage uses them to keep people's names out of organisations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc

from pipeline.context import ArticleContext, NearbySpans, Paragraph
from pipeline.stages.names.words import (
    LEADING_POS,
    OrgSpan,
    Places,
    Word,
    article_places,
    base,
    class_noun_spans,
    company_offices,
    company_suffixes,
    country_names,
    currency_words,
    head_org_spans,
    honorifics,
    is_capitalised,
    name_particles,
    names_an_event,
    norm_key,
    not_name_words,
    not_organisations,
    org_heads,
    ranks,
    region_names,
    role_nouns,
    surnames,
    thing_heads,
    title_words,
    trim_span,
    venue_heads,
    words,
)


@dataclass(frozen=True)
class PersonSpan:
    """A person's name in the text, with the title words written directly before it split off."""

    start: int
    end: int
    text: str
    title_start: int | None  # start of the title words directly before the name, if any
    title: str | None  # the title words as written ("Dr.", "Deputy Prime Minister")
    strong: bool  # may start a new record (title, two or more name words)
    paragraph: Paragraph
    first_word: int  # index into words(paragraph.doc)
    last_word: int


def is_title_word(word: str) -> bool:
    w = word.lower()
    return (
        w in honorifics() or w.rstrip(".") in honorifics() or w.rstrip(".") in title_words() or w in ranks()
    )


_NAME_WORD = re.compile(r"^[A-Z][\w.'’-]*$")


def _name_word(w: Word) -> bool:
    t = base(w)
    if not t or not t[0].isupper():
        return False
    return not any(map(str.isdigit, t)) and bool(_NAME_WORD.match(t))


def _bad_name_word(text: str, *, titled: bool = False) -> bool:
    """A word no person's name holds ('Hospital', 'Vaccine'). A venue word ends a venue's name ('Albert
    Park'); after a title or before a given name it is a surname ('Professor Park', 'Park Ji-hoon')."""
    low = text.lower().rstrip(".")
    if low in org_heads() or low in thing_heads() or low in not_organisations():
        return True
    if len(low) > 3 and low in company_suffixes():
        return True  # "Nordvik Holdings Limited" is a company (two-letter forms like "Sa" can be names)
    return low in venue_heads() and not titled


def person_spans(ctx: ArticleContext) -> list[PersonSpan]:
    """Name runs that are people: after a title, tagged PERSON by spaCy, or followed by a role apposition.

    Found once per article and shared by the people and organisations stages."""
    return list(ctx.shared("person_spans", lambda: _person_spans(ctx, head_org_spans(ctx))))


@cache
def _role_then_of() -> re.Pattern[str]:
    nouns = "|".join(sorted((re.escape(n) for n in role_nouns()), key=len, reverse=True))
    return re.compile(rf"\b(?:{nouns})\s+(?:of|at)\s+(?:the\s+)?$", re.IGNORECASE)


def role_object_spans(ctx: ArticleContext) -> list[OrgSpan]:
    """Names the model tags PERSON right after '<role noun> of/at' ("chief executive of Helse Fonna"): the
    place where a role is held is an organisation, not a person. Shared by people, organisations and roles."""
    return list(ctx.shared("role_object_spans", lambda: _role_object_spans(ctx)))


_ENDS_OF_AT_THE = re.compile(r"(?:of|at|the)$", re.IGNORECASE)


def _may_follow_of_or_at(text: str, start: int) -> bool:
    """What `_role_then_of()` needs right before `start`: white space after 'of', 'at' or 'the'. Tested
    first because the full pattern, every role noun tried at every offset, is slow."""
    return (
        start > 0
        and text[start - 1].isspace()
        and bool(_ENDS_OF_AT_THE.search(text[max(0, start - 80) : start].rstrip()[-3:]))
    )


def _role_object_spans(ctx: ArticleContext) -> list[OrgSpan]:
    out = []
    for _ent, s0, e0, _ in ctx.entities("PERSON"):
        start, end = trim_span(ctx.text, s0, e0)
        if (
            start < end
            and _may_follow_of_or_at(ctx.text, start)
            and _role_then_of().search(ctx.text, max(0, start - 80), start)
        ):
            out.append(OrgSpan(start, end, ctx.text[start:end], "role_of"))
    return out


@dataclass(frozen=True)
class _Around:
    """What the article says around name runs, looked up once per article."""

    places: Places
    regions: frozenset[str]  # countries and their subdivisions
    person_ents: NearbySpans[tuple[int, int]]
    person_starts: frozenset[int]
    org_ents: NearbySpans[tuple[int, int]]
    held_at: frozenset[int]  # starts of "chief executive of X", "the airline X": organisations
    nearby_orgs: NearbySpans[OrgSpan]


def _person_spans(ctx: ArticleContext, orgs: list[OrgSpan]) -> list[PersonSpan]:
    person_ents = NearbySpans([(s, e) for _, s, e, _ in ctx.entities("PERSON")], lambda span: span)
    around = _Around(
        places=article_places(ctx),
        regions=region_names(),
        person_ents=person_ents,
        person_starts=frozenset(s for s, _ in person_ents.items),
        org_ents=NearbySpans([(s, e) for _, s, e, _ in ctx.entities("ORG")], lambda span: span),
        held_at=frozenset(o.start for o in [*role_object_spans(ctx), *class_noun_spans(ctx)]),
        nearby_orgs=NearbySpans(orgs, lambda o: (o.start, o.end)),
    )
    out: list[PersonSpan] = []
    for para, doc in ctx.docs():
        if para.kind in ("byline",):
            continue
        ws = words(doc, para.start)
        for run in _name_runs(ws, doc):
            span = _a_person(ctx, para, doc, ws, run, around)
            if span is not None:
                out.append(span)
    return out


def _name_runs(ws: list[Word], doc: Doc) -> Iterator[list[int]]:
    """Runs of capitalised name words (particles such as 'van' inside), less what is not part of a name."""
    n = len(ws)
    i = 0
    while i < n:
        # most words are lower case: their first letter alone says they are no name word
        if not ws[i].text[:1].isupper() or not _name_word(ws[i]):
            i += 1
            continue
        k = i
        run = [i]
        while not ws[k].possessive and k + 1 < n:
            nxt = ws[k + 1]
            if _name_word(nxt):
                run.append(k + 1)
                k += 1
            elif nxt.text.islower() and nxt.text in name_particles() and k + 2 < n and _name_word(ws[k + 2]):
                run.extend([k + 1, k + 2])
                k += 2
            else:
                break
        i = k + 1
        # weekdays and months around a name ("Bill Clinton Saturday") are not part of it
        while len(run) > 1 and base(ws[run[-1]]).lower() in not_name_words():
            run = run[:-1]
        while len(run) > 1 and base(ws[run[0]]).lower() in not_name_words():
            run = run[1:]
        # a currency after a name ("the philanthropist Ola Berg TSh 2 billion") is not part of it
        while len(run) > 1 and base(ws[run[-1]]) in currency_words():
            run = run[:-1]
        # a capitalised sentence opener is not part of the name ("With", "As", "The")
        while len(run) > 1 and doc[ws[run[0]].i].pos_ in LEADING_POS and not is_title_word(ws[run[0]].text):
            run = run[1:]
        yield run


def _title_and_name(
    ws: list[Word], run: list[int], around: _Around
) -> tuple[list[int], list[int], str | None] | None:
    """(title words, name words, connector of an office phrase before the run) of a run, or None when the
    run holds no name ("Minister for Foreign Affairs" with no name after the portfolio)."""
    title_idx, name_idx = _split_title(ws, run)
    # leading places ("Nepal Vinay Mohan Kwatra" after "Ambassador to")
    after_connector = name_idx[0] > 0 and ws[name_idx[0] - 1].text.lower() in ("to", "of", "in", "the")
    while len(name_idx) > 2 and (
        norm_key(base(ws[name_idx[0]])) in country_names()
        or (after_connector and norm_key(base(ws[name_idx[0]])) in around.places)
    ):
        name_idx = name_idx[1:]
    if len(name_idx) == 2 and norm_key(base(ws[name_idx[0]])) in country_names():
        name_idx = name_idx[1:]
    office_before = None if title_idx else _office_phrase_before(ws, run[0])
    if office_before in ("of", "for"):
        # "Minister for Foreign Affairs Vivian Balakrishnan", "Minister of Health D. Sarangerel":
        # the portfolio ends where an initial or a spaCy PERSON name begins; without one, no name.
        cut = next(
            (
                p
                for p, r in enumerate(name_idx)
                if p > 0 and (re.fullmatch(r"[A-Z]\.", ws[r].text) or ws[r].start in around.person_starts)
            ),
            None,
        )
        if cut is None:
            return None
        name_idx = name_idx[cut:]
    return (title_idx, name_idx, office_before) if name_idx else None


def _a_person(
    ctx: ArticleContext, para: Paragraph, doc: Doc, ws: list[Word], run: list[int], around: _Around
) -> PersonSpan | None:
    """The run as a person's name, or None when the text gives a reason it is not one."""
    run_text = " ".join(base(ws[r]) for r in run)
    if norm_key(run_text) in around.regions or ws[run[0]].text in _SAINT:
        return None
    split = _title_and_name(ws, run, around)
    if split is None:
        return None
    title_idx, name_idx, office_before = split
    first, last = name_idx[0], name_idx[-1]
    start, end = ws[first].start, ws[last].start + len(base(ws[last]))
    names = [base(ws[r]) for r in name_idx]
    # what makes a run a person, tested first: most capitalised runs have none of it, and the vetoes
    # below cost more than these tests
    is_ent = any(s < end and start < e for s, e in around.person_ents.near(start, end))
    has_title = bool(title_idx) or office_before is not None
    multi = len(names) >= 2
    if len(names) == 1 and names[0].isupper():
        return None
    if not (has_title or is_ent or (multi and _described_by_a_role(doc, ws, first, last))):
        return None
    if multi and all(x.isupper() for x in names):
        return None  # "NEW ZEALAND HIGH" style headers
    if start in around.held_at:
        return None  # "chief executive of Helse Fonna", "the airline Nordair": organisations
    if names_an_event(ctx, ws[run[0]].start):
        return None  # "Storm Elvira"
    # the model's PERSON on exactly these words and a role after them ("Jim Press, the vice chairman of X")
    # outweigh an organisation word in the name
    described = any(s == start and e == end for s, e in around.person_ents.near(start, end)) and (
        _role_apposition_follows(doc, ws, last)
    )
    if not described and _not_a_name(ctx, names, bool(title_idx), start, end, around):
        return None
    if (first > 0 and ws[first - 1].text in _SAINT) or ctx.is_excluded(start, end):
        return None
    if re.match(r",?\s+which\b", ctx.text[end : end + 8].lower()):
        return None
    title_at = ws[title_idx[0]].start if title_idx else None
    title_words_ = " ".join(base(ws[r]) for r in title_idx) or None
    if _an_office_not_a_name(names, is_ent, title_words_, title_at, end, around.org_ents):
        return None
    title_start = ws[title_idx[0]].start if title_idx else None
    title_text = ctx.text[title_start : ws[title_idx[-1]].end] if title_start is not None else None
    text = ctx.text[start:end]
    return PersonSpan(start, end, text, title_start, title_text, has_title or multi, para, first, last)


def _described_by_a_role(doc: Doc, ws: list[Word], first: int, last: int) -> bool:
    """A role apposition after the name, or a role noun right before it ("emergency nurse Paul Ngata",
    "spokesman John Smith")."""
    return _role_apposition_follows(doc, ws, last) or (
        first > 0 and ws[first - 1].text.islower() and ws[first - 1].text in role_nouns()
    )


_SAINT = ("St", "St.", "Saint")


def _not_a_name(
    ctx: ArticleContext, names: list[str], titled: bool, start: int, end: int, around: _Around
) -> bool:
    """A word no name holds, a country's name, or words inside an organisation's name."""
    if norm_key(ctx.text[start:end]) in country_names() or any(
        _bad_name_word(x, titled=titled or (n == 0 and len(names) > 1 and x.lower() in surnames()))
        for n, x in enumerate(names)
    ):
        return True
    near_orgs = around.nearby_orgs.near(start, end)
    return any(o.start <= start and end <= o.end for o in near_orgs) or any(
        o.start < end and start < o.end and o.how == "head" for o in near_orgs
    )


def _split_title(ws: list[Word], run: list[int]) -> tuple[list[int], list[int]]:
    """(title word indices, name word indices) of a capitalised run: the title runs to the last title word
    that a name follows, or on to a role noun ("Chief Marketing Officer Ana Ruiz"); a lower-case
    "chief executive" before the run is a role, not a title."""
    t_idx = None
    # an upper-case title word counts only inside a mixed-case run ("Nordvik Motor CEO Alan Berg"): in an
    # all-caps heading ("NEW ZEALAND HIGH COMMISSIONER") it is no title
    mixed = any(not ws[r].text.isupper() for r in run)
    for p, r in enumerate(run[:-1]):
        if is_title_word(ws[r].text) and (mixed or not ws[r].text.isupper()):
            t_idx = p
    if t_idx is None:
        return [], run
    q = t_idx
    while q >= 0 and is_title_word(ws[run[q]].text):
        q -= 1
    for office_end in (t_idx + 1, t_idx + 2):
        if office_end + 1 < len(run) and base(ws[run[office_end]]).lower() in role_nouns():
            return run[q + 1 : office_end + 1], run[office_end + 1 :]
    return run[q + 1 : t_idx + 1], run[t_idx + 1 :]


def _an_office_not_a_name(
    names: list[str],
    is_ent: bool,
    title: str | None,
    title_at: int | None,
    end: int,
    org_ents: NearbySpans[tuple[int, int]],
) -> bool:
    """What looks like a name is an office or part of an organisation's name."""
    if all(is_title_word(x) for x in names):
        return True  # "the Prime Minister applauded": a title alone names no one
    if not is_ent and names[-1].lower() in role_nouns():
        return True  # "Chief Operating Officer": an office; the model would tag a person "Martin King"
    # the model reads a rank as part of an organisation's name: "General Dynamics"; an office held by one
    # person ("Spokeswoman Ana Berg", which the model may tag ORG) starts a name
    rank_like = title is not None and (
        title.split()[-1].lower() in ranks() or title.lower() not in role_nouns()
    )
    return (
        title_at is not None
        and rank_like
        and not is_ent
        and any(s <= title_at and end <= e for s, e in org_ents.near(title_at, end))
    )


def _office_phrase_before(ws: list[Word], first: int) -> str | None:
    """The connector of an office phrase right before a run: 'to' in 'Ambassador of Japan to', 'for' in
    'Minister for'; None when the run does not follow one."""
    k = first - 1
    connector = None
    while k >= 0 and k >= first - 6:
        t = ws[k].text
        if t == "the" and k > 0 and ws[k - 1].text.lower() in ("to", "of", "for", "in"):
            pass
        elif t.lower() in ("to", "of", "for", "in"):
            connector = connector or t.lower()
        elif is_capitalised(t) or (connector == "to" and t in role_nouns() and t in title_words()):
            # "Ambassador of Japan to", "the U.S. ambassador to Kenya"
            if connector and is_title_word(base(ws[k])) and not t.isupper():
                return connector
            if connector and not country_at(ws, k) and not is_title_word(base(ws[k])):
                return None  # "... Han Zhiqiang in Bangkok": a name, not a title, before the connector
        else:
            return None
        k -= 1
    return None


def portfolio_context(text: str, start: int, end: int) -> bool:
    """The span is part of an office title, not an organisation: 'Health' in 'Health Minister X',
    'National Security' in 'Coordinating Minister for National Security'."""
    after = re.match(r"\s*([A-Z][a-z]+)", text[end : end + 30])
    if after and after.group(1).lower() in title_words() and after.group(1).lower() not in org_heads():
        return True
    m = re.search(r"([A-Z][a-z]+)\s+(?:of|for)\s+(?:the\s+)?$", text[max(0, start - 40) : start])
    # after "Chairman of" the name is a company ("Vice Chairman of Skyvik"), not a portfolio
    title = m.group(1).lower() if m else ""
    return title in title_words() and title not in org_heads() and title not in company_offices()


def country_at(ws: list[Word], k: int) -> bool:
    """Word k ends or starts a country name ('Philippines', 'United States', 'New Zealand's')."""
    names = country_names()
    for a in range(max(0, k - 3), k + 1):
        for b in range(k, min(len(ws), a + 4)):
            if norm_key(" ".join(base(w) for w in ws[a : b + 1])) in names:
                return True
    return False


def _role_apposition_follows(doc: Doc, ws: list[Word], last: int) -> bool:
    """', an official of ...' / ', director of ...' right after the name."""
    if last + 1 >= len(ws) or ws[last + 1].text != ",":
        return False
    for k in range(last + 2, min(len(ws), last + 8)):
        w = ws[k]
        low = w.text.lower()
        if low in (",", ".", ";", "who", "which") or doc[w.i].pos_ in ("VERB", "AUX"):
            return False
        if low in role_nouns():
            # ", Health Minister Khairy Jamaluddin" is a title before another name, not an apposition;
            # "Nordvik Steel, an official said": the role noun is the subject of the next clause
            nxt = ws[k + 1].text if k + 1 < len(ws) else ""
            if k + 1 < len(ws) and doc[ws[k + 1].i].pos_ in ("VERB", "AUX"):
                return False
            return not (is_capitalised(w.text) and is_capitalised(nxt) and not is_title_word(nxt))
    return False
