"""The quantities stage: counts, money, percentages and measures with their item and category.

`stage.py` is the stage (`extract_quantities`); `numbers.py` reads numbers, currencies and ranges;
`items.py` the counted noun phrase and its category; `lexicons.py` loads and checks the word lists.
"""

from __future__ import annotations

from pipeline.stages.quantities.stage import extract_quantities

__all__ = ["extract_quantities"]
