"""pipeline.outputs.review: the HTML review page (displaCy highlights, values and facts tables), offline.

The browser check opens the page in headless Chromium (Debian's `chromium`, installed here when missing and
we are root; skipped with the reason otherwise) and reads the highlights back from the rendered DOM.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from spacy.language import Language

from models import Article, ErrorRecord, Extractor, Mention, Organisation
from models.article import Country
from pipeline.batch.sinks import dumps
from pipeline.cli import main
from pipeline.outputs.review import article_spans, is_article_jsonl, render_page, write_review
from pipeline.outputs.tables import read_articles
from pipeline.runner import Pipeline
from pipeline.settings import Settings
from pipeline.sources import read_inputs
from tests.conftest import ROOT, SAMPLE

FIXTURES = ROOT / "tests" / "fixtures" / "articles"
RIVERSIDE = FIXTURES / "riverside.jsonl"
EXTRACTOR = Extractor(version="0", model="test")

RIVERSIDE_HIGHLIGHTS = [
    ("COUNTRY", "Japan"),  # in the title, outside the sections
    ("DATE", "April 9, 2020"),
    ("ORG", "Riverside Hospital"),
    ("QUANTITY", "20,000 surgical masks"),
    ("QUANTITY", "600 pieces of surgical gowns"),
    ("ORG", "Shizuoka General Hospital"),
    ("COUNTRY", "Japan"),
    ("PERSON", "Emily Chen"),
    ("ORG", "Riverside Hospital"),
    ("ORG", "WHO"),  # in the heading
    ("PERSON", "Alan Smith"),
    ("ORG", "World Health Organization"),
    ("ORG", "WHO"),
    ("DATE", "every Friday"),
    ("QUANTITY", "More than 150 online consultations"),
    ("DATE", "mid-March"),
]


class Highlights(HTMLParser):
    """Collects (label, text) of each displaCy mark and the labels of span-style starts."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[tuple[str, str]] = []
        self.span_starts: list[str] = []
        self._mark: list[str] | None = None
        self._inner = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "mark" and a.get("data-label"):
            self._mark, self._inner = [a["data-label"] or "", ""], 0
        elif self._mark is not None and tag == "span":
            self._inner += 1
        elif tag == "span" and "nf-span-start" in (a.get("class") or ""):
            self.span_starts.append(a.get("data-label") or "")

    def handle_endtag(self, tag: str) -> None:
        if self._mark is None:
            return
        if tag == "span":
            self._inner -= 1
        elif tag == "mark":
            self.marks.append((self._mark[0], self._mark[1].strip()))
            self._mark = None

    def handle_data(self, data: str) -> None:
        if self._mark is not None and self._inner == 0:
            self._mark[1] += data


def highlights(page: str) -> Highlights:
    parser = Highlights()
    parser.feed(page)
    return parser


def riverside() -> Article:
    return next(read_articles([str(RIVERSIDE)])).article


def assert_offline(page: str) -> None:
    assert not re.search(r"https?://|<script|<link|<iframe|<img|@import|url\(", page, re.I)


def test_fixture_highlights_in_text_order() -> None:
    page = render_page([riverside()])
    assert highlights(page).marks == RIVERSIDE_HIGHLIGHTS
    assert_offline(page)


def test_sections_headings_and_value_links() -> None:
    page = render_page([riverside()])
    assert '<div class="section-marker">section 0: lead</div>' in page
    assert '<div class="section-marker">section 1: Sharing experience with WHO</div>' in page
    assert page.count('<div class="line heading">') == 1
    assert page.count('<div class="line outside">') == 2  # the title and the byline lines
    # each highlight links to its row in the values table
    assert 'href="#a0-D0">2020-04-09</a>' in page
    assert '<tr id="a0-D0"><td class="ref" style="background: #bfe1d9">D0</td><td>April 9, 2020</td>' in page
    assert 'href="#a0-Q0">20000 masks</a>' in page
    assert 'href="#a0-C0">JP</a>' in page
    assert (
        '<tr id="a0-F0"><td class="ref">F0</td><td>donation</td><td>Riverside Hospital (organisation)</td>'
        in page
    )
    assert "<title>newsfacts review: riverside-masks</title>" in page
    assert "<nav>" not in page  # one article: no index


def test_overlapping_spans_use_the_span_style() -> None:
    text = "Zhejiang University sent aid."
    article = Article(
        id="overlap",
        text=text,
        organisations=[
            Organisation(name="Zhejiang University", mentions=[Mention(text=text[:19], start=0, end=19)])
        ],
        countries=[
            Country(name="China", iso2="CN", iso3="CHN", mentions=[Mention(text="Zhejiang", start=0, end=8)])
        ],
        extractor=EXTRACTOR,
    )
    found = highlights(render_page([article]))
    assert found.marks == []
    assert sorted(found.span_starts) == ["COUNTRY", "ORG"]


def test_text_is_escaped_and_pages_index_several_results() -> None:
    text = "<script>alert(1)</script> & WHO"
    article = Article(
        id="esc",
        title="A <b>bold</b> title",
        text=text,
        organisations=[Organisation(name="WHO", mentions=[Mention(text="WHO", start=28, end=31)])],
        extractor=EXTRACTOR,
    )
    error = ErrorRecord(
        id="broken", source="in/broken.html", stage="read", error="InputError", message="empty"
    )
    no_text = riverside().model_copy(update={"text": None})
    page = render_page([article, error, no_text])
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page
    assert '<li><a href="#a0">A &lt;b&gt;bold&lt;/b&gt; title</a>' in page
    assert '<li><a href="#a1">broken</a> failed (read)</li>' in page
    assert '<article id="a1" class="error"><h2>broken: not extracted</h2>' in page
    assert "The text was not written (extract --no-text)" in page
    assert highlights(page).marks == [("ORG", "WHO")]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        pytest.param("out.jsonl", RIVERSIDE.read_text(encoding="utf-8"), True, id="article_jsonl"),
        pytest.param("docs.jsonl", '{"id": "a", "text": "Hello."}\n', False, id="document_jsonl"),
        pytest.param("page.txt", '{"schema_version": "1", "extractor": {}}\n', False, id="not_jsonl"),
        pytest.param("broken.jsonl", "{not json\n", False, id="broken"),
    ],
)
def test_is_article_jsonl(tmp_path: Path, name: str, content: str, expected: bool) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert is_article_jsonl(path) is expected


def test_cli_show_from_article_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sub" / "review.html"
    assert main(["show", str(RIVERSIDE), str(FIXTURES / "embassy.jsonl"), "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}\n"
    page = out.read_text(encoding="utf-8")
    assert page.count("<article ") == 3
    assert "<nav><h2>Index</h2>" in page


# --- the sample, through the pipeline and in a browser ---------------------------------------------------


@pytest.fixture(scope="module")
def sample_article(nlp: Language) -> Article:
    documents = list(read_inputs([str(SAMPLE)]))
    assert len(documents) == 1 and not isinstance(documents[0], ErrorRecord)
    return Pipeline(Settings(), model=nlp).run(documents[0])


@pytest.fixture(scope="module")
def sample_page(sample_article: Article, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The review page of the sample, rendered from the Article JSONL `extract` would write."""
    folder = tmp_path_factory.mktemp("review")
    jsonl = folder / "articles.jsonl"
    jsonl.write_text(dumps(sample_article) + "\n", encoding="utf-8")
    return write_review([str(jsonl)], folder / "review.html", settings=Settings())


def expected_labels(article: Article) -> Counter[str]:
    return Counter(s.label for s in article_spans(article))


def test_sample_page_highlights_every_record(sample_article: Article, sample_page: Path) -> None:
    page = sample_page.read_text(encoding="utf-8")
    found = highlights(page)
    assert sum(expected_labels(sample_article).values()) > 0, "the pipeline found nothing on the sample"
    assert Counter(label for label, _ in found.marks) + Counter(found.span_starts) == expected_labels(
        sample_article
    )
    text = sample_article.text or ""
    marked = Counter(found.marks)
    spans = Counter((s.label, text[s.start : s.end]) for s in article_spans(sample_article))
    assert marked - spans == Counter()  # every mark is a record's text
    for section in sample_article.sections:
        if section.heading:
            assert f"section {section.index}: " in page
    assert_offline(page)


@pytest.mark.slow
def test_show_runs_the_pipeline_on_article_inputs(sample_page: Path, tmp_path: Path) -> None:
    out = write_review([str(SAMPLE)], tmp_path / "review.html", settings=Settings())
    assert highlights(out.read_text(encoding="utf-8")).marks == highlights(sample_page.read_text()).marks


@pytest.fixture(scope="module")
def chromium() -> str:
    """Debian's Chromium; installed with apt-get when missing and we are root, else the test is skipped."""
    path = shutil.which("chromium")
    if path:
        return path
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("chromium is not installed and we are not root to `apt-get install -y chromium`")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        try:
            done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1200, check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            pytest.skip(f"cannot install chromium: {' '.join(command)}: {e}")
        if done.returncode != 0:
            pytest.skip(
                f"cannot install chromium: {' '.join(command)} exited {done.returncode}: {done.stderr[-300:]}"
            )
    path = shutil.which("chromium")
    if not path:
        pytest.skip("apt-get installed chromium but it is not on PATH")
    return path


def dump_dom(chromium: str, page: Path, profile: Path) -> str:
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        f"--user-data-dir={profile}",
        "--dump-dom",
        page.resolve().as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.slow
def test_chromium_renders_the_highlights(
    chromium: str, sample_article: Article, sample_page: Path, tmp_path: Path
) -> None:
    fixture_page = write_review([str(RIVERSIDE)], tmp_path / "fixture.html", settings=Settings())
    dom = dump_dom(chromium, fixture_page, tmp_path / "profile")
    assert highlights(dom).marks == RIVERSIDE_HIGHLIGHTS

    dom = dump_dom(chromium, sample_page, tmp_path / "profile")
    found = highlights(dom)
    assert Counter(label for label, _ in found.marks) + Counter(found.span_starts) == expected_labels(
        sample_article
    )
    assert found.marks == highlights(sample_page.read_text(encoding="utf-8")).marks
