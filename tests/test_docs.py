"""README.md and docs/*.md against the code: docs that drift mislead, so their examples run here.

- Every relative link points at a file that exists, and a `#fragment` at one of that page's headings.
- Every `newsfacts ...` line of a ```sh block that reads only files in data/ or out/ runs through the real
  CLI and exits 0, in a scratch directory holding a link to data/ and an out/ with the sample's Articles.
- Every ```sql recipe of docs/sql.md runs on the sample's Article JSONL, and prints the rows the page shows
  on the file its section names (the sample, or the dev articles).
- Every ```python block runs in a fresh interpreter; a line `expr  # [shown value]` must give that value
  (`, ...]` at the end: its first items).

The sample is extracted once per session; the whole file takes well under a minute.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
SQL_PAGE = DOCS / "sql.md"
BIN = Path(sys.executable).parent
NEWSFACTS = BIN / "newsfacts"
SAMPLE_ARTICLES = "out/articles.jsonl"  # in the scratch directory: `newsfacts extract data/samples`
SUBCOMMANDS = {"extract", "query", "export", "show", "schema", "eval"}

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
CODE_SPAN = re.compile(r"`[^`\n]*`")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
# Tokens after which a shell line writes, or hands over to another command: what follows is not read.
SHELL_BREAKS = {">", ">>", "|", "&&", ";"}


def name(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def fenced(page: Path) -> list[tuple[str, int, str]]:
    """(language, line number of the first line inside, body) of every fenced block of a page."""
    blocks: list[tuple[str, int, str]] = []
    lang: str | None = None
    start, body = 0, []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if lang is None and line.startswith("```"):
            lang, start, body = line[3:].strip(), number + 1, []
        elif lang is not None and line.strip() == "```":
            blocks.append((lang, start, "\n".join(body) + "\n"))
            lang = None
        elif lang is not None:
            body.append(line)
    assert lang is None, f"{name(page)}: a fenced block is not closed"
    return blocks


def prose(page: Path) -> list[str]:
    """The page's lines outside fenced blocks."""
    lines, inside = [], False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = not inside
        elif not inside:
            lines.append(line)
    return lines


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = heading.replace("`", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {slug(m[1]) for line in prose(page) if (m := HEADING.match(line))}


def links(page: Path) -> list[str]:
    found = []
    for line in prose(page):
        found += LINK.findall(CODE_SPAN.sub("code", line))
    return found


@pytest.mark.parametrize("page", PAGES, ids=name)
def test_every_relative_link_points_at_an_existing_file_and_heading(page: Path) -> None:
    for link in links(page):
        if re.match(r"[a-z]+:", link):
            continue  # a URL
        path, _, fragment = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        assert target.exists(), f"{name(page)}: {link} points at nothing"
        if fragment and target.suffix == ".md":
            assert fragment in anchors(target), f"{name(page)}: {link}: no such heading"


def test_the_readme_links_every_docs_page() -> None:
    linked = {(ROOT / link.partition("#")[0]).resolve() for link in links(README)}
    assert PAGES[1:], "docs/ holds no page"
    for page in PAGES[1:]:
        assert page.resolve() in linked, f"README.md does not link {name(page)}"


def reads_only_data_or_out(line: str) -> bool:
    """True when every path the command reads is under data/ or out/ (what it writes after `>` is not read)."""
    tokens = shlex.split(line, comments=True)
    for token in tokens[2:]:
        if token in SHELL_BREAKS:
            break
        if token == "-":
            return False  # standard input
        if token.startswith("-") or " " in token:
            continue  # an option, or SQL
        looks_like_a_path = "/" in token or re.search(r"\.[A-Za-z]\w*$", token)
        if looks_like_a_path and not token.startswith(("data/", "out/")):
            return False
    return True


def shell_lines() -> list[tuple[str, str]]:
    """(where, line) of every `newsfacts ...` line of a ```sh block that reads only data/ and out/."""
    lines = []
    for page in PAGES:
        for lang, start, body in fenced(page):
            for offset, line in enumerate(body.splitlines()):
                if lang == "sh" and line.startswith("newsfacts ") and reads_only_data_or_out(line):
                    lines.append((f"{name(page)}:{start + offset}", line))
    return lines


SHELL_LINES = shell_lines()


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch directory: `data` links to the project's data/, out/articles.jsonl is the sample's Articles."""
    assert NEWSFACTS.exists(), f"{NEWSFACTS}: the CLI is not installed in this environment"
    root = tmp_path_factory.mktemp("docs")
    (root / "data").symlink_to(ROOT / "data", target_is_directory=True)
    (root / "out").mkdir()
    result = run([str(NEWSFACTS), "extract", "data/samples", "-o", str(root / SAMPLE_ARTICLES)], ROOT)
    assert result.returncode == 0, result.stderr
    return root


def test_the_shell_lines_run_every_subcommand() -> None:
    ran = {line.split()[1] for _, line in SHELL_LINES}
    assert ran >= SUBCOMMANDS, SUBCOMMANDS - ran


@pytest.mark.slow
@pytest.mark.parametrize("line", [pytest.param(line, id=where) for where, line in SHELL_LINES])
def test_shell_line_runs(line: str, workspace: Path) -> None:
    result = run(["bash", "-c", line], workspace)
    assert result.returncode == 0, f"{line}\n{result.stderr}"


def recipes() -> list[object]:
    """Every ```sql block of docs/sql.md, with the output block after it and the file its section queries."""
    blocks = fenced(SQL_PAGE)
    text = SQL_PAGE.read_text(encoding="utf-8").splitlines()
    params = []
    for i, (lang, start, sql) in enumerate(blocks):
        if lang != "sql":
            continue
        shown_lang, _, shown = blocks[i + 1]
        assert shown_lang == "", f"docs/sql.md:{start}: the recipe's output block should follow it"
        section = next(line for line in reversed(text[:start]) if line.startswith("## "))
        section_text = "\n".join(text[text.index(section) : start])
        file = re.findall(r'`newsfacts query (out/\S+\.jsonl) "…"`', section_text)
        assert len(file) == 1, f"docs/sql.md:{start}: its section should name the file it queries, once"
        params.append(pytest.param(sql, shown, file[0], id=f"sql.md:{start}"))
    return params


RECIPES = recipes()


@pytest.fixture(scope="session")
def dev_articles(workspace: Path) -> Path:
    """out/dev.jsonl: the dev articles and the sample, as docs/sql.md extracts them."""
    out = workspace / "out" / "dev.jsonl"
    if not out.exists():
        command = [str(NEWSFACTS), "extract", "data/gold/dev.jsonl", "data/gold/seed.jsonl", "-o", str(out)]
        result = run(command, workspace)
        assert result.returncode == 0, result.stderr
    return out


def test_docs_sql_has_its_recipes() -> None:
    assert len(RECIPES) >= 8


@pytest.mark.slow
@pytest.mark.parametrize(("sql", "shown", "file"), RECIPES)
def test_sql_recipe_runs_on_the_sample_and_prints_the_rows_shown(
    sql: str, shown: str, file: str, workspace: Path, dev_articles: Path
) -> None:
    on_the_sample = run([str(NEWSFACTS), "query", SAMPLE_ARTICLES, sql], workspace)
    assert on_the_sample.returncode == 0, on_the_sample.stderr
    result = (
        on_the_sample if file == SAMPLE_ARTICLES else run([str(NEWSFACTS), "query", file, sql], workspace)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == shown, f"{file}: the rows differ from docs/sql.md's"


SHOWN_VALUE = re.compile(r"(?P<expr>\S.*?)\s+#\s*(?P<shown>\[.*\])\s*")


def with_checks(code: str) -> tuple[str, int]:
    """The code, each top-level `expr  # [shown]` line turned into an assert; and how many there were."""
    lines, checks = [], 0
    for line in code.splitlines():
        match = SHOWN_VALUE.fullmatch(line)
        if match is None or line[0].isspace():
            lines.append(line)
            continue
        shown, expr = match["shown"], match["expr"]
        prefix = shown.endswith(", ...]")
        value = ast.literal_eval(shown.removesuffix(", ...]") + "]" if prefix else shown)
        got = f"({expr})[:{len(value)}]" if prefix else f"({expr})"
        lines.append(f"assert {got} == {value!r}, {got}")
        checks += 1
    return "\n".join(lines) + "\n", checks


PYTHON_BLOCKS = [
    pytest.param(body, id=f"{name(page)}:{start}")
    for page in PAGES
    for lang, start, body in fenced(page)
    if lang == "python"
]


def test_the_readme_has_one_python_example_with_shown_values() -> None:
    blocks = [body for lang, _, body in fenced(README) if lang == "python"]
    assert len(blocks) == 1
    code, checks = with_checks(blocks[0])
    assert checks == 2 and "extract_many(" in code and "published=" in code


@pytest.mark.slow
@pytest.mark.parametrize("code", PYTHON_BLOCKS)
def test_python_example_runs(code: str) -> None:
    result = run([sys.executable, "-c", with_checks(code)[0]], ROOT)
    assert result.returncode == 0, result.stderr
