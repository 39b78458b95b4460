"""Shared helpers for the people and organisations stages (not a stage itself).

Reads an `ArticleContext` (text and per-paragraph spaCy Docs) and the lexicons `person_titles.json`,
`person_roles.json` and `org_lexicon.json`; gives both stages the same view of the candidate spans:

- the lexicons' accessors (titles, role nouns, organisation head words, places);
- `trim_span`: boundary repair (leading "the", possessive 's, unbalanced quotes and parentheses);
- `words`: a paragraph's words with their offsets;
- organisation phrases: `head_org_spans` (capitalised phrases headed by Hospital, Ministry...),
  `initials_spans` ("U of B"), `class_noun_spans` ("the airline X").
Acronym definitions are in `pipeline.stages.names.acronyms`, person names (and `role_object_spans`, "chief
executive of X") in `pipeline.stages.names.person_names`.

All offsets are absolute, half-open `[start, end)` into `ctx.text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

import pycountry
from nameparser.config import CONSTANTS
from spacy.attrs import IDX, SPACY
from spacy.tokens import Doc, Span

from pipeline.context import ArticleContext, doc_ents, token_texts
from pipeline.resources import load_json, load_lines, load_tsv
from pipeline.stages.countries import country_name_code

QUOTES = "\"'“”‘’«»"
_CONNECTORS = {"of", "for", "and", "&", "de", "du", "des", "la", "le", "on"}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]*[A-Z0-9]$")
_CAMEL = re.compile(r"^[A-Z][a-z]+[A-Z][A-Za-z]+$")
_MC = re.compile(r"^(Mc|Mac|O'|O’|D'|D’)")
LEADING_POS = {"DET", "ADP", "SCONJ", "CCONJ", "ADV", "PRON", "AUX", "PART", "VERB", "NUM", "INTJ"}


# ---------------------------------------------------------------- lexicons


@cache
def honorifics() -> dict[str, str]:
    """Lower-case honorific → normalised form ("doctor" → "Dr.")."""
    return dict(load_json("person_titles.json")["honorifics"])


@cache
def ranks() -> frozenset[str]:
    return frozenset(load_json("person_titles.json")["ranks"])


@cache
def title_words() -> frozenset[str]:
    """Single words that are office titles when capitalised before a name (nameparser's list, filtered)."""
    data = load_json("person_titles.json")
    words = {t.lower().rstrip(".") for t in CONSTANTS.titles if t.isascii() and t.isalpha()}
    words.update(p for p in data["office_titles"] if " " not in p)
    words -= set(data["not_titles"])
    words -= {"of", "and", "for", "to", "the", "d'affaires", "officer"}
    return frozenset(words)


@cache
def office_titles() -> frozenset[str]:
    return frozenset(load_json("person_titles.json")["office_titles"])


@cache
def company_offices() -> frozenset[str]:
    return frozenset(load_json("person_titles.json")["company_offices"])


@cache
def role_nouns() -> frozenset[str]:
    return frozenset(load_json("person_roles.json")["role_nouns"])


@cache
def time_lead_ins() -> tuple[tuple[str, ...], ...]:
    """Phrases that may open an apposition before the role ('at the time'), as word tuples, longest first."""
    phrases = (tuple(p.split()) for p in load_json("person_roles.json")["time_lead_ins"])
    return tuple(sorted(phrases, key=len, reverse=True))


@cache
def role_modifiers() -> frozenset[str]:
    return frozenset(load_json("person_roles.json")["role_modifiers"])


@cache
def _org_lexicon() -> dict[str, frozenset[str]]:
    data = load_json("org_lexicon.json")
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


def org_heads() -> frozenset[str]:
    return _org_lexicon()["head_words"]


def venue_heads() -> frozenset[str]:
    return _org_lexicon()["venue_heads"]


def venue_phrases() -> frozenset[str]:
    return _org_lexicon()["venue_phrases"]


def company_suffixes() -> frozenset[str]:
    return _org_lexicon()["company_suffixes"]


def name_possessives() -> frozenset[str]:
    return _org_lexicon()["name_possessives"]


def agent_verbs() -> frozenset[str]:
    return _org_lexicon()["agent_verbs"]


def portfolio_heads() -> frozenset[str]:
    return _org_lexicon()["portfolio_heads"]


def portfolio_words() -> frozenset[str]:
    return _org_lexicon()["portfolio_words"]


@cache
def name_particles() -> frozenset[str]:
    return frozenset(load_json("person_titles.json")["name_particles"])


@cache
def surnames() -> frozenset[str]:
    """Family names written first (pinyin, Korean, Vietnamese, other Chinese romanisations), lower case."""
    out = set(load_lines("person_surnames_chinese.txt"))
    for key, values in load_json("person_surnames_asian.json").items():
        if not key.startswith("_"):
            out.update(values)
    return frozenset(out)


def document_heads() -> frozenset[str]:
    return _org_lexicon()["document_heads"]


@cache
def not_name_words() -> frozenset[str]:
    return frozenset(load_json("person_titles.json")["not_name_words"])


@cache
def event_heads() -> frozenset[str]:
    return frozenset(load_json("person_titles.json")["event_heads"])


@cache
def _event_head_before() -> re.Pattern[str]:
    # one alternation finds a match wherever one of the heads' own patterns would
    heads = "|".join(re.escape(h) for h in event_heads())
    return re.compile(rf"\b(?:{heads})\s+$")


def names_an_event(ctx: ArticleContext, start: int) -> bool:
    """A storm's name: 'Storm Elvira', 'Tropical Storm Ana' (event_heads in person_titles.json)."""
    before = ctx.text[max(0, start - 30) : start].lower()
    return bool(event_heads() and _event_head_before().search(before)) or any(
        ctx.text[start : start + len(h) + 1].lower() == h + " " for h in event_heads()
    )


def thing_heads() -> frozenset[str]:
    return _org_lexicon()["thing_heads"]


def not_organisations() -> frozenset[str]:
    return _org_lexicon()["not_organisations"]


def place_prepositions() -> frozenset[str]:
    return _org_lexicon()["place_prepositions"]


def compass_words() -> frozenset[str]:
    return _org_lexicon()["compass_words"]


@cache
def currency_words() -> frozenset[str]:
    """Currencies written before an amount ('TSh', 'US$', 'Rs'): quantity_units.json."""
    units = load_json("quantity_units.json")
    return frozenset([*units["currencies"], *units["currency_prefix_words"]])


@cache
def place_qualifiers() -> frozenset[str]:
    """Words that qualify a place ('Greater', 'Northern', 'Metro'): the countries stage's strip_prefixes."""
    return frozenset(w.lower() for w in load_json("countries_aliases.json")["strip_prefixes"])


@cache
def capital_names() -> frozenset[str]:
    """Lower-case names of countries' capitals (countryinfo, via countries_capitals.tsv)."""
    return frozenset(row[0].lower() for row in load_tsv("countries_capitals.tsv"))


@cache
def country_names() -> frozenset[str]:
    """Lower-case country names from pycountry (name, common and official names)."""
    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names.add(value.lower())
    return frozenset(names)


@cache
def subdivision_names() -> frozenset[str]:
    """Lower-case names of provinces, states and other ISO 3166-2 subdivisions (pycountry)."""
    return frozenset(s.name.lower() for s in pycountry.subdivisions)


@cache
def region_names() -> frozenset[str]:
    """Lower-case names of countries and their subdivisions: `country_names()` and `subdivision_names()`."""
    return country_names() | subdivision_names()


@cache
def country_codes() -> frozenset[str]:
    """Codes news writes for a country or union ("US", "UK", "PRC", "NZ", "EU"): those the country gazetteer
    reads as a country's name. A bare ISO code it does not read ("GM" for Gambia, "HP", "IT") is far more
    often a company or a word, so it is not listed."""
    codes = {"UK", "USA", "UAE", "PRC", "ROK", "DPRK"}
    for c in pycountry.countries:
        codes.update({c.alpha_2, c.alpha_3})
    return frozenset({code for code in codes if country_name_code(code) is not None} | {"EU"})


# ---------------------------------------------------------------- small predicates


def is_acronym(word: str) -> bool:
    """WHO, UNICEF, KOICA, G7: two or more capitals (digits allowed), no lower case."""
    return bool(_ACRONYM.match(word)) and sum(ch.isupper() for ch in word) >= 2


def is_camel(word: str) -> bool:
    """AstraZeneca, BioNTech: a company-style word with an inner capital (not McDonald)."""
    return bool(_CAMEL.match(word)) and not _MC.match(word)


def is_capitalised(word: str) -> bool:
    w = word.lstrip(QUOTES)
    return bool(w) and w[0].isupper()


_STRAIGHT_QUOTES = str.maketrans("“”‘’", "\"\"''")
_LEADING_THE = re.compile(r"^(the)\s+", re.I)
_POSSESSIVE_END = re.compile(r"['’]s$")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def norm_key(text: str) -> str:
    """A comparison key: straight quotes, no leading 'the', lower case, single spaces."""
    # cached (safe: a pure function of a str): the stages ask for the same names many times per article; the
    # bound keeps about the last few dozen articles' keys, so memory stays flat over a long run
    t = text.translate(_STRAIGHT_QUOTES).strip().strip("\"'")
    t = _LEADING_THE.sub("", t)
    t = _POSSESSIVE_END.sub("", t)
    return _SPACES.sub(" ", t).strip().lower()


def standalone_uses(text: str, name: str, joiners: str = "&-") -> Iterator[tuple[int, int]]:
    r"""Where `text` writes `name` with no word character or one of `joiners` on either side, left to right
    and not overlapping: the matches of `(?<![\w&-])NAME(?![\w&-])` (for the default joiners), found with
    `str.find` because a pattern per name meant compiling a regex for every name of every article. (`\w` is
    `str.isalnum()` or '_'.)"""
    if not name:  # the pattern's empty matches: every offset with no joining character on either side
        yield from ((i, i) for i in range(len(text) + 1) if not _joined_at(text, i, i, joiners))
        return
    i = text.find(name)
    while i != -1:
        j = i + len(name)
        if not _joined_at(text, i, j, joiners):
            yield i, j
            i = text.find(name, j)
        else:
            i = text.find(name, i + 1)


def _joined_at(text: str, i: int, j: int, joiners: str) -> bool:
    """A word character or a joiner right before `i` or right at `j`."""
    return (i > 0 and _joins(text[i - 1], joiners)) or (j < len(text) and _joins(text[j], joiners))


def _joins(ch: str, joiners: str) -> bool:
    return ch.isalnum() or ch == "_" or ch in joiners


# ---------------------------------------------------------------- trimming


def leads_a_company_name(ctx: ArticleContext, word: str) -> bool:
    """The article names a company that starts with `word` ("Ford" and "Ford Motor Company"): a family name
    standing for the family's firm."""
    prefix = word + " "
    names = ctx.shared("org_entity_names", lambda: _org_entity_names(ctx))
    return any(
        name.startswith(prefix) and name.split()[-1].lower().rstrip(".") in company_suffixes()
        for name in names
    )


def _org_entity_names(ctx: ArticleContext) -> list[str]:
    """The texts of the article's ORG entities, trimmed (built once per article)."""
    return [ctx.text[s:e] for s, e in (trim_span(ctx.text, s, e) for _ent, s, e, _ in ctx.entities("ORG"))]


_TRIM_THE = re.compile(r"(?:the|The|THE)\s+")
_TRIM_POSSESSIVE = re.compile(r"['’]s$")
_TRIM_ABBREVIATION = re.compile(r"\b[A-Z][a-z]{0,3}\.$|\b[A-Z]\.$")


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Repair a span's edges: whitespace, leading 'the', possessive 's, unbalanced quotes/brackets."""
    changed = True
    while changed and start < end:
        changed = False
        s = text[start:end]
        if s != s.strip():
            start += len(s) - len(s.lstrip())
            end -= len(s) - len(s.rstrip())
            changed = True
            continue
        m = _TRIM_THE.match(s)
        if m:
            start += m.end()
            changed = True
            continue
        if _TRIM_POSSESSIVE.search(s) and len(s) > 2:
            end -= 2
            changed = True
            continue
        if s[-1] in ".,;:!?" and not _TRIM_ABBREVIATION.search(s):
            end -= 1
            changed = True
            continue
        for open_, close in ("()", "[]"):
            if s.count(open_) != s.count(close):
                if s.endswith(close):
                    end -= 1
                elif s.startswith(open_):
                    start += 1
                else:
                    # cut before the unmatched bracket: the last opener, or the first stray closer
                    cut = s.rfind(open_) if s.count(open_) > s.count(close) else s.find(close)
                    if cut <= 0:
                        break  # nothing left to cut: leave the span as it is (never loop without progress)
                    end = start + cut
                changed = True
                break
        if changed:
            continue
        quotes = sum(s.count(q) for q in '"“”')
        if quotes % 2:
            if s[0] in '"“”':
                start += 1
            elif s[-1] in '"“”':
                end -= 1
            else:
                cut = max(s.rfind(q) for q in '"“”')
                end = start + cut
            changed = True
        elif s[0] in '"“' and s[-1] in '"”' and quotes == 2:
            start, end = start + 1, end - 1
            changed = True
    return start, end


# ---------------------------------------------------------------- words


@dataclass(slots=True)
class Word:
    """One written word: spaCy tokens glued by hyphens or apostrophes ("Wang-jun", "Inter-American").

    Not frozen, though no reader changes one: a frozen dataclass is built five times slower, and an article
    makes a Word of every token."""

    text: str
    start: int
    end: int
    i: int  # first token index in the doc
    j: int  # last token index + 1
    possessive: bool = False


_WORDS_CACHE: dict[tuple[int, int], tuple[Doc, list[Word]]] = {}


def words(doc: Doc, offset: int) -> list[Word]:
    """The doc's words with absolute offsets; a trailing possessive 's is folded into its word.

    Both stages ask for the same paragraphs many times; the result is cached per Doc object (the Doc is
    kept in the entry so that a recycled id() can never return another Doc's words)."""
    hit = _WORDS_CACHE.get((id(doc), offset))
    if hit is not None and hit[0] is doc:
        return hit[1]
    if len(_WORDS_CACHE) > 512:
        _WORDS_CACHE.clear()
    result = _words(doc, offset)
    _WORDS_CACHE[(id(doc), offset)] = (doc, result)
    return result


_POSSESSIVE_TOKENS = frozenset(("'s", "’s", "'", "’"))


def _words(doc: Doc, offset: int) -> list[Word]:
    # each token's attributes read once, as arrays (spaCy builds a new Token object on every `doc[i]`)
    rows = doc.to_array([IDX, SPACY]).tolist()
    texts = token_texts(doc)
    n = len(texts)
    out: list[Word] = []
    i = 0
    while i < n:
        start, spaced = rows[i]
        length = len(texts[i])
        j = i + 1
        # most tokens are a word of their own: no hyphen or possessive glued to the next token
        if (
            spaced
            or j == n
            or (texts[j] not in _POSSESSIVE_TOKENS and texts[i] != "-" and texts[j][:1] != "-")
        ):
            out.append(Word(texts[i], offset + start, offset + start + length, i, j))
            i = j
            continue
        while j < n and not rows[j - 1][1] and (texts[j - 1] == "-" or texts[j].startswith("-")):
            j += 1
        possessive = False
        if j < n and texts[j] in _POSSESSIVE_TOKENS and not rows[j - 1][1] and doc[j].tag_ == "POS":
            j += 1
            possessive = True
        # the tokens of a word are glued (no white space between them): their texts joined are its text
        end = rows[j - 1][0] + len(texts[j - 1])
        out.append(Word("".join(texts[i:j]), offset + start, offset + end, i, j, possessive))
        i = j
    return out


_POSSESSIVE_TAIL = re.compile(r"['’]s?$")


def base(word: Word) -> str:
    """The word without its possessive ending."""
    return _POSSESSIVE_TAIL.sub("", word.text) if word.possessive else word.text


# ---------------------------------------------------------------- places


@dataclass(frozen=True, slots=True)
class Places:
    """The article's places as a membership test: `key in places` for a `norm_key`."""

    # the pycountry names are tested where they are kept: copying them into a set per article cost more
    # than the rest of building it
    found: frozenset[str]

    def __contains__(self, key: object) -> bool:
        return key in self.found or key in region_names()


def article_places(ctx: ArticleContext) -> Places:
    """Lower-case texts spaCy tags GPE/LOC/NORP anywhere in the article, plus pycountry's names (once per
    article)."""

    def build() -> Places:
        # the entity's text sliced from the article: `ent.text` rebuilds it from the tokens
        return Places(frozenset(norm_key(ctx.text[s:e]) for _, s, e, _ in ctx.entities("GPE", "LOC", "NORP")))

    return ctx.shared("article_places", build)


# ---------------------------------------------------------------- organisation phrases


@dataclass(frozen=True)
class OrgSpan:
    start: int
    end: int
    text: str
    how: str  # "head", "acronym", "spacy", "long_form", "camel", "conj"


def _cap_runs(ws: list[Word], doc: Doc) -> Iterator[list[int]]:
    """Indices of word runs: capitalised words joined by connectors (of, for, and, 'of the') and quotes."""
    i = 0
    n = len(ws)
    while i < n:
        if not is_capitalised(ws[i].text) and not (
            ws[i].text in '“"' and i + 1 < n and is_capitalised(ws[i + 1].text)
        ):
            i += 1
            continue
        run = [i]
        k = i + 1
        while k < n:
            prev = ws[k - 1]
            # after a possessive, "Children's Fund" and "People's Army" go on (a common noun's possessive is
            # part of the name); "Singapore's Ministry", "Nordby's Department" start a new phrase (an owner)
            if (
                prev.possessive
                and base(prev).lower().rstrip("'’") not in name_possessives()  # "People's Liberation Army"
                and not (
                    ws[k].text.lower() in org_heads()
                    and base(prev).lower() not in country_names()
                    and doc[prev.i].ent_type_ not in ("GPE", "LOC")  # "Tasmania's Ministry of Health"
                    and doc[prev.i].pos_ != "PROPN"
                )
            ):
                break
            w = ws[k]
            if doc[w.i].is_sent_start or (prev.text.endswith(".") and w.text in ("The", "A", "An")):
                # a name does not cross a sentence end, even one the parser missed ("... and GfK. The Agency")
                break
            if w.text in currency_words() and k + 1 < n and ws[k + 1].text[:1].isdigit():
                break  # "Ministry of Health TSh 500 million": the currency of an amount
            if is_capitalised(w.text) or (
                w.text in '“”"' and (k + 1 >= n or is_capitalised(ws[k + 1].text) or w.text in '”"')
            ):
                if (
                    w.text in '”"'
                    and k + 1 < n
                    and not is_capitalised(ws[k + 1].text)
                    and ws[k + 1].text != "-"
                ):
                    run.append(k)
                    k += 1
                    break
                run.append(k)
                k += 1
                continue
            if (w.text.lower() in _CONNECTORS or w.text == "-") and not (
                k + 1 < n and base(ws[k + 1]).lower() in not_name_words()
            ):
                m = k + 1
                if m < n and ws[m].text == "the" and w.text.lower() in {"of", "for"}:
                    m += 1
                if m < n and (is_capitalised(ws[m].text) or ws[m].text in '“"'):
                    run.extend(range(k, m))
                    k = m
                    continue
            break
        # drop trailing connectors / quotes that opened nothing
        while run and (ws[run[-1]].text.lower() in _CONNECTORS or ws[run[-1]].text in ("-", "“")):
            run.pop()
        if run:
            yield run
        i = max(k, i + 1)


def _head_phrases(ws: list[Word], run: list[int], doc: Doc) -> Iterator[tuple[int, int]]:
    """(first, last) word indices of organisation names inside one capitalised run."""
    heads = org_heads()
    if not any(base(ws[k]).lower() in heads for k in run):
        return  # every phrase found below ends in a head word
    titles = title_words()
    idx = list(run)
    # drop sentence-initial function words ("On", "As", "The") and "Secretary of the" style title openers
    while (
        idx
        and (doc[ws[idx[0]].i].pos_ in LEADING_POS or ws[idx[0]].text in ("“", '"'))
        and not is_acronym(ws[idx[0]].text)
    ):
        if ws[idx[0]].text in ("“", '"') and len(idx) > 1:
            break
        idx.pop(0)
    for t in range(len(idx) - 1):
        lw = ws[idx[t]].text.lower().rstrip(".")
        if lw in titles and ws[idx[t + 1]].text.lower() in {"of", "for"} and lw not in heads:
            idx = idx[t + 2 :]
            while idx and ws[idx[0]].text == "the":
                idx.pop(0)
            break
    if not idx:
        return
    # split "Mayo Clinic and Loma Linda University" (both sides complete names)
    pieces: list[list[int]] = [[]]
    for pos, k in enumerate(idx):
        if ws[k].text in ("and", "&") and pieces[-1]:
            left_last = ws[pieces[-1][-1]]
            right = idx[pos + 1 :]
            right_has_head = any(ws[r].text.lower() in heads for r in right)
            left_first = ws[pieces[-1][0]]
            inside_ent = any(e.start < ws[k].i < e.end for e in doc_ents(doc))
            left_complete = not inside_ent and (
                base(left_last).lower() in heads
                or (len(pieces[-1]) == 1 and is_acronym(left_last.text))
                or any(e.start == left_first.i and e.end == left_last.j for e in doc_ents(doc))
            )
            if left_complete and right_has_head:
                pieces.append([])
                continue
        pieces[-1].append(k)
    for piece in pieces:
        head_pos = [p for p, k in enumerate(piece) if base(ws[k]).lower() in heads]
        if not head_pos:
            continue
        if base(ws[piece[-1]]).lower() in venue_heads() and head_pos[-1] < len(piece) - 1:
            continue  # "Andrews Air Force Base" is a place
        h = head_pos[-1]
        last = h
        # a complement after the head: "Department of Oncology", "Government of India"
        if h + 1 < len(piece) and ws[piece[h + 1]].text.lower() in {"of", "for", "on"}:
            last = len(piece) - 1
        first = 0
        # "Army Staff of the Nepali Army": when nothing before the last "of" is a head word, only the
        # complement after it names the organisation.
        ofs = [p for p in range(1, h) if ws[piece[p]].text.lower() == "of"]
        # ... unless the words before it open a country's name ("Republic of Singapore Air Force")
        if ofs and base(ws[piece[ofs[-1] - 1]]).lower() not in heads and not _opens_with_a_country(ws, piece):
            first = ofs[-1] + 1
            while first < h and ws[piece[first]].text == "the":
                first += 1
        words_in = [ws[k] for k in piece[first : last + 1]]
        if len(words_in) == 1:
            continue
        yield piece[first], piece[last]


def _opens_with_a_country(ws: list[Word], piece: list[int]) -> bool:
    return any(
        norm_key(" ".join(base(ws[k]) for k in piece[: e + 1])) in country_names() for e in range(len(piece))
    )


def _is_mission(ws: list[Word], a: int, b: int) -> bool:
    """An embassy, consulate or high commission: named with its seat ("Embassy of India in Kathmandu")."""
    heads = _org_lexicon()["mission_heads"]
    for k in range(a, b + 1):
        low = ws[k].text.lower()
        if low in heads or (k > a and f"{ws[k - 1].text.lower()} {low}" in heads):
            return True
    return False


def head_org_spans(ctx: ArticleContext) -> list[OrgSpan]:
    """Capitalised phrases headed by an organisation word (Hospital, Ministry, Army...), found once per
    article and shared by the people and organisations stages."""
    return list(ctx.shared("head_org_spans", lambda: _head_org_spans(ctx)))


def _head_org_spans(ctx: ArticleContext) -> list[OrgSpan]:
    out: list[OrgSpan] = []
    venues = venue_phrases()
    for para, doc in ctx.docs():
        ws = words(doc, para.start)
        for run in _cap_runs(ws, doc):
            for a, b in _head_phrases(ws, run, doc):
                start, end = ws[a].start, ws[b].end
                # a diplomatic mission is named with its seat: "Embassy of India in Kathmandu"
                if (
                    _is_mission(ws, a, b)
                    and b + 2 < len(ws)
                    and ws[b + 1].text == "in"
                    and not ws[b].possessive
                    and is_capitalised(ws[b + 2].text)
                ):
                    b += 2
                    while b + 1 < len(ws) and is_capitalised(ws[b + 1].text) and not ws[b].possessive:
                        b += 1
                    end = ws[b].end
                b = _portfolio_list_end(ws, a, b)
                end = ws[b].end
                if ws[b].possessive:
                    end = ws[b].start + len(base(ws[b]))
                start, end = trim_span(ctx.text, start, end)
                end = start + len(_without_country_of(ctx.text[start:end]))
                text = ctx.text[start:end]
                low = norm_key(text)
                if (
                    not text
                    or low.split()[-1] in document_heads()
                    or low in not_organisations()
                    or low in country_names()
                    or any(low.endswith(v) for v in venues)
                ):
                    continue
                if ctx.is_excluded(start, end):
                    continue
                out.append(OrgSpan(start, end, text, "head"))
    return out


def _portfolio_list_end(ws: list[Word], a: int, b: int) -> int:
    """The last word of a body named by a list of portfolios ("Ministry of City Planning, Water Supply and
    Higher Education"): `b` itself unless the name is '<portfolio head> of X' and a comma list of portfolios
    follows it, each ending in a portfolio word and the list closing with 'and'."""
    inside = [w.text.lower() for w in ws[a : b + 1]]
    if not any(x in portfolio_heads() and y in ("of", "for") for x, y in pairwise(inside)):
        return b
    if base(ws[b]).lower() not in portfolio_words() or ws[b].possessive:
        return b
    k, last, closed = b + 1, b, False
    while k + 1 < len(ws) and ws[k].text in (",", "and") and not closed:
        closed = ws[k].text == "and" or (ws[k + 1].text == "and")
        k += 2 if ws[k].text == "," and ws[k + 1].text == "and" else 1
        item_end = k
        while item_end < len(ws) and is_capitalised(ws[item_end].text) and not ws[item_end].possessive:
            item_end += 1
        if item_end == k or base(ws[item_end - 1]).lower() not in portfolio_words():
            return b
        last, k = item_end - 1, item_end
    return last if closed and not (k < len(ws) and is_capitalised(ws[k].text)) else b


_COUNTRY_OF = re.compile(r"^(.*?\b(?:of|for|on)\s.*?)\s+of\s+(?:the\s+)?(.+)$")


def _without_country_of(text: str) -> str:
    """ "Ministry of Defence of Sri Lanka" → "Ministry of Defence": after the name's own complement, a second
    "of <country>" says whose it is (the countries stage reports the country). "Bank of England" stays."""
    m = _COUNTRY_OF.match(text)
    return m.group(1) if m and norm_key(m.group(2)) in country_names() else text


_INITIALS_KEEP = frozenset({"of", "and", "for", "&"})


def initials_form(name: str) -> str | None:
    """'University of Bergen' → 'U of B': the capitals' initials with 'of', 'and', 'for' kept, for a name of
    three or more words that holds one of them; None for any other name."""
    words_ = name.split()
    if len(words_) < 3 or not any(w in _INITIALS_KEEP for w in words_):
        return None
    if not all(w in _INITIALS_KEEP or w[:1].isupper() for w in words_):
        return None
    return " ".join(w if w in _INITIALS_KEEP else w[0] for w in words_)


def initials_spans(ctx: ArticleContext, names: Iterable[str]) -> list[tuple[OrgSpan, str]]:
    """Each place the text writes a name of `names` by its initials ('U of B'), with the name it stands for.

    Written out by hand because acronym finders (Schwartz–Hearst here) take the short form to be one token
    of capitals, and the text never defines this one in brackets."""
    out = []
    for name in dict.fromkeys(names):
        form = initials_form(name)
        if form is None:
            continue
        for start, end in standalone_uses(ctx.text, form, "&"):
            out.append((OrgSpan(start, end, form, "initials"), name))
    return out


def class_noun_spans(ctx: ArticleContext) -> list[OrgSpan]:
    """Names right after a lower-case noun saying what kind of organisation they are ('the airline Nordair',
    'carmaker Volta', 'manufacturer, Avio,'; org_lexicon.json class_nouns): organisations, whatever the
    model tagged them (it tags some such names PERSON). Shared by people and organisations."""
    return list(ctx.shared("class_noun_spans", lambda: _class_noun_spans(ctx)))


_WORD_BEFORE = re.compile(r"([a-z][\w-]*),?\s+$")


def _class_noun_spans(ctx: ArticleContext) -> list[OrgSpan]:
    nouns = _org_lexicon()["class_nouns"]
    out = []
    for _ent, s0, e0, _ in ctx.entities("PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART"):
        start, end = trim_span(ctx.text, s0, e0)
        before = _WORD_BEFORE.search(ctx.text, max(0, start - 40), start)
        if start < end and before and before.group(1) in nouns and not _relative_subject(_ent):
            out.append(OrgSpan(start, end, ctx.text[start:end], "class"))
    return out


def _relative_subject(ent: Span) -> bool:
    """The name is the subject of a clause on the noun before it: "the firm Anna Berg founded", "the charity
    Anna Berg runs" (the verb right after the name is a relative or participial clause, not the sentence's)."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return after is not None and after.pos_ == "VERB" and after.dep_ in ("relcl", "acl")
