"""The facts stage: who gave what to whom, and when, read from the dependency parse.

Reads the `ArticleContext` (one spaCy `Doc` per paragraph, offsets relative to `paragraph.start`) and the
assembled `Article` (its people, organisations, countries, quantities and dates are final, person ↔
organisation links included); writes `list[models.Fact]`. Settings: the trigger lexicon
`data/lexicons/fact_triggers.json` (validated on load), which a caller can extend with
`triggers={"donation": ["bequeath"], ...}` (verb lemmas per type).

The passes, one module each, over typed `FactCandidate`s; per body sentence:
1. triggers (`triggers.py`): verbs listed for a type, light verbs with an event noun ('held a webinar'),
   stand-alone event nouns ('the donation of 50,000 masks from X'), membership copulas, joint projects.
2. roles (`roles.py`): the subject acts (in the passive the `by` phrase), a dative or the type's
   preposition receives; conjoined parties go to `also`; goods arriving are a delivery.
3. parties by reference (`parties.py`, used by 2): a noun phrase's records by offset, pronouns, 'the
   hospital', 'the two sides', officials standing for their country, places placed earlier.
4. dates (`dates.py`): the date whose head chain reaches the trigger first, else the sentence's own.
5. quantities (`quantities.py`): the counts of the trigger's clause; evidence and section.
6. split and merge (`split.py`, `merge.py`): one event per dated part, per conjoined gift with its own
   recipient or date, per linked date; arrivals with goods are a visit and a donation; a same-type trigger
   inside another's clause is the same event; goods passed on are one donation.
Across sentences, as they are read (`context.py`, `merge.py`, `quantities.py`): items listed after a lead-in
   ending in ':' take its date; 'Y announced the award on Friday' dates the event told before; 'its visit,
   which ends on 6 October' gives the last visit its end date; a price told right after a takeover is its money.
Then over the article:
7. context (`context.py`, `merge.py`): the same event told twice in a paragraph is one fact; a delivery
   without its donor takes the section's last donation; goods already told go to their recipient; a visit
   with no place, date or count is dropped; a carrier gives way to the state it serves.
"""

from __future__ import annotations

from collections.abc import Mapping

from models import Article, Fact
from pipeline.context import ArticleContext
from pipeline.stages.facts.candidate import FactCandidate
from pipeline.stages.facts.context import (
    ListLead,
    adopt_orphans,
    date_announced,
    date_list_items,
    donor_not_carrier,
    drop_bare_visits,
    to_fact,
)
from pipeline.stages.facts.dates import assign_dates, sentence_dates
from pipeline.stages.facts.lexicon import load_lexicon
from pipeline.stages.facts.merge import end_told, merge_article, merge_sentence, pass_on
from pipeline.stages.facts.parse import Sentence
from pipeline.stages.facts.parties import Reader
from pipeline.stages.facts.quantities import count_quantities, price_told_after
from pipeline.stages.facts.roles import roles
from pipeline.stages.facts.split import fill_parts, split
from pipeline.stages.facts.triggers import find_triggers


def extract_facts(
    ctx: ArticleContext, article: Article, *, triggers: Mapping[str, list[str]] | None = None
) -> list[Fact]:
    """The events the article reports, one `Fact` per event, with parties pointing into `article`.

    `triggers` adds verb lemmas per fact type to those of `data/lexicons/fact_triggers.json`.
    """
    reader = Reader(article, load_lexicon(triggers))
    candidates: list[FactCandidate] = []
    before: tuple[Sentence, list[FactCandidate]] | None = None
    lead = ListLead(reader)
    for s in sentences(ctx):
        reader.remember_subjects(s)
        lead.read(s)
        date_announced(reader, s, candidates)
        found = sentence_facts(reader, s)
        end_told(reader, s, found, candidates)
        date_list_items(lead, s, found)
        price_told_after(reader, before, s, found)
        before = (s, found) if found else None
        candidates += found
        for c in found:
            if c.agent is not None and c.recipient is not None:
                reader.last_pair = (c.agent, c.recipient)
    candidates = adopt_orphans(candidates)
    candidates = merge_article(reader, candidates)
    candidates = drop_bare_visits(candidates)
    donor_not_carrier(reader, candidates)
    return [to_fact(article, c) for c in candidates]


def sentences(ctx: ArticleContext) -> list[Sentence]:
    """The sentences of the body paragraphs (not the title, byline or headings), in order."""
    return [Sentence(sent, para) for para, doc in ctx.docs() if para.kind == "body" for sent in doc.sents]


def sentence_facts(reader: Reader, s: Sentence) -> list[FactCandidate]:
    """Passes 1-6 over one sentence."""
    triggers = find_triggers(reader.lex, s)
    if not triggers:
        return []
    cands = [c for t in triggers.values() if (c := roles(reader, s, t)) is not None]
    cands = count_quantities(reader, s, cands, triggers)
    dates = sentence_dates(article=reader.article, s=s, triggers=set(triggers))
    assign_dates(reader.article, reader.lex, s, cands, dates, set(triggers))
    cands = split(reader, s, cands, dates)
    cands = merge_sentence(reader, s, cands)
    fill_parts(cands)
    return pass_on(s, cands)


__all__ = ["extract_facts"]
