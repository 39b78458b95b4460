"""The organisations stage: one `Organisation` record per organisation the article names.

Reads an `ArticleContext` (paragraph Docs with spaCy ORG entities) and `data/lexicons/org_lexicon.json`
through `pipeline.stages.names.words`. Writes `list[Organisation]`, in order of first mention, each with its mentions.

How: candidates come from (1) acronym definitions "Long Form (LF)" (Schwartz–Hearst, `acronyms.acronym_pairs`),
(2) capitalised phrases headed by an organisation word (Hospital, Ministry, Army...), which also repair
spaCy spans that are too short or too long, (3) spaCy ORG spans that pass the traps below, (4) company-style
words (AstraZeneca) and names coordinated with an organisation ("Pfizer and BioNTech"). Rejected: diseases,
navigation fragments, bare generic words, places and country codes, venues (airports, ports, arenas),
people's names, words before an office title ("Health Minister"), products named in an apposition
("Kaletra, an HIV medicine") or used only as a modifier ("Covishield doses"). Mentions are then grouped:
the acronym and its long form are one record, "the X" is X, and near-identical spellings with the same
head word ("Loma Linda University" / "Roma Linda University") become aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from models import Mention, Organisation
from pipeline.context import ArticleContext
from pipeline.stages.countries import country_name_code, is_city
from pipeline.stages.names.acronyms import (
    AcronymPair,
    all_acronym_pairs,
)
from pipeline.stages.names.person_names import (
    PersonSpan,
    person_spans,
    portfolio_context,
    role_object_spans,
)
from pipeline.stages.names.person_names import (
    is_title_word as is_title_word_,
)
from pipeline.stages.names.short_forms import organisation_pairs
from pipeline.stages.names.words import (
    QUOTES,
    OrgSpan,
    Places,
    article_places,
    base,
    capital_names,
    class_noun_spans,
    company_suffixes,
    compass_words,
    country_codes,
    country_names,
    document_heads,
    head_org_spans,
    initials_spans,
    is_acronym,
    is_camel,
    leads_a_company_name,
    names_an_event,
    norm_key,
    not_organisations,
    org_heads,
    place_prepositions,
    place_qualifiers,
    role_nouns,
    standalone_uses,
    thing_heads,
    trim_span,
    venue_heads,
    venue_phrases,
    words,
)

_MAX_UNDEFINED_ACRONYM = 7
_CONNECTORS = frozenset({"of", "for", "at", "in", "on", "and", "de"})
_OF_COUNTRY = re.compile(r"(\S+\s+\S.*?)\s+of\s+(?:the\s+)?(.+)")
_NAV = re.compile(r"[»>|/\\©]")
# A model designation right after a maker's name: "A320", "787", "A330-200", "MD-11"; not a year, and not a
# bare one- or two-digit count ("the Red Cross 20 volunteers")
_MODEL_DESIGNATION = re.compile(
    r"\s+(?:[A-Z]{1,3}-?\d{2,4}|(?!(?:19|20)\d\d\b)\d{3,4})(?:-\d{1,4})?[A-Za-z]{0,3}\b"
)


@dataclass
class _Record:
    name: str
    key: str
    acronym: str | None = None
    keys: set[str] = field(default_factory=set)
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    classed: bool = False  # named with a class noun ("the airline Skyvik"): an organisation of its own


def extract_organisations(ctx: ArticleContext) -> list[Organisation]:
    """Every organisation named in the article, one record each, with acronym, aliases and mentions."""
    heads = head_org_spans(ctx)
    people = [p for p in person_spans(ctx) if p.strong]
    places = article_places(ctx)
    pairs = organisation_pairs(ctx, heads, places)
    non_org_short = {p.short for p in all_acronym_pairs(ctx)} - {p.short for p in pairs}
    defined = {p.short for p in pairs}

    # a head phrase that is a person's whole name ("Jim Press, the vice chairman") is the person
    spans: list[OrgSpan] = [
        h for h in heads if not any(p.start == h.start and p.end == h.end for p in people)
    ]
    for p in pairs:
        spans.append(OrgSpan(p.long_start, p.long_end, ctx.text[p.long_start : p.long_end], "long_form"))
    spans.extend(_spacy_spans(ctx, heads, people, places, defined, non_org_short))
    spans.extend(o for o in role_object_spans(ctx) if norm_key(o.text) not in places)
    # "the carmaker Volta": the noun says it is an organisation, even if a place shares the name
    spans.extend(class_noun_spans(ctx))
    spans.extend(_acronym_mentions(ctx, defined))
    spans.extend(_camel_words(ctx, people, spans))
    spans.extend(_coordinated(ctx, spans, people, places))
    named = {norm_key(s.text) for s in spans if s.how not in ("single", "headline")}
    spans = [s for s in spans if s.how != "headline" or norm_key(s.text) in named]
    spans = _resolve_overlaps(ctx, spans)
    taken = [(s.start, s.end) for s in spans]
    initials = [
        (span, name)
        for span, name in initials_spans(ctx, [s.text for s in spans])
        if not any(a < span.end and span.start < b for a, b in taken)
    ]
    return _every_use(ctx, _records(ctx, spans, pairs, initials), people)


# ---------------------------------------------------------------- candidates


def _is_venue(ctx: ArticleContext, start: int, end: int) -> bool:
    """The phrase, extended over the capitalised words that follow it, names a place or venue."""
    m = re.match(r"(?:\s+[A-Z][\w-]*)*", ctx.text[end:])
    full = ctx.text[start : end + (m.end() if m else 0)]
    low = full.lower()
    last = low.split()[-1] if low.split() else ""
    return last in venue_heads() or last in document_heads() or any(low.endswith(v) for v in venue_phrases())


def _person_words(people: list[PersonSpan]) -> set[str]:
    out: set[str] = set()
    for p in people:
        out.update(w.lower() for w in p.text.split() if len(w) > 2)
    return out


def _spacy_spans(
    ctx: ArticleContext,
    heads: list[OrgSpan],
    people: list[PersonSpan],
    places: Places,
    defined: set[str],
    non_org_short: set[str],
) -> list[OrgSpan]:
    out: list[OrgSpan] = []
    person_words = _person_words(people)
    venue_names: set[str] = set()
    modifier_only: dict[str, bool] = {}  # per acronym, filled by _acronym_is_org
    single_words: dict[str, bool] = {}  # per one-word name: its veto reads every use in the article
    # only the model's organisations are kept, and its facilities are read for venues: other labels add nothing
    for ent, s0, e0, para in ctx.entities("ORG", "FAC"):
        label = ent.label_
        start, end = trim_span(ctx.text, s0, e0)
        end = start + len(_repaired(ctx.text[start:end], places))
        text = ctx.text[start:end]
        if not text:
            continue
        key = norm_key(text)
        if label == "FAC" and _is_venue(ctx, start, end):
            venue_names.add(key)
        if label != "ORG" or names_an_event(ctx, start) or _counted_or_byline(ctx, ent, start, end):
            continue  # only the model's organisations; not "Storm Elvira"
        if _not_an_organisation(ctx, text, start, end, heads, places):
            continue
        ws = text.split()
        has_head = any(_base_word(w) in org_heads() for w in ws)
        if (
            _is_venue(ctx, start, end)
            or key in venue_names
            or any(v.startswith(key + " ") for v in venue_names)
        ):
            venue_names.add(key)
            continue
        if any(p.start < end and start < p.end for p in people):
            continue
        if not has_head and portfolio_context(ctx.text, start, end):
            continue
        if is_acronym(text):
            if _acronym_is_org(ctx, text, defined, non_org_short, modifier_only):
                out.append(OrgSpan(start, end, text, "acronym"))
            continue
        if has_head:
            out.append(OrgSpan(start, end, text, "spacy"))
            continue
        how = _a_headless_name(ctx, ent, para.kind, start, end, places, person_words, single_words)
        if how is not None:
            out.append(OrgSpan(start, end, text, how))
    return out


def _not_an_organisation(
    ctx: ArticleContext, text: str, start: int, end: int, heads: list[OrgSpan], places: Places
) -> bool:
    """Reasons a span the model tags ORG is none, whatever its words."""
    key = norm_key(text)
    if not text[0].isupper() and text[0] not in QUOTES:
        return True  # "the united nation" in a lower-case transcript
    if key in not_organisations() or _NAV.search(text) or key in places or key in org_heads():
        return True
    if any(ch.isdigit() for ch in text) and not any(w.lower() in org_heads() for w in text.split()):
        return True
    if any(h.start <= start and end <= h.end for h in heads) and not _complement_of(ctx, heads, start, end):
        return True
    if any(h.start < end and start < h.end and not (h.start <= start and end <= h.end) for h in heads):
        return True
    return bool(_MODEL_DESIGNATION.match(ctx.text, end))  # "a Skyvik 787": a product, not the maker named


def _a_headless_name(
    ctx: ArticleContext,
    ent: Span,
    kind: str,
    start: int,
    end: int,
    places: Places,
    person_words: set[str],
    single_words: dict[str, bool],
) -> str | None:
    """How a model ORG without an organisation word is kept ("spacy", "headline"), or None to drop it."""
    text = ctx.text[start:end]
    ws = text.split()
    if len(ws) == 1 and ws[0].lower() in person_words and not leads_a_company_name(ctx, text):
        return None  # a person's surname the model tagged ORG; "Ford" beside "Ford Motor Company" is the firm
    if _place_with_qualifier(ws, places):
        return None  # "Aotearoa New Zealand", "Greater Tokyo"; "Air Canada" is an airline
    if _thing_apposition(ctx, end):
        return None
    if _modifies_a_thing(ent) and not is_camel(text):
        # "Covishield doses", "the "Belt and Road" countries"; a headline's grammar misleads the parser
        # ("Nordvik exercises options": 'exercises' read as a noun): a mention there if the article names it
        # as an organisation elsewhere
        return "headline" if kind == "title" else None
    if (
        len(ws) == 1
        and not is_camel(text)
        and single_words.setdefault(text, _one_word_veto(ctx, text, start, end))
    ):
        return None
    if any(q in text for q in '“”"') and "-" in text:
        return None
    return "spacy"


def _one_word_veto(ctx: ArticleContext, text: str, start: int, end: int) -> bool:
    """True when a one-word name the model tags ORG is, for a reason the text shows, something else.

    A one-word ORG is kept by default: companies and agencies are often named by one word ("Skyvik").
    """
    if text.lower() in capital_names():
        return True  # a capital standing for its government ("Oslo will ask") is a place
    if (
        ctx.text[start - 1 : start] == "("
        and ctx.text[end : end + 1] == ")"
        and _after_a_person(ctx, start - 1)
    ):
        return True  # "Park Ji-won (Jenny)": a nickname in brackets after a person's name
    token = _token(ctx, start)
    if token is not None and token.pos_ == "NOUN" and token.is_sent_start and _written_lower(ctx, text):
        return True  # a common noun capitalised only because it opens a heading ("Typhoid shots"; "typhoid")
    return _only_in_place_frames(ctx, text)


def _place_with_qualifier(ws: list[str], places: Places) -> bool:
    """The name is a place, alone or after words that qualify places ('Greater', 'Northern'), or another name
    of a country ('Aotearoa New Zealand'). 'Air Canada', 'Radio France': a place after other words is a name."""
    if country_name_code(" ".join(ws)) is not None:
        return True
    for k in range(len(ws)):
        if norm_key(" ".join(ws[k:])) in places:
            return all(w.lower() in place_qualifiers() for w in ws[:k])
    return False


def _written_lower(ctx: ArticleContext, word: str) -> bool:
    """The article also writes the word in lower case, as a common noun ("typhoid cases")."""
    return next(standalone_uses(ctx.text, word.lower(), "-"), None) is not None


def _after_a_person(ctx: ArticleContext, bracket: int) -> bool:
    """A PERSON entity ends just before the opening bracket at `bracket`."""
    return any(0 <= bracket - e <= 1 for _ent, _s, e, _p in ctx.entities("PERSON"))


def _only_in_place_frames(ctx: ArticleContext, text: str) -> bool:
    """Every use of `text` is the object of a spatial preposition ("between Arvik and Solund", "south of
    the Kessel"): a place the model mistook for an organisation. One other use ("Arvik said") keeps it."""
    uses = [start for start, _ in standalone_uses(ctx.text, text, "")]
    in_frames = 0
    for offset in uses:
        token = _token(ctx, offset)
        if token is None:
            return False
        if token.dep_ == "compound" and token.head.is_title:
            continue  # part of a longer name ("the Kessel Base Tunnel"): not a use of this one
        while token.dep_ == "conj" and token.head.i < token.i:  # "between Arvik and Solund": Solund's head
            token = token.head
        prep = token.head
        if token.dep_ != "pobj" or prep.dep_ != "prep":
            return False
        word = prep.text.lower()
        if word not in place_prepositions() and not (word == "of" and prep.head.lower_ in compass_words()):
            return False
        in_frames += 1
    return in_frames > 0


def _counted_or_byline(ctx: ArticleContext, ent: Span, start: int, end: int) -> bool:
    """Not one named organisation: several counted ("the two Foreign Ministries"), or the byline's author."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    counted = before is not None and (before.like_num or before.lower_ in ("both", "several", "many", "all"))
    if counted and ent[-1].tag_ in ("NNS", "NNPS"):
        return True
    byline = ctx.byline
    return byline is not None and byline.start < end and start < byline.end


def _acronym_is_org(
    ctx: ArticleContext, text: str, defined: set[str], non_org_short: set[str], modifier_only: dict[str, bool]
) -> bool:
    """An acronym the model tags ORG names one, unless the text defines it as something else, it is written
    for a country, or (undefined) it is long or only ever modifies a noun ("ISO tanks")."""
    if text in non_org_short or text in country_codes():
        return False
    if text in defined:
        return True
    if len(text) > _MAX_UNDEFINED_ACRONYM:
        return False
    if text not in modifier_only:  # per acronym: scanning every use per mention was quadratic
        modifier_only[text] = _modifier_only(ctx, text)
    return not modifier_only[text]


_FLIGHT = re.compile(r"\s+Flight(?:\s+[A-Z]{0,3}\d{1,4}[A-Z]?)?$")


def _repaired(text: str, places: Places) -> str:
    """A model ORG span's text with what does not belong to the name cut off its end."""
    # "Nordair Flight 447": the airline operating a flight, not the flight
    text = _FLIGHT.sub("", text)
    # "KOICA and Mongolian": a trailing conjunct that is a place or nationality
    m = re.search(r"\s+and\s+(\S+)$", text)
    if m and norm_key(m.group(1)) in places:
        text = text[: m.start()]
    # the model's span may stop one word late ("Samsung Electronics of" before "South Korea")
    dangling = re.search(r"(?:\s+(?:of|and|for|the|in|at|on))+$", text)
    if dangling:
        text = text[: dangling.start()]
    # "Nordvik Power of Norway": a company and its country; "Royal Bank of Canada" ends in a head word
    m = _OF_COUNTRY.fullmatch(text)
    if (
        m
        and norm_key(m.group(2)) in country_names()
        and _base_word(m.group(1).split()[-1]) not in org_heads()
    ):
        text = m.group(1)
    # "the Baltic Markets Wire Oslo desk": a place after a name of two or more words ("Air Canada" stays, and
    # so does a place after "of": "Royal Bank of Canada")
    last = re.search(r"\s+(\S+)$", text)
    before = text[: last.start()].split() if last else []
    if (
        last
        and len(before) >= 2
        and before[-1].lower() not in _CONNECTORS
        and (norm_key(last.group(1)) in places or is_city(last.group(1)))
    ):
        text = text[: last.start()]
    return text


def _modifies_a_thing(ent: Span) -> bool:
    """The name modifies a lower-case noun after it ("Covishield doses"); a role noun is its person's
    office, so the name is their organisation ("Skyvik chief executive X")."""
    root = ent.root
    return (
        root.dep_ in ("compound", "amod", "nmod")
        and root.head.i >= ent.end
        and root.head.text.islower()
        and root.head.lower_ not in role_nouns()
    )


def _base_word(w: str) -> str:
    return re.sub(r"['’]s$", "", w.strip(QUOTES)).lower()


def _complement_of(ctx: ArticleContext, heads: list[OrgSpan], start: int, end: int) -> bool:
    """'Zhejiang University' inside 'Overseas Alumni Association of Zhejiang University' names an org too."""
    before = ctx.text[max(0, start - 4) : start]
    if not before.endswith(("of ", "at ")):
        return False
    # the outer name must have its own head before the "of" ("Association of X", not "Republic of X")
    return any(
        h.start < start
        and end == h.end
        and any(_base_word(w) in org_heads() for w in ctx.text[h.start : start].split())
        for h in heads
    )


def _modifier_only(ctx: ArticleContext, acronym: str) -> bool:
    """Every use of the acronym modifies a following lower-case noun ("ISO tanks"): a thing, not an org."""
    uses = [_token(ctx, m.start()) for m in re.finditer(rf"\b{re.escape(acronym)}\b", ctx.text)]
    return bool(uses) and all(
        t is not None and t.dep_ in ("compound", "amod", "nmod") and t.head.i > t.i and t.head.text.islower()
        for t in uses
    )


def _thing_apposition(ctx: ArticleContext, end: int) -> bool:
    """'Kaletra, an HIV medicine', 'Vaccine Maitri, India's programme'."""
    m = re.match(r",\s+(?:an?|the|[A-Z]\w+['’]s)\s+((?:[\w-]+\s+){0,3}?)([a-z]+)\b", ctx.text[end : end + 80])
    return bool(m and m.group(2) in thing_heads())


def _acronym_mentions(ctx: ArticleContext, defined: set[str]) -> list[OrgSpan]:
    out: list[OrgSpan] = []
    for short in defined:
        for start, end in standalone_uses(ctx.text, short, "-"):
            if not ctx.is_excluded(start, end) and ctx.paragraph_at(start) is not None:
                out.append(OrgSpan(start, end, short, "acronym"))
    return out


def _camel_words(ctx: ArticleContext, people: list[PersonSpan], spans: list[OrgSpan]) -> list[OrgSpan]:
    """Company-style words ("AstraZeneca") the model did not tag; not those named as things ("MoUs")."""
    out: list[OrgSpan] = []
    for para, doc in ctx.docs():
        for w in words(doc, para.start):
            if not w.text[:1].isupper():
                continue  # a camel-case word opens with a capital: most words are done with here
            text = base(w)
            if not is_camel(text) or any(s.start <= w.start < s.end for s in spans):
                continue
            if norm_key(text) in not_organisations():
                continue
            if any(p.start <= w.start < p.end for p in people):
                continue
            out.append(OrgSpan(w.start, w.start + len(text), text, "camel"))
    return out


def _coordinated(
    ctx: ArticleContext, spans: list[OrgSpan], people: list[PersonSpan], places: Places
) -> list[OrgSpan]:
    """'Pfizer and BioNTech', 'St John PNG and the National ... Authority': a name listed with an org."""
    solid = [s for s in spans if s.how != "single"]
    out: list[OrgSpan] = []
    cap = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}"
    for s in solid:
        after = re.match(rf"\s+and\s+(?:the\s+)?({cap})", ctx.text[s.end : s.end + 80])
        before = re.search(rf"({cap})\s+and\s+(?:the\s+)?$", ctx.text[max(0, s.start - 80) : s.start])
        found = []
        if after:
            a = s.end + after.start(1)
            found.append((a, a + len(after.group(1))))
        if before:
            b = max(0, s.start - 80) + before.start(1)
            found.append((b, b + len(before.group(1))))
        for a, b in found:
            para = ctx.paragraph_at(a)
            tok = _token(ctx, a)
            # drop a leading function word the capitalised pattern took ("With St John PNG")
            while (
                para is not None
                and tok is not None
                and tok.pos_ in ("ADP", "DET", "SCONJ", "ADV", "CCONJ")
                and tok.i + 1 < len(tok.doc)
            ):
                a = para.start + tok.doc[tok.i + 1].idx
                tok = _token(ctx, a)
            if a >= b:
                continue
            text = ctx.text[a:b]
            if is_title_word_(text.split()[0]):
                continue
            if ctx.paragraph_at(a) is None or ctx.paragraph_at(a) is not ctx.paragraph_at(s.start):
                continue
            key = norm_key(text)
            if (
                key in places
                or key in not_organisations()
                or any(norm_key(w) in places for w in text.split())
            ):
                continue
            if any(p.start < b and a < p.end for p in people) or any(
                x.start < b and a < x.end for x in solid
            ):
                continue
            if tok is not None and tok.is_sent_start:
                continue
            if _is_venue(ctx, a, b) or (text.split()[0] in ("St", "St.") and len(text.split()) == 1):
                continue
            out.append(OrgSpan(a, b, text, "conj"))
    singles = [s for s in spans if s.how == "single"]
    for single in singles:
        if any(o.start == single.start for o in out):
            continue
        if any(
            re.fullmatch(
                r"\s*(?:and|,)\s*(?:the\s+)?", ctx.text[min(single.end, x.end) : max(single.start, x.start)]
            )
            for x in solid
        ):
            out.append(OrgSpan(single.start, single.end, single.text, "conj"))
    return out


def _token(ctx: ArticleContext, offset: int) -> Token | None:
    para = ctx.paragraph_at(offset)
    if para is None or para.doc is None:
        return None
    span = para.doc.char_span(offset - para.start, offset - para.start + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _resolve_overlaps(ctx: ArticleContext, spans: list[OrgSpan]) -> list[OrgSpan]:
    """Drop duplicates and leftover 'single' candidates; an acronym or nested complement may sit inside."""
    rank = {"long_form": 0, "head": 1, "acronym": 2, "spacy": 3, "class": 3, "conj": 4, "camel": 5}
    kept: list[OrgSpan] = []
    for s in sorted(spans, key=lambda x: (rank.get(x.how, 9), x.start, -(x.end - x.start))):
        if s.how == "single":
            continue
        clash = False
        for k in kept:
            if k.start == s.start and k.end == s.end:
                clash = True
                break
            if k.start < s.end and s.start < k.end:
                nested = k.start <= s.start and s.end <= k.end
                if not nested or s.how not in ("acronym", "spacy", "head"):
                    clash = True
                    break
                if s.how in ("spacy", "head") and not _complement_of(ctx, [k], s.start, s.end):
                    clash = True
                    break
        if not clash:
            kept.append(s)
    return sorted(kept, key=lambda x: (x.start, x.end))


# ---------------------------------------------------------------- records


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _near(a: str, b: str) -> bool:
    """Same head word and a small edit distance relative to length ('Loma'/'Roma Linda University')."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or len(wa) < 2 or wa[-1] != wb[-1]:
        return False
    d = _edit_distance(a, b)
    return 0 < d <= max(1, len(a) // 10) and sum(x != y for x, y in zip(wa, wb, strict=True)) == 1


def _every_use(
    ctx: ArticleContext, records: list[Organisation], people: list[PersonSpan]
) -> list[Organisation]:
    """Each record with every use of its name, acronym or alias as written, outside people's names: the
    model may tag later uses otherwise ("Skyvik's total", "Skyvik CEO" as a person)."""
    taken = [(m.start, m.end) for r in records for m in r.mentions] + [(p.start, p.end) for p in people]
    out = []
    for record in records:
        found = list(record.mentions)
        for name in {n for n in (record.name, record.acronym, *record.aliases) if n and len(n) > 1}:
            for start, end in standalone_uses(ctx.text, name):
                if any(a < end and start < b for a, b in taken) or ctx.is_excluded(start, end):
                    continue
                if _another_names_part(ctx, start, end):
                    continue
                found.append(Mention(text=name, start=start, end=end))
                taken.append((start, end))
        out.append(record.model_copy(update={"mentions": sorted(found, key=lambda m: m.start)}))
    return out


def _another_names_part(ctx: ArticleContext, start: int, end: int) -> bool:
    """The organisation's name at [start, end) is part of another name: a product ("a Skyvik 787", "the
    Skyvik superjumbo", as for the model's spans) or a longer name ("the Nordby Medical Exchange Platform");
    "Skyvik CEO", "Skyvik Chief Executive X" still name the organisation."""
    if _MODEL_DESIGNATION.match(ctx.text, end) or _names_a_thing_here(ctx, start, end):
        return True
    longer = re.match(r"\s+([A-Z][\w-]*)", ctx.text[end:])
    if longer is None:
        return False
    return not is_title_word_(longer.group(1)) and longer.group(1).lower() not in role_nouns()


def _names_a_thing_here(ctx: ArticleContext, start: int, end: int) -> bool:
    """The use at [start, end) of a known organisation names a product: it modifies a product noun
    ("Covishield doses"). Its staff, website or lounges ("Skyvik employees") are the organisation's."""
    para = ctx.paragraph_at(start)
    if para is None or para.doc is None:
        return False
    span = para.doc.char_span(start - para.start, end - para.start, alignment_mode="expand")
    return (
        span is not None
        and len(span) > 0
        and _modifies_a_thing(span)
        and span.root.head.lemma_.lower() in thing_heads()
    )


def _tails_joined(records: list[_Record]) -> list[_Record]:
    """A name that is the tail of exactly one longer name in the article is a short form of it ("Harbour
    Authority" and "Nordby Harbour Authority"), wherever it stands; with two such names ("Asian/African Development Bank")
    it stays apart."""
    kept: list[_Record] = []
    for r in records:
        longer = [
            o
            for o in records
            if o is not r
            and " " in r.key
            and o.key.endswith(" " + r.key)
            # "Overseas Alumni Association of Nordby University": after "of", another organisation
            and o.key[: -len(r.key)].split()[-1] not in _CONNECTORS
        ]
        if len(longer) == 1 and r.acronym is None:
            longer[0].mentions.extend(r.mentions)
            if r.name not in longer[0].aliases:
                longer[0].aliases.append(r.name)
        else:
            kept.append(r)
    return kept


def _heads_joined(records: list[_Record]) -> list[_Record]:
    """A name that opens exactly one longer name ending in a company suffix or an organisation word is its
    short form ("Nordvik" and "Nordvik Motor Company", "Kivu Moja" and "Kivu Moja Hospital"); beside two
    such names ("Nordvik University", "Nordvik Bank") or named with a class noun ("the airline Skyvik" beside
    "Skyvik Lounge Club") it stays apart. Places never get here (vetoed)."""
    kept: list[_Record] = []
    for r in records:
        longer = [
            o
            for o in records
            if o is not r
            and o.key.startswith(r.key + " ")
            and (o.key.split()[-1].rstrip(".") in company_suffixes() or o.key.split()[-1] in org_heads())
            and o.acronym is None
        ]
        if len(longer) == 1 and r.acronym is None and not r.classed:
            longer[0].mentions.extend(r.mentions)
            if r.name not in longer[0].aliases:
                longer[0].aliases.append(r.name)
        else:
            kept.append(r)
    return kept


def _records(
    ctx: ArticleContext,
    spans: list[OrgSpan],
    pairs: list[AcronymPair],
    initials: list[tuple[OrgSpan, str]],
) -> list[Organisation]:
    records: list[_Record] = []
    by_key: dict[str, _Record] = {}
    long_of = {p.short: p.long for p in pairs}
    short_of = {norm_key(p.long): p.short for p in pairs}

    def find(key: str) -> _Record | None:
        if key in by_key:
            return by_key[key]
        if " " in key:  # `_near` pairs only names of two words or more (`norm_key` keeps single spaces)
            return next((r for r in records if any(_near(key, k) for k in r.keys)), None)
        return None

    for s in spans:
        text = s.text
        key = norm_key(text)
        if not key:
            continue
        rec: _Record | None = None
        if is_acronym(text) and text in long_of:
            rec = by_key.get(norm_key(long_of[text]))
            if rec is None:
                rec = _Record(name=long_of[text], key=norm_key(long_of[text]), acronym=text)
                rec.keys.update({rec.key, text.lower()})
                records.append(rec)
                by_key[rec.key] = rec
                by_key[text.lower()] = rec
        else:
            rec = find(key)
            if rec is None:
                short = short_of.get(key)
                rec = _Record(name=text, key=key, acronym=short)
                rec.keys.add(key)
                records.append(rec)
                by_key[key] = rec
                if short:
                    by_key[short.lower()] = rec
            elif key not in rec.keys:
                rec.keys.add(key)
                by_key[key] = rec
                if text not in rec.aliases and key != norm_key(rec.name):
                    rec.aliases.append(text)
        rec.mentions.append((s.start, s.end))
        rec.classed = rec.classed or s.how == "class"
    for span, name in initials:  # "U of B": an alias of University of Bergen, wherever it stands
        rec = by_key.get(norm_key(name))
        if rec is not None:
            if span.text not in rec.aliases:
                rec.aliases.append(span.text)
            rec.mentions.append((span.start, span.end))
    records = _heads_joined(_tails_joined(records))
    out: list[Organisation] = []
    for r in records:
        mentions = sorted(set(r.mentions))
        out.append(
            Organisation(
                name=r.name,
                acronym=r.acronym,
                aliases=[a for a in r.aliases if a != r.acronym],
                mentions=[Mention(text=ctx.text[a:b], start=a, end=b) for a, b in mentions],
            )
        )
    out.sort(key=lambda o: o.mentions[0].start if o.mentions else 0)
    return out
