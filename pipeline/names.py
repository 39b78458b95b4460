"""Shared helpers for the people and organisations stages (not a stage itself).

Reads an `ArticleContext` (text and per-paragraph spaCy Docs) and the lexicons `person_titles.json`,
`person_roles.json` and `org_lexicon.json`; gives both stages the same view of the candidate spans:

- `trim_span`: boundary repair (leading "the", possessive 's, unbalanced quotes and parentheses);
- `acronym_pairs`: "Long Form (LF)" definitions, Schwartz–Hearst style, with offsets;
- `org_spans`: capitalised phrases that are organisation names (a head word such as Hospital or
  Ministry, a defined or spaCy-tagged acronym, a repaired spaCy ORG span);
- `person_spans`: capitalised name runs that are people (after a title, a spaCy PERSON, or before a
  role apposition), with the title words split off.

All offsets are absolute, half-open `[start, end)` into `ctx.text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import pycountry
from nameparser.config import CONSTANTS
from spacy.tokens import Doc, Span

from pipeline.context import ArticleContext, NearbySpans, Paragraph
from pipeline.countries import country_name_code
from pipeline.resources import load_json, load_lines, load_tsv

QUOTES = "\"'“”‘’«»"
_CONNECTORS = {"of", "for", "and", "&", "de", "du", "des", "la", "le", "on"}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]*[A-Z0-9]$")
_CAMEL = re.compile(r"^[A-Z][a-z]+[A-Z][A-Za-z]+$")
_MC = re.compile(r"^(Mc|Mac|O'|O’|D'|D’)")
_LEADING_POS = {"DET", "ADP", "SCONJ", "CCONJ", "ADV", "PRON", "AUX", "PART", "VERB", "NUM", "INTJ"}


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


def names_an_event(ctx: ArticleContext, start: int) -> bool:
    """A storm's name: 'Storm Elvira', 'Tropical Storm Ana' (event_heads in person_titles.json)."""
    before = ctx.text[max(0, start - 30) : start].lower()
    return any(re.search(rf"\b{re.escape(h)}\s+$", before) for h in event_heads()) or any(
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


def norm_key(text: str) -> str:
    """A comparison key: straight quotes, no leading 'the', lower case, single spaces."""
    t = text.translate(str.maketrans("“”‘’", "\"\"''")).strip().strip("\"'")
    t = re.sub(r"^(the)\s+", "", t, flags=re.I)
    t = re.sub(r"['’]s$", "", t)
    return re.sub(r"\s+", " ", t).strip().lower()


# ---------------------------------------------------------------- trimming


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
        m = re.match(r"(?:the|The|THE)\s+", s)
        if m:
            start += m.end()
            changed = True
            continue
        if re.search(r"['’]s$", s) and len(s) > 2:
            end -= 2
            changed = True
            continue
        if s[-1] in ".,;:!?" and not re.search(r"\b[A-Z][a-z]{0,3}\.$|\b[A-Z]\.$", s):
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


@dataclass(frozen=True)
class Word:
    """One written word: spaCy tokens glued by hyphens or apostrophes ("Wang-jun", "Inter-American")."""

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


def _words(doc: Doc, offset: int) -> list[Word]:
    out: list[Word] = []
    text = doc.text  # built on each access: read it once
    i = 0
    n = len(doc)
    while i < n:
        j = i + 1
        while (
            j < n
            and not doc[j - 1].whitespace_
            and (doc[j].text == "-" or doc[j - 1].text == "-" or doc[j].text.startswith("-"))
        ):
            j += 1
        possessive = False
        if (
            j < n
            and doc[j].text in ("'s", "’s", "'", "’")
            and not doc[j - 1].whitespace_
            and doc[j].tag_ == "POS"
        ):
            j += 1
            possessive = True
        start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
        out.append(Word(text[start:end], offset + start, offset + end, i, j, possessive))
        i = j
    return out


def base(word: Word) -> str:
    """The word without its possessive ending."""
    return re.sub(r"['’]s?$", "", word.text) if word.possessive else word.text


# ---------------------------------------------------------------- acronyms


@dataclass(frozen=True)
class AcronymPair:
    long_start: int
    long_end: int
    short_start: int
    short_end: int
    long: str
    short: str


def _sh_match(long_form: str, short: str) -> int:
    """Schwartz & Hearst (2003): start index in long_form of the shortest match of short, or -1."""
    s = len(short) - 1
    lf = len(long_form) - 1
    sf = short.lower()
    lo = long_form.lower()
    while s >= 0:
        c = sf[s]
        if not c.isalnum():
            s -= 1
            continue
        while lf >= 0 and (lo[lf] != c or (s == 0 and lf > 0 and lo[lf - 1].isalnum())):
            lf -= 1
        if lf < 0:
            return -1
        lf -= 1
        s -= 1
    return long_form.rfind(" ", 0, lf + 1) + 1


_FUNCTION_WORDS = {"of", "for", "and", "the", "&", "on", "in", "de", "to"}


def _initials_match(long_form: str, short: str) -> int:
    """Start index of the words whose initials spell the acronym ('personal protective equipment' for
    PPE), or -1. Tried before Schwartz–Hearst, whose shortest match would give 'protective equipment'."""
    letters = [c.lower() for c in short if c.isalnum()]
    tokens = list(re.finditer(r"\S+", long_form))
    need = len(letters)
    for t in range(len(tokens) - 1, -1, -1):
        word = tokens[t].group(0)
        if word.lower() in _FUNCTION_WORDS:
            continue
        parts = [x for x in re.split(r"[-/]", word.strip(QUOTES)) if x]
        for part in reversed(parts):
            if need == 0 or part[0].lower() != letters[need - 1]:
                return -1
            need -= 1
        if need == 0:
            return tokens[t].start()
    return -1


_UNCOUNTED = frozenset({"of", "and", "the", "for", "on", "&", "de", "la", "des", "du"})


def _window_words(toks: list[str], limit: int) -> int:
    """How many words before '(SF)' to search: `limit` words that count, function words free, so that
    'International Federation of Red Cross and Red Crescent Societies (IFRC)' fits."""
    counted = 0
    for taken, tok in enumerate(reversed(toks), start=1):
        counted += tok.lower() not in _UNCOUNTED
        if counted >= limit:
            return taken
    return len(toks)


def acronym_pairs(text: str, offset: int = 0) -> list[AcronymPair]:
    """'World Health Organization (WHO)' definitions in one block of text, with absolute offsets.

    Written here rather than taken from `abbreviations`/scispaCy: the first gives no offsets and the
    second pins numpy<2 (DEPS.md §1, §6.9). Both orders are handled: 'LF (SF)' and 'SF (LF)'.
    """
    pairs: list[AcronymPair] = []
    for m in re.finditer(r"\(([^()]{1,120})\)", text):
        inner = m.group(1).strip()
        before = text[: m.start()].rstrip()
        if is_acronym(inner.replace("-", "")) and " " not in inner:
            short, s_start = inner, m.start(1) + m.group(1).index(inner)
            window = re.split(r"[.;:!?()]\s", before)[-1]
            toks = window.split()
            limit = min(len(short) + 5, 2 * len(short))
            candidate = " ".join(toks[-_window_words(toks, limit) :])
            k = _initials_match(candidate, short)
            if k < 0:
                k = _sh_match(candidate, short)
            if k < 0:
                continue
            long_form = candidate[k:]
            long_end = len(before)
            long_start = long_end - len(long_form)
            long_start, long_end = trim_span(text, long_start, long_end)
            long_form = text[long_start:long_end]
            if not long_form or long_form.lower() == short.lower():
                continue
            if len(long_form.split()) < 2 and "-" not in long_form:
                continue
            pairs.append(
                AcronymPair(
                    offset + long_start,
                    offset + long_end,
                    offset + s_start,
                    offset + s_start + len(short),
                    long_form,
                    short,
                )
            )
        else:
            # 'WHO (World Health Organization)'
            prev = re.search(r"([A-Z][A-Z0-9&-]*[A-Z0-9])\s*$", before)
            if not prev or not is_acronym(prev.group(1)) or len(inner.split()) < 2:
                continue
            short = prev.group(1)
            if _sh_match(inner, short) != 0 or not is_capitalised(inner):
                continue
            ls = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
            pairs.append(
                AcronymPair(
                    offset + ls,
                    offset + ls + len(inner),
                    offset + prev.start(1),
                    offset + prev.end(1),
                    inner,
                    short,
                )
            )
    return pairs


def all_acronym_pairs(ctx: ArticleContext) -> list[AcronymPair]:
    out: list[AcronymPair] = []
    for para in ctx.paragraphs:
        out.extend(acronym_pairs(ctx.text[para.start : para.end], para.start))
    return out


# ---------------------------------------------------------------- places


def article_places(ctx: ArticleContext) -> frozenset[str]:
    """Lower-case texts spaCy tags GPE/LOC/NORP anywhere in the article, plus pycountry's names."""
    found = {norm_key(ent.text) for ent, *_ in ctx.entities("GPE", "LOC", "NORP")}
    return frozenset(found) | country_names() | subdivision_names()


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
            # after a possessive, "Children's Fund" goes on; "Singapore's Ministry" starts a new phrase
            if prev.possessive and not (
                ws[k].text.lower() in org_heads()
                and base(prev).lower() not in country_names()
                and doc[prev.i].ent_type_ not in ("GPE", "LOC")  # "Zanzibar's Ministry of Health"
            ):
                break
            w = ws[k]
            if doc[w.i].is_sent_start:
                break  # a name does not cross a sentence end ("... and KfW. The French Development Agency")
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
    titles = title_words()
    idx = list(run)
    # drop sentence-initial function words ("On", "As", "The") and "Secretary of the" style title openers
    while (
        idx
        and (doc[ws[idx[0]].i].pos_ in _LEADING_POS or ws[idx[0]].text in ("“", '"'))
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
            inside_ent = any(e.start < ws[k].i < e.end for e in doc.ents)
            left_complete = not inside_ent and (
                base(left_last).lower() in heads
                or (len(pieces[-1]) == 1 and is_acronym(left_last.text))
                or any(e.start == left_first.i and e.end == left_last.j for e in doc.ents)
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
        country_prefix = any(
            norm_key(" ".join(base(ws[k]) for k in piece[: e + 1])) in country_names()
            for e in range(len(piece))
        )
        if ofs and not country_prefix and base(ws[piece[ofs[-1] - 1]]).lower() not in heads:
            first = ofs[-1] + 1
            while first < h and ws[piece[first]].text == "the":
                first += 1
        words_in = [ws[k] for k in piece[first : last + 1]]
        if len(words_in) == 1:
            continue
        yield piece[first], piece[last]


def _is_mission(ws: list[Word], a: int, b: int) -> bool:
    """An embassy, consulate or high commission: named with its seat ("Embassy of India in Kathmandu")."""
    heads = _org_lexicon()["mission_heads"]
    for k in range(a, b + 1):
        low = ws[k].text.lower()
        if low in heads or (k > a and f"{ws[k - 1].text.lower()} {low}" in heads):
            return True
    return False


def head_org_spans(ctx: ArticleContext) -> list[OrgSpan]:
    """Capitalised phrases headed by an organisation word (Hospital, Ministry, Army...)."""
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


_COUNTRY_OF = re.compile(r"^(.*?\b(?:of|for|on)\s.*?)\s+of\s+(?:the\s+)?(.+)$")


def _without_country_of(text: str) -> str:
    """ "Ministry of Defence of Sri Lanka" → "Ministry of Defence": after the name's own complement, a second
    "of <country>" says whose it is (the countries stage reports the country). "Bank of England" stays."""
    m = _COUNTRY_OF.match(text)
    return m.group(1) if m and norm_key(m.group(2)) in country_names() else text


_INITIALS_KEEP = frozenset({"of", "and", "for", "&"})


def initials_form(name: str) -> str | None:
    """'University of Toronto' → 'U of T': the capitals' initials with 'of', 'and', 'for' kept, for a name of
    three or more words that holds one of them; None for any other name."""
    words_ = name.split()
    if len(words_) < 3 or not any(w in _INITIALS_KEEP for w in words_):
        return None
    if not all(w in _INITIALS_KEEP or w[:1].isupper() for w in words_):
        return None
    return " ".join(w if w in _INITIALS_KEEP else w[0] for w in words_)


def initials_spans(ctx: ArticleContext, names: Iterable[str]) -> list[tuple[OrgSpan, str]]:
    """Each place the text writes a name of `names` by its initials ('U of T'), with the name it stands for.

    Written out by hand because acronym finders (Schwartz–Hearst here) take the short form to be one token
    of capitals, and the text never defines this one in brackets."""
    out = []
    for name in dict.fromkeys(names):
        form = initials_form(name)
        if form is None:
            continue
        for m in re.finditer(rf"(?<![\w&]){re.escape(form)}(?![\w&])", ctx.text):
            out.append((OrgSpan(m.start(), m.end(), form, "initials"), name))
    return out


def class_noun_spans(ctx: ArticleContext) -> list[OrgSpan]:
    """Names right after a lower-case noun saying what kind of organisation they are ('the airline Nordair',
    'carmaker Volta', 'manufacturer, Avio,'; org_lexicon.json class_nouns): organisations, whatever the
    model tagged them (it tags some such names PERSON). Shared by people and organisations."""
    nouns = _org_lexicon()["class_nouns"]
    out = []
    for _ent, s0, e0, _ in ctx.entities("PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART"):
        start, end = trim_span(ctx.text, s0, e0)
        before = re.search(r"([a-z][\w-]*),?\s+$", ctx.text[max(0, start - 40) : start])
        if start < end and before and before.group(1) in nouns and not _relative_subject(_ent):
            out.append(OrgSpan(start, end, ctx.text[start:end], "class"))
    return out


def _relative_subject(ent: Span) -> bool:
    """The name is the subject of a clause on the noun before it: "the firm Anna Berg founded", "the charity
    Anna Berg runs" (the verb right after the name is a relative or participial clause, not the sentence's)."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return after is not None and after.pos_ == "VERB" and after.dep_ in ("relcl", "acl")


@cache
def _role_then_of() -> re.Pattern[str]:
    nouns = "|".join(sorted((re.escape(n) for n in role_nouns()), key=len, reverse=True))
    return re.compile(rf"\b(?:{nouns})\s+(?:of|at)\s+(?:the\s+)?$", re.IGNORECASE)


def role_object_spans(ctx: ArticleContext) -> list[OrgSpan]:
    """Names the model tags PERSON right after '<role noun> of/at' ("chief executive of Helse Bergen"): the
    place where a role is held is an organisation, not a person. Shared by people, organisations and roles."""
    out = []
    for _ent, s0, e0, _ in ctx.entities("PERSON"):
        start, end = trim_span(ctx.text, s0, e0)
        if start < end and _role_then_of().search(ctx.text, max(0, start - 80), start):
            out.append(OrgSpan(start, end, ctx.text[start:end], "role_of"))
    return out


def home_organisation(ctx: ArticleContext) -> str | None:
    """The organisation the article is about (most often named); 'our hospital' refers to it."""
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    for _ent, start, end, _ in ctx.entities("ORG"):
        s, e = trim_span(ctx.text, start, end)
        text = ctx.text[s:e]
        key = norm_key(text)
        if not key or key in not_organisations() or key in country_names():
            continue
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, text)
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    return first[best] if counts[best] >= 3 else None


# ---------------------------------------------------------------- people


@dataclass(frozen=True)
class PersonSpan:
    """A person's name in the text, with the title words written directly before it split off."""

    start: int
    end: int
    text: str
    title_start: int | None  # start of the title words directly before the name, if any
    title: str | None  # the title words as written ("Dr.", "Deputy Prime Minister")
    strong: bool  # may start a new record (title, two or more name words)
    paragraph: Paragraph
    first_word: int  # index into words(paragraph.doc)
    last_word: int


def is_title_word(word: str) -> bool:
    w = word.lower()
    return (
        w in honorifics() or w.rstrip(".") in honorifics() or w.rstrip(".") in title_words() or w in ranks()
    )


def _name_word(w: Word) -> bool:
    t = base(w)
    if not t or not t[0].isupper():
        return False
    return not any(ch.isdigit() for ch in t) and bool(re.match(r"^[A-Z][\w.'’-]*$", t))


def _bad_name_word(text: str, *, titled: bool = False) -> bool:
    """A word no person's name holds ('Hospital', 'Vaccine'). A venue word ends a venue's name ('Albert
    Park'); after a title or before a given name it is a surname ('Professor Park', 'Park Ji-hoon')."""
    low = text.lower().rstrip(".")
    if low in org_heads() or low in thing_heads() or low in not_organisations():
        return True
    return low in venue_heads() and not titled


def person_spans(ctx: ArticleContext, orgs: list[OrgSpan] | None = None) -> list[PersonSpan]:
    """Name runs that are people: after a title, tagged PERSON by spaCy, or followed by a role apposition."""
    if orgs is None:
        orgs = head_org_spans(ctx)
    places = article_places(ctx)
    regions = country_names() | subdivision_names()
    person_ents = NearbySpans([(s, e) for _, s, e, _ in ctx.entities("PERSON")], lambda span: span)
    person_starts = {s for s, _ in person_ents.items}
    org_ents = NearbySpans([(s, e) for _, s, e, _ in ctx.entities("ORG")], lambda span: span)
    held_at = {o.start for o in [*role_object_spans(ctx), *class_noun_spans(ctx)]}
    nearby_orgs = NearbySpans(orgs, lambda o: (o.start, o.end))
    out: list[PersonSpan] = []
    for para, doc in ctx.docs():
        if para.kind in ("byline",):
            continue
        ws = words(doc, para.start)
        n = len(ws)
        i = 0
        while i < n:
            if not _name_word(ws[i]):
                i += 1
                continue
            k = i
            run = [i]
            while not ws[k].possessive and k + 1 < n:
                nxt = ws[k + 1]
                if _name_word(nxt):
                    run.append(k + 1)
                    k += 1
                    continue
                if (
                    nxt.text.lower() in name_particles()
                    and k + 2 < n
                    and _name_word(ws[k + 2])
                    and nxt.text.islower()
                ):
                    run.extend([k + 1, k + 2])
                    k += 2
                    continue
                break
            i = k + 1
            # weekdays and months around a name ("Bill Clinton Saturday") are not part of it
            while len(run) > 1 and base(ws[run[-1]]).lower() in not_name_words():
                run = run[:-1]
            while len(run) > 1 and base(ws[run[0]]).lower() in not_name_words():
                run = run[1:]
            # a capitalised sentence opener is not part of the name ("With", "As", "The")
            while (
                len(run) > 1 and doc[ws[run[0]].i].pos_ in _LEADING_POS and not is_title_word(ws[run[0]].text)
            ):
                run = run[1:]
            run_text = " ".join(base(ws[r]) for r in run)
            if norm_key(run_text) in regions or ws[run[0]].text in (
                "St",
                "St.",
                "Saint",
            ):
                continue
            # split off the title words: the last title word in the run, if a name follows it
            t_idx = None
            for p, r in enumerate(run[:-1]):
                if is_title_word(ws[r].text) and not ws[r].text.isupper():
                    t_idx = p
            name_idx = run[t_idx + 1 :] if t_idx is not None else run
            title_idx = []
            if t_idx is not None:
                q = t_idx
                while q >= 0 and is_title_word(ws[run[q]].text):
                    q -= 1
                title_idx = run[q + 1 : t_idx + 1]
                # "Chief Marketing Officer Ana Ruiz", "Chief Executive Officer X": the office runs to its role noun
                for office_end in (t_idx + 1, t_idx + 2):
                    if office_end + 1 < len(run) and base(ws[run[office_end]]).lower() in role_nouns():
                        title_idx = run[q + 1 : office_end + 1]
                        name_idx = run[office_end + 1 :]
                        break
            elif (
                run[0] > 0 and is_title_word(ws[run[0] - 1].text) and not is_capitalised(ws[run[0] - 1].text)
            ):
                pass  # lower-case "chief executive" is a role, not a title
            # leading places ("Nepal Vinay Mohan Kwatra" after "Ambassador to")
            after_connector = name_idx[0] > 0 and ws[name_idx[0] - 1].text.lower() in (
                "to",
                "of",
                "in",
                "the",
            )
            while len(name_idx) > 2 and (
                norm_key(base(ws[name_idx[0]])) in country_names()
                or (after_connector and norm_key(base(ws[name_idx[0]])) in places)
            ):
                name_idx = name_idx[1:]
            if len(name_idx) == 2 and norm_key(base(ws[name_idx[0]])) in country_names():
                name_idx = name_idx[1:]
            office_before = None if t_idx is not None else _office_phrase_before(ws, run[0])
            if office_before in ("of", "for"):
                # "Minister for Foreign Affairs Vivian Balakrishnan", "Minister of Health D. Sarangerel":
                # the portfolio ends where an initial or a spaCy PERSON name begins; without one, no name.
                cut = next(
                    (
                        p
                        for p, r in enumerate(name_idx)
                        if p > 0 and (re.fullmatch(r"[A-Z]\.", ws[r].text) or ws[r].start in person_starts)
                    ),
                    None,
                )
                if cut is None:
                    continue
                name_idx = name_idx[cut:]
            if not name_idx:
                continue
            first, last = name_idx[0], name_idx[-1]
            start, end = ws[first].start, ws[last].start + len(base(ws[last]))
            if start in held_at:
                continue  # "chief executive of Helse Fonna", "the airline Nordair": organisations
            if names_an_event(ctx, ws[run[0]].start):
                continue  # "Storm Elvira"
            text = ctx.text[start:end]
            names = [base(ws[r]) for r in name_idx]
            if (
                any(
                    _bad_name_word(
                        x, titled=bool(title_idx) or (n == 0 and len(names) > 1 and x.lower() in surnames())
                    )
                    for n, x in enumerate(names)
                )
                or norm_key(text) in country_names()
            ):
                continue
            near_orgs = nearby_orgs.near(start, end)
            if any(o.start <= start and end <= o.end for o in near_orgs) or any(
                o.start < end and start < o.end and o.how == "head" for o in near_orgs
            ):
                continue
            if first > 0 and ws[first - 1].text in ("St", "St.", "Saint"):
                continue
            if ctx.is_excluded(start, end):
                continue
            after = ctx.text[end : end + 8].lower()
            if re.match(r",?\s+which\b", after):
                continue
            is_ent = any(s < end and start < e for s, e in person_ents.near(start, end))
            if all(is_title_word(x) for x in names):
                continue  # "the Prime Minister applauded": a title alone names no one
            if not is_ent and names[-1].lower() in role_nouns():
                continue  # "Chief Operating Officer": an office; the model would tag a person "Martin King"
            if title_idx and not is_ent:
                title_at = ws[title_idx[0]].start
                if any(s <= title_at and end <= e for s, e in org_ents.near(title_at, end)):
                    continue  # the model reads the "title" as part of an organisation's name: "General Motors"
            has_title = bool(title_idx) or office_before is not None
            appos = _role_apposition_follows(doc, ws, last) or (
                # "emergency nurse Paul Ngata", "spokesman John Smith"
                first > 0 and ws[first - 1].text.islower() and ws[first - 1].text in role_nouns()
            )
            multi = len(names) >= 2
            all_caps_single = len(names) == 1 and names[0].isupper()
            if all_caps_single:
                continue
            if not (has_title or (is_ent and multi) or (appos and multi) or is_ent):
                continue
            if len(names) >= 2 and all(x.isupper() for x in names):
                continue  # "NEW ZEALAND HIGH" style headers
            title_text = None
            title_start = None
            if title_idx:
                title_start = ws[title_idx[0]].start
                title_text = ctx.text[title_start : ws[title_idx[-1]].end]
            out.append(
                PersonSpan(start, end, text, title_start, title_text, has_title or multi, para, first, last)
            )
    return out


def _office_phrase_before(ws: list[Word], first: int) -> str | None:
    """The connector of an office phrase right before a run: 'to' in 'Ambassador of Japan to', 'for' in
    'Minister for'; None when the run does not follow one."""
    k = first - 1
    connector = None
    while k >= 0 and k >= first - 6:
        t = ws[k].text
        if t == "the" and k > 0 and ws[k - 1].text.lower() in ("to", "of", "for", "in"):
            pass
        elif t.lower() in ("to", "of", "for", "in"):
            connector = connector or t.lower()
        elif is_capitalised(t) or (connector == "to" and t in role_nouns() and t in title_words()):
            # "Ambassador of Japan to", "the U.S. ambassador to Kenya"
            if connector and is_title_word(base(ws[k])) and not t.isupper():
                return connector
            if connector and not country_at(ws, k) and not is_title_word(base(ws[k])):
                return None  # "... Han Zhiqiang in Bangkok": a name, not a title, before the connector
        else:
            return None
        k -= 1
    return None


def portfolio_context(text: str, start: int, end: int) -> bool:
    """The span is part of an office title, not an organisation: 'Health' in 'Health Minister X',
    'National Security' in 'Coordinating Minister for National Security'."""
    after = re.match(r"\s*([A-Z][a-z]+)", text[end : end + 30])
    if after and after.group(1).lower() in title_words() and after.group(1).lower() not in org_heads():
        return True
    m = re.search(r"([A-Z][a-z]+)\s+(?:of|for)\s+(?:the\s+)?$", text[max(0, start - 40) : start])
    return bool(m and m.group(1).lower() in title_words() and m.group(1).lower() not in org_heads())


def country_at(ws: list[Word], k: int) -> bool:
    """Word k ends or starts a country name ('Philippines', 'United States', 'New Zealand's')."""
    names = country_names()
    for a in range(max(0, k - 3), k + 1):
        for b in range(k, min(len(ws), a + 4)):
            if norm_key(" ".join(base(w) for w in ws[a : b + 1])) in names:
                return True
    return False


def _role_apposition_follows(doc: Doc, ws: list[Word], last: int) -> bool:
    """', an official of ...' / ', director of ...' right after the name."""
    if last + 1 >= len(ws) or ws[last + 1].text != ",":
        return False
    for k in range(last + 2, min(len(ws), last + 8)):
        w = ws[k]
        low = w.text.lower()
        if low in (",", ".", ";", "who", "which") or doc[w.i].pos_ in ("VERB", "AUX"):
            return False
        if low in role_nouns():
            # ", Health Minister Khairy Jamaluddin" is a title before another name, not an apposition
            nxt = ws[k + 1].text if k + 1 < len(ws) else ""
            return not (is_capitalised(w.text) and is_capitalised(nxt) and not is_title_word(nxt))
    return False
