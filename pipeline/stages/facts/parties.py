"""Pass 3, parties by reference: the records a noun phrase names, directly or by reference.

Reads the article's records (through `RecordIndex`), the sentence's parse and what earlier sentences said
(`Reader.subjects`, `Reader.last_pair`); writes `Party` lists, best first. Besides names found by offset:
'it'/'they' take the last organisation or country named as a subject; 'the hospital', 'the bank' the
most-mentioned organisation with that word in its name (else the article's first-named organisation);
'the two sides' the last two-sided event; a place named earlier 'in' a country takes that country; an
official named with a country ('India's ambassador X') or whose role names the country served gives way
to it; a carrier ('Republic of Singapore Air Force') gives way to the state in its name.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Token

from models import Article
from pipeline.context import doc_ents
from pipeline.stages.facts.lexicon import Lexicon
from pipeline.stages.facts.parse import RELATIVE, SUBJECTS, Sentence, forms, pobjs
from pipeline.stages.facts.records import Party, RecordIndex, role_countries, surface, unique

_PLACED_GAP_CHARS = 200  # longer than "up to three words, 'in' " can be


class Reader:
    """The article being read: its records, the lexicon, and the parties seen so far."""

    def __init__(self, article: Article, lex: Lexicon) -> None:
        self.article = article
        self.lex = lex
        self.index = RecordIndex.build(article)
        self.subjects: list[Party] = []  # parties seen as subjects so far, in text order (for 'it')
        self.last_pair: tuple[Party, ...] = ()  # the parties of the last two-sided event
        self.role_countries = role_countries(article)
        self.subject_counts: dict[int, set[int]] = {}  # subject start → its counts of people
        self.groups: list[Party] = []  # parties a team or delegation came from, as subjects, in text order

    # ---- what the sentence names

    def parties_of(self, s: Sentence, head: Token) -> list[Party]:
        """The parties a noun phrase names: its own, then its conjuncts'; best first."""
        found: list[Party] = []
        for h in [head, *head.conjuncts]:
            for p in self._parties_of_one(s, h):
                if all(p.key != q.key for q in found):
                    found.append(p)
        return found

    def _parties_of_one(self, s: Sentence, h: Token) -> list[Party]:
        lex = self.lex
        if h.tag_ in ("PRP", "PRP$") and h.lower_ in lex.pronouns:
            return self._pronoun(lex.pronouns[h.lower_], s.abs(h)[0])
        if any(c.lower_ in ("two", "both") for c in h.children):
            pair = self._two(h, s.abs(h)[0])
            if pair is not None:
                return pair
        rest = self._attached(s, h)
        lo, hi = s.offset + h.left_edge.idx, s.offset + h.idx + len(h.text)  # the phrase up to its head
        own = self.index.within(lo, hi) or self._by_surface(s, h, lo, hi)
        if own:
            return self._named(s, h, own, rest)
        if lex.nouns.get(h.lemma_.lower()) == "agreement" and any(
            c.lower_ in ("this", "that") for c in h.lefts
        ):
            # 'participated in this platform': the organisation named as a subject just before set it up.
            seen = [p for p in self.subjects if p.kind == "organisation" and p.start < s.start]
            return seen[-1:] + rest
        if (
            h.dep_ != "compound"
            and h.lemma_.lower() in lex.anaphors | lex.travellers
            and any(c.lower_ in ("the", "this", "our", "that") for c in h.lefts)
            and not rest  # 'the government of Nepal' names its party: no other government is meant
        ):
            found = self._anaphor(h.lemma_.lower(), s.abs(h)[0]) or self._group(s, h)
            if found is None and h.lemma_.lower() in lex.anaphors:
                found = next(iter(self.protagonist()), None)  # 'the hospital' in a hospital's own page
            return ([found] if found else []) + rest
        return rest

    def _two(self, h: Token, before: int) -> list[Party] | None:
        """'the two sides', 'both companies': the last two-sided event's parties; 'the two Governments', 'the
        two Foreign Ministries': the two countries the article has named most so far. None for other nouns."""
        words = [
            c.lower_ for c in h.lefts if c.dep_ in ("compound", "amod") and c.lower_ not in ("two", "both")
        ]
        heads = forms(h)  # 'Governments' is a proper noun to the model: its lemma keeps the 's'
        names = heads | {" ".join([*words, w]) for w in heads}
        if names & self.lex.state_nouns:
            return self.two_states(before) or self._pair()
        if heads & self.lex.pair_nouns:
            return self._pair()
        return None

    def two_states(self, before: int) -> list[Party]:
        """The article's two countries: named so far first, then named most (a country may first appear
        inside a name: 'Ministry of Defence of Sri Lanka'); [] with fewer than two."""
        ranks = [
            (sum(1 for m in c.mentions if m.start < before), len(c.mentions), i)
            for i, c in enumerate(self.article.countries)
        ]
        named = sorted(ranks, reverse=True)[:2]
        if len(named) < 2:
            return []
        return [Party("country", i, before) for *_, i in sorted(named, key=lambda c: c[2])]

    def _pair(self) -> list[Party]:
        """The last two-sided event's parties, each a side in its own right."""
        return [Party(p.kind, p.index, p.start) for p in self.last_pair]

    def _attached(self, s: Sentence, h: Token) -> list[Party]:
        """Parties in the phrase's apposition or 'of'/'from'/'in'/'at' phrase; a person in apposition to a
        role noun first ('the chairman of X, Professor Y': Y acts, X being their employer)."""
        rest: list[Party] = []
        for c in h.rights:
            if c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ in ("of", "from", "in", "at")):
                target = c if c.dep_ == "appos" else next((g for g in c.children if g.dep_ == "pobj"), None)
                if target is not None:
                    rest += self.parties_of(s, target)
        if h.pos_ == "NOUN" and not any(p.kind == "country" for p in rest):
            # (a state's official, 'the ambassador of India, Z', acts for it; the parser may hang the name
            # on the employer: 'the head of [X, Dr Y]')
            holders = [h, *(g for c in h.rights if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
            people = [
                p for t in holders for c in t.rights if c.dep_ == "appos" for p in self.parties_of(s, c)[:1]
            ]
            people = [p for p in people if p.kind == "person"]
            rest = people + [p for p in rest if all(p.key != q.key for q in people)]
        return rest

    def _named(self, s: Sentence, h: Token, own: list[Party], rest: list[Party]) -> list[Party]:
        """The parties a phrase names itself, the head's own name first."""
        rest = [Party(p.kind, p.index, p.start, main=False) for p in rest]
        head_start, head_end = s.abs(h)
        named = [p for p in own if p.kind != "person" and self.index.covers(p, head_start, head_end)]
        if (
            named
            and named[0].key != own[0].key
            and any(t.dep_ == "cc" for t in h.doc[h.left_edge.i : h.i + 1])
        ):
            named = []  # 'X Hospital and Duke University' parsed as one phrase: keep text order
        if named:
            # The head is an organisation or country name ('Mongolia's Ministry of Health'): it is
            # the party; a person's name or a role noun leaves the party to the organisation or
            # country written before it ('India's ambassador X', 'Fijian Prime Minister Y').
            return [named[0], *[p for p in own if p.key != named[0].key], *rest]
        if (
            h.pos_ == "NOUN"
            and rest
            and rest[0].kind == "organisation"
            and all(p.kind == "country" for p in own)
            and _apposed(h)
        ):
            # 'its Australian partner Mineral Deposits': the company named, not its country (an official's
            # country still acts for them: 'India's high commissioner, Saifullah Khan')
            return [*rest, *own]
        before = [p for p in own if p.kind != "person"]
        people = [p for p in own if p.kind == "person"]
        return [*before, *people, *rest]

    def _group(self, s: Sentence, h: Token) -> Party | None:
        """'the squad', 'the delegation': the party the last team or delegation named as a subject came
        from ('A rugby team from X lost ...; the 25-strong squad arrived ...')."""
        if h.lemma_.lower() not in self.lex.travellers:
            return None
        seen = [p for p in self.groups if p.start < s.abs(h)[0]]
        return seen[-1] if seen else None

    def _by_surface(self, s: Sentence, h: Token, lo: int, hi: int) -> list[Party]:
        """Parties whose records name this phrase's entity elsewhere (a mention the stages skipped)."""
        found: list[Party] = []
        for ent in doc_ents(h.doc):
            a, b = s.offset + ent.start_char, s.offset + ent.end_char
            if a < hi and lo < b:
                key = surface(ent.text)
                if key in self.index.surfaces:
                    kind, index = self.index.surfaces[key]
                    found.append(Party(kind, index, a))
        if not found and h.pos_ == "PROPN" and h.dep_ != "compound":
            found += self._leading_words(h.doc[h.left_edge.i : h.i + 1].text, lo)
        if not found:  # "Nordby's nephrologists": the organisation a possessive names by its first word
            for c in h.children:
                if c.dep_ == "poss" and c.pos_ == "PROPN":
                    found += self._leading_words(c.text, lo)
        if not found and h.pos_ == "PROPN" and h.dep_ == "pobj":
            found += self._placed_earlier(h.doc[h.left_edge.i : h.i + 1].text, lo)
        return found

    def _leading_words(self, text: str, lo: int) -> list[Party]:
        """'Myongji' for 'Myongji Hospital': the leading word(s) of an organisation's name; of several such
        organisations, the one named first, when it was named before ('Nordby' for 'Nordby University
        Hospital' in the lead, not 'Nordby House' named later)."""
        words = surface(text).split()
        words = [w for w in words if w not in ("the", "a", "an")]
        if not words or len(" ".join(words)) < 4:
            return []
        hits = [
            (min((m.start for m in org.mentions), default=lo), i)
            for i, org in enumerate(self.article.organisations)
            if surface(org.name).split()[: len(words)] == words
            and len(surface(org.name).split()) > len(words)
        ]
        if len(hits) == 1:
            return [Party("organisation", hits[0][1], lo)]
        first, i = min(hits, default=(lo, -1))
        return [Party("organisation", i, lo)] if first < lo else []

    def _placed_earlier(self, name: str, before: int) -> list[Party]:
        """The country a place was put in earlier in the article ('Tanjung Priok Port in Jakarta', then
        'sailed for Tanjung Priok'): its name, up to three more words and 'in' before a country mention."""
        text = self.article.text or ""
        name = name.removeprefix("the ").strip()
        if len(name) < 4:
            return []
        mentions = sorted(
            (m.start, i) for i, c in enumerate(self.article.countries) for m in c.mentions if m.start < before
        )
        starts = [start for start, _ in mentions]
        for occurrence in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text[:before]):
            # only mentions a few words on can match the gap (looking at all of them was quadratic)
            lo = bisect.bisect_left(starts, occurrence.end())
            hi = bisect.bisect_left(starts, occurrence.end() + _PLACED_GAP_CHARS)
            for start, i in mentions[lo:hi]:
                gap = text[occurrence.end() : start]
                if re.fullmatch(r"(?:\s+[A-Z][\w'-]*){0,3},?\s+in\s+", gap):
                    return [Party("country", i, before)]
        return []

    def _pronoun(self, kind: str, before: int) -> list[Party]:
        wanted = ("person",) if kind == "person" else ("organisation", "country")
        seen = [p for p in self.subjects if p.kind in wanted and p.start < before]
        return [seen[-1]] if seen else []

    def _anaphor(self, noun: str, before: int) -> Party | None:
        """'the hospital', 'the bank': the most-mentioned organisation whose name has that noun."""
        best: tuple[int, int, int] | None = None
        for i, org in enumerate(self.article.organisations):
            names = [org.name, *org.aliases]
            if not any(noun in surface(n).split() for n in names):
                continue
            earlier = [m.start for m in org.mentions if m.start < before]
            if not earlier:
                continue
            rank = (len(org.mentions), max(earlier), i)
            if best is None or rank > best:
                best = rank
        return Party("organisation", best[2], before) if best is not None else None

    def hosts(self, s: Sentence, tok: Token) -> list[Party]:
        """'at the invitation of WHO', 'at the request of UNDRR': the party behind the event."""
        found: list[Party] = []
        for c in tok.children:
            if c.dep_ != "prep":
                continue
            for g in c.children:
                if g.dep_ == "pobj" and g.lemma_.lower() in self.lex.host_nouns:
                    for p in pobjs(g, ("of", "from", "by")):
                        found += self.parties_of(s, p)
        for t in tok.subtree:  # '... at the Experience Exchange which (was) organized by HHRDC'
            if (
                t.dep_ == "agent"
                and t.head.dep_ in ("acl", "relcl")
                and t.head.lemma_.lower() in self.lex.host_verbs
            ):
                found += [p for g in t.children if g.dep_ == "pobj" for p in self.parties_of(s, g)]
        return found

    def protagonist(self) -> list[Party]:
        """The organisation named first (title or lead) and named again: the article's subject or publisher."""
        named = [
            (min(m.start for m in org.mentions), i)
            for i, org in enumerate(self.article.organisations)
            if len(org.mentions) >= 2
        ]
        if not named:
            return []
        start, best = min(named)
        return [Party("organisation", best, start)]

    # ---- who acts for whom

    def stand_ins(self, parties: list[Party]) -> list[Party]:
        """An official whose role names the country they act for ('India's ambassador to Nepal', 'Fijian
        prime minister') gives way to that country, the official following as a further party."""
        out: list[Party] = []
        for p in parties:
            country = self.role_countries.get(p.index) if p.kind == "person" else None
            if country is not None and all(q.key != ("country", country) for q in parties):
                out += [
                    Party("country", country, p.start, p.main, proxy=True),
                    Party(p.kind, p.index, p.start, main=False),
                ]
            else:
                out.append(p)
        return out

    def signatories(self, s: Sentence, parties: list[Party]) -> list[Party]:
        """In an agreement, a person whose record links them to an organisation named in the same sentence
        signs for it ('A and B, the chief executives of X and Y, signed ...'); the person follows."""
        signs: dict[int, int] = {}  # person index → organisation index
        for p in parties:
            org = self.article.people[p.index].organisation_index if p.kind == "person" else None
            if org is not None and any(
                s.start <= m.start < s.end for m in self.article.organisations[org].mentions
            ):
                signs.setdefault(p.index, org)
        out: list[Party] = []
        for p in parties:
            if p.kind == "organisation" and p.index in signs.values():
                continue  # it comes with the person who signs for it
            if p.kind == "person" and p.index in signs:
                out += [
                    Party("organisation", signs[p.index], p.start, p.main, proxy=True),
                    Party(p.kind, p.index, p.start, main=False),
                ]
            else:
                out.append(p)
        return unique(out)

    def carrier_country(self, party: Party) -> Party | None:
        """The country a national carrier flies for ('Republic of Singapore Air Force' → Singapore)."""
        if not self.is_carrier(party):
            return None
        name = surface(self.article.organisations[party.index].name)
        for i, country in enumerate(self.article.countries):
            names = {surface(country.name), *(surface(m.text) for m in country.mentions)}
            if any(n and f" {n} " in f" {name} " for n in names):
                return Party("country", i, party.start)
        return None

    def is_carrier(self, party: Party) -> bool:
        if party.kind != "organisation":
            return False
        name = surface(self.article.organisations[party.index].name)
        return any(word in name for word in self.lex.carriers)

    # ---- memory across sentences

    def remember_subjects(self, s: Sentence) -> None:
        """Note the sentence's named subjects (for later pronouns) and their counts of people."""
        for tok in s.tokens:
            if tok.dep_ in SUBJECTS and tok.lower_ not in self.lex.pronouns and tok.lower_ not in RELATIVE:
                for p in self.parties_of(s, tok)[:1]:
                    start = s.abs(tok)[0]
                    self.subjects.append(Party(p.kind, p.index, start))
                    if tok.lemma_.lower() in self.lex.travellers and p.kind != "person":
                        self.groups.append(Party(p.kind, p.index, start))
                    lo, hi = s.span_of(tok.subtree)
                    self.subject_counts[start] = {
                        q
                        for q in self.quantities_in(lo, hi)
                        if self.article.quantities[q].category in self.lex.people_categories
                    }

    def same_date(self, a: int, b: int) -> bool:
        da, db = self.article.dates[a], self.article.dates[b]
        return (da.value, da.end_value) == (db.value, db.end_value)

    def quantities_in(self, lo: int, hi: int) -> list[int]:
        """Indexes of the article's quantities inside [lo, hi) that can count what a fact gave."""
        return [
            i
            for i, q in enumerate(self.article.quantities)
            if lo <= q.start and q.end <= hi and q.category not in self.lex.excluded_categories
        ]


def _apposed(h: Token) -> bool:
    """Whether a common noun has a name in apposition ('its partner Mineral Deposits Limited')."""
    return any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in h.rights)
