"""The counted item of a quantity: the noun phrase after its number, its container or measure, and its
category from the lexicons (longest phrase first), or from the sentence when the noun is elided.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from models.article import Qualifier
from pipeline.stages.quantities.lexicons import MONEY, OTHER, Lexicons

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


@dataclass
class Found:
    """A quantity found in a paragraph (offsets relative to the paragraph)."""

    start: int
    end: int
    value: Decimal
    end_value: Decimal | None
    qualifier: Qualifier | None
    unit: str | None
    item: str | None
    category: str | None


NOUNS = frozenset({"NOUN", "PROPN"})
# a QUANTITY entity is let in: its words are the measure ("5,000 cubic metres")
_ENTITY_NOT_ITEM = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "CARDINAL", "ORDINAL"})

ItemResult = tuple[list["Token"], str | None, str | None, str | None, int | None, bool, bool]


def noun_run(doc: Doc, i: int) -> list[Token]:
    """The noun phrase that starts at token i: modifiers and nouns up to its last noun."""
    run: list[Token] = []
    j = i
    while j < len(doc):
        t = doc[j]
        if run and t.is_sent_start:
            break
        nxt = doc[j + 1] if j + 1 < len(doc) else None
        if t.like_num and run and _names_model(run) and nxt is not None and nounlike(nxt):
            run.append(
                t
            )  # a model number inside the phrase: "12 Lumis 150 ventilators", "new Skyvik A330-200 jets"
        elif is_designation(t):
            run.append(t)  # "24 A320s", "50 787s"
        elif t.ent_type_ in _ENTITY_NOT_ITEM and t.pos_ != "NOUN":
            break
        elif _in_noun_phrase(doc, j, started=bool(run)):
            run.append(t)
        else:
            break
        j += 1
    while run and not nounlike(run[-1]):
        run.pop()
    return run


def _names_model(run: Sequence[Token]) -> bool:
    """Whether a number after this run continues a model name: after a proper noun or a designation
    ("Lumis 150", "A330-200")."""
    last = run[-1]
    if last.text in ("-", "–") and len(run) > 1 and not last.whitespace_:
        last = run[-2]
    return last.pos_ == "PROPN" or is_acronym(last) or is_designation(last)


# letters then digits ("A320s", "N95", "G7"), or three digits made plural ("787s")
_DESIGNATION = re.compile(r"[A-Za-z]+\d+[A-Za-z\d]*|\d{3}s")


def is_designation(token: Token) -> bool:
    """ "A320s", "787s", "N95": a name written in letters and digits, which the tagger often calls a number;
    it can name the counted thing."""
    return _DESIGNATION.fullmatch(token.text) is not None


def nounlike(token: Token) -> bool:
    """A token that can end a counted noun phrase."""
    return token.pos_ in NOUNS or is_acronym(token) or is_designation(token)


def is_acronym(token: Token) -> bool:
    """ "COVID", "PPE", "ICU": the sm tagger often calls capitalised acronyms verbs."""
    return len(token) >= 2 and token.text.isalpha() and token.text.isupper()


def _in_noun_phrase(doc: Doc, j: int, *, started: bool) -> bool:
    """Whether token j can be part of a counted noun phrase: nouns, adjectives, participles used as
    modifiers ("confirmed cases"), and hyphens inside compounds ("anti-epidemic")."""
    t = doc[j]
    if t.pos_ in NOUNS or t.pos_ == "ADJ" or is_acronym(t):
        return True
    if t.pos_ == "VERB" and t.tag_ in ("VBN", "VBG") and t.dep_ in ("amod", "compound"):
        return True
    if not started and t.tag_ in ("VBN", "VBD") and j + 1 < len(doc) and doc[j + 1].tag_ == "NNS":
        return True  # "1,100 invited guests": the sm parser reads the participle as the sentence's verb
    return t.text in ("-", "–") and started and not t.whitespace_ and not doc[j - 1].whitespace_


def _conjuncts(doc: Doc, head: Token, table: Mapping[str, str]) -> list[list[Token]]:
    """Further noun phrases coordinated with `head` that carry no number of their own and name a
    categorised item ("doctors and nurses"; not "beds and room for ...")."""
    out: list[list[Token]] = []
    last = head
    while True:
        j = last.i + 1
        while j < len(doc) and (doc[j].text == "," or doc[j].dep_ == "cc"):
            j += 1
        if j == last.i + 1 or j >= len(doc):
            break
        run = noun_run(doc, j)
        if not run or any(t.like_num for t in run):
            break
        conj = run[-1]
        if conj.dep_ != "conj" or head not in list(conj.ancestors) or lookup(run, table) in (None, OTHER):
            break
        out.append(run)
        last = conj
    return out


def lookup(run: Sequence[Token], table: Mapping[str, str]) -> str | None:
    """The category of a noun phrase: the longest phrase ending in its head (lemma or plural) in the table."""
    if not run:
        return None
    words = [t.lower_ for t in run]
    for head in _head_forms(run[-1]):
        for k in range(len(words)):
            key = " ".join([*words[k:-1], head])
            if key in table:
                return table[key]
    return None


def _head_forms(token: Token) -> list[str]:
    """Lookup forms of a head noun: spaCy's lemma, the word, and the word with a plural ending removed
    (the sm lemmatizer gives "dos" for "doses")."""
    word = token.lower_
    forms = [token.lemma_.lower(), word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s"):
        forms.append(word[:-1])
    return list(dict.fromkeys(forms))


def _nationality(run: Sequence[Token]) -> str | None:
    """ "3,000 Britons", "12 Americans": a plural nationality (spaCy NORP) counts people."""
    head = run[-1]
    return "people" if head.ent_type_ == "NORP" and head.tag_ in ("NNS", "NNPS") else None


def _phrase_category(runs: Sequence[Sequence[Token]], lex: Lexicons, table: Mapping[str, str]) -> str | None:
    cats = [c for c in (lookup(r, table) or _nationality(r) for r in runs) if c is not None]
    if not cats:
        return None
    distinct = set(cats)
    if len(distinct) == 1:
        return cats[0]
    for group, members in lex.groups.items():
        if distinct <= members:
            return group
    return cats[0]


def _compound(doc: Doc, i: int, lex: Lexicons, table: Mapping[str, str]) -> ItemResult | None:
    """A hyphenated count: it counts the word after the hyphen ("a 20-bed ward" -> 20 beds) only when that
    word is a category ("a 3-point plan" is not a count), or the size of the group named next ("a 25-strong
    squad")."""
    if i >= len(doc):
        return None
    word = doc[i]
    group = lex.group_size.get(word.lower_)
    if group is not None:
        run = noun_run(doc, i + 1)
        if not run:
            return None
        return run, doc[run[0].i : run[-1].i + 1].text, None, group, run[-1].idx + len(run[-1]), False, False
    category = lookup([word], table)
    if category in (None, OTHER):
        return None
    return [word], word.text, None, category, word.idx + len(word), False, False


def _unit(run: Sequence[Token], lex: Lexicons) -> str | None:
    """The container or measure a noun phrase ends in, two words first ("square kilometres", "cubic metres")."""
    head = run[-1]
    if len(run) > 1:
        two = f"{run[-2].lower_} {head.lower_}"
        if two in lex.containers:
            return lex.containers[two]
    return lex.containers.get(head.lower_) or lex.containers.get(head.lemma_.lower())


def item_of(doc: Doc, span: Span, lex: Lexicons, table: Mapping[str, str]) -> ItemResult | None:
    """The counted noun phrase after the number: (head run, item text, unit, category, end, measure, definite)."""
    i = span.end
    definite = False
    if i < len(doc) and doc[i].text in ("-", "–") and not doc[i].whitespace_ and not span[-1].whitespace_:
        return _compound(doc, i + 1, lex, table)
    if i < len(doc) and doc[i].lower_ == "of":
        i += 1  # partitive: "1,000 of the machines", "hundreds of doctors"
        while i < len(doc) and (doc[i].pos_ in ("DET", "PRON") or doc[i].tag_ == "PRP$"):
            definite = definite or doc[i].lower_ in lex.definite
            i += 1
    run = noun_run(doc, i)
    if not run:
        return [], None, None, None, None, False, definite
    runs = [run, *_conjuncts(doc, run[-1], table)]
    head = run[-1]
    unit = _unit(run, lex)
    measure = unit in lex.measures if unit else False
    dimension = unit in lex.dimensions if unit else False
    if unit is not None and head.i + 1 < len(doc) and doc[head.i + 1].lower_ == "of":
        j = head.i + 2
        while j < len(doc) and (doc[j].pos_ == "DET" or doc[j].tag_ == "PRP$"):
            j += 1
        inner = noun_run(doc, j)
        if inner:
            inner_runs = [inner, *_conjuncts(doc, inner[-1], table)]
            category = _phrase_category(inner_runs, lex, table)
            if category in (None, OTHER):
                category = _phrase_category([run], lex, table) or category
            end_tok = inner_runs[-1][-1]
            inner_item = doc[inner[0].i : end_tok.i + 1].text
            return run, inner_item, unit, category, end_tok.idx + len(end_tok), measure, definite
    category = _phrase_category(runs, lex, table)
    end_tok = runs[-1][-1]
    item: str | None = doc[run[0].i : end_tok.i + 1].text
    if dimension:
        pass  # "160 megawatts", "462 square kilometres": the measure is the item; never one from the sentence
    elif unit is not None and category is None:
        item = None  # a bare container or measure ("three tonnes", "1,500 units"): the item is elsewhere
    elif not measure:
        unit = None  # the container noun is the item itself ("84,240 doses", "276,839 coronavirus cases")
    return run, item, unit, category, end_tok.idx + len(end_tok), measure, definite


def context_category(
    doc: Doc, span: Span, lex: Lexicons, table: Mapping[str, str], previous: list[Found]
) -> tuple[str | None, str | None]:
    """The category and item of an elided item: the nearest categorised noun before it in the sentence,
    else the paragraph's previous count."""
    sent_start = span.sent.start
    for j in range(span.start - 1, sent_start - 1, -1):
        t = doc[j]
        if t.pos_ not in NOUNS or t.lower_ in lex.containers or t.lemma_.lower() in lex.containers:
            continue
        mods = [c for c in t.lefts if c.dep_ in ("amod", "compound") and c.i >= sent_start]
        run = [*mods, t] if mods and mods[-1].i == t.i - len(mods) else [t]
        category = lookup(run, table)
        if category not in (None, OTHER, MONEY):
            return category, doc[run[0].i : t.i + 1].text
    for found in reversed(previous):
        if found.category not in (None, OTHER, MONEY):
            return found.category, found.item
    return None, None


def relational(doc: Doc, span: Span, head_tokens: Sequence[Token], lex: Lexicons) -> bool:
    """ "the two countries", "both sides", "its first two webinars": a small word count that relates."""
    if head_tokens and head_tokens[-1].lower_ in lex.relational:
        return True
    j = span.start - 1
    while j >= 0 and doc[j].pos_ == "ADJ":
        j -= 1
    return j >= 0 and doc[j].lower_ in lex.definite
