"""Scoring against gold files (format and matching rules: shared/gold/README.md).

Reads gold JSONL lines `{id, published, format, input, gold, scored?}`, runs the pipeline on each input and
matches predictions to gold one-to-one per article, best pairs first. Writes an `EvalReport`: per field,
detection precision/recall/F1 and a strict F1 that also needs the normalised attributes, micro-averaged
over articles; the mean strict F1 over dates, people, organisations, countries and quantities; facts apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import jsonlines

from models import Article, Fact, PartyRef
from pipeline.context import Document
from pipeline.errors import GoldError
from pipeline.runner import Pipeline
from pipeline.sources import TrackedLines

FIELDS = ("sections", "dates", "people", "organisations", "countries", "quantities")
MEAN_FIELDS = ("dates", "people", "organisations", "countries", "quantities")
ALL_FIELDS = (*FIELDS, "facts")


@dataclass
class Counts:
    """True positives, false positives and false negatives, for detection and for strict matching."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    strict_tp: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.strict_tp += other.strict_tp

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        return _f1(self.tp, self.fp, self.fn)

    @property
    def strict_f1(self) -> float:
        # A detected pair with wrong attributes counts as both a false positive and a false negative.
        wrong = self.tp - self.strict_tp
        return _f1(self.strict_tp, self.fp + wrong, self.fn + wrong)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "strict_tp": self.strict_tp,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "strict_f1": round(self.strict_f1, 4),
        }


def _f1(tp: int, fp: int, fn: int) -> float:
    if tp + fp + fn == 0:
        return 1.0
    return 2 * tp / (2 * tp + fp + fn)


@dataclass
class EvalReport:
    """Totals per field over a gold file, plus per-article counts and the documents that failed."""

    gold_file: str
    articles: int = 0
    totals: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in ALL_FIELDS})
    per_article: dict[str, dict[str, Counts]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    scored_fields: set[str] = field(default_factory=set)
    exact_values: bool = False

    @property
    def mean_strict_f1(self) -> float:
        fields = [f for f in MEAN_FIELDS if f in self.scored_fields] or list(MEAN_FIELDS)
        return sum(self.totals[f].strict_f1 for f in fields) / len(fields)

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold_file": self.gold_file,
            "articles": self.articles,
            "errors": self.errors,
            "fields": {f: self.totals[f].as_dict() for f in ALL_FIELDS if f in self.scored_fields},
            "mean_strict_f1": round(self.mean_strict_f1, 4),
            "date_values": self.date_values,
            "per_article": {
                doc: {f: c.as_dict() for f, c in fields.items()} for doc, fields in self.per_article.items()
            },
        }

    @property
    def date_values(self) -> str:
        """How strict matching compared date values: "exact" strings or their "iso" spelling."""
        return "exact" if self.exact_values else "iso"

    def format_table(self) -> str:
        header = f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'strict':>8}{'tp':>6}{'fp':>6}{'fn':>6}"
        lines = [f"{self.gold_file}: {self.articles} articles, {len(self.errors)} failed", header]

        def row(name: str) -> str:
            c = self.totals[name]
            return (
                f"{name:<14}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{c.strict_f1:>8.3f}"
                f"{c.tp:>6}{c.fp:>6}{c.fn:>6}"
            )

        lines += [row(f) for f in FIELDS if f in self.scored_fields]
        lines.append(
            f"mean strict F1 (dates, people, organisations, countries, quantities): {self.mean_strict_f1:.3f}"
        )
        if "dates" in self.scored_fields or "facts" in self.scored_fields:
            lines.append(
                "date values compared as exact strings"
                if self.exact_values
                else "date values compared in ISO-TimeML spelling (2000-W7 = 2000-W07; --exact-values: as strings)"
            )
        if "facts" in self.scored_fields:
            lines += ["facts, scored apart (not in the mean):", row("facts")]
        lines += [f"failed: {err}" for err in self.errors]
        return "\n".join(lines)


# ----------------------------------------------------------------------------------------------- normalising


def _norm(text: str | None) -> str:
    """Case, quotes, punctuation and a leading 'the' do not matter when names or headings are compared."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[\"'“”‘’`.,:;!?()\[\]{}]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"^the ", "", text)


_TITLE_FORMS = {"doctor": "dr", "professor": "prof", "mister": "mr"}


def _norm_title(title: str | None) -> str:
    t = _norm(title).replace(" ", "")
    return _TITLE_FORMS.get(t, t)


def _tokens(text: str) -> set[str]:
    return {t for t in _norm(text).split() if t not in {"of", "and", "for", "the", "in", "at", "to", "s"}}


# ----------------------------------------------------------------------------------------------- matching


@dataclass
class _Pair:
    pred: int
    gold: int
    strict: bool
    rank: tuple[float, ...]


def _match(
    preds: Sequence[Any],
    golds: Sequence[dict[str, Any]],
    detect: Callable[[Any, dict[str, Any]], float],
    strict: Callable[[Any, dict[str, Any]], bool],
    *,
    free: Callable[[Any], bool] = lambda pred: False,
) -> Counts:
    """One-to-one matching, best pairs first; optional gold items neither count nor penalise.

    `detect` gives a score > 0 when the pair matches for detection (higher is a better pair). A prediction
    for which `free` is true costs nothing when it matches no gold item (gold README: PRESENT_REF).
    """
    pairs: list[_Pair] = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            score = detect(p, g)
            if score > 0:
                ok = strict(p, g)
                pairs.append(_Pair(i, j, ok, (float(ok), score, -abs(i - j))))
    pairs.sort(key=lambda pr: pr.rank, reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    counts = Counts()
    for pr in pairs:
        if pr.pred in used_p or pr.gold in used_g:
            continue
        used_p.add(pr.pred)
        used_g.add(pr.gold)
        if golds[pr.gold].get("optional"):
            continue
        counts.tp += 1
        counts.strict_tp += int(pr.strict)
    counts.fp = sum(1 for i, p in enumerate(preds) if i not in used_p and not free(p))
    counts.fn = sum(1 for j, g in enumerate(golds) if j not in used_g and not g.get("optional"))
    return counts


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Where a gold mention's text occurs in the article text (exact, else ignoring case and spacing)."""
    if not needle:
        return []
    found = [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), text)]
    if not found:
        pattern = r"\s+".join(re.escape(part) for part in needle.split())
        found = [(m.start(), m.end()) for m in re.finditer(pattern, text, flags=re.IGNORECASE)]
    return found


def _overlap_score(text: str) -> Callable[[Any, dict[str, Any]], float]:
    cache: dict[str, list[tuple[int, int]]] = {}

    def score(pred: Any, gold: dict[str, Any]) -> float:
        spans = cache.setdefault(gold["text"], _occurrences(text, gold["text"]))
        best = 0.0
        for start, end in spans:
            inter = min(end, pred.end) - max(start, pred.start)
            if inter > 0:
                union = max(end, pred.end) - min(start, pred.start)
                best = max(best, inter / union)
        return best

    return score


def _score_sections(article: Article, gold: dict[str, Any]) -> Counts:
    preds = [s for s in article.sections if s.heading]
    golds = [{"text": h} for h in gold.get("sections", [])]
    return _match(preds, golds, lambda p, g: float(_norm(p.heading) == _norm(g["text"])), lambda p, g: True)


ValueCompare = Callable[[str | None, str | None], bool]

# Spellings of one TIMEX3 value that annotated corpora mix (AQUAINT writes a bare year "1968" both as "1968"
# and as "1968-XX", a week both as "2000-W07" and as "2000-W7", a decade as "199X" beside TimeBank's "199").
_UNPADDED_WEEK = re.compile(r"W(\d)(?!\d)")
_TIMEX2_DECADE_OR_CENTURY = re.compile(r"(\d{3})X|(\d{2})XX")
_UNSPECIFIED_TAIL = re.compile(r"^(\d{4}(?:-\d{2})?)(?:-XX)+$")


def canonical_timex(value: str | None) -> str | None:
    """The ISO-TimeML spelling of a TIMEX3 value, as gold/README.md writes values.

    "2000-W7" -> "2000-W07" (ISO 8601 weeks have two digits); "199X" -> "199" and "19XX" -> "19" (decade and
    century); "1949-XX" and "1994-XX-XX" -> "1949", "1994", "1998-10-XX" -> "1998-10" (unknown trailing
    parts name no narrower time than the known ones). Anything else is returned unchanged.
    """
    if not value:
        return value
    value = _UNPADDED_WEEK.sub(r"W0\1", value)
    period = _TIMEX2_DECADE_OR_CENTURY.fullmatch(value)
    if period:
        return period.group(1) or period.group(2)
    tail = _UNSPECIFIED_TAIL.match(value)
    return tail.group(1) if tail else value


def same_timex(a: str | None, b: str | None) -> bool:
    """Whether two TIMEX3 values name the same time once spelled the ISO-TimeML way (`canonical_timex`)."""
    return canonical_timex(a or None) == canonical_timex(b or None)


def same_string(a: str | None, b: str | None) -> bool:
    """Values compared as strings, spelling and all (`newsfacts eval --exact-values`)."""
    return (a or None) == (b or None)


def _score_dates(article: Article, gold: dict[str, Any], same: ValueCompare = same_timex) -> Counts:
    def strict(p: Any, g: dict[str, Any]) -> bool:
        return same(p.value, g.get("value")) and same(p.end_value, g.get("end_value"))

    # PRESENT_REF ("currently", "at present", "now") is neither required nor penalised (gold README).
    golds = [{**g, "optional": True} if g.get("value") == "PRESENT_REF" else g for g in gold.get("dates", [])]
    return _match(
        article.dates,
        golds,
        _overlap_score(article.text or ""),
        strict,
        free=lambda p: p.value == "PRESENT_REF",
    )


def _score_quantities(article: Article, gold: dict[str, Any]) -> Counts:
    overlap = _overlap_score(article.text or "")

    def detect(p: Any, g: dict[str, Any]) -> float:
        if not _same_number(p.value, g.get("value")):
            return 0.0
        return overlap(p, g)

    def strict(p: Any, g: dict[str, Any]) -> bool:
        return bool(p.qualifier == g.get("qualifier") and p.category == g.get("category"))

    return _match(article.quantities, list(gold.get("quantities", [])), detect, strict)


def _same_number(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))


def _person_names(p: Any) -> list[str]:
    return [p.name, *p.aliases]


def _score_people(article: Article, gold: dict[str, Any]) -> Counts:
    # The byline author is scored as `byline`, never as a person (gold README).
    preds = [p for p in article.people if (p.role or "") != "author"]
    golds = [g for g in gold.get("people", []) if (g.get("role") or "") != "author"]

    def detect(p: Any, g: dict[str, Any]) -> float:
        gnames = [g["name"], *g.get("aliases", [])]
        for pn in _person_names(p):
            for gn in gnames:
                if _norm(pn) == _norm(gn):
                    return 2.0
                if sorted(_norm(pn).split()) == sorted(_norm(gn).split()):
                    return 1.0
        return 0.0

    def strict(p: Any, g: dict[str, Any]) -> bool:
        return (
            _norm_title(p.title) == _norm_title(g.get("title"))
            and _norm(p.role) == _norm(g.get("role"))
            and _norm(p.organisation) == _norm(g.get("organisation"))
        )

    return _match(preds, golds, detect, strict)


def _org_names(o: Any) -> list[str]:
    return [n for n in (o.name, o.acronym, *o.aliases) if n]


def _score_organisations(article: Article, gold: dict[str, Any]) -> Counts:
    def detect(p: Any, g: dict[str, Any]) -> float:
        gnames = [n for n in (g["name"], g.get("acronym"), *g.get("aliases", [])) if n]
        pnames = _org_names(p)
        if any(_norm(a) == _norm(b) for a in pnames for b in gnames):
            return 2.0
        pt, gt = _tokens(p.name), _tokens(g["name"])
        if pt and gt and len(pt & gt) / max(len(pt), len(gt)) >= 2 / 3:
            return 1.0
        return 0.0

    def strict(p: Any, g: dict[str, Any]) -> bool:
        want = g.get("acronym")
        return not want or _norm(p.acronym) == _norm(want)

    return _match(article.organisations, list(gold.get("organisations", [])), detect, strict)


def _score_countries(article: Article, gold: dict[str, Any]) -> Counts:
    predicted = {c.iso2 for c in article.countries}
    wanted = set(gold.get("countries", []))
    tp = len(predicted & wanted)
    return Counts(tp=tp, fp=len(predicted - wanted), fn=len(wanted - predicted), strict_tp=tp)


# ----------------------------------------------------------------------------------------------- facts


def _country_code(name: str) -> str | None:
    """ISO alpha-2 of a gold party name that is a country, if pycountry knows it."""
    import pycountry

    try:
        return str(pycountry.countries.lookup(name).alpha_2)
    except LookupError:
        return None


def _party_names(article: Article, ref: PartyRef | None) -> set[str]:
    if ref is None:
        return set()
    names = {_norm(ref.name)}
    if ref.kind == "organisation" and ref.index < len(article.organisations):
        names |= {_norm(n) for n in _org_names(article.organisations[ref.index])}
    elif ref.kind == "person" and ref.index < len(article.people):
        names |= {_norm(n) for n in _person_names(article.people[ref.index])}
    elif ref.kind == "country" and ref.index < len(article.countries):
        country = article.countries[ref.index]
        names |= {_norm(country.name)} | {_norm(m.text) for m in country.mentions}
    return names


def _same_party(article: Article, ref: PartyRef | None, gold_name: str | None) -> bool:
    if gold_name is None:
        return True
    if ref is None:
        return False
    if _norm(gold_name) in _party_names(article, ref):
        return True
    code = ref.iso2 or (article.countries[ref.index].iso2 if ref.kind == "country" else None)
    return code is not None and _country_code(gold_name) == code


def _score_facts(article: Article, gold: dict[str, Any], same: ValueCompare = same_timex) -> Counts:
    gold_values = {q["text"]: q.get("value") for q in gold.get("quantities", [])}

    def sides(p: Fact, g: dict[str, Any]) -> tuple[bool, bool]:
        agent = _same_party(article, p.agent, g.get("agent"))
        recipient = _same_party(article, p.recipient, g.get("recipient"))
        if p.type in ("meeting", "agreement") and not (agent and recipient):
            swapped = _same_party(article, p.recipient, g.get("agent")) and _same_party(
                article, p.agent, g.get("recipient")
            )
            if swapped:
                return True, True
        return agent, recipient

    def detect(p: Fact, g: dict[str, Any]) -> float:
        if p.type != g.get("type"):
            return 0.0
        agent, recipient = sides(p, g)
        if not (agent or recipient):
            return 0.0
        same_date = same(p.date, g.get("date"))
        qp = {round(article.quantities[i].value, 6) for i in p.quantities if i < len(article.quantities)}
        qg = {round(float(v), 6) for t in g.get("quantities", []) if (v := gold_values.get(t)) is not None}
        return 1.0 + float(agent and recipient) * 4 + float(same_date) * 2 + len(qp & qg) * 0.1

    def strict(p: Fact, g: dict[str, Any]) -> bool:
        agent, recipient = sides(p, g)
        qp = {round(article.quantities[i].value, 6) for i in p.quantities if i < len(article.quantities)}
        qg = {round(float(v), 6) for t in g.get("quantities", []) if (v := gold_values.get(t)) is not None}
        return (
            agent
            and recipient
            and same(p.date, g.get("date"))
            and same(p.end_date, g.get("end_date"))
            and qp == qg
        )

    return _match(article.facts, list(gold.get("facts", [])), detect, strict)


SCORERS: dict[str, Callable[[Article, dict[str, Any]], Counts]] = {
    "sections": _score_sections,
    "dates": _score_dates,
    "people": _score_people,
    "organisations": _score_organisations,
    "countries": _score_countries,
    "quantities": _score_quantities,
    "facts": _score_facts,
}


def score_article(
    article: Article, gold: dict[str, Any], fields: Iterable[str] = ALL_FIELDS, *, exact_values: bool = False
) -> dict[str, Counts]:
    """Counts per field for one article against its gold record.

    Date values (of dates and of facts) are compared by `same_timex` unless `exact_values` asks for strings.
    """
    same = same_string if exact_values else same_timex
    scorers: dict[str, Callable[[Article, dict[str, Any]], Counts]] = {
        **SCORERS,
        "dates": partial(_score_dates, same=same),
        "facts": partial(_score_facts, same=same),
    }
    return {f: scorers[f](article, gold) for f in fields}


# ----------------------------------------------------------------------------------------------- running


def json_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, object) for each non-blank line of a gold or suite file, read with jsonlines;
    GoldError names a bad line."""
    with path.open("rb") as fh, jsonlines.Reader(lines := TrackedLines(fh)) as reader:
        while True:
            try:
                record = reader.read(type=dict, skip_empty=True)
            except EOFError:
                return
            except jsonlines.InvalidLineError as e:
                raise GoldError(f"{path}:{e.lineno}: not a JSON object ({e}); fix the line") from e
            yield lines.number, record


def read_gold(path: Path) -> Iterator[dict[str, Any]]:
    """Gold lines, checked for the keys gold/README.md requires."""
    for lineno, record in json_lines(path):
        missing = [k for k in ("id", "input", "gold") if k not in record]
        if missing:
            raise GoldError(f"{path}:{lineno}: gold line lacks {', '.join(missing)}; see gold/README.md")
        yield record


def evaluate(
    path: Path,
    *,
    pipeline: Pipeline | None = None,
    limit: int | None = None,
    on_article: Callable[[str], None] | None = None,
    exact_values: bool = False,
) -> EvalReport:
    """Run the pipeline over a gold file and score it; `limit` takes only the first N articles.

    `exact_values` compares date values as strings instead of by `same_timex`.
    """
    pipeline = pipeline or Pipeline()
    report = EvalReport(gold_file=str(path), exact_values=exact_values)
    for n, record in enumerate(read_gold(path)):
        if limit is not None and n >= limit:
            break
        fields = [f for f in record.get("scored", ALL_FIELDS) if f in SCORERS]
        if "facts" in fields and "facts" not in record["gold"]:
            fields.remove("facts")
        report.scored_fields.update(fields)
        published = date.fromisoformat(record["published"]) if record.get("published") else None
        document = Document(
            id=record["id"],
            source=f"{path}:{n + 1}",
            content=record["input"],
            format="html" if record.get("format") == "html" else "text",
            published=published,
        )
        result = pipeline.process(document)
        report.articles += 1
        if not isinstance(result, Article):
            report.errors.append(f"{record['id']}: {result.stage}: {result.message}")
            article = Article(id=record["id"], text=record["input"], extractor=pipeline.extractor)
        else:
            article = result
            if article.text is None:
                raise GoldError("evaluation needs Article.text: do not set include_text=False")
        counts = score_article(article, record["gold"], fields, exact_values=exact_values)
        report.per_article[record["id"]] = counts
        for f, c in counts.items():
            report.totals[f].add(c)
        if on_article:
            on_article(record["id"])
    return report
