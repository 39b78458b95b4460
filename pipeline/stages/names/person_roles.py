"""Who holds which office where: a person's title, role and organisation, read from the text around the name.

Reads an `ArticleContext`, a `PersonSpan` and the organisation names a role may point to
(`org_spans_for_roles`); writes (title, role, organisation) for that mention (`attributes`), as the people
stage stores them. Sources, in order: the office phrase before the name ("India's Ambassador to Nepal X",
"DBS Bank chief executive X"), an apposition after it ("X, director of the Y", "X, at the time chief
executive of Y", "succeeded X as chief executive") or before it ("the WFP's head of logistics, X", read
from the parse), then a team the person is listed in. "of/at ORG", a leading organisation name, "its" and
"the hospital" (the last such organisation named) become the organisation; a place's possessive stays in
the role ("Tasmania's premier"), as the gold README writes it.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from pipeline.context import ArticleContext
from pipeline.stages.names.acronyms import all_acronym_pairs
from pipeline.stages.names.person_names import PersonSpan, country_at, portfolio_context, role_object_spans
from pipeline.stages.names.words import (
    OrgSpan,
    Word,
    article_places,
    base,
    company_suffixes,
    country_codes,
    country_names,
    honorifics,
    initials_spans,
    is_acronym,
    is_capitalised,
    norm_key,
    not_organisations,
    org_heads,
    ranks,
    role_modifiers,
    role_nouns,
    standalone_uses,
    time_lead_ins,
    title_words,
    trim_span,
    words,
)

_CONNECTORS = {"of", "for", "to", "and", "in", "on", "at"}
_STOP_APPOS = {",", ".", ";", ":", "(", ")", "—", "–", "who", "which", "that", "whose", "said", "says"}


def model_organisations(ctx: ArticleContext) -> list[tuple[int, int, str, str]]:
    """The model's ORG entities as (start, end, text, key), trimmed, less those that name no organisation
    (a listed non-organisation, a country); read once per article for the people stage's readers."""

    def build() -> list[tuple[int, int, str, str]]:
        found = []
        for _ent, s0, e0, _ in ctx.entities("ORG"):
            s, e = trim_span(ctx.text, s0, e0)
            text = ctx.text[s:e]
            key = norm_key(text)
            if text and key not in not_organisations() and key not in country_names():
                found.append((s, e, text, key))
        return found

    return ctx.shared("model_organisations", build)


def org_spans_for_roles(ctx: ArticleContext, heads: list[OrgSpan]) -> list[OrgSpan]:
    """Organisation names a role phrase may point to: head phrases, acronyms, long forms, spaCy ORGs."""
    out = list(heads)
    defined = [p for p in all_acronym_pairs(ctx) if is_capitalised(p.long)]
    out += [OrgSpan(p.long_start, p.long_end, p.long, "long_form") for p in defined]
    for s, e, text, key in model_organisations(ctx):
        if text in country_codes() or (
            portfolio_context(ctx.text, s, e) and not any(w.lower() in org_heads() for w in text.split())
        ):
            continue  # "PNG", "External Affairs Minister", "Minister for National Security"
        if is_acronym(text):
            out.append(OrgSpan(s, e, text, "acronym"))
        elif key not in org_heads() and not any(h.start < e and s < h.end for h in heads):
            out.append(OrgSpan(s, e, text, "spacy"))
    out += role_object_spans(ctx)
    out += [span for span, _name in initials_spans(ctx, [o.text for o in out])]  # "U of B President X"
    # every use of an acronym the article treats as an organisation ("UNICEF Representative in Mongolia")
    known = {o.text for o in out if o.how == "acronym"} | {p.short for p in defined}
    for short in known:
        for start, end in standalone_uses(ctx.text, short, "-"):
            out.append(OrgSpan(start, end, short, "acronym"))
    return out


def attributes(
    ctx: ArticleContext, span: PersonSpan, spans: list[PersonSpan], orgs: list[OrgSpan], home: str | None
) -> tuple[str | None, str | None, str | None]:
    doc = span.paragraph.doc
    assert doc is not None
    ws = words(doc, span.paragraph.start)
    first, last = span.first_word, span.last_word
    others = [(p.start, p.end) for p in spans if p is not span]

    title: str | None = None
    office = False
    k = first
    if span.title is not None:
        title_words_written = span.title
        low = title_words_written.lower()
        k = next(i for i, w in enumerate(ws) if w.start == span.title_start)
        last_word = low.split()[-1]
        if " " in low and _honorific(last_word) is not None and _honorific(low) is None:
            # "Health Principal Secretary Dr Nicholas Muraguri": the honorific before the name is the title,
            # the office before it a role, read like any pre-name phrase
            low = last_word
            k = next(i for i, w in enumerate(ws) if i >= k and w.text.lower() == last_word)
        if _honorific(low) is not None:
            title = _honorific(low)
        else:
            title = title_words_written
            office = low not in ranks()
    # the office phrase before the name (before an honorific or rank, or including an office title)
    pre_end = first if office else k
    pre_start = _walk_back(ws, pre_end - 1, others, doc)
    premod = ws[pre_start:pre_end] if pre_start is not None else []
    if premod and not _has_role_word(premod):
        premod = []
    premod = _from_the_role(premod)
    if title is None and premod:
        title = _title_in(premod)
        office = title is not None
    roles: list[str] = []
    org: str | None = None
    if premod:
        role, org = _split_org(ctx, premod, orgs, home)
        if role:
            roles.append(role)
    elif office and title:
        roles.append(title.lower())
    appos = _apposition_after(ws, last, doc, others)
    if not appos and not premod and k > 0 and ws[k - 1].text == ",":
        after = ws[last + 1].text if last + 1 < len(ws) else "."
        if after in (",", ".", ";") or doc[ws[last + 1].i].pos_ in ("VERB", "AUX"):
            s = _walk_back(ws, k - 2, others, doc)
            if s is not None and _has_role_word(ws[s : k - 1]):
                appos = _drop_determiner(ws[s : k - 1])
    # "Senior Minister X, the Coordinating Minister for Y" names a second office; "Consortium Director X, a
    # professor of chemistry" describes the person: with an office before the name, that one is the role
    described = last + 2 < len(ws) and ws[last + 2].text.lower() in ("a", "an")
    if appos and not (roles and described):
        role, org2 = _split_org(ctx, appos, orgs, home)
        if role:
            roles.append(role)
        org = org or org2
    if not roles:
        role, org3 = _role_noun_in_apposition(ctx, span, ws, orgs, home)
        if role:
            roles.append(role)
            org = org or org3
    role_text = " and ".join(dict.fromkeys(roles)) or None
    if role_text and org is None:
        org = _bridged_org(ctx, span, role_text, orgs) or _team_org(ctx, span, orgs)
    return title, role_text, org


def _role_noun_in_apposition(
    ctx: ArticleContext, span: PersonSpan, ws: list[Word], orgs: list[OrgSpan], home: str | None
) -> tuple[str | None, str | None]:
    """ "the WFP's head of logistics, Maria Lund": the parse makes the name an apposition
    of a role noun; the role is that noun's phrase before the name, its possessive the organisation."""
    doc, para = span.paragraph.doc, span.paragraph
    assert doc is not None
    name = doc.char_span(span.start - para.start, span.end - para.start, alignment_mode="expand")
    if name is None or name.root.dep_ != "appos" or not _role_word(name.root.head.text):
        return None, None
    head = name.root.head
    if head.i > name.start:
        return None, None  # the role follows the name: the word-based reading handles it
    owner = [c for c in head.children if c.dep_ == "poss"]
    skip = {t.i for c in owner for t in c.subtree}
    tokens = [
        t for t in head.subtree if t.i < name.start and t.i not in skip and t.dep_ not in ("det", "case")
    ]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    starts = {para.start + t.idx for t in tokens}
    role, org = _split_org(ctx, [w for w in ws if w.start in starts], orgs, home)
    if owner and org is None:
        text = ctx.text[para.start + owner[0].idx : para.start + owner[0].idx + len(owner[0].text)]
        if norm_key(text) in article_places(ctx):
            role = f"{text}'s {role}" if role else role  # a place's possessive stays in the role
        elif any(o.text == text for o in orgs) or (is_acronym(text) and text not in country_codes()):
            org = text  # "Nordvik's head of design", "the WFP's head of logistics"
    return role, org


def _honorific(low: str) -> str | None:
    """The normal form of an honorific ('dr' → 'Dr.'), or None."""
    return honorifics().get(low, honorifics().get(low.rstrip(".")))


def _walk_back(ws: list[Word], k: int, others: list[tuple[int, int]], doc: Doc) -> int | None:
    """Start index of the capitalised office phrase ending at word k ('India's Ambassador to Nepal')."""
    k0 = k
    start = None
    while k >= 0:
        w = ws[k]
        low = w.text.lower()
        if any(a <= w.start < b for a, b in others):
            break
        if (
            low == "the"
            and k > 0
            and (
                ws[k - 1].text.lower() == "of"
                or (ws[k - 1].text.lower() in _CONNECTORS and country_at(ws, k + 1))
            )
        ):
            k -= 1
            continue
        if low in _CONNECTORS:
            if k > 0 and (is_capitalised(ws[k - 1].text) or _role_word(ws[k - 1].text)):
                k -= 1
                continue
            break
        if (
            is_capitalised(w.text)
            or _role_word(w.text)
            or low in role_modifiers()
            or _premodifier(doc[w.i])
            or (low,) in time_lead_ins()  # "Norway's then health minister"
        ):
            if w.text in (",", "."):
                break
            start = k
            k -= 1
            continue
        break
    if start is None:
        return None
    # a leading connector or capitalised sentence opener ("But", "As") is not part of the phrase
    first = start
    while first <= k0 and (
        ws[first].text.lower() in _CONNECTORS | {"the"}
        or doc[ws[first].i].pos_ in ("CCONJ", "SCONJ", "ADP", "DET", "ADV")
    ):
        first += 1
    return first if first <= k0 else None


def _after_time_lead_in(phrase: list[Word]) -> list[Word]:
    """The apposition after a leading 'at the time', 'then', 'formerly' (person_roles.json)."""
    low = [w.text.lower() for w in phrase]
    for lead in time_lead_ins():
        if tuple(low[: len(lead)]) == lead:
            return phrase[len(lead) :]
    return phrase


def _from_the_role(premod: list[Word]) -> list[Word]:
    """Drop words before an 'of' that hold no role word when a title follows it: "State Visit of Governor"
    is "Governor" (but "Minister of Health" and "U of B President" keep theirs)."""
    for idx, w in enumerate(premod[:-1]):
        if (
            w.text.lower() == "of"
            and not _has_role_word(premod[:idx])
            and _has_role_word(premod[idx + 1 : idx + 2])
        ):
            return premod[idx + 1 :]
    return premod


def _premodifier(tok: Token) -> bool:
    """A lower-case noun or adjective modifying the word after it ('mission director', 'emergency nurse')."""
    return (
        tok.text.isalpha()
        and tok.text.islower()
        and tok.dep_ in ("compound", "amod")
        and tok.head.i > tok.i
        and tok.pos_ in ("NOUN", "ADJ")
    )


def _role_word(text: str) -> bool:
    return base_lower(text) in role_nouns()


def base_lower(text: str) -> str:
    return re.sub(r"['’]s$", "", text).lower().rstrip(".")


def _has_role_word(ws: list[Word]) -> bool:
    # an upper-case word is a role only in a mixed-case phrase ("Nordvik Motor CEO"), not in a heading
    mixed = any(not w.text.isupper() for w in ws)
    return any(
        _role_word(w.text) or base_lower(w.text) in title_words() for w in ws if mixed or not w.text.isupper()
    )


def _title_in(ws: list[Word]) -> str | None:
    """The capitalised office title inside a pre-name phrase: 'Ambassador' in "India's Ambassador to Nepal"."""
    runs: list[list[Word]] = []
    cur: list[Word] = []
    for w in ws:
        if is_capitalised(w.text) and base_lower(w.text) in title_words() and not w.possessive:
            cur.append(w)
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    for run in runs:
        if any(base_lower(w.text) in role_nouns() for w in run):
            return " ".join(w.text for w in run)
    return None


_AGE = re.compile(r"\d+-(?:year|month)-old", re.IGNORECASE)


def _drop_determiner(ws: list[Word]) -> list[Word]:
    """The phrase without its article and an age before the role ("a 24-year-old Nordby University student")."""
    while ws and (ws[0].text.lower() in ("the", "a", "an") or _AGE.fullmatch(ws[0].text)):
        ws = ws[1:]
    return ws


def _apposition_after(ws: list[Word], last: int, doc: Doc, others: list[tuple[int, int]]) -> list[Word]:
    """', the president of Nordby Hospital,' / ', an emergency physician and clinical toxicologist' after the name;
    also 'as' + a role ('succeeded Ana Ruiz as chief executive'); the head must hold a role word."""
    if last + 1 >= len(ws) or ws[last + 1].text not in (",", "as"):
        return []
    out: list[Word] = []
    rest = ws[last + 2 :]
    for n, w in enumerate(rest):
        low = w.text.lower()
        if any(a <= w.start < b for a, b in others):
            # "Finance Minister Karin Dahl, Trade Minister Ola Berg": the words are the next person's title
            return []
        if low == "," and out and _list_tail(rest[n + 1 :], doc):
            out.append(w)  # "Minister of Innovation, Science and Industry": the list is the portfolio
            continue
        if low in _STOP_APPOS or (doc[w.i].pos_ in ("VERB", "AUX") and not _role_word(w.text)):
            if out and (low in ("said", "says") or doc[w.i].pos_ in ("VERB", "AUX")):
                return []  # "X, an official said": the phrase is the next clause's subject
            break
        if doc[w.i].ent_type_ in ("DATE", "TIME") and not _AGE.fullmatch(w.text):
            break  # "as chief executive in April 2007": the date is when, not part of the role
        out.append(w)
    while out and doc[out[-1].i].pos_ in ("ADP", "SCONJ"):
        out.pop()  # "chief executive since 2019": the word that led to the date
    out = _drop_determiner(_after_time_lead_in(out))
    if out and doc[out[0].i].pos_ in ("ADP", "SCONJ", "CCONJ", "ADV"):
        return []  # ", with Health Minister X at his side" is not an apposition
    # the head is read before the first preposition, or after an owner's possessive ("U of B's vice-president")
    owner = next((i + 1 for i, w in enumerate(out) if w.possessive), 0)
    if not (_head_has_role_word(out) or (owner and _head_has_role_word(out[owner:]))):
        return []
    return out


def _head_has_role_word(phrase: list[Word]) -> bool:
    """A role word before the phrase's first preposition ('chief executive' in 'chief executive of X')."""
    for w in phrase:
        if w.text.lower() in ("of", "for", "to", "at", "in", "on"):
            return False
        if _role_word(w.text):
            return True
    return False


def _list_tail(after: list[Word], doc: Doc) -> bool:
    """The words after a comma end a list ('Science and Industry', 'research and innovation') that closes the
    phrase: an 'and' inside, no verb, and a comma or full stop right after."""
    seg: list[Word] = []
    for w in after:
        if w.text in (",", ".", ";"):
            break
        seg.append(w)
    else:
        return False
    words_ = [w.text.lower() for w in seg]
    return (
        1 <= words_.index("and") < len(seg) - 1 if "and" in words_ and len(seg) <= 6 else False
    ) and not any(doc[w.i].pos_ in ("VERB", "AUX", "PRON", "DET") for w in seg)


def _case(w: Word, doc_words: list[Word], ctx: ArticleContext) -> str:
    """Lower case, except place names, nationalities and acronyms."""
    para = ctx.paragraph_at(w.start)
    keep = False
    if para is not None and para.doc is not None:
        tok = para.doc.char_span(w.start - para.start, w.end - para.start, alignment_mode="expand")
        if tok is not None and len(tok) and tok[0].ent_type_ in ("GPE", "NORP", "LOC"):
            keep = True
    if base(w).lower() in country_names() or (is_acronym(base(w)) and base(w) != "CEO"):
        keep = True
    if w.possessive and is_capitalised(w.text) and norm_key(base(w)) in article_places(ctx):
        keep = True  # "Tasmania's premier": a place keeps its capital
    if re.fullmatch(r"(?:[A-Z]\.)+", base(w).split("-")[0]):
        keep = True  # U.N., U.S.
    return w.text if keep else w.text.lower()


def _split_org(
    ctx: ArticleContext, phrase: list[Word], orgs: list[OrgSpan], home: str | None
) -> tuple[str | None, str | None]:
    """(role, organisation) from a role phrase: a leading organisation name or 'of/at ORG' becomes the org."""
    if not phrase:
        return None, None
    org: str | None = None
    if phrase[0].text.lower() in ("its", "their") and len(phrase) > 1:
        # "Its director, Jane Doe": the organisation the text last named
        earlier = _named_before(orgs, phrase[0].start)
        role, _org = _split_org(ctx, phrase[1:], orgs, home)
        return role, earlier.text if earlier is not None else None
    # a leading organisation name: "DBS Bank chief executive", "UNICEF Representative in Mongolia"
    lead = [o for o in orgs if o.start == phrase[0].start and o.end < phrase[-1].end]
    if phrase[0].possessive and norm_key(base(phrase[0])) in article_places(ctx):
        lead = []  # "Tasmania's Premier": a place's possessive stays in the role, as for countries
    acr = base(phrase[0])
    if lead:
        o = max(lead, key=lambda x: x.end)
        org = o.text
        phrase = [w for w in phrase if w.start >= o.end]
    elif (
        len(phrase) > 1
        and is_acronym(acr)
        and acr not in country_codes()
        and acr.lower() not in not_organisations()
    ):
        org = acr  # "WFP Country Director in Laos"
        phrase = phrase[1:]
    else:
        org, phrase = _org_after_preposition(ctx, phrase, orgs, home)
    words_ = [_case(w, phrase, ctx) for w in phrase]
    while words_ and words_[-1].lower() in _CONNECTORS | {"the", "a", "an"}:
        words_.pop()
    role = " ".join(words_).replace(" ,", ",").strip() or None
    return role, org


def _org_after_preposition(
    ctx: ArticleContext, phrase: list[Word], orgs: list[OrgSpan], home: str | None
) -> tuple[str | None, list[Word]]:
    """The organisation after 'of/at/for' in a role phrase, and the phrase before it; (None, phrase) if none."""
    for idx, w in enumerate(phrase):
        if w.text.lower() not in ("of", "at", "for") or idx == 0:
            continue
        rest = phrase[idx + 1 :]
        while rest and rest[0].text == "the":
            rest = rest[1:]
        if not rest:
            break
        if rest[0].text.lower() == "our" and len(rest) > 1 and home:
            return home, phrase[:idx]
        hit = [o for o in orgs if o.start == rest[0].start]
        if not hit and rest[0].text.lower() in org_heads() and len(rest) == 1:
            # "the vice president of the hospital": the hospital the text named before
            kind = [o for o in orgs if o.text.lower().endswith(rest[0].text.lower())]
            earlier = _named_before(kind, w.start)
            if earlier is not None:
                return earlier.text, phrase[:idx]
        hit = hit or _short_form_of_a_company(rest, orgs)
        if hit:
            o = max(hit, key=lambda x: x.end)
            end = o.end
            # "Department of International Medicine at Stanford University"
            after = [x for x in rest if x.start >= end]
            if len(after) >= 2 and after[0].text == "at":
                more = [x for x in orgs if x.start == after[1].start]
                if more:
                    end = max(x.end for x in more)
            return ctx.text[o.start : end], phrase[:idx]
    return None, phrase


def _short_form_of_a_company(rest: list[Word], orgs: list[OrgSpan]) -> list[OrgSpan]:
    """'of Jayark' when the article names 'Jayark Corp.': a short form of a known company's name."""
    run: list[Word] = []
    for x in rest:
        if not is_capitalised(x.text):
            break
        run.append(x)
        if x.possessive:
            break
    short = " ".join(base(x) for x in run)
    if short and any(
        o.text.startswith(short + " ") and o.text[len(short) + 1 :].lower() in company_suffixes()
        for o in orgs
    ):
        return [OrgSpan(run[0].start, run[0].start + len(short), short, "short")]
    return []


def _named_before(orgs: list[OrgSpan], offset: int) -> OrgSpan | None:
    """The organisation named last before `offset`, or None."""
    earlier = [o for o in orgs if o.end <= offset]
    return max(earlier, key=lambda o: o.end) if earlier else None


def _bridged_org(ctx: ArticleContext, span: PersonSpan, role: str, orgs: list[OrgSpan]) -> str | None:
    """'The director of the Shanghai branch of Tokyo TV ... Director Sugeno Yohei': the same role, named
    earlier in the paragraph without a person, gives its organisation."""
    if " " in role:
        return None
    para = span.paragraph
    before = ctx.text[para.start : span.start]
    found: str | None = None
    for m in re.finditer(rf"\b[Tt]he {re.escape(role)} of ([^.;:,]+)", before):
        a, b = para.start + m.start(1), para.start + m.end(1)
        inside = [o for o in orgs if a <= o.start and o.end <= b]
        if inside:
            found = max(inside, key=lambda o: o.end).text
    return found


def _team_org(ctx: ArticleContext, span: PersonSpan, orgs: list[OrgSpan]) -> str | None:
    """Members of a named team take the team's organisation as the sentence writes it ('the AUSMAT team')."""
    doc = span.paragraph.doc
    assert doc is not None
    para = span.paragraph
    tok = doc.char_span(span.start - para.start, span.end - para.start, alignment_mode="expand")
    if tok is None:
        return None
    sent = tok.sent
    s_start, s_end = para.start + sent.start_char, para.start + sent.end_char
    team = re.compile(r"(?:\s+[a-z-]+){0,2}\s+(?:team|delegation|crew|contingent|squad)\b")
    for o in orgs:
        if s_start <= o.start and o.end <= s_end and o.end <= span.start and team.match(ctx.text, o.end):
            return o.text
    # "The five-member team from Nordby Hospital: Dr. A, a surgeon; B, an anaesthetist": the members listed
    # after a colon, in the same paragraph, are of the team's organisation
    for m in _TEAM_FROM.finditer(ctx.text, para.start, span.start):
        hit = [o for o in orgs if o.start == m.end()]
        colon = ctx.text.find(":", m.end(), span.start)
        if hit and colon >= 0:
            return max(hit, key=lambda o: o.end).text
    return None


_TEAM = r"\b(?:team|delegation|crew|contingent|squad|mission)"
_TEAM_FROM = re.compile(rf"{_TEAM}\s+(?:from|of)\s+(?:the\s+)?")
