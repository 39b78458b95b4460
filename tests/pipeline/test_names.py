"""Span trimming shared by the people and organisations stages."""

from __future__ import annotations

import pytest

from pipeline.stages.names.words import trim_span


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "the World Health Organization (WHO", "World Health Organization", id="unbalanced_opener"
        ),
        pytest.param("Kim Jong-un's", "Kim Jong-un", id="possessive"),
        pytest.param("Foo) Bar", "Foo", id="stray_closer_in_the_middle"),
        pytest.param("(Health Ministry", "Health Ministry", id="leading_opener"),
        pytest.param("a) b (c", "a) b (c", id="balanced_counts_left_alone"),
        pytest.param("“Belt and Road”", "Belt and Road", id="wrapping_quotes"),
    ],
)
def test_trim_span_repairs_edges_and_always_finishes(text: str, expected: str) -> None:
    start, end = trim_span(text, 0, len(text))
    assert text[start:end] == expected
