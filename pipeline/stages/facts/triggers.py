"""Pass 1, triggers: the words of a sentence that report an event, with its type and how it was found.

Reads one parsed sentence and the lexicon; writes `Trigger`s. A trigger is a verb whose lemma is listed
for a type ('hand over' needs its particle), a light verb whose object is an event noun ('held a webinar'),
a stand-alone event noun ('the donation of 50,000 masks'), a copula or apposition stating membership ('X is
a member of Y', 'X, the partner of Y') or 'helping to build ... with X' (a joint project). A verb listed in
`pair_verbs` ('meet', 'work with', 'take over') is found as "pair": it needs both sides named.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Token

from models.article import FactType
from pipeline.context import doc_ents
from pipeline.stages.facts.lexicon import TYPES, Lexicon
from pipeline.stages.facts.parse import (
    RELATIVE,
    VERBS,
    Sentence,
    apposed_to,
    forms,
    gerund_head,
    head_acts,
    pobjs,
    purpose,
)

How = Literal["verb", "pair", "light", "receive", "noun", "joint", "member"]


@dataclass(frozen=True)
class Trigger:
    index: int  # token index in the paragraph's Doc
    type: FactType
    how: How


def find_triggers(lex: Lexicon, s: Sentence) -> dict[int, Trigger]:
    """The sentence's triggers by token index, in text order; an event noun that is the object of a
    light-verb trigger belongs to that verb."""
    found: dict[int, Trigger] = {}
    for tok in s.tokens:
        kind = trigger_type(lex, tok)
        if kind is not None:
            found[tok.i] = Trigger(tok.i, *kind)
    for trigger in list(found.values()):
        if trigger.how == "light":
            obj = object_of(lex, s.token(trigger.index))
            if obj is not None:
                found.pop(obj.i, None)
    return found


def trigger_type(lex: Lexicon, tok: Token) -> tuple[FactType, How] | None:
    """The fact type a token triggers and how, or None."""
    pos = tok.pos_
    if pos in VERBS or (pos == "NOUN" and tok.dep_ == "ROOT" and tok.tag_ == "VBN"):
        return _verb_type(lex, tok)
    if pos == "NOUN" and apposed_to(tok) is not None and forms(tok) & lex.membership_nouns:
        return "agreement", "member"  # 'X, the partner of Y since 2011'
    if pos in ("NOUN", "PROPN") and tok.dep_ != "compound":
        # a listed noun ends in the lemma's or the word's last word: most nouns end in neither
        heads = lex.standalone_heads
        if tok.lemma_.lower().rpartition(" ")[2] not in heads and tok.lower_.rpartition(" ")[2] not in heads:
            return None
        name = noun_name(lex, tok)
        if name in lex.standalone and name in lex.nouns:
            return lex.nouns[name], "noun"
    return None


def _verb_type(lex: Lexicon, tok: Token) -> tuple[FactType, How] | None:
    lemma = tok.lemma_.lower()
    if lemma not in lex.trigger_lemmas:
        return None
    if (tok.dep_ == "amod" and gerund_head(tok) is None) or any(c.dep_ == "neg" for c in tok.children):
        return None  # 'the donated items', 'did not send'
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in lex.request_verbs:
        return None  # 'urged X to release doses' asks for an event
    if tok.dep_ == "acl" and tok.head.lemma_.lower() in lex.wish_nouns:
        return None  # 'its wish to become a partner of X' wishes for one
    if any(
        c.dep_ == "ccomp" and any(g.lower_ in ("that", "whether") for g in c.children) for c in tok.children
    ):
        return None  # 'agreed that ...', 'admitted that ...' report speech
    if (
        lemma in lex.help_verbs
        and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children)
        and any(purpose(c) for c in tok.children)
    ):
        return "agreement", "joint"  # 'With X, Y is helping to turn the centre into ...'
    if lemma in lex.copulas and membership(lex, tok) is not None:
        return "agreement", "member"  # 'Myongji is the network's first member hospital'
    obj = object_of(lex, tok)
    if obj is not None and lemma in lex.light:
        # 'held a webinar'; 'provided alumni with free medical consultation'
        for noun in [obj, *pobjs(tok, ("with",)), *pobjs(obj, ("with",))]:
            obj_type = noun_type(lex, noun)
            if obj_type is not None:
                return obj_type, "light"
    for kind in TYPES:
        for entry in lex.verbs[kind]:
            if entry[0] != lemma or not _has_parts(tok, entry[1:]):
                continue
            if kind == "donation" and not _donation_object_ok(lex, tok, lemma in lex.weak):
                break
            return kind, "pair" if " ".join(entry) in lex.pair or lemma in lex.pair else "verb"
    if lemma in lex.receive and obj is not None and is_goods(lex, obj):
        return "donation", "receive"
    return None


def _has_parts(tok: Token, parts: tuple[str, ...]) -> bool:
    if not parts:
        return True
    words = {c.lower_ for c in tok.children if c.dep_ in ("prt", "prep", "dobj", "advmod", "dative")}
    words |= {c.lemma_.lower() for c in tok.children if c.dep_ in ("dobj", "prt")}
    return all(p in words for p in parts)


def object_of(lex: Lexicon, tok: Token) -> Token | None:
    """What a verb acts on: its direct object, passive subject, the object of 'in'/'into'/'on' or the
    noun its relative clause hangs on."""
    if gerund_head(tok) is not None:
        return tok.head  # '..., supplying ambulances' read as 'supplying' modifying 'ambulances'
    for c in tok.children:
        if c.dep_ in ("dobj", "attr"):
            return c
    for c in tok.children:
        if c.dep_ == "nsubjpass" and c.lower_ not in RELATIVE:
            return c
    for c in tok.children:  # 'participated in constructing ... project', 'passed on its experience'
        if c.dep_ == "prep" and c.lower_ in lex.object_preps:
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
                if g.dep_ == "pcomp":
                    return object_of(lex, g)
    if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN") and not head_acts(tok):
        return tok.head
    return None


def noun_name(lex: Lexicon, tok: Token) -> str:
    """The lexicon's name for a noun: with its nearest compounds ('aid package') when listed, else its lemma."""
    compounds = [c.lower_ for c in tok.lefts if c.dep_ == "compound"]
    lemma = tok.lemma_.lower()
    for k in range(
        len(compounds)
    ):  # the longest listed name: 'off-market takeover offer' is a 'takeover offer'
        name = " ".join([*compounds[k:], lemma])
        if name in lex.nouns:
            return name
    return lemma if lemma in lex.nouns else tok.lower_


def is_acquisition(lex: Lexicon, tok: Token) -> bool:
    """Whether a trigger tells a change of owner: 'acquired X', 'made a takeover offer for X', 'the merger'."""
    if tok.pos_ in ("NOUN", "PROPN"):
        return noun_name(lex, tok) in lex.acquisition_nouns
    obj = object_of(lex, tok)
    if obj is not None and noun_name(lex, obj) in lex.acquisition_nouns:
        return True
    lemma = tok.lemma_.lower()
    return any(entry[0] == lemma and _has_parts(tok, entry[1:]) for entry in lex.acquisition_verbs)


def noun_type(lex: Lexicon, tok: Token) -> FactType | None:
    """The fact type of an event noun ('webinar' → meeting), or of a cooperative or service compound."""
    kind = lex.nouns.get(noun_name(lex, tok))
    if kind is not None:
        return kind
    for c in tok.children:  # 'a cooperative relationship', 'a consulting service group'
        if c.dep_ in ("amod", "compound") and c.lemma_.lower() in ("cooperative", "co-operative"):
            return "agreement"
        if (
            c.dep_ == "compound"
            and tok.lemma_.lower() in lex.service_holders
            and lex.nouns.get(c.lemma_.lower()) == "service"
        ):
            return "service"
    return None


def membership(lex: Lexicon, tok: Token) -> Token | None:
    """The complement of a copula that makes its subject a member or partner of another party
    ('is a member of X', 'became X's partner', 'is the network's first member hospital')."""
    for c in tok.children:
        if c.dep_ not in ("attr", "acomp", "oprd"):
            continue
        words = [c, *(g for g in c.children if g.dep_ == "compound")]
        if any(forms(w) & lex.membership_nouns for w in words):
            return c
    return None


def themes(tok: Token) -> list[Token]:
    """What a donation verb gives: its objects, 'with' objects, or the noun its clause modifies."""
    found = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ not in RELATIVE]
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "with":
            found += [g for g in c.children if g.dep_ == "pobj"]
    if (tok.dep_ == "relcl" or gerund_head(tok) is not None) and not found:
        found.append(tok.head)
    return found


def is_goods(lex: Lexicon, noun: Token) -> bool:
    """Whether a noun names goods or money: a goods word, a counted noun, 'boxes of supplies'."""
    if noun.lemma_.lower() in lex.not_goods or noun.lower_ in lex.not_goods:
        return False
    if forms(noun) & lex.goods:
        return True
    if any(c.dep_ == "nummod" or c.like_num for c in noun.children):
        return True
    for c in noun.children:  # '1,000 of the machines', 'boxes of medical supplies'
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and forms(g) & lex.goods:
                    return True
    return any(forms(conj) & lex.goods for conj in noun.conjuncts)


def _donation_object_ok(lex: Lexicon, tok: Token, weak: bool) -> bool:
    found = themes(tok)
    if any(t.lemma_.lower() in lex.not_goods for t in found):
        return False
    if not weak:
        return True
    if any(t.tag_ == "PRP" and t.lower_ in ("it", "them", "these", "those") for t in found):
        return True  # 'handed them to ...': goods named before
    return any(is_goods(lex, t) for t in found) or _has_money_or_goods(lex, tok)


def _has_money_or_goods(lex: Lexicon, tok: Token) -> bool:
    """Whether the words after the verb in its clause hold money or goods ('announced up to NZ$5m')."""
    after = [t for t in tok.subtree if t.i > tok.i]
    if not after:
        return False
    start, end = after[0].idx, after[-1].idx + len(after[-1].text)
    if any(e.label_ == "MONEY" and start <= e.start_char and e.end_char <= end for e in doc_ents(tok.doc)):
        return True
    # a goods word modifying another noun names no goods ('at an attractive cash price')
    return any(t.pos_ == "NOUN" and t.dep_ != "compound" and forms(t) & lex.goods for t in after)
