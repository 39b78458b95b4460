"""The facts stage: who gave what to whom, and when, read from the dependency parse.

Reads the `ArticleContext` (one spaCy `Doc` per paragraph, offsets relative to `paragraph.start`) and the
assembled `Article` (its people, organisations, countries, quantities and dates are final); writes
`list[models.Fact]`. Settings: the trigger lexicon `data/lexicons/fact_triggers.json`, which a caller can
extend with `triggers={"donation": ["bequeath"], ...}` (verb lemmas per type).

How a fact is found, per sentence:
1. A trigger is a verb whose lemma is listed for a type (`verbs`; 'hand over' needs its particle), a light
   verb whose direct object is an event noun ('held a webinar' → meeting, 'gave advice' → service), or a
   stand-alone event noun ('the donation of 50,000 masks from X').
2. Roles come from the parse: the subject is the agent (in the passive the `by` phrase), a dative or a
   `to`/`for`/`with` object the recipient; conjoined parties go to `also`; a verb conjoined to another
   without a subject of its own borrows that verb's subject.
3. A role's noun phrase becomes a party by offset overlap with the mentions of the article's records; a
   country or organisation written before an official's name ("India's ambassador X", "Fijian Prime
   Minister Y") is the party and the official goes to `also`.
4. The date is the date mention whose head chain reaches this trigger first; a date hanging on no
   trigger ("On April 9, ...") holds for the whole sentence. A later sentence telling the same event
   gets it by step 6 (lending a sentence-opening date to every later sentence of the paragraph was
   measured and cost more than it gained on the gold sets).
5. Quantities are those inside the trigger's clause (less relative clauses and other triggers' clauses);
   'N doses on D1, M doses on D2' gives one fact per date.
6. The same event told twice (same type and paragraph, compatible parties sharing one, compatible dates)
   is one fact with both pieces of evidence; a same-type trigger inside another's clause is the same event.
7. Context the sentence lacks: 'it'/'they' take the last organisation or country named as a subject;
   'the hospital', 'the bank' the most-mentioned organisation with that word in its name (else the
   article's first-named organisation); 'the two sides' the last two-sided event; a delivery with no
   named donor ('The first 84,240 doses reached the airport') the last donation of its section; a
   carrier ('Republic of Singapore Air Force') gives way to the state in its name; an official whose
   record's role names the country served ('India's ambassador to Nepal') gives way to that country;
   goods named as already told ('1,000 of the machines') go to the recipient of the donation that
   introduced them; 'they' brings the count of people of the subject it refers to.
8. Shapes the parse hides: one donation listed in conjoined parts, each with its own count and its own
   date or recipient, is one fact per part; goods received and passed on ('received ... and handed them
   to Y') are one donation to Y; 'X is a member of Y' is an agreement; a participle after a comma that
   the parser made a modifier ('..., supplying ambulances') is read as a clause; a purpose clause's
   count of people ('to protect 1.2 million people') is the gift's; a visit with no place, date or count
   is dropped (it retells an arrival or is background).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any, Literal, overload

from spacy.tokens import Span, Token

from models import Article, Fact, Mention, PartyRef
from models.article import FactType, PartyKind
from pipeline.context import ArticleContext, NearbySpans, Paragraph
from pipeline.resources import load_json, load_tsv

_TYPES: tuple[FactType, ...] = ("donation", "meeting", "visit", "service", "agreement")
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_RELATIVE = {"which", "that", "who", "whom", "whose"}
_DATE_TYPES = {"DATE", "SET"}


# ----------------------------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class _Lexicon:
    verbs: dict[str, list[tuple[str, ...]]]  # type → entries split into words
    nouns: dict[str, FactType]  # object noun (lower case, may be several words) → type
    standalone: frozenset[str]
    light: frozenset[str]
    receive: frozenset[str]
    weak: frozenset[str]
    pair: frozenset[str]
    not_goods: frozenset[str]
    goods: frozenset[str]
    goods_categories: frozenset[str]
    people_categories: frozenset[str]
    excluded_categories: frozenset[str]
    recipient_preps: dict[str, frozenset[str]]
    vague_dates: frozenset[str]
    carriers: tuple[str, ...]
    host_nouns: frozenset[str]
    object_preps: frozenset[str]
    agent_preps: frozenset[str]
    modals: frozenset[str]
    governors: frozenset[str]
    pronouns: dict[str, str]  # pronoun → kind
    anaphors: frozenset[str]
    vehicles: frozenset[str]
    help_verbs: frozenset[str]
    service_holders: frozenset[str]
    host_verbs: frozenset[str]
    travellers: frozenset[str]
    place_preps: frozenset[str]
    group_pronouns: frozenset[str]
    copulas: frozenset[str]
    attendance_preps: frozenset[str]
    membership_nouns: frozenset[str]

    def nouns_of(self, kind: str) -> set[str]:
        return {n for n, k in self.nouns.items() if k == kind}


def _lexicon(extra: Mapping[str, list[str]] | None) -> _Lexicon:
    data: dict[str, Any] = load_json("fact_triggers.json")
    verbs: dict[str, list[tuple[str, ...]]] = {}
    for kind in _TYPES:
        words = list(data["verbs"].get(kind, [])) + list((extra or {}).get(kind, []))
        # Longer entries first, so 'fly into' (visit) wins over 'fly' (donation).
        verbs[kind] = sorted({tuple(w.lower().split()) for w in words}, key=len, reverse=True)
    unknown = set(extra or {}) - set(_TYPES)
    if unknown:
        raise ValueError(f"unknown fact type(s) {sorted(unknown)!r} in triggers; use one of {_TYPES}")
    nouns = {n.lower(): kind for kind in _TYPES for n in data["nouns"].get(kind, [])}
    pronouns = {p: kind for kind, words in data["pronouns"].items() for p in words}
    return _Lexicon(
        verbs=verbs,
        nouns=nouns,
        standalone=frozenset(data["standalone"]),
        light=frozenset(data["light_verbs"]),
        receive=frozenset(data["receive_verbs"]),
        weak=frozenset(data["weak_verbs"]),
        pair=frozenset(data["pair_verbs"]),
        not_goods=frozenset(data["not_goods"]),
        goods=frozenset(data["goods"]),
        goods_categories=frozenset(data["goods_categories"]),
        people_categories=frozenset(data["people_categories"]),
        excluded_categories=frozenset(data["excluded_quantity_categories"]),
        recipient_preps={k: frozenset(v) for k, v in data["recipient_preps"].items()},
        vague_dates=frozenset(data["vague_dates"]),
        carriers=tuple(data["carriers"]),
        host_nouns=frozenset(data["host_nouns"]),
        object_preps=frozenset(data["object_preps"]),
        agent_preps=frozenset(data["agent_preps"]),
        modals=frozenset(data["planned"]["modals"]),
        governors=frozenset(data["planned"]["governors"]),
        pronouns=pronouns,
        anaphors=frozenset(data["anaphors"]),
        vehicles=frozenset(data["vehicles"]),
        help_verbs=frozenset(data["help_verbs"]),
        service_holders=frozenset(data["service_holders"]),
        host_verbs=frozenset(data["host_verbs"]),
        travellers=frozenset(data["travellers"]),
        place_preps=frozenset(data["place_preps"]),
        group_pronouns=frozenset(data["group_pronouns"]),
        copulas=frozenset(data["copulas"]),
        attendance_preps=frozenset(data["attendance_preps"]),
        membership_nouns=frozenset(data["membership_nouns"]),
    )


# ----------------------------------------------------------------------------------------------- records


_PLACED_GAP_CHARS = 200  # longer than "up to three words, 'in' " can be


@dataclass(frozen=True)
class _Party:
    kind: PartyKind
    index: int
    start: int
    main: bool = True  # False for a party named only in an apposition or 'of' phrase of another party
    proxy: bool = False  # a country standing in for an official whose role names it (see _stand_ins)

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.index)


@dataclass
class _Index:
    """Every record mention of the article as (start, end, kind, index), for offset look-ups."""

    spans: list[tuple[int, int, PartyKind, int]]
    surfaces: dict[str, tuple[PartyKind, int]]
    by_offset: NearbySpans[tuple[int, int, PartyKind, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_offset = NearbySpans(self.spans, lambda span: (span[0], span[1]))

    @classmethod
    def build(cls, article: Article) -> _Index:
        spans: list[tuple[int, int, PartyKind, int]] = []
        surfaces: dict[str, tuple[PartyKind, int]] = {}
        groups: list[tuple[PartyKind, Iterable[Any]]] = [
            ("person", article.people),
            ("organisation", article.organisations),
            ("country", article.countries),
        ]
        for kind, records in groups:
            for i, record in enumerate(records):
                spans.extend((m.start, m.end, kind, i) for m in record.mentions)
                for m in record.mentions:
                    surfaces.setdefault(_surface(m.text), (kind, i))
        spans.sort()
        return cls(spans, surfaces)

    def covers(self, party: _Party, start: int, end: int) -> bool:
        """Whether one of the party's mentions covers [start, end)."""
        return any(
            kind == party.kind and i == party.index and s <= start and end <= e
            for s, e, kind, i in self.by_offset.near(start, end)
        )

    def within(self, start: int, end: int) -> list[_Party]:
        """Parties mentioned in [start, end), in text order, the longest mention first at one place."""
        found = [
            (s, -(e - s), kind, i)
            for s, e, kind, i in self.by_offset.near(start, end)
            if s < end and start < e
        ]
        found.sort()
        parties: list[_Party] = []
        seen: set[tuple[str, int]] = set()
        for s, _, kind, i in found:
            if (kind, i) not in seen:
                seen.add((kind, i))
                parties.append(_Party(kind, i, s))
        return parties


def _surface(text: str) -> str:
    text = text.lower().strip()
    if text.startswith("the "):
        text = text[4:]
    return text.removesuffix("'s").removesuffix("’s")


def _ref(article: Article, party: _Party) -> PartyRef:
    if party.kind == "person":
        return PartyRef(kind="person", name=article.people[party.index].name, index=party.index)
    if party.kind == "organisation":
        org = article.organisations[party.index]
        return PartyRef(kind="organisation", name=org.name, index=party.index)
    country = article.countries[party.index]
    return PartyRef(kind="country", name=country.name, index=party.index, iso2=country.iso2)


# ----------------------------------------------------------------------------------------------- candidates


@dataclass
class _Candidate:
    type: FactType
    agent: _Party | None
    recipient: _Party | None
    also: list[_Party]
    date: int | None  # index into article.dates
    quantities: set[int]
    planned: bool
    evidence: list[tuple[int, int]]
    section: int | None
    sentence: tuple[int, int]
    paragraph: int = 0
    trigger: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class _Sentence:
    """One sentence of one paragraph with what the finder needs to read it."""

    def __init__(self, sent: Span, para: Paragraph, ctx: _Finder) -> None:
        self.sent = sent
        self.para = para
        self.ctx = ctx
        self.offset = para.start

    def abs(self, token: Token) -> tuple[int, int]:
        return self.offset + token.idx, self.offset + token.idx + len(token.text)

    def span_of(self, tokens: Iterable[Token]) -> tuple[int, int]:
        toks = list(tokens)
        return (
            self.offset + min(t.idx for t in toks),
            self.offset + max(t.idx + len(t.text) for t in toks),
        )


class _Finder:
    def __init__(self, ctx: ArticleContext, article: Article, lex: _Lexicon) -> None:
        self.ctx = ctx
        self.article = article
        self.lex = lex
        self.index = _Index.build(article)
        self.subjects: list[_Party] = []  # parties seen as subjects so far, in text order (for 'it')
        self.last_pair: tuple[_Party, ...] = ()  # the parties of the last two-sided event
        self.role_countries = _role_countries(article, lex)
        self.subject_counts: dict[int, set[int]] = {}  # subject start → its counts of people

    # ---- trigger detection

    def trigger_type(self, tok: Token) -> tuple[FactType, str] | None:
        """The fact type a token triggers and how ('verb', 'light', 'receive', 'noun'), or None."""
        lex = self.lex
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and tok.tag_ == "VBN"):
            if (tok.dep_ == "amod" and _gerund_head(tok) is None) or any(
                c.dep_ == "neg" for c in tok.children
            ):
                return None  # 'the donated items', 'did not send'
            if any(
                c.dep_ == "ccomp" and any(g.lower_ in ("that", "whether") for g in c.children)
                for c in tok.children
            ):
                return None  # 'agreed that ...', 'admitted that ...' report speech
            if (
                lemma in lex.help_verbs
                and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children)
                and any(_purpose(c) for c in tok.children)
            ):
                return "agreement", "joint"  # 'With X, Y is helping to turn the centre into ...'
            if lemma in lex.copulas and self._membership(tok) is not None:
                return "agreement", "member"  # 'Myongji is the network's first member hospital'
            obj = self._object(tok)
            if obj is not None and lemma in lex.light:
                # 'held a webinar'; 'provided alumni with free medical consultation'
                for noun in [obj, *_pobjs(tok, ("with",)), *_pobjs(obj, ("with",))]:
                    obj_type = self._noun_type(noun)
                    if obj_type is not None:
                        return obj_type, "light"
            for kind in _TYPES:
                for entry in lex.verbs[kind]:
                    if entry[0] != lemma or not self._has_parts(tok, entry[1:]):
                        continue
                    if kind == "donation" and not self._donation_object_ok(tok, lemma in lex.weak):
                        break
                    return kind, "verb"
            if lemma in lex.receive and obj is not None and self._is_goods(obj):
                return "donation", "receive"
            return None
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("compound",):
            name = self._noun_name(tok)
            if name in lex.standalone and name in lex.nouns:
                return self.lex.nouns[name], "noun"
        return None

    def _has_parts(self, tok: Token, parts: tuple[str, ...]) -> bool:
        if not parts:
            return True
        words = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep", "dobj", "advmod", "dative")}
        words |= {c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "prt")}
        return all(p in words for p in parts)

    def _object(self, tok: Token) -> Token | None:
        if _gerund_head(tok) is not None:
            return tok.head  # '..., supplying ambulances' read as 'supplying' modifying 'ambulances'
        for c in tok.children:
            if c.dep_ in ("dobj", "attr"):
                return c
        for c in tok.children:
            if c.dep_ == "nsubjpass" and c.lower_ not in _RELATIVE:
                return c
        for c in tok.children:  # 'participated in constructing ... project', 'passed on its experience'
            if c.dep_ == "prep" and c.lower_ in self.lex.object_preps:
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
                    if g.dep_ == "pcomp":
                        return self._object(g)
        if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN") and not _head_acts(tok):
            return tok.head
        return None

    def _noun_name(self, tok: Token) -> str:
        compound = " ".join(c.lower_ for c in tok.lefts if c.dep_ == "compound")
        lemma = tok.lemma_.lower()
        if compound and f"{compound} {lemma}" in self.lex.nouns:
            return f"{compound} {lemma}"
        return lemma if lemma in self.lex.nouns else tok.lower_

    def _noun_type(self, tok: Token) -> FactType | None:
        name = self._noun_name(tok)
        kind = self.lex.nouns.get(name)
        if kind is None:
            for c in tok.children:  # 'a cooperative relationship', 'a consulting service group'
                if c.dep_ in ("amod", "compound") and c.lemma_.lower() in ("cooperative", "co-operative"):
                    return "agreement"
                if (
                    c.dep_ == "compound"
                    and tok.lemma_.lower() in self.lex.service_holders
                    and self.lex.nouns.get(c.lemma_.lower()) == "service"
                ):
                    return "service"
            return None
        return kind

    def _membership(self, tok: Token) -> Token | None:
        """The complement of a copula that makes its subject a member or partner of another party
        ('is a member of X', 'became X's partner', 'is the network's first member hospital')."""
        for c in tok.children:
            if c.dep_ not in ("attr", "acomp", "oprd"):
                continue
            words = [c, *(g for g in c.children if g.dep_ == "compound")]
            if any(_forms(w) & self.lex.membership_nouns for w in words):
                return c
        return None

    def _themes(self, tok: Token) -> list[Token]:
        themes = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ not in _RELATIVE]
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "with":
                themes += [g for g in c.children if g.dep_ == "pobj"]
        if (tok.dep_ == "relcl" or _gerund_head(tok) is not None) and not themes:
            themes.append(tok.head)
        return themes

    def _is_goods(self, noun: Token) -> bool:
        lex = self.lex
        if noun.lemma_.lower() in lex.not_goods or noun.lower_ in lex.not_goods:
            return False
        if _forms(noun) & lex.goods:
            return True
        if any(c.dep_ == "nummod" or c.like_num for c in noun.children):
            return True
        for c in noun.children:  # '1,000 of the machines', 'boxes of medical supplies'
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj" and _forms(g) & lex.goods:
                        return True
        return any(_forms(conj) & lex.goods for conj in noun.conjuncts)

    def _donation_object_ok(self, tok: Token, weak: bool) -> bool:
        themes = self._themes(tok)
        if any(t.lemma_.lower() in self.lex.not_goods for t in themes):
            return False
        if not weak:
            return True
        if any(t.tag_ == "PRP" and t.lower_ in ("it", "them", "these", "those") for t in themes):
            return True  # 'handed them to ...': goods named before
        return any(self._is_goods(t) for t in themes) or self._has_money_or_goods(tok)

    def _has_money_or_goods(self, tok: Token) -> bool:
        """Whether the words after the verb in its clause hold money or goods ('announced up to NZ$5m')."""
        after = [t for t in tok.subtree if t.i > tok.i]
        if not after:
            return False
        start, end = after[0].idx, after[-1].idx + len(after[-1].text)
        if any(e.label_ == "MONEY" and start <= e.start_char and e.end_char <= end for e in tok.doc.ents):
            return True
        return any(t.pos_ == "NOUN" and _forms(t) & self.lex.goods for t in after)

    # ---- parties

    def parties_of(self, s: _Sentence, head: Token) -> list[_Party]:
        """The parties a noun phrase names: its own, then its conjuncts'; best first."""
        found: list[_Party] = []
        for h in [head, *head.conjuncts]:
            for p in self._parties_of_one(s, h):
                if all(p.key != q.key for q in found):
                    found.append(p)
        return found

    def _parties_of_one(self, s: _Sentence, h: Token) -> list[_Party]:
        lex = self.lex
        if h.tag_ in ("PRP", "PRP$") and h.lower_ in lex.pronouns:
            return self._pronoun(lex.pronouns[h.lower_], s.abs(h)[0])
        if h.lemma_.lower() == "side" and any(c.lower_ in ("two", "both") for c in h.children):
            return list(self.last_pair)  # 'the two sides', 'both sides': the last two-party event
        rest: list[_Party] = []
        for c in h.rights:
            if c.dep_ == "appos" or (c.dep_ == "prep" and c.lower_ in ("of", "from", "in", "at")):
                target = c if c.dep_ == "appos" else next((g for g in c.children if g.dep_ == "pobj"), None)
                if target is not None:
                    rest += self.parties_of(s, target)
        if h.pos_ == "NOUN" and not any(p.kind == "country" for p in rest):
            # 'the chairman of X, Professor Y': the person named in apposition to the role acts, X
            # being their employer (a state's official, 'the ambassador of India, Z', acts for it)
            # (the parser may hang the name on the employer: 'the head of [X, Dr Y]')
            holders = [h, *(g for c in h.rights if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
            people = [
                p for t in holders for c in t.rights if c.dep_ == "appos" for p in self.parties_of(s, c)[:1]
            ]
            people = [p for p in people if p.kind == "person"]
            rest = people + [p for p in rest if all(p.key != q.key for q in people)]
        lo, hi = s.span_of(h.doc[h.left_edge.i : h.i + 1])
        own = self.index.within(lo, hi) or self._by_surface(s, h, lo, hi)
        if own:
            rest = [_Party(p.kind, p.index, p.start, main=False) for p in rest]
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
            before = [p for p in own if p.kind != "person"]
            people = [p for p in own if p.kind == "person"]
            return [*before, *people, *rest]
        if lex.nouns.get(h.lemma_.lower()) == "agreement" and any(
            c.lower_ in ("this", "that") for c in h.lefts
        ):
            # 'participated in this platform': the organisation named as a subject just before set it up.
            sent_start = s.offset + s.sent.start_char
            seen = [p for p in self.subjects if p.kind == "organisation" and p.start < sent_start]
            return seen[-1:] + rest
        if (
            h.dep_ != "compound"
            and h.lemma_.lower() in lex.anaphors
            and any(c.lower_ in ("the", "this", "our", "that") for c in h.lefts)
        ):
            found = self._anaphor(h.lemma_.lower(), s.abs(h)[0])
            return ([found] if found else []) + rest
        return rest

    def _by_surface(self, s: _Sentence, h: Token, lo: int, hi: int) -> list[_Party]:
        """Parties whose records name this phrase's entity elsewhere (a mention the stages skipped)."""
        found: list[_Party] = []
        for ent in h.doc.ents:
            a, b = s.offset + ent.start_char, s.offset + ent.end_char
            if a < hi and lo < b:
                key = _surface(ent.text)
                if key in self.index.surfaces:
                    kind, index = self.index.surfaces[key]
                    found.append(_Party(kind, index, a))
        if not found and h.pos_ == "PROPN" and h.dep_ != "compound":
            # 'Myongji' for 'Myongji Hospital': the leading word(s) of exactly one organisation's name.
            words = _surface(h.doc[h.left_edge.i : h.i + 1].text).split()
            words = [w for w in words if w not in ("the", "a", "an")]
            hits = [
                i
                for i, org in enumerate(self.article.organisations)
                if words
                and len(" ".join(words)) >= 4
                and _surface(org.name).split()[: len(words)] == words
                and len(_surface(org.name).split()) > len(words)
            ]
            if len(hits) == 1:
                found.append(_Party("organisation", hits[0], lo))
        if not found and h.pos_ == "PROPN" and h.dep_ == "pobj":
            found += self._placed_earlier(h.doc[h.left_edge.i : h.i + 1].text, lo)
        return found

    def _placed_earlier(self, name: str, before: int) -> list[_Party]:
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
                    return [_Party("country", i, before)]
        return []

    def _pronoun(self, kind: str, before: int) -> list[_Party]:
        wanted = ("person",) if kind == "person" else ("organisation", "country")
        seen = [p for p in self.subjects if p.kind in wanted and p.start < before]
        return [seen[-1]] if seen else []

    def _anaphor(self, noun: str, before: int) -> _Party | None:
        """'the hospital', 'the bank': the most-mentioned organisation whose name has that noun."""
        best: tuple[int, int, int] | None = None
        for i, org in enumerate(self.article.organisations):
            names = [org.name, *org.aliases]
            if not any(noun in _surface(n).split() for n in names):
                continue
            earlier = [m.start for m in org.mentions if m.start < before]
            if not earlier:
                continue
            rank = (len(org.mentions), max(earlier), i)
            if best is None or rank > best:
                best = rank
        if best is not None:
            return _Party("organisation", best[2], before)
        main = self.protagonist()  # 'the hospital' in a hospital's own page: the publisher
        return main[0] if main else None

    def hosts(self, s: _Sentence, tok: Token) -> list[_Party]:
        """'at the invitation of WHO', 'at the request of UNDRR': the party behind the event."""
        found: list[_Party] = []
        for c in tok.children:
            if c.dep_ != "prep":
                continue
            for g in c.children:
                if g.dep_ == "pobj" and g.lemma_.lower() in self.lex.host_nouns:
                    for p in _pobjs(g, ("of", "from", "by")):
                        found += self.parties_of(s, p)
        for t in tok.subtree:  # '... at the Experience Exchange which (was) organized by HHRDC'
            if (
                t.dep_ == "agent"
                and t.head.dep_ in ("acl", "relcl")
                and t.head.lemma_.lower() in self.lex.host_verbs
            ):
                found += [p for g in t.children if g.dep_ == "pobj" for p in self.parties_of(s, g)]
        return found

    def protagonist(self) -> list[_Party]:
        """The organisation named first (title or lead) and named again: the article's subject or publisher."""
        named = [
            (min(m.start for m in org.mentions), i)
            for i, org in enumerate(self.article.organisations)
            if len(org.mentions) >= 2
        ]
        if not named:
            return []
        start, best = min(named)
        return [_Party("organisation", best, start)]

    def arrival_of_goods(self, subj: Token) -> str:
        """What a moving subject is: 'goods' (doses, a ship), 'people' (a team), 'both', or 'other'."""
        kinds = set()
        for head in [subj, *subj.conjuncts]:
            lemma = head.lemma_.lower()
            inner = next(
                (
                    g
                    for c in head.children
                    if c.dep_ == "prep" and c.lower_ == "of"
                    for g in c.children
                    if g.dep_ == "pobj"
                ),
                None,
            )
            if _forms(head) & self.lex.travellers:
                kinds.add("people")  # 'a team of 6 people', 'two health specialists'
            elif lemma in self.lex.vehicles or _forms(head) & (
                self.lex.goods | self.lex.nouns_of("donation")
            ):
                kinds.add("goods")  # before the entity type: 'Indian-made doses' is goods, not people
            elif head.ent_type_ in ("PERSON", "NORP"):
                kinds.add("people")  # '234 Americans have flown'
            elif self._is_goods(head):
                kinds.add("goods")
            elif (
                lemma in self.lex.travellers
                or (inner is not None and inner.lemma_.lower() in self.lex.travellers)
                or head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
                or head.pos_ == "PROPN"
            ):
                kinds.add("people")
        if kinds == {"goods", "people"}:
            return "both"
        return kinds.pop() if kinds else "other"

    def same_date(self, a: int, b: int) -> bool:
        da, db = self.article.dates[a], self.article.dates[b]
        return (da.value, da.end_value) == (db.value, db.end_value)

    def carrier_country(self, party: _Party) -> _Party | None:
        """The country a national carrier flies for ('Republic of Singapore Air Force' → Singapore)."""
        if not self.is_carrier(party):
            return None
        name = _surface(self.article.organisations[party.index].name)
        for i, country in enumerate(self.article.countries):
            names = {_surface(country.name), *(_surface(m.text) for m in country.mentions)}
            if any(n and f" {n} " in f" {name} " for n in names):
                return _Party("country", i, party.start)
        return None

    def is_carrier(self, party: _Party) -> bool:
        if party.kind != "organisation":
            return False
        name = _surface(self.article.organisations[party.index].name)
        return any(word in name for word in self.lex.carriers)

    # ---- sentences

    def sentences(self) -> Iterable[_Sentence]:
        for para, doc in self.ctx.docs():
            if para.kind != "body":
                continue
            for sent in doc.sents:
                yield _Sentence(sent, para, self)

    def dates_in(self, s: _Sentence) -> list[tuple[int, Token]]:
        """(date index, the date's head token) for each date mention of the sentence."""
        start, end = s.offset + s.sent.start_char, s.offset + s.sent.end_char
        found: list[tuple[int, Token]] = []
        for i, d in enumerate(self.article.dates):
            if d.type not in _DATE_TYPES or d.value is None or d.start < start or d.end > end:
                continue
            span = s.sent.doc.char_span(d.start - s.offset, d.end - s.offset, alignment_mode="expand")
            if span is not None:
                found.append((i, span.root))
        return found

    def quantities_in(self, lo: int, hi: int) -> list[int]:
        return [
            i
            for i, q in enumerate(self.article.quantities)
            if lo <= q.start and q.end <= hi and q.category not in self.lex.excluded_categories
        ]


def _forms(tok: Token) -> set[str]:
    """The word's lemma, its lower-case form and, for a plural noun, the form less its 's': the model's
    lemmatiser misses some plurals ('doses' → 'dos')."""
    forms = {tok.lemma_.lower(), tok.lower_}
    if tok.tag_ in ("NNS", "NNPS") and tok.lower_.endswith("s"):
        forms.add(tok.lower_[:-1])
    return forms


def _subject(tok: Token) -> Token | None:
    """The subject of a verb, borrowed from the verb it is conjoined to when it has none."""
    cur: Token | None = tok
    while cur is not None:
        for c in cur.children:
            if c.dep_ in _SUBJECTS:
                if c.lower_ in _RELATIVE and cur.dep_ == "relcl":
                    return cur.head
                return c
        if cur.dep_ == "xcomp" and cur.head.pos_ in ("VERB", "AUX"):
            # 'invited SRRSH experts to share ...': the object of the governing verb acts, else its subject.
            obj = next((c for c in cur.head.children if c.dep_ in ("dobj", "dative")), None)
            if obj is not None:
                return obj
            cur = cur.head
        elif cur.dep_ == "conj" and cur.head.pos_ in ("VERB", "AUX"):
            cur = cur.head
        elif cur.dep_ == "pcomp" and cur.head.head.pos_ in ("VERB", "AUX"):
            cur = cur.head.head  # 'SRRSH participated in constructing ...'

        elif cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head
        elif cur.dep_ in ("acl", "advcl") and cur.tag_ in ("VBG",) and cur.head.pos_ in ("VERB", "AUX"):
            cur = cur.head  # '..., supplying ambulances' shares the main verb's subject
        elif _gerund_head(cur) is not None:
            cur = _gerund_head(cur)
        else:
            return None
    return None


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("relcl", "acl") and any(c.dep_ == "agent" for c in tok.children)
    )


_PHRASE_DEPS = {
    "prep",
    "pobj",
    "appos",
    "conj",
    "compound",
    "amod",
    "nummod",
    "quantmod",
    "poss",
    "npadvmod",
    "dobj",
    "dative",
    "attr",
    "oprd",
    "nmod",
}


def _nested_pobjs(head: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the wanted prepositions anywhere inside a noun phrase, not entering clauses."""
    wanted = set(preps)
    out: list[Token] = []
    stack = [head]
    while stack:
        cur = stack.pop()
        for c in cur.children:
            if c.dep_ not in _PHRASE_DEPS:
                continue
            if c.dep_ == "prep" and c.lower_ in wanted:
                out += [g for g in c.children if g.dep_ == "pobj"]
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def _pobjs(tok: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in wanted:
            out += [g for g in c.children if g.dep_ == "pobj"]
    return out


def extract_facts(
    ctx: ArticleContext, article: Article, *, triggers: Mapping[str, list[str]] | None = None
) -> list[Fact]:
    """The events the article reports, one `Fact` per event, with parties pointing into `article`.

    `triggers` adds verb lemmas per fact type to those of `data/lexicons/fact_triggers.json`.
    """
    lex = _lexicon(triggers)
    finder = _Finder(ctx, article, lex)
    candidates: list[_Candidate] = []
    for s in finder.sentences():
        _remember_subjects(finder, s)
        found = _sentence_facts(finder, s)
        candidates += found
        for c in found:
            if c.agent is not None and c.recipient is not None:
                finder.last_pair = (c.agent, c.recipient)
    candidates = _adopt_orphans(candidates)
    merged = _merge(finder, candidates)
    # A visit with no host or place, no date and no count ('Little and Jackson flew in', 'after the team
    # arrived') retells an arrival or is background: nothing in it can be counted or placed.
    merged = [
        c
        for c in merged
        if not (c.type == "visit" and c.recipient is None and c.date is None and not c.quantities)
    ]
    for c in merged:
        state = finder.carrier_country(c.agent) if c.type == "donation" and c.agent else None
        if state is not None and c.agent is not None:  # a carrier is not the donor: the state it serves is
            c.also.insert(0, c.agent)
            c.agent = state
    return [_to_fact(article, c) for c in merged]


def _adopt_orphans(cands: list[_Candidate]) -> list[_Candidate]:
    """A delivery told without its donor ('The first 84,240 doses reached the airport on June 16') belongs
    to the last donation of its section that names both sides, or that names the side it lacks."""
    out: list[_Candidate] = []
    for c in cands:
        if c.extra.get("orphan"):
            earlier = [
                m
                for m in out
                if m.type == "donation"
                and m.section == c.section
                and not m.extra.get("orphan")
                and m.agent is not None
                and m.agent.kind != "person"
            ]
            fitting = [m for m in earlier if _compatible(m.recipient, c.recipient)]
            both = [m for m in fitting if m.recipient is not None]
            source = (both or fitting)[-1] if (both or fitting) else None
            if source is None:
                if c.agent is None and c.recipient is None:
                    continue
            else:
                c.agent = source.agent
                c.recipient = c.recipient or source.recipient
        elif c.extra.get("told_goods") and c.recipient is None:
            # 'the bank was contributing 1,000 of the machines': goods already told go where they went.
            source = next(
                (
                    m
                    for m in reversed(out)
                    if m.type == "donation"
                    and m.section == c.section
                    and m.recipient is not None
                    and not m.extra.get("orphan")  # the statement that introduced the goods
                ),
                None,
            )
            if source is not None and not _same(source.recipient, c.agent):
                c.recipient = source.recipient
        out.append(c)
    return out


def _definite_goods(obj: Token | None) -> bool:
    """Goods named as ones already told: 'the machines', 'these doses', '1,000 of the machines'."""
    if obj is None or obj.pos_ not in ("NOUN", "NUM"):
        return False
    heads = [obj, *(g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
    return any(
        h.pos_ == "NOUN"
        and any(d.dep_ == "det" and d.lower_ in ("the", "these", "those") for d in h.children)
        for h in heads
    )


def _remember_subjects(finder: _Finder, s: _Sentence) -> None:
    for tok in s.sent:
        if tok.dep_ in _SUBJECTS and tok.lower_ not in finder.lex.pronouns and tok.lower_ not in _RELATIVE:
            for p in finder.parties_of(s, tok)[:1]:
                start = s.abs(tok)[0]
                finder.subjects.append(_Party(p.kind, p.index, start))
                lo, hi = s.span_of(tok.subtree)
                finder.subject_counts[start] = {
                    q
                    for q in finder.quantities_in(lo, hi)
                    if finder.article.quantities[q].category in finder.lex.people_categories
                }


def _owner(tok: Token, triggers: set[int]) -> int | None:
    """The first trigger (token index) on the head chain of `tok`; -1 when a clause of its own (a verb
    with its own subject that is no trigger: '...; Piispanen is expected to follow next week') holds it
    first; None when it hangs on no trigger (a date for the whole sentence)."""
    cur = tok
    while cur.head.i != cur.i:
        cur = cur.head
        if cur.i in triggers:
            return cur.i
        if (
            cur.pos_ in ("VERB", "AUX")
            and cur.dep_ in ("conj", "advcl", "parataxis", "relcl")
            and any(c.dep_ in _SUBJECTS for c in cur.children)
        ):
            return -1
    return None


def _linked_dates(roots: list[Token]) -> bool:
    """Whether date heads are conjoined ('on March 30 and May 27'), directly or through their 'on'."""
    heads = {r.i for r in roots} | {r.head.i for r in roots}
    return all(any(c.i in heads for c in (*r.conjuncts, *r.head.conjuncts)) for r in roots)


def _dated_parts(finder: _Finder, cand: _Candidate, dates: list[int]) -> list[tuple[int, set[int]]]:
    """Each date with the quantities told just before it, when a clause lists several dated parts."""
    art = finder.article
    dated = sorted((i for i in dates if art.dates[i].type == "DATE"), key=lambda i: art.dates[i].start)
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
    finder: _Finder, s: _Sentence, tok: Token, cand: _Candidate, dates: list[int]
) -> list[_Candidate]:
    """One donation per conjoined object when each object has its own count and its own date or
    recipient ('NZ$5m for the government and a further NZ$5m for civil society'); [] otherwise."""
    if cand.type != "donation":
        return []
    art, lex = finder.article, finder.lex
    # the object, a list after a colon ('sent kits: a first lot of ..., and a second of ...'), or 'up to X'
    heads = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "npadvmod")]
    heads += [g for h in list(heads) for g in h.children if g.dep_ == "appos"]
    heads += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    for head in heads:
        members = sorted([head, *head.conjuncts], key=lambda t: t.left_edge.i)
        if len(members) < 2 or any(
            c.dep_ == "cc" and c.lower_ in ("or", "nor") for m in members for c in m.children
        ):
            continue  # '$226.3 million, or $11.57 a share' restates one figure
        end = s.span_of(head.subtree)[1]
        starts = [s.abs(m.left_edge)[0] for m in members]
        starts[0] = cand.evidence[0][0]  # 'up to NZ$5 million': words before the first head belong to it
        ranges = list(zip(starts, [*starts[1:], end], strict=True))
        counts = [{q for q in cand.quantities if a <= art.quantities[q].start < b} for a, b in ranges]
        if not all(counts):
            continue
        own_dates = [
            next(
                (
                    i
                    for i in dates + [j for j, _ in finder.dates_in(s)]
                    if art.dates[i].type == "DATE" and a <= art.dates[i].start < b
                ),
                None,
            )
            for a, b in ranges
        ]
        own_dates = [
            d if d is not None and art.dates[d].value not in lex.vague_dates else None for d in own_dates
        ]
        own_recipients: list[_Party | None] = []
        for m in members:
            inner = [
                g
                for c in m.children
                if c.dep_ == "prep" and c.lower_ in lex.recipient_preps["donation"]
                for g in c.children
                if g.dep_ == "pobj"
            ]
            found = [p for g in inner for p in finder.parties_of(s, g)]
            own_recipients.append(found[0] if found else None)
        keys = {(d, r.key if r else None) for d, r in zip(own_dates, own_recipients, strict=True)}
        if len(keys) < 2 or ((None, None) in keys and len(keys) == 2 and len(members) > 2):
            # nothing tells the parts apart ('500 tents, 300 blankets and 40 generators in May'): one
            # delivery listed in items
            continue
        outside = cand.date is not None and not any(a <= art.dates[cand.date].start < b for a, b in ranges)
        parts = []
        for (a, b), count, d, r in zip(ranges, counts, own_dates, own_recipients, strict=True):
            part = _Candidate(**{**cand.__dict__, "quantities": set(count), "also": list(cand.also)})
            part.extra = {**cand.extra, "parts": cand.trigger}
            part.evidence = [(a, min(b, cand.evidence[0][1]))]
            part.date = d if d is not None else (cand.date if outside else None)
            if r is not None:
                if cand.recipient is not None and cand.recipient.key != r.key:
                    part.also = [p for p in part.also if p.key != r.key]
                part.recipient = r
            parts.append(part)
        return parts
    return []


def _fill_parts(cands: list[_Candidate]) -> None:
    """Parts of one listed delivery share the parties one of them names ('..., which reached Fiji')."""
    groups: dict[int, list[_Candidate]] = {}
    for c in cands:
        if "parts" in c.extra:
            groups.setdefault(c.extra["parts"], []).append(c)
    for group in groups.values():
        for side in ("agent", "recipient"):
            named = [getattr(c, side) for c in group if getattr(c, side) is not None]
            for c in group:
                if getattr(c, side) is None and named:
                    setattr(c, side, named[0])


def _consecutive(finder: _Finder, dates: list[int]) -> bool:
    """'last Tuesday and Wednesday': adjacent days tell one event."""
    values = sorted(finder.article.dates[i].value or "" for i in dates)
    try:
        days = [date.fromisoformat(v) for v in values]
    except ValueError:
        return False
    return all((b - a).days == 1 for a, b in pairwise(days))


_CLAUSES = {"relcl", "ccomp", "advcl", "csubj", "parataxis"}


def _sentence_facts(finder: _Finder, s: _Sentence) -> list[_Candidate]:
    triggers: dict[int, tuple[FactType, str]] = {}
    for tok in s.sent:
        found = finder.trigger_type(tok)
        if found is not None:
            triggers[tok.i] = found
    # An event noun that is the object of a light-verb trigger belongs to that verb.
    for i, (_, how) in list(triggers.items()):
        if how == "light":
            obj = finder._object(s.sent.doc[i])
            if obj is not None:
                triggers.pop(obj.i, None)
    if not triggers:
        return []
    trig_set = set(triggers)
    dates = finder.dates_in(s)
    sentence_dates = [i for i, root in dates if _owner(root, trig_set) is None and root.i not in trig_set]
    sent_lo, sent_hi = s.offset + s.sent.start_char, s.offset + s.sent.end_char
    out: dict[int, _Candidate] = {}
    for ti, (kind, how) in triggers.items():
        tok = s.sent.doc[ti]
        if how == "noun":
            cand = _noun_fact(finder, s, tok, kind)
        elif how == "member":
            cand = _member_fact(finder, s, tok)
        else:
            cand = _verb_fact(finder, s, tok, kind, how)
        if cand is None:
            continue
        # Quantities of the clause, less those of clauses below it (other triggers', relative clauses).
        lo, hi = s.span_of(tok.head.subtree if _gerund_head(tok) is not None else tok.subtree)
        subj = _subject(tok)
        if subj is not None and how != "noun" and subj.i < tok.i:
            lo = min(lo, s.span_of(subj.subtree)[0])
        if how == "noun" and tok.dep_ in _SUBJECTS:  # 'the session drew 898 officials from 105 countries'
            hi = max(hi, s.span_of(tok.head.subtree)[1])
        inner = [
            s.span_of(t.subtree)
            for t in tok.subtree
            if t.i != ti
            and (
                (t.i in trig_set and triggers[t.i][0] != kind)
                or (t.dep_ in _CLAUSES and t.pos_ in ("VERB", "AUX"))
                or (t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and _has_subject(t))
            )
        ]
        cand.quantities = {
            q
            for q in finder.quantities_in(lo, hi)
            if not any(a <= finder.article.quantities[q].start < b for a, b in inner)
        }
        for c in tok.children:
            if _purpose(c):
                # 'committed vaccines to protect 1.2 million people': how many the gift serves
                a, b = s.span_of(c.subtree)
                cand.quantities |= {
                    q
                    for q in finder.quantities_in(a, b)
                    if finder.article.quantities[q].category in finder.lex.people_categories
                }
        if subj is not None and subj.lower_ in finder.lex.group_pronouns and how != "noun":
            # 'Nearly 50 experts of X took part. ... they have shared ...': how many took part.
            seen = [p for p in finder.subjects if p.kind != "person" and p.start < s.abs(subj)[0]]
            if seen and seen[-1].start >= s.para.start:
                cand.quantities |= finder.subject_counts.get(seen[-1].start, set())
        if cand.extra.get("needs_count") and not cand.quantities:
            continue  # a statement ('gave professional advice'), not a countable service
        cand.evidence = [(max(lo, sent_lo), min(hi, sent_hi))]
        cand.section = s.para.section
        cand.paragraph = s.para.start
        cand.sentence = (sent_lo, sent_hi)
        cand.trigger = s.abs(tok)[0]
        cand.extra["token"] = ti
        if kind == "donation" and how != "noun" and _definite_goods(finder._object(tok)):
            cand.extra["told_goods"] = True
        own = [(i, root) for i, root in dates if _owner(root, trig_set) == ti or root.i == ti]
        own = [(i, r) for i, r in own if finder.article.dates[i].value not in finder.lex.vague_dates]
        split = _dated_parts(finder, cand, [i for i, _ in own])
        if split:
            # '85,410 doses on June 23 ..., 30,420 doses on July 7': one delivery per date.
            for i, qs in split:
                out[ti * 1000 + i] = _Candidate(**{**cand.__dict__, "date": i, "quantities": qs})
            continue
        parts = _object_parts(finder, s, tok, cand, [i for i, _ in own] or sentence_dates)
        if parts:
            # 'a first consignment of 3 tonnes in May, and a second of 13 tonnes on 22 June': one each.
            for k, part in enumerate(parts):
                out[ti * 1000 + k] = part
            continue
        if (
            len(own) > 1
            and _linked_dates([r for _, r in own])
            and not _consecutive(finder, [i for i, _ in own])
        ):
            # 'met again on March 30 and May 27': one event per date.
            for i, _ in own:
                out[ti * 1000 + i] = _Candidate(
                    **{**cand.__dict__, "date": i, "quantities": set(cand.quantities)}
                )
            continue
        if own:
            at = cand.trigger
            cand.date = min((i for i, _ in own), key=lambda i: abs(finder.article.dates[i].start - at))
        elif sentence_dates:
            cand.date = sentence_dates[0]
        if cand.date is not None and finder.article.dates[cand.date].value in finder.lex.vague_dates:
            cand.date = None
        out[ti * 1000] = cand
    # A trigger inside another trigger's clause with the same type tells the same event
    # ('given 100,000 doses ..., with the ambassador handing the consignment to ...').
    ordered = [out[key] for key in sorted(out)]
    _split_arrivals(finder, s, ordered)
    merged: list[_Candidate] = []
    for cand in ordered:
        tok = s.sent.doc[cand.extra["token"]]
        if any(c.dep_ in _SUBJECTS for c in tok.children):
            cand.extra["separate"] = True
        if _own_clause(tok) and any(_own_clause(s.sent.doc[m.extra["token"]]) for m in merged):
            merged.append(cand)  # 'it admitted the third patient; it later also cared for the 17th'
            continue
        parent = next(
            (
                m
                for m in merged
                if m.type == cand.type
                and (m.date is None or cand.date is None or m.date == cand.date)
                and not _same(m.recipient, cand.agent)  # goods passed on: see _pass_on
                and _within(tok, s.sent.doc[m.extra["token"]])
            ),
            None,
        )
        if parent is None:
            parent = next(
                (
                    m
                    for m in merged
                    if m.type == cand.type
                    and (m.date is None or cand.date is None or m.date == cand.date)
                    and not _same(m.recipient, cand.agent)  # goods passed on: see _pass_on
                    and _within(s.sent.doc[m.extra["token"]], tok)
                ),
                None,
            )
        if parent is not None:
            _absorb(finder, parent, cand)
        else:
            merged.append(cand)
    _fill_parts(merged)
    return _pass_on(finder, s, merged)


def _pass_on(finder: _Finder, s: _Sentence, cands: list[_Candidate]) -> list[_Candidate]:
    """'X received 500 masks and handed them to Y': goods passed on by their receiver (the object a
    pronoun) are one donation to Y, with the first giver (if named) as the agent."""
    out: list[_Candidate] = []
    for c in cands:
        tok = s.sent.doc[c.extra["token"]]
        themes = [
            t for t in tok.children if t.dep_ == "dobj" and t.lower_ in ("them", "it", "these", "those")
        ]
        source = next(
            (m for m in reversed(out) if c.type == m.type == "donation" and _same(m.recipient, c.agent)),
            None,
        )
        if themes and source is not None and c.agent is not None:
            if source.agent is not None:
                c.also.insert(0, c.agent)
                c.agent = source.agent
            c.also = _unique([*c.also, *source.also])
            c.quantities |= source.quantities
            c.date = c.date if c.date is not None else source.date
            c.evidence = [*source.evidence, *c.evidence]
            c.planned = c.planned and source.planned
            out.remove(source)
        out.append(c)
    return out


def _purpose(tok: Token) -> bool:
    """A to-infinitive without a subject of its own hanging on a verb: the purpose of the event."""
    return (
        tok.dep_ in ("advcl", "xcomp")
        and tok.pos_ == "VERB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        and not _has_subject(tok)
    )


def _gerund_head(tok: Token) -> Token | None:
    """The verb a participle clause after a comma belongs to when the parser made the participle a
    modifier of its object ('has been helping X since 2020, supplying ambulances, ...'), else None."""
    noun = tok.head
    if (
        tok.dep_ == "amod"
        and tok.tag_ == "VBG"
        and tok.i > 0
        and tok.doc[tok.i - 1].text == ","
        and noun.left_edge.i == tok.i
        and noun.head.pos_ in ("VERB", "AUX")
        and (
            noun.dep_ in ("dep", "npadvmod", "appos", "conj")
            # a second object of the verb: 'supporting X since 2019, supplying ambulances'
            or (noun.dep_ == "dobj" and any(c.dep_ == "dobj" and c.i < tok.i for c in noun.head.children))
        )
    ):
        return noun.head
    return None


def _head_acts(relcl: Token) -> bool:
    """Whether the noun a relative clause hangs on is its doer, not its object: 'the team which visited',
    'a network to pass across the maze' (but not 'the webinar SRRSH held', 'the kits which were sent')."""
    if any(c.dep_ == "nsubj" and c.lower_ in _RELATIVE for c in relcl.children):
        return True
    return not any(c.dep_ in _SUBJECTS for c in relcl.children) and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in relcl.children
    )


def _has_subject(tok: Token) -> bool:
    """A verb with its own subject: a conjoined clause of this kind keeps its own counts."""
    return any(c.dep_ in _SUBJECTS for c in tok.children)


def _own_clause(tok: Token) -> bool:
    """A finite clause with its own subject: a separate event even beside one of the same type."""
    return tok.dep_ in ("ROOT", "conj", "ccomp", "parataxis") and any(
        c.dep_ in _SUBJECTS for c in tok.children
    )


def _absorb(finder: _Finder, m: _Candidate, c: _Candidate) -> None:
    """Fold candidate `c` (the same event) into `m`."""
    if (
        m.agent is not None
        and c.agent is not None
        and c.agent.kind != "person"
        and finder.is_carrier(m.agent)
        and not finder.is_carrier(c.agent)
    ):
        m.also.append(m.agent)  # a carrier is not the donor when the donor is named
        m.agent = c.agent
    for side in ("agent", "recipient"):
        mine, theirs = getattr(m, side), getattr(c, side)
        if (
            mine is not None
            and theirs is not None
            and (mine.kind == "person" or mine.proxy)
            and theirs.kind != "person"
            and not theirs.proxy
        ):
            m.also.append(mine)
            setattr(m, side, theirs)
        elif mine is None and not _same(theirs, m.recipient if side == "agent" else m.agent):
            setattr(m, side, theirs)
        elif theirs is not None and mine is not None and theirs.key != mine.key:
            m.also.append(theirs)
    m.also = _unique([*m.also, *c.also])
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


def _within(tok: Token, ancestor: Token) -> bool:
    return any(a.i == ancestor.i for a in tok.ancestors)


def _planned(finder: _Finder, tok: Token) -> bool:
    lex = finder.lex
    cur = tok
    for _ in range(4):
        for c in cur.children:
            if c.dep_ == "aux" and c.lower_ in lex.modals:
                return True
        if cur.dep_ == "xcomp" and (
            cur.head.lemma_.lower() in lex.governors
            or (cur.head.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children))
        ):
            return True
        has_aux = any(c.dep_ in ("aux", "auxpass") for c in cur.children)
        if cur.dep_ == "xcomp" or (cur.dep_ == "conj" and not has_aux):
            cur = cur.head
        else:
            break
    return False


def _verb_fact(finder: _Finder, s: _Sentence, tok: Token, kind: FactType, how: str) -> _Candidate | None:
    lex = finder.lex
    preps = lex.recipient_preps[kind]
    passive = _is_passive(tok)
    subj = _subject(tok)
    arrival = kind == "visit" and subj is not None and finder.arrival_of_goods(subj) == "goods"
    if arrival:
        kind = "donation"  # 'Four ISO tanks holding 80 tonnes of oxygen arrived at ...' is a delivery
    agents: list[_Party] = []
    recipients: list[_Party] = []
    if passive:
        for a in _pobjs(tok, ("by",)):
            agents += finder.parties_of(s, a)
        if not agents and subj is not None:  # 'supplies, which donated by SRRSH, was sent to ...'
            for t in subj.subtree:
                if t.dep_ == "agent":
                    for g in t.children:
                        if g.dep_ == "pobj":
                            agents += finder.parties_of(s, g)
    elif subj is not None:
        agents = finder.parties_of(s, subj)
    if how == "receive":
        recipients, agents = agents, []
        for a in _pobjs(tok, lex.agent_preps):
            agents += finder.parties_of(s, a)
    else:
        for c in tok.children:
            if c.dep_ == "dative":
                recipients += finder.parties_of(s, c)
                recipients += [p for g in c.children if g.dep_ == "pobj" for p in finder.parties_of(s, g)]
        for p in _pobjs(tok, preps):
            recipients += finder.parties_of(s, p)
        obj = finder._object(tok)
        if arrival:
            for p in _pobjs(tok, lex.recipient_preps["visit"]):
                recipients += finder.parties_of(s, p)
            if obj is not None and obj.dep_ == "dobj":
                recipients += finder.parties_of(s, obj)
        elif kind == "donation":
            direct = finder.parties_of(s, obj) if obj is not None and obj.dep_ == "dobj" else []
            # 'provided Mongolia with kits': a direct object that is itself a party is the recipient.
            if direct and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
                recipients = direct + recipients
            for p in _nested_pobjs(tok, preps):
                recipients += finder.parties_of(s, p)
            governor = _gerund_head(tok) or (tok.head if tok.dep_ in ("advcl", "conj") else None)
            if not recipients and governor is not None and governor.lemma_.lower() in lex.help_verbs:
                for c in governor.children:  # 'has been helping the Nepali Army ..., supplying ambulances'
                    if c.dep_ == "dobj":
                        recipients += finder.parties_of(s, c)
            if not recipients and obj is not None:  # 'financing Mongolia's vaccines'
                for t in obj.subtree:
                    if t.dep_ == "poss":
                        recipients += finder.parties_of(s, t)
        elif (
            obj is not None
            and obj.dep_ == "dobj"
            and (kind in ("visit", "meeting", "agreement") or (kind == "service" and how == "verb"))
        ):
            if how != "light":
                recipients = finder.parties_of(s, obj) + recipients
            for p in _pobjs(obj, preps | lex.agent_preps):
                recipients += finder.parties_of(s, p)
        if how == "light" and obj is not None:
            if kind == "service":  # 'established a consulting service group for the alumni association'
                for p in _pobjs(obj, preps):
                    recipients += finder.parties_of(s, p)
            if kind == "agreement" and not recipients:
                # 'constructing Dingding's platform project', 'participated in this platform'
                recipients += finder.parties_of(s, obj)
            for p in _pobjs(obj, ("by",)):
                agents = finder.parties_of(s, p) + agents
    if kind == "donation" and tok.dep_ == "acl" and tok.tag_ == "VBN" and agents and not recipients:
        # 'Mongolia began vaccinating with doses donated by India': the clause's subject received them.
        clause = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX") and a.dep_ != "acl"), None)
        holder = _subject(clause) if clause is not None else None
        if holder is not None:
            recipients = finder.parties_of(s, holder)[:1]
    hosts = finder.hosts(s, tok)
    if kind == "meeting" and hosts:
        recipients = agents + recipients
        agents = hosts
    else:
        recipients += hosts
    if passive and not agents and kind in ("meeting", "service"):
        agents = finder.protagonist()  # 'a second session was held for UN staff': the publisher held it
    travellers = kind == "visit" and subj is not None and finder.arrival_of_goods(subj) in ("people", "both")
    if arrival and not agents:
        # 'the first delivery of a shuttle that will carry oxygen from Singapore': the sender
        for t in s.sent:
            if t.dep_ == "prep" and t.lower_ == "from":
                agents += [p for g in t.children if g.dep_ == "pobj" for p in finder.parties_of(s, g)]
        agents = [a for a in agents if a.kind != "person" and all(a.key != r.key for r in recipients)][:1]
    if arrival and not agents and not recipients:
        cand = _candidate(kind, [], [], _planned(finder, tok), keep=True)
        cand.extra["orphan"] = True  # 'The first 84,240 doses reached the airport': parties come from context
        return cand
    if arrival and not agents:
        found = _finish(finder, kind, agents, recipients, _planned(finder, tok), pair=False)
        if found is not None:
            found.extra["orphan"] = True
        return found
    return _finish(
        finder,
        kind,
        agents,
        recipients,
        _planned(finder, tok),
        pair=(how == "verb" and tok.lemma_.lower() in lex.pair) or how == "joint",
        unnamed_agent=travellers,
        people_subject=subj is not None and subj.lemma_.lower() in lex.travellers,
        light=how == "light",
    )


def _stand_ins(finder: _Finder, parties: list[_Party]) -> list[_Party]:
    """An official whose role names the country they act for ('India's ambassador to Nepal', 'Fijian
    prime minister') gives way to that country, the official following as a further party."""
    out: list[_Party] = []
    for p in parties:
        country = finder.role_countries.get(p.index) if p.kind == "person" else None
        if country is not None and all(q.key != ("country", country) for q in parties):
            out += [
                _Party("country", country, p.start, p.main, proxy=True),
                _Party(p.kind, p.index, p.start, main=False),
            ]
        else:
            out.append(p)
    return out


def _role_countries(article: Article, lex: _Lexicon) -> dict[int, int]:
    """Person index → index of the country their role names as the one they serve: the first country
    name or demonym in the role that is not the object of 'to', 'in', 'at' ('India's ambassador to Nepal')."""
    demonyms: dict[str, list[str]] = {}
    for row in load_tsv("countries_demonyms.tsv"):
        if len(row) >= 2:
            demonyms.setdefault(row[1], []).append(row[0].lower())
    names: list[tuple[str, int]] = []
    for i, country in enumerate(article.countries):
        forms = {_surface(country.name), *(_surface(m.text) for m in country.mentions)}
        forms |= set(demonyms.get(country.iso2 or "", []))
        names += [(f, i) for f in forms if f]
    found: dict[int, int] = {}
    for k, person in enumerate(article.people):
        words = (person.role or "").lower().replace("’", "'").replace("'s ", " ").split()
        for n in range(len(words)):
            if n and words[n - 1] in lex.place_preps:
                continue
            hit = next((i for f, i in names if words[n : n + len(f.split())] == f.split()), None)
            if hit is not None:
                found[k] = hit
                break
    return found


def _finish(
    finder: _Finder,
    kind: FactType,
    agents: list[_Party],
    recipients: list[_Party],
    planned: bool,
    *,
    pair: bool,
    unnamed_agent: bool = False,
    people_subject: bool = False,
    light: bool = False,
) -> _Candidate | None:
    agents = _unique(_stand_ins(finder, agents))
    recipients = _stand_ins(finder, recipients)
    recipients = [r for r in _unique(recipients) if all(r.key != a.key for a in agents)]
    if kind in ("meeting", "agreement") and not recipients:
        # 'SRRSH and Stanford University conducted a video conference': the second side is the
        # second party named as a subject in its own right (not one in an apposition).
        second = next((a for a in agents[1:] if a.main), None)
        if second is not None:
            recipients = [second]
            agents = [a for a in agents if a.key != second.key]
    if pair and not (agents and recipients):
        return None  # 'discussed', 'agreed' with one side named is a statement, not a meeting
    if kind == "agreement" and people_subject:
        return None  # '50 experts of SRRSH have participated in this programme' is no agreement
    if kind == "visit" and not agents and not unnamed_agent:
        return None  # a visit needs someone who goes ('the virus reached Korea' is not one)
    cand = _candidate(kind, agents, recipients, planned)
    if cand is not None and kind == "service" and light and not recipients:
        cand.extra["needs_count"] = True  # 'shared their experience' with nobody named and no count
    return cand


def _member_fact(finder: _Finder, s: _Sentence, tok: Token) -> _Candidate | None:
    """Membership or partnership stated with a copula: the subject joined the party the complement
    names by a possessive or an 'of'/'with' phrase; both sides must be named."""
    complement = finder._membership(tok)
    subj = _subject(tok)
    if complement is None or subj is None:
        return None
    agents = finder.parties_of(s, subj)
    recipients = [p for c in complement.children if c.dep_ == "poss" for p in finder.parties_of(s, c)]
    for p in _pobjs(complement, ("of", "with", "in")):
        if p.ent_type_ not in ("GPE", "LOC"):  # 'a member hospital in Korea' names a place, not a party
            recipients += finder.parties_of(s, p)
    return _finish(finder, "agreement", agents, recipients, _planned(finder, tok), pair=True)


def _noun_fact(finder: _Finder, s: _Sentence, tok: Token, kind: FactType) -> _Candidate | None:
    lex = finder.lex
    agents: list[_Party] = []
    recipients: list[_Party] = []
    for p in _nested_pobjs(tok, ("by", "from", "between", "among")):
        agents += finder.parties_of(s, p)
    for c in tok.children:
        if c.dep_ == "poss":
            agents += finder.parties_of(s, c)
    for t in tok.subtree:  # 'a meeting (on ...) led by X', 'a donation made by X'
        if t.dep_ == "agent" and t.head.dep_ == "acl":
            agents += [p for g in t.children if g.dep_ == "pobj" for p in finder.parties_of(s, g)]
    for p in _pobjs(tok, lex.recipient_preps[kind]):
        recipients += finder.parties_of(s, p)
    verb = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ in lex.attendance_preps else None
    if kind == "meeting" and not agents and verb is not None and verb.pos_ in ("VERB", "AUX"):
        # 'X raised the request at the sixth meeting of the Joint Commission': X took part in it,
        # the body whose meeting it was is the other side.
        subj = _subject(verb)
        bodies = [p for g in _pobjs(tok, ("of",)) for p in finder.parties_of(s, g)]
        if subj is not None and bodies:  # without the body, 'said at a news conference' is no meeting
            agents = finder.parties_of(s, subj)[:1]
            recipients += bodies
    if tok.dep_ in _SUBJECTS and tok.head.pos_ in ("VERB", "AUX") and kind != "donation":
        for c in tok.head.children:
            if c.dep_ in ("dobj", "dative"):
                recipients += finder.parties_of(s, c)
            if c.dep_ == "prep" and c.lower_ in lex.recipient_preps[kind]:
                recipients += [p for g in c.children if g.dep_ == "pobj" for p in finder.parties_of(s, g)]
    hosts = finder.hosts(s, tok.head if tok.dep_ in _SUBJECTS else tok)
    if kind == "meeting" and hosts:
        recipients = agents + recipients
        agents = hosts
    else:
        recipients += hosts
    planned = _planned(finder, tok.head) if tok.dep_ in _SUBJECTS else False
    if not agents and recipients and kind in ("meeting", "service"):
        agents = finder.protagonist()  # 'the opening session drew UN staff': the article's subject held it
    return _finish(finder, kind, agents, recipients, planned, pair=False)


def _unique(parties: list[_Party]) -> list[_Party]:
    out: list[_Party] = []
    for p in parties:
        if all(p.key != q.key for q in out):
            out.append(p)
    return out


@overload
def _candidate(
    kind: FactType, agents: list[_Party], recipients: list[_Party], planned: bool, *, keep: Literal[True]
) -> _Candidate: ...
@overload
def _candidate(
    kind: FactType, agents: list[_Party], recipients: list[_Party], planned: bool, *, keep: bool = False
) -> _Candidate | None: ...
def _candidate(
    kind: FactType, agents: list[_Party], recipients: list[_Party], planned: bool, *, keep: bool = False
) -> _Candidate | None:
    if not agents and not recipients and not keep:
        return None  # background with no party on either side is not a fact
    return _Candidate(
        type=kind,
        agent=agents[0] if agents else None,
        recipient=recipients[0] if recipients else None,
        also=[*agents[1:], *recipients[1:]],
        date=None,
        quantities=set(),
        planned=planned,
        evidence=[],
        section=None,
        sentence=(0, 0),
    )


def _split_arrivals(finder: _Finder, s: _Sentence, out: list[_Candidate]) -> None:
    """People arriving with goods give two facts: a visit and a donation (gold README)."""
    quantities = finder.article.quantities
    for cand in list(out):
        if cand.type != "visit":
            continue
        subj = _subject(s.sent.doc[cand.extra["token"]])
        if subj is None or finder.arrival_of_goods(subj) != "both":
            continue
        goods_q = {q for q in cand.quantities if quantities[q].category in finder.lex.goods_categories}
        donation = _Candidate(**{**cand.__dict__, "type": "donation", "quantities": goods_q, "also": []})
        donation.extra = dict(cand.extra)
        cand.quantities = cand.quantities - goods_q
        out.insert(out.index(cand) + 1, donation)


# ----------------------------------------------------------------------------------------------- merging


def _compatible(a: _Party | None, b: _Party | None) -> bool:
    return a is None or b is None or a.key == b.key


def _same(a: _Party | None, b: _Party | None) -> bool:
    return a is not None and b is not None and a.key == b.key


def _merge(finder: _Finder, cands: list[_Candidate]) -> list[_Candidate]:
    """Fold the same event told twice (same paragraph, type, compatible parties and date) into one."""
    out: list[_Candidate] = []
    for c in sorted(cands, key=lambda c: c.trigger):
        for m in out:
            if m.type != c.type or m.paragraph != c.paragraph or m.planned != c.planned:
                continue
            if not (m.date is None or c.date is None or finder.same_date(m.date, c.date)):
                continue
            if m.quantities and c.quantities and not (m.quantities & c.quantities):
                continue  # two counts, two events
            straight = _compatible(m.agent, c.agent) and _compatible(m.recipient, c.recipient)
            shared = _same(m.agent, c.agent) or _same(m.recipient, c.recipient)
            if m.type in ("meeting", "agreement") and not straight:
                swapped = _compatible(m.agent, c.recipient) and _compatible(m.recipient, c.agent)
                if swapped:
                    c.agent, c.recipient = c.recipient, c.agent
                    straight = True
                    shared = _same(m.agent, c.agent) or _same(m.recipient, c.recipient)
            if not straight and shared and m.date is not None and c.date is not None:
                # The same date and the same other side: an official acting for the party named before.
                straight = all(
                    _compatible(a, b) or "person" in (a.kind if a else "", b.kind if b else "")
                    for a, b in ((m.agent, c.agent), (m.recipient, c.recipient))
                )
            if m.sentence == c.sentence and m.extra.get("separate") and c.extra.get("separate"):
                continue  # 'it admitted the third patient; it later also cared for the 17th'
            if not (straight and shared):
                continue
            _absorb(finder, m, c)
            break
        else:
            out.append(c)
    return out


def _to_fact(article: Article, c: _Candidate) -> Fact:
    text = article.text or ""
    date = article.dates[c.date] if c.date is not None else None
    keys = {p.key for p in (c.agent, c.recipient) if p is not None}
    also = [p for p in _unique(c.also) if p.key not in keys]
    return Fact(
        type=c.type,
        agent=_ref(article, c.agent) if c.agent else None,
        recipient=_ref(article, c.recipient) if c.recipient else None,
        also=[_ref(article, p) for p in also],
        date=date.value if date else None,
        end_date=date.end_value if date else None,
        date_index=c.date,
        quantities=sorted(c.quantities),
        status="planned" if c.planned else "reported",
        evidence=[Mention(text=text[a:b], start=a, end=b) for a, b in c.evidence],
        section=c.section,
    )


__all__ = ["extract_facts"]
