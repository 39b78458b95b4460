"""Score a mention-level suite: the MEANTIME format of `../shared/dev/meantime/README.md`.

Reads: suite JSONL, one article a line, `{suite, id, text, dct, expect: {entities | quantities | dates}}`.
Runs newsfacts (or, with `bare=True`, the spaCy model it wraps, for comparison) on each `text` and maps
every predicted mention back to offsets in that text (clean may drop or move lines). Matching follows the
suite's README: a prediction matches a gold item when their spans overlap, one to one, greedily by overlap;
an unmatched gold item marked `nested` is not a miss. Writes: a `SuiteReport` with, per label, precision,
recall and F1 where a match needs the right label, plus the same over all labels ignoring them
("detection"); for dates, a match also counts as value-right when the TIMEX3 values agree.

Conventions (the suite's README): `LOC` counts only where it names a country, and then against newsfacts'
countries; the date line (the text's second line) is left out of both sides for dates.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Literal

from spacy.language import Language

from models import Article
from pipeline.context import Document
from pipeline.errors import GoldError
from pipeline.runner import Pipeline, StageError
from pipeline.stages.countries import country_name_code
from pipeline.tools.evaluate import Counts, json_lines, same_timex

Kind = Literal["entities", "quantities", "dates"]
KINDS: tuple[Kind, ...] = ("entities", "quantities", "dates")

# spaCy's OntoNotes labels, read as the suite's: a bare-model baseline measured the way newsfacts is
BARE_LABELS: dict[Kind, dict[str, str]] = {
    "entities": {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC"},
    "quantities": {"MONEY": "MONEY", "PERCENT": "PERCENT", "QUANTITY": "QUANTITY", "CARDINAL": "QUANTITY"},
    "dates": {"DATE": "DATE", "TIME": "TIME"},
}


@dataclass(frozen=True)
class Mention:
    """A span of the suite text with its label and (dates) its value."""

    start: int
    end: int
    label: str
    value: str | None = None
    nested: bool = False


@dataclass
class SuiteReport:
    """Counts per label (label-correct), over all labels (`detection`), and value-right counts for dates."""

    suite_file: str
    kind: Kind
    bare: bool
    articles: int = 0
    by_label: dict[str, Counts] = field(default_factory=dict)
    detection: Counts = field(default_factory=Counts)
    errors: list[str] = field(default_factory=list)

    def combined(self, labels: Iterable[str]) -> Counts:
        """The label-correct counts summed over `labels` (e.g. PER and ORG)."""
        total = Counts()
        for label in labels:
            total.add(self.by_label.get(label, Counts()))
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "suite_file": self.suite_file,
            "kind": self.kind,
            "system": "bare model" if self.bare else "newsfacts",
            "articles": self.articles,
            "by_label": {label: c.as_dict() for label, c in sorted(self.by_label.items())},
            "detection": self.detection.as_dict(),
            "errors": self.errors,
        }

    def format_table(self) -> str:
        system = "the bare spaCy model" if self.bare else "newsfacts"
        lines = [
            f"{self.suite_file}: {self.kind}, {system}, {self.articles} articles, {len(self.errors)} failed",
            f"{'label':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"
            + ("  value P/R/F1" if self.kind == "dates" and not self.bare else ""),
        ]

        def row(name: str, c: Counts) -> str:
            values = ""
            if self.kind == "dates" and not self.bare:  # the bare model gives no values
                p = c.strict_tp / (c.tp + c.fp) if c.tp + c.fp else 0.0
                r = c.strict_tp / (c.tp + c.fn) if c.tp + c.fn else 0.0
                values = f"  {p:.3f}/{r:.3f}/{c.strict_f1:.3f}"
            return f"{name:<14}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{c.tp:>6}{c.fp:>6}{c.fn:>6}{values}"

        lines += [row(label, c) for label, c in sorted(self.by_label.items())]
        if self.kind == "entities":
            lines.append(row("PER+ORG", self.combined(("PER", "ORG"))))
        lines.append(row("detection", self.detection))
        lines += [f"failed: {err}" for err in self.errors]
        return "\n".join(lines)


def is_suite(path: Path) -> bool:
    """True when the file's first line is a suite line (`suite` and `expect`), not project gold."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                first = json.loads(line)
                return isinstance(first, dict) and "suite" in first and "expect" in first
    return False


def read_suite(path: Path) -> Iterator[dict[str, Any]]:
    """The suite's lines; raises GoldError naming the line for one that does not follow the format."""
    for lineno, row in json_lines(path):
        if not isinstance(row.get("text"), str) or not isinstance(row.get("expect"), dict):
            raise GoldError(f"{path}:{lineno}: a suite line needs 'text' and 'expect'; see its README")
        yield row


def evaluate_suite(
    path: Path,
    *,
    pipeline: Pipeline | None = None,
    bare: bool = False,
    limit: int | None = None,
) -> SuiteReport:
    """Score newsfacts (or the bare model with `bare=True`) on a suite file; see the module docstring."""
    pipeline = pipeline or Pipeline()
    rows = list(read_suite(path))[:limit]
    kinds = {kind for row in rows for kind in row["expect"] if kind in KINDS}
    if len(kinds) != 1:
        raise GoldError(f"{path}: expected one kind of item ({', '.join(KINDS)}), found {sorted(kinds)}")
    kind: Kind = kinds.pop()
    report = SuiteReport(suite_file=str(path), kind=kind, bare=bare)
    for row in rows:
        text = row["text"]
        gold = _gold_mentions(row["expect"][kind], kind)
        try:
            predicted = (
                _bare_mentions(pipeline.nlp, text, kind) if bare else _newsfacts_mentions(pipeline, row, kind)
            )
        except StageError as e:
            report.errors.append(f"{row.get('id')}: {e}")
            predicted = []
        if kind == "dates":
            skip = _date_line(text)
            gold = [m for m in gold if not _overlaps(m, skip)]
            predicted = [m for m in predicted if not _overlaps(m, skip)]
        _score(report, predicted, gold, values=kind == "dates")
        report.articles += 1
    return report


def _gold_mentions(items: Sequence[dict[str, Any]], kind: Kind) -> list[Mention]:
    mentions = []
    for item in items:
        label = str(item.get("label") or item.get("type") or kind)
        if kind == "entities" and label == "LOC" and country_name_code(item["text"]) is None:
            continue  # the project lists countries, not every place (the suite's README)
        if kind == "quantities":
            label = "VALUE"  # detection only: the types are not compared
        mentions.append(
            Mention(item["start"], item["end"], label, item.get("value"), bool(item.get("nested")))
        )
    return mentions


def _newsfacts_mentions(pipeline: Pipeline, row: dict[str, Any], kind: Kind) -> list[Mention]:
    text = row["text"]
    document = Document(id=str(row.get("id")), source=None, content=text, format="text", published=_dct(row))
    article = pipeline.run(document)
    found: list[Mention] = []
    if kind == "entities":
        for label, records in (("PER", article.people), ("ORG", article.organisations)):
            found += [Mention(m.start, m.end, label) for r in records for m in r.mentions]
        # a country's mentions include demonyms and cities ("French", "Paris"); LOC compares country names
        found += [
            Mention(m.start, m.end, "LOC")
            for c in article.countries
            for m in c.mentions
            if country_name_code(m.text) is not None
        ]
    elif kind == "quantities":
        found = [Mention(q.start, q.end, "VALUE") for q in article.quantities]
    else:
        found = [Mention(d.start, d.end, d.type, d.value) for d in article.dates]
    return _to_source_offsets(found, article, text)


def _bare_mentions(nlp: Language, text: str, kind: Kind) -> list[Mention]:
    labels = BARE_LABELS[kind]
    found = []
    for ent in nlp(text).ents:
        label = labels.get(ent.label_)
        if label is None or (label == "LOC" and country_name_code(ent.text) is None):
            continue
        found.append(Mention(ent.start_char, ent.end_char, "VALUE" if kind == "quantities" else label))
    return found


def _dct(row: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(row.get("dct") or ""))
    except ValueError:
        return None


def _to_source_offsets(found: list[Mention], article: Article, source: str) -> list[Mention]:
    """Move mentions from offsets in Article.text to offsets in the suite text (clean may drop lines)."""
    text = article.text or ""
    if text == source:
        return found
    where = [-1] * (len(text) + 1)
    for block in SequenceMatcher(None, text, source, autojunk=False).get_matching_blocks():
        for i in range(block.size):
            where[block.a + i] = block.b + i
    moved = []
    for m in found:
        start, last = where[m.start], where[m.end - 1] if m.end > m.start else -1
        if start >= 0 and last >= start:
            moved.append(Mention(start, last + 1, m.label, m.value))
    return moved


def _date_line(text: str) -> tuple[int, int]:
    """The span of the text's second line, the suite's date line."""
    first = text.find("\n")
    if first < 0:
        return (0, 0)
    second = text.find("\n", first + 1)
    return (first + 1, len(text) if second < 0 else second)


def _overlaps(m: Mention, span: tuple[int, int]) -> bool:
    return m.start < span[1] and span[0] < m.end


def _pairs(
    predicted: Sequence[Mention], gold: Sequence[Mention], *, same_label: bool
) -> list[tuple[int, int]]:
    """One-to-one pairs (prediction, gold) by overlap, largest overlap first."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            overlap = min(p.end, g.end) - max(p.start, g.start)
            if overlap > 0 and (not same_label or p.label == g.label):
                candidates.append((-overlap, i, j))
    taken_p: set[int] = set()
    taken_g: set[int] = set()
    pairs = []
    for _, i, j in sorted(candidates):
        if i not in taken_p and j not in taken_g:
            taken_p.add(i)
            taken_g.add(j)
            pairs.append((i, j))
    return pairs


def _counts(
    predicted: Sequence[Mention], gold: Sequence[Mention], pairs: list[tuple[int, int]], *, values: bool
) -> Counts:
    matched_gold = {j for _, j in pairs}
    strict = sum(1 for i, j in pairs if values and same_timex(predicted[i].value, gold[j].value))
    missed = sum(1 for j, g in enumerate(gold) if j not in matched_gold and not g.nested)
    return Counts(tp=len(pairs), fp=len(predicted) - len(pairs), fn=missed, strict_tp=strict)


def _score(report: SuiteReport, predicted: list[Mention], gold: list[Mention], *, values: bool) -> None:
    """Add one article's matches to the report, per label and over all labels."""
    report.detection.add(_counts(predicted, gold, _pairs(predicted, gold, same_label=False), values=values))
    for label in sorted({m.label for m in [*predicted, *gold]}):
        p = [m for m in predicted if m.label == label]
        g = [m for m in gold if m.label == label]
        counts = _counts(p, g, _pairs(p, g, same_label=True), values=values)
        report.by_label.setdefault(label, Counts()).add(counts)
