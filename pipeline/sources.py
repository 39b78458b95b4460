"""sources: read input paths into `Document`s (or `ErrorRecord`s for inputs that cannot be read).

Reads: `.txt` files (crawler text), `.html`/`.htm` files, `.jsonl` files (one document per line, streamed:
`id`, `text` or `html`, optional `published` YYYY-MM-DD, `url`, `title`; gold-style lines with `input` and
`format` are accepted too), directories (recursively, sorted, only those extensions) and `-` (standard input,
text unless it looks like HTML).
Writes: `pipeline.context.Document` per document, or `models.ErrorRecord` (stage "read") for a file or line
that cannot be read; the rest of the batch continues.

Ids: the JSONL `id` (else "<file>:<line>"), else the file path relative to the directory given on the
command line (a file given directly keeps its path as given). `Document.published` is only the date the
input itself gives (a JSONL `published` field); the run's fallback date is `Settings.published`, applied by
the runner after the page's own metadata (`runner.publication_date`).

A path that does not exist raises `InputError` when `read_inputs` is called, before anything is read.
`read_inputs` returns an `InputReader`: iterate it, then read `.documents` and `.errors` for the counts.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Literal

from models import ErrorRecord
from pipeline.context import Document
from pipeline.errors import InputError

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
STDIN = "-"

_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAG = re.compile(r"</(?:p|div|span|a|h[1-6]|li|td|article|section)>|<br\s*/?>", re.I)
_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.+\-Z]*)?")
_SNIFF_BYTES = 8192


def looks_like_html(text: str) -> bool:
    """True when a text (e.g. from stdin) is an HTML page rather than crawler text."""
    head = text[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 3


class InputReader(Iterator[Document | ErrorRecord]):
    """Iterates the documents of every input path in order; counts what it yielded.

    `documents` counts the `Document`s yielded so far, `errors` the `ErrorRecord`s.
    """

    def __init__(self, paths: Sequence[str], *, stdin: BinaryIO | None = None) -> None:
        for p in paths:
            if p != STDIN and not Path(p).exists():
                raise InputError(f"input not found: {p!r}: give an existing file, directory or '-' for stdin")
        self.paths = tuple(paths)
        self.documents = 0
        self.errors = 0
        self._stdin = stdin
        self._items = self._generate()

    def __iter__(self) -> InputReader:
        return self

    def __next__(self) -> Document | ErrorRecord:
        item = next(self._items)
        if isinstance(item, ErrorRecord):
            self.errors += 1
        else:
            self.documents += 1
        return item

    def _generate(self) -> Iterator[Document | ErrorRecord]:
        for p in self.paths:
            if p == STDIN:
                yield from self._read_stdin()
                continue
            path = Path(p)
            if path.is_dir():
                for file in _walk(path):
                    yield from self._read_file(file, file.relative_to(path).as_posix())
            else:
                yield from self._read_file(path, p)

    def _read_stdin(self) -> Iterator[Document | ErrorRecord]:
        stream = self._stdin if self._stdin is not None else sys.stdin.buffer
        try:
            data = stream.read()
        except OSError as e:
            yield _error("stdin", STDIN, e, f"cannot read standard input: {e}")
            return
        content = self._decode(data, doc_id="stdin", source=STDIN)
        if isinstance(content, ErrorRecord):
            yield content
        else:
            fmt: Literal["text", "html"] = "html" if looks_like_html(content) else "text"
            yield Document(id="stdin", source=STDIN, content=content, format=fmt)

    def _read_file(self, path: Path, doc_id: str) -> Iterator[Document | ErrorRecord]:
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from self._read_jsonl(path, doc_id)
            return
        source = str(path)
        try:
            data = path.read_bytes()
        except OSError as e:
            yield _error(doc_id, source, e, _unreadable(source, e))
            return
        content = self._decode(data, doc_id=doc_id, source=source)
        if isinstance(content, ErrorRecord):
            yield content
            return
        fmt: Literal["text", "html"]
        if suffix in HTML_SUFFIXES:
            fmt = "html"
        elif suffix in TEXT_SUFFIXES:
            fmt = "text"
        else:  # a file given directly with another extension: sniff it
            fmt = "html" if looks_like_html(content) else "text"
        yield Document(id=doc_id, source=source, content=content, format=fmt)

    def _decode(self, data: bytes, *, doc_id: str, source: str) -> str | ErrorRecord:
        """The file's text, or an ErrorRecord if it is binary, not UTF-8 or empty."""
        nul = data.find(b"\x00", 0, _SNIFF_BYTES)
        if nul >= 0:
            return _error(
                doc_id,
                source,
                "InputError",
                f"{source}: looks like a binary file (NUL byte at byte offset {nul}): "
                "pass UTF-8 text, HTML or JSONL files",
            )
        try:
            content = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            return _error(doc_id, source, e, _utf8_message(source, e, e.start))
        if not content.strip():
            return _error(doc_id, source, "InputError", f"{source}: the file is empty: nothing to extract")
        return content

    def _read_jsonl(self, path: Path, rel: str) -> Iterator[Document | ErrorRecord]:
        try:
            fh = path.open("rb")
        except OSError as e:
            yield _error(rel, str(path), e, _unreadable(str(path), e))
            return
        any_line = False
        with fh:
            offset = 0
            for number, raw in enumerate(fh, start=1):
                line_offset, offset = offset, offset + len(raw)
                source = f"{path}:{number}"
                fallback_id = f"{rel}:{number}"
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw, line_offset = raw[3:], line_offset + 3
                if not raw.strip():
                    continue
                any_line = True
                nul = raw.find(b"\x00")
                if nul >= 0:
                    message = (
                        f"{path} line {number}: looks binary (NUL byte at byte offset {line_offset + nul}): "
                        "pass one JSON object per line, UTF-8"
                    )
                    yield _error(fallback_id, source, "InputError", message)
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as e:
                    message = _utf8_message(f"{path} line {number}", e, line_offset + e.start)
                    yield _error(fallback_id, source, e, message)
                    continue
                yield self._jsonl_document(
                    line, path=path, number=number, source=source, fallback_id=fallback_id
                )
        if not any_line:
            yield _error(rel, str(path), "InputError", f"{path}: the file is empty: nothing to extract")

    def _jsonl_document(
        self, line: str, *, path: Path, number: int, source: str, fallback_id: str
    ) -> Document | ErrorRecord:
        where = f"{path} line {number}"
        try:
            obj: Any = json.loads(line)
        except json.JSONDecodeError as e:
            return _error(
                fallback_id,
                source,
                e,
                f"{where}: not valid JSON: {e.msg.removesuffix(' at')} (column {e.colno}): fix the line or remove it",
            )
        if not isinstance(obj, dict):
            return _error(
                fallback_id,
                source,
                "InputError",
                f"{where}: expected a JSON object, got {type(obj).__name__}: write one object per line",
            )
        raw_id = obj.get("id")
        doc_id = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id).strip() else fallback_id
        content, fmt = _content_of(obj)
        if content is None:
            return _error(
                doc_id,
                source,
                "InputError",
                f"{where}: the line has neither a 'text' nor an 'html' string: add one of them",
            )
        if not content.strip():
            return _error(doc_id, source, "InputError", f"{where}: the document is empty: nothing to extract")
        published = None
        raw_published = obj.get("published")
        if raw_published not in (None, ""):
            parsed = _parse_published(raw_published)
            if parsed is None:
                return _error(
                    doc_id,
                    source,
                    "ValueError",
                    f"{where}: 'published' {raw_published!r} is not a date YYYY-MM-DD: fix it or drop it",
                )
            published = parsed
        title = obj.get("title") if isinstance(obj.get("title"), str) else None
        url = obj.get("url") if isinstance(obj.get("url"), str) else None
        return Document(
            id=doc_id, source=source, content=content, format=fmt, published=published, title=title, url=url
        )


def read_inputs(paths: Sequence[str]) -> InputReader:
    """Documents (and read errors) from files, directories, JSONL files and '-', in order.

    Raises `InputError` at once if a path does not exist. The returned reader counts as it goes:
    `reader.documents` and `reader.errors`. A fallback publication date is not the reader's business:
    pass it as `Settings(published=...)`, so the page's own date still wins over it.
    """
    return InputReader(paths)


def _walk(root: Path) -> Iterator[Path]:
    """Files under `root` with a known extension, recursively, in sorted path order."""
    for path in sorted(root.rglob("*"), key=lambda p: p.relative_to(root).as_posix()):
        if path.suffix.lower() in SUFFIXES and path.is_file():
            yield path


def _content_of(obj: dict[str, Any]) -> tuple[str | None, Literal["text", "html"]]:
    html, text = obj.get("html"), obj.get("text")
    if isinstance(html, str) and html.strip():
        return html, "html"
    if isinstance(text, str):
        return text, "text"
    if isinstance(html, str):
        return html, "html"
    inp = obj.get("input")  # gold files (gold/README.md) hold the page in `input` with its `format`
    if isinstance(inp, str):
        return inp, "html" if obj.get("format") == "html" else "text"
    return None, "text"


def _parse_published(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    match = _ISO_DATE.fullmatch(value.strip())
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _unreadable(source: str, e: OSError) -> str:
    return f"cannot read {source!r}: {e.strerror or e}: check the path and its permissions"


def _utf8_message(where: str, e: UnicodeDecodeError, offset: int) -> str:
    bad = e.object[e.start : e.start + 1]
    return f"{where}: invalid UTF-8 at byte offset {offset} (byte {bad!r}): re-save the file as UTF-8"


def _error(doc_id: str | None, source: str, error: BaseException | str, message: str) -> ErrorRecord:
    name = error if isinstance(error, str) else type(error).__name__
    return ErrorRecord(id=doc_id, source=source, stage="read", error=name, message=message)
