"""sources: read input paths into `Document`s (or `ErrorRecord`s for inputs that cannot be read).

Reads: `.txt` files (crawler text), `.html`/`.htm` files, `.jsonl` files (one document per line, streamed:
`id`, `text` or `html`, optional `published` YYYY-MM-DD, `url`, `title`; gold-style lines with `input` and
`format` are accepted too), directories (recursively, sorted, only those extensions) and `-` (standard input,
text unless it looks like HTML).
Writes: `pipeline.context.Document` per document, or `models.ErrorRecord` (stage "read") for a file or line
that cannot be read; the rest of the batch continues. Never opened: anything that is not a regular file (a
FIFO could block forever); a dangling symbolic link, a link loop, a directory that cannot be listed and, in a
directory walk, such an entry with a known extension, are error lines too. Symbolic links to directories are
followed, except back into a directory being walked. `exclude` (the run's own output files or directory) is
skipped when walking directories.

Strings that cannot be written as UTF-8: a JSONL `text`, `html`, `title` or `url` holding a lone surrogate (a
valid JSON escape such as "\\ud800") has it replaced by U+FFFD; such an `id` makes the line an error line; a
path that is not UTF-8 is spelled with `\\udcXX` escapes in ids, sources and messages (`escape`).

Ids: the JSONL `id` (else "<file>:<line>"), else the file path relative to the directory given on the
command line (a file given directly keeps its path as given). `Document.published` is only the date the
input itself gives (a JSONL `published` field); the run's fallback date is `Settings.published`, applied by
the runner after the page's own metadata (`runner.publication_date`).

A path that does not exist (not even as a symbolic link) raises `InputError` when `read_inputs` is called,
before anything is read.
`read_inputs` returns an `InputReader`: iterate it, then read `.documents` and `.errors` for the counts.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, Literal

import jsonlines

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
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_FILES = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)

Identity = tuple[int, int]


def escape(text: str) -> str:
    """`text` with each lone surrogate spelled as `\\udXXX`, so that it can be written as UTF-8."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if _SURROGATE.search(text) else text


def looks_like_html(text: str) -> bool:
    """True when a text (e.g. from stdin) is an HTML page rather than crawler text."""
    head = text[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 3


class InputReader(Iterator[Document | ErrorRecord]):
    """Iterates the documents of every input path in order; counts what it yielded.

    `documents` counts the `Document`s yielded so far, `errors` the `ErrorRecord`s.
    """

    def __init__(
        self, paths: Sequence[str], *, stdin: BinaryIO | None = None, exclude: Sequence[Path] = ()
    ) -> None:
        for p in paths:
            if p != STDIN and not os.path.lexists(p):
                raise InputError(f"input not found: {p!r}: give an existing file, directory or '-' for stdin")
        self.paths = tuple(paths)
        self.documents = 0
        self.errors = 0
        self._stdin = stdin
        self._exclude = identities(exclude)
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
            for found in input_files(p, self._exclude):
                if isinstance(found, ErrorRecord):
                    yield found
                else:
                    yield from self._read_file(*found)

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
        source = escape(str(path))
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
        """Each line of a JSONL file as a Document or an error line; jsonlines decodes, parses and numbers
        the lines, `TrackedLines` keeps each line's bytes and file offset for the messages."""
        name = escape(str(path))
        try:
            fh = path.open("rb")
        except OSError as e:
            yield _error(rel, name, e, _unreadable(name, e))
            return
        lines = TrackedLines(fh)
        with fh, jsonlines.Reader(lines) as reader:
            while True:
                try:
                    obj = reader.read(allow_none=True, skip_empty=True)
                except EOFError:
                    break
                except jsonlines.InvalidLineError as e:
                    yield _bad_line(e, lines, name, f"{rel}:{e.lineno}")
                    continue
                yield self._jsonl_document(
                    obj,
                    where=f"{name} line {lines.number}",
                    source=f"{name}:{lines.number}",
                    fallback_id=f"{rel}:{lines.number}",
                )
        if not lines.any_text:
            yield _error(rel, name, "InputError", f"{name}: the file is empty: nothing to extract")

    def _jsonl_document(
        self, obj: Any, *, where: str, source: str, fallback_id: str
    ) -> Document | ErrorRecord:
        """One parsed JSONL line (`where` is "FILE line N") as a Document, or the ErrorRecord saying what is
        wrong."""
        if not isinstance(obj, dict):
            return _error(
                fallback_id,
                source,
                "InputError",
                f"{where}: expected a JSON object, got {type(obj).__name__}: write one object per line",
            )
        raw_id = obj.get("id")
        doc_id = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id).strip() else fallback_id
        surrogate = _SURROGATE.search(doc_id)
        if surrogate:
            return _error(
                escape(doc_id),
                source,
                "InputError",
                f"{where}: the 'id' holds a lone surrogate {escape(surrogate.group())} (half of a UTF-16 "
                "pair), which cannot be written as UTF-8: fix the id in the file",
            )
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
        title, url = _text_field(obj, "title"), _text_field(obj, "url")
        return Document(
            id=doc_id,
            source=source,
            content=_SURROGATE.sub("\ufffd", content),
            format=fmt,
            published=published,
            title=title,
            url=url,
        )


def read_inputs(paths: Sequence[str], *, exclude: Sequence[Path] = ()) -> InputReader:
    """Documents (and read errors) from files, directories, JSONL files and '-', in order.

    Raises `InputError` at once if a path does not exist. The returned reader counts as it goes:
    `reader.documents` and `reader.errors`. A fallback publication date is not the reader's business:
    pass it as `Settings(published=...)`, so the page's own date still wins over it. `exclude`: files or
    directories (the run's own output) that a directory walk skips.
    """
    return InputReader(paths, exclude=exclude)


def identities(paths: Sequence[Path]) -> frozenset[Identity]:
    """(device, inode) of each path that exists: what a walk compares entries with, whatever their spelling."""
    found = set()
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        found.add((info.st_dev, info.st_ino))
    return frozenset(found)


def input_files(
    path_text: str, exclude: frozenset[Identity] = frozenset()
) -> Iterator[tuple[Path, str] | ErrorRecord]:
    """(file, id) for each regular file one input path stands for, in order; an ErrorRecord for each path
    that is not one (a FIFO, a dangling link, a directory that cannot be listed...). Opens no file.

    A file given directly keeps the path as given as its id; files in a directory walk get their path
    relative to it.
    """
    path = Path(path_text)
    doc_id = escape(path_text)
    info = _stat_input(path, doc_id)
    if isinstance(info, ErrorRecord):
        yield info
    elif stat.S_ISDIR(info.st_mode):
        yield from _walk(path, path, doc_id, exclude, frozenset())
    else:
        yield path, doc_id


def _walk(
    root: Path, directory: Path, doc_id: str, exclude: frozenset[Identity], ancestors: frozenset[Identity]
) -> Iterator[tuple[Path, str] | ErrorRecord]:
    """Files under `directory` with a known extension, recursively, in sorted order of their path relative to
    `root` (a directory sorts as its name plus "/", which gives that order while streaming)."""
    source = escape(str(directory))
    try:
        info = os.stat(directory)
        with os.scandir(directory) as listing:
            entries = sorted(
                ((entry.name + "/" if _is_dir(entry) else entry.name, entry) for entry in listing),
                key=lambda pair: pair[0],
            )
    except OSError as e:
        message = (
            f"cannot list the directory {source!r}: {e.strerror or e}: "
            "check its permissions (nothing in it was read)"
        )
        yield _error(doc_id, source, e, message)
        return
    ancestors = ancestors | {(info.st_dev, info.st_ino)}
    for key, entry in entries:
        path = Path(entry.path)
        rel = escape(path.relative_to(root).as_posix())
        if not key.endswith("/") and path.suffix.lower() not in SUFFIXES:
            continue
        found = _stat_input(path, rel)
        if isinstance(found, ErrorRecord):
            yield found
        elif (found.st_dev, found.st_ino) in exclude:
            continue
        elif not stat.S_ISDIR(found.st_mode):
            yield path, rel
        elif (found.st_dev, found.st_ino) in ancestors:
            where = escape(str(path))
            message = (
                f"{where!r} leads back to a directory it is in (a symbolic link loop): "
                "not followed (the walk would never end); remove the link"
            )
            yield _error(rel, where, "InputError", message)
        else:
            yield from _walk(root, path, rel, exclude, ancestors)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _stat_input(path: Path, doc_id: str) -> os.stat_result | ErrorRecord:
    """The path's status (following links) if it is a directory or a regular file, else its error line."""
    source = escape(str(path))
    try:
        info = os.stat(path)
    except OSError as e:
        return _error(doc_id, source, e, _unresolvable(path, source, e))
    if stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode):
        return info
    kind = next((name for test, name in _NOT_FILES if test(info.st_mode)), "a special file")
    message = (
        f"{source!r} is {kind}, not a regular file: not read (reading it could block forever); "
        "save its content to a file, or pipe it to standard input ('-')"
    )
    return _error(doc_id, source, "InputError", message)


def _unresolvable(path: Path, source: str, e: OSError) -> str:
    """What to say about a path whose status cannot be read: a link loop, a dangling link, or an OS error."""
    if not path.is_symlink():
        return _unreadable(source, e)
    if e.errno == errno.ELOOP:
        return f"{source!r} is a symbolic link that loops ({e.strerror}): fix or remove the link"
    if e.errno == errno.ENOENT:
        try:
            target = escape(os.readlink(path))
        except OSError:
            target = "?"
        return f"{source!r} is a symbolic link to {target!r}, which does not exist: fix or remove the link"
    return _unreadable(source, e)


def _text_field(obj: dict[str, Any], name: str) -> str | None:
    """A JSONL string field, its lone surrogates (valid JSON escapes, not text) replaced by U+FFFD."""
    value = obj.get(name)
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else None


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


class TrackedLines:
    """The lines of a binary file for `jsonlines.Reader`, remembering the last one's number, bytes and file
    offset (jsonlines reports a bad line's number; the messages also name the byte where it went wrong)."""

    def __init__(self, fh: BinaryIO) -> None:
        self._fh = fh
        self.number = 0
        self.offset = 0
        self.raw = b""
        self.any_text = False

    def __iter__(self) -> Iterator[bytes]:
        offset = 0
        for self.number, raw in enumerate(self._fh, start=1):  # noqa: B020 (the attributes are the record)
            self.offset, self.raw, offset = offset, raw, offset + len(raw)
            self.any_text = self.any_text or bool(raw.strip())
            yield raw


def _bad_line(e: jsonlines.InvalidLineError, lines: TrackedLines, name: str, fallback_id: str) -> ErrorRecord:
    """The error line for a JSONL line jsonlines could not read: binary, not UTF-8 or not JSON."""
    where, source = f"{name} line {e.lineno}", f"{name}:{e.lineno}"
    nul = lines.raw.find(b"\x00")
    if nul >= 0:
        message = (
            f"{where}: looks binary (NUL byte at byte offset {lines.offset + nul}): "
            "pass one JSON object per line, UTF-8"
        )
        return _error(fallback_id, source, "InputError", message)
    cause = e.__cause__
    if isinstance(cause, UnicodeDecodeError):
        return _error(fallback_id, source, cause, _utf8_message(where, cause, lines.offset + cause.start))
    if isinstance(cause, json.JSONDecodeError):
        return _error(
            fallback_id,
            source,
            cause,
            f"{where}: not valid JSON: {cause.msg.removesuffix(' at')} (column {cause.colno}): "
            "fix the line or remove it",
        )
    return _error(fallback_id, source, e, f"{where}: {e}: fix the line or remove it")


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
    """A read error line; every string escaped, so that it can always be written."""
    name = error if isinstance(error, str) else type(error).__name__
    return ErrorRecord(
        id=None if doc_id is None else escape(doc_id),
        source=escape(source),
        stage="read",
        error=name,
        message=escape(message),
    )
