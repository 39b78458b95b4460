"""The publication date is decided in one place, in one order, whatever the entry point (issue #13, §2).

Order (runner.publication_date): the date given with the document (JSONL `published`, `extract(published=)`),
then the page's own date (HTML metadata, a stamp or dateline in the text), then `Settings.published`
(`--published`) for documents that give none.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from models import Article
from pipeline import Settings, extract, extract_many
from pipeline.sources import read_inputs
from tests.conftest import ROOT

NEWSFACTS = [sys.executable, "-m", "pipeline.cli"]

# A page whose metadata dates it Monday 14 February 2022; "on Monday" is that day.
PAGE = """<!DOCTYPE html>
<html><head><title>Port talks resume</title>
<meta property="article:published_time" content="2022-02-14T09:00:00Z">
</head><body><article><h1>Port talks resume</h1>
<p>The harbour authority and the dockworkers' union met on Monday to resume talks on the new shift rota.</p>
<p>A second round is planned for the end of the month, the authority said.</p>
</article></body></html>
"""
# Crawler text with no date of its own: the fallback applies. 1 January 2001 was a Monday.
PLAIN = "Ferry service expands\n\nThe ferry company added two crossings on Monday, its spokesman said.\n"


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    page, plain = tmp_path / "page.html", tmp_path / "plain.txt"
    page.write_text(PAGE, encoding="utf-8")
    plain.write_text(PLAIN, encoding="utf-8")
    return page, plain


def _dated(article: Article | dict[str, object]) -> tuple[object, list[tuple[str, str]]]:
    record = article.model_dump() if isinstance(article, Article) else article
    return record["published"], [(d["text"], d["value"]) for d in record["dates"]]  # type: ignore[index, attr-defined]


PAGE_DATES = ("2022-02-14", [("Monday", "2022-02-14"), ("the end of the month", "2022-02")])
PLAIN_DATES = ("2001-01-01", [("Monday", "2001-01-01")])


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_page_metadata_beats_the_published_option(tmp_path: Path, workers: str) -> None:
    page, plain = _inputs(tmp_path)
    out = tmp_path / "out.jsonl"
    options = ["-o", str(out), "--published", "2001-01-01", "--workers", workers, "-q"]
    result = subprocess.run(
        [*NEWSFACTS, "extract", str(page), str(plain), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (result.returncode, result.stderr) == (0, "")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [_dated(r) for r in records] == [PAGE_DATES, PLAIN_DATES]
    assert (tmp_path / "out.errors.jsonl").read_text(encoding="utf-8") == ""


def test_extract_many_gives_the_same_dates_as_the_cli(tmp_path: Path) -> None:
    page, plain = _inputs(tmp_path)
    results = list(
        extract_many(read_inputs([str(page), str(plain)]), settings=Settings(published=date(2001, 1, 1)))
    )
    assert [_dated(r) for r in results if isinstance(r, Article)] == [PAGE_DATES, PLAIN_DATES]


def test_a_date_given_with_the_document_beats_the_page_metadata(tmp_path: Path) -> None:
    # a JSONL line's own `published` is the caller's word for that document: it ranks first
    jsonl = tmp_path / "docs.jsonl"
    line = {"id": "talks", "html": PAGE, "published": "2022-02-21"}
    jsonl.write_text(json.dumps(line) + "\n", encoding="utf-8")
    [article] = list(extract_many(read_inputs([str(jsonl)]), settings=Settings(published=date(2001, 1, 1))))
    assert isinstance(article, Article)
    # Monday 21 February 2022 is the publication day; the talks' "Monday" is that day
    assert _dated(article) == ("2022-02-21", [("Monday", "2022-02-21"), ("the end of the month", "2022-02")])


def test_extract_published_argument_is_the_documents_own_date() -> None:
    article = extract(PAGE, format="html", published="2022-02-21")
    assert article.published == "2022-02-21"
    without = extract(PAGE, format="html")
    assert _dated(without) == PAGE_DATES
