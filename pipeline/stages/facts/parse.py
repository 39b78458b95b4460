"""Reading the dependency parse: subjects, objects of prepositions, clauses, passives, planned events.

Pure functions of spaCy tokens (no article, no lexicon beyond what is passed); `Sentence` maps a sentence's
tokens to offsets in `Article.text`.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from pipeline.context import Paragraph, doc_text
from pipeline.stages.facts.lexicon import Lexicon

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
RELATIVE = frozenset({"which", "that", "who", "whom", "whose"})
CLAUSES = frozenset({"relcl", "ccomp", "advcl", "csubj", "parataxis"})
VERBS = ("VERB", "AUX")

_PHRASE_DEPS = frozenset(
    {
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
)


class Sentence:
    """One sentence of one paragraph, with its tokens' offsets in `Article.text`."""

    def __init__(self, sent: Span, para: Paragraph) -> None:
        self.sent = sent
        self.para = para
        self.offset = para.start
        self.start = para.start + sent.start_char
        self.end = para.start + sent.end_char
        # read once: iterating a Span builds every Token anew, and several passes read them all
        self.tokens: list[Token] = list(sent)

    @property
    def text(self) -> str:
        """The sentence's text (`Span.text` joins it from every token on each access)."""
        return doc_text(self.sent.doc)[self.sent.start_char : self.sent.end_char]

    def token(self, i: int) -> Token:
        return self.sent.doc[i]

    def abs(self, token: Token) -> tuple[int, int]:
        return self.offset + token.idx, self.offset + token.idx + len(token.text)

    def span_of(self, tokens: Iterable[Token]) -> tuple[int, int]:
        toks = list(tokens)
        return (
            self.offset + min(t.idx for t in toks),
            self.offset + max(t.idx + len(t.text) for t in toks),
        )


def forms(tok: Token) -> set[str]:
    """The word's lemma, its lower-case form and, for a plural noun, the form less its 's': the model's
    lemmatiser misses some plurals ('doses' → 'dos')."""
    found = {tok.lemma_.lower(), tok.lower_}
    if tok.tag_ in ("NNS", "NNPS") and tok.lower_.endswith("s"):
        found.add(tok.lower_[:-1])
    return found


def subject(tok: Token) -> Token | None:
    """The subject of a verb, borrowed from the verb it is conjoined to when it has none."""
    cur: Token | None = tok
    while cur is not None:
        for c in cur.children:
            if c.dep_ in SUBJECTS:
                if c.lower_ in RELATIVE and cur.dep_ == "relcl":
                    return cur.head
                return c
        if cur.dep_ == "xcomp" and cur.head.pos_ in VERBS:
            # 'invited Nordby experts to share ...': the object of the governing verb acts, else its subject.
            obj = next((c for c in cur.head.children if c.dep_ in ("dobj", "dative")), None)
            if obj is not None:
                return obj
            cur = cur.head
        elif cur.dep_ == "relcl" and cur.head.pos_ in ("NOUN", "PROPN"):
            return cur.head
        elif cur.dep_ == "acl" and cur.head.pos_ == "NOUN" and _to_infinitive(cur):
            return _intender(cur.head)
        else:
            cur = _subject_holder(cur)
    return None


def _to_infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _intender(noun: Token) -> Token | None:
    """Whose intention, plan or offer a to-infinitive on a noun tells: the noun's possessor ('its intention to
    make an offer'), else the subject of the verb it is the object of ('announced a plan to send')."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    if noun.dep_ == "dobj" and noun.head.pos_ in VERBS:
        return subject(noun.head)
    return None


def _subject_holder(cur: Token) -> Token | None:
    """The verb whose subject a subjectless verb shares, or None."""
    if cur.dep_ == "conj" and cur.head.pos_ in VERBS:
        return cur.head
    if cur.dep_ == "pcomp" and cur.head.head.pos_ in VERBS:
        return cur.head.head  # 'Nordby Hospital participated in constructing ...'
    if cur.dep_ in ("acl", "advcl") and cur.tag_ == "VBG" and cur.head.pos_ in VERBS:
        return cur.head  # '..., supplying ambulances' shares the main verb's subject
    if cur.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "having" for c in cur.children):
        return cur.head  # 'X is its largest lender, having committed 829 million euros'
    return gerund_head(cur)


def is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("relcl", "acl") and any(c.dep_ == "agent" for c in tok.children)
    )


def nested_pobjs(head: Token, preps: Iterable[str]) -> list[Token]:
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


def pobjs(tok: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the wanted prepositions (or agent 'by', dative 'to') hanging directly on `tok`."""
    wanted = set(preps)
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in wanted:
            out += [g for g in c.children if g.dep_ == "pobj"]
    return out


def purpose(tok: Token) -> bool:
    """A to-infinitive without a subject of its own hanging on a verb: the purpose of the event."""
    return (
        tok.dep_ in ("advcl", "xcomp")
        and tok.pos_ == "VERB"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
        and not has_subject(tok)
    )


def gerund_head(tok: Token) -> Token | None:
    """The verb a participle clause after a comma belongs to when the parser made the participle a
    modifier of its object ('has been helping X since 2020, supplying ambulances, ...'), else None."""
    noun = tok.head
    if (
        tok.dep_ == "amod"
        and tok.tag_ == "VBG"
        and tok.i > 0
        and tok.doc[tok.i - 1].text == ","
        and noun.left_edge.i == tok.i
        and noun.head.pos_ in VERBS
        and (
            noun.dep_ in ("dep", "npadvmod", "appos", "conj")
            # a second object of the verb: 'supporting X since 2019, supplying ambulances'
            or (noun.dep_ == "dobj" and any(c.dep_ == "dobj" and c.i < tok.i for c in noun.head.children))
        )
    ):
        return noun.head
    return None


def head_acts(relcl: Token) -> bool:
    """Whether the noun a relative clause hangs on is its doer, not its object: 'the team which visited',
    'a network to pass across the maze' (but not 'the webinar Nordby Hospital held', 'the kits which were sent')."""
    if any(c.dep_ == "nsubj" and c.lower_ in RELATIVE for c in relcl.children):
        return True
    return not any(c.dep_ in SUBJECTS for c in relcl.children) and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in relcl.children
    )


def has_subject(tok: Token) -> bool:
    """A verb with its own subject: a conjoined clause of this kind keeps its own counts."""
    return any(c.dep_ in SUBJECTS for c in tok.children)


def own_clause(tok: Token) -> bool:
    """A finite clause with its own subject: a separate event even beside one of the same type."""
    return tok.dep_ in ("ROOT", "conj", "ccomp", "parataxis") and has_subject(tok)


def within(tok: Token, ancestor: Token) -> bool:
    return any(a.i == ancestor.i for a in tok.ancestors)


def planned(lex: Lexicon, tok: Token) -> bool:
    """Whether the event is announced, not done: 'will send', 'is expected to arrive', 'were to meet'."""
    cur = tok
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in lex.modals for c in cur.children):
            return True
        if cur.dep_ == "acl" and cur.head.lemma_.lower() in lex.plan_nouns and _to_infinitive(cur):
            return True  # 'announced its intention to make an offer'
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


def owner(tok: Token, triggers: set[int]) -> int | None:
    """The first trigger (token index) on the head chain of `tok`; -1 when a clause of its own (a verb
    with its own subject that is no trigger: '...; Piispanen is expected to follow next week') holds it
    first; None when it hangs on no trigger (a date for the whole sentence)."""
    cur = tok
    while cur.head.i != cur.i:
        cur = cur.head
        if cur.i in triggers:
            return cur.i
        if cur.pos_ in VERBS and cur.dep_ in ("conj", "advcl", "parataxis", "relcl") and has_subject(cur):
            return -1
    return None


def apposed_to(tok: Token) -> Token | None:
    """The name a noun is in apposition to, also through a list of appositions ('X, the largest hospital in
    Y and the partner of Z': 'partner' is X's too), else None."""
    cur = tok
    while cur.dep_ == "conj" and cur.head.i != cur.i:
        cur = cur.head
    return cur.head if cur.dep_ == "appos" else None
