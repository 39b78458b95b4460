"""Countries stage: which countries an article names or clearly refers to, as ISO 3166-1 codes.

Reads an `ArticleContext` (each paragraph's spaCy Doc and the `excluded` regions) and writes
`models.Country` records (English short name, alpha-2, alpha-3, every mention with its text and offsets),
sorted by first mention.

Only place and nationality spans count, never free-text substrings:
- spaCy GPE, LOC, NORP and FAC entities are looked up in the tables below, in this order: country names
  and aliases, demonyms, cities, provinces/states. A list span ("Goyang, Gyeonggi-do", "Australia and
  New Zealand") is looked up part by part; "the Province of X" as X; a leading direction word
  ("south-east Queensland", "mainland China") is dropped.
- spaCy en_core_web_sm often labels a country as ORG ("Paraguay") or PERSON ("Nepal"). An ORG span is
  taken only when its whole text is a country name; a PERSON span only when its whole text is a place,
  no longer person name in the article holds it ("Chad Smith" ... "Chad said" stays a person), and it
  stands right after a place word ("in", "to", "from"...) or in a list with a place ("Peru, Fiji and
  Mali"), or is a country name of several words ("Papua New Guinea").
  A country word inside a longer ORG or PERSON span ("China Daily", "Serum Institute of India", "Jordan
  Peterson") gives nothing, nor does a place span that starts a longer unmarked name ("Georgia May Jagger").
- Where spaCy marks nothing, a capitalised token run that is a country name or demonym counts, and so
  does a city or province of several words ("Port Moresby") or right after a place word ("in Suva"),
  unless the run starts a longer proper name ("Kuwait Maitree ...") or a currency ("US$").
- A name shared by several countries (Córdoba: AR or ES; Victoria: AU or TT) counts only when the article
  names one of those countries in another way; otherwise it is dropped.

Tables (data/lexicons/, generated once by scripts/generate_country_tables.py, sources in CREDITS.md):
countries.tsv, countries_names.tsv, countries_demonyms.tsv, countries_subdivisions.tsv, cities.tsv, and
the hand-kept countries_aliases.json, which wins over them. No settings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal

from spacy.attrs import ENT_IOB, IDX, LENGTH

from models import Country, Mention
from pipeline.context import ArticleContext, doc_text
from pipeline.errors import ResourceError
from pipeline.resources import load_json, load_tsv

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_PLACE_LABELS = {"GPE", "LOC", "NORP", "FAC"}
_MAX_FALLBACK_TOKENS = 4
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_TRAILING = re.compile(r"(?:['\u2019]s|['\u2019])?[\s.,;:!?\"'\u201c\u201d)\]]*$")
_LEADING = re.compile(r"^(?:[\s\"'\u201c\u2018(\[]|the\s+)*", re.IGNORECASE)
_NO_PLACE = re.compile(r"[\d$€£¥]")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_LIST_SEPARATOR = r"\s*[,/&;]\s*|\s+and(?:\s+|$)"
_INITIALS = re.compile(r"(?:\b[A-Z]\.){2,}$")  # U.S., U.K.: the last dot belongs to the name


@lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """Lookup key: accents dropped, case folded, apostrophes straightened, a leading 'the' removed.

    Only keys are folded; the article text and its offsets are never changed. Cached (safe: a pure function
    of a str) because an article asks again for the same words; bounded, so memory stays flat.
    """
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(text.casefold().split()).rstrip(".")  # 'U.S.' at the end of a sentence is 'U.S'
    return text[4:] if text.startswith("the ") else text


def _is_abbreviation(name: str) -> bool:
    """US, UK, PNG, U.S.: matched only as written in capitals, so 'us' and 'Png' are not countries."""
    letters = name.replace(".", "")
    return letters.isupper() and len(letters) <= 4


def _codes(field: str) -> frozenset[str]:
    return frozenset(code for code in field.split("|") if code)


@dataclass(frozen=True)
class _Tables:
    """Every lookup table, folded once."""

    countries: dict[str, tuple[str, str]]  # iso2 -> (iso3, name)
    names: dict[str, str]
    abbreviations: frozenset[str]  # keys of names written in capitals (US, PNG): matched only in capitals
    demonyms: dict[str, str]
    cities: dict[str, frozenset[str]]
    subdivisions: dict[str, frozenset[str]]
    regions: frozenset[str]
    place_cues: frozenset[str]
    strip_prefixes: frozenset[str]
    feature_words: frozenset[str]


@cache
def _tables() -> _Tables:
    """Every table read and folded once; a code that is not in countries.tsv is a ResourceError."""
    aliases = load_json("countries_aliases.json")
    countries = {row[0]: (row[1], row[2]) for row in load_tsv("countries.tsv")}

    def known(code: str, where: str) -> str:
        if code not in countries:
            raise ResourceError(
                f"{where}: unknown ISO 3166-1 code {code!r}; add it to countries.tsv or fix it"
            )
        return code

    names: dict[str, str] = {}
    abbreviations: set[str] = set()
    for name, iso2 in [*load_tsv("countries_names.tsv"), *aliases["names"].items()]:
        names[_fold(name)] = known(iso2, f"country name {name!r}")
        if _is_abbreviation(name):
            abbreviations.add(_fold(name))
    not_demonyms = {_fold(w) for w in aliases["not_demonyms"]}
    demonyms = {
        _fold(word): known(iso2, f"demonym {word!r}")
        for word, iso2 in [*load_tsv("countries_demonyms.tsv"), *aliases["demonyms"].items()]
        if _fold(word) not in not_demonyms
    }
    cities = {_fold(row[0]): _codes(row[1]) for row in load_tsv("cities.tsv")}
    cities.update(
        {_fold(name): frozenset({known(iso2, f"city {name!r}")}) for name, iso2 in aliases["cities"].items()}
    )
    subdivisions = {_fold(row[0]): _codes(row[1]) for row in load_tsv("countries_subdivisions.tsv")}
    subdivisions.update(
        {
            _fold(name): frozenset({known(iso2, f"subdivision {name!r}")})
            for name, iso2 in aliases["subdivisions"].items()
        }
    )
    return _Tables(
        countries=countries,
        names=names,
        abbreviations=frozenset(abbreviations),
        demonyms=demonyms,
        cities=cities,
        subdivisions=subdivisions,
        regions=frozenset(_fold(r) for r in aliases["regions"]),
        place_cues=frozenset(w.casefold() for w in aliases["place_cues"]),
        strip_prefixes=frozenset(w.casefold() for w in aliases["strip_prefixes"]),
        feature_words=frozenset(_fold(w) for w in aliases["feature_words"]),
    )


_Kind = Literal["country", "demonym", "city", "province", "place"]


@dataclass(frozen=True)
class _Hit:
    """One mention and the countries it may refer to (one code unless the name is ambiguous)."""

    start: int
    end: int
    codes: frozenset[str]
    kind: _Kind = "country"


def _lookup_name(text: str, tables: _Tables, *, demonyms: bool = True) -> str | None:
    """A country name, alias or (optionally) demonym, singular or plural ('Italians')."""
    key = _fold(text)
    if not key or key in tables.regions:
        return None
    iso2 = tables.names.get(key)
    if iso2 is not None:
        # 'us', 'Png': an abbreviation counts only as written, in capitals.
        return None if key in tables.abbreviations and not text.isupper() else iso2
    if demonyms:
        if key in tables.demonyms:
            return tables.demonyms[key]
        if key.endswith("s") and key[:-1] in tables.demonyms and not key.endswith("ss"):
            return tables.demonyms[key[:-1]]
    return None


def is_city(text: str) -> bool:
    """A city of the gazetteer (population 300,000 or more, cities.tsv), as written ('Oslo')."""
    return _fold(text) in _tables().cities


def country_name_code(text: str) -> str | None:
    """ISO alpha-2 of a country's name or alias as written ('the Netherlands', 'Britain', 'U.S.'), else None.

    Names only: no demonyms, cities or provinces. Scorers use it to tell which gold places are countries.
    """
    return _lookup_name(_THE.sub("", text.strip()), _tables(), demonyms=False)


_NOTHING: tuple[frozenset[str], _Kind] = (frozenset(), "place")


def _lookup(
    text: str, tables: _Tables, *, demonyms: bool = True, places: bool = True, provinces: bool = True
) -> tuple[frozenset[str], _Kind]:
    """Every country `text` may name (a country, a demonym, a city, a province) and how; empty if none.

    A place name is written with a capital ('south-east' is a direction, not Botswana's South-East).
    """
    if not _THE.sub("", text)[:1].isupper():
        return _NOTHING
    key = _fold(text)
    iso2 = _lookup_name(text, tables, demonyms=demonyms)
    if iso2 is not None:
        return frozenset({iso2}), "country" if key in tables.names else "demonym"
    if key in tables.regions or not places:
        return _NOTHING
    city = tables.cities.get(key, frozenset())
    if key.rsplit(" ", 1)[-1] in tables.feature_words:
        provinces = False  # 'the Red Sea' is a sea, not Sudan's Red Sea state
    region = tables.subdivisions.get(key, frozenset()) if provinces else frozenset()
    if len(city) == 1 and (not region or city <= region or len(region) > 1):
        return city, "city"  # a big city beats provinces of that name in several countries (Madrid)
    if not city and len(region) == 1:
        return region, "province"
    # A big city here and a province elsewhere (Santiago: CL, DO), or a name several countries share:
    # let the rest of the article decide.
    return city | region, "place"


def _trim(text: str, start: int) -> tuple[int, int]:
    """Offsets of `text` (at `start`) without a leading 'the', quotes, a possessive or trailing punctuation."""
    lead = _LEADING.match(text)
    head = lead.end() if lead else 0
    body = text[head:]
    tail = _TRAILING.search(body)
    end = tail.start() if tail else len(body)
    if _INITIALS.search(body[: end + 1]):
        end += 1
    return start + head, start + head + end


def _parts(text: str, start: int, separator: str) -> Iterator[tuple[str, int]]:
    """A span split at a separator pattern ('Goyang, Gyeonggi-do'), each part with its offset."""
    pos = 0
    for piece in re.split(f"({separator})", text):
        if piece and not re.fullmatch(separator, piece):
            yield piece, start + pos
        pos += len(piece)


def _resolve_span(
    text: str,
    start: int,
    tables: _Tables,
    *,
    whole_only: bool = False,
    label: str = "GPE",
    places: bool = True,
) -> list[_Hit]:
    """Hits in one entity span: the whole span, else its comma parts, else what follows its last 'of',
    else the span without a direction word before it."""
    if _NO_PLACE.search(text):  # 'NZ$700,000', 'US$3.5 million': money, not places
        return []
    s, e = _trim(text, start)
    whole = text[s - start : e - start]
    # spaCy's LOC is for natural features and regions: a one-word province name there is usually a common
    # word ('Delta' the variant, not Nigeria's Delta State).
    provinces = label != "LOC" or " " in whole
    codes, kind = _lookup(whole, tables, places=places, provinces=provinces)
    if codes:
        return [_Hit(s, e, codes, kind)]
    if whole_only:
        return []
    hits: list[_Hit] = []
    parts = list(_parts(whole, s, _LIST_SEPARATOR))
    if len(parts) > 1 or (
        parts and parts[0][0] != whole
    ):  # 'Goyang, Gyeonggi-do', 'Australia and New Zealand'
        for part, part_start in parts:
            hits.extend(_resolve_span(part, part_start, tables, label=label))
        return hits
    parts = list(_parts(whole, s, "-"))
    if len(parts) > 1:  # 'India-Nepal' counts only when every part is a place ('Guinea-Bissau' matched whole)
        hits = [
            hit for part, part_start in parts for hit in _resolve_span(part, part_start, tables, label=label)
        ]
        return hits if len(hits) == len(parts) else []
    head, of, tail = whole.rpartition(" of ")
    # 'the Province of Zhejiang'; not for LOC, where it is a sea or a bay ('the Gulf of Mexico').
    if of and tail[:1].isupper() and label != "LOC":
        return _resolve_span(tail, s + len(head) + len(of), tables, label=label)
    words = whole.split(maxsplit=1)
    if len(words) == 2 and words[0].casefold() in tables.strip_prefixes and words[1][:1].isupper():
        rest_start = s + whole.index(words[1], len(words[0]))
        codes, kind = _lookup(words[1], tables, demonyms=False)
        if codes:
            return [_Hit(rest_start, e, codes, kind)]
    return []


def _placed(span: Span, tables: _Tables) -> bool:
    """True when a span spaCy called a person stands where a place does: right after a place word, or in a
    list with a place ('in Lombardy and Tuscany', 'Peru, Fiji and Mali')."""
    token = span.root
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
        if token.ent_type_ in {"GPE", "LOC"}:
            return True
    if any(t.dep_ == "conj" and t.ent_type_ in {"GPE", "LOC"} for t in token.subtree):
        return True
    first = token.left_edge if token.left_edge.i < span.start else span[0]
    previous = span.doc[first.i - 1] if first.i > 0 else None
    return previous is not None and previous.lower_ in tables.place_cues


def _person_tokens(ctx: ArticleContext) -> set[str]:
    """Words of multi-word person names in the article ('Chad' from 'Chad Smith')."""
    words: set[str] = set()
    for span, _s, _e, _p in ctx.entities("PERSON"):
        tokens = [t.text for t in span if t.text[:1].isupper()]
        if len(tokens) > 1:
            words.update(_fold(t) for t in tokens)
    return words


def _heads_a_name(span: Span) -> bool:
    """True when a place span starts a longer name spaCy did not mark ('Georgia May Jagger', 'Kuwait Maitree
    Hospital'): two or more capitalised words outside any entity follow, and no person name after them
    (as after a title: 'US Prime Minister Boris Johnson')."""
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].ent_iob_ == "O" and doc[i].pos_ == "PROPN" and doc[i].text[:1].isupper():
        i += 1
    return i - span.end >= 2 and not (i < len(doc) and doc[i].ent_type_ == "PERSON")


def _entity_hits(ctx: ArticleContext, tables: _Tables) -> Iterator[_Hit]:
    person_words = _person_tokens(ctx)
    for span, start, _end, _para in ctx.entities():
        label = span.label_
        if label in _PLACE_LABELS:
            if not _heads_a_name(span):
                yield from _resolve_span(span.text, start, tables, label=label)
        elif label == "ORG":
            # A whole ORG span that is a country name is spaCy's mislabel ('Paraguay', 'PNG'); a city name
            # there is as often a company or team named after it ('Phoenix declined to comment').
            yield from _resolve_span(span.text, start, tables, whole_only=True, label=label, places=False)
        elif label == "PERSON" and _fold(span.text) not in person_words:
            if _placed(span, tables):
                yield from _resolve_span(span.text, start, tables, whole_only=True)
            elif " " in _fold(span.text):
                # No one is called 'Papua New Guinea' or 'Sri Lanka': a country name of several words counts.
                yield from _resolve_span(span.text, start, tables, whole_only=True, places=False)


def _starts_longer_name(doc: Doc, end: int) -> bool:
    """True when the token run is followed by another capitalised name word ('Kuwait Maitree Hospital')."""
    if end >= len(doc):
        return False
    nxt = doc[end]
    return nxt.text[:1] in {"$", "€", "£"} or (
        nxt.text[:1].isupper() and nxt.pos_ in {"PROPN", "NOUN", "ADJ"}
    )


def _token_hits(ctx: ArticleContext, tables: _Tables) -> Iterator[_Hit]:
    """Places spaCy left outside every entity ('reached Paraguay', 'for Port Moresby' with no label)."""
    for para, doc in ctx.docs():
        tokens = _TokenTable(doc)
        i = 0
        while i < len(doc):
            found = _token_run(doc, tokens, i, tables) if tokens.may_start[i] else None
            if found is None:
                i += 1
                continue
            end, iso2, kind = found
            span = doc[i:end]
            start = para.start + span.start_char
            stop = para.start + span.end_char
            previous = doc[i - 1] if i > 0 else None
            inside_name = (
                previous is not None and previous.lower_ == "of" and i > 1 and doc[i - 2].text[:1].isupper()
            ) or (previous is not None and previous.text[:1].isupper() and previous.i > previous.sent.start)
            start, stop = _trim(ctx.text[start:stop], start)  # 'Britons.' is one token
            if not inside_name and not _starts_longer_name(doc, end) and not ctx.is_excluded(start, stop):
                yield _Hit(start, stop, frozenset({iso2}), kind)
            i = end


_OUTSIDE = 2  # spaCy's ENT_IOB code for "O"


class _TokenTable:
    """A Doc's token texts and entity tags read once as arrays (a `doc[i]` builds a new Token each time, and
    `_token_run` asks about every capitalised token up to four times)."""

    def __init__(self, doc: Doc) -> None:
        self.text = doc_text(doc)
        rows = doc.to_array([ENT_IOB, IDX, LENGTH]).tolist()
        self.outside = [iob == _OUTSIDE for iob, _, _ in rows]
        self.starts = [idx for _, idx, _ in rows]
        self.ends = [idx + length for _, idx, length in rows]
        # where `_token_run` may start: a capitalised token outside every entity
        self.may_start = [
            out and self.text[idx : idx + 1].isupper()
            for out, idx in zip(self.outside, self.starts, strict=True)
        ]

    def span_text(self, i: int, end: int) -> str:
        """What `doc[i:end].text` gives."""
        return self.text[self.starts[i] : self.ends[end - 1]]


def _token_run(doc: Doc, tokens: _TokenTable, i: int, tables: _Tables) -> tuple[int, str, _Kind] | None:
    """The longest run of tokens outside entities from `i` that is a country name or demonym, or a city or
    province when it has several words ('Port Moresby') or follows a place word ('in Suva')."""
    if not tokens.may_start[i]:
        return None
    after_cue = i > 0 and doc[i - 1].lower_ in tables.place_cues
    for size in range(_MAX_FALLBACK_TOKENS, 0, -1):
        end = i + size
        if end > len(doc) or not all(tokens.outside[i:end]):
            continue
        found, kind = _lookup(tokens.span_text(i, end), tables, places=size > 1 or after_cue)
        if len(found) == 1:
            return end, next(iter(found)), kind
    return None


def _qualify(hits: list[_Hit], text: str, tables: _Tables) -> list[_Hit]:
    """Read 'City, Country' and 'City, State' together: 'Surrey, England' is not Surrey in Canada,
    'Córdoba, Spain' is Spain's, and 'Atlanta, Georgia' is the US state, not the country."""
    out: list[_Hit] = []
    for i, hit in enumerate(hits):
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        if (
            nxt is None
            or text[hit.end : nxt.start].strip() != ","
            or hit.kind not in {"city", "province", "place"}
            or nxt.kind not in {"country", "province"}
        ):
            out.append(hit)
            continue
        as_province = tables.subdivisions.get(_fold(text[nxt.start : nxt.end]), frozenset())
        if nxt.kind == "country" and len(hit.codes) == 1 and hit.codes <= as_province:
            hits[i + 1] = _Hit(nxt.start, nxt.end, hit.codes, "province")
            out.append(hit)
        elif len(nxt.codes) == 1 and nxt.codes <= hit.codes:
            out.append(_Hit(hit.start, hit.end, nxt.codes, hit.kind))
        # else: the name belongs to another country than the one the text places it in; drop it
    return out


def _settle(hits: Iterable[_Hit], text: str, tables: _Tables) -> list[tuple[_Hit, str]]:
    """One code per hit: ambiguous names take the one country the article names otherwise, else drop."""
    hits = _qualify(sorted(hits, key=lambda h: (h.start, -h.end)), text, tables)
    sure = {next(iter(h.codes)) for h in hits if len(h.codes) == 1}
    settled: list[tuple[_Hit, str]] = []
    taken_until = -1
    for hit in hits:
        if hit.start < taken_until:  # overlapping hit: the first, longest one stands
            continue
        if len(hit.codes) == 1:
            code = next(iter(hit.codes))
        else:
            known = hit.codes & sure
            if len(known) != 1:
                continue
            code = next(iter(known))
        settled.append((hit, code))
        taken_until = hit.end
    return settled


def extract_countries(ctx: ArticleContext) -> list[Country]:
    """The countries the article refers to, each with every mention, sorted by first mention."""
    tables = _tables()
    hits = [*_entity_hits(ctx, tables), *_token_hits(ctx, tables)]
    by_code: dict[str, list[Mention]] = {}
    for hit, code in _settle(hits, ctx.text, tables):
        mention = Mention(text=ctx.text[hit.start : hit.end], start=hit.start, end=hit.end)
        by_code.setdefault(code, []).append(mention)
    records = []
    for code, mentions in by_code.items():
        iso3, name = tables.countries[code]
        records.append(Country(name=name, iso2=code, iso3=iso3, mentions=mentions))
    return sorted(records, key=lambda c: c.mentions[0].start)
