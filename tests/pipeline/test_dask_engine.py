"""The Dask engine gives the local engine's records, one part per partition, on a two-worker LocalCluster."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.batch import extract_files
from pipeline.dask_engine import extract_to_parts
from pipeline.settings import Settings

distributed = pytest.importorskip(
    "distributed", reason="Dask is an optional extra: pip install 'newsfacts[dask]'"
)

GARBAGE = Path(__file__).parent.parent / "fixtures" / "batch" / "garbage"
SETTINGS = Settings(max_chars=2000)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.CRITICAL,
    ) as cluster:
        yield cluster.scheduler_address


def _read(paths: list[Path]) -> list[str]:
    return [line for path in paths for line in path.read_text(encoding="utf-8").splitlines()]


def test_dask_parts_equal_local_output_record_for_record(tmp_path: Path, scheduler: str) -> None:
    local = tmp_path / "local.jsonl"
    extract_files([str(GARBAGE)], local, settings=SETTINGS, workers=1)
    parts = tmp_path / "parts"
    summary = extract_to_parts(
        [str(GARBAGE)], parts, settings=SETTINGS, workers=2, scheduler=scheduler, partition_size=3
    )
    assert (summary.documents, summary.articles, summary.errors) == (11, 5, 6)
    # 11 inputs in partitions of 3: four parts; partitions 0..3 hold errors except the all-articles ones
    assert sorted(p.name for p in parts.glob("part-*.jsonl")) == [f"part-{i:05d}.jsonl" for i in range(4)]
    assert _read(sorted(parts.glob("part-*.jsonl"))) == _read([local])
    assert sorted(_read(sorted(parts.glob("errors-*.jsonl")))) == sorted(
        _read([tmp_path / "local.errors.jsonl"])
    )

    again = extract_to_parts(
        [str(GARBAGE)],
        parts,
        settings=SETTINGS,
        workers=2,
        scheduler=scheduler,
        partition_size=3,
        resume=True,
    )
    assert (again.documents, again.resumed, again.articles, again.errors) == (11, 11, 5, 6)
    assert len(list(parts.glob("part-*.jsonl"))) == 4  # nothing left to do: no new part


def test_resume_finishes_only_the_missing_partitions(tmp_path: Path, scheduler: str) -> None:
    parts = tmp_path / "parts"
    extract_to_parts(
        [str(GARBAGE)], parts, settings=SETTINGS, workers=2, scheduler=scheduler, partition_size=4
    )
    lost = sorted(parts.glob("*-00001.jsonl"))  # as if the run died before partition 1 was renamed
    lost_lines = _read(lost)
    for path in lost:
        path.unlink()
    (parts / ".part-00001.jsonl.tmp").write_text('{"id": "half', encoding="utf-8")
    summary = extract_to_parts(
        [str(GARBAGE)],
        parts,
        settings=SETTINGS,
        workers=2,
        scheduler=scheduler,
        partition_size=4,
        resume=True,
    )
    assert (summary.documents, summary.resumed) == (11, 11 - len(lost_lines))
    assert sorted(_read(sorted(parts.glob("*-00003.jsonl")))) == sorted(lost_lines)  # redone as partition 3
    assert not list(parts.glob(".*.tmp"))
