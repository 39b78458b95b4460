"""The golden end-to-end test: the sample through the CLI equals the reviewed files in tests/golden/.

Update the files only with `make golden`, after reading the diff.
"""

from __future__ import annotations

import json

import pytest

from tests.golden import CASES, GOLDEN, run_sample


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CASES))
def test_sample_output_equals_the_reviewed_golden_file(name: str) -> None:
    expected = json.loads((GOLDEN / name).read_text(encoding="utf-8"))
    actual = run_sample(CASES[name])
    for field in expected:
        assert actual[field] == expected[field], (
            f"{field} differs from tests/golden/{name}: run make golden and review"
        )
    assert set(actual) == set(expected)
