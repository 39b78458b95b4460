"""The caches and shortcuts added for speed give what the uncached paths give."""

from __future__ import annotations

import random
import re
from collections.abc import Callable

import pytest
from pydantic import ValidationError
from spacy.language import Language
from spacy.tokens import Doc

from models import Article, Extractor, Fact, Mention
from pipeline.context import ArticleContext, doc_ents, token_texts
from pipeline.sources import boilerplate
from pipeline.stages import countries
from pipeline.stages.assemble import with_facts
from pipeline.stages.facts import lexicon
from pipeline.stages.names import person_names, words
from pipeline.stages.names.words import Word, norm_key, standalone_uses

TEXT = (
    "Nordby Harbour Authority's chief executive, Maria Lund-Berg, met the U.S. delegation on Monday. "
    "The well-known Kellogg's board and the Ministry of Health (MoH) signed; “AstraZeneca” paid $5 million."
)


def _words_by_index(doc: Doc, offset: int) -> list[Word]:
    """The words as the first version read them: one `doc[i]` at a time, texts sliced from `doc.text`."""
    out: list[Word] = []
    text = doc.text
    i, n = 0, len(doc)
    while i < n:
        j = i + 1
        while (
            j < n
            and not doc[j - 1].whitespace_
            and (doc[j].text == "-" or doc[j - 1].text == "-" or doc[j].text.startswith("-"))
        ):
            j += 1
        possessive = False
        if (
            j < n
            and doc[j].text in ("'s", "’s", "'", "’")
            and not doc[j - 1].whitespace_
            and doc[j].tag_ == "POS"
        ):
            j += 1
            possessive = True
        start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
        out.append(Word(text[start:end], offset + start, offset + end, i, j, possessive))
        i = j
    return out


def test_words_read_once_per_token_match_the_indexed_reading(nlp: Language) -> None:
    for text in (TEXT, "", "A-B - C -D E- 's F's", "Wang-jun’s Inter-American; U.N.-led talks"):
        doc = nlp(text)
        assert words._words(doc, 7) == _words_by_index(doc, 7)
        assert words.words(doc, 7) == _words_by_index(doc, 7)  # the cached entry too


def test_token_texts_are_the_tokens_texts(nlp: Language) -> None:
    for text in (TEXT, "In  Nordby,\n\nthe Skyvik  Post said: “Oslo”  won.", ""):
        doc = nlp(text)
        assert token_texts(doc) == [t.text for t in doc]
        assert token_texts(doc) is token_texts(doc)  # built once per Doc


def test_country_token_table_reads_what_the_tokens_say(nlp: Language) -> None:
    for text in (TEXT, "In  Nordby,\n\nthe Skyvik  Post said: “Oslo”  won.", ""):
        doc = nlp(text)
        table = countries._TokenTable(doc)
        assert table.may_start == [t.ent_iob_ == "O" and t.text[:1].isupper() for t in doc]
        for i in range(len(doc)):
            for end in range(i + 1, min(i + 5, len(doc)) + 1):
                assert table.span_text(i, end) == doc[i:end].text


def test_doc_ents_is_doc_ents_built_once(nlp: Language) -> None:
    doc = nlp(TEXT)
    first = doc_ents(doc)
    assert [(e.start, e.end, e.label_) for e in first] == [(e.start, e.end, e.label_) for e in doc.ents]
    assert doc_ents(doc) is first
    # user data copied into another Doc is not taken for that Doc's entities
    other = nlp("Boeing hired Anna Berg in Oslo.")
    other.user_data.update(doc.user_data)
    assert [(e.start, e.end) for e in doc_ents(other)] == [(e.start, e.end) for e in other.ents]


def test_context_entities_read_the_cached_entities(make_context: Callable[..., ArticleContext]) -> None:
    ctx = make_context(TEXT, "Boeing hired Anna Berg in Oslo.")
    expected = [
        (e.label_, para.start + e.start_char, para.start + e.end_char)
        for para, doc in ctx.docs()
        for e in doc.ents
    ]
    assert [(e.label_, s, t) for e, s, t, _ in ctx.entities()] == expected
    assert [(e.label_, s, t) for e, s, t, _ in ctx.entities()] == expected  # asked again


@pytest.mark.parametrize(
    "text",
    ["The Ministry ’s", "  the  Nordby   Harbour\tAuthority's ", "“Kellogg’s”", "THE WHO", "", "'s"],
)
def test_norm_key_cached_is_norm_key_uncached(text: str) -> None:
    assert norm_key(text) == norm_key.__wrapped__(text)
    assert norm_key(text) == norm_key(text)


@pytest.mark.parametrize("text", ["the United States", "Côte d’Ivoire", "U.S.", "  Papua  New Guinea "])
def test_fold_cached_is_fold_uncached(text: str) -> None:
    assert countries._fold(text) == countries._fold.__wrapped__(text)


def test_standalone_uses_are_the_regex_matches() -> None:
    rng = random.Random(17)
    for _ in range(5000):
        text = "".join(rng.choice("ab-&_ é1.") for _ in range(rng.randint(0, 30)))
        name = "".join(rng.choice("ab-&é") for _ in range(rng.randint(1, 3)))
        pattern = rf"(?<![\w&-]){re.escape(name)}(?![\w&-])"
        assert list(standalone_uses(text, name)) == [m.span() for m in re.finditer(pattern, text)]


@pytest.mark.parametrize(("joiners", "around"), [("", r"\w"), ("-", r"[\w-]"), ("&", r"[\w&]")])
def test_standalone_uses_with_other_joiners_are_the_regex_matches(joiners: str, around: str) -> None:
    rng = random.Random(23)
    for _ in range(3000):
        text = "".join(rng.choice("ab-&_ é1.²") for _ in range(rng.randint(0, 30)))
        name = "".join(rng.choice("ab-&é.") for _ in range(rng.randint(0, 3)))  # "" too
        pattern = rf"(?<!{around}){re.escape(name)}(?!{around})"
        expected = [m.span() for m in re.finditer(pattern, text)]
        assert list(standalone_uses(text, name, joiners)) == expected


def test_the_cached_lexicon_is_the_built_one() -> None:
    extra = {"donation": ["bequeath"]}
    assert lexicon.load_lexicon() == lexicon._build_lexicon(lexicon.trigger_file(), None)
    assert lexicon.load_lexicon(extra) == lexicon._build_lexicon(lexicon.trigger_file(), extra)
    assert lexicon.load_lexicon(extra) is lexicon.load_lexicon({"donation": ["bequeath"]})
    assert lexicon.load_lexicon() is not lexicon.load_lexicon(extra)


def test_the_cached_stoplist_is_justexts() -> None:
    import justext

    assert boilerplate.english_stoplist() == justext.get_stoplist("English")


@pytest.mark.parametrize(
    "lines",
    [
        [
            "Home | News | Sport | Weather",
            "Nordvik harbour gets new cranes",
            "The harbour board of Nordvik agreed on Monday to buy three new cranes for the container port, "
            "its chair Maria Lund said, after a year in which the old ones broke down eleven times.",
            "Share this article",
            "The cranes will arrive in spring and replace machines that have served the port since 1978.",
            "© 2024 Nordvik Post. All rights reserved.",
        ],
        ["A line & <b>markup</b> written as text", "Another short line"],
        ["a line", "", "a line after a blank one"],  # blank: justext's own path
    ],
)
def test_justext_verdicts_match_justext_on_its_own(lines: list[str]) -> None:
    import html

    import justext

    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    paragraphs = justext.justext(page, justext.get_stoplist("English"))
    expected = (
        [p.class_type == "good" for p in paragraphs]
        if len(paragraphs) == len(lines)
        else [False] * len(lines)
    )
    assert boilerplate.justext_verdicts(lines) == expected


def _article() -> Article:
    return Article(id="a", text="Nordvik gave 5 tonnes.", extractor=Extractor(version="0", model="m"))


def _fact(mention: Mention, quantities: list[int] | None = None) -> Fact:
    return Fact(type="donation", evidence=[mention], quantities=quantities or [])


def test_with_facts_is_the_revalidated_article() -> None:
    article = _article()
    facts = [_fact(Mention(text="gave", start=8, end=12))]
    assert with_facts(article, facts) == Article(**{**dict(article), "facts": facts})


@pytest.mark.parametrize(
    ("fact", "message"),
    [
        (_fact(Mention(text="gave", start=0, end=4)), r"facts\[0\]\.evidence\[0\]: offsets \[0, 4\)"),
        (_fact(Mention(text="gave", start=8, end=12), [0]), r"fact quantities \[0\] point past"),
    ],
)
def test_with_facts_rejects_what_article_rejects(fact: Fact, message: str) -> None:
    article = _article()
    with pytest.raises(ValidationError, match=message):
        Article(**{**dict(article), "facts": [fact]})
    with pytest.raises(ValidationError, match=message):
        with_facts(article, [fact])


def test_the_role_of_gate_passes_whatever_the_full_pattern_finds() -> None:
    rng = random.Random(5)

    def pick(*options: str) -> str:
        return rng.choice(options)

    found = 0
    for _ in range(5000):
        space = pick(" ", "  ", "\n", " \n", "", "\t")
        text = (
            pick("", "x ", "Nordvik ", "the ")
            + pick("chief executive", "director", "Director", "x")
            + space
            + pick("of", "at", "OF", "At", "for", "")
            + pick(" ", "", "\n")
            + pick("", "the", "THE", "The ", "the ", "the\n")
            + pick("", " ", "\n", " x")
        )
        start = len(text) if rng.random() < 0.8 else rng.randint(0, len(text))
        if person_names._role_then_of().search(text, max(0, start - 80), start):
            found += 1
            assert person_names._may_follow_of_or_at(text, start)
    assert found > 200


def test_article_places_hold_what_the_full_set_held(make_context: Callable[..., ArticleContext]) -> None:
    ctx = make_context("Maria Lund flew from Nordvik to Oslo and then to Norway.", "The Skyvik Post said so.")
    found = {words.norm_key(ent.text) for ent, *_ in ctx.entities("GPE", "LOC", "NORP")}
    full = frozenset(found) | words.country_names() | words.subdivision_names()
    places = words.article_places(ctx)
    for key in [*full, "skyvik post", "maria lund", "", "oslo", "nordvik"]:
        assert (key in places) == (key in full)


def test_person_spans_name_their_words(make_context: Callable[..., ArticleContext]) -> None:
    """`attributes` reads a name's first and last word from the span instead of searching the words."""
    from pipeline.stages.names.person_names import person_spans

    ctx = make_context(
        "Dr. Maria Lund-Berg, chief executive of Nordvik Harbour, met Nordvik's mayor Ola Skyvik's aide.",
        "Lund-Berg said Minister of Health Kari Nordvik and President Ola Skyvik agreed.",
    )
    spans = person_spans(ctx)
    assert spans
    for span in spans:
        assert span.paragraph.doc is not None
        ws = words.words(span.paragraph.doc, span.paragraph.start)
        assert span.first_word == next(k for k, w in enumerate(ws) if w.start == span.start)
        assert span.last_word == next(k for k, w in enumerate(ws) if w.start <= span.end - 1 < w.end)
