"""Pass 6a, split: one candidate per event when one clause tells several.

Reads each candidate with its dates and quantities; writes the list of candidates that replaces it.
'85,410 doses on June 23 ..., 30,420 doses on July 7' is one delivery per date; 'NZ$5m for the government
and a further NZ$5m for civil society' one gift per conjoined object with its own count and its own date
or recipient; 'met again on March 30 and May 27' one meeting per date; people arriving with goods are a
visit and a donation. Parts of one listed delivery share the parties one of them names.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from spacy.tokens import Token

from pipeline.stages.facts.candidate import FactCandidate
from pipeline.stages.facts.dates import SentenceDates
from pipeline.stages.facts.parse import Sentence, subject
from pipeline.stages.facts.parties import Reader
from pipeline.stages.facts.records import Party
from pipeline.stages.facts.roles import moving

# 'flew in 14 tonnes of aid on 21 April, including 360 tarpaulins and 128 kits': the items of one gift
_PARTS_OF_WHOLE = frozenset({"including", "like", "such", "among"})


def split(
    reader: Reader, s: Sentence, cands: list[FactCandidate], dates: SentenceDates
) -> list[FactCandidate]:
    """Every candidate split into the events it tells, in order; then arrivals with goods split in two."""
    out: list[FactCandidate] = []
    for cand in cands:
        out += _split_one(reader, s, cand, dates)
    _split_arrivals(reader, s, out)
    return out


def _split_one(reader: Reader, s: Sentence, cand: FactCandidate, dates: SentenceDates) -> list[FactCandidate]:
    by_date = _dated_parts(reader, cand)
    if by_date:
        return [cand.copy(date=i, quantities=qs) for i, qs in by_date]
    parts = _object_parts(reader, s, cand, dates)
    if parts:
        return parts
    if (
        len(cand.own_dates) > 1
        and _linked_dates([dates.roots[i] for i in cand.own_dates])
        and not _consecutive(reader, cand.own_dates)
    ):
        return [cand.copy(date=i) for i in cand.own_dates]
    return [cand]


def _linked_dates(roots: list[Token]) -> bool:
    """Whether date heads are conjoined ('on March 30 and May 27'), directly or through their 'on'."""
    heads = {r.i for r in roots} | {r.head.i for r in roots}
    return all(any(c.i in heads for c in (*r.conjuncts, *r.head.conjuncts)) for r in roots)


def _consecutive(reader: Reader, dates: list[int]) -> bool:
    """'last Tuesday and Wednesday': adjacent days tell one event."""
    values = sorted(reader.article.dates[i].value or "" for i in dates)
    try:
        days = [date.fromisoformat(v) for v in values]
    except ValueError:
        return False
    return all((b - a).days == 1 for a, b in pairwise(days))


def _dated_parts(reader: Reader, cand: FactCandidate) -> list[tuple[int, set[int]]]:
    """Each date with the quantities told just before it, when a clause lists several dated parts."""
    art = reader.article
    dated = sorted(
        (i for i in cand.own_dates if art.dates[i].type == "DATE"), key=lambda i: art.dates[i].start
    )
    if len(dated) < 2 or len(cand.quantities) < 2:
        return []
    parts: list[tuple[int, set[int]]] = []
    previous = -1
    for i in dated:
        start = art.dates[i].start
        parts.append((i, {q for q in cand.quantities if previous <= art.quantities[q].start < start}))
        previous = art.dates[i].end
    if sum(1 for _, qs in parts if qs) < 2:
        return []
    return parts


def _object_parts(
    reader: Reader, s: Sentence, cand: FactCandidate, dates: SentenceDates
) -> list[FactCandidate]:
    """One donation per conjoined object when each object has its own count and its own date or
    recipient ('NZ$5m for the government and a further NZ$5m for civil society'); [] otherwise."""
    if cand.type != "donation":
        return []
    tok = s.token(cand.token)
    for head in _object_heads(tok):
        members = sorted([head, *head.conjuncts], key=lambda t: t.left_edge.i)
        if len(members) < 2 or any(
            c.dep_ == "cc" and c.lower_ in ("or", "nor") for m in members for c in m.children
        ):
            continue  # '$226.3 million, or $11.57 a share' restates one figure
        parts = _parts_of(reader, s, cand, members, s.span_of(head.subtree)[1], dates)
        if parts:
            return parts
    return []


def _object_heads(tok: Token) -> list[Token]:
    """The object, a list after a colon ('sent kits: a first lot of ..., and a second of ...'), or 'up to X';
    not the items of a whole ('including 360 tarpaulins and 128 kits')."""
    heads = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "npadvmod")]
    heads += [g for h in list(heads) for g in h.children if g.dep_ == "appos"]
    heads += [
        g
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ not in _PARTS_OF_WHOLE
        for g in c.children
        if g.dep_ == "pobj"
    ]
    return heads


def _parts_of(
    reader: Reader, s: Sentence, cand: FactCandidate, members: list[Token], end: int, dates: SentenceDates
) -> list[FactCandidate]:
    art, lex = reader.article, reader.lex
    starts = [s.abs(m.left_edge)[0] for m in members]
    starts[0] = cand.evidence[0][0]  # 'up to NZ$5 million': words before the first head belong to it
    ranges = list(zip(starts, [*starts[1:], end], strict=True))
    counts = [{q for q in cand.quantities if a <= art.quantities[q].start < b} for a, b in ranges]
    if not all(counts):
        return []
    pool = (cand.own_dates or dates.whole) + list(dates.roots)
    own_dates = [
        next((i for i in pool if art.dates[i].type == "DATE" and a <= art.dates[i].start < b), None)
        for a, b in ranges
    ]
    own_dates = [
        d if d is not None and art.dates[d].value not in lex.vague_dates else None for d in own_dates
    ]
    own_recipients = [_member_recipient(reader, s, m) for m in members]
    keys = {(d, r.key if r else None) for d, r in zip(own_dates, own_recipients, strict=True)}
    if len(keys) < 2 or ((None, None) in keys and len(keys) == 2 and len(members) > 2):
        # nothing tells the parts apart ('500 tents, 300 blankets and 40 generators in May'): one
        # delivery listed in items
        return []
    outside = cand.date is not None and not any(a <= art.dates[cand.date].start < b for a, b in ranges)
    parts = []
    for (a, b), count, d, r in zip(ranges, counts, own_dates, own_recipients, strict=True):
        part = cand.copy(
            quantities=set(count), part_of=cand.token, evidence=[(a, min(b, cand.evidence[0][1]))]
        )
        part.date = d if d is not None else (cand.date if outside else None)
        if r is not None:
            if cand.recipient is not None and cand.recipient.key != r.key:
                part.also = [p for p in part.also if p.key != r.key]
            part.recipient = r
        parts.append(part)
    return parts


def _member_recipient(reader: Reader, s: Sentence, member: Token) -> Party | None:
    inner = [
        g
        for c in member.children
        if c.dep_ == "prep" and c.lower_ in reader.lex.recipient_preps["donation"]
        for g in c.children
        if g.dep_ == "pobj"
    ]
    found = [p for g in inner for p in reader.parties_of(s, g)]
    return found[0] if found else None


def _split_arrivals(reader: Reader, s: Sentence, out: list[FactCandidate]) -> None:
    """People arriving with goods give two facts: a visit and a donation (gold README)."""
    quantities = reader.article.quantities
    for cand in list(out):
        if cand.type != "visit":
            continue
        subj = subject(s.token(cand.token))
        if subj is None or moving(reader.lex, subj) != "both":
            continue
        goods = {q for q in cand.quantities if quantities[q].category in reader.lex.goods_categories}
        donation = cand.copy(type="donation", quantities=goods, also=[])
        cand.quantities = cand.quantities - goods
        out.insert(out.index(cand) + 1, donation)


def fill_parts(cands: list[FactCandidate]) -> None:
    """Parts of one listed delivery share the parties one of them names ('..., which reached Fiji')."""
    groups: dict[int, list[FactCandidate]] = {}
    for c in cands:
        if c.part_of is not None:
            groups.setdefault(c.part_of, []).append(c)
    for group in groups.values():
        agent = next((c.agent for c in group if c.agent is not None), None)
        recipient = next((c.recipient for c in group if c.recipient is not None), None)
        for c in group:
            c.agent = c.agent or agent
            c.recipient = c.recipient or recipient
