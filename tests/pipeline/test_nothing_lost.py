"""Issue #13 §3, nothing lost whatever the input or the paths: each reproduction through the real CLI.

Every run is checked for the same things: each input document is one line (Article lines + error lines ==
inputs), the exit status, and the exact message.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

NEWSFACTS = [sys.executable, "-m", "pipeline.cli", "extract"]
TEXT = "On Monday the Red Cross gave {n} masks to the city hospital in Lyon."
SUMMARY_TAIL = (
    "; sections {n}, dates {n}, people 0, organisations {n}, countries {n}, quantities {n}, facts {n}\n"
)


def run(
    *args: str, timeout: float = 120, preexec_fn: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NEWSFACTS, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        preexec_fn=preexec_fn,
    )


def lines(path: Path) -> list[dict[str, object]]:
    return (
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    )


def ids(path: Path) -> list[object]:
    return [record["id"] for record in lines(path)]


def corpus(directory: Path, n: int) -> list[str]:
    """n small articles, doc-00.txt ..., in `directory`; returns their ids (walk order)."""
    directory.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (directory / f"doc-{i:02d}.txt").write_text(
            f"Hospital news\n\n{TEXT.format(n=100 + i)}\n", encoding="utf-8"
        )
    return [f"doc-{i:02d}.txt" for i in range(n)]


# --- 1. a lone surrogate in a JSONL string -------------------------------------------------------------------


def ten_lines(path: Path) -> Path:
    """10 JSONL documents; line 5's id and line 7's title hold a lone surrogate (valid JSON: "\\ud800")."""
    rows = []
    for i in range(1, 11):
        row = json.dumps({"id": f"d{i}", "text": TEXT.format(n=i * 100)})
        if i == 5:
            row = row.replace('"d5"', '"d\\ud8005"')
        if i == 7:
            row = row.replace('"text"', '"title": "T\\ud800itle", "text"')
        rows.append(row)
    path.write_text("\n".join(rows) + "\n", encoding="ascii")
    return path


def surrogate_id_error(jsonl: Path) -> dict[str, object]:
    return {
        "id": "d\\ud8005",
        "source": f"{jsonl}:5",
        "stage": "read",
        "error": "InputError",
        "message": f"{jsonl} line 5: the 'id' holds a lone surrogate \\ud800 (half of a UTF-16 pair), "
        "which cannot be written as UTF-8: fix the id in the file",
    }


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])  # 10 documents are two chunks: 2 workers use the pool
def test_a_lone_surrogate_loses_nothing_and_resume_works(tmp_path: Path, workers: str) -> None:
    jsonl = ten_lines(tmp_path / "ten.jsonl")
    out, errors = tmp_path / "out.jsonl", tmp_path / "out.errors.jsonl"
    done = run(str(jsonl), "-o", str(out), "--workers", workers)
    assert done.returncode == 1, done.stderr
    assert done.stderr == "10 documents: 9 articles, 1 errors (read: 1)" + SUMMARY_TAIL.format(n=9)
    assert ids(out) == ["d1", "d2", "d3", "d4", "d6", "d7", "d8", "d9", "d10"]
    assert lines(errors) == [surrogate_id_error(jsonl)]
    assert [r["title"] for r in lines(out) if r["id"] == "d7"] == ["T\ufffditle"]

    before = (out.read_bytes(), errors.read_bytes())
    again = run(str(jsonl), "-o", str(out), "--workers", workers, "--resume")
    assert again.returncode == 1, again.stderr
    assert again.stderr == (
        "10 documents (10 already written, skipped): 9 articles, 1 errors (read: 1)"
        + SUMMARY_TAIL.format(n=9)
    )
    assert (out.read_bytes(), errors.read_bytes()) == before


# --- 2. the output naming an input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "spelling"),
    [
        pytest.param("-o", "same", id="output_same_path"),
        pytest.param("-o", "relative", id="output_other_spelling"),
        pytest.param("-o", "symlink", id="output_symlink"),
        pytest.param("--errors", "relative", id="errors_other_spelling"),
    ],
)
def test_an_output_naming_an_input_is_refused_and_the_input_kept(
    tmp_path: Path, option: str, spelling: str
) -> None:
    jsonl = ten_lines(tmp_path / "in.jsonl")
    before = jsonl.read_bytes()
    spellings = {
        "same": jsonl,
        "relative": Path(os.path.relpath(jsonl, ROOT)),  # ../../tmp/...: the CLI runs in ROOT
        "symlink": tmp_path / "link.jsonl",
    }
    target = spellings[spelling]
    if spelling == "symlink":
        target.symlink_to("in.jsonl")
    args = (
        ["-o", str(target)]
        if option == "-o"
        else ["-o", str(tmp_path / "out.jsonl"), "--errors", str(target)]
    )
    done = run(str(jsonl), *args, "--workers", "1")
    what = "the output" if option == "-o" else "the errors file"
    assert done.returncode == 2
    assert done.stderr == (
        f"newsfacts extract: error: {what} {str(target)!r} is the input {str(jsonl)!r}: writing it would "
        f"destroy the input before it is read; give {option} another path\n"
    )
    assert jsonl.read_bytes() == before
    assert not (tmp_path / "out.jsonl").exists()


# --- 3. the output inside an input directory ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_output_inside_an_input_directory_is_not_read_back(tmp_path: Path, workers: str) -> None:
    crawl = tmp_path / "crawl"
    expected = corpus(crawl, 9)
    # a .jsonl that is not the run's output is still read
    (crawl / "notes.jsonl").write_text(
        json.dumps({"id": "note-1", "text": TEXT.format(n=7)}) + "\n", encoding="utf-8"
    )
    expected.append("note-1")
    out = crawl / "out.jsonl"
    for attempt in ("first", "second"):  # the second run finds the first run's output in the directory
        done = run(str(crawl), "-o", str(out), "--workers", workers, timeout=180)
        assert done.returncode == 0, (attempt, done.stderr)
        assert done.stderr == "10 documents: 10 articles, 0 errors" + SUMMARY_TAIL.format(n=10)
        assert ids(out) == expected
        assert lines(crawl / "out.errors.jsonl") == []


def test_an_output_naming_a_file_of_input_documents_in_an_input_directory_is_refused(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    corpus(crawl, 3)
    documents = crawl / "notes.jsonl"
    documents.write_text(json.dumps({"id": "note-1", "text": TEXT.format(n=7)}) + "\n", encoding="utf-8")
    before = documents.read_bytes()
    done = run(str(crawl), "-o", str(documents), "--workers", "1")
    assert done.returncode == 2
    assert done.stderr == (
        f"newsfacts extract: error: the output {str(documents)!r} is a file of input documents inside the "
        f"input directory {str(crawl)!r}: writing it would destroy them; give -o another path\n"
    )
    assert documents.read_bytes() == before


# --- 4. two runs on one output ------------------------------------------------------------------------------


def test_a_second_run_on_a_locked_output_is_refused(tmp_path: Path) -> None:
    jsonl = ten_lines(tmp_path / "in.jsonl")
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "written by the first run"}\n', encoding="utf-8")
    with out.open("rb+") as first_run:
        fcntl.flock(first_run.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running newsfacts holds
        done = run(str(jsonl), "-o", str(out), "--workers", "1")
    assert done.returncode == 3
    assert done.stderr == (
        f"newsfacts extract: error: the output {str(out)!r} is locked: another newsfacts run is writing it; "
        "wait for that run to end, or give -o another path\n"
    )
    assert out.read_text(encoding="utf-8") == '{"id": "written by the first run"}\n'
    assert not (tmp_path / "out.errors.jsonl").exists()


# --- 5. a full disk ------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux /dev/full")
@pytest.mark.parametrize(("workers", "n"), [("1", 1), ("2", 10)])
def test_a_full_disk_is_one_line_and_exit_4(tmp_path: Path, workers: str, n: int) -> None:
    corpus(tmp_path / "crawl", n)
    done = run(
        str(tmp_path / "crawl"),
        "-o",
        "/dev/full",
        "--errors",
        str(tmp_path / "e.jsonl"),
        "--workers",
        workers,
    )
    assert done.returncode == 4
    assert done.stderr == (
        "newsfacts extract: error: cannot write '/dev/full': No space left on device: "
        "free space, then run again with --resume\n"
    )


@pytest.mark.slow
def test_resume_repairs_the_torn_last_line_a_failed_write_leaves(tmp_path: Path) -> None:
    expected = corpus(tmp_path / "crawl", 10)
    out = tmp_path / "out.jsonl"
    complete = run(str(tmp_path / "crawl"), "-o", str(out), "--workers", "1", "-q")
    assert complete.returncode == 0, complete.stderr
    whole = out.read_bytes()
    first = whole.splitlines(keepends=True)
    out.write_bytes(b"".join(first[:3]) + first[3][:40])  # three lines, then the disk filled up mid-line
    done = run(str(tmp_path / "crawl"), "-o", str(out), "--workers", "1", "--resume")
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "10 documents (3 already written, skipped): 10 articles, 0 errors" + SUMMARY_TAIL.format(n=10)
    )
    assert ids(out) == expected
    assert out.read_bytes() == whole


# --- 6. inputs that are not regular files --------------------------------------------------------------------


def not_a_file(path: Path, rel: str, kind: str = "a named pipe (FIFO)") -> dict[str, object]:
    return {
        "id": rel,
        "source": str(path),
        "stage": "read",
        "error": "InputError",
        "message": f"{str(path)!r} is {kind}, not a regular file: not read (reading it could block forever); "
        "save its content to a file, or pipe it to standard input ('-')",
    }


def dangling(path: Path, rel: str, target: str) -> dict[str, object]:
    return {
        "id": rel,
        "source": str(path),
        "stage": "read",
        "error": "FileNotFoundError",
        "message": f"{str(path)!r} is a symbolic link to {target!r}, which does not exist: fix or remove the link",
    }


def looping(path: Path, rel: str) -> dict[str, object]:
    return {
        "id": rel,
        "source": str(path),
        "stage": "read",
        "error": "OSError",
        "message": f"{str(path)!r} is a symbolic link that loops (Too many levels of symbolic links): "
        "fix or remove the link",
    }


def test_a_fifo_given_directly_is_an_error_line_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    out = tmp_path / "out.jsonl"
    done = run(str(fifo), "-o", str(out), "--workers", "1", timeout=60)  # opening it would block forever
    assert done.returncode == 1, done.stderr
    assert done.stderr == "1 documents: 0 articles, 1 errors (read: 1)" + SUMMARY_TAIL.format(n=0)
    assert lines(out) == []
    assert lines(tmp_path / "out.errors.jsonl") == [not_a_file(fifo, str(fifo))]


@pytest.mark.slow
def test_links_and_fifos_given_directly_or_in_a_directory_are_error_lines(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    corpus(crawl, 1)
    os.mkfifo(crawl / "pipe.txt")
    os.mkfifo(crawl / "pipe")  # no known extension: not an input, skipped like any other such file
    (crawl / "dangling.html").symlink_to("gone.html")
    (crawl / "loop-a.jsonl").symlink_to("loop-b.jsonl")
    (crawl / "loop-b.jsonl").symlink_to("loop-a.jsonl")
    (crawl / "sub").mkdir()
    (crawl / "sub" / "up").symlink_to("..")  # followed, it would recurse forever
    given_dangling, given_loop = tmp_path / "dangling.txt", tmp_path / "self.txt"
    given_dangling.symlink_to("nowhere.txt")
    given_loop.symlink_to("self.txt")
    out = tmp_path / "out.jsonl"
    done = run(str(crawl), str(given_dangling), str(given_loop), "-o", str(out), "--workers", "1", timeout=60)
    assert done.returncode == 1, done.stderr
    assert done.stderr == "8 documents: 1 articles, 7 errors (read: 7)" + SUMMARY_TAIL.format(n=1)
    assert ids(out) == ["doc-00.txt"]
    sub_up = crawl / "sub" / "up"
    assert lines(tmp_path / "out.errors.jsonl") == [
        dangling(crawl / "dangling.html", "dangling.html", "gone.html"),
        looping(crawl / "loop-a.jsonl", "loop-a.jsonl"),
        looping(crawl / "loop-b.jsonl", "loop-b.jsonl"),
        not_a_file(crawl / "pipe.txt", "pipe.txt"),
        {
            "id": "sub/up",
            "source": str(sub_up),
            "stage": "read",
            "error": "InputError",
            "message": f"{str(sub_up)!r} leads back to a directory it is in (a symbolic link loop): "
            "not followed (the walk would never end); remove the link",
        },
        dangling(given_dangling, str(given_dangling), "nowhere.txt"),
        looping(given_loop, str(given_loop)),
    ]


def _without_file_permission_override() -> None:
    """In the child, as root: drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set, so that
    the exec'd newsfacts is refused a mode-000 directory as any user would be."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


@contextlib.contextmanager
def unlistable(*directories: Path) -> Iterator[None]:
    for directory in directories:
        directory.chmod(0)
    try:
        yield
    finally:
        for directory in directories:
            directory.chmod(0o755)


@pytest.mark.slow
def test_a_directory_that_cannot_be_listed_is_an_error_line(tmp_path: Path) -> None:
    closed, crawl = tmp_path / "closed", tmp_path / "crawl"
    corpus(closed, 2)
    corpus(crawl, 1)
    corpus(crawl / "private", 2)
    out = tmp_path / "out.jsonl"
    as_root = os.geteuid() == 0
    with unlistable(closed, crawl / "private"):
        try:
            done = run(
                str(closed),
                str(crawl),
                "-o",
                str(out),
                "--workers",
                "1",
                preexec_fn=_without_file_permission_override if as_root else None,
            )
        except (OSError, subprocess.SubprocessError) as e:  # the preexec_fn failed: no capability to drop
            pytest.skip(f"cannot make a directory unlistable for root here: {e}")
    assert done.returncode == 1, done.stderr
    assert done.stderr == "3 documents: 1 articles, 2 errors (read: 2)" + SUMMARY_TAIL.format(n=1)
    assert ids(out) == ["doc-00.txt"]

    def cannot_list(path: Path, rel: str) -> dict[str, object]:
        message = f"cannot list the directory {str(path)!r}: Permission denied: check its permissions (nothing in it was read)"
        return {
            "id": rel,
            "source": str(path),
            "stage": "read",
            "error": "PermissionError",
            "message": message,
        }

    assert lines(tmp_path / "out.errors.jsonl") == [
        cannot_list(closed, str(closed)),
        cannot_list(crawl / "private", "private"),
    ]


# --- 7. an output that cannot be created ---------------------------------------------------------------------


@pytest.mark.parametrize("option", ["-o", "--errors"])
def test_an_output_under_a_regular_file_is_a_usage_error(tmp_path: Path, option: str) -> None:
    jsonl = ten_lines(tmp_path / "in.jsonl")
    (tmp_path / "file.txt").write_text("a file, not a directory\n", encoding="utf-8")
    bad = tmp_path / "file.txt" / "out.jsonl"
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "from an earlier run"}\n', encoding="utf-8")
    args = ["-o", str(bad)] if option == "-o" else ["-o", str(out), "--errors", str(bad)]
    done = run(str(jsonl), *args, "--workers", "1")
    what = "the output" if option == "-o" else "the errors file"
    assert done.returncode == 2
    assert done.stderr == (
        f"newsfacts extract: error: cannot write {what} {str(bad)!r}: Not a directory: "
        f"give {option} a path in a directory you can write\n"
    )
    assert out.read_text(encoding="utf-8") == '{"id": "from an earlier run"}\n'  # nothing emptied
