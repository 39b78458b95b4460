"""The people stage: one `Person` record per real person the article names, the byline author included.

Reads an `ArticleContext` (paragraph Docs, `ctx.byline`) and the lexicons `person_titles.json`,
`person_roles.json`, `person_surnames_chinese.txt`, `person_surnames_asian.json` (through `pipeline.stages.names.words`).
Writes `list[Person]`, in order of first mention.

- Names come from `person_names.person_spans` (spaCy PERSON spans repaired, names after a title, names before
  a role apposition); programmes, organisations, places and venues are rejected there.
- `title`: the honorific or capitalised office title written directly before the name, normalised for
  honorifics ("Dr"/"Doctor" → "Dr."); a lower-case prefix ("chief executive") gives no title.
- `role` (lower case, place names and nationalities keep their case) and `organisation`: read around each
  mention by `pipeline.stages.names.person_roles`; lists ("A and B, respectively the chief executives of X and Y",
  "A and B, a cardiologist and a midwife") are read here, across the names.
- `family_name`/`given_name` respect name order: ALL-CAPS surnames (UEDA Takanori), pinyin surnames with
  pinyin given names (Cai Xiujun), Korean surnames with a hyphenated given name (Lee Wang-jun) and
  Vietnamese surnames come first; other names are split by nameparser (given name first).
- Later mentions ("Kwatra", "Dr. Morioka", "KOBAYASHI"/"Kobayashi") join the first full mention; a name
  in parentheses right after a mention ("Hu Yuzi (Zoe)") is an alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from nameparser import HumanName

from models import Mention, Person
from pipeline.context import ArticleContext, NameSpan
from pipeline.resources import load_json, load_lines
from pipeline.stages.names.person_names import (
    PersonSpan,
    is_title_word,
    person_spans,
)
from pipeline.stages.names.person_roles import attributes, model_organisations, org_spans_for_roles
from pipeline.stages.names.words import (
    OrgSpan,
    article_places,
    head_org_spans,
    is_acronym,
    leads_a_company_name,
    norm_key,
)

_SUFFIX = re.compile(r"^(?:[IVX]+|JR\.?|SR\.?)$")
_PINYIN = re.compile(
    r"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ao|an|ei|en|er|"
    r"ia|ie|in|iu|ou|ua|ue|ui|un|uo|ve|a|e|i|o|u|v)){1,2}$"
)


@cache
def _chinese_surnames() -> frozenset[str]:
    return load_lines("person_surnames_chinese.txt")


@cache
def _asian_surnames() -> dict[str, frozenset[str]]:
    data = load_json("person_surnames_asian.json")
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


@dataclass
class _Record:
    name: str
    words: list[str]
    title: str | None = None
    role: str | None = None
    organisation: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    family: str | None = None
    given: str | None = None


def extract_people(ctx: ArticleContext) -> list[Person]:
    """Every person the article names (the byline author with role 'author'), one record each."""
    heads = head_org_spans(ctx)
    orgs = org_spans_for_roles(ctx, heads)
    spans = person_spans(ctx)
    home = home_organisation(ctx)
    records: list[_Record] = []
    if ctx.byline is not None:
        records.extend(_byline_records(ctx, ctx.byline))
    for span in spans:
        rec = _find(records, span.text)
        if rec is None and not span.strong:
            continue
        title, role, org = attributes(ctx, span, spans, orgs, home)
        if rec is None:
            family, given = split_name(span.text)
            rec = _Record(span.text, _name_words(span.text), family=family, given=given)
            records.append(rec)
        rec.mentions.append((span.start, span.end))
        if rec.title is None and title:
            rec.title = title
        if rec.role is None and role:
            rec.role = role
        if rec.organisation is None and org and (rec.role == role or rec.role is None):
            rec.organisation = org
        _paren_alias(ctx, rec, span.end)
    _later_mentions(ctx, records, spans, heads)
    _respectively(ctx, records, spans, orgs)
    return [
        Person(
            name=r.name,
            title=r.title,
            role=r.role,
            organisation=r.organisation,
            family_name=r.family,
            given_name=r.given,
            aliases=r.aliases,
            mentions=[Mention(text=ctx.text[a:b], start=a, end=b) for a, b in sorted(set(r.mentions))],
        )
        for r in records
        if r.mentions
    ]


def home_organisation(ctx: ArticleContext) -> str | None:
    """The organisation the article is about (most often named); 'our hospital' refers to it."""
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    for _s, _e, text, key in model_organisations(ctx):
        if not key:
            continue
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, text)
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    return first[best] if counts[best] >= 3 else None


# ---------------------------------------------------------------- names


def _name_words(name: str) -> list[str]:
    return [w.lower().rstrip(".") for w in re.split(r"\s+", name) if w]


def _find(records: list[_Record], name: str) -> _Record | None:
    """An existing record whose name words include all of these ('Voreqe Bainimarama', 'Jackson')."""
    ws = set(_name_words(name))
    found = [r for r in records if ws and ws <= set(r.words)]
    return found[-1] if found else None


def split_name(name: str) -> tuple[str | None, str | None]:
    """(family, given) respecting name order; nameparser for given-name-first names."""
    parts = name.split()
    if len(parts) < 2:
        return (name or None), None
    first, rest = parts[0], parts[1:]
    caps = [p.isupper() and len(p.rstrip(".")) > 1 and not _SUFFIX.match(p) for p in parts]
    if caps[0] and not any(caps[1:]):
        return first, " ".join(rest)
    if caps[-1] and not any(caps[:-1]):
        return parts[-1], " ".join(parts[:-1])
    low = first.lower()
    asian = _asian_surnames()
    rest_low = [r.lower() for r in rest]
    if low in asian["korean"] and len(rest) == 1 and "-" in rest[0]:
        return first, rest[0]
    if (
        low in _chinese_surnames()
        and len(rest) <= 2
        and all(_PINYIN.match(r.replace("-", "")) for r in rest_low)
    ):
        return first, " ".join(rest)
    if low in asian["other_chinese_romanisations"] and len(rest) == 2:
        return first, " ".join(rest)
    if low in asian["vietnamese"] and len(rest) >= 2:
        return first, " ".join(rest)
    parsed = HumanName(name)
    given = " ".join(x for x in (parsed.first, parsed.middle) if x) or None
    return (parsed.last or None), given


def _byline_records(ctx: ArticleContext, byline: NameSpan) -> list[_Record]:
    out: list[_Record] = []
    for m in re.finditer(r"[^,&]+?(?=\s*(?:,|&|\band\b|$))", byline.text):
        part = m.group(0).strip()
        if not part or part.lower() == "and":
            continue
        start = byline.start + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        family, given = split_name(part)
        rec = _Record(part, _name_words(part), role="author", family=family, given=given)
        rec.mentions.append((start, start + len(part)))
        out.append(rec)
    if out:
        out[-1].aliases.extend(byline.aliases)
        for a, b in byline.alias_spans:
            out[-1].mentions.append((a, b))
    return out


def _paren_alias(ctx: ArticleContext, rec: _Record, end: int) -> None:
    """A nickname in brackets after the name ('Park Ji-won (Jenny)'); a place there is where the person is
    from ('Tanaka Aiko (Japan)'), not another name."""
    m = re.match(r"\s*\(([A-Z][a-z]+(?: [A-Z][a-z]+)?)\)", ctx.text[end : end + 40])
    if m and norm_key(m.group(1)) in article_places(ctx):
        return
    if m and m.group(1) not in rec.aliases and not is_acronym(m.group(1)):
        rec.aliases.append(m.group(1))
        rec.mentions.append((end + m.start(1), end + m.end(1)))


def _later_mentions(
    ctx: ArticleContext, records: list[_Record], spans: list[PersonSpan], heads: list[OrgSpan]
) -> None:
    """Surname-only mentions ('Kwatra', 'KOBAYASHI' for 'Kobayashi') join the nearest earlier record."""
    taken: list[tuple[int, int]] | None = None  # built at the first use of a surname: most articles have none
    short: dict[str, list[_Record]] = {}
    for r in records:
        keys = {r.family.lower()} if r.family else set()
        if len(r.words) >= 2:
            keys.add(r.words[-1])
        for k in keys:
            if len(k) >= 2:
                short.setdefault(k, []).append(r)
    # a surname-first name the rules could not recognise ("Morioka Kenji"): its first word, unless that
    # word is already someone's surname
    for r in records:
        if len(r.words) == 2 and r.words[0] not in short and len(r.words[0]) >= 3 and r.role != "author":
            short[r.words[0]] = [r]
    if not short:
        return
    pattern = re.compile(r"(?<![\w-])([A-Z][\w'’-]+)(?![\w-])")
    for para in ctx.paragraphs:
        if para.kind == "byline":
            continue
        for m in pattern.finditer(ctx.text, para.start, para.end):
            word = m.group(1)
            if word.endswith(("'s", "’s")):
                word = word[:-2]  # the possessive ending
            key = word.lower()
            if key not in short:
                continue
            start = m.start(1)
            end = start + len(word)
            if taken is None:
                taken = _taken(ctx, records, heads)
            if any(a < end and start < b for a, b in taken) or ctx.is_excluded(start, end):
                continue
            nxt = re.match(r"\s+([A-Z][a-z]+)", ctx.text[end : end + 30])
            if nxt and nxt.group(1).lower() not in {"and", "the"} and not is_title_word(nxt.group(1)):
                continue  # part of another name ("Lee Yeo-hong")
            candidates = [r for r in short[key] if r.mentions and min(a for a, _ in r.mentions) < start]
            if not candidates and len(short[key]) == 1 and short[key][0].role != "author":
                candidates = short[key]  # a quote opening with the surname, the full name after it
            if not candidates:
                continue
            rec = max(candidates, key=lambda r: max((a for a, _ in r.mentions if a < start), default=-1))
            rec.mentions.append((start, end))
            taken.append((start, end))


def _taken(ctx: ArticleContext, records: list[_Record], heads: list[OrgSpan]) -> list[tuple[int, int]]:
    """Where a surname alone is no later mention: the records' mentions, head phrases and some ORG uses."""
    taken = [(a, b) for r in records for a, b in r.mentions] + [(h.start, h.end) for h in heads]
    # a use the model tags ORG is the company where the article names one after the family ("Ford" beside
    # "Ford Motor Company") or where it owns something ("Kellogg's chief executive", "Kellogg's losses");
    # elsewhere the tag on a surname is the model's slip ("Berg says", "said Lindqvist")
    taken += [
        (a, b)
        for _ent, a, b, _para in ctx.entities("ORG")
        if leads_a_company_name(ctx, ctx.text[a:b]) or re.match(r"['’]s\b", ctx.text[b : b + 3])
    ]
    return taken


# ---------------------------------------------------------------- "respectively"

_RESPECTIVELY = re.compile(
    r",?\s+(?:who\s+are\s+|were\s+|are\s+)?respectively,?\s+(?:the\s+)?", re.IGNORECASE
)
_LIST_GAP = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_ROLE_OF = re.compile(r"^(?P<role>.+?)\s+(?:of|at|for)\s+(?:the\s+)?(?P<org>.+)$", re.DOTALL)


def _respectively(
    ctx: ArticleContext, records: list[_Record], spans: list[PersonSpan], orgs: list[OrgSpan]
) -> None:
    """'A, B and C, respectively the chief executives of X, Y and Z': each person their role and organisation.

    Also 'A and B, respectively the minister of X and the director of Y'. Fills only what is still empty.
    """
    for m in _RESPECTIVELY.finditer(ctx.text):
        names = _listed_before(ctx, spans, m.start())
        phrase = _phrase_until_verb(ctx, m.end())
        if len(names) < 2 or phrase is None:
            continue
        pairs = _respective_roles(ctx, phrase, m.end(), len(names), orgs)
        for span, (role, org) in zip(names, pairs, strict=False):
            rec = _find(records, span.text)
            if rec is not None and rec.role is None:
                rec.role, rec.organisation = role, org
    _paired_appositions(ctx, records, spans)


def _paired_appositions(ctx: ArticleContext, records: list[_Record], spans: list[PersonSpan]) -> None:
    """'Anna Holm and Berit Dahl, a cardiologist and a midwife': as many appositions as names, one each."""
    for span in spans:
        m = _APPOSITION_LIST.match(ctx.text, span.end)
        names = _listed_before(ctx, spans, span.end) if m else []
        phrase = _phrase_until_verb(ctx, m.end()) if m else None
        if len(names) < 2 or phrase is None:
            continue
        parts = _ARTICLE_SPLIT.split(phrase)
        if len(parts) != len(names) or not all(_ARTICLE.match(p) for p in parts):
            continue
        for name, part in zip(names, parts, strict=True):
            rec = _find(records, name.text)
            if rec is not None:
                rec.role, rec.organisation = _role_and_org(_ARTICLE.sub("", part, count=1))


_APPOSITION_LIST = re.compile(r",\s+(?=(?:an?|the)\s)")
_ARTICLE = re.compile(r"^(?:an?|the)\s+")
_ARTICLE_SPLIT = re.compile(r"(?:,\s+(?:and\s+)?|\s+and\s+)(?=(?:an?|the)\s)")


def _phrase_until_verb(ctx: ArticleContext, start: int) -> str | None:
    """The text from `start` to where its sentence's verb comes back (", signed a declaration"), or None."""
    para = ctx.paragraph_at(start)
    if para is None or para.doc is None:
        return None
    tok = para.doc.char_span(start - para.start, start - para.start + 1, alignment_mode="expand")
    if tok is None or not len(tok):
        return None
    verbs = [t for t in tok[0].sent if t.idx >= tok[0].idx and t.pos_ in ("VERB", "AUX")]
    stop = para.start + (verbs[0].idx if verbs else tok[0].sent.end_char)
    return re.split(r"[;:]", ctx.text[start:stop])[0].rstrip(" .,")


def _listed_before(ctx: ArticleContext, spans: list[PersonSpan], end: int) -> list[PersonSpan]:
    """The people named in a list that ends at `end` ('A, B and C'), in order."""
    listed: list[PersonSpan] = []
    for span in sorted(spans, key=lambda s: s.start, reverse=True):
        edge = listed[0].start if listed else end
        if span.end <= edge and (span.end == edge or _LIST_GAP.fullmatch(ctx.text[span.end : edge])):
            listed.insert(0, span)
        elif span.end <= edge:
            break
    return listed


def _respective_roles(
    ctx: ArticleContext, phrase: str, at: int, n: int, orgs: list[OrgSpan]
) -> list[tuple[str, str | None]]:
    """n (role, organisation) pairs from the phrase after 'respectively', or [] if it does not split n ways."""
    parts = re.split(r",\s+(?:and\s+)?(?:the\s+)?|\s+and\s+the\s+", phrase)
    if len(parts) == n and all(_ROLE_OF.match(p) for p in parts):  # "the minister of X and the director of Y"
        return [_role_and_org(part) for part in parts]
    whole = _ROLE_OF.match(phrase)
    if whole is None:
        return []
    names = _LIST_GAP.split(whole.group("org"))
    if len(names) != n:
        return []
    role = _singular(ctx, at, whole.group("role"))
    return [(role, _org_named(name)) for name in names]


def _role_and_org(part: str) -> tuple[str, str | None]:
    """'director of the Harbour Authority' → (director, Harbour Authority); 'minister of fisheries' is all role:
    a lower-case portfolio names no organisation."""
    m = _ROLE_OF.match(part)
    if m is None or not m.group("org")[:1].isupper():
        return part.lower(), None
    return m.group("role").lower(), _org_named(m.group("org"))


def _org_named(text: str) -> str:
    """An organisation as listed: 'Deutsche Bahn (DB)' is Deutsche Bahn; a leading 'the' goes."""
    return re.sub(r"^the\s+|\s*\([^)]*\)\s*$", "", text.strip())


def _singular(ctx: ArticleContext, at: int, role: str) -> str:
    """'chief executives' → 'chief executive', by the model's lemma of the role's last word."""
    words_ = role.lower().split()
    para = ctx.paragraph_at(at)
    last = ctx.text.find(role.split()[-1], at)
    if para is not None and para.doc is not None and last >= 0:
        tok = para.doc.char_span(last - para.start, last - para.start + 1, alignment_mode="expand")
        if tok is not None and len(tok) and tok[0].tag_ in ("NNS", "NNPS"):
            words_[-1] = tok[0].lemma_.lower()
    return " ".join(words_)
