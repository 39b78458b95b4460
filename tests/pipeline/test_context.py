"""Small shared structures of pipeline.context."""

from __future__ import annotations

from pipeline.context import NearbySpans


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
