"""Pass 7, context: what a sentence lacks, taken from the sentences before it; then the `Fact` records.

Reads the article's merged candidates in text order; writes `models.Fact`s. A delivery with no named donor
('The first 84,240 doses reached the airport') belongs to the last donation of its section; goods named as
already told ('1,000 of the machines') go to the recipient of the donation that introduced them; a visit
with no place, date or count is dropped (it retells an arrival or is background); a carrier is not the
donor: the state in its name is.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from models import Article, Fact, Mention
from pipeline.stages.facts.candidate import FactCandidate
from pipeline.stages.facts.dates import dates_on
from pipeline.stages.facts.parse import Sentence, forms
from pipeline.stages.facts.parties import Reader
from pipeline.stages.facts.records import compatible, ref, same, unique

_LIST_MARKS = ("-", "–", "•", "*", "·")


class ListLead:
    """Items listed after a lead-in ('The two Presidents then witnessed the signing of five MoUs:' and one
    paragraph per MoU) take the lead-in's date when they tell none. The lead-in's date is its own, else, when
    it goes on from the story told before ('then', 'afterwards'), the last date told before it.

    `read` takes each body sentence in order; `date_of` answers for a sentence read last."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.date: int | None = None
        self.open = False

    def read(self, s: Sentence) -> None:
        if self.open and _list_item(self.reader, s):
            return
        self.open = s.text.rstrip().endswith(":")
        self.date = self._lead_date(s) if self.open else None

    def date_of(self, s: Sentence) -> int | None:
        return self.date if self.open and _list_item(self.reader, s) else None

    def _lead_date(self, s: Sentence) -> int | None:
        dates = self.reader.article.dates
        usable = [
            i
            for i, d in enumerate(dates)
            if d.type == "DATE" and d.value is not None and d.value not in self.reader.lex.vague_dates
        ]
        own = [i for i in usable if s.start <= dates[i].start < s.end]
        if own:
            return own[0]
        if any(t.dep_ == "advmod" and t.lower_ in self.reader.lex.sequel_words for t in s.tokens):
            earlier = [i for i in usable if dates[i].end <= s.start]
            return earlier[-1] if earlier else None
        return None


def _list_item(reader: Reader, s: Sentence) -> bool:
    text = (reader.article.text or "")[s.para.start : s.para.start + 2]
    return text.startswith(_LIST_MARKS) or bool(re.match(r"\d[.)]", text))


def date_list_items(lead: ListLead, s: Sentence, found: list[FactCandidate]) -> None:
    """Facts of a listed item with no date of their own take the lead-in's (see `ListLead`)."""
    date = lead.date_of(s)
    for c in found:
        if c.date is None and date is not None:
            c.date = date


def date_announced(reader: Reader, s: Sentence, earlier: list[FactCandidate]) -> None:
    """'X has been awarded a $5 million grant ... Y announced the award on Friday': an event told before
    without a date, named again by a definite noun as what was announced, takes the announcement's date
    (gold README: 'X has provided ..., Y said on Tuesday' takes the statement's date)."""
    lex, dates = reader.lex, reader.article.dates
    for t in s.tokens:
        if t.lemma_.lower() not in lex.announce_verbs:
            continue
        noun = next((c for c in t.children if c.dep_ == "dobj"), None)
        if noun is None or not (forms(noun) & lex.retold_nouns) or not _definite(noun):
            continue
        kind = lex.nouns.get(noun.lemma_.lower())
        last = next((c for c in reversed(earlier) if kind is None or c.type == kind), None)
        date = next((i for i in dates_on(reader, s, t) if dates[i].value not in lex.vague_dates), None)
        if last is not None and last.date is None and date is not None:
            last.date = date


def _definite(noun: Token) -> bool:
    return any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "its", "their")
        for c in noun.children
    )


def adopt_orphans(cands: list[FactCandidate]) -> list[FactCandidate]:
    """Donations told without a side take it from the section's earlier donations (see the module)."""
    out: list[FactCandidate] = []
    for c in cands:
        if c.orphan:
            if not _adopt(c, out):
                continue
        elif c.told_goods and c.recipient is None:
            _follow_goods(c, out)
        elif c.giver_unknown:
            _same_giver(c, out)
        out.append(c)
    return out


def _adopt(c: FactCandidate, earlier: list[FactCandidate]) -> bool:
    """A delivery told without its donor takes the last donation of its section that names both sides,
    or that names the side it lacks; False when there is none and it names no side itself."""
    donations = [
        m
        for m in earlier
        if m.type == "donation"
        and m.section == c.section
        and not m.orphan
        and m.agent is not None
        and m.agent.kind != "person"
    ]
    fitting = [m for m in donations if compatible(m.recipient, c.recipient)]
    both = [m for m in fitting if m.recipient is not None]
    source = (both or fitting)[-1] if (both or fitting) else None
    if source is None:
        return c.agent is not None or c.recipient is not None
    c.agent = source.agent
    c.recipient = c.recipient or source.recipient
    return True


def _follow_goods(c: FactCandidate, earlier: list[FactCandidate]) -> None:
    """'the bank was contributing 1,000 of the machines': goods already told go where they went."""
    source = next(
        (
            m
            for m in reversed(earlier)
            if m.type == "donation"
            and m.section == c.section
            and m.recipient is not None
            and not m.orphan  # the statement that introduced the goods
        ),
        None,
    )
    if source is not None and not same(source.recipient, c.agent):
        c.recipient = source.recipient


def _same_giver(c: FactCandidate, earlier: list[FactCandidate]) -> None:
    """'Other recipients include X, which receives $165 million': the giver of the section's last
    donation that names one gave this too."""
    source = next(
        (
            m
            for m in reversed(earlier)
            if m.type == "donation"
            and m.section == c.section
            and m.agent is not None
            and m.agent.kind != "person"
        ),
        None,
    )
    if source is not None and not same(source.agent, c.recipient):
        c.agent = source.agent


def drop_bare_visits(cands: list[FactCandidate]) -> list[FactCandidate]:
    """A visit with no host or place, no date and no count ('Little and Jackson flew in', 'after the team
    arrived') retells an arrival or is background: nothing in it can be counted or placed."""
    return [
        c
        for c in cands
        if not (c.type == "visit" and c.recipient is None and c.date is None and not c.quantities)
    ]


def donor_not_carrier(reader: Reader, cands: list[FactCandidate]) -> None:
    """A carrier is not the donor: the state it serves is, the carrier going to `also`."""
    for c in cands:
        state = reader.carrier_country(c.agent) if c.type == "donation" and c.agent else None
        if state is not None and c.agent is not None:
            c.also.insert(0, c.agent)
            c.agent = state


def to_fact(article: Article, c: FactCandidate) -> Fact:
    text = article.text or ""
    date = article.dates[c.date] if c.date is not None else None
    keys = {p.key for p in (c.agent, c.recipient) if p is not None}
    also = [p for p in unique(c.also) if p.key not in keys]
    return Fact(
        type=c.type,
        agent=ref(article, c.agent) if c.agent else None,
        recipient=ref(article, c.recipient) if c.recipient else None,
        also=[ref(article, p) for p in also],
        date=date.value if date else None,
        end_date=article.dates[c.end].value
        if c.end is not None and date
        else date.end_value
        if date
        else None,
        date_index=c.date,
        quantities=sorted(c.quantities),
        status="planned" if c.planned else "reported",
        evidence=[Mention(text=text[a:b], start=a, end=b) for a, b in c.evidence],
        section=c.section,
    )
