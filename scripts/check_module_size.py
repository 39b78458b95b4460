"""Fail when a module of pipeline/ or models/ is longer than 800 lines (the house rule of issue #17).

Reads every .py file under pipeline/ and models/; writes one line per module over the limit to standard
error and exits 1, else exits 0 quietly. `make lint` runs it beside ruff's complexity check (C901 ≤ 20).
"""

from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 800
ROOT = Path(__file__).resolve().parent.parent


def too_long(roots: list[Path], limit: int = LIMIT) -> list[tuple[Path, int]]:
    """(module, line count) for each module under `roots` longer than `limit` lines."""
    found = []
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > limit:
                found.append((path, lines))
    return found


def main() -> int:
    found = too_long([ROOT / "pipeline", ROOT / "models"])
    for path, lines in found:
        print(
            f"{path.relative_to(ROOT)}: {lines} lines, over the limit of {LIMIT}: split it by job",
            file=sys.stderr,
        )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
