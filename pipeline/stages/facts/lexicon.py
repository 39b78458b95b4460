"""The trigger lexicon: `data/lexicons/fact_triggers.json`, validated once, plus the caller's extra verbs.

Reads the JSON file (keys starting with '_' are comments); writes a frozen `Lexicon` of word sets. A word
listed twice in one list, a verb or noun given two types, or a stand-alone noun that is no event noun is a
`ResourceError` naming the file and the word.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationError, model_validator

from models.article import FactType
from pipeline.errors import ResourceError
from pipeline.resources import load_json

TYPES: tuple[FactType, ...] = ("donation", "meeting", "visit", "service", "agreement")
_FILE = "fact_triggers.json"


def _no_duplicates(words: list[str]) -> list[str]:
    seen: set[str] = set()
    for word in words:
        key = word.lower()
        if key in seen:
            raise ValueError(f"{word!r} is listed twice")
        seen.add(key)
    return words


Words = Annotated[list[str], AfterValidator(_no_duplicates)]


class _Planned(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    modals: Words
    governors: Words
    nouns: Words
    be_to: bool


class TriggerFile(BaseModel):
    """The shape of fact_triggers.json; the '_'-prefixed comment keys are dropped before validation."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    verbs: dict[FactType, Words]
    nouns: dict[FactType, Words]
    standalone: Words
    light_verbs: Words
    receive_verbs: Words
    not_goods: Words
    goods: Words
    goods_categories: Words
    people_categories: Words
    excluded_quantity_categories: Words
    recipient_preps: dict[FactType, Words]
    agent_preps: Words
    planned: _Planned
    pronouns: dict[Literal["organisation", "person"], Words]
    anaphors: Words
    pair_nouns: Words
    state_nouns: Words
    state_relations: Words
    weak_verbs: Words
    pair_verbs: Words
    object_preps: Words
    vague_dates: Words
    sequel_words: Words
    end_verbs: Words
    announce_verbs: Words
    retold_nouns: Words
    carriers: Words
    host_nouns: Words
    vehicles: Words
    travellers: Words
    staffing_verbs: Words
    help_verbs: Words
    service_holders: Words
    host_verbs: Words
    group_pronouns: Words
    copulas: Words
    membership_nouns: Words
    attendance_preps: Words
    acquisition_nouns: Words
    acquisition_verbs: Words
    price_words: Words
    sender_verbs: Words
    request_verbs: Words
    wish_nouns: Words

    @model_validator(mode="after")
    def _one_type_each(self) -> TriggerFile:
        for table in ("verbs", "nouns"):
            owner: dict[str, str] = {}
            for kind, words in getattr(self, table).items():
                for word in words:
                    if owner.setdefault(word.lower(), kind) != kind:
                        raise ValueError(f"{table}: {word!r} is listed for {owner[word.lower()]} and {kind}")
        loose_verbs = [v for v in self.acquisition_verbs if v.lower() not in self.verbs.get("agreement", [])]
        if loose_verbs:
            raise ValueError(f"acquisition verbs {loose_verbs!r} are not agreement verbs")
        nouns = {n.lower() for words in self.nouns.values() for n in words}
        loose = [n for n in self.standalone if n.lower() not in nouns]
        if loose:
            raise ValueError(f"standalone nouns {loose!r} are in no type's 'nouns' list")
        return self


@cache
def trigger_file() -> TriggerFile:
    """The validated lexicon file (read once)."""
    data: dict[str, Any] = load_json(_FILE)
    try:
        return TriggerFile.model_validate({k: v for k, v in data.items() if not k.startswith("_")})
    except ValidationError as e:
        raise ResourceError(f"lexicon {_FILE!r} is invalid: {e}; fix data/lexicons/{_FILE}") from e


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[FactType, list[tuple[str, ...]]]  # type → entries split into words, longest first
    nouns: dict[str, FactType]  # object noun (lower case, may be several words) → type
    standalone: frozenset[str]
    light: frozenset[str]
    receive: frozenset[str]
    weak: frozenset[str]
    pair: frozenset[str]
    not_goods: frozenset[str]
    goods: frozenset[str]
    goods_categories: frozenset[str]
    people_categories: frozenset[str]
    excluded_categories: frozenset[str]
    recipient_preps: dict[FactType, frozenset[str]]
    vague_dates: frozenset[str]
    sequel_words: frozenset[str]
    end_verbs: frozenset[str]
    announce_verbs: frozenset[str]
    retold_nouns: frozenset[str]
    carriers: tuple[str, ...]
    host_nouns: frozenset[str]
    object_preps: frozenset[str]
    agent_preps: frozenset[str]
    modals: frozenset[str]
    governors: frozenset[str]
    plan_nouns: frozenset[str]
    pronouns: dict[str, str]  # pronoun → kind
    anaphors: frozenset[str]
    pair_nouns: frozenset[str]
    state_nouns: frozenset[str]
    state_relations: frozenset[str]
    vehicles: frozenset[str]
    help_verbs: frozenset[str]
    service_holders: frozenset[str]
    host_verbs: frozenset[str]
    travellers: frozenset[str]
    staffing_verbs: frozenset[str]
    group_pronouns: frozenset[str]
    copulas: frozenset[str]
    attendance_preps: frozenset[str]
    membership_nouns: frozenset[str]
    acquisition_nouns: frozenset[str]
    acquisition_verbs: frozenset[tuple[str, ...]]
    price_words: frozenset[str]
    sender_verbs: frozenset[str]
    request_verbs: frozenset[str]
    wish_nouns: frozenset[str]
    # every lemma that can make a verb a trigger (an entry's first word, light, receive, help and copula
    # verbs): most verbs of a sentence are none of these and need no further reading
    trigger_lemmas: frozenset[str] = frozenset()
    # the last word of each standalone noun: what a noun's name must end in to be one
    standalone_heads: frozenset[str] = frozenset()

    def nouns_of(self, kind: str) -> set[str]:
        return {n for n, k in self.nouns.items() if k == kind}


# Lexicons built, by their `extra` triggers, with the file they were built from. Building one took a tenth of
# a millisecond per article; sharing it is safe because no reader changes a Lexicon (a frozen record).
_BUILT: dict[tuple[tuple[str, tuple[str, ...]], ...], tuple[TriggerFile, Lexicon]] = {}


def load_lexicon(extra: Mapping[str, list[str]] | None = None) -> Lexicon:
    """The lexicon file with `extra` verb lemmas per fact type added; an unknown type is a ValueError."""
    unknown = set(extra or {}) - set(TYPES)
    if unknown:
        raise ValueError(f"unknown fact type(s) {sorted(unknown)!r} in triggers; use one of {TYPES}")
    data = trigger_file()
    key = tuple(sorted((kind, tuple(words)) for kind, words in (extra or {}).items()))
    hit = _BUILT.get(key)
    if hit is not None and hit[0] is data:  # the same file object: not reloaded since
        return hit[1]
    if len(_BUILT) > 16:
        _BUILT.clear()
    lex = _build_lexicon(data, extra)
    _BUILT[key] = (data, lex)
    return lex


def _build_lexicon(data: TriggerFile, extra: Mapping[str, list[str]] | None) -> Lexicon:
    verbs: dict[FactType, list[tuple[str, ...]]] = {}
    for kind in TYPES:
        words = [*data.verbs.get(kind, []), *(extra or {}).get(kind, [])]
        # Longer entries first, so 'fly into' (visit) wins over 'fly' (donation).
        verbs[kind] = sorted({tuple(w.lower().split()) for w in words}, key=len, reverse=True)
    return Lexicon(
        verbs=verbs,
        nouns={n.lower(): kind for kind in TYPES for n in data.nouns.get(kind, [])},
        standalone=frozenset(data.standalone),
        light=frozenset(data.light_verbs),
        receive=frozenset(data.receive_verbs),
        weak=frozenset(data.weak_verbs),
        pair=frozenset(data.pair_verbs),
        not_goods=frozenset(data.not_goods),
        goods=frozenset(data.goods),
        goods_categories=frozenset(data.goods_categories),
        people_categories=frozenset(data.people_categories),
        excluded_categories=frozenset(data.excluded_quantity_categories),
        recipient_preps={k: frozenset(data.recipient_preps.get(k, [])) for k in TYPES},
        vague_dates=frozenset(data.vague_dates),
        sequel_words=frozenset(data.sequel_words),
        end_verbs=frozenset(data.end_verbs),
        announce_verbs=frozenset(data.announce_verbs),
        retold_nouns=frozenset(data.retold_nouns),
        carriers=tuple(data.carriers),
        host_nouns=frozenset(data.host_nouns),
        object_preps=frozenset(data.object_preps),
        agent_preps=frozenset(data.agent_preps),
        modals=frozenset(data.planned.modals),
        governors=frozenset(data.planned.governors),
        plan_nouns=frozenset(data.planned.nouns),
        pronouns={p: kind for kind, words in data.pronouns.items() for p in words},
        anaphors=frozenset(data.anaphors),
        pair_nouns=frozenset(data.pair_nouns),
        state_nouns=frozenset(data.state_nouns),
        state_relations=frozenset(data.state_relations),
        vehicles=frozenset(data.vehicles),
        help_verbs=frozenset(data.help_verbs),
        service_holders=frozenset(data.service_holders),
        host_verbs=frozenset(data.host_verbs),
        travellers=frozenset(data.travellers),
        staffing_verbs=frozenset(data.staffing_verbs),
        group_pronouns=frozenset(data.group_pronouns),
        copulas=frozenset(data.copulas),
        attendance_preps=frozenset(data.attendance_preps),
        membership_nouns=frozenset(data.membership_nouns),
        acquisition_nouns=frozenset(data.acquisition_nouns),
        acquisition_verbs=frozenset(tuple(v.split()) for v in data.acquisition_verbs),
        price_words=frozenset(data.price_words),
        sender_verbs=frozenset(data.sender_verbs),
        request_verbs=frozenset(data.request_verbs),
        wish_nouns=frozenset(data.wish_nouns),
        standalone_heads=frozenset(n.lower().rpartition(" ")[2] for n in data.standalone),
        trigger_lemmas=frozenset(
            {entry[0] for entries in verbs.values() for entry in entries}
            | set(data.light_verbs)
            | set(data.receive_verbs)
            | set(data.help_verbs)
            | set(data.copulas)
        ),
    )
