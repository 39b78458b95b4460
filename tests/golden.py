"""`make golden`: regenerate the reviewed golden output of the sample (tests/golden/).

Run it only after a change whose effect on the sample you have read and accepted: review the diff of
tests/golden/*.json before committing it. tests/test_golden.py compares the CLI's output with these files.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (
    "data/samples/srrsh-pandemic-together.txt"  # relative to ROOT, so the id does not depend on the clone
)
GOLDEN = ROOT / "tests" / "golden"
CASES = {"srrsh-undated.json": [], "srrsh-2020-05-20.json": ["--published", "2020-05-20"]}


def run_sample(extra: list[str]) -> dict[str, Any]:
    """The sample through the real CLI, as one record without the version-dependent provenance."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        subprocess.run(
            [sys.executable, "-m", "pipeline.cli", "extract", SAMPLE, "-o", str(out), "-q", *extra],
            check=True,
            cwd=ROOT,
            timeout=300,
        )
        record: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    record["extractor"].pop("version")
    return record


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for name, extra in CASES.items():
        path = GOLDEN / name
        path.write_text(json.dumps(run_sample(extra), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}: review `git diff {path.relative_to(ROOT)}` before committing")


if __name__ == "__main__":
    main()
