"""Pass 2, roles: who did it and to whom, from the trigger's place in the parse.

Reads a `Trigger` in its sentence; writes a `FactCandidate` with its agent, recipient, further parties and
status, or None when the trigger reports no event with a party. The subject is the agent (in the passive
the `by` phrase); a dative or a `to`/`for`/`with` object the recipient (per type, `recipient_preps`);
conjoined parties go to `also`; a verb conjoined to another without a subject of its own borrows that
verb's subject. Goods that arrive are a delivery, people that arrive a visit.
"""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Token

from models.article import FactType
from pipeline.stages.facts.candidate import FactCandidate, candidate
from pipeline.stages.facts.lexicon import Lexicon
from pipeline.stages.facts.parse import (
    SUBJECTS,
    VERBS,
    Sentence,
    apposed_to,
    forms,
    gerund_head,
    is_passive,
    nested_pobjs,
    planned,
    pobjs,
    subject,
)
from pipeline.stages.facts.parties import Reader
from pipeline.stages.facts.records import Party, unique
from pipeline.stages.facts.triggers import How, Trigger, is_goods, membership, noun_name, object_of

Moving = Literal["goods", "people", "both", "other"]


def roles(reader: Reader, s: Sentence, trigger: Trigger) -> FactCandidate | None:
    """The candidate a trigger gives, its parties read from the parse."""
    tok = s.token(trigger.index)
    if trigger.how == "noun":
        cand = noun_roles(reader, s, tok, trigger.type)
    elif trigger.how == "member":
        cand = member_roles(reader, s, tok)
    else:
        cand = verb_roles(reader, s, tok, trigger.type, trigger.how)
    if cand is not None:
        cand.how = trigger.how
        cand.token = trigger.index
        cand.trigger = s.abs(tok)[0]
        if trigger.type == "donation" and trigger.how != "noun":
            cand.told_goods = _definite_goods(object_of(reader.lex, tok))
    return cand


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


def moving(lex: Lexicon, subj: Token) -> Moving:
    """What a moving subject is: 'goods' (doses, a ship), 'people' (a team), 'both', or 'other'."""
    kinds: set[Moving] = set()
    for head in [subj, *subj.conjuncts]:
        kind = _moving_one(lex, head)
        if kind is not None:
            kinds.add(kind)
    if kinds == {"goods", "people"}:
        return "both"
    return kinds.pop() if kinds else "other"


def _moving_one(lex: Lexicon, head: Token) -> Literal["goods", "people"] | None:
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
    if forms(head) & lex.travellers:
        return "people"  # 'a team of 6 people', 'two health specialists'
    if lemma in lex.vehicles or forms(head) & (lex.goods | lex.nouns_of("donation")):
        return "goods"  # before the entity type: 'Indian-made doses' is goods, not people
    if head.ent_type_ in ("PERSON", "NORP"):
        return "people"  # '234 Americans have flown'
    if is_goods(lex, head):
        return "goods"
    if (
        lemma in lex.travellers
        or (inner is not None and inner.lemma_.lower() in lex.travellers)
        or head.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or head.pos_ == "PROPN"
    ):
        return "people"
    return None


# ----------------------------------------------------------------------------------------------- verbs


def verb_roles(reader: Reader, s: Sentence, tok: Token, kind: FactType, how: How) -> FactCandidate | None:
    """The parties of a verb trigger (or a light verb with its event noun)."""
    lex = reader.lex
    subj = subject(tok)
    arrival = kind == "visit" and subj is not None and moving(lex, subj) == "goods"
    if arrival:
        kind = "donation"  # 'Four ISO tanks holding 80 tonnes of oxygen arrived at ...' is a delivery
    agents = _doers(reader, s, tok, subj)
    if how == "receive":
        recipients, agents = agents, [p for a in pobjs(tok, lex.agent_preps) for p in reader.parties_of(s, a)]
    else:
        recipients = _recipients(reader, s, tok, kind, how, arrival)
        obj = object_of(lex, tok)
        if how == "light" and obj is not None:
            agents = [p for g in pobjs(obj, ("by",)) for p in reader.parties_of(s, g)] + agents
            if not agents and not recipients and obj.lemma_.lower() in lex.state_relations:
                agents = reader.two_states(s.abs(tok)[0])  # 'Relations were established in 1961
    if kind == "donation" and tok.dep_ == "acl" and tok.tag_ == "VBN" and agents and not recipients:
        recipients = _clause_holder(reader, s, tok)
    agents, recipients = _with_hosts(kind, agents, recipients, reader.hosts(s, tok))
    if is_passive(tok) and not agents and kind in ("meeting", "service"):
        agents = reader.protagonist()  # 'a second session was held for UN staff': the publisher held it
    if arrival:
        return _delivery(reader, s, tok, agents, recipients)
    recast = _recast_visit(lex, tok, subj, kind, recipients)
    if recast is None:
        return None
    kind = recast
    cand = finish(
        reader,
        s,
        kind,
        agents,
        recipients,
        planned(lex, tok),
        pair=how in ("pair", "joint"),
        unnamed_agent=kind == "visit" and subj is not None and moving(lex, subj) in ("people", "both"),
        people_subject=subj is not None and subj.lemma_.lower() in lex.travellers,
        light=how == "light",
    )
    if cand is not None and how == "receive" and cand.agent is None:
        cand.giver_unknown = (
            True  # 'McGill University, which receives $165 million': the giver comes from context
        )
    return cand


def _recast_visit(
    lex: Lexicon, tok: Token, subj: Token | None, kind: FactType, recipients: list[Party]
) -> FactType | None:
    """A visit verb that goes nowhere named: 'the ministry deployed 42,000 health workers to vaccination
    points' staffs a service; 'the campaign reached its target' is no visit (None). Other kinds unchanged."""
    if kind != "visit" or recipients:
        return kind
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    if tok.lemma_.lower() in lex.staffing_verbs and obj is not None and moving(lex, obj) == "people":
        return "service"
    if subj is not None and moving(lex, subj) == "other":
        return None
    return kind


def _doers(reader: Reader, s: Sentence, tok: Token, subj: Token | None) -> list[Party]:
    """The subject's parties, or in the passive those of the 'by' phrase."""
    if not is_passive(tok):
        return reader.parties_of(s, subj) if subj is not None else []
    agents = [p for a in pobjs(tok, ("by",)) for p in reader.parties_of(s, a)]
    if not agents and subj is not None:  # 'supplies, which donated by Nordby Hospital, was sent to ...'
        for t in subj.subtree:
            if t.dep_ == "agent":
                agents += [p for g in t.children if g.dep_ == "pobj" for p in reader.parties_of(s, g)]
    return agents


def _recipients(
    reader: Reader, s: Sentence, tok: Token, kind: FactType, how: How, arrival: bool
) -> list[Party]:
    """The other side: a dative, the type's prepositions, and what the verb's object names."""
    lex = reader.lex
    preps = lex.recipient_preps[kind]
    found: list[Party] = []
    for c in tok.children:
        if c.dep_ == "dative":
            found += reader.parties_of(s, c)
            found += [p for g in c.children if g.dep_ == "pobj" for p in reader.parties_of(s, g)]
    found += [p for g in pobjs(tok, preps) for p in reader.parties_of(s, g)]
    obj = object_of(lex, tok)
    if arrival:
        found += [p for g in pobjs(tok, lex.recipient_preps["visit"]) for p in reader.parties_of(s, g)]
        if obj is not None and obj.dep_ == "dobj":
            found += reader.parties_of(s, obj)
    elif kind == "donation":
        found = _donation_recipients(reader, s, tok, obj, found)
    elif (
        obj is not None
        and obj.dep_ == "dobj"
        and (kind in ("visit", "meeting", "agreement") or (kind == "service" and how == "verb"))
    ):
        if how != "light":
            found = reader.parties_of(s, obj) + found
        found += [p for g in pobjs(obj, preps | lex.agent_preps) for p in reader.parties_of(s, g)]
    if how == "light" and obj is not None:
        if kind == "service":  # 'established a consulting service group for the alumni association'
            found += [p for g in pobjs(obj, preps) for p in reader.parties_of(s, g)]
        if kind == "agreement" and not found:
            # 'constructing Skyvik's platform project', 'participated in this platform'
            found += _target(reader, s, obj) or reader.parties_of(s, obj)
    return found


def _target(reader: Reader, s: Sentence, noun: Token) -> list[Party]:
    """What a takeover or merger is of: 'an offer for all the shares in X', 'the acquisition of X'."""
    if noun_name(reader.lex, noun) not in reader.lex.acquisition_nouns:
        return []
    return [p for g in nested_pobjs(noun, ("of", "for", "in", "with")) for p in reader.parties_of(s, g)]


def _donation_recipients(
    reader: Reader, s: Sentence, tok: Token, obj: Token | None, found: list[Party]
) -> list[Party]:
    lex = reader.lex
    preps = lex.recipient_preps["donation"]
    direct = reader.parties_of(s, obj) if obj is not None and obj.dep_ == "dobj" else []
    # 'provided Mongolia with kits': a direct object that is itself a party is the recipient.
    if direct and any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children):
        found = direct + found
    found += [p for g in nested_pobjs(tok, preps) for p in reader.parties_of(s, g)]
    if not found and obj is not None:
        found += _relative_recipients(reader, s, obj)
    governor = gerund_head(tok) or (tok.head if tok.dep_ in ("advcl", "conj") else None)
    if not found and governor is not None and governor.lemma_.lower() in lex.help_verbs:
        for c in governor.children:  # 'has been helping the Nepali Army ..., supplying ambulances'
            if c.dep_ == "dobj":
                found += reader.parties_of(s, c)
    if not found and obj is not None:  # 'financing Mongolia's vaccines'
        for t in obj.subtree:
            if t.dep_ == "poss":
                found += reader.parties_of(s, t)
    return found


def _relative_recipients(reader: Reader, s: Sentence, obj: Token) -> list[Party]:
    """'donated 50,000 masks that meet the requirements for Nordby University': with no recipient on the verb,
    an organisation or country the goods' relative clause names 'for'/'to' is theirs."""
    preps = reader.lex.recipient_preps["donation"]
    return [
        p
        for c in obj.children
        if c.dep_ == "relcl"
        for g in nested_pobjs(c, preps)
        for p in reader.parties_of(s, g)
        if p.kind != "person"
    ]


def _clause_holder(reader: Reader, s: Sentence, tok: Token) -> list[Party]:
    """'Mongolia began vaccinating with doses donated by India': the clause's subject received them."""
    clause = next((a for a in tok.ancestors if a.pos_ in VERBS and a.dep_ != "acl"), None)
    holder = subject(clause) if clause is not None else None
    return reader.parties_of(s, holder)[:1] if holder is not None else []


def _with_hosts(
    kind: FactType, agents: list[Party], recipients: list[Party], hosts: list[Party]
) -> tuple[list[Party], list[Party]]:
    """The party behind the event ('at the invitation of X', 'a tour organised by X') organises a meeting,
    hosts a visit, else joins the other side."""
    if kind == "meeting" and hosts:
        return hosts, agents + recipients
    if kind == "visit":
        return agents, hosts + recipients  # the host before the place (gold README: 'visit')
    return agents, recipients + hosts


def _delivery(
    reader: Reader, s: Sentence, tok: Token, agents: list[Party], recipients: list[Party]
) -> FactCandidate | None:
    """Goods arriving: the sender is the agent, else one named 'from', else the donor comes from context."""
    subj = subject(tok)
    if not agents and subj is not None:  # 'a cargo plane chartered by X landed with ...'
        for t in subj.subtree:
            if (
                t.dep_ == "agent"
                and t.head.dep_ == "acl"
                and t.head.lemma_.lower() in reader.lex.sender_verbs
            ):
                agents += [p for g in t.children if g.dep_ == "pobj" for p in reader.parties_of(s, g)]
    if not agents:
        # 'the first delivery of a shuttle that will carry oxygen from Singapore': the sender
        for t in s.tokens:
            if t.dep_ == "prep" and t.lower_ == "from":
                agents += [p for g in t.children if g.dep_ == "pobj" for p in reader.parties_of(s, g)]
        agents = [a for a in agents if a.kind != "person" and all(a.key != r.key for r in recipients)][:1]
    status = planned(reader.lex, tok)
    if not agents and not recipients:
        cand = candidate("donation", [], [], status, keep=True)
        if cand is not None:
            cand.orphan = True  # 'The first 84,240 doses reached the airport': parties come from context
        return cand
    found = finish(reader, s, "donation", agents, recipients, status, pair=False)
    if found is not None and not agents:
        found.orphan = True
    return found


# ----------------------------------------------------------------------------------------------- the rest


def finish(
    reader: Reader,
    s: Sentence,
    kind: FactType,
    agents: list[Party],
    recipients: list[Party],
    status: bool,
    *,
    pair: bool,
    unnamed_agent: bool = False,
    people_subject: bool = False,
    light: bool = False,
) -> FactCandidate | None:
    """The candidate from its parties, or None when the type needs what the sentence does not name."""
    agents = unique(reader.stand_ins(agents))
    recipients = unique(reader.stand_ins(recipients))
    if kind == "agreement":
        agents, recipients = reader.signatories(s, agents), reader.signatories(s, recipients)
    recipients = [r for r in recipients if all(r.key != a.key for a in agents)]
    if kind in ("meeting", "agreement") and not recipients:
        # 'Nordby Hospital and Skyvik University conducted a video conference': the second side is the
        # second party named as a subject in its own right (not one in an apposition).
        second = next((a for a in agents[1:] if a.main), None)
        if second is not None:
            recipients = [second]
            agents = [a for a in agents if a.key != second.key]
    if pair and not (agents and recipients):
        return None  # 'discussed', 'agreed' with one side named is a statement, not a meeting
    if kind == "agreement" and people_subject:
        return None  # '50 experts of Nordby Hospital have participated in this programme' is no agreement
    if kind == "visit" and not agents and not unnamed_agent:
        return None  # a visit needs someone who goes ('the virus reached Korea' is not one)
    cand = candidate(kind, agents, recipients, status)
    if cand is not None and kind == "service" and light and not recipients:
        cand.needs_count = True  # 'shared their experience' with nobody named and no count
    return cand


def member_roles(reader: Reader, s: Sentence, tok: Token) -> FactCandidate | None:
    """Membership or partnership stated with a copula or an apposition: the subject joined the party the
    complement names by a possessive or an 'of'/'with' phrase; both sides must be named."""
    complement: Token | None
    subj: Token | None
    if apposed_to(tok) is not None:  # 'X, the partner of Y'
        complement, subj = tok, apposed_to(tok)
    else:
        complement, subj = membership(reader.lex, tok), subject(tok)
    if complement is None or subj is None:
        return None
    recipients = [p for c in complement.children if c.dep_ == "poss" for p in reader.parties_of(s, c)]
    for p in pobjs(complement, ("of", "with", "in")):
        if p.ent_type_ not in ("GPE", "LOC"):  # 'a member hospital in Korea' names a place, not a party
            recipients += reader.parties_of(s, p)
    # the subject's phrase holds an apposed complement's party too ('X, the partner of Y')
    agents = [a for a in reader.parties_of(s, subj) if all(a.key != r.key for r in recipients)]
    return finish(reader, s, "agreement", agents, recipients, planned(reader.lex, tok), pair=True)


def noun_roles(reader: Reader, s: Sentence, tok: Token, kind: FactType) -> FactCandidate | None:
    """The parties of an event noun: 'by'/'from'/'between' and possessives act, the type's prepositions
    receive; a subject noun takes its verb's object ('the session drew UN staff')."""
    lex = reader.lex
    agents = [
        p for g in nested_pobjs(tok, ("by", "from", "between", "among")) for p in reader.parties_of(s, g)
    ]
    agents += [p for c in tok.children if c.dep_ == "poss" for p in reader.parties_of(s, c)]
    for t in tok.subtree:  # 'a meeting (on ...) led by X', 'a donation made by X'
        if t.dep_ == "agent" and t.head.dep_ == "acl":
            agents += [p for g in t.children if g.dep_ == "pobj" for p in reader.parties_of(s, g)]
    recipients = [p for g in pobjs(tok, lex.recipient_preps[kind]) for p in reader.parties_of(s, g)]
    recipients = _target(reader, s, tok) + recipients
    recipients = _passive_holder(reader, s, tok) + recipients
    agents = agents or _passive_giver(reader, s, tok)
    if kind == "meeting" and not agents:
        agents, recipients = _attendance(reader, s, tok, recipients)
    if kind == "visit" and not agents:
        agents = _on_visit(reader, s, tok)
    if tok.dep_ in SUBJECTS and tok.head.pos_ in VERBS and kind != "donation":
        for c in tok.head.children:
            if c.dep_ in ("dobj", "dative"):
                recipients += reader.parties_of(s, c)
            if c.dep_ == "prep" and c.lower_ in lex.recipient_preps[kind]:
                recipients += [p for g in c.children if g.dep_ == "pobj" for p in reader.parties_of(s, g)]
    agents, recipients = _with_hosts(
        kind, agents, recipients, reader.hosts(s, tok.head if tok.dep_ in SUBJECTS else tok)
    )
    status = planned(lex, tok.head) if tok.dep_ in SUBJECTS else False
    if not agents and recipients and kind in ("meeting", "service"):
        agents = reader.protagonist()  # 'the opening session drew UN staff': the article's subject held it
    return finish(reader, s, kind, agents, recipients, status, pair=False)


def _passive_holder(reader: Reader, s: Sentence, tok: Token) -> list[Party]:
    """'X has been awarded a grant from Y', 'X was given a donation': the passive subject received it."""
    if tok.dep_ != "dobj" or not is_passive(tok.head):
        return []
    return [p for c in tok.head.children if c.dep_ == "nsubjpass" for p in reader.parties_of(s, c)]


def _passive_giver(reader: Reader, s: Sentence, tok: Token) -> list[Party]:
    """'X has been awarded a grant by Y': the passive verb's 'by'/'from' phrase gave the event noun."""
    if tok.dep_ != "dobj" or not is_passive(tok.head):
        return []
    return [p for g in pobjs(tok.head, ("by", "from")) for p in reader.parties_of(s, g)]


def _on_visit(reader: Reader, s: Sentence, tok: Token) -> list[Party]:
    """'X, who is on a state visit to Y', 'X was on an official tour of Y': the one who is on it goes."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "on" or tok.head.head.lemma_ not in reader.lex.copulas:
        return []
    holder = subject(tok.head.head)
    return reader.parties_of(s, holder)[:1] if holder is not None else []


def _attendance(
    reader: Reader, s: Sentence, tok: Token, recipients: list[Party]
) -> tuple[list[Party], list[Party]]:
    """'X raised the request at the sixth meeting of the Joint Commission': X took part in it, the body
    whose meeting it was is the other side (without the body, 'said at a news conference' is no meeting)."""
    lex = reader.lex
    verb = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ in lex.attendance_preps else None
    if verb is None or verb.pos_ not in VERBS:
        return [], recipients
    subj = subject(verb)
    bodies = [p for g in pobjs(tok, ("of",)) for p in reader.parties_of(s, g)]
    if subj is None or not bodies:
        return [], recipients
    return reader.parties_of(s, subj)[:1], recipients + bodies
