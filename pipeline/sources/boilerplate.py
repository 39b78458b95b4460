"""justext's verdict on the lines of crawler text: which read like article prose ("good") and which are
boilerplate. Reads the lines clean has split; writes one bool per line. justext is imported on first use: it
loads lxml and its stop lists.
"""

from __future__ import annotations

import html as html_lib
from functools import cache
from types import SimpleNamespace
from typing import Any


@cache
def english_stoplist() -> frozenset[str]:
    """justext's English stop list, read once (`get_stoplist` reads and splits its file on every call)."""
    import justext

    return frozenset(justext.get_stoplist("English"))


def justext_verdicts(lines: list[str]) -> list[bool]:
    """justext's verdict per line (each line wrapped in its own <p>, so lines are kept whole)."""
    import justext
    from lxml import html as lxml_html

    page = "<html><body>" + "".join(f"<p>{html_lib.escape(line)}</p>" for line in lines) + "</body></html>"
    try:
        root = lxml_html.fromstring(page, parser=lxml_html.HTMLParser())  # as justext parses it
        read = [(e.tag, e.text, e.tail, len(e), len(e.attrib)) for e in root.iter()]
    except ValueError:
        read = []
    # each line that justext keeps whole (not blank, no line break), read back by lxml as a bare <p>
    bare = [("p", s, None, 0, 0) for s in lines if s.strip() and "\n" not in s and "\r" not in s]
    if read == [("html", None, None, 1, 0), ("body", None, None, len(lines), 0), *bare]:
        # justext's own steps on the paragraphs it would make, less its second parse and the text its
        # Paragraph rebuilds on every read (about ten reads a line)
        paragraphs = [_line_paragraph()(" ".join(line.split())) for line in lines]
        justext.core.classify_paragraphs(paragraphs, english_stoplist())
        justext.core.revise_paragraph_classification(paragraphs)
    else:
        paragraphs = justext.justext(page, english_stoplist())
    if len(paragraphs) != len(lines):  # justext merged or dropped something: no verdict
        return [False] * len(lines)
    return [p.class_type == "good" for p in paragraphs]


@cache
def _line_paragraph() -> Any:
    """justext's `Paragraph` of a bare <p> in <body>, its text set once (the property rebuilds it per read)."""
    from justext.paragraph import Paragraph

    class LineParagraph(Paragraph):
        text = ""  # a plain attribute in place of the property

        def __init__(self, text: str) -> None:
            super().__init__(SimpleNamespace(dom="html.body.p", xpath=""))
            self.text = text

    return LineParagraph
