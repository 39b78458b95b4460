"""Pass 6b, merge: the same event told twice is one candidate with both pieces of evidence.

Reads candidates (of one sentence, then of the whole article); writes the merged list. In a sentence, a
same-type trigger inside another's clause is the same event ('given 100,000 doses ..., with the ambassador
handing the consignment to ...'); goods received and passed on ('received ... and handed them to Y') are
one donation to Y. In the article, the same type in the same paragraph with compatible parties sharing
one, compatible dates and counts is one event.
"""

from __future__ import annotations

from pipeline.stages.facts.candidate import FactCandidate
from pipeline.stages.facts.dates import dates_on
from pipeline.stages.facts.parse import Sentence, has_subject, own_clause, within
from pipeline.stages.facts.parties import Reader
from pipeline.stages.facts.records import Party, compatible, same, unique

_RETELLING = frozenset({"the", "this", "that", "its", "their", "his", "her"})


def merge_sentence(reader: Reader, s: Sentence, cands: list[FactCandidate]) -> list[FactCandidate]:
    """Fold same-type triggers of one clause into one candidate, then goods passed on."""
    merged: list[FactCandidate] = []
    for cand in cands:
        tok = s.token(cand.token)
        cand.separate = has_subject(tok)
        if own_clause(tok) and any(own_clause(s.token(m.token)) for m in merged):
            merged.append(cand)  # 'it admitted the third patient; it later also cared for the 17th'
            continue
        parent = _clause_parent(s, cand, merged)
        if parent is not None:
            absorb(reader, parent, cand)
        else:
            merged.append(cand)
    return merged


def _clause_parent(s: Sentence, cand: FactCandidate, merged: list[FactCandidate]) -> FactCandidate | None:
    """An earlier candidate of the same type whose trigger holds this one's, or is held by it."""
    tok = s.token(cand.token)
    fitting = [
        m
        for m in merged
        if m.type == cand.type
        and (m.date is None or cand.date is None or m.date == cand.date)
        and not same(m.recipient, cand.agent)  # goods passed on: see pass_on
    ]
    below = next((m for m in fitting if within(tok, s.token(m.token))), None)
    return below or next((m for m in fitting if within(s.token(m.token), tok)), None)


def pass_on(s: Sentence, cands: list[FactCandidate]) -> list[FactCandidate]:
    """'X received 500 masks and handed them to Y': goods passed on by their receiver (the object a
    pronoun) are one donation to Y, with the first giver (if named) as the agent."""
    out: list[FactCandidate] = []
    for c in cands:
        tok = s.token(c.token)
        themes = [
            t for t in tok.children if t.dep_ == "dobj" and t.lower_ in ("them", "it", "these", "those")
        ]
        source = next(
            (m for m in reversed(out) if c.type == m.type == "donation" and same(m.recipient, c.agent)),
            None,
        )
        if themes and source is not None and c.agent is not None:
            if source.agent is not None:
                c.also.insert(0, c.agent)
                c.agent = source.agent
            c.also = unique([*c.also, *source.also])
            c.quantities |= source.quantities
            c.date = c.date if c.date is not None else source.date
            c.evidence = [*source.evidence, *c.evidence]
            c.planned = c.planned and source.planned
            out.remove(source)
        out.append(c)
    return out


def absorb(reader: Reader, m: FactCandidate, c: FactCandidate) -> None:
    """Fold candidate `c` (the same event) into `m`."""
    if (
        m.agent is not None
        and c.agent is not None
        and c.agent.kind != "person"
        and reader.is_carrier(m.agent)
        and not reader.is_carrier(c.agent)
    ):
        m.also.append(m.agent)  # a carrier is not the donor when the donor is named
        m.agent = c.agent
    m.agent = _side(m, m.agent, c.agent, m.recipient)
    m.recipient = _side(m, m.recipient, c.recipient, m.agent)
    m.also = unique([*m.also, *c.also])
    m.date = m.date if m.date is not None else c.date
    m.quantities |= c.quantities
    for lo, hi in c.evidence:
        for k, (a, b) in enumerate(m.evidence):
            if lo < b and a < hi:  # the same clause or one inside the other: one piece of evidence
                m.evidence[k] = (min(a, lo), max(b, hi))
                break
        else:
            m.evidence.append((lo, hi))
    m.planned = m.planned and c.planned


def _side(m: FactCandidate, mine: Party | None, theirs: Party | None, other: Party | None) -> Party | None:
    """One side of a merged event: a named organisation or country beats an official (who goes to
    `also`), a missing side is filled unless that would make both sides one party, a different party
    goes to `also`."""
    if (
        mine is not None
        and theirs is not None
        and (mine.kind == "person" or mine.proxy)
        and theirs.kind != "person"
        and not theirs.proxy
    ):
        m.also.append(mine)
        return theirs
    if mine is None and not same(theirs, other):
        return theirs
    if theirs is not None and mine is not None and theirs.key != mine.key:
        m.also.append(theirs)
    return mine


def merge_article(reader: Reader, cands: list[FactCandidate]) -> list[FactCandidate]:
    """Fold the same event told twice (same paragraph, type, compatible parties and date) into one."""
    out: list[FactCandidate] = []
    for c in sorted(cands, key=lambda c: c.trigger):
        target = next((m for m in out if _same_event(reader, m, c)), None)
        if target is None:
            out.append(c)
        else:
            absorb(reader, target, c)
    return out


def _same_event(reader: Reader, m: FactCandidate, c: FactCandidate) -> bool:
    """Whether `c` retells `m` (swapping `c`'s sides when a two-sided event names them the other way)."""
    if m.type != c.type or m.paragraph != c.paragraph or m.planned != c.planned:
        return False
    if not (m.date is None or c.date is None or reader.same_date(m.date, c.date)):
        return False
    if m.quantities and c.quantities and not (m.quantities & c.quantities):
        return False  # two counts, two events
    straight = compatible(m.agent, c.agent) and compatible(m.recipient, c.recipient)
    swapped = compatible(m.agent, c.recipient) and compatible(m.recipient, c.agent)
    if m.type in ("meeting", "agreement") and not straight and swapped:
        c.agent, c.recipient = c.recipient, c.agent
        straight = True
    shared = same(m.agent, c.agent) or same(m.recipient, c.recipient)
    if not straight and shared and m.date is not None and c.date is not None:
        # The same date and the same other side: an official acting for the party named before.
        straight = all(
            compatible(a, b) or "person" in (a.kind if a else "", b.kind if b else "")
            for a, b in ((m.agent, c.agent), (m.recipient, c.recipient))
        )
    if m.sentence == c.sentence and m.separate and c.separate:
        return False  # 'it admitted the third patient; it later also cared for the 17th'
    return straight and shared


def end_told(reader: Reader, s: Sentence, found: list[FactCandidate], earlier: list[FactCandidate]) -> None:
    """'The squad arrived on 23 September ... for the rest of its visit, which ends on 6 October': an event
    named again by a definite or possessed noun whose relative clause says when it ends gives the end date of
    the last event of its type told before in the section; the retelling is no event of its own."""
    for cand in list(found):
        tok = s.token(cand.token)
        if cand.how != "noun" or not any(
            c.dep_ in ("det", "poss") and c.lower_ in _RETELLING for c in tok.children
        ):
            continue
        ends = [c for c in tok.children if c.dep_ == "relcl" and c.lemma_.lower() in reader.lex.end_verbs]
        dates = [i for c in ends for i in dates_on(reader, s, c)]
        first = next(
            (c for c in reversed(earlier) if c.type == cand.type and c.section == cand.section), None
        )
        if dates and first is not None and first.date is not None:
            first.end = dates[0]
            found.remove(cand)
