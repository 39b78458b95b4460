"""Install smoke test: the built wheel carries its data files and entry point, not just the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE


@pytest.mark.slow
def test_wheel_installs_and_runs_the_sample_outside_the_source_tree(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("newsfacts-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "pipeline/lexicons/quantity_categories.json" in names
    assert "pipeline/py.typed" in names and "models/py.typed" in names
    assert any(n.endswith("entry_points.txt") for n in names)

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    out = workdir / "out.jsonl"
    env = {**os.environ, "PYTHONPATH": str(target)}
    code = (
        "import pipeline, sys; assert pipeline.__file__.startswith(sys.argv[1]), pipeline.__file__;"
        "from pipeline.cli import main; sys.exit(main(sys.argv[2:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(target), "extract", str(SAMPLE), "-o", str(out), "-q"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["title"] == "Fight Against the Global Pandemic Together"
    assert record["quantities"], "the installed lexicons were not found"
