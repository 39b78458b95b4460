"""Small shared structures of pipeline.context."""

from __future__ import annotations

from collections.abc import Callable

from pipeline.context import ArticleContext, NearbySpans
from pipeline.stages.names.organisations import extract_organisations
from pipeline.stages.names.people import extract_people
from pipeline.stages.names.person_names import person_spans
from pipeline.stages.names.words import head_org_spans


def test_nearby_spans_returns_every_overlapping_item_and_few_others() -> None:
    spans = [(50, 60), (0, 30), (10, 12), (40, 45), (90, 100)]
    index = NearbySpans(spans, lambda span: span)
    # longest span is 30, so [41, 43) looks at starts in [11, 43): (40, 45) overlaps; nothing before 11 is read
    assert index.near(41, 43) == [(40, 45)]
    # (0, 30) overlaps [25, 26) although it starts 25 characters earlier
    assert index.near(25, 26) == [(0, 30), (10, 12)]
    assert index.near(0, 200) == [(0, 30), (10, 12), (40, 45), (50, 60), (90, 100)]
    assert index.near(200, 300) == []
    assert NearbySpans([], lambda span: span).near(0, 10) == []


def test_shared_builds_once_per_article(make_context: Callable[..., ArticleContext]) -> None:
    ctx = make_context("The Nordby Harbour Authority hired Maria Lund.")
    calls: list[int] = []

    def build() -> list[int]:
        calls.append(1)
        return [len(calls)]

    assert (ctx.shared("x", build), ctx.shared("x", build), calls) == ([1], [1], [1])
    other = make_context("The Nordby Harbour Authority hired Maria Lund.")
    assert other.shared("x", build) == [2]  # another article builds its own


def test_people_and_organisations_read_the_same_candidates(
    make_context: Callable[..., ArticleContext],
) -> None:
    ctx = make_context("The Nordby Harbour Authority hired Maria Lund, its new director.")
    extract_people(ctx)
    extract_organisations(ctx)
    assert [s.text for s in head_org_spans(ctx)] == ["Nordby Harbour Authority"]
    assert [s.text for s in person_spans(ctx)] == ["Maria Lund"]
    fresh = make_context("The Nordby Harbour Authority hired Maria Lund, its new director.")
    assert extract_organisations(fresh) == extract_organisations(ctx)
