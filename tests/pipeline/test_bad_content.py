"""Bad content through the real CLI (issue #13, "nothing lost, whatever the input"): each document gives
exactly one Article, no error line, and all of its text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

NEWSFACTS = [sys.executable, "-m", "pipeline.cli"]


def extract_one(path: Path) -> dict[str, Any]:
    """Runs `newsfacts extract PATH -o OUT -q`; checks exit 0, one Article line and an empty errors file."""
    out = path.parent / "out.jsonl"
    result = subprocess.run(
        [*NEWSFACTS, "extract", str(path), "-o", str(out), "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert (path.parent / "out.errors.jsonl").read_text(encoding="utf-8") == ""
    record: dict[str, Any] = json.loads(lines[0])
    assert record["schema_version"] == "1"
    return record


def test_legacy_html_with_300_unclosed_font_paragraphs_keeps_them_all(tmp_path: Path) -> None:
    paragraphs = [f"Paragraph {i} says something distinct about the harbour." for i in range(1, 301)]
    page = tmp_path / "legacy.html"
    page.write_text(
        "<html><body>" + "".join(f'<p><font face="Arial">{p}' for p in paragraphs), encoding="utf-8"
    )
    record = extract_one(page)
    assert record["text"].split("\n\n") == paragraphs
    assert record["warnings"] == []


def test_nul_past_the_binary_sniff_is_removed_with_a_warning(tmp_path: Path) -> None:
    sentence = "The hospital sent masks to the harbour town on Monday, officials said. "
    body = (sentence * 200)[:9_977] + "\x00" + sentence * 20
    content = "Masks for the harbour\n\n" + body
    path = tmp_path / "nul.txt"
    path.write_bytes(content.encode("utf-8"))
    assert path.read_bytes().index(b"\x00") == 10_000  # past the reader's 8,192-byte sniff
    record = extract_one(path)
    assert "\x00" not in record["text"]
    assert record["text"] == "Masks for the harbour\n\n" + body.replace("\x00", "").strip()
    assert record["warnings"] == [
        "clean: removed 1 control character (NUL and other C0 codes) from the input"
    ]


def test_one_60000_character_paragraph_arrives_intact(tmp_path: Path) -> None:
    sentence = "The harbour was quiet and the boats stayed in port as the wind rose in the bay. "
    paragraph = (sentence * 800)[:60_000].strip()
    path = tmp_path / "long.txt"
    path.write_text("Harbour news\n\n" + paragraph + "\n", encoding="utf-8")
    record = extract_one(path)
    assert record["text"] == "Harbour news\n\n" + paragraph
    assert record["title"] == "Harbour news"
    assert record["sections"] == [{"index": 0, "heading": None, "start": 14, "end": 14 + len(paragraph)}]
