"""Which short forms name an organisation: acronym definitions whose long form is one, acronyms in brackets
after a name (letters matching or not) and stock tickers after a company's name.

Reads the article's acronym definitions (`acronyms.all_acronym_pairs`), its organisation head phrases and
the model's ORG names; writes the `AcronymPair`s the organisations stage files as (long form, acronym).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from pipeline.context import ArticleContext
from pipeline.stages.names.acronyms import AcronymPair, all_acronym_pairs
from pipeline.stages.names.words import (
    QUOTES,
    OrgSpan,
    Places,
    agent_verbs,
    company_suffixes,
    country_codes,
    is_capitalised,
    norm_key,
    not_organisations,
    thing_heads,
    trim_span,
    venue_heads,
)


def organisation_pairs(ctx: ArticleContext, heads: list[OrgSpan], places: Places) -> list[AcronymPair]:
    """(long form, acronym) pairs that name organisations, the long form widened to the whole name."""
    defined = all_acronym_pairs(ctx)
    pairs = [
        _whole_long_form(ctx, p, heads) for p in defined if _long_form_is_org(p.long, places) or _acts(ctx, p)
    ]
    return pairs + _bracketed_short_forms(ctx, heads, {p.short for p in defined})


def _acts(ctx: ArticleContext, pair: AcronymPair) -> bool:
    """The text makes the acronym the subject of a verb only a body that acts takes ("WFP said", "WFP sent
    rice"; agent_verbs in org_lexicon.json): "World Food Programme (WFP)" is an organisation though a
    programme is usually a thing; "the NVP covers children" leaves it to the long form."""
    for _para, doc in ctx.docs():
        for tok in doc:
            if tok.text == pair.short and tok.dep_ == "nsubj" and tok.head.lemma_ in agent_verbs():
                return True
    return False


_IN_BRACKETS = re.compile(r"\s*\(([A-Z][A-Z&]{1,9})\)")
_TICKER = re.compile(r"\s*\([A-Z]{2,8}:\s*([A-Z][A-Z0-9.]{0,7})\)")


@cache
def _company_before_ticker() -> re.Pattern[str]:
    """A company's name ending in a legal form (company_suffixes), right before '(EXCHANGE: TICKER)'."""
    suffixes = "|".join(re.escape(w) for w in sorted(company_suffixes(), key=len, reverse=True))
    return re.compile(rf"((?:[A-Z][\w&'.-]*\s+){{1,6}}(?i:{suffixes}))(?={_TICKER.pattern})")


def _bracketed_short_forms(ctx: ArticleContext, heads: list[OrgSpan], paired: set[str]) -> list[AcronymPair]:
    """Short forms whose letters need not match: an acronym in brackets right after an organisation's name
    ('Norwegian Development Agency (NORAD)': the acronym of the name in another language), and a stock
    ticker after a company's name ('Nordic Ferries Limited (OSE: NFL)')."""
    out: list[AcronymPair] = []
    # the model's organisation names as well as head phrases: "the Swiss Federal Railways (SBB)"
    names = [(h.start, h.end) for h in heads]
    names += [trim_span(ctx.text, s, e) for _ent, s, e, _ in ctx.entities("ORG")]
    for start, end in dict.fromkeys(names):
        m = _IN_BRACKETS.match(ctx.text, end)
        if m and start < end and m.group(1) not in paired and m.group(1) not in country_codes():
            paired = paired | {m.group(1)}
            out.append(AcronymPair(start, end, m.start(1), m.end(1), ctx.text[start:end], m.group(1)))
    for m in _company_before_ticker().finditer(ctx.text):
        start, end = trim_span(ctx.text, m.start(1), m.end(1))
        ticker = _TICKER.match(ctx.text, m.end(1))
        if ticker and ticker.group(1) not in paired and start < end:
            out.append(
                AcronymPair(start, end, ticker.start(1), ticker.end(1), ctx.text[start:end], ticker.group(1))
            )
    return out


def _whole_long_form(ctx: ArticleContext, pair: AcronymPair, heads: list[OrgSpan]) -> AcronymPair:
    """The organisation's whole name as the long form: 'Spanish Agency for International Development
    Cooperation (AECID)', where the letters match only from 'Agency' (the acronym is Spanish)."""
    longer = [
        h
        for h in heads
        if h.end == pair.long_end and h.start < pair.long_start and "\n" not in ctx.text[h.start : h.end]
    ]
    if not longer:
        return pair
    head = min(longer, key=lambda h: h.start)
    return replace(pair, long_start=head.start, long=head.text)


def _long_form_is_org(long_form: str, places: Places) -> bool:
    key = norm_key(long_form)
    if key in places or key in not_organisations():
        return False
    words_ = long_form.split()
    # "Personal Protective Equipment (PPE)" has no head word and reads as a thing, but "Northeast Asia
    # Cooperation for Health Security" is an organisation without one: accept title-case long forms
    # unless their last word is a thing or venue noun.
    last = words_[-1].lower().strip(QUOTES)
    return is_capitalised(words_[-1]) and last not in thing_heads() and last not in venue_heads()
