"""The passes of pipeline/facts one at a time: the lexicon's validation, triggers, dates, split and merge."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.errors import ResourceError
from pipeline.stages.facts import lexicon, sentences
from pipeline.stages.facts.candidate import FactCandidate
from pipeline.stages.facts.dates import assign_dates, sentence_dates
from pipeline.stages.facts.lexicon import TriggerFile, load_lexicon, trigger_file
from pipeline.stages.facts.merge import merge_article
from pipeline.stages.facts.parties import Reader
from pipeline.stages.facts.records import Party
from pipeline.stages.facts.triggers import find_triggers
from tests.pipeline.test_facts import Build, _article


def _raw() -> dict[str, Any]:
    return trigger_file().model_dump()


def test_the_shipped_lexicon_is_valid() -> None:
    lex = load_lexicon()
    assert lex.nouns["takeover offer"] == "agreement"
    assert ("work", "with") in lex.verbs["agreement"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(lambda d: d["goods"].append("dose"), "'dose' is listed twice", id="duplicate_word"),
        pytest.param(
            lambda d: d["verbs"]["meeting"].append("donate"),
            "listed for donation and meeting",
            id="two_types",
        ),
        pytest.param(
            lambda d: d["standalone"].append("picnic"), "in no type's 'nouns' list", id="loose_noun"
        ),
    ],
)
def test_a_bad_lexicon_is_rejected(change: Any, message: str) -> None:
    data = _raw()
    change(data)
    with pytest.raises(ValueError, match=message):
        TriggerFile.model_validate(data)


def test_a_bad_lexicon_file_is_a_resource_error(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {**_raw(), "goods": ["dose", "dose"]}
    monkeypatch.setattr(lexicon, "load_json", lambda name: data)
    lexicon.trigger_file.cache_clear()
    try:
        with pytest.raises(ResourceError, match=r"fact_triggers\.json"):
            lexicon.trigger_file()
    finally:
        lexicon.trigger_file.cache_clear()


def test_triggers_pass(make_context: Build) -> None:
    ctx = make_context("Nordvik Mining held a webinar and signed a memorandum, then met Skyvik Metals.")
    (s,) = sentences(ctx)
    found = [(s.token(t.index).text, t.type, t.how) for t in find_triggers(load_lexicon(), s).values()]
    assert found == [
        ("held", "meeting", "light"),
        ("signed", "agreement", "light"),
        ("met", "meeting", "pair"),
    ]


def test_dates_pass_prefers_the_trigger_s_own_date(make_context: Build) -> None:
    ctx = make_context("On Monday Nordvik met Skyvik, and on Friday it sent 500 masks to Skyvik.")
    article = _article(ctx, {"dates": [("Monday", "2021-05-17"), ("Friday", "2021-05-14")]})
    lex = load_lexicon()
    (s,) = sentences(ctx)
    triggers = find_triggers(lex, s)
    (index,) = [i for i in triggers if s.token(i).lemma_ == "send"]
    cand = FactCandidate(
        type="donation", agent=None, recipient=None, token=index, trigger=s.abs(s.token(index))[0]
    )
    dates = sentence_dates(article, s, set(triggers))
    assign_dates(article, lex, s, [cand], dates, set(triggers))
    assert (cand.own_dates, cand.date) == ([1], 1)


def test_merge_pass_folds_an_event_told_twice(make_context: Build) -> None:
    ctx = make_context("x")
    article = _article(ctx, {})
    a, b = Party("country", 0, 0), Party("country", 1, 5)
    first = FactCandidate(type="donation", agent=a, recipient=None, quantities={0}, evidence=[(0, 4)])
    again = FactCandidate(
        type="donation", agent=a, recipient=b, quantities={0}, evidence=[(10, 14)], trigger=10
    )
    other = FactCandidate(
        type="donation", agent=a, recipient=b, quantities={1}, evidence=[(20, 24)], trigger=20
    )
    merged = merge_article(Reader(article, load_lexicon()), [first, again, other])
    assert [(m.recipient, m.quantities, m.evidence) for m in merged] == [
        (b, {0}, [(0, 4), (10, 14)]),
        (b, {1}, [(20, 24)]),
    ]
