"""Pass 5, quantities: what each event gave or how many took part, and the evidence it is told in.

Reads the article's quantity mentions and the trigger's clause; writes each candidate's `quantities`,
`evidence`, `section`, `paragraph` and `sentence`, and drops a service that names nobody and counts
nothing ('shared their experience'). The quantities are those inside the trigger's clause (with its
subject), less those of relative clauses and of other triggers' clauses; a purpose clause's count of people
('to protect 1.2 million people') is the gift's; 'they' brings the count of the subject it refers to.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from pipeline.stages.facts.candidate import FactCandidate
from pipeline.stages.facts.parse import (
    CLAUSES,
    SUBJECTS,
    VERBS,
    Sentence,
    forms,
    gerund_head,
    has_subject,
    purpose,
    subject,
)
from pipeline.stages.facts.parties import Reader
from pipeline.stages.facts.triggers import Trigger, is_acquisition


def clause_span(s: Sentence, tok: Token, noun: bool) -> tuple[int, int]:
    """The trigger's clause with a subject written before it; a subject noun's clause is its verb's."""
    lo, hi = s.span_of(tok.head.subtree if gerund_head(tok) is not None else tok.subtree)
    subj = subject(tok)
    if subj is not None and not noun and subj.i < tok.i:
        lo = min(lo, s.span_of(subj.subtree)[0])
    if noun and tok.dep_ in SUBJECTS:  # 'the session drew 898 officials from 105 countries'
        hi = max(hi, s.span_of(tok.head.subtree)[1])
    return lo, hi


def count_quantities(
    reader: Reader, s: Sentence, cands: list[FactCandidate], triggers: dict[int, Trigger]
) -> list[FactCandidate]:
    """Each candidate with its quantities and evidence; countless services with nobody named dropped."""
    kept: list[FactCandidate] = []
    for cand in cands:
        tok = s.token(cand.token)
        noun = cand.how == "noun"
        lo, hi = clause_span(s, tok, noun)
        inner = _inner_clauses(s, tok, cand, triggers)
        cand.quantities = {
            q
            for q in reader.quantities_in(lo, hi)
            if not any(a <= reader.article.quantities[q].start < b for a, b in inner)
        }
        cand.quantities |= _served(reader, s, tok)
        cand.quantities |= _partitives(reader, s, cand.quantities)
        subj = subject(tok)
        if subj is not None and not noun and subj.lower_ in reader.lex.group_pronouns:
            cand.quantities |= _group_count(reader, s, subj)
        if cand.needs_count and not cand.quantities:
            continue  # a statement ('gave professional advice'), not a countable service
        cand.evidence = [(max(lo, s.start), min(hi, s.end))]
        cand.section = s.para.section
        cand.paragraph = s.para.start
        cand.sentence = (s.start, s.end)
        kept.append(cand)
    return kept


def _inner_clauses(
    s: Sentence, tok: Token, cand: FactCandidate, triggers: dict[int, Trigger]
) -> list[tuple[int, int]]:
    """Clauses below the trigger that keep their own counts: other types' triggers, relative and other
    subordinate clauses, conjoined clauses with their own subject."""
    # a verb this one shares its subject with keeps its own objects' counts ('It bought 8% ... and has
    # signed an agreement for a further 5.3%')
    shared = tok.head if tok.dep_ == "conj" and not has_subject(tok) and tok.head.i not in triggers else None
    objects = (
        [s.span_of(c.subtree) for c in shared.children if c.dep_ == "dobj"] if shared is not None else []
    )
    # what follows a contrastive 'but' on the trigger is another statement, whatever the parser hung on it
    # ('lost 22-15 to X on Friday, but about 1000 supporters made ...')
    contrast = [
        (s.abs(c)[0], s.span_of(tok.subtree)[1])
        for c in tok.children
        if c.dep_ == "cc" and c.lower_ in _CONTRAST
    ]
    return (
        objects
        + contrast
        + [
            s.span_of(t.subtree)
            for t in tok.subtree
            if t.i != cand.token
            and (
                (t.i in triggers and triggers[t.i].type != cand.type)
                or (t.dep_ in CLAUSES and t.pos_ in VERBS)
                or (t.dep_ == "conj" and t.pos_ in VERBS and has_subject(t))
            )
        ]
    )


_CONTRAST = frozenset({"but", "yet", "whereas", "while"})
_PARTITIVE = re.compile(r"\s+of\s+(?:them|those|whom|these)\b", re.IGNORECASE)


def _partitives(reader: Reader, s: Sentence, counted: set[int]) -> set[int]:
    """'gave care to 51,376 people, 4,605 of them injured': a count of a part of a count the fact has."""
    if not counted:
        return set()
    text = reader.article.text or ""
    quantities = reader.article.quantities
    first = min(quantities[q].start for q in counted)
    return {
        q
        for q in reader.quantities_in(s.start, s.end)
        if quantities[q].start > first and _PARTITIVE.match(text, quantities[q].end)
    }


def _served(reader: Reader, s: Sentence, tok: Token) -> set[int]:
    """'committed vaccines to protect 1.2 million people': how many the gift serves."""
    found: set[int] = set()
    for c in tok.children:
        if purpose(c):
            a, b = s.span_of(c.subtree)
            found |= {
                q
                for q in reader.quantities_in(a, b)
                if reader.article.quantities[q].category in reader.lex.people_categories
            }
    return found


def _group_count(reader: Reader, s: Sentence, subj: Token) -> set[int]:
    """'Nearly 50 experts of X took part. ... they have shared ...': how many took part."""
    seen = [p for p in reader.subjects if p.kind != "person" and p.start < s.abs(subj)[0]]
    if seen and seen[-1].start >= s.para.start:
        return reader.subject_counts.get(seen[-1].start, set())
    return set()


def price_told_after(
    reader: Reader,
    before: tuple[Sentence, list[FactCandidate]] | None,
    s: Sentence,
    found: list[FactCandidate],
) -> None:
    """'X made a takeover offer for Y. Y's shareholders will be offered A$1.46 a share, a price that values Y
    at A$291 million.': a sentence of the same paragraph right after a deal, telling no event of its own but a
    price, gives the deal its money."""
    if before is None or found:
        return
    prev, cands = before
    if prev.para is not s.para:
        return
    deals = [c for c in cands if c.type == "agreement" and is_acquisition(reader.lex, prev.token(c.token))]
    if len(deals) != 1 or not any(forms(t) & reader.lex.price_words for t in s.tokens):
        return
    money = {
        q for q in reader.quantities_in(s.start, s.end) if reader.article.quantities[q].category == "money"
    }
    if money:
        deals[0].quantities |= money
        deals[0].evidence.append((s.start, s.end))
