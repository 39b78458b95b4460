"""The Dask engine gives the local engine's records, one part per partition, on a two-worker LocalCluster."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.batch.dask_engine import extract_to_parts
from pipeline.batch.run import extract_files
from pipeline.errors import OutputLocked, UsageError
from pipeline.settings import Settings
from tests.pipeline.test_nothing_lost import surrogate_id_error, ten_lines

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
        scheduler_kwargs={
            "dashboard_address": ":0"
        },  # no dashboard; its HTTP server on any free port, not 8787 (busy if another cluster runs)
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


# --- issue #13 §3: nothing lost, whatever the input or the paths ------------------------------------------


def test_a_lone_surrogate_loses_no_partition(tmp_path: Path, scheduler: str) -> None:
    jsonl = ten_lines(tmp_path / "ten.jsonl")
    parts = tmp_path / "parts"
    summary = extract_to_parts(
        [str(jsonl)], parts, settings=SETTINGS, workers=2, scheduler=scheduler, partition_size=4
    )
    assert (summary.documents, summary.articles, summary.errors) == (10, 9, 1)
    articles = [json.loads(line) for line in _read(sorted(parts.glob("part-*.jsonl")))]
    assert [a["id"] for a in articles] == ["d1", "d2", "d3", "d4", "d6", "d7", "d8", "d9", "d10"]
    assert [a["title"] for a in articles if a["id"] == "d7"] == ["T\ufffditle"]
    errors = [json.loads(line) for line in _read(sorted(parts.glob("errors-*.jsonl")))]
    assert errors == [surrogate_id_error(jsonl)]


def test_the_parts_directory_inside_an_input_directory_is_not_read_back(
    tmp_path: Path, scheduler: str
) -> None:
    crawl = tmp_path / "crawl"
    shutil.copytree(GARBAGE, crawl)
    parts = crawl / "parts"
    for resume in (False, True):  # the resumed run finds the first run's parts inside the input directory
        summary = extract_to_parts(
            [str(crawl)],
            parts,
            settings=SETTINGS,
            workers=2,
            scheduler=scheduler,
            partition_size=4,
            resume=resume,
        )
        assert (summary.documents, summary.resumed, summary.articles, summary.errors) == (
            11,
            11 * resume,
            5,
            6,
        )


def test_a_second_run_on_a_locked_output_directory_is_refused(tmp_path: Path) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "part-00000.jsonl").write_text('{"id": "first run"}\n', encoding="utf-8")
    fd = os.open(parts, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running newsfacts holds
        with pytest.raises(OutputLocked) as info:
            extract_to_parts([str(GARBAGE)], parts, settings=SETTINGS, workers=1)
    finally:
        os.close(fd)
    assert str(info.value) == (
        f"the output directory {str(parts)!r} is locked: another newsfacts run is writing it; "
        "wait for that run to end, or give -o another directory"
    )
    assert (parts / "part-00000.jsonl").read_text(encoding="utf-8") == '{"id": "first run"}\n'


@pytest.mark.parametrize("which", ["directory", "part"])
def test_an_input_that_the_run_would_replace_is_refused(tmp_path: Path, which: str) -> None:
    parts = tmp_path / "parts"
    parts.mkdir()
    part = parts / "part-00000.jsonl"
    part.write_text('{"id": "a", "text": "Some text."}\n', encoding="utf-8")
    given = str(parts if which == "directory" else part)
    with pytest.raises(UsageError) as info:
        extract_to_parts([given], parts, settings=SETTINGS, workers=1)
    assert str(info.value) == (
        f"the input {given!r} is the output directory {str(parts)!r} or one of its parts, which the run "
        "replaces: give -o another directory"
    )
    assert part.read_text(encoding="utf-8") == '{"id": "a", "text": "Some text."}\n'


def test_an_output_directory_under_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("a file\n", encoding="utf-8")
    parts = tmp_path / "file.txt" / "parts"
    with pytest.raises(UsageError) as info:
        extract_to_parts([str(GARBAGE)], parts, settings=SETTINGS, workers=1)
    assert str(info.value) == (
        f"cannot create the output directory {str(parts)!r}: Not a directory: give -o a directory you can write"
    )
