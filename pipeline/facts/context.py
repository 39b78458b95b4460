"""Pass 7, context: what a sentence lacks, taken from the sentences before it; then the `Fact` records.

Reads the article's merged candidates in text order; writes `models.Fact`s. A delivery with no named donor
('The first 84,240 doses reached the airport') belongs to the last donation of its section; goods named as
already told ('1,000 of the machines') go to the recipient of the donation that introduced them; a visit
with no place, date or count is dropped (it retells an arrival or is background); a carrier is not the
donor: the state in its name is.
"""

from __future__ import annotations

from models import Article, Fact, Mention
from pipeline.facts.candidate import FactCandidate
from pipeline.facts.parties import Reader
from pipeline.facts.records import compatible, ref, same, unique


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
        end_date=date.end_value if date else None,
        date_index=c.date,
        quantities=sorted(c.quantities),
        status="planned" if c.planned else "reported",
        evidence=[Mention(text=text[a:b], start=a, end=b) for a, b in c.evidence],
        section=c.section,
    )
