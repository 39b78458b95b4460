"""sources: every input form, ids, the published fallback, and every bad input as one ErrorRecord."""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest

from models import ErrorRecord
from pipeline.context import Document
from pipeline.errors import InputError
from pipeline.sources import InputReader, looks_like_html, read_inputs

INPUTS = Path(__file__).resolve().parent.parent / "fixtures" / "inputs"


def _docs(items: list[Document | ErrorRecord]) -> list[Document]:
    return [x for x in items if isinstance(x, Document)]


def _errors(items: list[Document | ErrorRecord]) -> list[ErrorRecord]:
    return [x for x in items if isinstance(x, ErrorRecord)]


def test_text_file_given_directly_keeps_its_path_as_id() -> None:
    path = str(INPUTS / "hospital-news.txt")
    [doc] = list(read_inputs([path]))
    assert isinstance(doc, Document)
    assert (doc.id, doc.source, doc.format, doc.published) == (path, path, "text", None)
    assert doc.content.startswith("Skip to main content\n")


def test_html_file_is_read_as_html() -> None:
    [doc] = list(read_inputs([str(INPUTS / "clutter-page.html")]))
    assert isinstance(doc, Document)
    assert doc.format == "html"
    assert doc.published is None


def test_directory_is_walked_recursively_in_sorted_order_with_relative_ids() -> None:
    items = list(read_inputs([str(INPUTS / "tree")]))
    assert [(d.id, d.format) for d in _docs(items)] == [
        ("a-story.txt", "text"),
        ("j-1", "text"),
        ("nested/more.jsonl:2", "html"),
        ("nested/page.htm", "html"),
    ]
    assert not _errors(items)  # README.md is skipped, not an error


def test_jsonl_fields_and_published_priority() -> None:
    items = list(read_inputs([str(INPUTS / "articles.jsonl")]))
    docs = {d.id: d for d in _docs(items)}
    jsonl = str(INPUTS / "articles.jsonl")
    ok = docs["ok-text"]
    assert ok.source == f"{jsonl}:1"
    assert (ok.published, ok.title, ok.url, ok.format) == (
        date(2021, 5, 7),
        "Masks for Nepal",
        "https://example.org/masks",
        "text",
    )
    assert docs["ok-html"].format == "html"
    # no date of its own: None, so that the page's metadata and then Settings.published decide (runner)
    assert docs["ok-html"].published is None
    assert f"{jsonl}:6" in docs  # no id: "<file>:<line>"


@pytest.mark.parametrize(
    ("line", "doc_id", "error", "fragments"),
    [
        pytest.param(
            2,
            None,
            "JSONDecodeError",
            ["line 2", "not valid JSON: Invalid control character (column 41)"],
            id="malformed_json",
        ),
        pytest.param(3, "no-text", "InputError", ["line 3", "neither a 'text' nor an 'html'"], id="no_text"),
        pytest.param(
            5, "bad-date", "ValueError", ["line 5", "'7 May 2021'", "YYYY-MM-DD"], id="bad_published"
        ),
        pytest.param(8, "empty", "InputError", ["line 8", "empty"], id="empty_document"),
        pytest.param(
            9, None, "InputError", ["line 9", "expected a JSON object, got list"], id="not_an_object"
        ),
    ],
)
def test_bad_jsonl_lines_become_error_records(
    line: int, doc_id: str | None, error: str, fragments: list[str]
) -> None:
    jsonl = str(INPUTS / "articles.jsonl")
    errors = {e.source: e for e in _errors(list(read_inputs([jsonl])))}
    record = errors[f"{jsonl}:{line}"]
    assert record.stage == "read"
    assert record.error == error
    assert record.id == (doc_id or f"{jsonl}:{line}")
    for fragment in fragments:
        assert fragment in record.message
    assert jsonl in record.message


def test_reader_counts_documents_and_errors() -> None:
    reader = read_inputs([str(INPUTS / "articles.jsonl")])
    items = list(reader)
    assert (reader.documents, reader.errors) == (3, 5)
    assert len(items) == 8  # the blank line is skipped silently


def test_missing_path_raises_input_error_before_reading() -> None:
    with pytest.raises(InputError, match=r"input not found: 'no/such/file.txt'"):
        read_inputs([str(INPUTS / "hospital-news.txt"), "no/such/file.txt"])


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café opens\n".encode("latin-1"))
    [record] = list(read_inputs([str(path)]))
    assert isinstance(record, ErrorRecord)
    assert (record.stage, record.error, record.id) == ("read", "UnicodeDecodeError", str(path))
    assert "invalid UTF-8 at byte offset 3" in record.message
    assert "re-save the file as UTF-8" in record.message


def test_invalid_utf8_in_a_jsonl_line_names_line_and_file_offset(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    first = b'{"id": "a", "text": "fine text here."}\n'
    path.write_bytes(first + b'{"id": "b", "text": "caf\xe9"}\n')
    items = list(read_inputs([str(path)]))
    assert isinstance(items[0], Document)
    record = items[1]
    assert isinstance(record, ErrorRecord)
    assert record.source == f"{path}:2"
    assert record.error == "UnicodeDecodeError"
    assert f"line 2: invalid UTF-8 at byte offset {len(first) + 24}" in record.message


def test_binary_file_is_an_error_and_the_batch_continues(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "b.txt").write_text(
        "Doses arrive\n\nThe doses arrived on Friday, officials said.\n", encoding="utf-8"
    )
    items = list(read_inputs([str(tmp_path)]))
    assert isinstance(items[0], ErrorRecord)
    assert items[0].error == "InputError"
    assert "binary file (NUL byte at byte offset 8)" in items[0].message
    assert isinstance(items[1], Document)
    assert items[1].id == "b.txt"


@pytest.mark.parametrize("content", [b"", b"  \n\n \t\n"], ids=["zero_bytes", "whitespace"])
def test_empty_file_is_an_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(content)
    [record] = list(read_inputs([str(path)]))
    assert isinstance(record, ErrorRecord)
    assert (record.error, record.stage) == ("InputError", "read")
    assert "the file is empty" in record.message


def test_unreadable_file_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("text", encoding="utf-8")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)  # chmod 000 does not stop root, so fake the OS answer
    [record] = list(read_inputs([str(path)]))
    assert isinstance(record, ErrorRecord)
    assert (record.error, record.stage, record.id) == ("PermissionError", "read", str(path))
    assert (
        record.message == f"cannot read {str(path)!r}: Permission denied: check the path and its permissions"
    )


def test_jsonl_is_streamed_line_by_line(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    path.write_text('{"id": "1", "text": "First article text."}\n', encoding="utf-8")
    reader = read_inputs([str(path)])
    first = next(reader)
    with path.open("a", encoding="utf-8") as fh:  # written after the first document was handed out
        fh.write('{"id": "2", "text": "Second article text."}\n')
    rest = list(reader)
    assert isinstance(first, Document) and first.id == "1"
    assert [d.id for d in _docs(rest)] == ["2"]


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        pytest.param(b"Title\n\nBody text of the article.", "text", id="text"),
        pytest.param(b"<!DOCTYPE html><html><body><p>Body.</p></body></html>", "html", id="doctype"),
        pytest.param(b"<div><p>One.</p><p>Two.</p><br></div>", "html", id="fragment"),
        pytest.param(b"Use <b> tags sparingly, said the editor.", "text", id="text_with_a_tag"),
    ],
)
def test_stdin_is_text_unless_it_looks_like_html(data: bytes, fmt: str) -> None:
    [doc] = list(InputReader(["-"], stdin=io.BytesIO(data)))
    assert isinstance(doc, Document)
    assert (doc.id, doc.source, doc.format, doc.published) == ("stdin", "-", fmt, None)


def test_empty_stdin_is_an_error() -> None:
    [record] = list(InputReader(["-"], stdin=io.BytesIO(b"\n")))
    assert isinstance(record, ErrorRecord)
    assert (record.source, record.error) == ("-", "InputError")


def test_looks_like_html_on_a_page_with_leading_comment() -> None:
    assert looks_like_html("<!-- saved page -->\n<html><body>x</body></html>")
    assert not looks_like_html("Home | News\nA > B\nTitle")


# --- nothing lost, whatever the input or the paths (issue #13 §3) ------------------------------------------


def test_lone_surrogates_in_jsonl_strings_become_u_fffd_and_in_an_id_an_error(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(
        '{"id": "a", "title": "T\\ud800", "url": "https://x.org/\\udfff", "text": "Body \\ud800 text."}\n'
        '{"id": "b", "html": "<p>Body \\udc00 html.</p>"}\n'
        '{"id": "c\\ud800", "text": "Fine text."}\n'
        '{"id": "d", "text": "A pair \\ud83d\\ude00 is one character."}\n',
        encoding="ascii",
    )
    a, b, c, d = list(read_inputs([str(path)]))
    assert isinstance(a, Document) and isinstance(b, Document) and isinstance(d, Document)
    assert (a.title, a.url, a.content) == ("T\ufffd", "https://x.org/\ufffd", "Body \ufffd text.")
    assert b.content == "<p>Body \ufffd html.</p>"
    assert d.content == "A pair \U0001f600 is one character."
    assert c == ErrorRecord(
        id="c\\ud800",
        source=f"{path}:3",
        stage="read",
        error="InputError",
        message=f"{path} line 3: the 'id' holds a lone surrogate \\ud800 (half of a UTF-16 pair), "
        "which cannot be written as UTF-8: fix the id in the file",
    )


def test_a_file_name_that_is_not_utf8_is_spelled_with_escapes(tmp_path: Path) -> None:
    try:
        with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "w", encoding="utf-8") as fh:
            fh.write("A title\n\nSome text.\n")
    except OSError:
        pytest.skip("this file system does not take file names that are not UTF-8")
    [doc] = list(read_inputs([str(tmp_path)]))
    assert isinstance(doc, Document)
    assert (doc.id, doc.source) == ("caf\\udce9.txt", f"{tmp_path}/caf\\udce9.txt")


def test_walk_order_is_the_sorted_relative_paths_and_linked_directories_are_followed(tmp_path: Path) -> None:
    root, elsewhere = tmp_path / "root", tmp_path / "elsewhere"
    for rel in ("a-b.txt", "a.txt", "a/b.txt", "b/c.txt"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("A title\n\nSome text.\n", encoding="utf-8")
    elsewhere.mkdir()
    (elsewhere / "d.html").write_text("<p>Some text.</p>", encoding="utf-8")
    (root / "linked").symlink_to(elsewhere)
    items = list(read_inputs([str(root)]))
    # the same order as sorting every relative path: "a-b.txt" < "a.txt" < "a/b.txt"
    assert [d.id for d in _docs(items)] == ["a-b.txt", "a.txt", "a/b.txt", "b/c.txt", "linked/d.html"]
    assert not _errors(items)


def test_exclude_skips_the_runs_own_files_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("A title\n\nSome text.\n", encoding="utf-8")
    (tmp_path / "notes.jsonl").write_text('{"id": "n1", "text": "Some text."}\n', encoding="utf-8")
    (tmp_path / "out.jsonl").write_text(
        '{"id": "old", "text": "An article written before."}\n', encoding="utf-8"
    )
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "part-00000.jsonl").write_text('{"id": "p", "text": "A part."}\n', encoding="utf-8")
    (tmp_path / "alias").symlink_to(tmp_path)
    exclude = [tmp_path / "alias" / "out.jsonl", tmp_path / "parts"]  # any spelling: compared by inode
    items = list(read_inputs([str(tmp_path)], exclude=exclude))
    assert [d.id for d in _docs(items)] == ["doc.txt", "n1"]


def test_a_fifo_is_an_error_and_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    [record] = list(read_inputs([str(fifo)]))  # opening it for reading would block: no writer
    assert isinstance(record, ErrorRecord)
    assert (record.id, record.error) == (str(fifo), "InputError")
    assert record.message.startswith(f"{str(fifo)!r} is a named pipe (FIFO), not a regular file: not read")


def test_a_dangling_link_given_directly_is_an_error_not_a_missing_input(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to("nowhere.txt")
    [record] = list(read_inputs([str(link)]))
    assert isinstance(record, ErrorRecord)
    assert (
        record.message
        == f"{str(link)!r} is a symbolic link to 'nowhere.txt', which does not exist: fix or remove the link"
    )
